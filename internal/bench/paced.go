package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
)

// pacedParams sizes the paced scenario.
type pacedParams struct {
	limits  pindown.RateLimits // the server's and the SDK's: Write per Window, other buckets unlimited
	writes  int                // M, the writes of each run
	workers int                // goroutines writing at once
	lanes   int                // runs going at once, each against its own server
	// acceptanceWithoutHeaders runs approx, two_clients and shared against
	// the server without rate-limit headers too, not only with them.
	acceptanceWithoutHeaders bool
}

// pacedParamsFor returns the sizes for the mode. Quick mode scales the
// window to 500ms (a shorter one would leave the SDK's 20ms jitter margin
// no room for the 0.95 target), runs three runs at a time and runs the
// acceptance clients (approx, two_clients, shared) with headers only; full
// mode has a 1s window and runs everything one at a time.
func pacedParamsFor(quick bool) pacedParams {
	if quick {
		return pacedParams{limits: pindown.RateLimits{Write: 30, Window: 500 * time.Millisecond}, writes: 300, workers: 8, lanes: 3}
	}
	return pacedParams{limits: pindown.RateLimits{Write: 90, Window: time.Second}, writes: 900, workers: 8, lanes: 1, acceptanceWithoutHeaders: true}
}

// ideal is the shortest time the workload can take.
func (p pacedParams) ideal() time.Duration { return ideal(p.writes, p.limits.Write, p.limits.Window) }

// Targets of paced.
const (
	minSDKFraction    = 0.95 // sdk: the window's whole allowance
	minApproxFraction = 0.80 // approx, two_clients
	maxApprox429Rate  = 0.02 // approx: attempts answered 429
)

// A pacedClient is one client setup that paced runs: SDK clients built
// with sdkOptions, one per group, or else the client of writer.
type pacedClient struct {
	name       string
	slow       bool // takes several times as long as the others: balances lanes
	acceptance bool // approx, two_clients, shared: see acceptanceWithoutHeaders
	approx     bool // the server counts with approximate windows
	groups     int  // clients sharing the key, each with workers/groups goroutines
	sdkOptions func(pacedParams) ([]pindown.Option, error)
	writer     func(url, key string, p pacedParams, cnt *counter) writeFunc
}

func pacedClients() []pacedClient {
	ownLimits := func(p pacedParams) ([]pindown.Option, error) {
		return []pindown.Option{pindown.WithRateLimits(p.limits)}, nil
	}
	halfBudget := func(p pacedParams) ([]pindown.Option, error) {
		b, err := pindown.NewBudget(p.limits, 0.5)
		return []pindown.Option{pindown.WithBudget(b)}, err
	}
	return []pacedClient{
		{name: "sdk", groups: 1, sdkOptions: ownLimits},
		{name: "naive", slow: true, groups: 1, writer: func(url, key string, _ pacedParams, cnt *counter) writeFunc {
			return naiveWriter(url, key, cnt)
		}},
		{name: "bucket", groups: 1, writer: func(url, key string, p pacedParams, cnt *counter) writeFunc {
			return bucketWriter(url, key, p.limits, p.workers, cnt)
		}},
		{name: "approx", acceptance: true, approx: true, groups: 1, sdkOptions: ownLimits},
		{name: "two_clients", acceptance: true, groups: 2, sdkOptions: ownLimits},
		{name: "shared", acceptance: true, groups: 2, sdkOptions: halfBudget},
	}
}

// pacedRun is what one client setup did against its own server.
type pacedRun struct {
	client  string
	sdk     bool // the client is the SDK
	headers bool
	outcome
	attempts, limited int             // as the server counted them
	limitedAt         []time.Duration // when the 429s arrived, as the client saw them
	retryWaits        []time.Duration // SDK only: the waits before its retries, sorted
	lost, doubled     int             // pins missing, and extra, on the server afterwards
}

// paced runs M writes from 8 goroutines against a server enforcing an
// exact rolling window of N writes per W (scaled down from a minute), for
// each client setup, with and without rate-limit headers.
func paced(ctx context.Context, e *env, p pacedParams) (*report, error) {
	type job struct {
		client  pacedClient
		headers bool
	}
	var jobs []job
	for _, headers := range []bool{true, false} {
		for _, c := range pacedClients() {
			if headers || !c.acceptance || p.acceptanceWithoutHeaders {
				jobs = append(jobs, job{c, headers})
			}
		}
	}
	runs := make([]pacedRun, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for _, lane := range lanes(jobs, p.lanes, func(j job) int {
		if j.client.slow {
			return 3
		}
		return 1
	}) {
		wg.Go(func() {
			for _, i := range lane {
				j := jobs[i]
				runs[i], errs[i] = runPaced(ctx, p, j.client, j.headers)
				e.logf("paced: %s headers=%s: %d writes in %s, %d 429s", j.client.name, onOff(j.headers), p.writes, secs(runs[i].elapsed), runs[i].limited)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	rep := &report{}
	pacedSection(rep, p, true, runs)
	pacedSection(rep, p, false, runs)
	return rep, nil
}

// runPaced runs the workload of c against a fresh server.
func runPaced(ctx context.Context, p pacedParams, c pacedClient, headers bool) (pacedRun, error) {
	opts := []pindowntest.Option{pindowntest.WithRateLimits(p.limits)}
	if !headers {
		opts = append(opts, pindowntest.WithoutRateLimitHeaders())
	}
	if c.approx {
		opts = append(opts, pindowntest.WithApproximateWindows())
	}
	srv := pindowntest.NewServer(opts...)
	defer srv.Close()
	key := srv.NewKey()
	cnt := &counter{}
	var write writeFunc
	if c.sdkOptions != nil {
		var err error
		write, err = sdkWriter(srv.URL, key, c.groups, p.workers, cnt, func() ([]pindown.Option, error) { return c.sdkOptions(p) })
		if err != nil {
			return pacedRun{}, fmt.Errorf("%s: %w", c.name, err)
		}
	} else {
		write = c.writer(srv.URL, key, p, cnt)
	}

	// A client that never finishes fails the run instead of hanging.
	wctx, cancel := context.WithTimeout(ctx, 5*p.ideal()+30*time.Second)
	defer cancel()
	cnt.begin()
	out := drive(wctx, p.writes, p.workers, c.groups, write)
	st := srv.Stats()
	run := pacedRun{
		client: c.name, sdk: c.sdkOptions != nil, headers: headers, outcome: out,
		attempts: st.Requests[pindowntest.RouteCreate], limited: st.RateLimited[pindowntest.RouteCreate],
		limitedAt: cnt.limitedAt, retryWaits: slices.Sorted(slices.Values(cnt.retryWaits)),
	}
	var err error
	if run.lost, run.doubled, err = census(ctx, srv.URL, key, p.writes); err != nil {
		return run, fmt.Errorf("%s: counting pins: %w", c.name, err)
	}
	return run, nil
}

// pacedSection reports the runs made with headers on, or off.
func pacedSection(rep *report, p pacedParams, headers bool, runs []pacedRun) {
	s := rep.newSection("headers="+onOff(headers),
		"client", "ok", "errors", "attempts", "429s", "429 rate", "elapsed", "fraction",
		"p50 ms", "p90 ms", "p99 ms", "max ms", "lost", "doubled")
	id := p.ideal()
	s.metric("n", "%d", p.limits.Write)
	s.metric("window_ms", "%d", p.limits.Window.Milliseconds())
	s.metric("writes", "%d", p.writes)
	s.metric("workers", "%d", p.workers)
	s.metric("ideal_s", "%.2f", id.Seconds())
	by := make(map[string]pacedRun)
	for _, r := range runs {
		if r.headers == headers {
			by[r.client] = r
			pacedRow(s, p, r)
		}
	}
	pacedChecks(s, id, by)
	if !headers && !p.acceptanceWithoutHeaders {
		s.note("approx, two_clients and shared ran with headers only, to keep -quick short")
	}
	if p.lanes > 1 {
		s.note("the runs went %d at a time (each with its own server and key) to keep -quick short; without -quick they run one at a time", p.lanes)
	}
	s.note("ideal(M) = (⌈M/N⌉−1)·W = %s for M=%d, N=%d, W=%v; fraction = ideal/elapsed; latency is per write, waits and retries included",
		secs(id), p.writes, p.limits.Write, p.limits.Window)
}

// pacedRow reports the run r: a row, its metrics and notes on its 429s,
// waits and failures.
func pacedRow(s *section, p pacedParams, r pacedRun) {
	frac := p.ideal().Seconds() / r.elapsed.Seconds()
	rate := float64(r.limited) / float64(max(r.attempts, 1))
	lat := r.latencies
	s.row(r.client, fmt.Sprint(len(lat)-r.errs), fmt.Sprint(r.errs), fmt.Sprint(r.attempts), fmt.Sprint(r.limited),
		fmt.Sprintf("%.2f%%", 100*rate), secs(r.elapsed), fmt.Sprintf("%.3f", frac),
		ms(percentile(lat, 50)), ms(percentile(lat, 90)), ms(percentile(lat, 99)), ms(percentile(lat, 100)),
		fmt.Sprint(r.lost), fmt.Sprint(r.doubled))
	k := r.client + "_"
	s.metric(k+"429s", "%d", r.limited)
	s.metric(k+"attempts", "%d", r.attempts)
	s.metric(k+"429_rate", "%.4f", rate)
	s.metric(k+"fraction", "%.3f", frac)
	s.metric(k+"p50_ms", "%.1f", float64(percentile(lat, 50))/1e6)
	s.metric(k+"p99_ms", "%.1f", float64(percentile(lat, 99))/1e6)
	s.metric(k+"errors", "%d", r.errs)
	s.metric(k+"lost", "%d", r.lost)
	s.metric(k+"doubled", "%d", r.doubled)
	if len(r.limitedAt) != r.limited {
		s.note("%s: the client saw %d 429s, the server sent %d", r.client, len(r.limitedAt), r.limited)
	}
	if r.limited > 0 {
		s.note("%s: 429s by window of %v since the start: %s", r.client, p.limits.Window, timeline(r.limitedAt, p.limits.Window))
	}
	if w := r.retryWaits; len(w) > 0 {
		s.note("%s: waits before its %d retries: min %s, median %s, max %s", r.client, len(w), secs(w[0]), secs(percentile(w, 50)), secs(w[len(w)-1]))
	}
	if r.sdk && frac < minSDKFraction {
		s.note("%s: writes done by window of %v: %s", r.client, p.limits.Window, timeline(r.done, p.limits.Window))
	}
	if r.firstErr != nil {
		s.note("%s: %d writes failed; the first: %v", r.client, r.errs, r.firstErr)
	}
}

// pacedChecks checks the targets of the runs by client name, id being the
// ideal time.
func pacedChecks(s *section, id time.Duration, by map[string]pacedRun) {
	fraction := func(name string) float64 { return id.Seconds() / by[name].elapsed.Seconds() }
	sdk := by["sdk"]
	s.check("sdk_429s = 0", sdk.limited == 0, fmt.Sprint(sdk.limited))
	s.check(fmt.Sprintf("sdk_fraction ≥ %.2f", minSDKFraction), fraction("sdk") >= minSDKFraction, fmt.Sprintf("%.3f", fraction("sdk")))
	if approx, ok := by["approx"]; ok {
		approxRate := float64(approx.limited) / float64(max(approx.attempts, 1))
		s.check(fmt.Sprintf("approx_429_rate ≤ %.2f", maxApprox429Rate), approxRate <= maxApprox429Rate, fmt.Sprintf("%.4f (%d of %d)", approxRate, approx.limited, approx.attempts))
		s.check(fmt.Sprintf("approx_fraction ≥ %.2f", minApproxFraction), fraction("approx") >= minApproxFraction, fmt.Sprintf("%.3f", fraction("approx")))
	}
	if two, ok := by["two_clients"]; ok {
		s.check("two_clients: all writes done, none lost or doubled", two.errs == 0 && two.lost == 0 && two.doubled == 0,
			fmt.Sprintf("errors %d, lost %d, doubled %d", two.errs, two.lost, two.doubled))
		s.check(fmt.Sprintf("two_clients_fraction ≥ %.2f", minApproxFraction), fraction("two_clients") >= minApproxFraction, fmt.Sprintf("%.3f", fraction("two_clients")))
	}
	if shared, ok := by["shared"]; ok {
		s.check("shared_429s = 0", shared.limited == 0, fmt.Sprint(shared.limited))
	}
}

// lanes splits the indexes of jobs into n lanes of about equal weight,
// keeping their order within each lane.
func lanes[J any](jobs []J, n int, weight func(J) int) [][]int {
	out := make([][]int, n)
	load := make([]int, n)
	for i, j := range jobs {
		l := 0
		for k := range n {
			if load[k] < load[l] {
				l = k
			}
		}
		out[l] = append(out[l], i)
		load[l] += weight(j)
	}
	return out
}

// timeline counts the instants ts by window of length w: "#0:3 #2:1",
// leaving out empty windows.
func timeline(ts []time.Duration, w time.Duration) string {
	counts := make(map[int]int)
	last := 0
	for _, t := range ts {
		i := int(t / w)
		counts[i]++
		last = max(last, i)
	}
	var b strings.Builder
	for i := 0; i <= last; i++ {
		if counts[i] > 0 {
			fmt.Fprintf(&b, " #%d:%d", i, counts[i])
		}
	}
	return strings.TrimSpace(b.String())
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
