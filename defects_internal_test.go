package pindown

import (
	"math"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"
)

// TestDefect06_LimitsOfAnySize: limits that pass validation work at any
// size, with memory and work per permit that do not grow with them.
func TestDefect06_LimitsOfAnySize(t *testing.T) {
	for _, n := range []int{math.MaxInt, 1 << 40, 2_000_000} {
		b, err := NewBudget(RateLimits{Read: n, Window: time.Hour}, 1)
		require.NoError(t, err, "limit %d", n)
		p := b.bucket(BucketRead)
		require.Equal(t, n, p.limit, "the limit is kept as given")
		synctest.Test(t, func(t *testing.T) {
			for i := range 200_000 {
				if i%100 == 0 {
					time.Sleep(time.Second) // spread the sends over the window
				}
				wait, _ := p.reserve(time.Now())
				require.Zero(t, wait, "permit %d of a limit of %d", i, n)
				p.done(time.Now(), Outcome{At: time.Now(), Responded: true})
			}
			require.LessOrEqual(t, len(p.log.bins)-p.log.head, 1100, "the mirror's memory is bounded by its bins, not by the limit")
		})
	}
}

// TestDefect16_DeclaredShareRecovers: a budget with a declared share cuts
// its pace on unexpected 429s and gets it back in quiet windows, instead of
// ratcheting down for good.
func TestDefect16_DeclaredShareRecovers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const w = time.Second
		p := newPacer(60, w, 0.5)
		for range 2 {
			now := time.Now()
			refuse(p, now, now.Add(10*time.Millisecond))
			time.Sleep(w / 2)
		}
		require.Less(t, p.pace, 1.0, "cut by the 429s")
		time.Sleep(20 * w)
		permits(t, p, 1)
		require.Equal(t, 1.0, p.pace, "back to full pace after quiet windows")
		require.Equal(t, smooth, p.mode, "a declared share stays smooth")
	})
}
