package pindown

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strings"
	"time"
)

// PagesService is the pages API: documents that list pins top to bottom,
// with publishing and invitations. Get it from Client.Pages.
type PagesService struct {
	client *Client
}

// CreatePageRequest is a new page. Title is required.
type CreatePageRequest struct {
	Title    string   // required, not blank
	Tags     []string // free-form labels
	Pins     []string // ids of pins to put on the page, in order
	IsPublic bool     // published from the start
}

type createPageBody struct {
	Metadata pageMetaBody `json:"metadata"`
	Pins     []string     `json:"pins,omitempty"`
	IsPublic bool         `json:"is_public,omitempty"`
}

// pageMetaBody is a page's metadata as sent: the title goes inside
// metadata, as pages/create documents.
type pageMetaBody struct {
	Title *string  `json:"title,omitempty"`
	Tags  []string `json:"tags,omitempty"`
}

// Create creates a page and returns it as sent plus what the server assigned
// (ID, times, URL), without a second request. Create is never retried once
// the request may have reached the server: such an error matches
// ErrMaybeCreated. Scope: pages:write. Bucket: pages-write.
func (s *PagesService) Create(ctx context.Context, req *CreatePageRequest, opts ...RequestOption) (*Page, error) {
	var err error
	switch {
	case req == nil:
		err = invalidf("CreatePageRequest", "nil")
	case strings.TrimSpace(req.Title) == "":
		err = invalidf("metadata.title", "required, not blank")
	default:
		err = bodyIDs("pins", req.Pins)
	}
	var body *createPageBody
	if err == nil {
		body = &createPageBody{Metadata: pageMetaBody{Title: &req.Title, Tags: req.Tags}, Pins: req.Pins, IsPublic: req.IsPublic}
	}
	var w wirePage
	if err = s.client.doChecked(ctx, err, opPageCreate, http.MethodPost, "pages", body, &w, opts, validated(w.hasID)); err != nil {
		return nil, err
	}
	p := w.page()
	p.Title = first(p.Title, req.Title)
	p.IsPublic = w.IsPublic.or(&req.IsPublic)
	if p.Tags == nil {
		p.Tags = req.Tags
	}
	if w.Pins == nil {
		p.Pins = append([]string{}, req.Pins...)
	}
	if p.UpdatedAt.IsZero() {
		p.UpdatedAt = p.CreatedAt
	}
	return &p, nil
}

// Get returns a page with the ids of its pins. A private page the key may
// not see is an error matching ErrForbidden.
// Scope: pages:read. Bucket: pages-read.
func (s *PagesService) Get(ctx context.Context, id string, opts ...RequestOption) (*Page, error) {
	path, err := pagePath(id)
	var w wirePage
	if err = s.client.doChecked(ctx, err, opPageGet, http.MethodGet, path, nil, &w, opts, validated(w.hasID)); err != nil {
		return nil, err
	}
	p := w.page()
	return &p, nil
}

// PageList is one page of the caller's pages, newest first.
type PageList struct {
	Items  []*Page // summaries: title, tags, pins and creation time
	Total  int     // pages the caller has in all; 0 when the server did not say
	Limit  int     // the page size the server applied, when it said
	Offset int     // the offset, when the server said
}

// List returns one page of the caller's pages. A page with more items than
// asked for is an error matching ErrServer, except a bare-array answer
// (older servers), which is taken as the whole list.
// Scope: pages:read. Bucket: pages-read.
func (s *PagesService) List(ctx context.Context, opts *ListOptions, ropts ...RequestOption) (*PageList, error) {
	l, err := listCollection(ctx, s.client, opPageList, "pages", opts, ropts, (*wirePage).entry)
	if err != nil {
		return nil, err
	}
	return &PageList{Items: l.items, Total: l.total, Limit: l.limit, Offset: l.offset}, nil
}

// ListAll iterates over all the caller's pages, fetching pages of
// opts.Limit (default 100) from opts.Offset as the loop asks for them, with
// the stopping rules and bounds of PinsService.ListAll; a bare-array answer
// is the whole list. Scope: pages:read. Bucket: pages-read, one per page.
func (s *PagesService) ListAll(ctx context.Context, opts *ListOptions, ropts ...RequestOption) iter.Seq2[*Page, error] {
	return listAll(allFrom(opts), "pages", func(p *Page) string { return p.ID }, func(o *ListOptions) (listed[*Page], error) {
		return listCollection(ctx, s.client, opPageList, "pages", o, ropts, (*wirePage).entry)
	})
}

// UpdatePageRequest changes a page's metadata; only the fields set are
// sent. Publishing goes through Publish and Unpublish, the pins through
// AddPin and RemovePin.
type UpdatePageRequest struct {
	Title *string  // nil: unchanged; must not be blank
	Tags  []string // nil: unchanged; an empty non-nil slice removes all tags
}

// updatePageMeta is UpdatePageRequest on the wire, inside metadata (a
// conversion: the same fields).
type updatePageMeta struct {
	Title *string  `json:"title,omitempty"`
	Tags  []string `json:"tags,omitzero"` // nil: not sent; empty: sent as [], clearing them
}

// PageUpdateResult is what Update knows of a page after it: its ID, when it
// changed, and the changes sent. Use Get for the whole page.
type PageUpdateResult struct {
	ID        string
	UpdatedAt time.Time // the server's time of the change; zero if it did not say
	Changes   UpdatePageRequest
}

// Update changes the page's title or tags; fields left nil keep their
// values. Scope: pages:write. Bucket: pages-write.
func (s *PagesService) Update(ctx context.Context, id string, req *UpdatePageRequest, opts ...RequestOption) (*PageUpdateResult, error) {
	path, err := pagePath(id)
	switch {
	case err != nil:
	case req == nil:
		err = invalidf("UpdatePageRequest", "nil")
	case req.Title == nil && req.Tags == nil:
		err = invalidf("UpdatePageRequest", "no field is set, nothing would change")
	case req.Title != nil && strings.TrimSpace(*req.Title) == "":
		err = invalidf("metadata.title", "must not be blank")
	}
	body := map[string]*updatePageMeta{"metadata": (*updatePageMeta)(req)}
	var w wirePage
	if err = s.client.doChecked(ctx, err, opPageUpdate, http.MethodPut, path, body, &w, opts, emptyOK()); err != nil {
		return nil, err
	}
	p := w.page() // its UpdatedAt is the root's, else metadata's
	return &PageUpdateResult{ID: first(p.ID, id), UpdatedAt: p.UpdatedAt, Changes: *req}, nil
}

// Delete deletes a page; its pins are not deleted. Deleting a page that
// does not exist returns an error matching ErrNotFound, except when a retry
// gets the 404 after an earlier attempt's answer was lost.
// Scope: pages:write. Bucket: pages-write.
func (s *PagesService) Delete(ctx context.Context, id string, opts ...RequestOption) error {
	path, err := pagePath(id)
	return s.client.doChecked(ctx, err, opPageDelete, http.MethodDelete, path, nil, nil, opts)
}

// AddPin appends the pin pinID to the page id (pins appear in the order
// they are added). A page may hold a pin more than once, so AddPin is not
// safe to repeat: it is never retried once the request may have reached the
// server, and such an error matches ErrMaybeCreated (check with ListPins
// before adding again). Scope: pages:write. Bucket: pages-write.
func (s *PagesService) AddPin(ctx context.Context, id, pinID string, opts ...RequestOption) error {
	path, err := pagePath(id)
	if err == nil {
		err = bodyIDs("pin_id", []string{pinID})
	}
	return s.client.doChecked(ctx, err, opPageAddPin, http.MethodPost, path+"/pins", map[string]string{"pin_id": pinID}, nil, opts)
}

// RemovePin takes the pin pinID off the page id; the pin itself is not
// deleted. A pin not on the page is an error matching ErrNotFound, except
// after a lost answer, as for Delete. Scope: pages:write. Bucket: pages-write.
func (s *PagesService) RemovePin(ctx context.Context, id, pinID string, opts ...RequestOption) error {
	path, err := pagePath(id)
	var pin string
	if err == nil {
		pin, err = segment("pinID", pinID)
	}
	return s.client.doChecked(ctx, err, opPageRemovePin, http.MethodDelete, path+"/pins/"+pin, nil, nil, opts)
}

// PagePins are the pins of a page, in page order (top to bottom).
type PagePins struct {
	// Items are the pins with what the answer carried: whole pins, summaries
	// (title and type), or only the ID when the server listed ids.
	Items []*Pin
	Total int // the server's count, else len(Items)
}

// pagePinItem is an entry of a page's pin list: a pin object or an id.
type pagePinItem struct{ wirePin }

func (it *pagePinItem) UnmarshalJSON(b []byte) error {
	var id string
	if json.Unmarshal(b, &id) == nil {
		it.wirePin = wirePin{ID: id}
		return nil
	}
	return json.Unmarshal(b, &it.wirePin)
}

// ListPins returns the pins of a page in page order. No paging is
// documented: the answer holds them all. Scope: pages:read. Bucket: pages-read.
func (s *PagesService) ListPins(ctx context.Context, id string, opts ...RequestOption) (*PagePins, error) {
	path, err := pagePath(id)
	var data struct {
		Pins  []pagePinItem `json:"pins"`
		Items []pagePinItem `json:"items"`
		Total *int          `json:"total"`
	}
	if err = s.client.doChecked(ctx, err, opPageListPins, http.MethodGet, path+"/pins", nil, &data, opts); err != nil {
		return nil, err
	}
	items := data.Pins
	if items == nil {
		items = data.Items
	}
	res := &PagePins{Items: make([]*Pin, 0, len(items))}
	for i := range items {
		if p := items[i].pin(); p.ID != "" {
			res.Items = append(res.Items, &p)
		}
	}
	res.Total = len(res.Items)
	if data.Total != nil && *data.Total >= 0 {
		res.Total = *data.Total
	}
	return res, nil
}

// PublishResult is a page's public state after Publish or Unpublish.
type PublishResult struct {
	ID       string
	IsPublic bool   // the server's word when it said, else true after Publish and false after Unpublish
	URL      string // https://pindown.ai/share/pages/{id}
	EmbedURL string // URL + "/embed", for an iframe
}

// Publish makes a page publicly accessible at the result's URL.
// Scope: pages:write. Bucket: pages-write.
func (s *PagesService) Publish(ctx context.Context, id string, opts ...RequestOption) (*PublishResult, error) {
	return s.setPublic(ctx, opPagePublish, "/publish", id, true, opts)
}

// Unpublish makes a page private again. Scope: pages:write. Bucket: pages-write.
func (s *PagesService) Unpublish(ctx context.Context, id string, opts ...RequestOption) (*PublishResult, error) {
	return s.setPublic(ctx, opPageUnpublish, "/unpublish", id, false, opts)
}

func (s *PagesService) setPublic(ctx context.Context, op operation, suffix, id string, public bool, opts []RequestOption) (*PublishResult, error) {
	path, err := pagePath(id)
	var w wirePage
	if err = s.client.doChecked(ctx, err, op, http.MethodPost, path+suffix, nil, &w, opts, emptyOK()); err != nil {
		return nil, err
	}
	res := &PublishResult{ID: first(w.ID, id), IsPublic: w.IsPublic.or(&public)}
	res.URL = first(w.ShareableURL, pageURL(res.ID))
	res.EmbedURL = strings.TrimSuffix(res.URL, "/") + "/embed"
	return res, nil
}

// pagePath checks a page id and returns its escaped path.
func pagePath(id string) (string, error) {
	seg, err := segment("pageID", id)
	return "pages/" + seg, err
}
