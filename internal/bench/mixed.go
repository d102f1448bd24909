package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// mixedParams sizes the mixed scenario: every bucket of one key busy at
// once, each with the same scaled limit.
type mixedParams struct {
	n       int           // requests per window in every bucket
	window  time.Duration // the scaled window
	calls   int           // calls per bucket
	workers int           // goroutines per bucket
}

// mixedParamsFor: quick mode has 20 requests per 500ms window and 100 calls
// per bucket (2s ideal); full mode 60 per second and 600 calls (9s ideal).
func mixedParamsFor(quick bool) mixedParams {
	if quick {
		return mixedParams{n: 20, window: 500 * time.Millisecond, calls: 100, workers: 4}
	}
	return mixedParams{n: 60, window: time.Second, calls: 600, workers: 4}
}

// Target of mixed: every bucket's calls take at most 1/0.9 of their ideal.
const minMixedFraction = 0.90

func (p mixedParams) limits() pindown.RateLimits {
	return pindown.RateLimits{Read: p.n, BatchRead: p.n, Write: p.n, PinboardRead: p.n, PinboardBatchRead: p.n,
		PinboardWrite: p.n, PageRead: p.n, PageWrite: p.n, Window: p.window}
}

// mixedLane is the calls of one bucket.
type mixedLane struct {
	bucket pindown.Bucket
	routes []pindowntest.Route // the routes its calls take
	call   func(ctx context.Context, i int) error
}

// mixed runs pins, pinboards and pages at once through one client on one
// key, against a server with exact rolling windows of the same (scaled)
// limits as the client's: each of the eight buckets gets its own stream of
// calls. It reports 429s (the target is none) and, per bucket, the fraction
// of its allowance used: ideal(calls) / the time its calls took.
func mixed(ctx context.Context, e *env, p mixedParams) (*report, error) {
	srv := pindowntest.NewServer(pindowntest.WithRateLimits(p.limits()))
	defer srv.Close()
	c, err := pindown.NewClient(srv.NewKey(), pindown.WithBaseURL(srv.URL), pindown.WithRateLimits(p.limits()))
	if err != nil {
		return nil, err
	}
	pins, boardID, pageID, err := seedMixed(ctx, c)
	if err != nil {
		return nil, err
	}
	// Let the seeding's windows clear, so every lane starts with its whole
	// allowance.
	if err := sleepCtx(ctx, p.window+100*time.Millisecond); err != nil {
		return nil, err
	}
	seeded := srv.Stats()
	lanes := mixedLanes(c, pins, boardID, pageID)
	results, elapsed := runMixed(ctx, lanes, p)
	e.logf("mixed: %d calls in 8 buckets in %s", 8*p.calls, secs(elapsed))
	return mixedReport(p, lanes, results, seeded, srv.Stats(), elapsed), nil
}

// seedMixed creates what the calls of mixed address: four pins, a
// pinboard and a page holding the first pin.
func seedMixed(ctx context.Context, c *pindown.Client) (pins []string, boardID, pageID string, err error) {
	for i := range 4 {
		pin, err := c.Pins.CreateMarkdown(ctx, fmt.Sprint("seed ", i), pintypes.Markdown{Content: "x"})
		if err != nil {
			return nil, "", "", fmt.Errorf("seeding: %w", err)
		}
		pins = append(pins, pin.ID)
	}
	board, err := c.Pinboards.Create(ctx, &pindown.CreatePinboardRequest{Title: "mixed"})
	if err != nil {
		return nil, "", "", fmt.Errorf("seeding: %w", err)
	}
	page, err := c.Pages.Create(ctx, &pindown.CreatePageRequest{Title: "mixed", Pins: pins[:1]})
	if err != nil {
		return nil, "", "", fmt.Errorf("seeding: %w", err)
	}
	return pins, board.ID, page.ID, nil
}

// mixedLanes is the table of mixed's lanes, one per bucket, calling c on
// the seeded pins, pinboard boardID and page pageID.
func mixedLanes(c *pindown.Client, pins []string, boardID, pageID string) []mixedLane {
	grid := func(i int) *pindown.Position { return &pindown.Position{X: i % 4, Y: i / 4 % 8, W: 1, H: 1} }
	return []mixedLane{
		{pindown.BucketWrite, []pindowntest.Route{pindowntest.RouteCreate}, func(ctx context.Context, i int) error {
			_, err := c.Pins.CreateStatCards(ctx, title(i), pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "n", Value: fmt.Sprint(i)}}})
			return err
		}},
		{pindown.BucketRead, []pindowntest.Route{pindowntest.RouteGet}, func(ctx context.Context, i int) error {
			_, err := c.Pins.Get(ctx, pins[i%len(pins)])
			return err
		}},
		{pindown.BucketBatchRead, []pindowntest.Route{pindowntest.RouteBatchGet}, func(ctx context.Context, i int) error {
			_, err := c.Pins.BatchGet(ctx, pins)
			return err
		}},
		{pindown.BucketPinboardWrite, []pindowntest.Route{pindowntest.RoutePinboardAddPin, pindowntest.RoutePinboardUpdateLayout}, func(ctx context.Context, i int) error {
			if i%2 == 0 {
				return c.Pinboards.AddPin(ctx, boardID, pins[i/2%len(pins)], grid(i))
			}
			return c.Pinboards.UpdateLayout(ctx, boardID, &pindown.UpdateLayoutRequest{MobileLayout: pindown.BoardLayout{}})
		}},
		{pindown.BucketPinboardRead, []pindowntest.Route{pindowntest.RoutePinboardGet}, func(ctx context.Context, i int) error {
			_, err := c.Pinboards.Get(ctx, boardID)
			return err
		}},
		{pindown.BucketPinboardBatchRead, []pindowntest.Route{pindowntest.RoutePinboardBatchGet}, func(ctx context.Context, i int) error {
			_, err := c.Pinboards.BatchGet(ctx, []string{boardID})
			return err
		}},
		{pindown.BucketPageWrite, []pindowntest.Route{pindowntest.RoutePageUpdate}, func(ctx context.Context, i int) error {
			_, err := c.Pages.Update(ctx, pageID, &pindown.UpdatePageRequest{Tags: []string{title(i)}})
			return err
		}},
		{pindown.BucketPageRead, []pindowntest.Route{pindowntest.RoutePageGet, pindowntest.RoutePageListPins}, func(ctx context.Context, i int) error {
			if i%2 == 0 {
				_, err := c.Pages.Get(ctx, pageID)
				return err
			}
			_, err := c.Pages.ListPins(ctx, pageID)
			return err
		}},
	}
}

// runMixed runs the calls of every lane at once, p.workers goroutines per
// lane, and returns each lane's outcome and the time they all took.
func runMixed(ctx context.Context, lanes []mixedLane, p mixedParams) ([]outcome, time.Duration) {
	results := make([]outcome, len(lanes))
	rctx, cancel := context.WithTimeout(ctx, 5*ideal(p.calls, p.n, p.window)+30*time.Second)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for li, l := range lanes {
		wg.Go(func() {
			results[li] = drive(rctx, p.calls, p.workers, 1, func(ctx context.Context, _, i int) error { return l.call(ctx, i) })
		})
	}
	wg.Wait()
	return results, time.Since(start)
}

// mixedReport builds mixed's report from the lanes' results and the
// server's stats before (seeded) and after (st) the calls.
func mixedReport(p mixedParams, lanes []mixedLane, results []outcome, seeded, st pindowntest.Stats, elapsed time.Duration) *report {
	rep := &report{}
	s := rep.newSection("", "bucket", "calls", "requests", "429s", "errors", "elapsed", "fraction")
	id := ideal(p.calls, p.n, p.window)
	s.metric("n", "%d", p.n)
	s.metric("window_ms", "%d", p.window.Milliseconds())
	s.metric("calls_per_bucket", "%d", p.calls)
	total429, totalErrs, minFrac, minBucket := 0, 0, 2.0, ""
	for li, l := range lanes {
		r := &results[li]
		requests, limited := l.served(seeded, st)
		frac := id.Seconds() / r.elapsed.Seconds()
		total429 += limited
		totalErrs += r.errs
		if frac < minFrac {
			minFrac, minBucket = frac, string(l.bucket)
		}
		s.row(string(l.bucket), fmt.Sprint(p.calls), fmt.Sprint(requests), fmt.Sprint(limited), fmt.Sprint(r.errs), secs(r.elapsed), fmt.Sprintf("%.3f", frac))
		s.metric(string(l.bucket)+"_fraction", "%.3f", frac)
		if r.firstErr != nil {
			s.note("%s: %d calls failed; the first: %v", l.bucket, r.errs, r.firstErr)
		}
	}
	s.metric("429s", "%d", total429)
	s.metric("errors", "%d", totalErrs)
	s.metric("elapsed_all_s", "%.2f", elapsed.Seconds())
	s.check("429s = 0", total429 == 0, fmt.Sprint(total429))
	s.check("errors = 0", totalErrs == 0, fmt.Sprint(totalErrs))
	s.check(fmt.Sprintf("every bucket's fraction ≥ %.2f", minMixedFraction), minFrac >= minMixedFraction, fmt.Sprintf("%.3f (%s)", minFrac, minBucket))
	s.note("one client, one key, 8 buckets at once, %d workers each; every bucket N=%d per W=%v (exact rolling windows on the server, the same limits in the client)", p.workers, p.n, p.window)
	s.note("fraction = ideal/elapsed of each bucket's calls, ideal(M) = (⌈M/N⌉−1)·W = %s for M=%d", secs(id), p.calls)
	return rep
}

// served is how many requests the server had on l's routes between the
// stats seeded and st, and how many of them it refused with 429.
func (l mixedLane) served(seeded, st pindowntest.Stats) (requests, limited int) {
	for _, route := range l.routes {
		requests += st.Requests[route] - seeded.Requests[route]
		limited += st.RateLimited[route] - seeded.RateLimited[route]
	}
	return requests, limited
}
