package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
)

// bulkParams sizes the bulk scenario.
type bulkParams struct {
	limits  pindown.RateLimits // the server's and the SDK's: Write per Window
	pins    int                // created each way
	workers int                // goroutines making the single creates
}

func bulkParamsFor(quick bool) bulkParams {
	w := 500 * time.Millisecond
	if quick {
		w = 200 * time.Millisecond
	}
	return bulkParams{limits: pindown.RateLimits{Write: 90, Window: w}, pins: 2000, workers: 8}
}

// batchChunk is how many pins one batch create request carries.
const batchChunk = 50

// bulk creates the same pins twice, both paced by the SDK against a server
// with a scaled write window: once with one BatchCreate call, once with one
// Create call per pin from several goroutines. It counts the write requests
// the server saw for each.
func bulk(ctx context.Context, e *env, p bulkParams) (*report, error) {
	srv := pindowntest.NewServer(pindowntest.WithRateLimits(p.limits))
	defer srv.Close()
	bc, err := pindown.NewClient(srv.NewKey(), pindown.WithBaseURL(srv.URL), pindown.WithRateLimits(p.limits))
	if err != nil {
		return nil, err
	}
	reqs := statCardsRequests(p.pins)
	start := time.Now()
	res, err := bc.Pins.BatchCreate(ctx, reqs)
	r := bulkRun{batchTime: time.Since(start), cnt: &counter{}}
	if err == nil {
		err = res.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("batch create: %w", err)
	}
	r.batched = len(res.Succeeded())
	e.logf("bulk: BatchCreate of %d pins in %s", p.pins, secs(r.batchTime))

	write, err := sdkWriter(srv.URL, srv.NewKey(), 1, p.workers, r.cnt, func() ([]pindown.Option, error) {
		return []pindown.Option{pindown.WithRateLimits(p.limits)}, nil
	})
	if err != nil {
		return nil, err
	}
	r.cnt.begin()
	r.single = drive(ctx, p.pins, p.workers, 1, write)
	e.logf("bulk: %d Create calls in %s", p.pins, secs(r.single.elapsed))
	r.st = srv.Stats()
	return bulkReport(p, &r), nil
}

// bulkRun is what the two ways of bulk did.
type bulkRun struct {
	batched   int // pins BatchCreate created
	batchTime time.Duration
	single    outcome  // the single creates
	cnt       *counter // the single creates' 429s and retries
	st        pindowntest.Stats
}

// bulkReport reports the two ways of bulk.
func bulkReport(p bulkParams, r *bulkRun) *report {
	single, batchTime := r.single, r.batchTime
	batchReqs, batch429s := r.st.Requests[pindowntest.RouteBatchCreate], r.st.RateLimited[pindowntest.RouteBatchCreate]
	singleReqs, single429s := r.st.Requests[pindowntest.RouteCreate], r.st.RateLimited[pindowntest.RouteCreate]
	wantReqs := (p.pins + batchChunk - 1) / batchChunk
	ratio := single.elapsed.Seconds() / batchTime.Seconds()

	rep := &report{}
	s := rep.newSection("", "way", "pins", "write requests", "429s", "wall", "pins/s")
	s.row("BatchCreate", fmt.Sprint(r.batched), fmt.Sprint(batchReqs), fmt.Sprint(batch429s), secs(batchTime),
		fmt.Sprintf("%.0f", float64(p.pins)/batchTime.Seconds()))
	s.row(fmt.Sprintf("Create ×%d", p.workers), fmt.Sprint(p.pins-single.errs), fmt.Sprint(singleReqs), fmt.Sprint(single429s), secs(single.elapsed),
		fmt.Sprintf("%.0f", float64(p.pins)/single.elapsed.Seconds()))
	s.metric("pins", "%d", p.pins)
	s.metric("n", "%d", p.limits.Write)
	s.metric("window_ms", "%d", p.limits.Window.Milliseconds())
	s.metric("write_requests", "%d", batchReqs)
	s.metric("batch_429s", "%d", batch429s)
	s.metric("batch_s", "%.3f", batchTime.Seconds())
	s.metric("single_write_requests", "%d", singleReqs)
	s.metric("single_429s", "%d", single429s)
	s.metric("single_errors", "%d", single.errs)
	s.metric("single_s", "%.3f", single.elapsed.Seconds())
	s.metric("ratio", "%.1f", ratio)
	s.check(fmt.Sprintf("write_requests = %d", wantReqs), batchReqs == wantReqs, fmt.Sprint(batchReqs))
	s.check("batch_429s = 0", batch429s == 0, fmt.Sprint(batch429s))
	s.check("single creates all succeed", single.errs == 0, fmt.Sprintf("%d errors", single.errs))
	bulkSingleNotes(s, p, r)
	s.check("single_429s = 0", single429s == 0, fmt.Sprint(single429s))
	s.note("limits %d writes per %v; ratio = single wall / batch wall = %.1f; ideal for the single creates %s",
		p.limits.Write, p.limits.Window, ratio, secs(ideal(p.pins, p.limits.Write, p.limits.Window)))
	return rep
}

// bulkSingleNotes notes when the single creates were answered 429, how
// long they waited to retry, and their first failure.
func bulkSingleNotes(s *section, p bulkParams, r *bulkRun) {
	if r.st.RateLimited[pindowntest.RouteCreate] > 0 {
		s.note("single creates: 429s by window of %v since the start: %s", p.limits.Window, timeline(r.cnt.limitedAt, p.limits.Window))
	}
	if w := slices.Sorted(slices.Values(r.cnt.retryWaits)); len(w) > 0 {
		s.note("single creates: waits before their %d retries: min %s, median %s, max %s", len(w), secs(w[0]), secs(percentile(w, 50)), secs(w[len(w)-1]))
	}
	if r.single.firstErr != nil {
		s.note("the first failed create: %v", r.single.firstErr)
	}
}
