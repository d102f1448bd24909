package pindown_test

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// An operation of the matrix: its route, whether the spec calls it safe to
// repeat, and how to call it on the two pins every case starts with.
type matrixOp struct {
	name  string
	route pindowntest.Route
	safe  bool
	run   func(c *pindown.Client, ids []string) error
}

var matrixOps = []matrixOp{
	{"create", pindowntest.RouteCreate, false, func(c *pindown.Client, _ []string) error {
		_, err := c.Pins.CreateStatCards(ctx, "new", *statCards())
		return err
	}},
	{"get", pindowntest.RouteGet, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pins.Get(ctx, ids[0])
		return err
	}},
	{"list", pindowntest.RouteList, true, func(c *pindown.Client, _ []string) error {
		_, err := c.Pins.List(ctx, nil)
		return err
	}},
	{"update", pindowntest.RouteUpdate, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pins.Update(ctx, ids[0], &pindown.UpdatePinRequest{Title: pindown.Ptr("renamed")})
		return err
	}},
	{"delete", pindowntest.RouteDelete, true, func(c *pindown.Client, ids []string) error {
		return c.Pins.Delete(ctx, ids[0])
	}},
	{"share", pindowntest.RouteShare, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pins.Share(ctx, ids[0], &pindown.ShareSettings{IsPublic: pindown.Ptr(true)})
		return err
	}},
	{"batch get", pindowntest.RouteBatchGet, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pins.BatchGet(ctx, ids[:2])
		return err
	}},
	{"batch create", pindowntest.RouteBatchCreate, false, func(c *pindown.Client, _ []string) error {
		res, err := c.Pins.BatchCreate(ctx, []*pindown.CreatePinRequest{
			{Metadata: pindown.Metadata{Title: "a"}}, {Config: &pintypes.Markdown{Content: "b"}, Metadata: pindown.Metadata{Title: "b"}},
		})
		if err == nil {
			err = res.Err()
		}
		return err
	}},
	{"batch update", pindowntest.RouteBatchUpdate, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pins.BatchUpdate(ctx, []*pindown.BatchUpdateItem{{ID: ids[0], UpdatePinRequest: pindown.UpdatePinRequest{Title: pindown.Ptr("x")}}})
		return err
	}},
	{"batch delete", pindowntest.RouteBatchDelete, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pins.BatchDelete(ctx, ids[:2])
		return err
	}},
}

// createdBy is what one successful call of a create operation makes: how
// many, and the count of them on the server.
var createdBy = map[string]struct {
	n     int
	count func(pindowntest.Stats) int
}{
	"create":          {1, func(s pindowntest.Stats) int { return s.Pins }},
	"batch create":    {2, func(s pindowntest.Stats) int { return s.Pins }},
	"pinboard create": {1, func(s pindowntest.Stats) int { return s.Pinboards }},
	"page create":     {1, func(s pindowntest.Stats) int { return s.Pages }},
}

type matrixFault struct {
	name      string
	fault     pindowntest.Fault
	always    bool // retried for every operation (the server did not process it)
	processed bool // the server did the work before failing
	is        error
}

var matrixFaults = []matrixFault{
	{"429 with Retry-After", pindowntest.Fault{Status: 429, Header: http.Header{"Retry-After": {"0.01"}}}, true, false, pindown.ErrRateLimited},
	{"429 without Retry-After", pindowntest.Fault{Status: 429}, true, false, pindown.ErrRateLimited},
	{"500", pindowntest.Fault{Status: 500}, false, false, pindown.ErrServer},
	{"503", pindowntest.Fault{Status: 503}, false, false, pindown.ErrServer},
	{"501", pindowntest.Fault{Status: 501}, false, false, pindown.ErrServer},
	{"408", pindowntest.Fault{Status: 408}, false, false, nil},
	{"connection drop", pindowntest.Fault{Drop: true}, false, false, nil},
	{"response lost after processing", pindowntest.Fault{Drop: true, AfterProcessing: true}, false, true, nil},
	{"500 after processing", pindowntest.Fault{Status: 500, AfterProcessing: true}, false, true, pindown.ErrServer},
}

// TestRetryMatrix runs every operation against every fault once, through
// the real pipeline and pindowntest's fault injection, and checks the
// attempts made, the outcome, that a create never makes two pins, and that
// every attempt sent the identical body.
func TestRetryMatrix(t *testing.T) {
	limits := pindown.RateLimits{Read: 120, BatchRead: 60, Write: 90, Window: 100 * time.Millisecond}
	for _, op := range append(slices.Clip(matrixOps), boardMatrixOps()...) {
		for _, f := range matrixFaults {
			t.Run(op.name+"/"+f.name, func(t *testing.T) {
				srv := pindowntest.NewServer(pindowntest.WithRateLimits(limits))
				defer srv.Close()
				key := srv.NewKey()
				setup, err := pindown.NewClient(key, pindown.WithBaseURL(srv.URL), pindown.WithRateLimits(limits))
				require.NoError(t, err)
				ids := seedBoards(t, setup, srv.UserID(srv.NewKey()))
				before := srv.Stats()
				// No keep-alive: Go's transport would replay a dropped GET on
				// a reused connection by itself, hiding the attempt.
				rec := &recorder{base: &http.Transport{DisableKeepAlives: true}}
				c, err := pindown.NewClient(key, pindown.WithBaseURL(srv.URL), pindown.WithRateLimits(limits),
					pindown.WithMaxRetries(2), pindown.WithHTTPClient(&http.Client{Transport: rec}))
				require.NoError(t, err)
				pindown.SetBackoff(c, time.Millisecond, 5*time.Millisecond)

				srv.Inject(op.route, f.fault)
				err = op.run(c, ids)

				retried := f.always || (op.safe && f.fault.Status != 501)
				var attempts int
				var bodies [][]byte
				for _, r := range rec.requests() {
					if matchesRoute(r, op.route) {
						attempts++
						bodies = append(bodies, r.Body)
					}
				}
				for _, b := range bodies[1:] {
					require.True(t, bytes.Equal(bodies[0], b), "every attempt sends the identical body")
				}
				if retried {
					require.NoError(t, err)
					require.Equal(t, 2, attempts)
				} else {
					require.Error(t, err)
					require.Equal(t, 1, attempts, "not retried: %v", err)
					if f.is != nil {
						require.ErrorIs(t, err, f.is)
					}
					if !op.safe && f.fault.Status != 501 {
						require.ErrorIs(t, err, pindown.ErrMaybeCreated)
					}
				}
				if made, creates := createdBy[op.name]; creates {
					want := 0
					if retried || f.processed {
						want = made.n // never twice
					}
					require.Equal(t, made.count(before)+want, made.count(srv.Stats()))
				}
			})
		}
	}
}

func matchesRoute(r sentRequest, route pindowntest.Route) bool {
	path := r.Path[len("/v1"):]
	switch route {
	case pindowntest.RouteCreate:
		return r.Method == "POST" && path == "/pins"
	case pindowntest.RouteList:
		return r.Method == "GET" && path == "/pins"
	case pindowntest.RouteGet:
		return r.Method == "GET" && path != "/pins"
	case pindowntest.RouteUpdate:
		return r.Method == "PUT"
	case pindowntest.RouteDelete:
		return r.Method == "DELETE" && path != "/pins/batch"
	case pindowntest.RouteShare:
		return r.Method == "POST" && len(path) > 6 && path[len(path)-6:] == "/share"
	case pindowntest.RouteBatchGet:
		return path == "/pins/batch/get"
	case pindowntest.RouteBatchCreate:
		return r.Method == "POST" && path == "/pins/batch"
	case pindowntest.RouteBatchUpdate:
		return r.Method == "PATCH"
	case pindowntest.RouteBatchDelete:
		return r.Method == "DELETE" && path == "/pins/batch"
	}
	return matchesPattern(r.Method, path, route)
}

// matchesPattern reports whether a request fits a pinboard or page route:
// its method, and its path segment by segment, a parameter matching any
// segment but a literal of another route ("batch", "get").
func matchesPattern(method, path string, route pindowntest.Route) bool {
	m, pattern, _ := strings.Cut(string(route), " ")
	want, got := strings.Split(pattern, "/"), strings.Split(path, "/")
	if m != method || len(want) != len(got) {
		return false
	}
	for i, w := range want {
		switch {
		case strings.HasPrefix(w, "{"):
			if got[i] == "batch" || got[i] == "get" {
				return false
			}
		case w != got[i]:
			return false
		}
	}
	return true
}

// TestConnectionRefusedCreateIsRetried: a create whose connection was never
// made cannot have landed, so it is retried like any other call.
func TestConnectionRefusedCreateIsRetried(t *testing.T) {
	addr := closedAddr(t)
	var events []pindown.RetryEvent
	c, err := pindown.NewClient("k", pindown.WithBaseURL("http://"+addr), pindown.WithMaxRetries(2),
		pindown.WithRetryHook(func(e pindown.RetryEvent) { events = append(events, e) }))
	require.NoError(t, err)
	pindown.SetBackoff(c, time.Millisecond, time.Millisecond)
	_, err = c.Pins.CreateMarkdown(ctx, "x", pintypes.Markdown{})
	require.Error(t, err)
	require.NotErrorIs(t, err, pindown.ErrMaybeCreated)
	require.Len(t, events, 2)
	require.Equal(t, "connection error", events[0].Reason)
	require.Equal(t, 2, events[0].Attempt)
}

// TestServerWaitBeyondCapFailsAtOnce: a 429 asking for longer than
// WithMaxWait, or past the context's deadline, returns *RateLimitError with
// RetryAfter instead of sleeping.
func TestServerWaitBeyondCapFailsAtOnce(t *testing.T) {
	for _, tc := range []struct {
		name    string
		maxWait time.Duration
		timeout time.Duration
	}{
		{"cap", time.Second, time.Minute},
		{"deadline", time.Hour, time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := newClient(t, nil, pindown.WithMaxWait(tc.maxWait))
			srv.Inject(pindowntest.RouteList, pindowntest.Fault{Status: 429, Header: http.Header{"Retry-After": {"30"}}})
			cctx, cancel := context.WithTimeout(ctx, tc.timeout)
			defer cancel()
			start := time.Now()
			_, err := c.Pins.List(cctx, nil)
			require.Less(t, time.Since(start), 500*time.Millisecond)
			var rl *pindown.RateLimitError
			require.ErrorAs(t, err, &rl)
			require.Equal(t, pindown.BucketRead, rl.Bucket)
			require.InDelta(t, 30, rl.RetryAfter.Seconds(), 1)
			require.ErrorIs(t, err, pindown.ErrRateLimited)
			require.Equal(t, 1, srv.Stats().Requests[pindowntest.RouteList])
		})
	}
}

// 429s, which the server did not process, have four times the retry budget
// of other failures.
func TestRateLimitedRetriesHaveTheirOwnBudget(t *testing.T) {
	for _, tc := range []struct {
		times int
		ok    bool
	}{{4, true}, {5, false}} {
		srv, c := newClient(t, nil, pindown.WithMaxRetries(1))
		srv.Inject(pindowntest.RouteCreate, pindowntest.Fault{Times: tc.times, Status: 429, Header: http.Header{"Retry-After": {"0.001"}}})
		var info pindown.ResponseInfo
		_, err := c.Pins.CreateMarkdown(ctx, "x", pintypes.Markdown{}, pindown.WithRequestOptions(pindown.WithResponseInfo(&info)))
		if tc.ok {
			require.NoError(t, err)
			require.Equal(t, 5, info.Attempts)
		} else {
			require.ErrorIs(t, err, pindown.ErrRateLimited)
			require.Equal(t, 5, info.Attempts)
		}
	}
}
