package pindowntest_test

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
)

type limitDetails struct {
	Limit   int    `json:"limit"`
	Used    int    `json:"used"`
	Window  string `json:"window"`
	ResetAt string `json:"resetAt"`
}

// limited checks a 429 response: code, details, Retry-After and reset headers.
func limited(t *testing.T, a response, limit int, window string, resetAt time.Time, retryAfter int) {
	t.Helper()
	a.want(t, 429, "RATE_LIMITED")
	var d limitDetails
	if err := json.Unmarshal(a.Error.Details, &d); err != nil {
		t.Fatalf("details %s: %v", a.Error.Details, err)
	}
	// resetAt is sent with millisecond precision, rounded up so that it is
	// never before the instant capacity returns.
	shown := resetAt.Truncate(time.Millisecond)
	if shown.Before(resetAt) {
		shown = shown.Add(time.Millisecond)
	}
	want := limitDetails{Limit: limit, Used: limit, Window: window, ResetAt: shown.UTC().Format("2006-01-02T15:04:05.000Z07:00")}
	if d != want {
		t.Errorf("details %+v, want %+v", d, want)
	}
	if got := a.Header.Get("Retry-After"); got != strconv.Itoa(retryAfter) {
		t.Errorf("Retry-After %q, want %d", got, retryAfter)
	}
	wantHeaders(t, a, limit, 0, resetAt)
}

// wantHeaders checks the X-RateLimit-* headers; reset is rounded up to seconds.
func wantHeaders(t *testing.T, a response, limit, remaining int, reset time.Time) {
	t.Helper()
	resetSec := reset.Unix()
	if reset.Nanosecond() != 0 {
		resetSec++
	}
	for h, want := range map[string]string{
		"X-RateLimit-Limit":     strconv.Itoa(limit),
		"X-RateLimit-Remaining": strconv.Itoa(remaining),
		"X-RateLimit-Reset":     strconv.FormatInt(resetSec, 10),
	} {
		if got := a.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
}

// TestRollingWindow: at a scaled 200 ms window, exactly N requests are
// admitted per rolling window, the next gets 429 with the instant capacity
// returns, rejected requests do not count, and capacity returns one request
// at a time as the admitted ones leave the window.
func TestRollingWindow(t *testing.T) {
	const window = 200 * time.Millisecond
	clock := newFakeClock()
	srv := newServer(t, pindowntest.WithClock(clock.Now), pindowntest.WithRateLimits(pindown.RateLimits{Read: 5, BatchRead: 2, Write: 3, Window: window}))
	key := srv.NewKey()
	create := func() response { return call(t, "POST", srv.URL+"/pins", key, titled("x")) }

	// Writes at t0, t0+50ms, t0+100ms fill the window.
	for i := range 3 {
		a := create().want(t, 201, "")
		wantHeaders(t, a, 3, 2-i, t0.Add(window))
		if a.Header.Get("Retry-After") != "" {
			t.Error("Retry-After on an admitted request")
		}
		clock.Advance(50 * time.Millisecond)
	}
	// t0+150ms and t0+199.999999ms: full until the first leaves at t0+200ms.
	limited(t, create(), 3, "200ms", t0.Add(window), 1)
	clock.Set(t0.Add(window - time.Nanosecond))
	for range 5 {
		limited(t, create(), 3, "200ms", t0.Add(window), 1)
	}
	if st := srv.Stats(); st.Pins != 3 || st.RateLimited[pindowntest.RouteCreate] != 6 || st.Requests[pindowntest.RouteCreate] != 9 {
		t.Errorf("stats %+v", st)
	}
	// Reads and batch reads have their own budgets.
	call(t, "GET", srv.URL+"/pins", key, nil).want(t, 200, "")
	call(t, "POST", srv.URL+"/pins/batch/get", key, map[string]any{"pin_ids": []string{"p-x"}}).want(t, 200, "")

	// t0+200ms: one slot is back, then full again until t0+250ms.
	clock.Set(t0.Add(window))
	wantHeaders(t, create().want(t, 201, ""), 3, 0, t0.Add(window+50*time.Millisecond))
	limited(t, create(), 3, "200ms", t0.Add(window+50*time.Millisecond), 1)
	clock.Set(t0.Add(window + 50*time.Millisecond))
	create().want(t, 201, "")
	limited(t, create(), 3, "200ms", t0.Add(window+100*time.Millisecond), 1)
	// A whole quiet window later the full budget is back.
	clock.Set(t0.Add(3 * window))
	for range 3 {
		create().want(t, 201, "")
	}
	limited(t, create(), 3, "200ms", t0.Add(4*window), 1)

	// Batch writes cost one write, whatever their size.
	clock.Set(t0.Add(10 * window))
	pins := make([]any, 50)
	for i := range pins {
		pins[i] = titled("b")
	}
	for range 3 {
		call(t, "POST", srv.URL+"/pins/batch", key, map[string]any{"pins": pins}).want(t, 200, "")
	}
	limited(t, call(t, "PATCH", srv.URL+"/pins/batch", key, map[string]any{"updates": []any{map[string]any{"id": "p-x"}}}), 3, "200ms", t0.Add(11*window), 1)
}

// TestRetryAfterRoundsUp uses a one-minute window to see whole seconds.
func TestRetryAfterRoundsUp(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, pindowntest.WithClock(clock.Now), pindowntest.WithRateLimits(pindown.RateLimits{Read: 2, Write: pindown.Unlimited}))
	key := srv.NewKey()
	get := func() response { return call(t, "GET", srv.URL+"/pins", key, nil) }
	get().want(t, 200, "")
	clock.Advance(10*time.Second + 500*time.Millisecond)
	get().want(t, 200, "")
	clock.Set(t0.Add(20 * time.Second))
	limited(t, get(), 2, "60s", t0.Add(time.Minute), 40)
	clock.Set(t0.Add(20*time.Second + 300*time.Millisecond))
	limited(t, get(), 2, "60s", t0.Add(time.Minute), 40) // 39.7 s → 40
	clock.Set(t0.Add(time.Minute - time.Millisecond))
	limited(t, get(), 2, "60s", t0.Add(time.Minute), 1) // never 0
	clock.Set(t0.Add(time.Minute))
	wantHeaders(t, get().want(t, 200, ""), 2, 0, t0.Add(70*time.Second+500*time.Millisecond))
	// Unlimited buckets send no headers.
	a := call(t, "POST", srv.URL+"/pins", key, titled("x")).want(t, 201, "")
	if h := a.Header.Get("X-RateLimit-Limit"); h != "" {
		t.Errorf("unlimited bucket sent X-RateLimit-Limit %q", h)
	}
}

func TestDefaultRateLimits(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, pindowntest.WithClock(clock.Now))
	key := srv.NewKey()
	n := pindown.DefaultRateLimits.BatchRead
	for range n {
		call(t, "POST", srv.URL+"/pins/batch/get", key, map[string]any{"pin_ids": []string{"p-x"}}).want(t, 200, "")
	}
	limited(t, call(t, "POST", srv.URL+"/pins/batch/get", key, map[string]any{"pin_ids": []string{"p-x"}}),
		n, "60s", t0.Add(time.Minute), 60)
}

// TestRateLimitOrder: auth (401) comes before the limiter, the limiter (429)
// before the scope check (403); admitted requests count even when they fail.
func TestRateLimitOrder(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, pindowntest.WithClock(clock.Now), pindowntest.WithRateLimits(pindown.RateLimits{Write: 2, Window: time.Second}))
	readOnly := srv.NewKey("pins:read")
	a := call(t, "POST", srv.URL+"/pins", readOnly, titled("x")).want(t, 403, "SCOPE_REQUIRED")
	wantHeaders(t, a, 2, 1, t0.Add(time.Second))
	call(t, "POST", srv.URL+"/pins", readOnly, `{bad json`).want(t, 403, "SCOPE_REQUIRED")
	limited(t, call(t, "POST", srv.URL+"/pins", readOnly, titled("x")), 2, "1s", t0.Add(time.Second), 1)
	a = call(t, "POST", srv.URL+"/pins", "", titled("x")).want(t, 401, "UNAUTHORIZED")
	if a.Header.Get("X-RateLimit-Limit") != "" {
		t.Error("401 response carries rate-limit headers")
	}
	// Each key has its own budget; failed (400) requests count.
	other := srv.NewKey()
	call(t, "POST", srv.URL+"/pins", other, `{bad json`).want(t, 400, "VALIDATION_FAILED")
	call(t, "PUT", srv.URL+"/pins/p-nosuchpin000", other, map[string]any{}).want(t, 404, "NOT_FOUND")
	limited(t, call(t, "POST", srv.URL+"/pins", other, titled("x")), 2, "1s", t0.Add(time.Second), 1)
	if n := srv.Stats().Pins; n != 0 {
		t.Errorf("%d pins created by rejected requests", n)
	}
}

func TestWithoutRateLimitHeaders(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, pindowntest.WithClock(clock.Now), pindowntest.WithoutRateLimitHeaders(),
		pindowntest.WithRateLimits(pindown.RateLimits{Read: 1, Window: 200 * time.Millisecond}))
	key := srv.NewKey()
	for i, want := range []int{200, 429} {
		a := call(t, "GET", srv.URL+"/pins", key, nil)
		if a.Status != want {
			t.Fatalf("request %d: %d", i, a.Status)
		}
		for _, h := range []string{"Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} {
			if v := a.Header.Get(h); v != "" {
				t.Errorf("%s sent: %q", h, v)
			}
		}
		if want == 429 {
			var d limitDetails
			if err := json.Unmarshal(a.Error.Details, &d); err != nil || d.ResetAt != "2026-01-01T00:00:00.200Z" || d.Window != "200ms" {
				t.Errorf("details %s (%v)", a.Error.Details, err)
			}
		}
	}
}

// TestApproximateWindows: the sliding-window counter admits iff
// prev·(1−elapsed/W) + cur < N, and names the first instant it would admit.
func TestApproximateWindows(t *testing.T) {
	const window = 200 * time.Millisecond
	clock := newFakeClock() // t0 starts a slot
	srv := newServer(t, pindowntest.WithClock(clock.Now), pindowntest.WithApproximateWindows(),
		pindowntest.WithRateLimits(pindown.RateLimits{Read: 4, Window: window}))
	key := srv.NewKey()
	get := func() response { return call(t, "GET", srv.URL+"/pins", key, nil) }

	// Slot 0: four requests at t0+150ms (estimate 0,1,2,3), the fifth is refused.
	clock.Set(t0.Add(150 * time.Millisecond))
	for i := range 4 {
		wantHeaders(t, get().want(t, 200, ""), 4, 3-i, t0.Add(window))
	}
	// cur = 4 = N: the next slot admits as soon as prev's weight drops below 1, at its start + 1ns.
	next := t0.Add(window + time.Nanosecond)
	limited(t, get(), 4, "200ms", next, 1)
	clock.Set(t0.Add(window)) // estimate exactly 4: still refused
	limited(t, get(), 4, "200ms", next, 1)
	clock.Set(next)
	get().want(t, 200, "") // estimate 4·(1−1ns/200ms) + 0 < 4
	// Now prev=4, cur=1, e=1ns: the estimate is ~5. It drops below 4 when
	// 4·(W−e)/W + 1 < 4, i.e. e > W/4 = 50ms.
	at := t0.Add(window + 50*time.Millisecond + time.Nanosecond)
	limited(t, get(), 4, "200ms", at, 1)
	clock.Set(at.Add(-time.Nanosecond))
	limited(t, get(), 4, "200ms", at, 1)
	clock.Set(at)
	get().want(t, 200, "")
	// Halfway through slot 1 (prev=4, cur=2): estimate 4 → refused until 100ms + 1ns.
	clock.Set(t0.Add(window + 100*time.Millisecond))
	limited(t, get(), 4, "200ms", t0.Add(window+100*time.Millisecond+time.Nanosecond), 1)
	// Two slots later everything is forgotten.
	clock.Set(t0.Add(3 * window))
	for range 4 {
		get().want(t, 200, "")
	}
	if st := srv.Stats(); st.RateLimited[pindowntest.RouteList] != 5 {
		t.Errorf("rate limited %d, want 5", st.RateLimited[pindowntest.RouteList])
	}
}

// TestApproximateVersusExact shows the difference: after a full burst at the
// end of a slot, the exact window refuses for a whole window while the
// counter admits again early in the next slot.
func TestApproximateVersusExact(t *testing.T) {
	const window = 200 * time.Millisecond
	for _, approx := range []bool{false, true} {
		clock := newFakeClock()
		opts := []pindowntest.Option{pindowntest.WithClock(clock.Now), pindowntest.WithRateLimits(pindown.RateLimits{Write: 10, Window: window})}
		if approx {
			opts = append(opts, pindowntest.WithApproximateWindows())
		}
		srv := newServer(t, opts...)
		key := srv.NewKey()
		clock.Set(t0.Add(190 * time.Millisecond))
		for range 10 {
			call(t, "DELETE", srv.URL+"/pins/p-nosuchpin000", key, nil).want(t, 404, "NOT_FOUND")
		}
		clock.Set(t0.Add(window + 100*time.Millisecond)) // half a slot later: estimate 5
		admitted := 0
		for range 10 {
			if call(t, "DELETE", srv.URL+"/pins/p-nosuchpin000", key, nil).Status == 404 {
				admitted++
			}
		}
		want := map[bool]int{false: 0, true: 5}[approx]
		if admitted != want {
			t.Errorf("approximate=%v: %d admitted, want %d", approx, admitted, want)
		}
	}
}
