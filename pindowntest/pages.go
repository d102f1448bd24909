package pindowntest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
)

// page is one stored page. Its fields are guarded by Server.mu; slices are
// replaced, never changed in place, so views may share them.
type page struct {
	id, owner string
	title     string
	tags      []string
	pins      []string // in page order, top to bottom; a pin may appear more than once
	isPublic  bool
	pending   []invitation // one per e-mail, in the order first sent
	active    []member     // one per user
	createdAt int64        // epoch ms
	updatedAt int64        // epoch ms
}

// removePin takes every occurrence of pinID off the page, and reports
// whether there was one.
func (pg *page) removePin(pinID string) bool {
	if !slices.Contains(pg.pins, pinID) {
		return false
	}
	pg.pins = slices.DeleteFunc(slices.Clone(pg.pins), func(id string) bool { return id == pinID })
	return true
}

// roleOf returns what k is to pg: "owner", "editor", "viewer" or "".
func (pg *page) roleOf(k *apiKey) string {
	if pg.owner == k.owner {
		return "owner"
	}
	for _, m := range pg.active {
		if m.userID == k.owner {
			return m.role
		}
	}
	return ""
}

func pageURL(id string) string { return "https://pindown.ai/share/pages/" + url.PathEscape(id) }

// pageFor returns the page id if k may act on it as want says, or the error
// to respond with: 404 for no such page, 403 PERMISSION_DENIED otherwise. The owner
// may do everything; an editor may view and edit (pins, metadata, publishing,
// invitations and roles: pages/share) but not delete; a viewer, and anyone
// when the page is public, may view. Callers hold s.mu.
func (s *Server) pageFor(id string, k *apiKey, want access) (*page, *apiError) {
	pg := s.pages[id]
	if pg == nil {
		return nil, notFoundOf("page", id)
	}
	role := pg.roleOf(k)
	switch {
	case role == "owner",
		role == "editor" && want <= accessEdit,
		want == accessRead && (role == "viewer" || pg.isPublic):
		return pg, nil
	case role == "" && !pg.isPublic:
		return nil, errorf(http.StatusForbidden, codePermissionDenied, "no access to page %q", id)
	case want == accessOwner:
		return nil, errorf(http.StatusForbidden, codePermissionDenied, "only the owner of page %q may delete it", id)
	}
	return nil, errorf(http.StatusForbidden, codePermissionDenied, "only the owner or an editor of page %q may change it", id)
}

type pageMetaView struct {
	Title     string   `json:"title"`
	Tags      []string `json:"tags"`
	CreatedAt string   `json:"created_at"`
	UpdatedAt string   `json:"updated_at"`
}

// pageView is a page: in the newest form with epoch-ms times at the root as
// well as RFC 3339 ones in metadata; in the legacy form only the latter.
type pageView struct {
	ID        string       `json:"id"`
	OwnerID   string       `json:"owner_id"`
	IsPublic  bool         `json:"is_public"`
	Metadata  pageMetaView `json:"metadata"`
	Pins      []string     `json:"pins"`
	CreatedAt *int64       `json:"created_at,omitempty"`
	UpdatedAt *int64       `json:"updated_at,omitempty"`
}

// viewPage returns pg as responses show it. Callers hold s.mu.
func (s *Server) viewPage(pg *page) pageView {
	v := pageView{
		ID: pg.id, OwnerID: pg.owner, IsPublic: pg.isPublic, Pins: pg.pins,
		Metadata: pageMetaView{Title: pg.title, Tags: pg.tags, CreatedAt: rfc3339(pg.createdAt), UpdatedAt: rfc3339(pg.updatedAt)},
	}
	if v.Pins == nil {
		v.Pins = []string{}
	}
	if v.Metadata.Tags == nil {
		v.Metadata.Tags = []string{}
	}
	if !s.legacy {
		v.CreatedAt, v.UpdatedAt = &pg.createdAt, &pg.updatedAt
	}
	return v
}

// pageBody is a page create or update body.
type pageBody struct {
	Metadata json.RawMessage `json:"metadata"`
	Pins     []string        `json:"pins"`
	IsPublic *bool           `json:"is_public"`
}

type pageMetaBody struct {
	Title *string   `json:"title"`
	Tags  *[]string `json:"tags"`
}

// parsePageBody reads a create (title required) or update body.
func parsePageBody(raw []byte, create bool) (*pageBody, *pageMetaBody, *apiError) {
	var b pageBody
	if err := decodeBody(raw, &b, !create); err != nil {
		return nil, nil, err
	}
	var m pageMetaBody
	if isNull(b.Metadata) {
		if create {
			return nil, nil, invalidf("metadata is required")
		}
	} else if err := decodeJSON(b.Metadata, &m, "metadata."); err != nil {
		return nil, nil, err
	}
	switch {
	case create && m.Title == nil, m.Title != nil && *m.Title == "":
		return nil, nil, invalidf("metadata.title is required and must not be empty")
	}
	return &b, &m, nil
}

func (s *Server) pageCreate(q *request) reply {
	body, meta, err := parsePageBody(q.body, true)
	if err != nil {
		return errReply(err)
	}
	pg := &page{owner: q.key.owner, title: *meta.Title, isPublic: deref(body.IsPublic), createdAt: q.now, updatedAt: q.now}
	if meta.Tags != nil {
		pg.tags = *meta.Tags
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, id := range body.Pins {
		if s.readable(id, q.key) == nil {
			return errReply(invalidf("pins[%d]: pin %q not found", i, id))
		}
	}
	pg.pins = body.Pins
	for {
		pg.id = "pg-" + random12(s.pagesRand)
		if _, dup := s.pages[pg.id]; !dup {
			break
		}
	}
	s.pages[pg.id] = pg
	return okReply(http.StatusCreated, map[string]any{"id": pg.id, "title": pg.title, "created_at": s.stamp(q.now)},
		"Page created successfully")
}

func (s *Server) pageGet(q *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	pg, err := s.pageFor(q.id, q.key, accessRead)
	if err != nil {
		return errReply(err)
	}
	return okReply(http.StatusOK, s.viewPage(pg), "")
}

type pageListView struct {
	Pages []pageView `json:"pages"`
	Total int        `json:"total"`
}

func (s *Server) pageList(q *request) reply {
	limit, offset, err := pageQuery(q.r)
	if err != nil {
		return errReply(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	all := ownedNewestFirst(s.pages, func(pg *page) string { return pg.owner },
		func(pg *page) int64 { return pg.createdAt }, func(pg *page) string { return pg.id }, q.key.owner)
	if s.legacy { // a bare array, every page: like a server that ignores limit and offset
		offset, limit = 0, len(all)
	}
	items := []pageView{}
	for _, pg := range window(all, offset, limit) {
		items = append(items, s.viewPage(pg))
	}
	if s.legacy {
		return okReply(http.StatusOK, items, "")
	}
	return okReply(http.StatusOK, pageListView{Pages: items, Total: len(all)}, "")
}

func (s *Server) pageUpdate(q *request) reply {
	_, meta, err := parsePageBody(q.body, false)
	if err != nil {
		return errReply(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	pg, err := s.pageFor(q.id, q.key, accessEdit)
	if err != nil {
		return errReply(err)
	}
	if meta.Title != nil {
		pg.title = *meta.Title
	}
	if meta.Tags != nil {
		pg.tags = *meta.Tags
	}
	pg.updatedAt = q.now
	return okReply(http.StatusOK, map[string]any{"id": pg.id, "updated_at": s.stamp(q.now)}, "")
}

func (s *Server) pageDelete(q *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	pg, err := s.pageFor(q.id, q.key, accessOwner)
	if err != nil {
		return errReply(err)
	}
	delete(s.pages, pg.id)
	return okReply(http.StatusOK, map[string]any{"deleted_at": s.stamp(q.now)}, "")
}

func (s *Server) pageAddPin(q *request) reply {
	var body struct {
		PinID json.RawMessage `json:"pin_id"`
	}
	if err := decodeBody(q.body, &body, false); err != nil {
		return errReply(err)
	}
	pinID, err := pinRef(body.PinID)
	if err != nil {
		return errReply(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	pg, err := s.pageFor(q.id, q.key, accessEdit)
	if err != nil {
		return errReply(err)
	}
	if s.readable(pinID, q.key) == nil {
		return errReply(notFound(pinID))
	}
	// A page is an ordered list: a second add puts the pin there again.
	pg.pins = append(slices.Clip(pg.pins), pinID)
	pg.updatedAt = q.now
	return okReply(http.StatusOK, nil, "Pin added to page successfully")
}

type pageRefView struct {
	ID string `json:"id"`
}

type pagePinsView struct {
	Pins  []any `json:"pins"`
	Total int   `json:"total"`
}

func (s *Server) pageListPins(q *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	pg, err := s.pageFor(q.id, q.key, accessRead)
	if err != nil {
		return errReply(err)
	}
	v := pagePinsView{Pins: make([]any, 0, len(pg.pins)), Total: len(pg.pins)}
	for _, id := range pg.pins {
		switch p := s.readable(id, q.key); {
		case s.legacy:
			v.Pins = append(v.Pins, id)
		case p != nil:
			v.Pins = append(v.Pins, view(p, true))
		default: // a pin the caller may no longer read: its id only
			v.Pins = append(v.Pins, pageRefView{ID: id})
		}
	}
	return okReply(http.StatusOK, v, "")
}

func (s *Server) pageRemovePin(q *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	pg, err := s.pageFor(q.id, q.key, accessEdit)
	if err != nil {
		return errReply(err)
	}
	if !pg.removePin(q.sub) {
		return errReply(errorf(http.StatusNotFound, codeNotFound, "pin %q is not on page %q", q.sub, pg.id))
	}
	pg.updatedAt = q.now
	return okReply(http.StatusOK, nil, "Pin removed from page successfully")
}

type publishedView struct {
	ID           string `json:"id"`
	IsPublic     bool   `json:"is_public"`
	ShareableURL string `json:"shareable_url"`
}

func (s *Server) pagePublish(q *request) reply   { return s.pageSetPublic(q, true) }
func (s *Server) pageUnpublish(q *request) reply { return s.pageSetPublic(q, false) }

func (s *Server) pageSetPublic(q *request, public bool) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	pg, err := s.pageFor(q.id, q.key, accessEdit)
	if err != nil {
		return errReply(err)
	}
	pg.isPublic, pg.updatedAt = public, q.now
	msg := map[bool]string{true: "Page published", false: "Page unpublished"}[public]
	if s.legacy {
		return okReply(http.StatusOK, nil, msg)
	}
	return okReply(http.StatusOK, publishedView{ID: pg.id, IsPublic: public, ShareableURL: pageURL(pg.id)}, msg)
}

// describe is for messages: the kind and id of what a request is about.
func describe(kind, id string) string { return fmt.Sprintf("%s %q", kind, id) }
