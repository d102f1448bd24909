package pindown

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"slices"
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
	path, asked, err := listPath("pins", opts)
	if err != nil {
		return nil, fmt.Errorf("pindown: list: %w", err)
	}
	var w wireList
	var page *PinList
	check := validated(func() error {
		if page = w.list(); page.entries > asked {
			return fmt.Errorf("the page holds %d entries for a limit of %d", page.entries, asked)
		}
		return nil
	})
	if err := s.client.do(ctx, opList, http.MethodGet, path, nil, &w, append(slices.Clip(ropts), check)); err != nil {
		return nil, err
	}
	return page, nil
}

// listPath checks opts and returns the path of a list page of resource,
// with the page size asked for (the server's default when opts says none).
func listPath(resource string, opts *ListOptions) (string, int, error) {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	if o.Limit < 0 || o.Limit > maxPageSize {
		return "", 0, invalidf("ListOptions.Limit", "must be 1..100 (0 for the default), got %d", o.Limit)
	}
	if o.Offset < 0 {
		return "", 0, invalidf("ListOptions.Offset", "must not be negative, got %d", o.Offset)
	}
	q := url.Values{}
	if o.Limit > 0 {
		q.Set("limit", strconv.Itoa(o.Limit))
	}
	if o.Offset > 0 {
		q.Set("offset", strconv.Itoa(o.Offset))
	}
	path := resource
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	asked := o.Limit
	if asked == 0 {
		asked = defaultPageSize
	}
	return path, asked, nil
}

// wireCollection is a list page of pinboards or pages in every form seen:
// data.items (newest naming), data.pinboards or data.pages, each with total
// (and limit, offset), or data as a bare array, taken as the whole list.
type wireCollection[T any] struct {
	wireCollectionObject[T]
	bare      bool
	bareItems []T
}

type wireCollectionObject[T any] struct {
	Items     capped[T] `json:"items"`
	Pinboards capped[T] `json:"pinboards"`
	Pages     capped[T] `json:"pages"`
	Total     int       `json:"total"`
	Limit     int       `json:"limit"`
	Offset    int       `json:"offset"`
}

// maxBareList bounds a bare-array list: a whole list, not a page, yet
// memory must stay bounded whatever a server sends.
const maxBareList = 10000

func (w *wireCollection[T]) UnmarshalJSON(b []byte) error {
	*w = wireCollection[T]{}
	switch t := bytes.TrimSpace(b); {
	case bytes.Equal(t, []byte("null")):
		return nil
	case bytes.HasPrefix(t, []byte("[")):
		w.bare = true
		return decodeList(&w.bareItems, t, maxBareList)
	}
	return json.Unmarshal(b, &w.wireCollectionObject)
}

// items returns the page's entries, whichever member held them.
func (w *wireCollection[T]) items() []T {
	for _, l := range [][]T{w.Items, w.Pinboards, w.Pages} {
		if l != nil {
			return l
		}
	}
	return w.bareItems
}

// check refuses a page larger than the limit asked for; a bare array is the
// whole list whatever the limit.
func (w *wireCollection[T]) check(asked int) error {
	if n := len(w.items()); !w.bare && n > asked {
		return fmt.Errorf("the page holds %d entries for a limit of %d", n, asked)
	}
	return nil
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
	return listAll(allFrom(opts), "pins", func(p *Pin) string { return p.ID }, func(o *ListOptions) (listed[*Pin], error) {
		page, err := s.List(ctx, o, ropts...)
		if err != nil {
			return listed[*Pin]{}, err
		}
		return listed[*Pin]{items: page.Items, total: page.Total, entries: page.entries}, nil
	})
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

// listed is what ListAll needs of one page of a list.
type listed[T any] struct {
	items    []T
	total    int  // the server's total; 0 when it did not say
	limit    int  // the page size the server applied, when it said
	offset   int  // the page's offset, when the server said
	entries  int  // entries in the response, null or id-less ones included
	complete bool // the response was the whole list (a bare array)
}

// listCollection fetches one page of the pinboards or pages (resource),
// in any of the forms wireCollection reads, and converts its entries with
// conv; an entry that names nothing (conv's false) is dropped. A page with
// more entries than asked for is a malformed response.
func listCollection[W, T any](ctx context.Context, c *Client, op operation, resource string, opts *ListOptions, ropts []RequestOption, conv func(*W) (T, bool)) (listed[T], error) {
	path, asked, err := listPath(resource, opts)
	if err != nil {
		return listed[T]{}, fmt.Errorf("pindown: %s: %w", op.name, err)
	}
	var w wireCollection[W]
	var l listed[T]
	check := validated(func() error {
		items := w.items()
		l = listed[T]{items: make([]T, 0, len(items)), total: w.Total, limit: w.Limit, offset: w.Offset, entries: len(items), complete: w.bare}
		for i := range items {
			if v, ok := conv(&items[i]); ok {
				l.items = append(l.items, v)
			}
		}
		return w.check(asked)
	})
	err = c.do(ctx, op, http.MethodGet, path, nil, &w, append(slices.Clip(ropts), check))
	return l, err
}

// listAll iterates over a list from start, fetching pages with fetch as the
// loop asks for them; see PinsService.ListAll for the rules. what names the
// items in errors.
func listAll[T any](start ListOptions, what string, id func(T) string, fetch func(*ListOptions) (listed[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		l := lister[T]{o: start, bound: maxListAll, what: what, id: id}
		for {
			page, err := fetch(&l.o)
			if err == nil {
				err = l.take(page, yield)
			}
			if err != nil {
				yield(zero, err)
				return
			}
			if l.stopped || page.complete || page.entries < l.o.Limit || (page.total > 0 && l.o.Offset >= page.total) {
				return
			}
		}
	}
}

// lister is one range over a ListAll.
type lister[T any] struct {
	o       ListOptions
	recent  [8]map[string]bool // the ids of the last pages
	yielded int
	bound   int // the most items it yields
	stopped bool
	what    string
	id      func(T) string
}

// take yields the page's items not seen on recent pages and moves to the
// next page.
func (l *lister[T]) take(page listed[T], yield func(T, error) bool) error {
	if page.total > 0 && l.bound == maxListAll {
		l.bound = page.total + max(page.total/10, 2*l.o.Limit)
	}
	seen := make(map[string]bool, len(page.items))
	for _, p := range page.items {
		id := l.id(p)
		if seen[id] || l.seenRecently(id) {
			continue
		}
		seen[id] = true
		if l.yielded++; l.yielded > l.bound {
			return fmt.Errorf("pindown: list all: %w: the server keeps sending new %s, %d so far; it reported %d when the listing began", ErrServer, l.what, l.yielded-1, page.total)
		}
		if !yield(p, nil) {
			l.stopped = true
			return nil
		}
	}
	if len(seen) == 0 && page.entries >= l.o.Limit && !page.complete {
		return fmt.Errorf("pindown: list all: %w: the full page at offset %d repeats %s already listed; the server seems to ignore the offset", ErrServer, l.o.Offset, l.what)
	}
	copy(l.recent[1:], l.recent[:])
	l.recent[0] = seen
	l.o.Offset += page.entries
	return nil
}

func (l *lister[T]) seenRecently(id string) bool {
	for _, ids := range l.recent {
		if ids[id] {
			return true
		}
	}
	return false
}
