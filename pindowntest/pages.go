package pindowntest

import (
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"slices"
)

// page is one stored page. Its pins are in page order, top to bottom; a pin
// may appear more than once.
type page struct {
	collection
	pending []invitation // one per e-mail, in the order first sent
	active  []member     // one per user
}

// roleOf returns what k is to pg: "owner", "editor", "viewer" or "".
func (pg *page) roleOf(k *apiKey) string {
	if pg.owner == k.owner {
		return "owner"
	}
	for _, m := range pg.active {
		if m.UserID == k.owner {
			return m.Role
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
		return nil, notFound("page", id)
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
		ID: pg.id, OwnerID: pg.owner, IsPublic: pg.isPublic, Pins: orEmpty(pg.pins),
		Metadata: pageMetaView{Title: pg.title, Tags: orEmpty(pg.tags), CreatedAt: rfc3339(pg.createdAt), UpdatedAt: rfc3339(pg.updatedAt)},
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
	pg := &page{collection: collection{owner: q.key.owner, isPublic: deref(body.IsPublic), createdAt: q.now, updatedAt: q.now}}
	pg.set(meta.Title, meta.Tags)
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, id := range body.Pins {
		if s.readable(id, q.key) == nil {
			return errReply(invalidf("pins[%d]: pin %q not found", i, id))
		}
	}
	pg.pins = body.Pins
	pg.id = freshID(s.pages, "pg-", s.pagesRand)
	s.pages[pg.id] = pg
	return okReply(http.StatusCreated, map[string]any{"id": pg.id, "title": pg.title, "created_at": s.stamp(q.now)},
		"Page created successfully")
}

func (s *Server) pageGet(q *request) reply {
	return locked(s, q, s.pageFor, accessRead, func(pg *page) reply {
		return okReply(http.StatusOK, s.viewPage(pg), "")
	})
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
	if s.legacy { // a bare array, every page: like a server that ignores limit and offset
		items, _ := newestOwned(s.pages, q.key.owner, 0, math.MaxInt, s.viewPage)
		return okReply(http.StatusOK, items, "")
	}
	items, total := newestOwned(s.pages, q.key.owner, offset, limit, s.viewPage)
	return okReply(http.StatusOK, pageListView{Pages: items, Total: total}, "")
}

func (s *Server) pageUpdate(q *request) reply {
	_, meta, err := parsePageBody(q.body, false)
	if err != nil {
		return errReply(err)
	}
	return locked(s, q, s.pageFor, accessEdit, func(pg *page) reply {
		pg.set(meta.Title, meta.Tags)
		pg.updatedAt = q.now
		return okReply(http.StatusOK, map[string]any{"id": pg.id, "updated_at": s.stamp(q.now)}, "")
	})
}

func (s *Server) pageDelete(q *request) reply {
	return locked(s, q, s.pageFor, accessOwner, func(pg *page) reply {
		delete(s.pages, pg.id)
		return okReply(http.StatusOK, map[string]any{"deleted_at": s.stamp(q.now)}, "")
	})
}

func (s *Server) pageAddPin(q *request) reply {
	pinID, _, err := addPinBody(q.body)
	if err != nil {
		return errReply(err)
	}
	return locked(s, q, s.pageFor, accessEdit, func(pg *page) reply {
		if s.readable(pinID, q.key) == nil {
			return errReply(notFound("pin", pinID))
		}
		// A page is an ordered list: a second add puts the pin there again.
		pg.pins = append(slices.Clip(pg.pins), pinID)
		pg.updatedAt = q.now
		return okReply(http.StatusOK, nil, "Pin added to page successfully")
	})
}

type pagePinsView struct {
	Pins  []any `json:"pins"`
	Total int   `json:"total"`
}

func (s *Server) pageListPins(q *request) reply {
	return locked(s, q, s.pageFor, accessRead, func(pg *page) reply {
		v := pagePinsView{Pins: make([]any, 0, len(pg.pins)), Total: len(pg.pins)}
		for _, id := range pg.pins {
			switch p := s.readable(id, q.key); {
			case s.legacy:
				v.Pins = append(v.Pins, id)
			case p != nil:
				v.Pins = append(v.Pins, view(p, true))
			default: // a pin the caller may no longer read: its id only
				v.Pins = append(v.Pins, map[string]string{"id": id})
			}
		}
		return okReply(http.StatusOK, v, "")
	})
}

func (s *Server) pageRemovePin(q *request) reply {
	return locked(s, q, s.pageFor, accessEdit, func(pg *page) reply {
		if !pg.removePin(q.sub) {
			return errReply(errorf(http.StatusNotFound, codeNotFound, "pin %q is not on page %q", q.sub, pg.id))
		}
		pg.updatedAt = q.now
		return okReply(http.StatusOK, nil, "Pin removed from page successfully")
	})
}

type publishedView struct {
	ID           string `json:"id"`
	IsPublic     bool   `json:"is_public"`
	ShareableURL string `json:"shareable_url"`
}

func (s *Server) pagePublish(q *request) reply   { return s.pageSetPublic(q, true) }
func (s *Server) pageUnpublish(q *request) reply { return s.pageSetPublic(q, false) }

func (s *Server) pageSetPublic(q *request, public bool) reply {
	return locked(s, q, s.pageFor, accessEdit, func(pg *page) reply {
		pg.isPublic, pg.updatedAt = public, q.now
		msg := map[bool]string{true: "Page published", false: "Page unpublished"}[public]
		if s.legacy {
			return okReply(http.StatusOK, nil, msg)
		}
		return okReply(http.StatusOK, publishedView{ID: pg.id, IsPublic: public, ShareableURL: pageURL(pg.id)}, msg)
	})
}
