package pindown

import (
	"sort"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// pacer is one bucket's budget: a state machine with three modes.
//
//   - mirror: admit iff fewer than N sends fall in the last W+J (the
//     server's rolling window plus a jitter margin). A burst of N goes at
//     once; the sustained pace is N per W.
//   - smooth: the mirror's rule and an x/time/rate token bucket at
//     pace·N·share, for servers that say no earlier than the mirror
//     predicts (approximate counters, other processes on the key).
//   - held: no permit until the server's reset; then the mode to resume.
//
// The transitions are all in next.
type pacer struct {
	limit  int // requests per window for this process (N·share); 0: unlimited
	window time.Duration
	margin time.Duration
	share  float64

	mu        sync.Mutex
	mode      mode
	resume    mode      // the mode a hold ends in
	heldUntil time.Time // while held
	log       sendLog
	tokens    *rate.Limiter // smooth mode's token bucket
	pace      float64       // fraction of the allowance smooth mode uses
	raisedAt  time.Time     // the pace is raised every half window from here
	cutAt     time.Time     // when the pace was last cut
	incident  time.Time     // when the last unexpected 429 was handled
	calmUntil time.Time     // smooth returns to the mirror here, at full pace
	quiet     time.Duration // how long smooth mode lasts after a 429
	strikes   int           // 429s in a row that named no reset
}

type mode int

const (
	mirror mode = iota
	smooth
	held
)

// event is what moves a pacer from one mode to another.
type event int

const (
	tick     event = iota // time passed: a permit is asked for
	refused               // a 429, the server full until the given instant
	advised               // another response that said when to come back
	declared              // a share below 1 was declared: smooth from the start
)

func newPacer(n int, w time.Duration, share float64) *pacer {
	p := &pacer{window: w, margin: jitterMargin(w), share: share, pace: 1, quiet: 4 * w}
	p.log.bin = w / 512
	if n > 0 {
		p.limit = max(1, int(float64(n)*share))
		if share == 1 || p.limit > n {
			p.limit = n
		}
		if share < 1 {
			p.next(time.Now(), declared, time.Time{})
		}
	}
	return p
}

// next makes the transition ev causes at now; until is the server's reset
// for refused and advised.
func (p *pacer) next(now time.Time, ev event, until time.Time) {
	switch {
	case ev == declared:
		p.mode, p.tokens = smooth, p.newLimiter(now, false)
	case ev == tick && p.mode == held && !now.Before(p.heldUntil):
		p.mode = p.resume
		p.next(now, tick, until) // and what time did to the resumed mode
	case ev == tick && p.mode == smooth:
		p.raise(now)
		if p.pace >= 1 && p.share == 1 && !now.Before(p.calmUntil) {
			p.mode, p.tokens = mirror, nil
		}
	case ev == refused && p.limit > 0:
		// An unexpected 429: the first goes smooth at full pace, a relapse
		// after returning to the mirror restarts at 0.7 with a longer quiet
		// period, and a further one in smooth mode cuts the pace by 0.7
		// (once per half window: a cut needs that long to show).
		switch {
		case p.current() == mirror && !p.calmUntil.IsZero():
			p.quiet = min(2*p.quiet, 64*p.window)
			p.pace, p.cutAt = min(p.pace, 0.7), now
		case p.current() == mirror:
			p.cutAt = now
		case now.Sub(p.cutAt) >= p.window/2:
			p.pace, p.cutAt = max(p.pace*0.7, 0.1), now
		}
		p.incident, p.raisedAt = now, until
		p.tokens = p.newLimiter(until, true)
		p.hold(until, smooth)
	case ev == refused || ev == advised:
		p.hold(until, p.current())
	}
	if ev == refused && p.share == 1 {
		p.calmUntil = until.Add(p.quiet)
	}
}

// current is the mode the pacer is in, or returns to after a hold.
func (p *pacer) current() mode {
	if p.mode == held {
		return p.resume
	}
	return p.mode
}

func (p *pacer) hold(until time.Time, resume mode) {
	if p.mode != held || until.After(p.heldUntil) {
		p.heldUntil = until
	}
	p.mode, p.resume = held, resume
}

// raise raises the smooth pace by half (a tenth at least) for every half
// window since the last change, up to full pace: a client left alone on a
// shared key gets its speed back within a window or two.
func (p *pacer) raise(now time.Time) {
	raised := false
	for p.pace < 1 && now.Sub(p.raisedAt) >= p.window/2 {
		p.pace = min(1, max(p.pace*1.5, p.pace+0.1))
		p.raisedAt = p.raisedAt.Add(p.window / 2)
		raised = true
	}
	if raised {
		r, burst := p.smoothRate()
		p.tokens.SetLimitAt(now, r)
		p.tokens.SetBurstAt(now, burst)
	}
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
// (drained) it starts with a single token at the reset: the server has just
// one free slot then.
func (p *pacer) newLimiter(at time.Time, drained bool) *rate.Limiter {
	r, burst := p.smoothRate()
	l := rate.NewLimiter(r, burst)
	if drained && burst > 1 {
		l.ReserveN(at, burst-1)
	}
	return l
}

// reserve takes a permit at now, returning its time (the send's identity
// for done), or returns how long to wait before asking again and whether
// the server imposed that wait (a hold).
func (p *pacer) reserve(now time.Time) (wait time.Duration, byServer bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.next(now, tick, time.Time{})
	if p.mode == held {
		return p.heldUntil.Sub(now), true
	}
	if p.limit == 0 {
		return 0, false
	}
	if d := p.log.wait(now, p.window+p.margin, p.limit); d > 0 {
		return d, false
	}
	if p.mode == smooth {
		r := p.tokens.ReserveN(now, 1)
		if d := r.DelayFrom(now); d > 0 {
			r.CancelAt(now)
			return d, false
		}
	}
	p.log.inFlight++
	return 0, false
}

// done tells the pacer how the send permitted at sentAt ended, and
// returns until when the bucket is held (zero if it is not).
func (p *pacer) done(sentAt time.Time, o Outcome) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.record(sentAt, o)
	if p.mode == held {
		return p.heldUntil
	}
	return time.Time{}
}

func (p *pacer) record(sentAt time.Time, o Outcome) {
	now := o.At
	if p.limit > 0 {
		p.log.inFlight--
		if o.Responded && !o.Limited {
			p.log.add(now) // the server counted it by the time it responded
		} else {
			p.log.add(sentAt) // no response, or refused: it may have been counted from its send
		}
	}
	if !o.Limited {
		if o.Responded {
			p.strikes = 0
		}
		if o.ResetAt.After(now) {
			p.next(now, advised, o.ResetAt)
		}
		return
	}
	until := o.ResetAt
	if until.After(now) {
		p.strikes = 0
	} else { // no advice, or a reset already past: back off on our own
		p.strikes++
		until = now.Add(p.holdWithoutAdvice())
	}
	// The server is full until then: no mirrored send leaves the window
	// earlier.
	p.log.raiseFloor(until.Add(-p.window - p.margin))
	if !sentAt.After(p.incident) { // a straggler of an incident already handled
		p.hold(until, p.current())
		return
	}
	p.next(now, refused, until)
}

// holdWithoutAdvice is how long a 429 that named no reset holds the bucket:
// one send's share of the window (half a second with no limits known),
// doubling with each such 429 in a row, at most the window or 30 s.
func (p *pacer) holdWithoutAdvice() time.Duration {
	base := noLimitHold
	if p.limit > 0 {
		base = max(p.window/time.Duration(p.limit), time.Millisecond)
	}
	return min(base<<min(p.strikes-1, 16), max(p.window, base), maxHoldWithoutAdvice)
}

// The hold after a 429 without advice when the bucket has no limit, and the
// longest such hold: the client's own backoff bounds.
const (
	noLimitHold          = 500 * time.Millisecond
	maxHoldWithoutAdvice = 30 * time.Second
)

// jitterMargin is J: how much later than the server the client lets a send
// leave its window. It covers the spread of the delay between taking a permit
// and the request's arrival; a small share of W, never below what a loaded
// machine's scheduling adds, never more than a second.
func jitterMargin(w time.Duration) time.Duration {
	return min(max(w/100, 20*time.Millisecond), time.Second)
}

// sendLog is the mirror's memory of the sends in the last window: those in
// flight, counted, and those that ended, in bins of a 512th of the window
// (a bin's time is its latest send's, so a send may be taken to leave the
// window that much late, never early). Memory and work per permit are
// bounded by the number of bins, whatever the limit.
type sendLog struct {
	bin      time.Duration
	bins     []sendBin // oldest first; bins[head:] are live
	head     int
	inFlight int
	floor    time.Time // no send leaves the window before floor+W+J
}

type sendBin struct {
	start, at time.Time // the first and the latest send in the bin
	n         int
}

// add records a send that ended, taken to have reached the server at at.
func (l *sendLog) add(at time.Time) {
	live := l.bins[l.head:]
	i := sort.Search(len(live), func(i int) bool { return !live[i].at.Before(at) })
	switch {
	case i < len(live): // an older send (failed, or refused): count it with a later bin
		live[i].n++
	case len(live) > 0 && at.Sub(live[len(live)-1].start) < l.bin:
		live[len(live)-1].at = at
		live[len(live)-1].n++
	default:
		if l.head > 0 && l.head >= len(l.bins)/2 { // reuse the expired half
			l.bins = append(l.bins[:0], live...)
			l.head = 0
		}
		l.bins = append(l.bins, sendBin{start: at, at: at, n: 1})
	}
}

// raiseFloor makes every send leave the window no earlier than floor+W+J.
func (l *sendLog) raiseFloor(floor time.Time) {
	if floor.After(l.floor) {
		l.floor = floor
	}
}

// wait drops the bins that left the window span and returns 0 if fewer than
// limit sends remain, or else how long until enough will have left.
func (l *sendLog) wait(now time.Time, span time.Duration, limit int) time.Duration {
	leaves := func(b sendBin) time.Time {
		if b.at.Before(l.floor) {
			return l.floor.Add(span)
		}
		return b.at.Add(span)
	}
	for l.head < len(l.bins) && !now.Before(leaves(l.bins[l.head])) {
		l.head++
	}
	n := l.inFlight
	for _, b := range l.bins[l.head:] {
		n += b.n
	}
	if n < limit {
		return 0
	}
	for _, b := range l.bins[l.head:] { // the oldest bins free first
		if n -= b.n; n < limit {
			return leaves(b).Sub(now)
		}
	}
	return span / 100 // everything is in flight: look again soon
}
