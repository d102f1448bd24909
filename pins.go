package pindown

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// PinsService is the Pins API. Get it from Client.Pins.
type PinsService struct {
	client *Client
}

// Create creates a pin and returns it as sent plus what the server assigned
// (ID, timestamps), without a second request. The request is validated
// first; an invalid one costs no request. Create is never retried once the
// request may have reached the server: such an error matches
// ErrMaybeCreated. Scope: pins:write. Bucket: write.
func (s *PinsService) Create(ctx context.Context, req *CreatePinRequest, opts ...RequestOption) (*Pin, error) {
	if req == nil {
		return nil, fmt.Errorf("pindown: create: %w: nil CreatePinRequest", ErrInvalidRequest)
	}
	body, err := req.encode()
	if err != nil {
		return nil, fmt.Errorf("pindown: create: %w", err)
	}
	var w wirePin
	if err := s.client.do(ctx, opCreate, http.MethodPost, "pins", body, &w, opts); err != nil {
		return nil, err
	}
	return req.created(&w), nil
}

// created is the pin that req made, given the server's answer.
func (r *CreatePinRequest) created(w *wirePin) *Pin {
	got := w.pin()
	p := &Pin{
		ID: got.ID, Layout: r.Layout, Metadata: r.Metadata, Config: r.Config,
		IsPublic: r.IsPublic, AllowEdit: r.AllowEdit, RequireSignIn: r.RequireSignIn, AllowComments: r.AllowComments,
		OwnerID: got.OwnerID, CreatedAt: got.CreatedAt, UpdatedAt: got.UpdatedAt,
	}
	p.Type = got.Type
	if r.Config != nil {
		p.Type = r.Config.PinType()
	}
	if p.Type == "" {
		p.Type = "markdown"
	}
	if p.UpdatedAt.IsZero() {
		p.UpdatedAt = p.CreatedAt
	}
	// The server's word wins for the flags it echoed.
	for _, f := range []struct {
		got optBool
		dst *bool
	}{{w.IsPublic, &p.IsPublic}, {w.AllowEdit, &p.AllowEdit}, {w.RequireSignIn, &p.RequireSignIn}, {w.AllowComments, &p.AllowComments}} {
		if f.got != unset {
			*f.dst = f.got == isTrue
		}
	}
	return p
}

// Get returns a pin with its config. Scope: pins:read. Bucket: read.
func (s *PinsService) Get(ctx context.Context, id string, opts ...RequestOption) (*Pin, error) {
	path, err := pinPath(id)
	if err != nil {
		return nil, fmt.Errorf("pindown: get: %w", err)
	}
	var w wirePin
	if err := s.client.do(ctx, opGet, http.MethodGet, path, nil, &w, opts); err != nil {
		return nil, err
	}
	p := w.pin()
	if p.ID == "" {
		p.ID = id
	}
	return &p, nil
}

// List returns one page of the caller's pins, newest first. Its items are
// summaries: Config is usually nil (use Get or BatchGet for it).
// Scope: pins:read. Bucket: read.
func (s *PinsService) List(ctx context.Context, opts *ListOptions, ropts ...RequestOption) (*PinList, error) {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	if o.Limit < 0 || o.Limit > 100 {
		return nil, fmt.Errorf("pindown: list: %w", invalidf("ListOptions.Limit", "must be 1..100 (0 for the default), got %d", o.Limit))
	}
	if o.Offset < 0 {
		return nil, fmt.Errorf("pindown: list: %w", invalidf("ListOptions.Offset", "must not be negative, got %d", o.Offset))
	}
	path := "pins"
	if o.Limit > 0 || o.Offset > 0 {
		q := make([]string, 0, 2)
		if o.Limit > 0 {
			q = append(q, "limit="+strconv.Itoa(o.Limit))
		}
		if o.Offset > 0 {
			q = append(q, "offset="+strconv.Itoa(o.Offset))
		}
		path += "?" + strings.Join(q, "&")
	}
	var w wireList
	if err := s.client.do(ctx, opList, http.MethodGet, path, nil, &w, ropts); err != nil {
		return nil, err
	}
	return w.list(), nil
}

// ListAll iterates over all the caller's pins, newest first, fetching pages
// of opts.Limit (default 100) as the loop asks for them, from opts.Offset.
// It stops at the first error (yielded once), at a short or empty page, at
// the total, or when a page brings no pin it has not yielded yet (a server
// that ignores offsets). The API pages by offset, so pins created or deleted
// meanwhile can shift pages: ids repeated from the previous page are
// skipped. Scope: pins:read. Bucket: read, one per page.
func (s *PinsService) ListAll(ctx context.Context, opts *ListOptions, ropts ...RequestOption) iter.Seq2[*Pin, error] {
	o := ListOptions{Limit: 100}
	if opts != nil {
		o.Offset = opts.Offset
		if opts.Limit != 0 {
			o.Limit = opts.Limit
		}
	}
	return func(yield func(*Pin, error) bool) {
		var prev map[string]struct{}
		for {
			page, err := s.List(ctx, &o, ropts...)
			if err != nil {
				yield(nil, err)
				return
			}
			seen := make(map[string]struct{}, len(page.Items))
			for _, p := range page.Items {
				if _, dup := prev[p.ID]; dup {
					continue
				}
				if _, dup := seen[p.ID]; dup {
					continue
				}
				seen[p.ID] = struct{}{}
				if !yield(p, nil) {
					return
				}
			}
			o.Offset += len(page.Items)
			if len(page.Items) < o.Limit || len(seen) == 0 || (page.Total > 0 && o.Offset >= page.Total) {
				return
			}
			prev = seen
		}
	}
}

// Update changes the fields set in req and returns the pin's ID and
// UpdatedAt with those fields; the others are zero (use Get for the whole
// pin). Scope: pins:write. Bucket: write.
func (s *PinsService) Update(ctx context.Context, id string, req *UpdatePinRequest, opts ...RequestOption) (*Pin, error) {
	path, err := pinPath(id)
	var body *updateBody
	switch {
	case err != nil:
	case req == nil:
		err = fmt.Errorf("%w: nil UpdatePinRequest", ErrInvalidRequest)
	default:
		body, err = req.encode("")
	}
	if err != nil {
		return nil, fmt.Errorf("pindown: update: %w", err)
	}
	var w wirePin
	if err := s.client.do(ctx, opUpdate, http.MethodPut, path, body, &w, opts); err != nil {
		return nil, err
	}
	p := &Pin{ID: first(w.ID, w.PinID, id), UpdatedAt: time.Time(w.UpdatedAt)}
	if m := w.Metadata; p.UpdatedAt.IsZero() && m != nil { // the older shape
		p.UpdatedAt = time.Time(m.UpdatedAt)
	}
	req.apply(p)
	return p, nil
}

// Delete deletes a pin, irreversibly. Deleting a pin that does not exist
// returns an error matching ErrNotFound, except when a retry gets the 404
// after an earlier attempt's answer was lost: that attempt deleted it.
// Scope: pins:write. Bucket: write.
func (s *PinsService) Delete(ctx context.Context, id string, opts ...RequestOption) error {
	path, err := pinPath(id)
	if err != nil {
		return fmt.Errorf("pindown: delete: %w", err)
	}
	return s.client.do(ctx, opDelete, http.MethodDelete, path, nil, nil, opts)
}

// pinPath checks an id and returns its escaped path. An empty id, "." or
// "..", or one containing "/", would address another route: it is refused.
func pinPath(id string) (string, error) {
	if err := checkID(id); err != nil {
		return "", err
	}
	return "pins/" + url.PathEscape(id), nil
}

func checkID(id string) error {
	switch {
	case id == "":
		return invalidf("id", "empty")
	case id == "." || id == "..":
		return invalidf("id", "%q is not a pin id", id)
	case strings.Contains(id, "/"):
		return invalidf("id", "%q contains '/'", id)
	}
	return nil
}
