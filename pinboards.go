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

// createPinboardBody is CreatePinboardRequest on the wire: title, never the
// pre-v1 name, and no pins.
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
	if err != nil {
		return nil, fmt.Errorf("pindown: pinboard create: %w", err)
	}
	body := &createPinboardBody{Title: req.Title, Description: req.Description, Tags: req.Tags, IsPublic: req.IsPublic}
	var w wirePinboard
	if err := s.client.do(ctx, opPinboardCreate, http.MethodPost, "pinboards", body, &w, append(slices.Clip(opts), validated(w.hasID))); err != nil {
		return nil, err
	}
	b := w.pinboard()
	if w.Title == "" && w.Name == "" {
		b.Title = req.Title
	}
	if w.Description == nil {
		b.Description = req.Description
	}
	if w.Tags == nil {
		b.Tags = req.Tags
	}
	if w.IsPublic == unset {
		b.IsPublic = req.IsPublic
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
	if err != nil {
		return nil, fmt.Errorf("pindown: pinboard get: %w", err)
	}
	var w wirePinboard
	if err := s.client.do(ctx, opPinboardGet, http.MethodGet, path, nil, &w, append(slices.Clip(opts), validated(w.hasID))); err != nil {
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

	entries  int  // entries in the response, null or id-less ones included
	complete bool // the answer was a bare array: the whole list
}

// List returns one page of the caller's pinboards. A page with more items
// than asked for is an error matching ErrServer, except an answer that is a
// bare array (older servers), which is taken as the whole list.
// Scope: pinboards:read. Bucket: pinboards-read.
func (s *PinboardsService) List(ctx context.Context, opts *ListOptions, ropts ...RequestOption) (*PinboardList, error) {
	l, err := listCollection(ctx, s.client, opPinboardList, "pinboards", opts, ropts, func(w *wirePinboard) (*Pinboard, bool) { b := w.pinboard(); return &b, b.ID != "" })
	if err != nil {
		return nil, err
	}
	return &PinboardList{Items: l.items, Total: l.total, Limit: l.limit, Offset: l.offset, entries: l.entries, complete: l.complete}, nil
}

// ListAll iterates over all the caller's pinboards, fetching pages of
// opts.Limit (default 100) from opts.Offset as the loop asks for them, with
// the stopping rules and bounds of PinsService.ListAll; a bare-array answer
// is the whole list. Scope: pinboards:read. Bucket: pinboards-read, one per page.
func (s *PinboardsService) ListAll(ctx context.Context, opts *ListOptions, ropts ...RequestOption) iter.Seq2[*Pinboard, error] {
	return listAll(allFrom(opts), "pinboards", func(b *Pinboard) string { return b.ID }, func(o *ListOptions) (listed[*Pinboard], error) {
		page, err := s.List(ctx, o, ropts...)
		if err != nil {
			return listed[*Pinboard]{}, err
		}
		return listed[*Pinboard]{items: page.Items, total: page.Total, entries: page.entries, complete: page.complete}, nil
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

type updatePinboardBody struct {
	Title       *string  `json:"title,omitempty"`
	Description *string  `json:"description,omitempty"`
	Tags        []string `json:"tags"`
	IsPublic    *bool    `json:"is_public,omitempty"`
}

// MarshalJSON leaves tags out when they are nil (unchanged).
func (b *updatePinboardBody) MarshalJSON() ([]byte, error) {
	type plain updatePinboardBody
	if b.Tags == nil {
		return json.Marshal(&struct {
			*plain
			Tags []string `json:"tags,omitempty"`
		}{plain: (*plain)(b)})
	}
	return json.Marshal((*plain)(b))
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
	if err != nil {
		return nil, fmt.Errorf("pindown: pinboard update: %w", err)
	}
	body := &updatePinboardBody{Title: req.Title, Description: req.Description, Tags: req.Tags, IsPublic: req.IsPublic}
	var w wirePinboard
	if err := s.client.do(ctx, opPinboardUpdate, http.MethodPut, path, body, &w, append(slices.Clip(opts), emptyOK())); err != nil {
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
	if err != nil {
		return fmt.Errorf("pindown: pinboard delete: %w", err)
	}
	return s.client.do(ctx, opPinboardDelete, http.MethodDelete, path, nil, nil, opts)
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
	if err != nil {
		return fmt.Errorf("pindown: pinboard add pin: %w", err)
	}
	body := struct {
		PinID    string    `json:"pin_id"`
		Position *Position `json:"position,omitempty"`
	}{pinID, pos}
	return s.client.do(ctx, opPinboardAddPin, http.MethodPost, path+"/pins", body, nil, opts)
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
	if err != nil {
		return fmt.Errorf("pindown: pinboard remove pin: %w", err)
	}
	return s.client.do(ctx, opPinboardRemovePin, http.MethodDelete, path+"/pins/"+pin, nil, nil, opts)
}

// UpdateLayoutRequest replaces a pinboard's desktop layout, its mobile
// layout, or both. A nil map is not sent and the board keeps it; a non-nil
// empty map is sent and clears that layout. The keys are pin ids on the board.
type UpdateLayoutRequest struct {
	Layout       BoardLayout `json:"layout,omitempty"`        // desktop
	MobileLayout BoardLayout `json:"mobile_layout,omitempty"` // mobile
}

// MarshalJSON sends a non-nil empty map as {} and leaves a nil one out.
func (r *UpdateLayoutRequest) MarshalJSON() ([]byte, error) {
	m := map[string]BoardLayout{}
	if r.Layout != nil {
		m["layout"] = r.Layout
	}
	if r.MobileLayout != nil {
		m["mobile_layout"] = r.MobileLayout
	}
	return json.Marshal(m)
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
	if err != nil {
		return fmt.Errorf("pindown: pinboard update layout: %w", err)
	}
	return s.client.do(ctx, opPinboardUpdateLayout, http.MethodPut, path+"/layout", req, nil, opts)
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
	if err != nil {
		return nil, fmt.Errorf("pindown: pinboard share: %w", err)
	}
	var w wirePinboard
	if err := s.client.do(ctx, opPinboardShare, http.MethodPost, path+"/share", settings, &w, append(slices.Clip(opts), emptyOK())); err != nil {
		return nil, err
	}
	res := &PinboardShareResult{ID: first(w.ID, id), URL: w.ShareableURL}
	for _, f := range []struct {
		got  optBool
		sent *bool
		dst  *bool
	}{{w.IsPublic, settings.IsPublic, &res.IsPublic}, {w.RequireSignIn, settings.RequireSignIn, &res.RequireSignIn}, {w.AllowComments, settings.AllowComments, &res.AllowComments}} {
		switch {
		case f.got != unset:
			*f.dst = f.got == isTrue
		case f.sent != nil:
			*f.dst = *f.sent
		}
	}
	if res.URL == "" {
		res.URL = pinboardURL(res.ID)
	}
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
	order := make(map[string]int, len(ids))
	unique := make([]string, 0, len(ids))
	for _, id := range ids {
		if _, dup := order[id]; !dup {
			order[id] = len(unique)
			unique = append(unique, id)
		}
	}
	res := &PinboardBatchGetResult{}
	found := make([]*Pinboard, len(unique))
	done := func() {
		for _, b := range found {
			if b != nil {
				res.Found = append(res.Found, b)
			}
		}
	}
	for start := 0; start < len(unique); start += batchGetChunk {
		chunk := unique[start:min(start+batchGetChunk, len(unique))]
		var data struct {
			Found            capped[wirePinboard] `json:"found"`
			NotFound         capped[string]       `json:"not_found"`
			PermissionDenied capped[string]       `json:"permission_denied"`
		}
		complete := validated(func() error {
			told := make([]string, 0, len(data.Found))
			for _, w := range data.Found {
				told = append(told, w.ID)
			}
			return everyIDTold(chunk, told, data.NotFound, data.PermissionDenied)
		})
		err := s.client.do(ctx, opPinboardBatchGet, http.MethodPost, "pinboards/batch/get", map[string][]string{"pinboard_ids": chunk}, &data, append(slices.Clip(opts), complete))
		if err != nil {
			done()
			return res, err
		}
		for i := range data.Found {
			b := data.Found[i].pinboard()
			if j, ok := order[b.ID]; ok {
				found[j] = &b
			}
		}
		res.NotFound = append(res.NotFound, data.NotFound...)
		res.PermissionDenied = append(res.PermissionDenied, data.PermissionDenied...)
	}
	done()
	return res, nil
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

// batchPins is BatchAddPins (POST) and BatchRemovePins (DELETE).
func (s *PinboardsService) batchPins(ctx context.Context, op operation, method, id string, pinIDs []string, opts []RequestOption) (*BatchResult[string], error) {
	path, err := pinboardPath(id)
	if err != nil {
		return nil, fmt.Errorf("pindown: %s: %w", op.name, err)
	}
	res := &BatchResult[string]{Items: make([]BatchItem[string], len(pinIDs))}
	firstAt := make(map[string]int, len(pinIDs))
	var valid []int
	for i, pin := range pinIDs {
		if pin == "" {
			res.Items[i].Err = invalidf(fmt.Sprintf("pinIDs[%d]", i), "empty")
			continue
		}
		if _, dup := firstAt[pin]; !dup {
			firstAt[pin] = i
			valid = append(valid, i)
		}
	}
	err = writeChunks(ctx, valid, res, func(chunk []int, sent *bool) error {
		chunkIDs := make([]string, len(chunk))
		for j, i := range chunk {
			chunkIDs[j] = pinIDs[i]
		}
		var data boardPinOutcomes
		if err := s.client.do(ctx, op, method, path+"/pins/batch", map[string][]string{"pin_ids": chunkIDs}, &data, append(slices.Clip(opts), markSent(sent))); err != nil {
			return err
		}
		var unreported error // added: skipped pins may be in neither list
		if method == http.MethodDelete {
			unreported = fmt.Errorf("the response does not report this item: %w", ErrServer)
		}
		ok := append(append(slices.Clip(data.Added), data.Skipped...), data.Removed...)
		applyOutcomes(chunk, func(i int) string { return pinIDs[i] }, ok, data.Failed, unreported, res)
		return nil
	})
	for i, pin := range pinIDs {
		if j, ok := firstAt[pin]; ok && j != i {
			res.Items[i] = res.Items[j]
		}
	}
	return res, err
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

// allFrom is where a ListAll starts: opts' offset, pages of opts' limit
// (default 100).
func allFrom(opts *ListOptions) ListOptions {
	start := ListOptions{Limit: maxPageSize}
	if opts != nil {
		start.Offset = opts.Offset
		if opts.Limit != 0 {
			start.Limit = opts.Limit
		}
	}
	return start
}
