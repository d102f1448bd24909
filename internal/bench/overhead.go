package main

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	pindown "github.com/pindownai/client-go"
)

// overheadParams sizes the overhead scenario.
type overheadParams struct {
	rounds  int // measured rounds; each runs every variant once
	ops     int // calls per variant and round
	workers int // goroutines calling at once
}

func overheadParamsFor(quick bool) overheadParams {
	if quick {
		return overheadParams{rounds: 16, ops: 300, workers: 4}
	}
	return overheadParams{rounds: 40, ops: 1000, workers: 4}
}

// maxOverhead is the target: the SDK at most 25% slower than net/http.
const maxOverhead = 1.25

// A variant is one way of making one kind of call.
type variant struct {
	op, client string // "get" or "create"; "sdk" or "net/http"
	call       func() error
}

// measurement is the cost of one batch of calls.
type measurement struct {
	ns, cpu, allocs, bytes float64 // per call: wall ns, this process's CPU ns, allocations, bytes allocated
}

// overhead compares Pins.Get and Pins.Create through the SDK (pacing off)
// with the same calls written by hand, against a server in a child process
// so that allocations are the client's alone. Rounds alternate the order of
// the two clients (A B, B A, …) to cancel drift; the ratio is the median of
// the rounds' ratios.
func overhead(ctx context.Context, e *env, p overheadParams) (*report, error) {
	srv, err := startChild(ctx, e.exe, 0)
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	sdk, err := pindown.NewClient(srv.Key, pindown.WithBaseURL(srv.URL), pindown.WithoutRateLimits())
	if err != nil {
		return nil, err
	}
	hc := &http.Client{Transport: newTransport(p.workers)}
	defer hc.CloseIdleConnections()
	hand := &handClient{hc: hc, base: srv.URL, key: srv.Key}
	pin, err := sdk.Pins.Create(ctx, statCardsRequest("overhead"))
	if err != nil {
		return nil, err
	}

	variants := []variant{
		{"get", "sdk", func() error { _, err := sdk.Pins.Get(ctx, pin.ID); return err }},
		{"get", "net/http", func() error { _, err := hand.get(ctx, pin.ID); return err }},
		{"create", "sdk", func() error { _, err := sdk.Pins.Create(ctx, statCardsRequest("overhead")); return err }},
		{"create", "net/http", func() error { _, err := hand.create(ctx, "overhead"); return err }},
	}
	got, err := measureVariants(p, variants)
	if err != nil {
		return nil, err
	}
	return overheadReport(p, variants, got), nil
}

// measureVariants warms up every variant, then measures each p.rounds
// times. Variants come in pairs (SDK, net/http) whose order alternates
// from round to round.
func measureVariants(p overheadParams, variants []variant) ([][]measurement, error) {
	for _, v := range variants { // warm up connections, caches and the server
		if _, err := measure(p.workers, p.ops/4, v.call); err != nil {
			return nil, fmt.Errorf("%s %s: %w", v.op, v.client, err)
		}
	}
	got := make([][]measurement, len(variants))
	for r := range p.rounds {
		for pair := 0; pair < len(variants); pair += 2 {
			order := []int{pair, pair + 1}
			if r%2 == 1 {
				order = []int{pair + 1, pair}
			}
			for _, i := range order {
				m, err := measure(p.workers, p.ops, variants[i].call)
				if err != nil {
					return nil, fmt.Errorf("%s %s: %w", variants[i].op, variants[i].client, err)
				}
				got[i] = append(got[i], m)
			}
		}
	}
	return got, nil
}

// overheadReport reports the measurements got of each variant.
func overheadReport(p overheadParams, variants []variant, got [][]measurement) *report {
	rep := &report{}
	s := rep.newSection("", "op", "client", "ns/op", "ratio", "ratio p25..p75", "cpu ns/op", "cpu ratio", "allocs/op", "B/op")
	s.metric("workers", "%d", p.workers)
	s.metric("rounds", "%d", p.rounds)
	s.metric("ops", "%d", p.ops)
	for pair := 0; pair < len(variants); pair += 2 {
		overheadPair(s, variants[pair].op, got[pair], got[pair+1])
	}
	s.note("%d goroutines, %d rounds of %d calls per variant, server in a child process; ns/op is wall time per call (throughput); cpu ns/op, allocs and bytes are this process's (the client's); ratios are SDK/net/http, medians of the rounds",
		p.workers, p.rounds, p.ops)
	return rep
}

// overheadPair reports one op: the SDK's rounds sdkM against net/http's
// rounds httpM.
func overheadPair(s *section, op string, sdkM, httpM []measurement) {
	var ratios, cpuRatios []float64
	for r := range sdkM {
		ratios = append(ratios, sdkM[r].ns/httpM[r].ns)
		cpuRatios = append(cpuRatios, sdkM[r].cpu/httpM[r].cpu)
	}
	ratio, cpuRatio := median(ratios), median(cpuRatios)
	slices.Sort(ratios)
	spread := fmt.Sprintf("%.2f..%.2f", ratios[len(ratios)/4], ratios[len(ratios)*3/4])
	sdk, hand := medians(sdkM), medians(httpM)
	s.row(op, "sdk", fmt.Sprintf("%.0f", sdk.ns), fmt.Sprintf("%.2f", ratio), spread,
		fmt.Sprintf("%.0f", sdk.cpu), fmt.Sprintf("%.2f", cpuRatio), fmt.Sprintf("%.0f", sdk.allocs), fmt.Sprintf("%.0f", sdk.bytes))
	s.row(op, "net/http", fmt.Sprintf("%.0f", hand.ns), "", "",
		fmt.Sprintf("%.0f", hand.cpu), "", fmt.Sprintf("%.0f", hand.allocs), fmt.Sprintf("%.0f", hand.bytes))
	for _, m := range []struct {
		key       string
		sdk, hand float64
	}{{"ns_op", sdk.ns, hand.ns}, {"allocs_op", sdk.allocs, hand.allocs}, {"bytes_op", sdk.bytes, hand.bytes}, {"cpu_ns_op", sdk.cpu, hand.cpu}} {
		s.metric(op+"_sdk_"+m.key, "%.0f", m.sdk)
		s.metric(op+"_http_"+m.key, "%.0f", m.hand)
	}
	s.metric(op+"_cpu_ratio", "%.2f", cpuRatio)
	s.metric(op+"_ratio", "%.2f", ratio)
	s.check(fmt.Sprintf("%s_ratio ≤ %.2f", op, maxOverhead), ratio <= maxOverhead, fmt.Sprintf("%.2f", ratio))
}

// medians returns the median of each field of ms.
func medians(ms []measurement) measurement {
	var ns, cpu, allocs, bytes []float64
	for _, m := range ms {
		ns, cpu = append(ns, m.ns), append(cpu, m.cpu)
		allocs, bytes = append(allocs, m.allocs), append(bytes, m.bytes)
	}
	return measurement{median(ns), median(cpu), median(allocs), median(bytes)}
}

// measure makes n calls from workers goroutines and returns their cost per
// call. It stops at the first error.
func measure(workers, n int, call func() error) (measurement, error) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cpu0, _ := cpuTime()
	var next atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for next.Add(1) <= int64(n) {
				if err := call(); err != nil {
					once.Do(func() { firstErr = err })
					next.Store(int64(n))
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu1, _ := cpuTime()
	runtime.ReadMemStats(&after)
	if firstErr != nil {
		return measurement{}, firstErr
	}
	return measurement{
		ns:     float64(elapsed.Nanoseconds()) / float64(n),
		cpu:    float64((cpu1 - cpu0).Nanoseconds()) / float64(n),
		allocs: float64(after.Mallocs-before.Mallocs) / float64(n),
		bytes:  float64(after.TotalAlloc-before.TotalAlloc) / float64(n),
	}, nil
}
