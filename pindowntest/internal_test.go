package pindowntest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestOwnerIndex checks the block index against a sorted slice under random
// inserts (with many equal creation times) and deletes.
func TestOwnerIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var x ownerIndex
	var ref []*pin
	var at int64
	for step := range 20000 {
		if len(ref) > 0 && r.IntN(3) == 0 {
			p := ref[r.IntN(len(ref))]
			x.remove(p)
			ref = slices.DeleteFunc(ref, func(q *pin) bool { return q == p })
		} else {
			if r.IntN(4) == 0 {
				at++
			}
			p := &pin{id: fmt.Sprintf("p-%012d", r.IntN(1e12)), createdAt: at - int64(r.IntN(3))} // sometimes out of order
			x.insert(p)
			i, _ := slices.BinarySearchFunc(ref, p, func(a, b *pin) int {
				if pinBefore(a, b) {
					return -1
				}
				return 1
			})
			ref = slices.Insert(ref, i, p)
		}
		if x.n != len(ref) {
			t.Fatalf("step %d: n %d, want %d", step, x.n, len(ref))
		}
		if step%97 == 0 {
			offset, limit := r.IntN(len(ref)+2), 1+r.IntN(100)
			got := x.newestFirst(offset, limit)
			var want []*pin
			for i := len(ref) - 1 - offset; i >= 0 && len(want) < limit; i-- {
				want = append(want, ref[i])
			}
			if !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Fatalf("step %d: page(%d, %d) differs", step, offset, limit)
			}
		}
	}
	for _, b := range x.blocks {
		if len(b) == 0 || len(b) > 2*indexBlock {
			t.Fatalf("block of %d pins", len(b))
		}
	}
}

// TestRollingWindowAgainstBruteForce replays random admission times.
func TestRollingWindowAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const n, w = 7, 1000
	l := newLimiter(n, w, false)
	var admitted []int64
	var now int64
	for range 50000 {
		now += int64(r.IntN(60))
		admitted = slices.DeleteFunc(admitted, func(at int64) bool { return at <= now-w })
		inWindow := len(admitted)
		v := l.admit(now)
		if v.admitted != (inWindow < n) {
			t.Fatalf("at %d: admitted %v with %d in window", now, v.admitted, inWindow)
		}
		if v.admitted {
			admitted = append(admitted, now)
			continue
		}
		// Refused: capacity returns exactly at retryAt.
		if c := cloneRolling(l); c.admit(v.retryAt-1).admitted || !cloneRolling(l).admit(v.retryAt).admitted {
			t.Fatalf("at %d: retryAt %d is not the instant capacity returns", now, v.retryAt)
		}
	}
}

func cloneRolling(l limiter) limiter {
	c := *l.(*rollingWindow)
	c.ts = slices.Clone(c.ts)
	return &c
}

// TestSlidingCounterEarliestAdmit: for random traffic, a refused request's
// retryAt is the first nanosecond at which the counter admits.
func TestSlidingCounterEarliestAdmit(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 3, 10} {
		const w = 1_000_000
		l := newLimiter(n, w, true).(*slidingCounter)
		var now int64 = 5 * w
		for range 20000 {
			now += int64(r.IntN(w / 5))
			before := *l
			v := l.admit(now)
			// The float estimate agrees with the exact decision (away from ties).
			k := now / w
			prev, cur := float64(before.prev), float64(before.cur)
			switch {
			case k == before.slot+1:
				prev, cur = cur, 0
			case k > before.slot+1:
				prev, cur = 0, 0
			}
			est := prev*(1-float64(now-k*w)/w) + cur
			if est < float64(n)-1e-6 && !v.admitted || est > float64(n)+1e-6 && v.admitted {
				t.Fatalf("n=%d at %d: estimate %.6f, admitted %v", n, now, est, v.admitted)
			}
			if v.admitted {
				continue
			}
			probe := func(at int64) bool { c := *l; return c.admit(at).admitted }
			if v.retryAt <= now || probe(v.retryAt-1) || !probe(v.retryAt) {
				t.Fatalf("n=%d at %d: retryAt %d is not the first admitting instant", n, now, v.retryAt)
			}
		}
	}
}
