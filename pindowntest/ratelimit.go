package pindowntest

import (
	"math/bits"
	"time"

	pindown "github.com/pindownai/client-go"
)

// bucket is a rate bucket of the API.
type bucket int

const (
	bucketRead bucket = iota
	bucketBatchRead
	bucketWrite
	bucketPinboardRead
	bucketPinboardBatchRead
	bucketPinboardWrite
	bucketPageRead
	bucketPageWrite
	numBuckets
)

// bucketNames are the buckets' names, as pindown.Bucket names them.
var bucketNames = [numBuckets]string{
	"read", "batch-read", "write",
	"pinboards-read", "pinboards-batch-read", "pinboards-write",
	"pages-read", "pages-write",
}

// bucketLimits returns the limit of every bucket in l, in bucket order.
func bucketLimits(l *pindown.RateLimits) [numBuckets]*int {
	return [numBuckets]*int{
		&l.Read, &l.BatchRead, &l.Write,
		&l.PinboardRead, &l.PinboardBatchRead, &l.PinboardWrite,
		&l.PageRead, &l.PageWrite,
	}
}

// resolveLimits applies WithRateLimits' rules: a zero limit takes its
// DefaultRateLimits value, a negative one (pindown.Unlimited) stays negative
// and leaves its bucket unlimited, and a zero or negative Window is a minute.
func resolveLimits(l pindown.RateLimits) pindown.RateLimits {
	d := pindown.DefaultRateLimits
	defaults := bucketLimits(&d)
	for b, n := range bucketLimits(&l) {
		if *n == 0 {
			*n = *defaults[b]
		}
	}
	if l.Window <= 0 {
		l.Window = time.Minute
	}
	return l
}

// verdict is a limiter's response to one request.
type verdict struct {
	admitted  bool
	limit     int
	used      int   // requests counted in the window (after admission, if admitted); for the approximate counter, its estimate rounded down
	remaining int   // requests that would be admitted right now
	reset     int64 // Unix ns: when the oldest counted request stops counting
	retryAt   int64 // Unix ns, when rejected: the earliest instant a request would be admitted
}

// limiter is one bucket's budget for one key. Callers serialise calls.
type limiter interface {
	admit(now int64) verdict
}

// newLimiter returns the limiter for a limit of n per window w (in ns), or nil
// when n ≤ 0 (unlimited).
func newLimiter(n int, w int64, approximate bool) limiter {
	switch {
	case n <= 0:
		return nil
	case approximate:
		return &slidingCounter{n: uint64(n), w: uint64(w)}
	default:
		return &rollingWindow{n: n, w: w}
	}
}

// rollingWindow is the exact rolling window: a request is admitted iff fewer
// than n requests were admitted in the last w, i.e. at times t with now-w < t ≤ now.
type rollingWindow struct {
	n    int
	w    int64
	ts   []int64 // admission times, oldest first, from index head on
	head int
}

func (l *rollingWindow) admit(now int64) verdict {
	for l.head < len(l.ts) && l.ts[l.head] <= now-l.w {
		l.head++
	}
	if l.head > 0 && l.head >= len(l.ts)/2 {
		l.ts = l.ts[:copy(l.ts, l.ts[l.head:])]
		l.head = 0
	}
	v := verdict{limit: l.n, admitted: len(l.ts)-l.head < l.n}
	if v.admitted {
		l.ts = append(l.ts, now)
	}
	v.used = len(l.ts) - l.head
	v.reset = l.ts[l.head] + l.w
	if v.admitted {
		v.remaining = l.n - v.used
	} else {
		v.retryAt = v.reset
	}
	return v
}

// slidingCounter is the approximate sliding window many gateways use: fixed
// slots of length w (aligned to the Unix epoch); the estimate at elapsed time e
// into the current slot is prev·(1 − e/w) + cur, and a request is admitted iff
// the estimate is below n. All arithmetic is exact: estimates are kept scaled
// by w in 128 bits.
type slidingCounter struct {
	n, w      uint64
	slot      int64 // index of the current slot
	prev, cur uint64
}

func (l *slidingCounter) admit(now int64) verdict {
	k := floorDiv(now, int64(l.w))
	switch {
	case k == l.slot+1:
		l.prev, l.cur = l.cur, 0
	case k > l.slot+1:
		l.prev, l.cur = 0, 0
	case k < l.slot: // the clock went back: stay in the current slot
		k, now = l.slot, l.slot*int64(l.w)
	}
	l.slot = k
	start := k * int64(l.w)
	e := uint64(now - start)

	v := verdict{limit: int(l.n), reset: start + int64(l.w)}
	nw := mul128(l.n, l.w)
	if less128(l.scaledEstimate(e), nw) {
		l.cur++
		v.admitted = true
	}
	est := l.scaledEstimate(e)
	used, _ := bits.Div64(est.hi, est.lo, l.w)
	v.used = int(used) // the estimate, rounded down
	if v.admitted {
		// remaining = ceil((n·w − w·estimate) / w), when positive
		if less128(est, nw) {
			v.remaining = int(ceilDiv128(sub128(nw, est), l.w))
		}
		return v
	}
	v.retryAt = l.earliestAdmit(start, e)
	v.reset = v.retryAt
	return v
}

// scaledEstimate returns w times the estimate at elapsed time e: prev·(w−e) + cur·w.
func (l *slidingCounter) scaledEstimate(e uint64) u128 {
	return add128(mul128(l.prev, l.w-e), mul128(l.cur, l.w))
}

// earliestAdmit returns the first instant (Unix ns) at or after start+e+1 at
// which the estimate is below n, assuming no further admissions.
func (l *slidingCounter) earliestAdmit(start int64, e uint64) int64 {
	// In the current slot the estimate is below n iff prev·(w−e') < (n−cur)·w,
	// iff w−e' < q where q = ceil((n−cur)·w / prev), iff e' ≥ w−q+1.
	if l.cur < l.n && l.prev > 0 {
		q := ceilDiv128(mul128(l.n-l.cur, l.w), l.prev)
		if q <= l.w {
			if ep := l.w - q + 1; ep < l.w {
				return start + int64(max(ep, e+1))
			}
		}
	}
	// In the next slot prev' = cur, cur' = 0: admitted iff cur·(w−e') < n·w.
	next := start + int64(l.w)
	if l.cur == 0 {
		return next
	}
	q := ceilDiv128(mul128(l.n, l.w), l.cur)
	if q > l.w {
		return next
	}
	return next + int64(l.w-q+1)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }

// u128 is an unsigned 128-bit integer.
type u128 struct{ hi, lo uint64 }

func mul128(a, b uint64) u128 {
	hi, lo := bits.Mul64(a, b)
	return u128{hi, lo}
}

func add128(a, b u128) u128 {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	return u128{a.hi + b.hi + c, lo}
}

func sub128(a, b u128) u128 {
	lo, c := bits.Sub64(a.lo, b.lo, 0)
	return u128{a.hi - b.hi - c, lo}
}

func less128(a, b u128) bool {
	return a.hi < b.hi || a.hi == b.hi && a.lo < b.lo
}

// ceilDiv128 returns ceil(a/d), saturated at the largest uint64.
func ceilDiv128(a u128, d uint64) uint64 {
	if a.hi >= d {
		return ^uint64(0)
	}
	q, r := bits.Div64(a.hi, a.lo, d)
	if r != 0 {
		if q == ^uint64(0) {
			return q
		}
		q++
	}
	return q
}
