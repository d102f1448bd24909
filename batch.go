package pindown

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// The API's item limits per batch request; larger inputs are split.
const (
	batchGetChunk   = 100
	batchWriteChunk = 50
)

// BatchItem is the outcome of one input item of a batch write.
type BatchItem[T any] struct {
	Value T     // the created *Pin, or the id updated or deleted; zero when Err is set
	Err   error // why the item failed: the server's message (matching a sentinel by its words), a client-side validation error, or ErrNotSent
}

// BatchResult holds one outcome per input item, in input order.
type BatchResult[T any] struct {
	Items []BatchItem[T]
}

// Err summarises the failed items, or returns nil when every item
// succeeded: how many failed, grouped by error text, with their index
// ranges ("3 items failed: 2× metadata.title: required (items 4, 9); 1× not
// sent (item 12)"). It matches every sentinel any item's error matches;
// Items holds each item's own error.
func (r *BatchResult[T]) Err() error {
	var failed []error
	byText := map[string][]int{}
	var texts []string
	for i, it := range r.Items {
		if it.Err == nil {
			continue
		}
		failed = append(failed, it.Err)
		text := it.Err.Error()
		if byText[text] == nil {
			texts = append(texts, text)
		}
		byText[text] = append(byText[text], i)
	}
	if len(failed) == 0 {
		return nil
	}
	parts := make([]string, 0, min(len(texts), maxErrKinds))
	for _, text := range texts[:min(len(texts), maxErrKinds)] {
		parts = append(parts, fmt.Sprintf("%d× %s (%s)", len(byText[text]), clip(text, 300), indexRanges(byText[text])))
	}
	if len(texts) > maxErrKinds {
		parts = append(parts, fmt.Sprintf("and %d other errors", len(texts)-maxErrKinds))
	}
	return &batchError{summary: fmt.Sprintf("%d of %d items failed: %s", len(failed), len(r.Items), strings.Join(parts, "; ")), errs: failed}
}

// maxErrKinds bounds how many different errors BatchResult.Err spells out.
const maxErrKinds = 5

// batchError is BatchResult.Err's error: a short summary that matches what
// its items' errors match.
type batchError struct {
	summary string
	errs    []error
}

func (e *batchError) Error() string   { return "pindown: " + e.summary }
func (e *batchError) Unwrap() []error { return e.errs }

// indexRanges writes ascending indexes as ranges: "items 0-49, 75".
func indexRanges(idx []int) string {
	var b strings.Builder
	b.WriteString("item")
	if len(idx) > 1 {
		b.WriteString("s")
	}
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %d", idx[i])
		if j > i {
			fmt.Fprintf(&b, "-%d", idx[j])
		}
		i = j + 1
	}
	return b.String()
}

// Succeeded returns the values of the items that succeeded, in input order.
func (r *BatchResult[T]) Succeeded() []T {
	var out []T
	for _, it := range r.Items {
		if it.Err == nil {
			out = append(out, it.Value)
		}
	}
	return out
}

// BatchGetResult is the outcome of BatchGet.
type BatchGetResult struct {
	Found            []*Pin   // in the order of the requested ids
	NotFound         []string // ids that do not exist or are hidden
	PermissionDenied []string // ids the key may not read
}

// BatchUpdateItem is one update of BatchUpdate: the pin's ID and its changes.
type BatchUpdateItem struct {
	ID string
	UpdatePinRequest
}

// itemError is a batch item's failure as the server reported it.
type itemError struct{ msg string }

func (e *itemError) Error() string { return clip(e.msg, maxMessageLen) }

// Is matches the sentinel the message names. The API reports an item's
// failure as a message alone, so this reads its words, first match wins:
// pin_config or pin_type is ErrInvalidConfig (and ErrInvalidRequest); not
// found is ErrNotFound; permission, forbidden, not allowed, access denied,
// unauthorized or the owner is ErrForbidden; internal, server error,
// timeout or unavailable is ErrServer; required, invalid, must, too long,
// too large or expected is ErrInvalidRequest. Anything else matches none.
func (e *itemError) Is(target error) bool {
	switch sentinel := e.sentinel(); target {
	case ErrInvalidRequest:
		return sentinel == ErrInvalidRequest || sentinel == ErrInvalidConfig
	default:
		return target == sentinel
	}
}

func (e *itemError) sentinel() error {
	m := strings.ToLower(e.msg)
	switch {
	case containsAny(m, "pin_config", "pin_type"):
		return ErrInvalidConfig
	case strings.Contains(m, "not found"):
		return ErrNotFound
	case containsAny(m, "permission", "forbidden", "not allowed", "access denied", "unauthorized", "the owner"):
		return ErrForbidden
	case containsAny(m, "internal", "server error", "timeout", "timed out", "unavailable"):
		return ErrServer
	case containsAny(m, "required", "invalid", "must", "too long", "too large", "expected"):
		return ErrInvalidRequest
	}
	return nil
}

func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// BatchGet returns the pins with the given ids, any number of them: they are
// de-duplicated and fetched 100 per request. On an error the pins fetched so
// far are returned with it. Scope: pins:read. Bucket: batch-read, one per 100 ids.
func (s *PinsService) BatchGet(ctx context.Context, ids []string, opts ...RequestOption) (*BatchGetResult, error) {
	for i, id := range ids {
		if err := checkID(id); err != nil {
			return nil, fmt.Errorf("pindown: batch get: ids[%d]: %w", i, err)
		}
	}
	got, err := batchGet(ctx, s.client, opBatchGet, "pins/batch/get", "pin_ids", ids, opts, func(w *wirePin) string { return first(w.ID, w.PinID) }, (*wirePin).pin)
	if got.found == nil {
		got.found = []*Pin{} // a pin's Found has never been nil
	}
	return &BatchGetResult{Found: got.found, NotFound: got.notFound, PermissionDenied: got.denied}, err
}

// batchGot is what a batch get found, in the order asked, and did not.
type batchGot[T any] struct {
	found            []*T
	notFound, denied []string
}

// batchGet is BatchGet of pins or pinboards at path: the ids,
// de-duplicated, go 100 per request as the body's member key; what is found
// is converted by conv and put in the order asked by its id, idOf. On an
// error what was fetched so far is returned with it.
func batchGet[W, T any](ctx context.Context, c *Client, op operation, path, key string, ids []string, opts []RequestOption, idOf func(*W) string, conv func(*W) T) (batchGot[T], error) {
	order := make(map[string]int, len(ids))
	unique := make([]string, 0, len(ids))
	for _, id := range ids {
		if _, dup := order[id]; !dup {
			order[id] = len(unique)
			unique = append(unique, id)
		}
	}
	var got batchGot[T]
	var err error
	found := make([]*T, len(unique))
	for start := 0; start < len(unique); start += batchGetChunk {
		chunk := unique[start:min(start+batchGetChunk, len(unique))]
		var data struct {
			Found            capped[W]      `json:"found"`
			NotFound         capped[string] `json:"not_found"`
			PermissionDenied capped[string] `json:"permission_denied"`
		}
		complete := validated(func() error {
			told := make([]string, 0, len(data.Found))
			for i := range data.Found {
				told = append(told, idOf(&data.Found[i]))
			}
			return everyIDTold(chunk, told, data.NotFound, data.PermissionDenied)
		})
		if err = c.do(ctx, op, http.MethodPost, path, map[string][]string{key: chunk}, &data, append(slices.Clip(opts), complete)); err != nil {
			break
		}
		for i := range data.Found {
			if j, ok := order[idOf(&data.Found[i])]; ok {
				v := conv(&data.Found[i])
				found[j] = &v
			}
		}
		got.notFound = append(got.notFound, data.NotFound...)
		got.denied = append(got.denied, data.PermissionDenied...)
	}
	for _, v := range found {
		if v != nil {
			got.found = append(got.found, v)
		}
	}
	return got, err
}

// everyIDTold checks that the ids found, not found and denied account for
// every id asked.
func everyIDTold(asked, found, notFound, denied []string) error {
	told := make(map[string]bool, len(asked))
	for _, id := range slices.Concat(found, notFound, denied) {
		told[id] = true
	}
	var missing []string
	for _, id := range asked {
		if !told[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the response does not report %d of the %d ids asked, such as %q", len(missing), len(asked), missing[0])
	}
	return nil
}

// BatchCreate creates any number of pins, 50 per request, and returns one
// outcome per request in input order. Every request is validated first: an
// invalid one fails alone and is not sent, the valid ones still go. A failed
// item in a 200 response is not a Go error: see BatchResult.Err. The returned
// error is non-nil when the call stopped early (the context ended, or a
// chunk failed as a whole); items not sent then carry ErrNotSent. Like
// Create, a chunk is retried only after 429: after any other failure its
// items' errors match ErrMaybeCreated. Scope: pins:write. Bucket: write, one
// per 50 pins.
func (s *PinsService) BatchCreate(ctx context.Context, reqs []*CreatePinRequest, opts ...RequestOption) (*BatchResult[*Pin], error) {
	res := &BatchResult[*Pin]{Items: make([]BatchItem[*Pin], len(reqs))}
	bodies := make([]*createBody, len(reqs))
	var valid []int
	for i, r := range reqs {
		err := invalidf("CreatePinRequest", "nil")
		if r != nil {
			bodies[i], err = r.encode()
		}
		if err != nil {
			res.Items[i].Err = err
			continue
		}
		valid = append(valid, i)
	}
	return res, writeChunks(ctx, valid, res, func(chunk []int, sent *bool) error {
		var data struct {
			Created capped[wirePinIndexed] `json:"created"`
			Failed  capped[struct {
				Index int    `json:"index"`
				Error string `json:"error"`
			}] `json:"failed"`
		}
		if err := s.client.do(ctx, opBatchCreate, http.MethodPost, "pins/batch", map[string]any{"pins": pick(bodies, chunk)}, &data, append(slices.Clip(opts), markSent(sent))); err != nil {
			return err
		}
		for _, i := range chunk {
			// Overwritten below by what the response says of the item.
			res.Items[i].Err = fmt.Errorf("the response does not report this item: %w", ErrMaybeCreated)
		}
		for _, c := range data.Created {
			if c.Index >= 0 && c.Index < len(chunk) && c.hasID() == nil {
				i := chunk[c.Index]
				res.Items[i] = BatchItem[*Pin]{Value: reqs[i].created(&c.wirePin)}
			}
		}
		for _, f := range data.Failed {
			if f.Index >= 0 && f.Index < len(chunk) {
				it := &res.Items[chunk[f.Index]]
				if it.Value != nil { // also reported created: in doubt
					*it = BatchItem[*Pin]{Err: fmt.Errorf("the response reports this item both created (id %q) and failed (%s): %w",
						clip(it.Value.ID, maxCodeLen), clip(f.Error, maxMessageLen), ErrMaybeCreated)}
					continue
				}
				it.Err = &itemError{f.Error}
			}
		}
		return nil
	})
}

type wirePinIndexed struct {
	wirePin
	Index int `json:"index"`
}

// BatchUpdate applies any number of updates, 50 per request, and returns
// one outcome (the pin's id) per item in input order. Items are validated
// first; an invalid one, or a second update of the same pin in one call,
// fails alone and is not sent. Scope: pins:write. Bucket: write, one per 50.
func (s *PinsService) BatchUpdate(ctx context.Context, items []*BatchUpdateItem, opts ...RequestOption) (*BatchResult[string], error) {
	res := &BatchResult[string]{Items: make([]BatchItem[string], len(items))}
	bodies := make([]*updateBody, len(items))
	seen := make(map[string]int, len(items))
	var valid []int
	for i, it := range items {
		var err error
		switch {
		case it == nil:
			err = fmt.Errorf("%w: nil BatchUpdateItem", ErrInvalidRequest)
		default:
			if err = checkID(it.ID); err == nil {
				bodies[i], err = it.encode(it.ID)
			}
		}
		if err == nil {
			if first, dup := seen[it.ID]; dup {
				err = invalidf("id", "%q is also updated by item %d; merge the two updates", it.ID, first)
			}
		}
		if err != nil {
			res.Items[i].Err = err
			continue
		}
		seen[it.ID] = i
		valid = append(valid, i)
	}
	return res, writeChunks(ctx, valid, res, func(chunk []int, sent *bool) error {
		var data idOutcomes
		if err := s.client.do(ctx, opBatchUpdate, http.MethodPatch, "pins/batch", map[string]any{"updates": pick(bodies, chunk)}, &data, append(slices.Clip(opts), markSent(sent))); err != nil {
			return err
		}
		applyOutcomes(chunk, func(i int) string { return items[i].ID }, data.ok(), data.Failed, errUnreported, res)
		return nil
	})
}

// BatchDelete deletes any number of pins, 50 per request, and returns one
// outcome (the id) per input id in input order. A repeated id is sent once
// and its outcome reported for each. Scope: pins:write. Bucket: write, one per 50.
func (s *PinsService) BatchDelete(ctx context.Context, ids []string, opts ...RequestOption) (*BatchResult[string], error) {
	check := func(_ int, id string) error { return checkID(id) }
	return writeIDs(ctx, ids, check, errUnreported, func(chunk []string, sent *bool) ([]string, []idItemFailure, error) {
		var data idOutcomes
		err := s.client.do(ctx, opBatchDelete, http.MethodDelete, "pins/batch", map[string][]string{"pin_ids": chunk}, &data, append(slices.Clip(opts), markSent(sent)))
		return data.ok(), data.Failed, err
	})
}

// writeIDs is a batch write of ids: BatchDelete, and a pinboard's
// BatchAddPins and BatchRemovePins. An id check refuses fails alone; a
// repeated id is sent once and its outcome reported for each. send posts a
// chunk of ids and returns those that succeeded and failed; an id in neither
// gets unreported (nil: it succeeded).
func writeIDs(ctx context.Context, ids []string, check func(i int, id string) error, unreported error, send func(chunk []string, sent *bool) ([]string, []idItemFailure, error)) (*BatchResult[string], error) {
	res := &BatchResult[string]{Items: make([]BatchItem[string], len(ids))}
	firstAt := make(map[string]int, len(ids))
	var valid []int
	for i, id := range ids {
		if err := check(i, id); err != nil {
			res.Items[i].Err = err
			continue
		}
		if _, dup := firstAt[id]; !dup {
			firstAt[id] = i
			valid = append(valid, i)
		}
	}
	err := writeChunks(ctx, valid, res, func(chunk []int, sent *bool) error {
		ok, failed, err := send(pick(ids, chunk), sent)
		if err == nil {
			applyOutcomes(chunk, func(i int) string { return ids[i] }, ok, failed, unreported, res)
		}
		return err
	})
	for i, id := range ids {
		if j, ok := firstAt[id]; ok && j != i {
			res.Items[i] = res.Items[j]
		}
	}
	return res, err
}

// pick returns the elements of s at the indexes idx.
func pick[T any](s []T, idx []int) []T {
	out := make([]T, len(idx))
	for j, i := range idx {
		out[j] = s[i]
	}
	return out
}

// idOutcomes is the data of batch update and batch delete responses.
type idOutcomes struct {
	Updated capped[string]        `json:"updated"`
	Deleted capped[string]        `json:"deleted"`
	Failed  capped[idItemFailure] `json:"failed"`
}

// idItemFailure is a failed item of a batch response that names items by id.
type idItemFailure struct {
	ID    string `json:"id"`
	Error string `json:"error"`
}

// ok are the ids that succeeded.
func (d *idOutcomes) ok() []string { return slices.Concat(d.Updated, d.Deleted) }

// errUnreported is the outcome of an item a batch response does not
// mention, where every item should be.
var errUnreported = fmt.Errorf("the response does not report this item: %w", ErrServer)

// applyOutcomes sets the outcomes of a chunk's items (input indexes) from a
// response: an id in ok succeeded, an id in failed failed with its message
// (failed wins: repeating it is harmless), an id in neither gets
// unreported (nil: it succeeded).
func applyOutcomes(chunk []int, idOf func(int) string, ok []string, failed []idItemFailure, unreported error, res *BatchResult[string]) {
	byID := make(map[string]int, len(chunk))
	for _, i := range chunk {
		byID[idOf(i)] = i
		res.Items[i] = BatchItem[string]{Err: unreported}
		if unreported == nil {
			res.Items[i].Value = idOf(i)
		}
	}
	for _, id := range ok {
		if i, found := byID[id]; found {
			res.Items[i] = BatchItem[string]{Value: id}
		}
	}
	for _, f := range failed {
		if i, found := byID[f.ID]; found {
			res.Items[i] = BatchItem[string]{Err: &itemError{f.Error}}
		}
	}
}

// tooLarge reports whether err is a 413 response: the request body was over
// the server's limit.
func tooLarge(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.StatusCode == http.StatusRequestEntityTooLarge
}

// markSent records whether the call sent any attempt.
func markSent(sent *bool) RequestOption { return func(cl *call) { cl.sent = sent } }

// writeChunks sends the items at the indexes valid, 50 at a time and in
// order, through send. The API's body limit is not published: a chunk
// refused with 413 (too large) is sent again as halves, and later chunks grow
// back after each success, but not to a size that was too large. An item
// too large alone fails alone (and clears what was learnt: it may have made
// the larger chunks fail); a third in a row ends the batch, as the server
// then seems to refuse every body. When a chunk fails as a whole, its
// items get that error if it was sent (ErrNotSent otherwise), the rest
// ErrNotSent, and the error is returned.
func writeChunks[T any](ctx context.Context, valid []int, res *BatchResult[T], send func(chunk []int, sent *bool) error) error {
	size, tooMany, tooLargeAlone := batchWriteChunk, batchWriteChunk+1, 0
	for start := 0; start < len(valid); {
		chunk := valid[start:min(start+size, len(valid))]
		sent := false
		err := ctx.Err()
		if err == nil {
			err = send(chunk, &sent)
		}
		if tooLarge(err) { // a 413 processed nothing
			if len(chunk) > 1 {
				tooMany, size = len(chunk), (len(chunk)+1)/2
				continue
			}
			if tooLargeAlone++; tooLargeAlone < 3 {
				res.Items[chunk[0]].Err = err
				start++
				tooMany = batchWriteChunk + 1
				continue
			}
		}
		if err != nil {
			// An item not sent wraps ErrNotSent and, when the context ended,
			// its error; not the chunk's error, which may match
			// ErrMaybeCreated or ErrServer: neither is true of this item.
			notSent := fmt.Errorf("%w (%v)", ErrNotSent, err)
			if ctxErr := ctx.Err(); ctxErr != nil {
				notSent = fmt.Errorf("%w: %w", ErrNotSent, ctxErr)
			}
			for j, i := range valid[start:] {
				if j < len(chunk) && sent {
					res.Items[i].Err = err
				} else {
					res.Items[i].Err = notSent
				}
			}
			return err
		}
		start += len(chunk)
		size, tooLargeAlone = min(2*size, tooMany-1, batchWriteChunk), 0
	}
	return nil
}
