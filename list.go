package pindown

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// ListOptions selects a page of List. Zero values mean the server's
// defaults (50 pins from offset 0).
type ListOptions struct {
	Limit  int // 1..100
	Offset int // ≥ 0
}

// PinList is one page of pins, newest first.
type PinList struct {
	Items  []*Pin // summaries: see List
	Total  int    // pins the caller has in all; 0 when the server did not say
	Limit  int    // the page size the server applied
	Offset int    // the page's offset

	entries int // entries in the response, null or id-less ones included
}

// UnmarshalJSON accepts the page under "items" (newest) or "pins" (older).
func (l *PinList) UnmarshalJSON(b []byte) error {
	var w wireList
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*l = *w.list()
	return nil
}

// wireList is a page in either shape.
type wireList struct {
	Items  capped[wirePin] `json:"items"`
	Pins   capped[wirePin] `json:"pins"`
	Total  int             `json:"total"`
	Limit  int             `json:"limit"`
	Offset int             `json:"offset"`
}

func (w *wireList) list() *PinList {
	items := w.Items
	if items == nil {
		items = w.Pins
	}
	l := &PinList{Items: make([]*Pin, 0, len(items)), Total: w.Total, Limit: w.Limit, Offset: w.Offset, entries: len(items)}
	pins := make([]Pin, len(items)) // one allocation for the page
	for i := range items {
		if pins[i] = items[i].pin(); pins[i].ID != "" { // a null or id-less entry names no pin
			l.Items = append(l.Items, &pins[i])
		}
	}
	return l
}

// The API's page sizes.
const (
	defaultPageSize = 50
	maxPageSize     = 100
)

// List returns one page of the caller's pins, newest first. Its items are
// summaries: the newest API sends only ID, title, IsPublic and the times
// (no Config, tags or layout); use BatchGet for whole pins. A page with more
// items than asked for is an error matching ErrServer.
// Scope: pins:read. Bucket: read.
func (s *PinsService) List(ctx context.Context, opts *ListOptions, ropts ...RequestOption) (*PinList, error) {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	if o.Limit < 0 || o.Limit > maxPageSize {
		return nil, fmt.Errorf("pindown: list: %w", invalidf("ListOptions.Limit", "must be 1..100 (0 for the default), got %d", o.Limit))
	}
	if o.Offset < 0 {
		return nil, fmt.Errorf("pindown: list: %w", invalidf("ListOptions.Offset", "must not be negative, got %d", o.Offset))
	}
	q := url.Values{}
	if o.Limit > 0 {
		q.Set("limit", strconv.Itoa(o.Limit))
	}
	if o.Offset > 0 {
		q.Set("offset", strconv.Itoa(o.Offset))
	}
	path := "pins"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	asked := o.Limit
	if asked == 0 {
		asked = defaultPageSize
	}
	var w wireList
	var page *PinList
	check := validated(func() error {
		if page = w.list(); page.entries > asked {
			return fmt.Errorf("the page holds %d entries for a limit of %d", page.entries, asked)
		}
		return nil
	})
	if err := s.client.do(ctx, opList, http.MethodGet, path, nil, &w, append(ropts, check)); err != nil {
		return nil, err
	}
	return page, nil
}

// maxListAll bounds ListAll when the server never says how many pins there
// are.
const maxListAll = 1 << 24

// ListAll iterates over all the caller's pins, newest first, fetching pages
// of opts.Limit (default 100) from opts.Offset as the loop asks for them.
// Each range over it starts again from the first page. It stops at a short
// page or the server's total, and at the first error, yielded once. A full
// page that brings no pin seen in the last pages (a server that ignores the
// offset), or more pins than the first total seen plus a margin (a server
// that keeps inventing them), ends it with an error matching ErrServer.
//
// The API pages by offset, so pins created or deleted meanwhile shift the
// pages: ids repeated from recent pages are skipped, but deleting pins inside
// the loop skips others. To delete what it lists, collect the ids first,
// then call BatchDelete. Scope: pins:read. Bucket: read, one per page.
func (s *PinsService) ListAll(ctx context.Context, opts *ListOptions, ropts ...RequestOption) iter.Seq2[*Pin, error] {
	start := ListOptions{Limit: maxPageSize}
	if opts != nil {
		start.Offset = opts.Offset
		if opts.Limit != 0 {
			start.Limit = opts.Limit
		}
	}
	return func(yield func(*Pin, error) bool) {
		l := lister{o: start, bound: maxListAll}
		for {
			page, err := s.List(ctx, &l.o, ropts...)
			if err == nil {
				err = l.take(page, yield)
			}
			if err != nil {
				yield(nil, err)
				return
			}
			if l.stopped || page.entries < l.o.Limit || (page.Total > 0 && l.o.Offset >= page.Total) {
				return
			}
		}
	}
}

// lister is one range over ListAll.
type lister struct {
	o       ListOptions
	recent  [8]map[string]bool // the ids of the last pages
	yielded int
	bound   int // the most pins it yields
	stopped bool
}

// take yields the page's pins not seen on recent pages and moves to the
// next page.
func (l *lister) take(page *PinList, yield func(*Pin, error) bool) error {
	if page.Total > 0 && l.bound == maxListAll {
		l.bound = page.Total + max(page.Total/10, 2*l.o.Limit)
	}
	seen := make(map[string]bool, len(page.Items))
	for _, p := range page.Items {
		if seen[p.ID] || l.seenRecently(p.ID) {
			continue
		}
		seen[p.ID] = true
		if l.yielded++; l.yielded > l.bound {
			return fmt.Errorf("pindown: list all: %w: the server keeps sending new pins, %d so far; it reported %d when the listing began", ErrServer, l.yielded-1, page.Total)
		}
		if !yield(p, nil) {
			l.stopped = true
			return nil
		}
	}
	if len(seen) == 0 && page.entries >= l.o.Limit {
		return fmt.Errorf("pindown: list all: %w: the full page at offset %d repeats pins already listed; the server seems to ignore the offset", ErrServer, l.o.Offset)
	}
	copy(l.recent[1:], l.recent[:])
	l.recent[0] = seen
	l.o.Offset += page.entries
	return nil
}

func (l *lister) seenRecently(id string) bool {
	for _, ids := range l.recent {
		if ids[id] {
			return true
		}
	}
	return false
}
