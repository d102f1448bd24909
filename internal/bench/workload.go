package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pintypes"
)

// A writeFunc makes write i (for paced and bulk, a create of the pin titled
// title(i)) for the group-th group of workers.
type writeFunc func(ctx context.Context, group, i int) error

// outcome is what a workload did.
type outcome struct {
	elapsed   time.Duration   // from the first write's start to the last one's end
	latencies []time.Duration // of every write, waits and retries included; sorted
	done      []time.Duration // when each successful write returned, since the start
	errs      int
	firstErr  error
}

// drive makes m writes from workers goroutines split evenly into groups;
// each group takes its m/groups writes from its own queue, so that every
// group (every client, when the groups are clients) has the same work.
func drive(ctx context.Context, m, workers, groups int, write writeFunc) outcome {
	var (
		mu  sync.Mutex
		out outcome
		wg  sync.WaitGroup
	)
	queues := make([]atomic.Int64, groups)
	start := time.Now()
	for w := range workers {
		g := w % groups
		lo, hi := m*g/groups, m*(g+1)/groups
		wg.Go(func() {
			for {
				i := lo + int(queues[g].Add(1)) - 1
				if i >= hi {
					return
				}
				t := time.Now()
				err := write(ctx, g, i)
				d := time.Since(t)
				mu.Lock()
				out.latencies = append(out.latencies, d)
				if err == nil {
					out.done = append(out.done, time.Since(start))
				} else {
					out.errs++
					if out.firstErr == nil {
						out.firstErr = err
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	out.elapsed = time.Since(start)
	slices.Sort(out.latencies)
	return out
}

// title is the title of write i.
func title(i int) string { return fmt.Sprintf("w-%06d", i) }

// statCardsRequest is the stat-cards pin every benchmark creates.
func statCardsRequest(title string) *pindown.CreatePinRequest {
	return &pindown.CreatePinRequest{
		Config: &pintypes.StatCards{Cards: []pintypes.StatCard{
			{Title: "Users", Value: "1,234", Change: "+5%", Trend: pintypes.TrendUp},
		}},
		Layout:   pindown.Layout2x1,
		Metadata: pindown.Metadata{Title: title, Tags: []string{"bench"}},
	}
}

// statCardsRequests returns the requests of n pins titled title(0) on.
func statCardsRequests(n int) []*pindown.CreatePinRequest {
	reqs := make([]*pindown.CreatePinRequest, n)
	for i := range reqs {
		reqs[i] = statCardsRequest(title(i))
	}
	return reqs
}

// batchCreate creates the pins of reqs by one BatchCreate call, failing if
// any one fails.
func batchCreate(ctx context.Context, c *pindown.Client, reqs []*pindown.CreatePinRequest) ([]*pindown.Pin, error) {
	res, err := c.Pins.BatchCreate(ctx, reqs)
	if err == nil {
		err = res.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("batch create: %w", err)
	}
	return res.Succeeded(), nil
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// counter notes when a client's 429 responses arrive and, for the SDK, how
// long it waited before each retry. (The server counts the attempts.)
type counter struct {
	mu         sync.Mutex
	start      time.Time
	limitedAt  []time.Duration // since start
	retryWaits []time.Duration // waits before retries, as the SDK announced them
}

// hook is the SDK's retry hook: it notes the waits before retries (not
// pacing waits).
func (c *counter) hook(ev pindown.RetryEvent) {
	if ev.Reason == "pacing" {
		return
	}
	c.mu.Lock()
	c.retryWaits = append(c.retryWaits, ev.Wait)
	c.mu.Unlock()
}

// begin sets the instant 429 arrivals are measured from.
func (c *counter) begin() {
	c.mu.Lock()
	c.start = time.Now()
	c.mu.Unlock()
}

// wrap returns base, noting 429 responses.
func (c *counter) wrap(base http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := base.RoundTrip(req)
		if err == nil && resp.StatusCode == http.StatusTooManyRequests {
			c.mu.Lock()
			c.limitedAt = append(c.limitedAt, time.Since(c.start))
			c.mu.Unlock()
		}
		return resp, err
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// census counts what the server stores for the m titles of a workload:
// titles missing (lost) and pins beyond one per title (doubled).
func census(ctx context.Context, url, key string, m int) (lost, doubled int, err error) {
	c, err := pindown.NewClient(key, pindown.WithBaseURL(url), pindown.WithoutRateLimits())
	if err != nil {
		return 0, 0, err
	}
	seen := make(map[string]int, m)
	for p, err := range c.Pins.ListAll(ctx, nil) {
		if err != nil {
			return 0, 0, err
		}
		seen[p.Metadata.Title]++
	}
	for i := range m {
		switch n := seen[title(i)]; {
		case n == 0:
			lost++
		case n > 1:
			doubled += n - 1
		}
	}
	return lost, doubled, nil
}
