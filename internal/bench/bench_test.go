package main

import (
	"fmt"
	"go.uber.org/goleak"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	pindown "github.com/pindownai/client-go"
)

// These tests run tiny versions of the scenarios for correctness, not
// timing, so that the program does not rot.

// TestMain lets the test binary serve as a child server (-serve-pins), as
// the bench binary does.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && strings.HasPrefix(os.Args[1], "-serve-pins") {
		if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	goleak.VerifyTestMain(m)
}

func testEnv(t *testing.T) *env {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return &env{quick: true, exe: exe, log: io.Discard}
}

// metricOf returns the value of key in the report's only section.
func metricOf(t *testing.T, r *report, key string) string {
	t.Helper()
	v := r.sections[0].value(key)
	if v == "" {
		t.Fatalf("no metric %s in %v", key, r.lines())
	}
	return v
}

func TestOverhead(t *testing.T) {
	r, err := overhead(t.Context(), testEnv(t), overheadParams{rounds: 2, ops: 20, workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"get_ratio", "create_ratio", "get_sdk_allocs_op", "create_http_ns_op"} {
		var v float64
		if _, err := fmt.Sscan(metricOf(t, r, k), &v); err != nil || v <= 0 {
			t.Errorf("%s = %q, want a positive number", k, metricOf(t, r, k))
		}
	}
}

func TestBulk(t *testing.T) {
	p := bulkParams{limits: pindown.RateLimits{Write: 90, Window: 100 * time.Millisecond}, pins: 120, workers: 4}
	r, err := bulk(t.Context(), testEnv(t), p)
	if err != nil {
		t.Fatal(err)
	}
	if got := metricOf(t, r, "write_requests"); got != "3" {
		t.Errorf("write_requests = %s, want 3 (120 pins, 50 per request)", got)
	}
	if got := metricOf(t, r, "single_write_requests"); got != "120" {
		t.Errorf("single_write_requests = %s, want 120", got)
	}
	if !r.sections[0].passed() {
		t.Errorf("targets failed: %v", r.lines())
	}
}

func TestListAll(t *testing.T) {
	r, err := listAll(t.Context(), testEnv(t), listAllParams{small: 150, large: 450})
	if err != nil {
		t.Fatal(err)
	}
	if got := metricOf(t, r, "pins_large"); got != "450" {
		t.Errorf("pins_large = %s, want 450", got)
	}
	metricOf(t, r, "heap_growth")
}

func TestPacedSDK(t *testing.T) {
	p := pacedParams{limits: pindown.RateLimits{Write: 10, Window: 100 * time.Millisecond}, writes: 30, workers: 4, lanes: 1}
	for _, c := range pacedClients() {
		if c.name != "sdk" && c.name != "shared" {
			continue
		}
		run, err := runPaced(t.Context(), p, c, true)
		if err != nil {
			t.Fatal(err)
		}
		if run.errs != 0 || run.lost != 0 || run.doubled != 0 || len(run.latencies) != p.writes {
			t.Errorf("%s: %d errors (%v), %d lost, %d doubled, %d writes; want all %d writes done once",
				c.name, run.errs, run.firstErr, run.lost, run.doubled, len(run.latencies), p.writes)
		}
		if run.attempts < p.writes {
			t.Errorf("%s: server saw %d attempts for %d writes", c.name, run.attempts, p.writes)
		}
	}
}

func TestLanes(t *testing.T) {
	got := lanes([]int{3, 1, 1, 1, 1}, 2, func(w int) int { return w })
	want := [][]int{{0, 4}, {1, 2, 3}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("lanes = %v, want %v", got, want)
	}
}

func TestLines(t *testing.T) {
	r := &report{scenario: "x", elapsed: 1500 * time.Millisecond}
	s := r.newSection("headers=on")
	s.metric("a", "%d", 1)
	s.check("a = 1", true, "1")
	want := "bench: scenario=x headers=on elapsed_s=1.5 a=1 targets=pass"
	if got := r.lines(); len(got) != 1 || got[0] != want {
		t.Errorf("lines = %q, want %q", got, want)
	}
}

func TestUnknownScenario(t *testing.T) {
	err := run([]string{"-scenario", "nope"}, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "unknown scenario") {
		t.Errorf("err = %v, want unknown scenario", err)
	}
}

func TestUpsertScenario(t *testing.T) {
	r, err := upsert(t.Context(), testEnv(t), upsertParams{runs: 4, racers: 3, newKeys: 3, background: 5, lossRate: 0.1, create500: 0.2, seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !r.sections[0].passed() {
		t.Errorf("targets failed: %v", r.lines())
	}
}

func TestLiveScenario(t *testing.T) {
	u := pindown.Unlimited
	p := liveParams{pins: 120, hz: 10, windows: 3, naive: 1, warmup: 1,
		limits: pindown.RateLimits{Read: u, BatchRead: u, Write: 20, Window: 400 * time.Millisecond}}
	r, err := live(t.Context(), testEnv(t), p)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"final_values", "live_429s", "staleness_p99_ms", "naive_never_sent"} {
		metricOf(t, r, k)
	}
	if got := metricOf(t, r, "final_values"); got != "120" {
		t.Errorf("final_values = %s, want 120", got)
	}
	if got := metricOf(t, r, "live_429s"); got != "0" {
		t.Errorf("live_429s = %s, want 0", got)
	}
}

func TestMixed(t *testing.T) {
	r, err := mixed(t.Context(), testEnv(t), mixedParams{n: 10, window: 100 * time.Millisecond, calls: 20, workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := metricOf(t, r, "429s"); got != "0" {
		t.Errorf("429s = %s, want 0", got)
	}
	if got := metricOf(t, r, "errors"); got != "0" {
		t.Errorf("errors = %s, want 0", got)
	}
	metricOf(t, r, "pages-write_fraction")
}
