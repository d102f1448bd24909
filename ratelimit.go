package pindown

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// RateLimits is the number of requests the server admits per rolling Window,
// one limit per rate bucket. A zero field takes its value from
// DefaultRateLimits; Unlimited turns client-side pacing of that bucket off.
type RateLimits struct {
	Read      int // single-pin reads and list pages
	BatchRead int // pin batch gets
	Write     int // pin creates, updates, deletes, shares and batch writes

	PinboardRead      int // pinboard gets and list pages
	PinboardBatchRead int // pinboard batch gets
	PinboardWrite     int // every other pinboard call
	PageRead          int // page gets, list pages, a page's pins and invitations
	PageWrite         int // every other page call

	Window time.Duration // the rolling window the limits count over
}

// Unlimited, as a RateLimits field, means the bucket is not limited.
const Unlimited = -1

// DefaultRateLimits are the production limits per API key: for pins 120
// reads, 60 batch reads and 90 writes per rolling 60 seconds (published);
// for pinboards and pages the same sizes in buckets of their own (assumed:
// no limits are published for them).
var DefaultRateLimits = RateLimits{
	Read: 120, BatchRead: 60, Write: 90,
	PinboardRead: 120, PinboardBatchRead: 60, PinboardWrite: 90,
	PageRead: 120, PageWrite: 90,
	Window: time.Minute,
}

func (l RateLimits) validate() error {
	if l.Read < 0 || l.BatchRead < 0 || l.Write < 0 {
		return fmt.Errorf("%w: RateLimits: limits must not be negative (got %+v)", ErrInvalidRequest, l)
	}
	if l.Window < 0 {
		return fmt.Errorf("%w: RateLimits.Window: must not be negative", ErrInvalidRequest)
	}
	return nil
}

// Bucket names a rate bucket of the API. Every operation spends one request
// of exactly one bucket, whatever a batch's item count.
type Bucket string

// The API's rate buckets.
const (
	BucketRead              Bucket = "read"
	BucketBatchRead         Bucket = "batch-read"
	BucketWrite             Bucket = "write"
	BucketPinboardRead      Bucket = "pinboards-read"
	BucketPinboardBatchRead Bucket = "pinboards-batch-read"
	BucketPinboardWrite     Bucket = "pinboards-write"
	BucketPageRead          Bucket = "pages-read"
	BucketPageWrite         Bucket = "pages-write"
)

// Budget is the client-side rate budget of one API key: one pacer per bucket.
// Every client has its own unless clients on the same key share one with
// WithBudget, which keeps their combined pace within the key's limits.
//
// Each bucket paces in one of two modes:
//
//   - Window mirror (the default). The server admits a request iff fewer than N
//     were admitted in the last W, so the budget remembers the last N send
//     times and lets a request go iff fewer than N fall in the last W+J, J being
//     a margin for latency jitter. A burst of N goes at once and the sustained
//     pace is N per W: the server's whole allowance, and never a 429 from a
//     server that counts exactly and a key used by this process alone.
//   - Smooth. An x/time/rate token bucket with burst + rate·(W+J) ≤ N·share
//     (a plain NewLimiter(N/W, N) would let ~2N through in the first window).
//     Used after a 429 the mirror did not predict (a server whose "rolling
//     window" is an approximate counter says no earlier near its slot edges,
//     or another process spends the same key), and from the start when a
//     share below 1 is declared. A further unexpected 429 cuts the pace to
//     0.7 of itself (at most once per half window, the time a cut takes
//     to show), each half window without one raises it by half, and after a
//     quiet period at full pace the bucket returns to the mirror; a 429
//     soon after that return starts again from 0.7. Clients sharing
//     a key thus settle near their fair shares instead of trading 429s.
//
// A 429 also holds the whole bucket until the server's reset, so that other
// goroutines wait instead of piling in, and moves the mirror's window to the
// server's view.
type Budget struct {
	buckets [3]*pacer // read, batch-read, write: see bucket
}

// NewBudget returns a budget for limits, of which this process may use the
// fraction share: 1 when the key is this process's alone, 1/K when K
// processes share it evenly. A share below 1 paces smoothly from the start.
func NewBudget(limits RateLimits, share float64) (*Budget, error) {
	if err := limits.validate(); err != nil {
		return nil, err
	}
	if !(share > 0 && share <= 1) {
		return nil, fmt.Errorf("%w: NewBudget: share must be in (0, 1], got %v", ErrInvalidRequest, share)
	}
	w := limits.Window
	if w == 0 {
		w = DefaultRateLimits.Window
	}
	b := &Budget{}
	for i, n := range [3]int{limits.Read, limits.BatchRead, limits.Write} {
		b.buckets[i] = newPacer(n, w, share)
	}
	return b, nil
}

// unlimitedBudget paces nothing, but still holds a bucket when the server
// says to wait.
func unlimitedBudget() *Budget {
	b, _ := NewBudget(RateLimits{}, 1)
	return b
}

func (b *Budget) bucket(name Bucket) *pacer {
	switch name {
	case BucketRead:
		return b.buckets[0]
	case BucketBatchRead:
		return b.buckets[1]
	default:
		return b.buckets[2]
	}
}

// jitterMargin is J: how much later than the server the client lets a send
// leave its window. It covers the spread of the delay between taking a permit
// and the request's arrival; a small share of W, never below what a loaded
// machine's scheduling adds, never more than a second.
func jitterMargin(w time.Duration) time.Duration {
	return min(max(w/100, 20*time.Millisecond), time.Second)
}

// pacer is one bucket's budget.
type pacer struct {
	limit  int // requests per window for this process (N·share); 0: unlimited
	window time.Duration
	margin time.Duration
	share  float64

	mu sync.Mutex
	// sends holds the last limit sends, oldest first: when each got its
	// permit, moved to when its answer came (by then the server has counted
	// it, however long it took to get there). A send still in flight keeps
	// its slot however old its permit: the server may count it any time.
	sends     []slot
	heldUntil time.Time // no permit before this instant (server said so)
	strikes   int       // 429s in a row without a server-given reset

	smooth    *rate.Limiter // nil while mirroring
	pace      float64       // fraction of the allowance smooth mode uses
	raisedAt  time.Time     // when pace last changed
	calmUntil time.Time     // back to the mirror when reached at full pace without a 429
	quiet     time.Duration // current quiet period
	incident  time.Time     // when the last unexpected 429 was handled
	cutAt     time.Time     // when the pace was last cut
}

func newPacer(n int, w time.Duration, share float64) *pacer {
	p := &pacer{window: w, margin: jitterMargin(w), share: share, pace: 1, quiet: 4 * w}
	if n > 0 {
		p.limit = max(1, int(math.Floor(float64(n)*share)))
		p.sends = make([]slot, p.limit)
	}
	if share < 1 && p.limit > 0 {
		p.smooth = p.newLimiter(time.Now(), false) // and calmUntil stays zero: a declared share stays smooth
	}
	return p
}

// smoothRate is the token bucket for the current pace:
// burst + rate·(W+J) = pace·limit.
func (p *pacer) smoothRate() (rate.Limit, int) {
	allowance := max(1, p.pace*float64(p.limit))
	burst := max(1, int(allowance/30)) // small: smooth mode is for throughput near a server that says no early
	perSecond := max(allowance-float64(burst), 1) / (p.window + p.margin).Seconds()
	return rate.Limit(perSecond), burst
}

// newLimiter returns a token bucket for the current pace. After a 429
// (drained) it starts with a single token: the server has just one free
// slot at its reset.
func (p *pacer) newLimiter(now time.Time, drained bool) *rate.Limiter {
	r, burst := p.smoothRate()
	l := rate.NewLimiter(r, burst)
	if drained && burst > 1 {
		l.ReserveN(now, burst-1) // one request at the reset, then the pace
	}
	return l
}

// wait blocks until the bucket admits one request, records it, and
// returns the permit's time: the send's identity when its answer (observe)
// or failure (failed) is reported. onWait, if not nil, hears of the first
// wait.
func (p *pacer) wait(ctx context.Context, onWait func(time.Duration)) (time.Time, error) {
	for first := true; ; first = false {
		now := time.Now()
		d := p.reserve(now)
		if d <= 0 {
			return now, nil
		}
		if first && onWait != nil {
			onWait(d)
		}
		if err := sleep(ctx, d); err != nil {
			return time.Time{}, err
		}
	}
}

// reserve takes a permit at now and returns 0, or returns how long to wait
// before asking again.
func (p *pacer) reserve(now time.Time) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if now.Before(p.heldUntil) {
		return p.heldUntil.Sub(now)
	}
	if p.limit == 0 {
		return 0
	}
	i, wait := p.freeSlot(now)
	if wait > 0 {
		return wait
	}
	if p.smooth != nil {
		p.recover(now)
	}
	if p.smooth != nil {
		r := p.smooth.ReserveN(now, 1)
		if d := r.DelayFrom(now); d > 0 {
			r.CancelAt(now)
			return d
		}
	}
	p.replace(i, slot{at: now, open: true})
	return 0
}

// maxInFlight bounds how long a send is taken to be in flight: every
// attempt ends (answer, error or attempt timeout) long before, and a slot
// whose end was somehow never reported must not be lost for good.
const maxInFlight = 5 * time.Minute

// slot is one send of the mirror.
type slot struct {
	at   time.Time // its permit, or its answer once answered
	open bool      // in flight: neither answered nor failed yet
}

// freeSlot returns the oldest slot whose send has left the window and is
// not in flight, or how long until one will have.
func (p *pacer) freeSlot(now time.Time) (int, time.Duration) {
	wait := time.Duration(-1)
	for i, sl := range p.sends {
		if sl.open && now.Sub(sl.at) < p.window+maxInFlight {
			continue
		}
		free := sl.at.Add(p.window + p.margin)
		if !now.Before(free) {
			return i, 0
		}
		wait = free.Sub(now) // the oldest closed slot frees first
		break
	}
	if wait < 0 { // every slot in flight: look again soon
		wait = p.margin
	}
	return -1, wait
}

// replace removes slot i and appends sl as the newest (sl.at is now, at or
// after every other slot's time, so the slots stay in order).
func (p *pacer) replace(i int, sl slot) {
	copy(p.sends[i:], p.sends[i+1:])
	p.sends[len(p.sends)-1] = sl
}

// closeSend marks the send permitted at sentAt as no longer in flight; if
// answered, it is moved to now, when the server had surely counted it.
func (p *pacer) closeSend(sentAt, now time.Time, answered bool) {
	for i := len(p.sends) - 1; i >= 0; i-- {
		if sl := p.sends[i]; sl.open && sl.at.Equal(sentAt) {
			if answered {
				p.replace(i, slot{at: now})
			} else {
				p.sends[i].open = false
			}
			return
		}
	}
}

// failed tells the bucket that the send permitted at sentAt got no answer
// (a connection error, a timeout, a cancellation).
func (p *pacer) failed(sentAt time.Time) {
	if p.limit == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closeSend(sentAt, time.Time{}, false)
}

// recover raises the smooth pace by half (a tenth at least) for every half
// window without an unexpected 429 (a client left alone on a shared key
// gets its speed back within a window or two), and returns to the mirror
// once at full pace and quiet long enough.
func (p *pacer) recover(now time.Time) {
	if p.share < 1 {
		return
	}
	raised := false
	for p.pace < 1 && now.Sub(p.raisedAt) >= p.window/2 {
		p.pace = min(1, max(p.pace*1.5, p.pace+0.1))
		p.raisedAt = p.raisedAt.Add(p.window / 2)
		raised = true
	}
	if raised {
		r, burst := p.smoothRate()
		p.smooth.SetLimitAt(now, r)
		p.smooth.SetBurstAt(now, burst)
	}
	if p.pace >= 1 && !now.Before(p.calmUntil) {
		p.smooth = nil
	}
}

// serverView is what a response said about its bucket.
type serverView struct {
	limited bool      // the answer was 429
	resetAt time.Time // when the server said to try again (zero: it did not)
}

// observe corrects the bucket from a response to a request permitted at
// sentAt, and reports until when the bucket is held (zero if it is not).
func (p *pacer) observe(now, sentAt time.Time, v serverView) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !v.limited {
		p.strikes = 0
		p.answered(sentAt, now)
		if !v.resetAt.After(now) { // no Retry-After
			return time.Time{}
		}
		if v.resetAt.After(p.heldUntil) {
			p.heldUntil = v.resetAt
		}
		return p.heldUntil
	}
	until := v.resetAt
	if until.After(now) {
		p.strikes = 0
	} else { // no advice, or a reset already past: back off on our own
		p.strikes++
		until = now.Add(p.holdWithoutAdvice())
	}
	if until.After(p.heldUntil) {
		p.heldUntil = until
	}
	if p.limit == 0 {
		return p.heldUntil
	}
	// The server is full until then: no mirrored send may leave the window
	// earlier than that. (A monotone change: sends stay in order.)
	floor := until.Add(-p.window - p.margin)
	p.closeSend(sentAt, now, false) // refused: the server did not count it, but keep the slot
	for i, sl := range p.sends {
		if sl.at.Before(floor) {
			p.sends[i].at = floor
		}
	}
	if sentAt.After(p.incident) { // not a straggler of an incident already handled
		p.incident = now
		switch {
		case p.smooth == nil && p.calmUntil.IsZero(): // the mirror's first surprise: go smooth
			p.cutAt = now
		case p.smooth == nil: // relapsed after going back to the mirror: someone else is here
			p.quiet = min(2*p.quiet, 64*p.window)
			p.pace = min(p.pace, 0.7)
			p.cutAt = now
		case now.Sub(p.cutAt) >= p.window/2: // a cut needs time to show
			p.pace = max(p.pace*0.7, 0.1)
			p.cutAt = now
		}
		p.smooth = p.newLimiter(until, true)
		p.raisedAt = until
	}
	if p.share == 1 {
		p.calmUntil = until.Add(p.quiet)
	}
	return p.heldUntil
}

// answered moves the send permitted at sentAt to now, when its answer came:
// the server counted it no later than that.
func (p *pacer) answered(sentAt, now time.Time) {
	if p.limit == 0 {
		return
	}
	p.closeSend(sentAt, now, true)
}

// holdWithoutAdvice is how long a 429 that named no reset holds the bucket:
// one send's share of the window (half a second with no limits known),
// doubling with each such 429 in a row, at most the window or 30 s.
func (p *pacer) holdWithoutAdvice() time.Duration {
	base := noLimitHold
	if p.limit > 0 {
		base = p.window / time.Duration(p.limit)
	}
	return min(base<<min(p.strikes-1, 16), p.window, maxHoldWithoutAdvice)
}

// The hold after a 429 without advice when the bucket has no limit, and the
// longest such hold: the client's own backoff bounds.
const (
	noLimitHold          = 500 * time.Millisecond
	maxHoldWithoutAdvice = 30 * time.Second
)

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
