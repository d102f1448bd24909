package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// upsertParams sizes the upsert scenario.
type upsertParams struct {
	runs       int     // successive Upserts of one key, a fresh client each
	racers     int     // concurrent Upserts of another key
	newKeys    int     // Upserts of a new key each (every one creates)
	background int     // other pins in the account
	lossRate   float64 // responses lost after processing, every route
	create500  float64 // creates answered 500 after processing
	seed       uint64
}

func upsertParamsFor(quick bool) upsertParams {
	p := upsertParams{runs: 100, racers: 8, newKeys: 100, background: 250, lossRate: 0.10, create500: 0.10, seed: 15}
	if quick {
		p.runs, p.newKeys = 30, 15
	}
	return p
}

// upsertRoutes are the routes Upsert may use; each gets its own random
// fault stream.
var upsertRoutes = []pindowntest.Route{
	pindowntest.RouteList, pindowntest.RouteBatchGet, pindowntest.RouteCreate, pindowntest.RouteUpdate,
	pindowntest.RouteBatchDelete, pindowntest.RouteBatchCreate, pindowntest.RouteBatchUpdate,
}

// faultKind is what a queued fault does.
type faultKind int

const (
	noFault faultKind = iota
	lostResponse
	error500
)

// upsert runs the same Upsert many times, each with a fresh client (a job
// that re-runs), against a server that loses responses and answers creates
// 500 after making them, then races several callers on one key. It checks
// that the key always names exactly one pin and counts requests per run.
func upsert(ctx context.Context, e *env, p upsertParams) (*report, error) {
	srv := pindowntest.NewServer(pindowntest.WithoutRateLimits(), pindowntest.WithSeed(int64(p.seed)))
	defer srv.Close()
	key := srv.NewKey()
	newClient := func() (*pindown.Client, error) {
		return pindown.NewClient(key, pindown.WithBaseURL(srv.URL), pindown.WithoutRateLimits())
	}
	c, err := newClient()
	if err != nil {
		return nil, err
	}
	if p.background > 0 {
		reqs := make([]*pindown.CreatePinRequest, p.background)
		for i := range reqs {
			reqs[i] = statCardsRequest(title(i))
		}
		res, err := c.Pins.BatchCreate(ctx, reqs)
		if err == nil {
			err = res.Err()
		}
		if err != nil {
			return nil, fmt.Errorf("background pins: %w", err)
		}
	}

	// A fault stream per route, drawn once from a fixed seed: 2,000 entries
	// cover every request of the scenario.
	rng := rand.New(rand.NewPCG(p.seed, 0x7570))
	streams := map[pindowntest.Route][]faultKind{}
	for _, r := range upsertRoutes {
		s := make([]faultKind, 2000)
		for i := range s {
			switch x := rng.Float64(); {
			case x < p.lossRate:
				s[i] = lostResponse
			case r == pindowntest.RouteCreate && x < p.lossRate+p.create500:
				s[i] = error500
			}
			f := pindowntest.Fault{} // answered normally
			switch s[i] {
			case lostResponse:
				f = pindowntest.Fault{Drop: true, AfterProcessing: true}
			case error500:
				f = pindowntest.Fault{Status: 500, AfterProcessing: true}
			}
			srv.Inject(r, f)
		}
		streams[r] = s
	}
	requests := func() int {
		n := 0
		for _, r := range upsertRoutes {
			n += srv.Stats().Requests[r]
		}
		return n
	}

	const runKey = "nightly-report"
	var perRun []float64
	failed, dupRuns, maxExtra := 0, 0, 0
	var firstErr error
	var pinID string
	start := time.Now()
	for run := range p.runs {
		rc, err := newClient()
		if err != nil {
			return nil, err
		}
		before := requests()
		req := statCardsRequest("Nightly report")
		req.Config = &pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "Run", Value: fmt.Sprint(run)}}}
		pin, err := rc.Pins.Upsert(ctx, runKey, req)
		perRun = append(perRun, float64(requests()-before))
		switch {
		case err != nil:
			failed++
			if firstErr == nil {
				firstErr = err
			}
		case pinID == "":
			pinID = pin.ID
		case pin.ID != pinID:
			failed++
			if firstErr == nil {
				firstErr = fmt.Errorf("run %d returned pin %s, not %s", run, pin.ID, pinID)
			}
		}
		if extra := srv.Stats().Pins - p.background - 1; extra != 0 {
			dupRuns++
			maxExtra = max(maxExtra, extra)
		}
	}
	runsTime := time.Since(start)
	e.logf("upsert: %d runs in %s, %d failed", p.runs, secs(runsTime), failed)

	// Racers: fresh clients, one key, all at once.
	const raceKey = "race"
	ids := make([]string, p.racers)
	errs := make([]error, p.racers)
	var wg sync.WaitGroup
	for i := range p.racers {
		rc, err := newClient()
		if err != nil {
			return nil, err
		}
		wg.Go(func() {
			pin, err := rc.Pins.Upsert(ctx, raceKey, statCardsRequest("Race"))
			if errs[i] = err; err == nil {
				ids[i] = pin.ID
			}
		})
	}
	wg.Wait()
	raceFailed := 0
	for _, err := range errs {
		if err != nil {
			raceFailed++
			if firstErr == nil {
				firstErr = err
			}
		}
	}
	agree := len(slices.Compact(slices.Sorted(slices.Values(slices.DeleteFunc(slices.Clone(ids), func(s string) bool { return s == "" }))))) == 1

	// New keys: every run creates, so the creates' faults are hit often.
	newFailed := 0
	newPerRun := make([]float64, 0, p.newKeys)
	for i := range p.newKeys {
		rc, err := newClient()
		if err != nil {
			return nil, err
		}
		before := requests()
		if _, err := rc.Pins.Upsert(ctx, fmt.Sprintf("new-%d", i), statCardsRequest("New")); err != nil {
			newFailed++
			if firstErr == nil {
				firstErr = err
			}
		}
		newPerRun = append(newPerRun, float64(requests()-before))
	}

	// What the account holds at the end, counted by tag.
	counts, err := keyedCounts(ctx, c)
	if err != nil {
		return nil, err
	}
	runPins, racePins := counts[pindown.KeyTag(runKey)], counts[pindown.KeyTag(raceKey)]
	newOK := 0
	for i := range p.newKeys {
		if counts[pindown.KeyTag(fmt.Sprintf("new-%d", i))] == 1 {
			newOK++
		}
	}
	faults := map[faultKind]int{}
	for r, s := range streams {
		for _, k := range s[:min(srv.Stats().Requests[r], len(s))] {
			faults[k]++
		}
	}

	// The fewest requests a re-run can take: the list pages, one batch
	// read, one update.
	minimum := (p.background+1+99)/100 + 1 + 1
	sorted := slices.Sorted(slices.Values(perRun))
	rep := &report{}
	s := rep.newSection("", "phase", "calls", "failed", "pins with the key", "requests/run median", "max", "minimum")
	s.row("successive runs", fmt.Sprint(p.runs), fmt.Sprint(failed), fmt.Sprint(runPins), fmt.Sprintf("%.0f", median(perRun)), fmt.Sprintf("%.0f", sorted[len(sorted)-1]), fmt.Sprint(minimum))
	s.row(fmt.Sprintf("%d racers", p.racers), fmt.Sprint(p.racers), fmt.Sprint(raceFailed), fmt.Sprint(racePins), "", "", "")
	newSorted := slices.Sorted(slices.Values(newPerRun))
	newMin := 2*((p.background+p.newKeys+99)/100) + 1 + 1 + 1
	s.row("new keys", fmt.Sprint(p.newKeys), fmt.Sprint(newFailed), fmt.Sprintf("%d keys with 1", newOK), fmt.Sprintf("%.0f", median(newPerRun)), fmt.Sprintf("%.0f", newSorted[len(newSorted)-1]), fmt.Sprintf("~%d", newMin))
	s.metric("runs", "%d", p.runs)
	s.metric("background_pins", "%d", p.background)
	s.metric("lost_responses", "%d", faults[lostResponse])
	s.metric("create_500s", "%d", faults[error500])
	s.metric("failed_runs", "%d", failed)
	s.metric("pins_with_key", "%d", runPins)
	s.metric("duplicates", "%d", runPins-1+maxExtra)
	s.metric("runs_with_extra_pins", "%d", dupRuns)
	s.metric("requests_per_run_median", "%.0f", median(perRun))
	s.metric("requests_per_run_max", "%.0f", sorted[len(sorted)-1])
	s.metric("requests_per_run_min_possible", "%d", minimum)
	s.metric("racers", "%d", p.racers)
	s.metric("race_failed", "%d", raceFailed)
	s.metric("race_pins_with_key", "%d", racePins)
	s.check("pins_with_key = 1", runPins == 1, fmt.Sprint(runPins))
	s.check("duplicates = 0 after every run", dupRuns == 0, fmt.Sprintf("%d runs left extra pins", dupRuns))
	s.check("failed_runs = 0", failed == 0, fmt.Sprint(failed))
	s.metric("new_keys", "%d", p.newKeys)
	s.metric("new_keys_failed", "%d", newFailed)
	s.metric("new_keys_with_one_pin", "%d", newOK)
	s.metric("new_key_requests_median", "%.0f", median(newPerRun))
	s.metric("new_key_requests_max", "%.0f", newSorted[len(newSorted)-1])
	s.check("every new key has exactly one pin", newOK == p.newKeys && newFailed == 0, fmt.Sprintf("%d of %d, %d failed", newOK, p.newKeys, newFailed))
	s.check("race_pins_with_key = 1, all racers return it", racePins == 1 && agree && raceFailed == 0, fmt.Sprintf("%d pins, agree=%v, %d failed", racePins, agree, raceFailed))
	s.note("faults drawn with seed %d: %.0f%% of responses of every route lost after processing, %.0f%% of creates answered 500 after processing; %d and %d hit",
		p.seed, 100*p.lossRate, 100*p.create500, faults[lostResponse], faults[error500])
	s.note("minimum = %d list pages + 1 batch read + 1 update; a run that creates, or resolves a lost create, also re-lists the top page and batch-reads", (p.background+1+99)/100)
	s.note("new keys: ~%d = the list pages, a batch read of every pin, 1 create, 1 list page and 1 batch read to check (the account grows by a pin a run)", newMin)
	if firstErr != nil {
		s.note("first error: %v", firstErr)
	}
	return rep, nil
}

// keyedCounts counts the pins carrying each key tag (faults still apply;
// the SDK retries the reads).
func keyedCounts(ctx context.Context, c *pindown.Client) (map[string]int, error) {
	var ids []string
	for p, err := range c.Pins.ListAll(ctx, nil) {
		if err != nil {
			return nil, err
		}
		ids = append(ids, p.ID)
	}
	got, err := c.Pins.BatchGet(ctx, ids)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, p := range got.Found {
		for _, t := range p.Metadata.Tags {
			if strings.HasPrefix(t, pindown.KeyTagPrefix) {
				counts[t]++
			}
		}
	}
	return counts, nil
}
