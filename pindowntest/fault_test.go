package pindowntest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
)

func TestFaultStatusCodes(t *testing.T) {
	srv := newServer(t, unlimited)
	key := srv.NewKey()
	for status, code := range map[int]string{
		408: "REQUEST_TIMEOUT", 429: "RATE_LIMITED", 500: "INTERNAL_SERVER_ERROR", 501: "NOT_IMPLEMENTED",
		502: "BAD_GATEWAY", 503: "SERVICE_UNAVAILABLE", 504: "GATEWAY_TIMEOUT", 409: "CONFLICT",
	} {
		srv.Inject(pindowntest.RouteCreate, pindowntest.Fault{Status: status})
		call(t, "POST", srv.URL+"/pins", key, titled("x")).want(t, status, code)
	}
	if n := srv.Stats().Pins; n != 0 {
		t.Errorf("fault-responded creates stored %d pins", n)
	}
	call(t, "POST", srv.URL+"/pins", key, titled("x")).want(t, 201, "") // the queue is empty again
}

func TestFaultBodyAndHeaders(t *testing.T) {
	srv := newServer(t, unlimited)
	key := srv.NewKey()
	srv.Inject(pindowntest.RouteList, pindowntest.Fault{Status: 502, Body: "<html><body>Bad Gateway</body></html>"})
	srv.Inject(pindowntest.RouteList, pindowntest.Fault{Status: 429, Body: `{"error":{"code":"RATE_LIMIT_EXCEEDED","message":"slow down"}}`,
		Header: http.Header{"Retry-After": {"7"}}})
	srv.Inject(pindowntest.RouteList, pindowntest.Fault{Status: 503, Header: http.Header{"retry-after": {"Wed, 21 Oct 2026 07:28:00 GMT"}}})

	a := call(t, "GET", srv.URL+"/pins", key, nil)
	if a.Status != 502 || string(a.Raw) != "<html><body>Bad Gateway</body></html>" || !strings.HasPrefix(a.Header.Get("Content-Type"), "text/html") {
		t.Errorf("HTML fault: %d %q %q", a.Status, a.Header.Get("Content-Type"), a.Raw)
	}
	a = call(t, "GET", srv.URL+"/pins", key, nil).want(t, 429, "RATE_LIMIT_EXCEEDED")
	if a.Header.Get("Retry-After") != "7" || a.Error.Message != "slow down" {
		t.Errorf("JSON fault: %v %s", a.Header, a.Raw)
	}
	a = call(t, "GET", srv.URL+"/pins", key, nil).want(t, 503, "SERVICE_UNAVAILABLE")
	if a.Header.Get("Retry-After") != "Wed, 21 Oct 2026 07:28:00 GMT" {
		t.Errorf("header not sent: %v", a.Header)
	}
	call(t, "GET", srv.URL+"/pins", key, nil).want(t, 200, "")
}

// TestFaultQueue: Times, queueing in order, per-route matching, and faults
// firing only after authentication.
func TestFaultQueue(t *testing.T) {
	srv := newServer(t, unlimited)
	key := srv.NewKey()
	srv.Inject(pindowntest.RouteGet, pindowntest.Fault{Status: 500, Times: 2})
	srv.Inject(pindowntest.RouteGet, pindowntest.Fault{Status: 503})
	id := createPin(t, srv, key, titled("x")) // other routes are unaffected
	call(t, "GET", srv.URL+"/pins/"+id, "", nil).want(t, 401, "UNAUTHORIZED")
	for _, want := range []int{500, 500, 503, 200, 200} {
		if a := call(t, "GET", srv.URL+"/pins/"+id, key, nil); a.Status != want {
			t.Fatalf("got %d, want %d", a.Status, want)
		}
	}
	if n := srv.Stats().Requests[pindowntest.RouteGet]; n != 6 {
		t.Errorf("Stats.Requests[RouteGet] = %d, want 6", n)
	}
}

// TestFaultDoesNotCount: a fault-responded request is not processed, so it
// does not count against the rate limit (and 429 faults are not limiter 429s).
func TestFaultDoesNotCount(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, pindowntest.WithClock(clock.Now), pindowntest.WithRateLimits(pindown.RateLimits{Write: 2, Window: time.Second}))
	key := srv.NewKey()
	srv.Inject(pindowntest.RouteCreate, pindowntest.Fault{Status: 429, Times: 5})
	for range 5 {
		call(t, "POST", srv.URL+"/pins", key, titled("x")).want(t, 429, "RATE_LIMITED")
	}
	createPin(t, srv, key, titled("x"))
	createPin(t, srv, key, titled("x"))
	call(t, "POST", srv.URL+"/pins", key, titled("x")).want(t, 429, "RATE_LIMITED")
	if st := srv.Stats(); st.RateLimited[pindowntest.RouteCreate] != 1 || st.Requests[pindowntest.RouteCreate] != 8 {
		t.Errorf("stats %+v", st)
	}
	// With AfterProcessing the request is processed, so it counts.
	clock.Advance(time.Second)
	srv.Inject(pindowntest.RouteCreate, pindowntest.Fault{Status: 500, AfterProcessing: true, Times: 2})
	call(t, "POST", srv.URL+"/pins", key, titled("x")).want(t, 500, "INTERNAL_SERVER_ERROR")
	call(t, "POST", srv.URL+"/pins", key, titled("x")).want(t, 500, "INTERNAL_SERVER_ERROR")
	call(t, "POST", srv.URL+"/pins", key, titled("x")).want(t, 429, "RATE_LIMITED")
	if n := srv.Stats().Pins; n != 4 {
		t.Errorf("%d pins, want 4", n)
	}
}

// TestFaultAfterProcessing: the pin is created although the client gets a
// 500 or a dropped connection.
func TestFaultAfterProcessing(t *testing.T) {
	srv := newServer(t, unlimited)
	key := srv.NewKey()
	srv.Inject(pindowntest.RouteCreate, pindowntest.Fault{Status: 500, AfterProcessing: true})
	call(t, "POST", srv.URL+"/pins", key, titled("first")).want(t, 500, "INTERNAL_SERVER_ERROR")

	srv.Inject(pindowntest.RouteCreate, pindowntest.Fault{Drop: true, AfterProcessing: true})
	if _, err := tryCall("POST", srv.URL+"/pins", key, titled("second")); err == nil {
		t.Fatal("dropped create: no error")
	}

	var l listPage
	call(t, "GET", srv.URL+"/pins", key, nil).want(t, 200, "").decode(t, &l)
	if l.Total != 2 {
		t.Fatalf("total %d, want 2: %+v", l.Total, l)
	}
	titles := map[string]bool{}
	for _, it := range l.Items {
		titles[it.Title] = true
	}
	if !titles["first"] || !titles["second"] {
		t.Errorf("titles %v", titles)
	}
	// AfterProcessing with only a delay sends the real response, late.
	srv.Inject(pindowntest.RouteBatchDelete, pindowntest.Fault{Delay: 2 * time.Millisecond, AfterProcessing: true})
	var r batchIDResult
	call(t, "DELETE", srv.URL+"/pins/batch", key, map[string]any{"pin_ids": []string{l.Items[0].ID}}).want(t, 200, "").decode(t, &r)
	if len(r.Deleted) != 1 {
		t.Errorf("delayed batch delete: %+v", r)
	}
}

func TestFaultDrop(t *testing.T) {
	srv := newServer(t, unlimited)
	key := srv.NewKey()
	id := createPin(t, srv, key, titled("x"))
	// A fresh connection per request: Go's transport silently retries an
	// idempotent request that fails on a reused connection.
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 5 * time.Second}

	srv.Inject(pindowntest.RouteGet, pindowntest.Fault{Drop: true})
	req, _ := newRequest("GET", srv.URL+"/pins/"+id, key, nil)
	resp, err := hc.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("dropped get responded %d", resp.StatusCode)
	}
	if !errors.Is(err, io.EOF) && !strings.Contains(err.Error(), "EOF") && !strings.Contains(err.Error(), "reset") {
		t.Logf("drop error: %v", err) // any transport error will do
	}
	// A dropped (not processed) update changes nothing.
	srv.Inject(pindowntest.RouteUpdate, pindowntest.Fault{Drop: true})
	req, _ = newRequest("PUT", srv.URL+"/pins/"+id, key, map[string]any{"metadata": map[string]any{"title": "changed"}})
	if resp, err := hc.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("dropped update responded %d", resp.StatusCode)
	}
	var p struct{ Title string }
	call(t, "GET", srv.URL+"/pins/"+id, key, nil).want(t, 200, "").decode(t, &p)
	if p.Title != "x" {
		t.Errorf("dropped update was processed: title %q", p.Title)
	}
}

func TestFaultDelay(t *testing.T) {
	srv := newServer(t, unlimited)
	key := srv.NewKey()
	// A short delay, then the normal response.
	srv.Inject(pindowntest.RouteList, pindowntest.Fault{Delay: 3 * time.Millisecond})
	start := time.Now()
	call(t, "GET", srv.URL+"/pins", key, nil).want(t, 200, "")
	if d := time.Since(start); d < 3*time.Millisecond {
		t.Errorf("responded after %v, before the 3ms delay", d)
	}
	// A short delay, then a status.
	srv.Inject(pindowntest.RouteList, pindowntest.Fault{Delay: time.Millisecond, Status: 504})
	call(t, "GET", srv.URL+"/pins", key, nil).want(t, 504, "GATEWAY_TIMEOUT")

	// A long delay ends when the client gives up: the client sees its own
	// deadline at once, and the server is not stuck (Close below returns).
	srv.Inject(pindowntest.RouteList, pindowntest.Fault{Delay: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	req, _ := newRequest("GET", srv.URL+"/pins", key, nil)
	start = time.Now()
	_, err := httpClient.Do(req.WithContext(ctx))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v, want a deadline error", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancel took %v", d)
	}
}

// TestFaultDelayEndsOnClose: Close does not wait for an injected delay.
func TestFaultDelayEndsOnClose(t *testing.T) {
	srv := pindowntest.NewServer(unlimited)
	key := srv.NewKey()
	srv.Inject(pindowntest.RouteList, pindowntest.Fault{Delay: time.Hour, Status: 500})
	done := make(chan error, 1)
	go func() {
		_, err := tryCall("GET", srv.URL+"/pins", key, nil)
		done <- err
	}()
	// Wait until the request is in the server, then close it.
	for srv.Stats().Requests[pindowntest.RouteList] == 0 {
		time.Sleep(100 * time.Microsecond)
	}
	start := time.Now()
	srv.Close()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Close took %v", d)
	}
	if err := <-done; err == nil {
		t.Error("the delayed request got a response after Close")
	}
}
