package main

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// liveParams sizes the live scenario.
type liveParams struct {
	pins    int                // P
	hz      int                // changes per pin per second (real time)
	windows int                // how long the application runs, in windows
	naive   int                // how long it runs for the naive loop, in windows
	warmup  int                // windows left out of the steady-state staleness
	limits  pindown.RateLimits // Write per Window: the server's and the SDK's
}

// liveParamsFor: 500 pins changing 10 times a second, 90 writes per
// scaled window W. W must stay above 90·50/5000 s = 0.9s, or the budget
// (N·50 pins per W) would outrun the changes and nothing would wait for
// it. Full mode: W = 1.2s, 30 windows (36s) through Live and 10 through
// the naive loop. Quick mode: W = 1s, 6 windows and 3, to fit its time.
// The two ways run one after the other: on a shared two-core machine the
// naive run's load would show in Live's timing.
func liveParamsFor(quick bool) liveParams {
	u := pindown.Unlimited
	p := liveParams{pins: 500, hz: 10, windows: 30, naive: 10, warmup: 5,
		limits: pindown.RateLimits{Read: u, BatchRead: u, Write: 90, Window: 1200 * time.Millisecond}}
	if quick {
		p.windows, p.naive, p.warmup, p.limits.Window = 6, 3, 2, time.Second
	}
	return p
}

// floor is the physical limit of staleness: each pin can be in one request
// of ⌈P/50⌉, one request every W/N.
func (p liveParams) floor() time.Duration {
	return time.Duration((p.pins+49)/50) * p.limits.Window / time.Duration(p.limits.Write)
}

// liveRun is what one way of pushing the changes measured.
type liveRun struct {
	p50, p99, max time.Duration // steady state
	requests      int
	limited       int
	lastOK        int // pins whose final value landed
	backlog       int // changes never sent
	oldestUnsent  time.Duration
	closeTook     time.Duration
	changes       int64
	errs          int
}

// live pushes the same workload twice, each against its own server: through
// Live, and through a naive loop that calls Update for every change in turn.
func live(ctx context.Context, e *env, p liveParams) (*report, error) {
	lr, err := runLive(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("live: %w", err)
	}
	np := p
	np.windows, np.warmup = p.naive, 0
	nr, err := runNaiveLive(ctx, np)
	if err != nil {
		return nil, fmt.Errorf("naive: %w", err)
	}
	e.logf("live: p50 %s p99 %s, %d requests; naive p99 %s, %d changes never sent", ms(lr.p50), ms(lr.p99), lr.requests, ms(nr.p99), nr.backlog)

	floor := p.floor()
	rep := &report{}
	s := rep.newSection("", "way", "requests", "429s", "staleness p50 ms", "p99 ms", "max ms", "final values", "never sent")
	s.row("Live", fmt.Sprint(lr.requests), fmt.Sprint(lr.limited), ms(lr.p50), ms(lr.p99), ms(lr.max), fmt.Sprintf("%d/%d", lr.lastOK, p.pins), "0")
	s.row("naive Update loop", fmt.Sprint(nr.requests), fmt.Sprint(nr.limited), ms(nr.p50), ms(nr.p99), ms(nr.max), fmt.Sprintf("%d/%d", nr.lastOK, p.pins), fmt.Sprint(nr.backlog))
	s.metric("pins", "%d", p.pins)
	s.metric("hz", "%d", p.hz)
	s.metric("windows", "%d", p.windows)
	s.metric("n", "%d", p.limits.Write)
	s.metric("window_ms", "%d", p.limits.Window.Milliseconds())
	s.metric("changes", "%d", lr.changes)
	s.metric("requests", "%d", lr.requests)
	s.metric("live_429s", "%d", lr.limited)
	s.metric("staleness_p50_ms", "%s", ms(lr.p50))
	s.metric("staleness_p99_ms", "%s", ms(lr.p99))
	s.metric("floor_ms", "%s", ms(floor))
	s.metric("p99_over_floor", "%.2f", float64(lr.p99)/float64(floor))
	s.metric("final_values", "%d", lr.lastOK)
	s.metric("close_ms", "%s", ms(lr.closeTook))
	s.metric("naive_windows", "%d", p.naive)
	s.metric("naive_staleness_p50_ms", "%s", ms(nr.p50))
	s.metric("naive_staleness_p99_ms", "%s", ms(nr.p99))
	s.metric("naive_oldest_unsent_ms", "%s", ms(nr.oldestUnsent))
	s.metric("naive_never_sent", "%d", nr.backlog)
	s.metric("naive_429s", "%d", nr.limited)
	s.check("live_429s = 0", lr.limited == 0, fmt.Sprint(lr.limited))
	s.check(fmt.Sprintf("final values landed = %d", p.pins), lr.lastOK == p.pins, fmt.Sprint(lr.lastOK))
	s.check(fmt.Sprintf("staleness p99 ≤ 1.5 × floor (%s ms)", ms(floor*3/2)), lr.p99 <= floor*3/2, ms(lr.p99)+" ms")
	s.check("no pin errors", lr.errs == 0, fmt.Sprint(lr.errs))
	s.note("floor = ⌈P/50⌉·W/N = %d·%v/%d = %s ms: every pin can be in one request of %d, one request every W/N",
		(p.pins+49)/50, p.limits.Window, p.limits.Write, ms(floor), (p.pins+49)/50)
	s.note("staleness: from the oldest change a request carries to the request; steady state = after the first %d windows", p.warmup)
	s.note("naive: one Update per change in order, for %d windows; its staleness grows with time (oldest change never sent: %s ms old at the end; %d of %d changes never sent)",
		p.naive, ms(nr.oldestUnsent), nr.backlog, nr.changes)
	return rep, nil
}

// liveSetup starts a server with p's limits and a client paced to them, and
// creates the pins.
func liveSetup(ctx context.Context, p liveParams) (*pindowntest.Server, *pindown.Client, []string, error) {
	srv := pindowntest.NewServer(pindowntest.WithRateLimits(p.limits))
	c, err := pindown.NewClient(srv.NewKey(), pindown.WithBaseURL(srv.URL), pindown.WithRateLimits(p.limits))
	if err != nil {
		srv.Close()
		return nil, nil, nil, err
	}
	pins, err := batchCreate(ctx, c, statCardsRequests(p.pins))
	if err != nil {
		srv.Close()
		return nil, nil, nil, err
	}
	ids := make([]string, len(pins))
	for i, pin := range pins {
		ids[i] = pin.ID
	}
	// Let the creates leave the window: both ways start with a full budget.
	time.Sleep(p.limits.Window + 50*time.Millisecond)
	return srv, c, ids, nil
}

// value is the config of change v.
func value(v int64) pintypes.Config {
	return &pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "Value", Value: fmt.Sprint(v)}}}
}

// changeTick is how often the application makes a slice of its changes.
const changeTick = 10 * time.Millisecond

// perTick is how many changes to n pins the application makes every tick.
func (p liveParams) perTick(n int) int { return max(1, n*p.hz*int(changeTick)/int(time.Second)) }

// application makes p.hz changes per pin per second for p.windows windows,
// spread evenly: every tick a slice of the pins. It calls set for each and
// returns the last value of each pin.
func application(ctx context.Context, p liveParams, ids []string, set func(i int, v int64)) []int64 {
	last := make([]int64, len(ids))
	t := time.NewTicker(changeTick)
	defer t.Stop()
	end := time.Now().Add(time.Duration(p.windows) * p.limits.Window)
	var v int64
	next := 0
	for time.Now().Before(end) && ctx.Err() == nil {
		for range p.perTick(len(ids)) {
			v++
			set(next, v)
			last[next] = v
			next = (next + 1) % len(ids)
		}
		<-t.C
	}
	return last
}

// finalValues counts the pins whose value on the server is the last one set.
func finalValues(ctx context.Context, c *pindown.Client, ids []string, last []int64) (int, error) {
	got, err := c.Pins.BatchGet(ctx, ids)
	if err != nil {
		return 0, err
	}
	want := make(map[string]string, len(ids))
	for i, id := range ids {
		want[id] = fmt.Sprint(last[i])
	}
	ok := 0
	for _, pin := range got.Found {
		if sc, isSC := pin.Config.(*pintypes.StatCards); isSC && len(sc.Cards) > 0 && sc.Cards[0].Value == want[pin.ID] {
			ok++
		}
	}
	return ok, nil
}

func runLive(ctx context.Context, p liveParams) (liveRun, error) {
	srv, c, ids, err := liveSetup(ctx, p)
	if err != nil {
		return liveRun{}, err
	}
	defer srv.Close()
	var errs atomic.Int64
	l := pindown.NewLive(c, pindown.WithLiveErrors(func(string, error) { errs.Add(1) }))
	var warm pindown.LiveStats
	warmAt := time.Now().Add(time.Duration(p.warmup) * p.limits.Window)
	var r liveRun
	last := application(ctx, p, ids, func(i int, v int64) {
		if err := l.Set(ids[i], value(v)); err != nil {
			errs.Add(1)
		}
		if warm.Requests == 0 && time.Now().After(warmAt) {
			warm = l.Stats()
		}
		r.changes++
	})
	steady := l.Stats().Staleness.Sub(warm.Staleness)
	start := time.Now()
	if err := l.Close(ctx); err != nil {
		return r, err
	}
	r.closeTook = time.Since(start)
	st := l.Stats()
	r.p50, r.p99, r.max = steady.Quantile(0.5), steady.Quantile(0.99), steady.Max()
	r.requests = int(st.Requests)
	r.limited = srv.Stats().RateLimited[pindowntest.RouteBatchUpdate]
	r.errs = int(errs.Load())
	r.lastOK, err = finalValues(ctx, c, ids, last)
	return r, err
}

// naiveChange is a change waiting in the naive loop's queue.
type naiveChange struct {
	i  int
	v  int64
	at time.Time
}

// runNaiveLive pushes the changes of the application through a naive loop
// that calls Update for every change in turn, until the application stops.
func runNaiveLive(ctx context.Context, p liveParams) (liveRun, error) {
	srv, c, ids, err := liveSetup(ctx, p)
	if err != nil {
		return liveRun{}, err
	}
	defer srv.Close()
	// The queue holds every change the application can make (a tick at the
	// start, then one per changeTick), so that setting never waits.
	queue := make(chan naiveChange, p.perTick(len(ids))*(int(time.Duration(p.windows)*p.limits.Window/changeTick)+2))
	warmAt := time.Now().Add(time.Duration(p.warmup) * p.limits.Window)
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var stale []time.Duration
	var wg sync.WaitGroup
	wg.Go(func() { stale = sendNaive(lctx, c, ids, queue, warmAt) })
	var r liveRun
	last := application(ctx, p, ids, func(i int, v int64) {
		queue <- naiveChange{i, v, time.Now()}
		r.changes++
	})
	// The backlog would take minutes to drain: stop here and count it.
	cancel()
	wg.Wait()
	if r.backlog = len(queue); r.backlog > 0 {
		r.oldestUnsent = time.Since((<-queue).at)
	}
	slices.Sort(stale)
	r.p50, r.p99 = percentile(stale, 50), percentile(stale, 99)
	if len(stale) > 0 {
		r.max = stale[len(stale)-1]
	}
	st := srv.Stats()
	r.requests, r.limited = st.Requests[pindowntest.RouteUpdate], st.RateLimited[pindowntest.RouteUpdate]
	r.lastOK, err = finalValues(ctx, c, ids, last)
	return r, err
}

// sendNaive updates the pin of each change of queue in turn until ctx ends,
// and returns the staleness of the changes sent after warmAt.
func sendNaive(ctx context.Context, c *pindown.Client, ids []string, queue <-chan naiveChange, warmAt time.Time) []time.Duration {
	var stale []time.Duration
	for {
		select {
		case <-ctx.Done():
			return stale
		case ch := <-queue:
			at := time.Now()
			_, err := c.Pins.Update(ctx, ids[ch.i], &pindown.UpdatePinRequest{Config: value(ch.v)})
			if err != nil && ctx.Err() != nil {
				return stale
			}
			if err == nil && at.After(warmAt) {
				stale = append(stale, at.Sub(ch.at))
			}
		}
	}
}
