package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"time"

	pindown "github.com/pindownai/client-go"
)

// listAllParams sizes the listall scenario.
type listAllParams struct {
	small, large int // pins listed in the two runs compared
}

// listAllParamsFor returns 10,000 against 100,000 pins, or against 50,000
// in quick mode, where seeding and listing 100,000 would take a tenth of
// the minute.
func listAllParamsFor(quick bool) listAllParams {
	if quick {
		return listAllParams{small: 10_000, large: 50_000}
	}
	return listAllParams{small: 10_000, large: 100_000}
}

// maxHeapGrowth is the target: the peak heap of listing the large number of
// pins at most 1.5 times that of the small number.
const maxHeapGrowth = 1.5

// heapMetric is the heap memory occupied by objects, live or not yet swept.
const heapMetric = "/memory/classes/heap/objects:bytes"

// listing is what one ListAll iteration measured.
type listing struct {
	pins     int
	elapsed  time.Duration
	baseline uint64 // heap after a GC before the iteration
	peak     uint64 // highest heap sampled during it
}

// listAll iterates all pins of two child servers, one with few and one with
// many pins, with ListAll (pages of 100, pacing off), sampling this
// process's heap every millisecond. The peak must not grow with the pins.
func listAll(ctx context.Context, e *env, p listAllParams) (*report, error) {
	sizes := []int{p.small, p.large}
	servers := make([]*childServer, len(sizes))
	errs := make([]error, len(sizes))
	var wg sync.WaitGroup
	start := time.Now()
	for i, n := range sizes { // seed both at once
		wg.Go(func() { servers[i], errs[i] = startChild(ctx, e.exe, n) })
	}
	wg.Wait()
	for _, s := range servers {
		if s != nil {
			defer s.Close()
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	e.logf("listall: child servers with %d and %d pins ready in %s", p.small, p.large, secs(time.Since(start)))

	got := make([]listing, len(sizes))
	for i, srv := range servers {
		l, err := iterate(ctx, srv)
		if err != nil {
			return nil, err
		}
		if l.pins != sizes[i] {
			return nil, fmt.Errorf("ListAll yielded %d pins of %d", l.pins, sizes[i])
		}
		got[i] = l
	}

	small, large := got[0], got[1]
	growth := float64(large.peak) / float64(small.peak)
	rep := &report{}
	s := rep.newSection("", "pins", "baseline MiB", "peak heap MiB", "wall", "pins/s")
	for _, l := range got {
		s.row(fmt.Sprint(l.pins), fmt.Sprintf("%.2f", mib(l.baseline)), fmt.Sprintf("%.2f", mib(l.peak)), secs(l.elapsed),
			fmt.Sprintf("%.0f", float64(l.pins)/l.elapsed.Seconds()))
	}
	s.metric("pins_small", "%d", small.pins)
	s.metric("pins_large", "%d", large.pins)
	s.metric("peak_heap_mib", "%.2f", mib(large.peak))
	s.metric("peak_heap_small_mib", "%.2f", mib(small.peak))
	s.metric("baseline_heap_mib", "%.2f", mib(large.baseline))
	s.metric("pins_per_s", "%.0f", float64(large.pins)/large.elapsed.Seconds())
	s.metric("pins_per_s_small", "%.0f", float64(small.pins)/small.elapsed.Seconds())
	s.metric("heap_growth", "%.2f", growth)
	s.check(fmt.Sprintf("heap_growth ≤ %.1f", maxHeapGrowth), growth <= maxHeapGrowth, fmt.Sprintf("%.2f", growth))
	s.note("heap is %s of this process (servers run in child processes), sampled every 1ms after a GC; heap_growth = peak(%d)/peak(%d)",
		heapMetric, large.pins, small.pins)
	return rep, nil
}

// iterate lists every pin of srv and samples the heap meanwhile.
func iterate(ctx context.Context, srv *childServer) (listing, error) {
	c, err := pindown.NewClient(srv.Key, pindown.WithBaseURL(srv.URL), pindown.WithoutRateLimits())
	if err != nil {
		return listing{}, err
	}
	runtime.GC()
	l := listing{baseline: heapBytes()}
	stop, done := make(chan struct{}), make(chan uint64)
	go sampleHeap(stop, done)
	start := time.Now()
	for _, err = range c.Pins.ListAll(ctx, &pindown.ListOptions{Limit: 100}) {
		if err != nil {
			break
		}
		l.pins++
	}
	l.elapsed = time.Since(start)
	close(stop)
	l.peak = <-done
	if err != nil {
		return listing{}, fmt.Errorf("ListAll: %w", err)
	}
	return l, nil
}

// sampleHeap reads the heap every millisecond until stop is closed, then
// sends the highest reading on done.
func sampleHeap(stop <-chan struct{}, done chan<- uint64) {
	sample := []metrics.Sample{{Name: heapMetric}}
	var peak uint64
	read := func() {
		metrics.Read(sample)
		peak = max(peak, sample[0].Value.Uint64())
	}
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		read()
		select {
		case <-stop:
			read()
			done <- peak
			return
		case <-t.C:
		}
	}
}

// heapBytes reads heapMetric now.
func heapBytes() uint64 {
	sample := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(sample)
	return sample[0].Value.Uint64()
}
