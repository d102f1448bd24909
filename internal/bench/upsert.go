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

// The faults injected: a response lost, or a 500, after the request was
// processed.
var (
	lostResponse = pindowntest.Fault{Drop: true, AfterProcessing: true}
	error500     = pindowntest.Fault{Status: 500, AfterProcessing: true}
)

// upsert runs the same Upsert many times, each with a fresh client (a job
// that re-runs), against a server that loses responses and answers creates
// 500 after making them, then races several callers on one key. It checks
// that the key always names exactly one pin and counts requests per run.
func upsert(ctx context.Context, e *env, p upsertParams) (*report, error) {
	srv := pindowntest.NewServer(pindowntest.WithoutRateLimits(), pindowntest.WithSeed(int64(p.seed)))
	defer srv.Close()
	w := &upsertWorld{p: p, srv: srv, key: srv.NewKey()}
	c, err := w.newClient()
	if err != nil {
		return nil, err
	}
	if _, err := batchCreate(ctx, c, statCardsRequests(p.background)); err != nil {
		return nil, fmt.Errorf("background pins: %w", err)
	}
	w.streams = injectFaults(srv, p)

	o := &upsertOutcome{}
	start := time.Now()
	w.successiveRuns(ctx, o)
	e.logf("upsert: %d runs in %s, %d failed", p.runs, secs(time.Since(start)), o.failed)
	if err := w.race(ctx, o); err != nil {
		return nil, err
	}
	w.newKeys(ctx, o)
	if err := w.census(ctx, c, o); err != nil {
		return nil, err
	}
	return upsertReport(p, o), nil
}

// Keys of the upsert scenario's phases.
const (
	upsertRunKey  = "nightly-report"
	upsertRaceKey = "race"
)

// newUpsertKey is the key of the i-th run of the new-keys phase.
func newUpsertKey(i int) string { return fmt.Sprintf("new-%d", i) }

// upsertWorld is the faulty server the upsert scenario runs against.
type upsertWorld struct {
	p       upsertParams
	srv     *pindowntest.Server
	key     string
	streams map[pindowntest.Route][]pindowntest.Fault // the faults queued per route
}

// upsertOutcome is what the phases of the upsert scenario measured.
type upsertOutcome struct {
	perRun                    []float64 // requests of each successive run
	failed, dupRuns, maxExtra int
	raceFailed                int
	agree                     bool // every racer that succeeded got the same pin
	newPerRun                 []float64
	newFailed                 int
	runPins, racePins, newOK  int // pins with the key, as the account holds them at the end
	lost, error500s           int // faults the requests hit
	firstErr                  error
}

// fail records err as the first error if there was none before.
func (o *upsertOutcome) fail(err error) {
	if o.firstErr == nil {
		o.firstErr = err
	}
}

// newClient returns a fresh client of the world's account, as a job that
// re-runs would make.
func (w *upsertWorld) newClient() (*pindown.Client, error) {
	return pindown.NewClient(w.key, pindown.WithBaseURL(w.srv.URL), pindown.WithoutRateLimits())
}

// requests counts the requests the server has seen on the routes Upsert
// may use.
func (w *upsertWorld) requests() int {
	n := 0
	for _, r := range upsertRoutes {
		n += w.srv.Stats().Requests[r]
	}
	return n
}

// injectFaults queues a fault stream per route on srv, drawn once from a
// fixed seed, and returns the streams: 2,000 entries cover every request
// of the scenario. The zero Fault answers normally.
func injectFaults(srv *pindowntest.Server, p upsertParams) map[pindowntest.Route][]pindowntest.Fault {
	rng := rand.New(rand.NewPCG(p.seed, 0x7570))
	streams := map[pindowntest.Route][]pindowntest.Fault{}
	for _, r := range upsertRoutes {
		s := make([]pindowntest.Fault, 2000)
		for i := range s {
			switch x := rng.Float64(); {
			case x < p.lossRate:
				s[i] = lostResponse
			case r == pindowntest.RouteCreate && x < p.lossRate+p.create500:
				s[i] = error500
			}
			srv.Inject(r, s[i])
		}
		streams[r] = s
	}
	return streams
}

// upsertOnce upserts key with a fresh client and returns the requests it
// took. A client that cannot be made fails the run like a failed Upsert.
func (w *upsertWorld) upsertOnce(ctx context.Context, key string, req *pindown.CreatePinRequest) (*pindown.Pin, float64, error) {
	rc, err := w.newClient()
	if err != nil {
		return nil, 0, err
	}
	before := w.requests()
	pin, err := rc.Pins.Upsert(ctx, key, req)
	return pin, float64(w.requests() - before), err
}

// successiveRuns upserts one key p.runs times, a fresh client each, and
// checks after every run that the key names one pin and no extra pin was
// left behind.
func (w *upsertWorld) successiveRuns(ctx context.Context, o *upsertOutcome) {
	var pinID string
	for run := range w.p.runs {
		req := statCardsRequest("Nightly report")
		req.Config = &pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "Run", Value: fmt.Sprint(run)}}}
		pin, n, err := w.upsertOnce(ctx, upsertRunKey, req)
		o.perRun = append(o.perRun, n)
		switch {
		case err != nil:
			o.failed++
			o.fail(err)
		case pinID == "":
			pinID = pin.ID
		case pin.ID != pinID:
			o.failed++
			o.fail(fmt.Errorf("run %d returned pin %s, not %s", run, pin.ID, pinID))
		}
		if extra := w.srv.Stats().Pins - w.p.background - 1; extra != 0 {
			o.dupRuns++
			o.maxExtra = max(o.maxExtra, extra)
		}
	}
}

// race upserts another key from p.racers fresh clients, all at once.
func (w *upsertWorld) race(ctx context.Context, o *upsertOutcome) error {
	ids := make([]string, w.p.racers)
	errs := make([]error, w.p.racers)
	var wg sync.WaitGroup
	for i := range w.p.racers {
		rc, err := w.newClient()
		if err != nil {
			return err
		}
		wg.Go(func() {
			pin, err := rc.Pins.Upsert(ctx, upsertRaceKey, statCardsRequest("Race"))
			if errs[i] = err; err == nil {
				ids[i] = pin.ID
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			o.raceFailed++
			o.fail(err)
		}
	}
	o.agree = len(slices.Compact(slices.Sorted(slices.Values(slices.DeleteFunc(slices.Clone(ids), func(s string) bool { return s == "" }))))) == 1
	return nil
}

// newKeys upserts p.newKeys new keys, one each: every run creates, so the
// creates' faults are hit often.
func (w *upsertWorld) newKeys(ctx context.Context, o *upsertOutcome) {
	for i := range w.p.newKeys {
		_, n, err := w.upsertOnce(ctx, newUpsertKey(i), statCardsRequest("New"))
		if err != nil {
			o.newFailed++
			o.fail(err)
		}
		o.newPerRun = append(o.newPerRun, n)
	}
}

// census counts what the account holds at the end, by key tag, and the
// faults the requests hit.
func (w *upsertWorld) census(ctx context.Context, c *pindown.Client, o *upsertOutcome) error {
	counts, err := keyedCounts(ctx, c)
	if err != nil {
		return err
	}
	o.runPins, o.racePins = counts[pindown.KeyTag(upsertRunKey)], counts[pindown.KeyTag(upsertRaceKey)]
	for i := range w.p.newKeys {
		if counts[pindown.KeyTag(newUpsertKey(i))] == 1 {
			o.newOK++
		}
	}
	for r, s := range w.streams {
		for _, f := range s[:min(w.srv.Stats().Requests[r], len(s))] {
			switch {
			case f.Drop:
				o.lost++
			case f.Status == 500:
				o.error500s++
			}
		}
	}
	return nil
}

// upsertMinimum is the fewest requests a re-run can take: the list pages,
// one batch read, one update.
func upsertMinimum(p upsertParams) int { return (p.background+1+99)/100 + 1 + 1 }

// upsertNewMinimum is about the fewest requests a new key's run takes.
func upsertNewMinimum(p upsertParams) int { return 2*((p.background+p.newKeys+99)/100) + 1 + 1 + 1 }

// upsertReport reports the outcome of the upsert scenario.
func upsertReport(p upsertParams, o *upsertOutcome) *report {
	rep := &report{}
	s := rep.newSection("", "phase", "calls", "failed", "pins with the key", "requests/run median", "max", "minimum")
	runMax := slices.Max(o.perRun)
	newMax := slices.Max(o.newPerRun)
	s.row("successive runs", fmt.Sprint(p.runs), fmt.Sprint(o.failed), fmt.Sprint(o.runPins), fmt.Sprintf("%.0f", median(o.perRun)), fmt.Sprintf("%.0f", runMax), fmt.Sprint(upsertMinimum(p)))
	s.row(fmt.Sprintf("%d racers", p.racers), fmt.Sprint(p.racers), fmt.Sprint(o.raceFailed), fmt.Sprint(o.racePins), "", "", "")
	s.row("new keys", fmt.Sprint(p.newKeys), fmt.Sprint(o.newFailed), fmt.Sprintf("%d keys with 1", o.newOK), fmt.Sprintf("%.0f", median(o.newPerRun)), fmt.Sprintf("%.0f", newMax), fmt.Sprintf("~%d", upsertNewMinimum(p)))
	upsertRunMetrics(s, p, o, runMax)
	s.check("pins_with_key = 1", o.runPins == 1, fmt.Sprint(o.runPins))
	s.check("duplicates = 0 after every run", o.dupRuns == 0, fmt.Sprintf("%d runs left extra pins", o.dupRuns))
	s.check("failed_runs = 0", o.failed == 0, fmt.Sprint(o.failed))
	s.metric("new_keys", "%d", p.newKeys)
	s.metric("new_keys_failed", "%d", o.newFailed)
	s.metric("new_keys_with_one_pin", "%d", o.newOK)
	s.metric("new_key_requests_median", "%.0f", median(o.newPerRun))
	s.metric("new_key_requests_max", "%.0f", newMax)
	s.check("every new key has exactly one pin", o.newOK == p.newKeys && o.newFailed == 0, fmt.Sprintf("%d of %d, %d failed", o.newOK, p.newKeys, o.newFailed))
	s.check("race_pins_with_key = 1, all racers return it", o.racePins == 1 && o.agree && o.raceFailed == 0, fmt.Sprintf("%d pins, agree=%v, %d failed", o.racePins, o.agree, o.raceFailed))
	upsertNotes(s, p, o)
	return rep
}

// upsertRunMetrics reports the metrics of the successive runs and the race.
func upsertRunMetrics(s *section, p upsertParams, o *upsertOutcome, runMax float64) {
	s.metric("runs", "%d", p.runs)
	s.metric("background_pins", "%d", p.background)
	s.metric("lost_responses", "%d", o.lost)
	s.metric("create_500s", "%d", o.error500s)
	s.metric("failed_runs", "%d", o.failed)
	s.metric("pins_with_key", "%d", o.runPins)
	s.metric("duplicates", "%d", o.runPins-1+o.maxExtra)
	s.metric("runs_with_extra_pins", "%d", o.dupRuns)
	s.metric("requests_per_run_median", "%.0f", median(o.perRun))
	s.metric("requests_per_run_max", "%.0f", runMax)
	s.metric("requests_per_run_min_possible", "%d", upsertMinimum(p))
	s.metric("racers", "%d", p.racers)
	s.metric("race_failed", "%d", o.raceFailed)
	s.metric("race_pins_with_key", "%d", o.racePins)
}

// upsertNotes explains the faults and the minimums.
func upsertNotes(s *section, p upsertParams, o *upsertOutcome) {
	s.note("faults drawn with seed %d: %.0f%% of responses of every route lost after processing, %.0f%% of creates answered 500 after processing; %d and %d hit",
		p.seed, 100*p.lossRate, 100*p.create500, o.lost, o.error500s)
	s.note("minimum = %d list pages + 1 batch read + 1 update; a run that creates, or resolves a lost create, also re-lists the top page and batch-reads", (p.background+1+99)/100)
	s.note("new keys: ~%d = the list pages, a batch read of every pin, 1 create, 1 list page and 1 batch read to check (the account grows by a pin a run)", upsertNewMinimum(p))
	if o.firstErr != nil {
		s.note("first error: %v", o.firstErr)
	}
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
