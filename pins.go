package pindown

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
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
		return nil, fmt.Errorf("pindown: create: %w", invalidf("CreatePinRequest", "nil"))
	}
	body, err := req.encode()
	if err != nil {
		return nil, fmt.Errorf("pindown: create: %w", err)
	}
	var w wirePin
	if err := s.client.do(ctx, opCreate, http.MethodPost, "pins", body, &w, append(slices.Clip(opts), validated(w.hasID))); err != nil {
		return nil, err
	}
	return req.created(&w), nil
}

// created is the pin that req made, given the server's response.
func (r *CreatePinRequest) created(w *wirePin) *Pin {
	got := w.pin()
	p := &Pin{
		ID: got.ID, Layout: r.Layout, Metadata: r.Metadata, Config: asPointer(r.Config),
		IsPublic: w.IsPublic.or(&r.IsPublic), AllowEdit: w.AllowEdit.or(&r.AllowEdit),
		RequireSignIn: w.RequireSignIn.or(&r.RequireSignIn), AllowComments: w.AllowComments.or(&r.AllowComments),
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
	return p
}

// Get returns a pin with its config. Scope: pins:read. Bucket: read.
func (s *PinsService) Get(ctx context.Context, id string, opts ...RequestOption) (*Pin, error) {
	path, err := pinPath(id)
	if err != nil {
		return nil, fmt.Errorf("pindown: get: %w", err)
	}
	var w wirePin
	if err := s.client.do(ctx, opGet, http.MethodGet, path, nil, &w, append(slices.Clip(opts), validated(w.hasID))); err != nil {
		return nil, err
	}
	p := w.pin()
	return &p, nil
}

// UpdateResult is what Update knows of a pin after it: its ID, when it
// changed, and the changes sent. Use Get for the whole pin.
type UpdateResult struct {
	ID        string
	UpdatedAt time.Time // the server's time of the change; zero if it did not say
	Changes   UpdatePinRequest
}

// Update changes the fields set in req; the others keep their values.
// Scope: pins:write. Bucket: write.
func (s *PinsService) Update(ctx context.Context, id string, req *UpdatePinRequest, opts ...RequestOption) (*UpdateResult, error) {
	path, err := pinPath(id)
	var body *updateBody
	switch {
	case err != nil:
	case req == nil:
		err = invalidf("UpdatePinRequest", "nil")
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
	res := &UpdateResult{ID: first(w.ID, w.PinID, id), UpdatedAt: time.Time(w.UpdatedAt), Changes: *req}
	if res.UpdatedAt.IsZero() { // the older shape
		res.UpdatedAt = time.Time(w.Metadata.UpdatedAt)
	}
	res.Changes.Config = asPointer(req.Config)
	return res, nil
}

// Delete deletes a pin, irreversibly. Deleting a pin that does not exist
// returns an error matching ErrNotFound, except when a retry gets the 404
// after an earlier attempt's response was lost: that attempt deleted it.
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
