package pindown_test

import (
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
)

// writeLoad sends m creates from g goroutines through c and returns the
// titles that the client reported as created.
func writeLoad(t *testing.T, c *pindown.Client, prefix string, m, g int) []string {
	t.Helper()
	var mu sync.Mutex
	var done []string
	var next atomic.Int64
	var wg sync.WaitGroup
	for range g {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(m) {
					return
				}
				title := fmt.Sprintf("%s-%d", prefix, i)
				_, err := c.Pins.Create(ctx, &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: title}})
				if err != nil {
					t.Errorf("create %s: %v", title, err)
					return
				}
				mu.Lock()
				done = append(done, title)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return done
}

// The SDK paces a burst of 3N writes from 4 goroutines so that a server
// counting exact rolling windows never says no, with and without headers.
func TestPacingEarnsNo429(t *testing.T) {
	limits := pindown.RateLimits{Read: 20, BatchRead: 10, Write: 20, Window: 200 * time.Millisecond}
	for _, headers := range []bool{true, false} {
		t.Run(fmt.Sprintf("headers=%v", headers), func(t *testing.T) {
			opts := []pindowntest.Option{pindowntest.WithRateLimits(limits)}
			if !headers {
				opts = append(opts, pindowntest.WithoutRateLimitHeaders())
			}
			srv, c := newClient(t, opts, pindown.WithRateLimits(limits))
			done := writeLoad(t, c, "p", 3*limits.Write, 4)
			require.Len(t, done, 3*limits.Write)
			require.Zero(t, srv.Stats().RateLimited[pindowntest.RouteCreate])
			require.Equal(t, 3*limits.Write, srv.Stats().Pins)
		})
	}
}

// Against the approximate counter many gateways use, the first 429s switch
// the bucket to smooth pacing: everything lands, once, with few 429s.
func TestPacingAdaptsToApproximateWindows(t *testing.T) {
	limits := pindown.RateLimits{Read: 20, BatchRead: 10, Write: 20, Window: 200 * time.Millisecond}
	srv, c := newClient(t, []pindowntest.Option{pindowntest.WithRateLimits(limits), pindowntest.WithApproximateWindows(), pindowntest.WithoutRateLimitHeaders()},
		pindown.WithRateLimits(limits))
	const m = 200
	done := writeLoad(t, c, "p", m, 4)
	require.Len(t, done, m)
	require.Equal(t, m, srv.Stats().Pins, "nothing lost, nothing doubled")
	t.Logf("%d of %d creates responded 429", srv.Stats().RateLimited[pindowntest.RouteCreate], m)
	require.LessOrEqual(t, srv.Stats().RateLimited[pindowntest.RouteCreate], m/10)
}

// Two processes on one key: with separate full budgets both finish with
// nothing lost or doubled; declaring a share of 1/2 each avoids 429s.
func TestTwoProcessesOnOneKey(t *testing.T) {
	limits := pindown.RateLimits{Read: 20, BatchRead: 10, Write: 20, Window: 200 * time.Millisecond}
	for _, share := range []float64{1, 0.5} {
		t.Run(fmt.Sprintf("share=%v", share), func(t *testing.T) {
			srv := pindowntest.NewServer(pindowntest.WithRateLimits(limits), pindowntest.WithoutRateLimitHeaders())
			defer srv.Close()
			key := srv.NewKey()
			var wg sync.WaitGroup
			for p := range 2 {
				budget, err := pindown.NewBudget(limits, share)
				require.NoError(t, err)
				c, err := pindown.NewClient(key, pindown.WithBaseURL(srv.URL), pindown.WithBudget(budget), pindown.WithMaxRetries(20))
				require.NoError(t, err)
				wg.Add(1)
				go func() {
					defer wg.Done()
					require.Len(t, writeLoad(t, c, fmt.Sprint("proc", p), 2*limits.Write, 4), 2*limits.Write)
				}()
			}
			wg.Wait()
			require.Equal(t, 4*limits.Write, srv.Stats().Pins)
			if share < 1 {
				require.Zero(t, srv.Stats().RateLimited[pindowntest.RouteCreate])
			}
		})
	}
}

// Clients in one process that share a Budget share the key's allowance.
func TestSharedBudgetInProcess(t *testing.T) {
	limits := pindown.RateLimits{Read: 20, BatchRead: 10, Write: 20, Window: 200 * time.Millisecond}
	srv := pindowntest.NewServer(pindowntest.WithRateLimits(limits))
	defer srv.Close()
	key := srv.NewKey()
	budget, err := pindown.NewBudget(limits, 1)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for p := range 3 {
		c, err := pindown.NewClient(key, pindown.WithBaseURL(srv.URL), pindown.WithBudget(budget))
		require.NoError(t, err)
		wg.Add(1)
		go func() {
			defer wg.Done()
			writeLoad(t, c, fmt.Sprint("c", p), limits.Write, 2)
		}()
	}
	wg.Wait()
	require.Equal(t, 3*limits.Write, srv.Stats().Pins)
	require.Zero(t, srv.Stats().RateLimited[pindowntest.RouteCreate])
}

// timedRecorder notes when each attempt leaves the client and when each
// response arrives.
type timedRecorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	sent []time.Time
	got  []int
	at   []time.Time
}

func (r *timedRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	sent := time.Now()
	resp, err := r.base.RoundTrip(req)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, sent)
	r.at = append(r.at, time.Now())
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	r.got = append(r.got, status)
	return resp, err
}

// After a 429 the whole bucket waits for the server's reset: no other
// goroutine sends in the meantime.
func TestA429HoldsTheBucket(t *testing.T) {
	rec := &timedRecorder{base: http.DefaultTransport.(*http.Transport).Clone()}
	limits := pindown.RateLimits{Read: 20, BatchRead: 10, Write: 20, Window: 200 * time.Millisecond}
	srv, c := newClient(t, nil, pindown.WithHTTPClient(&http.Client{Transport: rec}), pindown.WithRateLimits(limits))
	srv.Inject(pindowntest.RouteCreate, pindowntest.Fault{Status: 429, Header: http.Header{"Retry-After": {"0.3"}}})
	writeLoad(t, c, "p", 12, 4)
	require.Equal(t, 12, srv.Stats().Pins)

	rec.mu.Lock()
	defer rec.mu.Unlock()
	held := -1
	for i, s := range rec.got {
		if s == 429 {
			held = i
		}
	}
	require.GreaterOrEqual(t, held, 0)
	// Sends permitted before the client read the 429 may still leave a
	// little after it (scheduling); none may leave well inside the hold.
	from, until := rec.at[held].Add(50*time.Millisecond), rec.at[held].Add(300*time.Millisecond)
	for i, sent := range rec.sent {
		if sent.After(from) && sent.Before(until) {
			t.Errorf("attempt %d sent %v after the 429, before the server's reset", i, sent.Sub(rec.at[held]))
		}
	}
}
