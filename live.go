package pindown

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/pindownai/client-go/pintypes"
)

// ErrLiveClosed is returned by Live's methods after Close.
var ErrLiveClosed = errors.New("pindown: live updates: closed")

// Live keeps many pins up to date from an application that changes them at
// any rate. It holds the latest pending change of each pin, merging changes
// (a later Set of the config and an earlier change of the title both
// survive), and sends them in BatchUpdate requests of up to 50 pins, one
// request every W/N of the client's write budget (N writes per window W):
// evenly paced, never a burst then a stall. Pins are sent oldest change
// first, so every pin waits at most about ⌈P/50⌉·W/N for P pins changing
// at once. A pin has at most one request in flight, so a later change is
// never overwritten by an earlier one.
//
// Failures are per pin and reach the function given to WithLiveErrors; the
// other pins go on. A pin that no longer exists (ErrNotFound) is dropped:
// its pending change is discarded and later changes of it are refused. A
// request that failed as a whole (the server, the network, a wait longer
// than WithMaxWait) is tried again with the pins' newer changes merged on
// top, up to five times.
//
// Live is safe for concurrent use. Its goroutines start with the first
// change; Close stops them, and none outlives it.
type Live struct {
	c        *Client
	interval time.Duration // between two requests; 0: unpaced
	onErr    func(id string, err error)
	maxPins  int // per request
	inFlight int // requests in flight at most

	mu       sync.Mutex
	pending  map[string]*liveChange
	queue    []string        // pending ids, oldest change first (ids also in flight wait their turn)
	sending  map[string]bool // ids in a request without a response yet
	gone     map[string]bool // pins found not to exist
	waiters  []*liveWaiter
	requests int // in flight
	seq      uint64
	closed   bool
	started  bool
	stats    LiveStats
	wake     chan struct{}
	ctx      context.Context // the requests'; cancelled by Close when its context ends
	cancel   context.CancelFunc
	wg       sync.WaitGroup
}

// liveChange is a pin's pending change: every change since its last
// request, merged.
type liveChange struct {
	req      UpdatePinRequest
	since    time.Time // when the oldest change merged in was made
	seq      uint64    // the latest change's sequence number
	failures int       // requests in a row that failed as a whole
}

// liveWaiter is a Flush waiting for the changes pending when it began.
type liveWaiter struct {
	want map[string]uint64
	done chan struct{}
}

// LiveOption configures a Live.
type LiveOption func(*Live)

// WithLiveErrors makes Live call f with the pin's id and the error of
// every change that failed (a pin not found, a change the server refused,
// a request that failed too often). f runs on one of Live's goroutines; it
// must return quickly and may call Set and Update.
func WithLiveErrors(f func(id string, err error)) LiveOption {
	return func(l *Live) { l.onErr = f }
}

// WithLiveRate paces Live at n requests per d instead of the client's
// whole write budget, for example to leave room for other writes of the
// same client: WithLiveRate(60, time.Minute) of a budget of 90. n ≤ 0
// sends as fast as the client's budget admits.
func WithLiveRate(n int, d time.Duration) LiveOption {
	return func(l *Live) {
		l.interval = 0
		if n > 0 && d > 0 {
			l.interval = d / time.Duration(n)
		}
	}
}

// NewLive returns a Live that sends through c, paced by c's write budget.
// Call Close when done.
func NewLive(c *Client, opts ...LiveOption) *Live {
	l := &Live{
		c: c, maxPins: batchWriteChunk, inFlight: 4,
		pending: map[string]*liveChange{}, sending: map[string]bool{}, gone: map[string]bool{},
		wake: make(chan struct{}, 1),
	}
	if n, span := c.writePace(); n > 0 {
		l.interval = span / time.Duration(n)
	}
	for _, o := range opts {
		if o != nil {
			o(l)
		}
	}
	l.ctx, l.cancel = context.WithCancel(context.Background())
	return l
}

// writePace is the client's write budget: n requests per span, span being
// the window plus the margins the pacer keeps; n is 0 when unlimited.
func (c *Client) writePace() (n int, span time.Duration) {
	b, ok := c.budget.(*Budget)
	if !ok {
		d := DefaultRateLimits
		return d.Write, d.Window + jitterMargin(d.Window)
	}
	p := b.bucket(BucketWrite)
	if p == nil || p.limit == 0 {
		return 0, 0
	}
	return p.limit, p.window + p.margin + 2*p.log.bin
}

// Set makes cfg the pin's new content (and type). See Update.
func (l *Live) Set(id string, cfg pintypes.Config) error {
	return l.Update(id, &UpdatePinRequest{Config: cfg})
}

// Update queues a change of a pin, merged into its pending change: the
// fields set in req replace those pending, the others pending stay. An
// invalid change is refused at once, as are changes of a pin found not to
// exist (ErrNotFound) and changes after Close (ErrLiveClosed).
func (l *Live) Update(id string, req *UpdatePinRequest) error {
	if err := checkID(id); err != nil {
		return fmt.Errorf("pindown: live update: %w", err)
	}
	if req == nil {
		return fmt.Errorf("pindown: live update: %w", invalidf("UpdatePinRequest", "nil"))
	}
	if _, err := req.encode(id); err != nil {
		return fmt.Errorf("pindown: live update %s: %w", id, err)
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.closed:
		return ErrLiveClosed
	case l.gone[id]:
		return fmt.Errorf("pindown: live update %s: %w (dropped earlier)", id, ErrNotFound)
	}
	l.seq++
	l.stats.Updates++
	if ch := l.pending[id]; ch != nil {
		ch.req = merged(ch.req, *req)
		ch.seq = l.seq
		l.stats.Coalesced++
	} else {
		l.pending[id] = &liveChange{req: merged(UpdatePinRequest{}, *req), since: now, seq: l.seq}
		l.queue = append(l.queue, id)
	}
	if !l.started {
		l.started = true
		l.wg.Add(1)
		go l.run()
	}
	l.signal()
	return nil
}

// merged is base with the fields set in top replacing its own. The
// config is copied, so that the caller may reuse its value.
func merged(base, top UpdatePinRequest) UpdatePinRequest {
	if top.Config != nil {
		base.Config = top.Config
	}
	if top.Layout != "" {
		base.Layout = top.Layout
	}
	if top.IsPublic != nil {
		base.IsPublic = Ptr(*top.IsPublic)
	}
	if top.Title != nil {
		base.Title = Ptr(*top.Title)
	}
	if top.Description != nil {
		base.Description = Ptr(*top.Description)
	}
	if top.Tags != nil {
		base.Tags = append([]string{}, top.Tags...)
	}
	return base
}

func (l *Live) signal() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// run is the sender: it waits for a pending change, for its turn in the
// pace, and for a free request slot, then sends the oldest changes.
func (l *Live) run() {
	defer l.wg.Done()
	var next time.Time
	for {
		l.mu.Lock()
		ready := l.ready()
		stop := l.closed && len(l.pending) == 0 && l.requests == 0
		l.mu.Unlock()
		if stop || l.ctx.Err() != nil {
			return
		}
		if !ready {
			select {
			case <-l.wake:
			case <-l.ctx.Done():
			}
			continue
		}
		if d := time.Until(next); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-l.ctx.Done():
				t.Stop()
				continue
			}
		}
		l.mu.Lock()
		batch := l.take()
		l.mu.Unlock()
		if len(batch) == 0 {
			continue
		}
		// The next request is due an interval after this one was due, so
		// that late timers do not slow the pace; after an idle spell, an
		// interval from now (no burst to catch up).
		start := time.Now()
		next = next.Add(l.interval)
		if next.Before(start) {
			next = start.Add(l.interval)
		}
		l.wg.Add(1)
		go l.send(start, batch)
	}
}

// ready reports whether a request can go: a pin not in flight has a
// change, and a request slot is free. l.mu is held.
func (l *Live) ready() bool {
	if l.requests >= l.inFlight {
		return false
	}
	for _, id := range l.queue {
		if !l.sending[id] {
			return true
		}
	}
	return false
}

// liveSent is one pin's change in a request.
type liveSent struct {
	id     string
	change *liveChange
}

// take removes up to maxPins changes of pins not in flight from the queue,
// oldest first, and marks them in flight. l.mu is held.
func (l *Live) take() []liveSent {
	if l.requests >= l.inFlight {
		return nil
	}
	var batch []liveSent
	kept := l.queue[:0]
	for _, id := range l.queue {
		if len(batch) < l.maxPins && !l.sending[id] {
			batch = append(batch, liveSent{id, l.pending[id]})
			delete(l.pending, id)
			l.sending[id] = true
			continue
		}
		kept = append(kept, id)
	}
	clear(l.queue[len(kept):])
	l.queue = kept
	if len(batch) > 0 {
		l.requests++
		l.stats.Requests++
		l.stats.PinsSent += uint64(len(batch))
	}
	return batch
}

// send sends one request and files its outcome. The outcome is filed under
// l.mu; the error function runs and the Flushes it completes are released
// only after l.mu is unlocked, in that order, so a Flush returns after its
// errors were reported and the error function may call Set and Update.
func (l *Live) send(start time.Time, batch []liveSent) {
	defer l.wg.Done()
	res, err := l.c.Pins.BatchUpdate(l.ctx, liveItems(batch))
	var reports []liveReport
	var released []*liveWaiter
	l.mu.Lock()
	for i, b := range batch {
		delete(l.sending, b.id)
		done, rep := l.file(start, b, liveItemErr(res, err, i))
		released = append(released, done...)
		if rep != nil {
			reports = append(reports, *rep)
		}
	}
	l.requests--
	l.mu.Unlock()
	l.signal()
	if l.onErr != nil {
		for _, r := range reports {
			l.onErr(r.id, r.err)
		}
	}
	for _, w := range released {
		close(w.done)
	}
}

// liveReport is a pin change given up on, for the error function.
type liveReport struct {
	id  string
	err error
}

// liveItems is the BatchUpdate request for batch.
func liveItems(batch []liveSent) []*BatchUpdateItem {
	items := make([]*BatchUpdateItem, len(batch))
	for i, b := range batch {
		items[i] = &BatchUpdateItem{ID: b.id, UpdatePinRequest: b.change.req}
	}
	return items
}

// liveItemErr is the outcome of item i of a BatchUpdate that returned res
// and err: the item's own error, or else the request's.
func liveItemErr(res *BatchResult[string], err error, i int) error {
	var itemErr error
	if res != nil && i < len(res.Items) {
		itemErr = res.Items[i].Err
	}
	if itemErr == nil && err != nil {
		itemErr = err
	}
	return itemErr
}

// file records the outcome itemErr of the sent change b: done, dropped
// (the pin is gone), queued again, or given up. It returns the Flushes it
// completes and, when the change failed for good, the report for the error
// function. l.mu is held.
func (l *Live) file(start time.Time, b liveSent, itemErr error) ([]*liveWaiter, *liveReport) {
	switch {
	case itemErr == nil:
		l.stats.Staleness.add(start.Sub(b.change.since))
		return l.ack(b.id, b.change.seq), nil
	case errors.Is(itemErr, ErrNotFound):
		return l.drop(b), &liveReport{b.id, fmt.Errorf("pindown: live update %s: %w; the pin is dropped", b.id, itemErr)}
	case l.retryable(itemErr) && b.change.failures < 4:
		l.requeue(b)
		return nil, nil
	default:
		released := l.ack(b.id, b.change.seq)
		l.stats.Failed++
		return released, &liveReport{b.id, fmt.Errorf("pindown: live update %s: %w", b.id, itemErr)}
	}
}

// drop forgets the pin of b, which the server no longer has, with any
// change made to it since b was taken, and returns the Flushes that
// completes. l.mu is held.
func (l *Live) drop(b liveSent) []*liveWaiter {
	l.gone[b.id] = true
	if ch := l.pending[b.id]; ch != nil {
		delete(l.pending, b.id)
		l.queue = slices.DeleteFunc(l.queue, func(id string) bool { return id == b.id })
		b.change.seq = ch.seq
	}
	released := l.ack(b.id, b.change.seq)
	l.stats.Failed++
	return released
}

// requeue puts the failed change b back in the queue to be sent again,
// under any newer change of the same pin. l.mu is held.
func (l *Live) requeue(b liveSent) {
	b.change.failures++
	if ch := l.pending[b.id]; ch != nil { // newer changes go on top
		ch.req, ch.since = merged(b.change.req, ch.req), b.change.since
		ch.failures = b.change.failures
	} else {
		l.pending[b.id] = b.change
		l.queue = append(l.queue, b.id)
	}
}

// retryable reports whether a failed change may succeed when sent again.
// l.mu is held.
func (l *Live) retryable(err error) bool {
	if l.ctx.Err() != nil {
		return false
	}
	return errors.Is(err, ErrServer) || errors.Is(err, ErrRateLimited) || errors.Is(err, ErrNotSent) || !errors.As(err, new(*APIError)) && !errors.As(err, new(*itemError))
}

// ack records that the change seq of id is done (sent or given up) and
// returns the Flushes it completes, for the caller to release once it has
// reported the errors (a Flush returns after its errors were reported). A
// pin has one request in flight at a time, so its acks come in order. l.mu
// is held.
func (l *Live) ack(id string, seq uint64) (done []*liveWaiter) {
	kept := l.waiters[:0]
	for _, w := range l.waiters {
		if want, ok := w.want[id]; ok && seq >= want {
			delete(w.want, id)
		}
		if len(w.want) == 0 {
			done = append(done, w)
			continue
		}
		kept = append(kept, w)
	}
	clear(l.waiters[len(kept):])
	l.waiters = kept
	return done
}

// Flush sends every change pending when it is called and waits until each
// has had its response (or been reported to the error function). Changes made
// meanwhile are sent in their turn but not waited for. It returns early
// with the context's error.
func (l *Live) Flush(ctx context.Context) error {
	l.mu.Lock()
	w := &liveWaiter{want: map[string]uint64{}, done: make(chan struct{})}
	for id, ch := range l.pending {
		w.want[id] = ch.seq
	}
	for id := range l.sending {
		if _, ok := w.want[id]; !ok {
			w.want[id] = 0 // only in flight: its response will do
		}
	}
	if len(w.want) == 0 {
		l.mu.Unlock()
		return nil
	}
	l.waiters = append(l.waiters, w)
	l.mu.Unlock()
	select {
	case <-w.done:
		return nil
	case <-ctx.Done():
		l.mu.Lock()
		l.waiters = slices.DeleteFunc(l.waiters, func(x *liveWaiter) bool { return x == w })
		l.mu.Unlock()
		return fmt.Errorf("pindown: live flush: %w", ctx.Err())
	}
}

// Close refuses further changes, flushes the pending ones, and stops.
// When ctx ends first, requests in flight are cancelled, the changes not
// sent are reported to the error function (matching ErrNotSent), and
// Close returns the context's error. Either way no goroutine of l runs
// after Close returns.
func (l *Live) Close(ctx context.Context) error {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	l.signal()
	err := l.Flush(ctx)
	l.cancel()
	l.wg.Wait()
	l.mu.Lock()
	dropped := append([]string(nil), l.queue...)
	l.queue, l.pending = nil, map[string]*liveChange{}
	l.mu.Unlock()
	if l.onErr != nil {
		for _, id := range dropped {
			l.onErr(id, fmt.Errorf("pindown: live update %s: %w: closed before it was sent", id, ErrNotSent))
		}
	}
	if err != nil {
		return fmt.Errorf("pindown: live close: %w", errors.Unwrap(err))
	}
	return nil
}

// LiveStats are a Live's counters since it was made.
type LiveStats struct {
	Pending   int    // pins with a change waiting to be sent
	InFlight  int    // pins in requests without a response yet
	Updates   uint64 // changes accepted by Set and Update
	Coalesced uint64 // changes merged into one already pending (never sent on their own)
	Requests  uint64 // batch requests sent
	PinsSent  uint64 // pin changes those requests carried
	Failed    uint64 // pin changes reported to the error function
	// Staleness is, for every pin change that succeeded, the time from the
	// oldest change it carried (the first Set after the pin's previous
	// request) to the request that carried it.
	Staleness DurationHistogram
}

// Stats returns a snapshot of l's counters.
func (l *Live) Stats() LiveStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.stats
	s.Staleness.counts = slices.Clone(s.Staleness.counts)
	s.Pending, s.InFlight = len(l.pending), len(l.sending)
	return s
}

// DurationHistogram counts durations in buckets about 4.4% wide (16 per doubling,
// from a microsecond), so that its quantiles are within that of the truth.
type DurationHistogram struct {
	counts []uint64
	n      uint64
	max    time.Duration
}

const histPerDoubling = 16

func (h *DurationHistogram) add(d time.Duration) {
	i := 0
	if d > time.Microsecond {
		i = int(math.Ceil(histPerDoubling * math.Log2(float64(d)/float64(time.Microsecond))))
	}
	if i >= len(h.counts) {
		h.counts = append(h.counts, make([]uint64, i+1-len(h.counts))...)
	}
	h.counts[i]++
	h.n++
	h.max = max(h.max, d)
}

// Count is the number of durations counted.
func (h DurationHistogram) Count() uint64 { return h.n }

// Max is the longest duration counted (of all, also after Sub).
func (h DurationHistogram) Max() time.Duration { return h.max }

// Quantile returns the q-quantile (0 < q ≤ 1) of the durations: the upper
// bound of the bucket that holds it. 0 when none were counted.
func (h DurationHistogram) Quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(h.n)))
	var seen uint64
	for i, c := range h.counts {
		if seen += c; seen >= max(rank, 1) {
			return time.Duration(float64(time.Microsecond) * math.Exp2(float64(i)/histPerDoubling))
		}
	}
	return h.max
}

// Sub returns the durations of h not in earlier, a snapshot of the same
// histogram taken before: the distribution between the two snapshots.
func (h DurationHistogram) Sub(earlier DurationHistogram) DurationHistogram {
	out := DurationHistogram{counts: slices.Clone(h.counts), n: h.n - earlier.n, max: h.max}
	for i, c := range earlier.counts {
		out.counts[i] -= c
	}
	return out
}
