package pindown

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"
)

// permits takes n permits from p as fast as p allows, each responded at
// once, and returns when each was granted, relative to start.
func permits(t *testing.T, p *pacer, n int) []time.Duration {
	t.Helper()
	return takePermits(t, p, n, true)
}

// takePermits is permits, leaving the sends in flight unless response is set.
func takePermits(t *testing.T, p *pacer, n int, response bool) []time.Duration {
	t.Helper()
	start := time.Now()
	out := make([]time.Duration, n)
	for i := range out {
		at, err := take(context.Background(), p)
		require.NoError(t, err)
		if response {
			p.done(at, Outcome{At: time.Now(), Responded: true})
		}
		out[i] = time.Since(start)
	}
	return out
}

// take waits for a permit of p, as the request loop does, and returns its
// time.
func take(ctx context.Context, p *pacer) (time.Time, error) {
	for {
		now := time.Now()
		wait, _ := p.reserve(now)
		if wait <= 0 {
			return now, nil
		}
		if err := sleep(ctx, wait); err != nil {
			return time.Time{}, err
		}
	}
}

// refuse reports a 429 for a send permitted at sentAt, with the server's
// reset (zero: none given), and returns the hold.
func refuse(p *pacer, sentAt time.Time, reset time.Time) time.Time {
	return p.done(sentAt, Outcome{At: time.Now(), Responded: true, Limited: true, ResetAt: reset})
}

func TestPacerMirrorBurstsThenOneWindowPerBurst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, w = 5, time.Second
		p := newPacer(n, w, 1)
		j := jitterMargin(w)
		got := permits(t, p, 3*n)
		for i, at := range got {
			want := time.Duration(i/n) * (w + j) // N at once, then N more each W+J
			require.Equal(t, want, at, "permit %d", i)
		}
	})
}

func TestPacerShareIsSmoothAndWithinAllowance(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, w = 40, time.Second
		p := newPacer(n, w, 0.5) // 20 per window for this process
		got := permits(t, p, 60)
		// In any span of W+J, at most N·share permits.
		span := w + jitterMargin(w)
		for i := range got {
			in := 0
			for _, at := range got[i:] {
				if at-got[i] < span {
					in++
				}
			}
			require.LessOrEqual(t, in, 20, "permits in the window starting at %v", got[i])
		}
		require.Less(t, got[4], got[len(got)-1]/10, "a small burst goes at once")
		require.NotZero(t, got[len(got)-1])
	})
}

func TestPacerHoldsAfter429AndGoesSmoothThenBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, w = 10, time.Second
		p := newPacer(n, w, 1)
		start := time.Now()
		permits(t, p, 3)
		reset := start.Add(300 * time.Millisecond)
		until := refuse(p, start, reset)
		require.Equal(t, reset, until)
		require.Equal(t, held, p.mode)
		require.Equal(t, smooth, p.resume, "an unexpected 429 switches to smooth pacing after the hold")

		got := permits(t, p, 1)
		require.Equal(t, 300*time.Millisecond, got[0], "the bucket is held until the server's reset")

		// A straggler of the same incident does not halve the pace again.
		refuse(p, start, reset)
		require.Equal(t, 1.0, p.pace)

		time.Sleep(p.quiet + w)
		permits(t, p, 1)
		require.Equal(t, mirror, p.mode, "back to the mirror after a quiet period")
	})
}

func TestPacer429WithoutAdviceBacksOff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPacer(10, time.Second, 1)
		now := time.Now()
		first := refuse(p, now, time.Time{})
		second := refuse(p, now, time.Time{})
		require.Equal(t, 100*time.Millisecond, first.Sub(now))
		require.Equal(t, 200*time.Millisecond, second.Sub(now), "each 429 in a row without advice doubles the hold")
	})
}

// With no limits (WithoutRateLimits), a 429 without advice holds the bucket
// as the client's own backoff would, not for a whole window.
func TestPacer429WithoutAdviceOrLimits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := unlimitedBudget().bucket(BucketRead)
		now := time.Now()
		var holds []time.Duration
		for range 8 {
			holds = append(holds, refuse(p, now, time.Time{}).Sub(now))
		}
		require.Equal(t, []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second,
			8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second}, holds)
	})
}

// A send whose response comes late is counted from the response: the server
// may have counted it that late.
func TestPacerCountsSendsFromTheirResponse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, w = 2, time.Second
		p := newPacer(n, w, 1)
		start := time.Now()
		takePermits(t, p, 2, false)
		p.done(start, Outcome{At: time.Now(), Responded: true}) // one responded at once
		time.Sleep(300 * time.Millisecond)                      // the other reached the server this late
		p.done(start, Outcome{At: time.Now(), Responded: true})
		got := permits(t, p, 2)
		j := jitterMargin(w)
		// got is measured from the response, 300ms after both permits.
		require.Equal(t, w+j-300*time.Millisecond, got[0], "the send responded at once frees W+J after its response")
		require.Equal(t, w+j, got[1], "the responded send's slot frees W+J after its response")
	})
}

// Smooth pacing after an unexpected 429 slows to 0.7 of its pace on a
// further one (once per half window) and speeds up again in quiet windows.
func TestPacerSmoothPaceDecreasesAndRecovers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, w = 30, time.Second
		p := newPacer(n, w, 1)
		now := time.Now()
		refuse(p, now, now.Add(10*time.Millisecond))
		require.Equal(t, 1.0, p.pace, "the first 429 switches to smooth at full pace")
		time.Sleep(20 * time.Millisecond)
		now = time.Now()
		refuse(p, now, now.Add(10*time.Millisecond))
		require.Equal(t, 1.0, p.pace, "not within half a window of the last change")
		time.Sleep(w / 2)
		now = time.Now()
		refuse(p, now, now.Add(10*time.Millisecond))
		require.InDelta(t, 0.7, p.pace, 1e-9)
		time.Sleep(w + 20*time.Millisecond)
		permits(t, p, 1)
		require.Equal(t, 1.0, p.pace, "a quiet window raises the pace by half, up to full")
		require.Equal(t, smooth, p.mode, "still smooth until the quiet period has passed")
	})
}

func TestPacerUnlimitedStillHolds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := unlimitedBudget().bucket(BucketWrite)
		require.Equal(t, time.Duration(0), permits(t, p, 1000)[999])
		now := time.Now()
		refuse(p, now, now.Add(2*time.Second))
		require.Equal(t, 2*time.Second, permits(t, p, 1)[0])
	})
}

func TestPacerWaitHonoursContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPacer(1, time.Hour, 1)
		permits(t, p, 1)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		start := time.Now()
		_, err := take(ctx, p)
		require.True(t, errors.Is(err, context.DeadlineExceeded))
		require.Equal(t, time.Second, time.Since(start))
	})
}

func TestNewBudgetRejectsBadInput(t *testing.T) {
	for _, tc := range []struct {
		limits RateLimits
		share  float64
		field  string
	}{
		{RateLimits{Read: -2}, 1, "RateLimits.Read"},
		{RateLimits{Window: -time.Second}, 1, "RateLimits.Window"},
		{DefaultRateLimits, 0, "share"},
		{DefaultRateLimits, 1.5, "share"},
	} {
		_, err := NewBudget(tc.limits, tc.share)
		require.ErrorIs(t, err, ErrInvalidRequest)
		require.ErrorContains(t, err, tc.field)
	}
}

// A send still in flight keeps its slot however old its permit: the server
// may count it whenever it arrives.
func TestPacerKeepsSendsInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, w = 2, time.Second
		p := newPacer(n, w, 1)
		start := time.Now()
		takePermits(t, p, 2, false)
		p.done(start, Outcome{At: time.Now(), Responded: true}) // one responded at once; the other hangs
		time.Sleep(3 * w)
		got := permits(t, p, 1)
		require.Equal(t, time.Duration(0), got[0], "the responded send's slot is free")
		done := make(chan time.Duration)
		go func() {
			_, _ = take(context.Background(), p)
			done <- time.Since(start)
		}()
		time.Sleep(w)
		p.done(start, Outcome{At: time.Now()}) // the hung send ends without a response
		waited := <-done - 4*w
		require.GreaterOrEqual(t, waited, time.Duration(0), "the next send waited for the hung one to end")
		require.LessOrEqual(t, waited, jitterMargin(w), "and went as soon as it had")
	})
}
