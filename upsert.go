package pindown

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pindownai/client-go/pintypes"
)

// KeyTagPrefix begins the tag that names a pin's upsert key: the pin of key
// "nightly-report" carries the tag "pindown-key:nightly-report".
const KeyTagPrefix = "pindown-key:"

// MaxKeyLen is the longest upsert key, in bytes.
const MaxKeyLen = 200

// KeyTag returns the tag that carries key.
func KeyTag(key string) string { return KeyTagPrefix + key }

// UpsertItem is one pin of UpsertMany: its key and what it should be.
type UpsertItem struct {
	Key     string            // names the pin across runs: see Upsert
	Request *CreatePinRequest // what the pin should be
}

// Upsert makes the pin that key names look like req, creating it if there
// is none, and returns it. Use it for jobs that re-run: the same key
// always lands on the same pin, whatever happened to earlier runs.
//
// Identity. The key is a tag, KeyTag(key) ("pindown-key:<key>"), added to
// req's Metadata.Tags. A tag is exact, survives edits of the title in the
// UI, and shows there (removing it detaches the pin from the key). The
// title is not an identity (it is not unique, and people edit it); it is
// only a hint of which pins to read first.
//
// How it finds the pin. List pages carry no tags, so Upsert lists every
// pin (summaries, 100 per page), then reads whole pins with BatchGet: first
// those whose title is req's, and the others only when none of those
// carries the key. When the pin is found it is updated to req (type and
// config, title, description, tags, layout and IsPublic; a nil Config or
// an empty Layout keeps the pin's own; the other sharing flags change only
// through Share, invites only on create); an update that would change
// nothing is not sent. Otherwise the pin is created.
//
// Cost, for an account of n pins (p = ⌈n/100⌉): p read requests (list
// pages) and 1 batch-read request when the title is unchanged, up to p
// batch reads when it changed or the key is new; then 1 write (none when
// nothing changed). A creation adds 1 read and 1 batch read (the check
// described below), and more only when it has to resolve an error or a
// race.
//
// Errors and races. A create whose response is lost (ErrMaybeCreated) is
// resolved inside the call: the key is looked up again, and the pin is
// adopted if it landed, created again if it provably did not. After every
// create the key is looked up again; of several pins carrying the key the
// oldest (by CreatedAt, then ID) wins, the newer ones are deleted, and the
// winner is updated to req. So callers racing on one key converge: once
// they have all returned without error, exactly one pin carries the key.
// Each caller returns the pin that was the oldest when it last looked;
// that is the surviving pin unless a racer's create, stamped earlier (the
// server stamps a pin when the request arrives), became visible only after
// that look, in which case the caller's pin was removed and the next
// Upsert of the key finds the survivor. The guarantee assumes what the API
// documents (the list is newest first and shows a pin once it is created)
// and that nobody else edits key tags meanwhile. A failed call may leave a
// duplicate behind (for instance a create the server finishes after the
// call gave up); the next Upsert of the key that sees it deletes it.
//
// The key must be 1 to MaxKeyLen bytes of UTF-8 without control
// characters; an invalid key or request costs no request.
// Scopes: pins:read, pins:write. Buckets: read, batch-read, write.
func (s *PinsService) Upsert(ctx context.Context, key string, req *CreatePinRequest, opts ...RequestOption) (*Pin, error) {
	res, err := s.upsert(ctx, []UpsertItem{{Key: key, Request: req}}, opts)
	if it := res.Items[0]; it.Err != nil {
		return nil, fmt.Errorf("pindown: upsert %q: %w", clip(key, 64), it.Err)
	}
	if err != nil {
		return nil, err
	}
	return res.Items[0].Value, nil
}

// UpsertMany is Upsert for many keys at once: one listing, BatchGets of
// the candidates, then BatchCreate and BatchUpdate (50 pins a request) for
// all items, with the same resolution of lost creates and races. It
// returns one outcome per item in input order (see BatchResult.Err); a key
// given twice fails the later item. The returned error is non-nil when the
// lookup itself failed; every item then carries it.
// Cost for k items and n pins: ⌈n/100⌉ list pages, at most ⌈n/100⌉ batch
// reads, ⌈k/50⌉ batch creates and batch updates, plus one check (a list
// page and a batch read) after creating.
// Scopes: pins:read, pins:write. Buckets: read, batch-read, write.
func (s *PinsService) UpsertMany(ctx context.Context, items []UpsertItem, opts ...RequestOption) (*BatchResult[*Pin], error) {
	return s.upsert(ctx, items, opts)
}

// checkKey validates an upsert key.
func checkUpsertKey(key string) error {
	switch {
	case key == "":
		return invalidf("key", "empty")
	case len(key) > MaxKeyLen:
		return invalidf("key", "%d bytes, longer than %d", len(key), MaxKeyLen)
	case !utf8.ValidString(key):
		return invalidf("key", "not valid UTF-8")
	case strings.ContainsFunc(key, unicode.IsControl):
		return invalidf("key", "%q contains control characters", key)
	}
	return nil
}

// upsertItem is one item's state through an upsert.
type upsertItem struct {
	tag     string
	req     *CreatePinRequest // the caller's request with the key tag added
	created *Pin              // the pin this call created, if it did
	maybe   bool              // a create of this call may have landed
	done    bool
}

// upserter is one Upsert or UpsertMany call.
type upserter struct {
	s     *PinsService
	opts  []RequestOption
	items []upsertItem
	res   *BatchResult[*Pin]

	read   map[string]*Pin   // whole pins read by id (nil: read, gone)
	keyed  map[string][]*Pin // pins by key tag
	listed map[string]bool   // ids of the first listing
}

func (s *PinsService) upsert(ctx context.Context, in []UpsertItem, opts []RequestOption) (*BatchResult[*Pin], error) {
	u := &upserter{s: s, opts: opts, items: make([]upsertItem, len(in)), res: &BatchResult[*Pin]{Items: make([]BatchItem[*Pin], len(in))},
		read: map[string]*Pin{}, keyed: map[string][]*Pin{}}
	byKey := map[string]int{}
	pending := 0
	for i, it := range in {
		if err := u.prepare(i, it, byKey); err != nil {
			u.fail(i, err)
			continue
		}
		pending++
	}
	if pending == 0 {
		return u.res, nil
	}
	if err := u.lookup(ctx); err != nil {
		return u.res, u.failAll(err)
	}
	var creates, updates []int
	for i := range u.items {
		if it := &u.items[i]; !it.done {
			if pins := u.keyed[it.tag]; len(pins) > 0 {
				updates = append(updates, i)
			} else {
				creates = append(creates, i)
			}
		}
	}
	u.dedupe(ctx, updates)
	u.update(ctx, updates)
	for round := 0; len(creates) > 0; round++ {
		unsent := u.create(ctx, creates, round)
		var check []int
		for _, i := range creates {
			if it := &u.items[i]; !it.done && (it.created != nil || it.maybe) {
				check = append(check, i)
			}
		}
		if len(check) == 0 {
			creates = unsent
			continue
		}
		if err := u.recheck(ctx); err != nil {
			for _, i := range check {
				u.fail(i, u.unresolved(i, err))
			}
			u.failAll(err)
			break
		}
		creates = append(unsent, u.settle(ctx, check, round)...)
	}
	return u.res, nil
}

// prepare validates item i and adds its key tag to a copy of its request.
func (u *upserter) prepare(i int, it UpsertItem, byKey map[string]int) error {
	if err := checkUpsertKey(it.Key); err != nil {
		return err
	}
	if it.Request == nil {
		return invalidf("CreatePinRequest", "nil")
	}
	if j, dup := byKey[it.Key]; dup {
		return invalidf("key", "%q is also the key of item %d", it.Key, j)
	}
	byKey[it.Key] = i
	tag := KeyTag(it.Key)
	req := *it.Request
	req.Metadata.Tags = make([]string, 0, len(it.Request.Metadata.Tags)+1)
	for _, t := range it.Request.Metadata.Tags {
		switch {
		case t == tag:
		case strings.HasPrefix(t, KeyTagPrefix):
			return invalidf("Metadata.Tags", "%q names another upsert key", t)
		default:
			req.Metadata.Tags = append(req.Metadata.Tags, t)
		}
	}
	req.Metadata.Tags = append(req.Metadata.Tags, tag)
	if _, err := req.encode(); err != nil {
		return err
	}
	u.items[i] = upsertItem{tag: tag, req: &req}
	return nil
}

func (u *upserter) fail(i int, err error) {
	u.items[i].done = true
	u.res.Items[i] = BatchItem[*Pin]{Err: err}
}

func (u *upserter) failAll(err error) error {
	for i := range u.items {
		if !u.items[i].done {
			u.fail(i, err)
		}
	}
	return err
}

func (u *upserter) succeed(i int, p *Pin) {
	u.items[i].done = true
	u.res.Items[i] = BatchItem[*Pin]{Value: p}
}

// unresolved is the error of an item whose create may have landed but
// could not be checked.
func (u *upserter) unresolved(i int, err error) error {
	if u.items[i].maybe && !errors.Is(err, ErrMaybeCreated) {
		return fmt.Errorf("checking whether the pin was created: %w: %w", err, ErrMaybeCreated)
	}
	if c := u.items[i].created; c != nil {
		return fmt.Errorf("pin %s was created, but checking for racing creates failed: %w", c.ID, err)
	}
	return err
}

// pendingTitles returns the titles of the items still pending.
func (u *upserter) pendingTitles() map[string]bool {
	titles := map[string]bool{}
	for _, it := range u.items {
		if !it.done {
			titles[it.req.Metadata.Title] = true
		}
	}
	return titles
}

// lookup lists every pin and reads the candidates: those titled like a
// pending item first, the rest only while some pending key is not found.
func (u *upserter) lookup(ctx context.Context) error {
	sums, err := u.list(ctx, false)
	if err != nil {
		return err
	}
	u.listed = make(map[string]bool, len(sums))
	titles := u.pendingTitles()
	var hinted, rest []string
	for _, p := range sums {
		u.listed[p.ID] = true
		if titles[p.Metadata.Title] {
			hinted = append(hinted, p.ID)
		} else {
			rest = append(rest, p.ID)
		}
	}
	if err := u.readPins(ctx, hinted); err != nil {
		return err
	}
	for _, it := range u.items {
		if !it.done && len(u.keyed[it.tag]) == 0 {
			return u.readPins(ctx, rest)
		}
	}
	return nil
}

// recheckDelay is how long after its creates a recheck looks: creation
// times are in milliseconds, so a racer's pin stamped in the same
// millisecond as ours (which may order before ours) must be visible when
// the recheck decides which pin is the oldest.
const recheckDelay = 5 * time.Millisecond

// recheck looks for pins created since the first listing: the top of the
// list down to the first page that holds a pin listed before.
func (u *upserter) recheck(ctx context.Context) error {
	if err := sleep(ctx, recheckDelay); err != nil {
		return err
	}
	sums, err := u.list(ctx, true)
	if err != nil {
		return err
	}
	var fresh []string
	for _, p := range sums {
		if _, ok := u.read[p.ID]; !ok && !u.listed[p.ID] {
			fresh = append(fresh, p.ID)
		}
	}
	return u.readPins(ctx, fresh)
}

// list pages through the pins, newest first. With top, it stops after the
// first page that holds a pin of the first listing. A listing during which
// the total changed (pins created or deleted meanwhile shift the offset
// pages, so one may have been skipped) is repeated, up to three times in
// all; the pins of every pass are returned.
func (u *upserter) list(ctx context.Context, top bool) ([]*Pin, error) {
	var out []*Pin
	seen := map[string]bool{}
	for pass := 0; pass < 3; pass++ {
		stable, err := u.listPass(ctx, top, seen, &out)
		if err != nil || stable {
			return out, err
		}
	}
	return out, nil
}

// listPass pages through the pins once, adding those not seen to out, and
// reports whether the total stayed the same. Like ListAll, it ends with an
// error rather than follow a server that ignores the offset or keeps
// inventing pins.
func (u *upserter) listPass(ctx context.Context, top bool, seen map[string]bool, out *[]*Pin) (stable bool, err error) {
	o := ListOptions{Limit: maxPageSize}
	total, bound, changed := -1, maxListAll, false
	thisPass := map[string]bool{}
	for {
		page, err := u.s.List(ctx, &o, u.opts...)
		if err != nil {
			return false, err
		}
		if bound == maxListAll && page.Total > 0 { // the first total seen, plus a margin
			bound = page.Total + max(page.Total/10, 2*o.Limit)
		}
		changed = changed || total >= 0 && page.Total != total
		total = page.Total
		old, fresh := false, 0
		for _, p := range page.Items {
			old = old || u.listed[p.ID]
			if !thisPass[p.ID] {
				thisPass[p.ID], fresh = true, fresh+1
			}
			if !seen[p.ID] {
				seen[p.ID] = true
				*out = append(*out, p)
			}
		}
		switch {
		case fresh == 0 && page.entries >= o.Limit:
			return false, fmt.Errorf("pindown: upsert: %w: the full page at offset %d repeats pins already listed; the server seems to ignore the offset", ErrServer, o.Offset)
		case len(thisPass) > bound:
			return false, fmt.Errorf("pindown: upsert: %w: the server keeps sending new pins, %d so far", ErrServer, len(thisPass))
		}
		o.Offset += page.entries
		if old && top || page.entries < o.Limit || page.Total > 0 && o.Offset >= page.Total {
			return !changed, nil
		}
	}
}

// readPins reads the pins of ids not read yet and files those with a key
// tag by key.
func (u *upserter) readPins(ctx context.Context, ids []string) error {
	ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { _, ok := u.read[id]; return ok })
	if len(ids) == 0 {
		return nil
	}
	got, err := u.s.BatchGet(ctx, ids, u.opts...)
	if err != nil {
		return err
	}
	for _, id := range ids {
		u.read[id] = nil
	}
	for _, p := range got.Found {
		u.read[p.ID] = p
		for _, t := range p.Metadata.Tags {
			if strings.HasPrefix(t, KeyTagPrefix) {
				u.keyed[t] = append(u.keyed[t], p)
			}
		}
	}
	for t := range u.keyed {
		slices.SortFunc(u.keyed[t], older)
		u.keyed[t] = slices.CompactFunc(u.keyed[t], func(a, b *Pin) bool { return a.ID == b.ID })
	}
	return nil
}

// older orders pins oldest first: by creation time, ties by id.
func older(a, b *Pin) int {
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// update makes the winning pin of each item look like its request,
// skipping pins that already do.
func (u *upserter) update(ctx context.Context, idx []int) {
	type change struct {
		i   int
		win *Pin
		req *UpdatePinRequest
	}
	var changes []change
	for _, i := range idx {
		it := &u.items[i]
		win := u.keyed[it.tag][0]
		if satisfies(win, it.req) {
			u.succeed(i, win)
			continue
		}
		changes = append(changes, change{i, win, updateFrom(it.req)})
	}
	switch len(changes) {
	case 0:
	case 1:
		c := changes[0]
		r, err := u.s.Update(ctx, c.win.ID, c.req, u.opts...)
		if err != nil {
			u.fail(c.i, err)
			return
		}
		u.succeed(c.i, applied(c.win, u.items[c.i].req, r.UpdatedAt))
	default:
		batch := make([]*BatchUpdateItem, len(changes))
		for j, c := range changes {
			batch[j] = &BatchUpdateItem{ID: c.win.ID, UpdatePinRequest: *c.req}
		}
		res, _ := u.s.BatchUpdate(ctx, batch, u.opts...)
		for j, c := range changes {
			if err := res.Items[j].Err; err != nil {
				u.fail(c.i, err)
				continue
			}
			u.succeed(c.i, applied(c.win, u.items[c.i].req, c.win.UpdatedAt))
		}
	}
}

// create creates the pins of the items idx, recording which were created
// and which may have been. It returns the items a failure of an earlier
// batch chunk left unsent, to be created in the next round (up to the
// third).
func (u *upserter) create(ctx context.Context, idx []int, round int) (unsent []int) {
	if len(idx) == 1 {
		i := idx[0]
		p, err := u.s.Create(ctx, u.items[i].req, u.opts...)
		u.created(i, p, err)
		return nil
	}
	reqs := make([]*CreatePinRequest, len(idx))
	for j, i := range idx {
		reqs[j] = u.items[i].req
	}
	res, _ := u.s.BatchCreate(ctx, reqs, u.opts...)
	for j, i := range idx {
		if err := res.Items[j].Err; errors.Is(err, ErrNotSent) && ctx.Err() == nil && round < 2 {
			unsent = append(unsent, i)
			continue
		}
		u.created(i, res.Items[j].Value, res.Items[j].Err)
	}
	return unsent
}

func (u *upserter) created(i int, p *Pin, err error) {
	it := &u.items[i]
	switch {
	case err == nil:
		it.created = p
	case errors.Is(err, ErrMaybeCreated):
		it.maybe = true
	default:
		u.fail(i, err)
	}
}

// settle resolves the items idx after a recheck: the oldest pin of the key
// wins, the others are deleted, and the winner is updated to the item's
// request unless it is the pin this call created. It returns the items
// whose create provably did not land (their key has no pin at all), to be
// created again; after three rounds those fail.
func (u *upserter) settle(ctx context.Context, idx []int, round int) (again []int) {
	var updates []int
	for _, i := range idx {
		it := &u.items[i]
		pins := u.keyed[it.tag]
		if it.created != nil && !slices.ContainsFunc(pins, func(p *Pin) bool { return p.ID == it.created.ID }) {
			// Not listed yet: it exists all the same.
			pins = append(pins, it.created)
			slices.SortFunc(pins, older)
			u.keyed[it.tag] = pins
		}
		if len(pins) == 0 {
			it.maybe = false
			if round < 2 {
				again = append(again, i)
			} else {
				u.fail(i, fmt.Errorf("%w: the pin was not created after three attempts whose responses were lost", ErrServer))
			}
			continue
		}
		if it.created != nil && pins[0].ID == it.created.ID {
			u.succeed(i, it.created)
		} else {
			// A racing call's pin, or ours whose response was lost: bring it
			// to this request (unless it already is).
			updates = append(updates, i)
		}
	}
	u.dedupe(ctx, idx)
	u.update(ctx, updates)
	return again
}

// dedupe deletes every pin of the keys of the items idx but the oldest. A
// pin already gone counts as deleted; other failures leave the duplicate
// for a later call and do not fail the item.
func (u *upserter) dedupe(ctx context.Context, idx []int) {
	var extra []string
	for _, i := range idx {
		tag := u.items[i].tag
		if pins := u.keyed[tag]; len(pins) > 1 {
			for _, p := range pins[1:] {
				extra = append(extra, p.ID)
			}
			u.keyed[tag] = pins[:1]
		}
	}
	if len(extra) > 0 {
		_, _ = u.s.BatchDelete(ctx, extra, u.opts...)
	}
}

// updateFrom is the update that makes a pin look like r.
func updateFrom(r *CreatePinRequest) *UpdatePinRequest {
	return &UpdatePinRequest{
		Config: r.Config, Layout: r.Layout, IsPublic: Ptr(r.IsPublic),
		Title: Ptr(r.Metadata.Title), Description: Ptr(r.Metadata.Description), Tags: r.Metadata.Tags,
	}
}

// applied is p after the update from r.
func applied(p *Pin, r *CreatePinRequest, updatedAt time.Time) *Pin {
	q := *p
	q.Metadata = Metadata{Title: r.Metadata.Title, Description: r.Metadata.Description, Tags: slices.Clone(r.Metadata.Tags)}
	if r.Config != nil {
		q.Config, q.Type = asPointer(r.Config), r.Config.PinType()
	}
	if r.Layout != "" {
		q.Layout = r.Layout
	}
	q.IsPublic = r.IsPublic
	if !updatedAt.IsZero() {
		q.UpdatedAt = updatedAt
	}
	return &q
}

// satisfies reports whether p already looks as r asks, so that an update
// would change nothing. In doubt it says no.
func satisfies(p *Pin, r *CreatePinRequest) bool {
	if p.Metadata.Title != r.Metadata.Title || p.Metadata.Description != r.Metadata.Description ||
		p.IsPublic != r.IsPublic || r.Layout != "" && p.Layout != r.Layout ||
		!sameSet(p.Metadata.Tags, r.Metadata.Tags) {
		return false
	}
	if r.Config == nil {
		return true
	}
	if p.Config == nil || p.Config.PinType() != r.Config.PinType() {
		return false
	}
	want, err1 := pintypes.Encode(r.Config)
	got, err2 := pintypes.Encode(p.Config)
	return err1 == nil && err2 == nil && bytes.Equal(want, got)
}

func sameSet(a, b []string) bool {
	x, y := slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}
