package pindown

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"slices"
	"strings"
	"time"
)

// PinboardsService is the pinboards API: dashboards that place pins on a
// grid. Get it from Client.Pinboards.
type PinboardsService struct {
	client *Client
}

// CreatePinboardRequest is a new pinboard. No field is required; the
// pinboard starts empty and is filled with AddPin or BatchAddPins.
type CreatePinboardRequest struct {
	Title       string   // its name; empty: none sent
	Description string   // a longer text
	Tags        []string // free-form labels
	IsPublic    bool     // anyone with the link can see it
}

// createPinboardBody is CreatePinboardRequest on the wire (a conversion:
// the same fields): title, never the pre-v1 name, and no pins.
type createPinboardBody struct {
	Title       string   `json:"title,omitempty"`
	Description string   `json:"description,omitempty"`
	Tags        []string `json:"tags,omitempty"`
	IsPublic    bool     `json:"is_public"`
}

// Create creates a pinboard and returns it as the server answered, the
// fields it did not echo filled from req, without a second request. Create
// is never retried once the request may have reached the server: such an
// error matches ErrMaybeCreated. Scope: pinboards:write. Bucket: pinboards-write.
func (s *PinboardsService) Create(ctx context.Context, req *CreatePinboardRequest, opts ...RequestOption) (*Pinboard, error) {
	var err error
	switch {
	case req == nil:
		err = invalidf("CreatePinboardRequest", "nil")
	case req.Title != "" && strings.TrimSpace(req.Title) == "":
		err = invalidf("title", "blank")
	}
	var w wirePinboard
	if err = s.client.doChecked(ctx, err, opPinboardCreate, http.MethodPost, "pinboards", (*createPinboardBody)(req), &w, opts, validated(w.hasID)); err != nil {
		return nil, err
	}
	b := w.pinboard()
	b.Title = first(b.Title, req.Title)
	b.IsPublic = w.IsPublic.or(&req.IsPublic)
	if w.Description == nil {
		b.Description = req.Description
	}
	if w.Tags == nil {
		b.Tags = req.Tags
	}
	if b.UpdatedAt.IsZero() {
		b.UpdatedAt = b.CreatedAt
	}
	return &b, nil
}

// Get returns a pinboard with its pins and layouts. A private board of
// another user is an error matching ErrForbidden.
// Scope: pinboards:read. Bucket: pinboards-read.
func (s *PinboardsService) Get(ctx context.Context, id string, opts ...RequestOption) (*Pinboard, error) {
	path, err := pinboardPath(id)
	var w wirePinboard
	if err = s.client.doChecked(ctx, err, opPinboardGet, http.MethodGet, path, nil, &w, opts, validated(w.hasID)); err != nil {
		return nil, err
	}
	b := w.pinboard()
	return &b, nil
}

// PinboardList is one page of pinboards, newest first.
type PinboardList struct {
	Items  []*Pinboard // may be summaries: PinCount without Pins
	Total  int         // pinboards the caller has in all; 0 when the server did not say
	Limit  int         // the page size the server applied, when it said
	Offset int         // the page's offset, when the server said
}

// List returns one page of the caller's pinboards. A page with more items
// than asked for is an error matching ErrServer, except an answer that is a
// bare array (older servers), which is taken as the whole list.
// Scope: pinboards:read. Bucket: pinboards-read.
func (s *PinboardsService) List(ctx context.Context, opts *ListOptions, ropts ...RequestOption) (*PinboardList, error) {
	l, err := listCollection(ctx, s.client, opPinboardList, "pinboards", opts, ropts, (*wirePinboard).entry)
	if err != nil {
		return nil, err
	}
	return &PinboardList{Items: l.items, Total: l.total, Limit: l.limit, Offset: l.offset}, nil
}

// ListAll iterates over all the caller's pinboards, fetching pages of
// opts.Limit (default 100) from opts.Offset as the loop asks for them, with
// the stopping rules and bounds of PinsService.ListAll; a bare-array answer
// is the whole list. Scope: pinboards:read. Bucket: pinboards-read, one per page.
func (s *PinboardsService) ListAll(ctx context.Context, opts *ListOptions, ropts ...RequestOption) iter.Seq2[*Pinboard, error] {
	return listAll(allFrom(opts), "pinboards", func(b *Pinboard) string { return b.ID }, func(o *ListOptions) (listed[*Pinboard], error) {
		return listCollection(ctx, s.client, opPinboardList, "pinboards", o, ropts, (*wirePinboard).entry)
	})
}

// UpdatePinboardRequest changes some of a pinboard's fields; only the fields
// set are sent, the others keep their values. Its pins change through the
// pin routes, never through an update.
type UpdatePinboardRequest struct {
	Title       *string  // nil: unchanged; must not be blank
	Description *string  // nil: unchanged
	Tags        []string // nil: unchanged; an empty non-nil slice removes all tags
	IsPublic    *bool    // nil: unchanged
}

// updatePinboardBody is UpdatePinboardRequest on the wire (a conversion).
type updatePinboardBody struct {
	Title       *string  `json:"title,omitempty"`
	Description *string  `json:"description,omitempty"`
	Tags        []string `json:"tags,omitzero"` // nil: not sent; empty: sent as [], clearing them
	IsPublic    *bool    `json:"is_public,omitempty"`
}

// PinboardUpdateResult is what Update knows of a pinboard after it: its ID,
// when it changed, and the changes sent. Use Get for the whole board.
type PinboardUpdateResult struct {
	ID        string
	UpdatedAt time.Time // the server's time of the change; zero if it did not say
	Changes   UpdatePinboardRequest
}

// Update changes the fields set in req; the others keep their values.
// Scope: pinboards:write. Bucket: pinboards-write.
func (s *PinboardsService) Update(ctx context.Context, id string, req *UpdatePinboardRequest, opts ...RequestOption) (*PinboardUpdateResult, error) {
	path, err := pinboardPath(id)
	switch {
	case err != nil:
	case req == nil:
		err = invalidf("UpdatePinboardRequest", "nil")
	case req.Title == nil && req.Description == nil && req.Tags == nil && req.IsPublic == nil:
		err = invalidf("UpdatePinboardRequest", "no field is set, nothing would change")
	case req.Title != nil && strings.TrimSpace(*req.Title) == "":
		err = invalidf("title", "must not be blank")
	}
	var w wirePinboard
	if err = s.client.doChecked(ctx, err, opPinboardUpdate, http.MethodPut, path, (*updatePinboardBody)(req), &w, opts, emptyOK()); err != nil {
		return nil, err
	}
	return &PinboardUpdateResult{ID: first(w.ID, id), UpdatedAt: time.Time(w.UpdatedAt), Changes: *req}, nil
}

// Delete deletes a pinboard; its pins are not deleted. Deleting a board
// that does not exist returns an error matching ErrNotFound, except when a
// retry gets the 404 after an earlier attempt's answer was lost: that
// attempt deleted it. Scope: pinboards:write. Bucket: pinboards-write.
func (s *PinboardsService) Delete(ctx context.Context, id string, opts ...RequestOption) error {
	path, err := pinboardPath(id)
	return s.client.doChecked(ctx, err, opPinboardDelete, http.MethodDelete, path, nil, nil, opts)
}

// AddPin places the pin pinID on the board id, at pos when it is not nil
// (the server decides where a pin without a position goes). A board holds a
// pin at most once: adding it again is harmless.
// Scope: pinboards:write. Bucket: pinboards-write.
func (s *PinboardsService) AddPin(ctx context.Context, id, pinID string, pos *Position, opts ...RequestOption) error {
	path, err := pinboardPath(id)
	if err == nil {
		err = bodyIDs("pin_id", []string{pinID})
	}
	if err == nil && pos != nil {
		err = pos.check("position")
	}
	body := struct {
		PinID    string    `json:"pin_id"`
		Position *Position `json:"position,omitempty"`
	}{pinID, pos}
	return s.client.doChecked(ctx, err, opPinboardAddPin, http.MethodPost, path+"/pins", body, nil, opts)
}

// RemovePin takes the pin pinID off the board id, with its layout entries;
// the pin itself is not deleted. A pin that is not on the board is an error
// matching ErrNotFound, except after a lost answer, as for Delete.
// Scope: pinboards:write. Bucket: pinboards-write.
func (s *PinboardsService) RemovePin(ctx context.Context, id, pinID string, opts ...RequestOption) error {
	path, err := pinboardPath(id)
	var pin string
	if err == nil {
		pin, err = segment("pinID", pinID)
	}
	return s.client.doChecked(ctx, err, opPinboardRemovePin, http.MethodDelete, path+"/pins/"+pin, nil, nil, opts)
}

// UpdateLayoutRequest replaces a pinboard's desktop layout, its mobile
// layout, or both. A nil map is not sent and the board keeps it; a non-nil
// empty map is sent and clears that layout. The keys are pin ids on the board.
type UpdateLayoutRequest struct {
	Layout       BoardLayout `json:"layout,omitzero"`        // desktop
	MobileLayout BoardLayout `json:"mobile_layout,omitzero"` // mobile
}

// MarshalJSON sends a non-nil empty map as {} and leaves a nil one out.
func (r *UpdateLayoutRequest) MarshalJSON() ([]byte, error) {
	type plain UpdateLayoutRequest // without this method
	return json.Marshal((*plain)(r))
}

// UpdateLayout replaces the layouts set in req, each as a whole. Every
// position is checked first; a request with neither layout set is an error,
// not a request. Scope: pinboards:write. Bucket: pinboards-write.
func (s *PinboardsService) UpdateLayout(ctx context.Context, id string, req *UpdateLayoutRequest, opts ...RequestOption) error {
	path, err := pinboardPath(id)
	switch {
	case err != nil:
	case req == nil || req.Layout == nil && req.MobileLayout == nil:
		err = invalidf("UpdateLayoutRequest", "neither Layout nor MobileLayout is set, nothing would change")
	default:
		if err = req.Layout.check("layout"); err == nil {
			err = req.MobileLayout.check("mobile_layout")
		}
	}
	return s.client.doChecked(ctx, err, opPinboardUpdateLayout, http.MethodPut, path+"/layout", req, nil, opts)
}

// PinboardShareSettings changes a pinboard's sharing flags; nil fields keep
// their value. (Editing rights come from a collaborator's role, so there is
// no AllowEdit.)
type PinboardShareSettings struct {
	IsPublic      *bool `json:"is_public,omitempty"`       // anyone with the link can see it
	RequireSignIn *bool `json:"require_sign_in,omitempty"` // viewers must sign in
	AllowComments *bool `json:"allow_comments,omitempty"`  // viewers may comment
}

// PinboardShareResult is a pinboard's sharing state after Share.
type PinboardShareResult struct {
	ID            string
	IsPublic      bool   // anyone with the link can see it
	RequireSignIn bool   // viewers must sign in
	AllowComments bool   // viewers may comment
	URL           string // https://pindown.ai/share/pinboard/{id}: for anyone when it is public
}

// Share changes a pinboard's sharing flags; flags left nil keep their value.
// Flags the answer does not carry are reported as they were sent (false when
// not sent). A retried share may e-mail collaborators again.
// Scope: pinboards:share. Bucket: pinboards-write.
func (s *PinboardsService) Share(ctx context.Context, id string, settings *PinboardShareSettings, opts ...RequestOption) (*PinboardShareResult, error) {
	path, err := pinboardPath(id)
	if err == nil && (settings == nil || *settings == PinboardShareSettings{}) {
		err = invalidf("PinboardShareSettings", "no flag is set, nothing would change")
	}
	var w wirePinboard
	if err = s.client.doChecked(ctx, err, opPinboardShare, http.MethodPost, path+"/share", settings, &w, opts, emptyOK()); err != nil {
		return nil, err
	}
	res := &PinboardShareResult{ID: first(w.ID, id), IsPublic: w.IsPublic.or(settings.IsPublic),
		RequireSignIn: w.RequireSignIn.or(settings.RequireSignIn), AllowComments: w.AllowComments.or(settings.AllowComments)}
	res.URL = first(w.ShareableURL, pinboardURL(res.ID))
	return res, nil
}

// PinboardBatchGetResult is the outcome of BatchGet.
type PinboardBatchGetResult struct {
	Found            []*Pinboard // in the order of the requested ids
	NotFound         []string    // ids that do not exist
	PermissionDenied []string    // ids the key may not read
}

// BatchGet returns the pinboards with the given ids, any number of them:
// they are de-duplicated and fetched 100 per request. On an error the boards
// fetched so far are returned with it.
// Scope: pinboards:read. Bucket: pinboards-batch-read, one per 100 ids.
func (s *PinboardsService) BatchGet(ctx context.Context, ids []string, opts ...RequestOption) (*PinboardBatchGetResult, error) {
	if err := bodyIDs("ids", ids); err != nil {
		return nil, fmt.Errorf("pindown: pinboard batch get: %w", err)
	}
	got, err := batchGet(ctx, s.client, opPinboardBatchGet, "pinboards/batch/get", "pinboard_ids", ids, opts, func(w *wirePinboard) string { return w.ID }, (*wirePinboard).pinboard)
	return &PinboardBatchGetResult{Found: got.found, NotFound: got.notFound, PermissionDenied: got.denied}, err
}

// BatchAddPins adds any number of pins to the board id, 50 per request, and
// returns one outcome (the pin id) per input id in input order. A repeated
// id is sent once and its outcome reported for each. Pins already on the
// board are skipped by the server; a pin the answer reports neither added
// nor failed is taken as such and succeeds. A failed item in a 200 answer is
// not a Go error: see BatchResult.Err. The returned error is non-nil when
// the call stopped early; items not sent then carry ErrNotSent.
// Scope: pinboards:write. Bucket: pinboards-write, one per 50 pins.
func (s *PinboardsService) BatchAddPins(ctx context.Context, id string, pinIDs []string, opts ...RequestOption) (*BatchResult[string], error) {
	return s.batchPins(ctx, opPinboardBatchAddPins, http.MethodPost, id, pinIDs, opts)
}

// BatchRemovePins takes any number of pins off the board id, 50 per
// request, with their layout entries (the pins are not deleted), and
// returns one outcome per input id in input order, as BatchAddPins does. A
// pin that is not on the board fails alone, matching ErrNotFound.
// Scope: pinboards:write. Bucket: pinboards-write, one per 50 pins.
func (s *PinboardsService) BatchRemovePins(ctx context.Context, id string, pinIDs []string, opts ...RequestOption) (*BatchResult[string], error) {
	return s.batchPins(ctx, opPinboardBatchRemovePins, http.MethodDelete, id, pinIDs, opts)
}

// batchPins is BatchAddPins (POST) and BatchRemovePins (DELETE). A pin a
// remove's answer leaves out fails; an add's answer may leave out the pins
// already on the board, which succeed.
func (s *PinboardsService) batchPins(ctx context.Context, op operation, method, id string, pinIDs []string, opts []RequestOption) (*BatchResult[string], error) {
	path, err := pinboardPath(id)
	if err != nil {
		return nil, fmt.Errorf("pindown: %s: %w", op.name, err)
	}
	var unreported error
	if method == http.MethodDelete {
		unreported = errUnreported
	}
	check := func(i int, pin string) error {
		if pin == "" {
			return invalidf(fmt.Sprintf("pinIDs[%d]", i), "empty")
		}
		return nil
	}
	return writeIDs(ctx, pinIDs, check, unreported, func(chunk []string, sent *bool) ([]string, []idItemFailure, error) {
		var data boardPinOutcomes
		err := s.client.do(ctx, op, method, path+"/pins/batch", map[string][]string{"pin_ids": chunk}, &data, append(slices.Clip(opts), markSent(sent)))
		return slices.Concat(data.Added, data.Skipped, data.Removed), data.Failed, err
	})
}

// boardPinOutcomes is the data of pinboard batch add and batch remove
// answers (skipped: pins already on the board, where a server lists them).
type boardPinOutcomes struct {
	Added   capped[string]        `json:"added"`
	Removed capped[string]        `json:"removed"`
	Skipped capped[string]        `json:"skipped"`
	Failed  capped[idItemFailure] `json:"failed"`
}

// pinboardPath checks a pinboard id and returns its escaped path.
func pinboardPath(id string) (string, error) {
	seg, err := segment("pinboardID", id)
	return "pinboards/" + seg, err
}
