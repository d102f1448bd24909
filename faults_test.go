package pindown_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// The fault matrix: every operation against every way a network or a server
// can misbehave, each case asserting how many attempts the SDK made and what
// class of error it returned. The clients allow one retry, so a retried
// fault shows as two attempts and a fault that must not be retried as one.

// faultOp is an operation of the matrix.
type faultOp struct {
	name  string
	route pindowntest.Route
	safe  bool // spec/API.md: safe to repeat
	run   func(ctx context.Context, c *pindown.Client) error
}

// The ids the operations address; raw servers respond for them.
var faultIDs = []string{"p-1", "p-2"}

var faultOps = []faultOp{
	{"create", pindowntest.RouteCreate, false, func(ctx context.Context, c *pindown.Client) error {
		p, err := c.Pins.CreateMarkdown(ctx, "t", pintypes.Markdown{Content: "x"})
		if err == nil && p == nil {
			return errors.New("nil pin without an error")
		}
		return err
	}},
	{"get", pindowntest.RouteGet, true, func(ctx context.Context, c *pindown.Client) error {
		p, err := c.Pins.Get(ctx, faultIDs[0])
		if err == nil && p == nil {
			return errors.New("nil pin without an error")
		}
		return err
	}},
	{"list", pindowntest.RouteList, true, func(ctx context.Context, c *pindown.Client) error {
		_, err := c.Pins.List(ctx, nil)
		return err
	}},
	{"list all", pindowntest.RouteList, true, func(ctx context.Context, c *pindown.Client) error {
		for p, err := range c.Pins.ListAll(ctx, nil) {
			if err != nil {
				return err
			}
			if p == nil {
				return errors.New("nil pin without an error")
			}
		}
		return nil
	}},
	{"update", pindowntest.RouteUpdate, true, func(ctx context.Context, c *pindown.Client) error {
		_, err := c.Pins.Update(ctx, faultIDs[0], &pindown.UpdatePinRequest{Title: pindown.Ptr("new")})
		return err
	}},
	{"delete", pindowntest.RouteDelete, true, func(ctx context.Context, c *pindown.Client) error {
		return c.Pins.Delete(ctx, faultIDs[0])
	}},
	{"share", pindowntest.RouteShare, true, func(ctx context.Context, c *pindown.Client) error {
		_, err := c.Pins.Share(ctx, faultIDs[0], &pindown.ShareSettings{IsPublic: pindown.Ptr(true)})
		return err
	}},
	{"batch get", pindowntest.RouteBatchGet, true, func(ctx context.Context, c *pindown.Client) error {
		_, err := c.Pins.BatchGet(ctx, faultIDs)
		return err
	}},
	{"batch create", pindowntest.RouteBatchCreate, false, func(ctx context.Context, c *pindown.Client) error {
		res, err := c.Pins.BatchCreate(ctx, []*pindown.CreatePinRequest{
			{Metadata: pindown.Metadata{Title: "a"}}, {Metadata: pindown.Metadata{Title: "b"}},
		})
		if err != nil {
			for i, it := range res.Items {
				if it.Err == nil {
					return fmt.Errorf("item %d has no error although the call failed: %w", i, err)
				}
				if errors.Is(err, pindown.ErrMaybeCreated) != errors.Is(it.Err, pindown.ErrMaybeCreated) {
					return fmt.Errorf("item %d: %v disagrees with the call's %w", i, it.Err, err)
				}
			}
			return err
		}
		for i, it := range res.Items {
			if it.Err == nil && it.Value == nil {
				return fmt.Errorf("item %d: nil pin without an error", i)
			}
		}
		return res.Err()
	}},
	{"batch update", pindowntest.RouteBatchUpdate, true, func(ctx context.Context, c *pindown.Client) error {
		res, err := c.Pins.BatchUpdate(ctx, []*pindown.BatchUpdateItem{{ID: faultIDs[0], UpdatePinRequest: pindown.UpdatePinRequest{Title: pindown.Ptr("x")}}})
		if err == nil {
			err = res.Err()
		}
		return err
	}},
	{"batch delete", pindowntest.RouteBatchDelete, true, func(ctx context.Context, c *pindown.Client) error {
		res, err := c.Pins.BatchDelete(ctx, faultIDs)
		if err == nil {
			err = res.Err()
		}
		return err
	}},
}

// The pinboard and page operations of the matrix address these ids.
var faultBoardIDs = []string{faultIDs[0], faultIDs[1], faultIDs[0], faultIDs[1], "user-1"}

func init() {
	for _, op := range boardOps {
		bucketOf[op.route] = wantBucket(op.route) // for the cancel tests
		call := op.call
		faultOps = append(faultOps, faultOp{op.name, op.route, op.safe, func(ctx context.Context, c *pindown.Client) error {
			return call(ctx, c, faultBoardIDs)
		}})
	}
}

// faultOK is a success response that every operation can decode: a pin for
// create, get, update and share, an empty page for list, outcomes for the
// batch calls that report every item of faultOps as done.
const faultOK = `{"success":true,"data":{"id":"p-1","title":"t","is_public":true,"created_at":1730472600000,` +
	`"items":[],"total":0,"found":[],"not_found":["p-1","p-2"],` +
	`"created":[{"id":"p-1","index":0},{"id":"p-2","index":1}],"updated":["p-1"],"deleted":["p-1","p-2"],` +
	`"added":["p-1","p-2"],"removed":["p-1","p-2"]}}`

// An errCheck asserts the class of a matrix case's error.
type errCheck func(t *testing.T, op faultOp, err error)

// apiErrorWith expects an *APIError of status matching the sentinel is (nil:
// none in particular) whose message contains want.
func apiErrorWith(status int, is error, want string) errCheck {
	return func(t *testing.T, op faultOp, err error) {
		var apiErr *pindown.APIError
		require.ErrorAs(t, err, &apiErr)
		require.Equal(t, status, apiErr.StatusCode)
		if is != nil {
			require.ErrorIs(t, err, is)
		}
		require.Contains(t, apiErr.Message, want)
		require.LessOrEqual(t, len(err.Error()), 6<<10, "error text is bounded")
	}
}

// connError expects a failure without a response, matching one of targets.
func connError(targets ...error) errCheck {
	return func(t *testing.T, op faultOp, err error) {
		var apiErr *pindown.APIError
		require.False(t, errors.As(err, &apiErr), "no response, so no *APIError: %v", err)
		for _, target := range targets {
			if errors.Is(err, target) {
				return
			}
		}
		t.Fatalf("%v matches none of %v", err, targets)
	}
}

// timedOut expects the attempt timeout to have fired.
func timedOut(t *testing.T, op faultOp, err error) {
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorContains(t, err, "attempt timed out after "+faultAttemptTimeout.String())
}

type faultCase struct {
	name string
	// Either a pindowntest fault (injected on the operation's route) or a
	// raw handler (for what pindowntest cannot do), or neither: refused.
	fault   *pindowntest.Fault
	handler http.HandlerFunc
	refused bool

	retryAll  bool // retried for every operation: nothing reached the server
	retrySafe bool // retried for operations safe to repeat
	ok        bool // the call succeeds
	check     errCheck
	maybe     bool // Create and BatchCreate errors match ErrMaybeCreated
	hangs     bool // the server never finishes: the attempt timeout ends each attempt
}

// hijack takes the connection over after the request body was read, so that
// closing it sends a FIN rather than a reset for unread bytes.
func hijack(w http.ResponseWriter, r *http.Request) (net.Conn, io.Writer) {
	_, _ = io.Copy(io.Discard, r.Body)
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	return conn, buf
}

var faultCases = []faultCase{
	{
		name:     "connection refused",
		refused:  true,
		retryAll: true,
		check:    connError(syscall.ECONNREFUSED),
	},
	{
		name:      "connection dropped before a response",
		fault:     &pindowntest.Fault{Drop: true, Times: 10},
		retrySafe: true, maybe: true,
		check: connError(io.EOF, io.ErrUnexpectedEOF, syscall.ECONNRESET),
	},
	{
		name: "closed mid-body",
		handler: func(w http.ResponseWriter, r *http.Request) {
			conn, buf := hijack(w, r)
			fmt.Fprint(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"+faultOK[:40])
			buf.(interface{ Flush() error }).Flush()
			conn.Close()
		},
		retrySafe: true, maybe: true,
		check: connError(io.ErrUnexpectedEOF),
	},
	{
		name: "reset mid-body",
		handler: func(w http.ResponseWriter, r *http.Request) {
			conn, buf := hijack(w, r)
			fmt.Fprint(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"+faultOK[:40])
			buf.(interface{ Flush() error }).Flush()
			conn.(*net.TCPConn).SetLinger(0) // close with RST
			conn.Close()
		},
		retrySafe: true, maybe: true,
		check: connError(io.ErrUnexpectedEOF, syscall.ECONNRESET, io.EOF),
	},
	{
		name:      "server hangs",
		fault:     &pindowntest.Fault{Delay: 10 * time.Second, Times: 10},
		retrySafe: true, maybe: true, hangs: true,
		check: timedOut,
	},
	{
		name: "slow trickle body",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "1000")
			w.WriteHeader(200)
			fmt.Fprint(w, `{"success":true,"data":{`)
			for range 200 { // 2 s at most; the client leaves after faultAttemptTimeout
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(10 * time.Millisecond):
				}
				if _, err := fmt.Fprint(w, " "); err != nil {
					return
				}
			}
		},
		retrySafe: true, maybe: true, hangs: true,
		check: timedOut,
	},
	{
		name:  "200 with truncated JSON",
		fault: &pindowntest.Fault{Status: 200, Body: faultOK[:60], Times: 10},
		maybe: true,
		check: apiErrorWith(200, pindown.ErrServer, "malformed"),
	},
	{
		name:  "200 with success:false",
		fault: &pindowntest.Fault{Status: 200, Body: `{"success":false,"error":{"code":"VALIDATION_FAILED","message":"title too long"}}`, Times: 10},
		check: apiErrorWith(200, pindown.ErrInvalidRequest, "title too long"),
	},
	{
		name:  "200 with success:false and no error",
		fault: &pindowntest.Fault{Status: 200, Body: `{"success":false}`, Times: 10},
		check: apiErrorWith(200, nil, `OK (application/json body: "{\"success\":false}")`),
	},
	{
		name:      "HTML 502 from a proxy",
		fault:     &pindowntest.Fault{Status: 502, Body: "<html><body><h1>502 Bad Gateway</h1>\n<hr>nginx</body></html>", Times: 10},
		retrySafe: true, maybe: true,
		check: apiErrorWith(502, pindown.ErrServer, `text/html; charset=utf-8 body: "<html><body><h1>502 Bad Gateway</h1> <hr>nginx</body></html>"`),
	},
	{
		name: "500 with an empty body",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(500)
		},
		retrySafe: true, maybe: true,
		check: apiErrorWith(500, pindown.ErrServer, "Internal Server Error (empty body)"),
	},
	{
		name: "500 with a huge text body",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(500)
			_, _ = io.Copy(w, io.LimitReader(repeatReader('x'), 8<<20))
		},
		retrySafe: true, maybe: true,
		check: apiErrorWith(500, pindown.ErrServer, "xxx…"),
	},
	{
		name: "503 with a huge JSON message",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(503)
			fmt.Fprintf(w, `{"error":{"code":"SERVICE_UNAVAILABLE","message":"%s"}}`, strings.Repeat("slow ", 12<<10))
		},
		retrySafe: true, maybe: true,
		check: apiErrorWith(503, pindown.ErrServer, "slow slow"),
	},
	{
		name: "valid JSON sent as text/plain",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprint(w, faultOK)
		},
		ok: true,
	},
	{
		name: "HTML sent as application/json",
		handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, "<html>Service moved</html>")
		},
		maybe: true,
		check: apiErrorWith(200, pindown.ErrServer, `application/json body: "<html>Service moved</html>"`),
	},
	{
		name: "redirect to another host",
		handler: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://other.example/v1/pins?sig=secret", http.StatusTemporaryRedirect)
		},
		check: apiErrorWith(307, nil, "unexpected redirect to http://other.example/v1/pins; the SDK does not follow redirects"),
		// A create met with a redirect may have been processed first.
		maybe: true,
	},
}

// repeatReader is an endless stream of b.
type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// attemptCounter counts the attempts that leave the client (below its
// pacing), and sends them on connections that are never reused: Go's
// transport would silently replay a dropped GET on a reused connection.
type attemptCounter struct {
	n    atomic.Int64
	base http.RoundTripper
}

func (a *attemptCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	a.n.Add(1)
	return a.base.RoundTrip(r)
}

// faultAttemptTimeout bounds each attempt of the cases where the server
// hangs: short, so that they stay quick. The other cases get
// slowAttemptTimeout, long enough for a loaded machine running the whole
// suite under the race detector to read any response in time.
const (
	faultAttemptTimeout = 100 * time.Millisecond
	slowAttemptTimeout  = 5 * time.Second
)

func newFaultClient(t *testing.T, baseURL, key string, hangs bool) (*pindown.Client, *attemptCounter) {
	t.Helper()
	counter := &attemptCounter{base: &http.Transport{DisableKeepAlives: true}}
	timeout := slowAttemptTimeout
	if hangs {
		timeout = faultAttemptTimeout
	}
	c, err := pindown.NewClient(key, pindown.WithBaseURL(baseURL), pindown.WithoutRateLimits(),
		pindown.WithMaxRetries(1), pindown.WithAttemptTimeout(timeout),
		pindown.WithHTTPClient(&http.Client{Transport: counter}))
	require.NoError(t, err)
	pindown.SetBackoff(c, time.Millisecond, 2*time.Millisecond)
	return c, counter
}

func TestFaultMatrix(t *testing.T) {
	for _, fc := range faultCases {
		t.Run(fc.name, func(t *testing.T) {
			t.Parallel()
			for _, op := range faultOps {
				t.Run(op.name, func(t *testing.T) {
					var (
						baseURL  = "http://" + closedAddr(t)
						key      = "pk_test_faults"
						served   func() int64
						pinsLeft func() int
					)
					switch {
					case fc.fault != nil:
						srv := pindowntest.NewServer()
						t.Cleanup(srv.Close)
						baseURL, key = srv.URL, srv.NewKey()
						srv.Inject(op.route, *fc.fault)
						served = func() int64 { return int64(srv.Stats().Requests[op.route]) }
						pinsLeft = func() int { return srv.Stats().Pins }
					case fc.handler != nil:
						var n atomic.Int64
						hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
							n.Add(1)
							fc.handler(w, r)
						}))
						t.Cleanup(hs.Close)
						baseURL, served = hs.URL, n.Load
					}
					c, attempts := newFaultClient(t, baseURL, key, fc.hangs)

					start := time.Now()
					err := op.run(ctx, c)
					elapsed := time.Since(start)

					want := int64(1)
					if fc.retryAll || fc.retrySafe && op.safe {
						want = 2
					}
					if op.name == "list all" && fc.ok {
						want = 1 // an empty page ends it
					}
					require.Equal(t, want, attempts.n.Load(), "attempts; error: %v", err)
					if served != nil {
						require.Equal(t, want, served(), "requests the server saw")
					}
					require.Less(t, elapsed, 5*time.Second, "bounded by the attempt timeout, not the server")
					if fc.ok {
						require.NoError(t, err)
						return
					}
					require.Error(t, err)
					fc.check(t, op, err)
					if !op.safe && fc.maybe {
						require.ErrorIs(t, err, pindown.ErrMaybeCreated)
					} else {
						require.NotErrorIs(t, err, pindown.ErrMaybeCreated)
					}
					if pinsLeft != nil {
						require.Zero(t, pinsLeft(), "no fault processed a create")
					}
				})
			}
		})
	}
}

// TestHugeSuccessBodyIsRefused: a response larger than 64 MiB is read no
// further than the limit, streamed or declared.
func TestHugeSuccessBodyIsRefused(t *testing.T) {
	t.Run("streamed", func(t *testing.T) {
		var written atomic.Int64
		done := make(chan struct{})
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer close(done)
			w.Header().Set("Content-Type", "application/json")
			n, _ := fmt.Fprint(w, `{"success":true,"data":{"id":"p-1","title":"`)
			written.Add(int64(n))
			buf := make([]byte, 64<<10)
			repeatReader('a').Read(buf)
			for written.Load() < 1<<30 { // a generator: 1 GiB unless the client hangs up
				n, err := w.Write(buf)
				written.Add(int64(n))
				if err != nil {
					return
				}
			}
		}))
		defer hs.Close()
		c, err := pindown.NewClient("pk_test_huge", pindown.WithBaseURL(hs.URL), pindown.WithMaxRetries(0))
		require.NoError(t, err)
		start := time.Now()
		p, err := c.Pins.Get(ctx, "p-1")
		require.Nil(t, p)
		require.ErrorIs(t, err, pindown.ErrServer)
		require.ErrorContains(t, err, "larger than 64 MiB")
		var apiErr *pindown.APIError
		require.ErrorAs(t, err, &apiErr)
		require.Equal(t, 200, apiErr.StatusCode)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("the server is still streaming: the client did not hang up")
		}
		require.Less(t, written.Load(), int64(96<<20), "read up to the limit, not forever")
		t.Logf("refused after %v, server wrote %d MiB", time.Since(start), written.Load()>>20)
	})
	t.Run("declared", func(t *testing.T) {
		var served atomic.Int64
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			served.Add(1)
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", fmt.Sprint(int64(100<<20)))
			w.WriteHeader(200)
			fmt.Fprint(w, `{"success":true,"data":{`)
			w.(http.Flusher).Flush()
			<-r.Context().Done() // and then nothing: the client must not wait for the rest
		}))
		defer hs.Close()
		c, err := pindown.NewClient("pk_test_huge", pindown.WithBaseURL(hs.URL), pindown.WithMaxRetries(0))
		require.NoError(t, err)
		start := time.Now()
		_, err = c.Pins.CreateMarkdown(ctx, "t", pintypes.Markdown{})
		require.ErrorIs(t, err, pindown.ErrServer)
		require.ErrorIs(t, err, pindown.ErrMaybeCreated)
		require.ErrorContains(t, err, "larger than 64 MiB")
		require.Less(t, time.Since(start), time.Second)
		require.Equal(t, int64(1), served.Load())
	})
}

// TestErrorBodyReadIsBounded: of an error response the SDK reads 64 KiB at
// most, whatever the server sends, and still says what it was.
func TestErrorBodyReadIsBounded(t *testing.T) {
	var written atomic.Int64
	done := make(chan struct{})
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		buf := make([]byte, 16<<10)
		repeatReader('<').Read(buf)
		for written.Load() < 1<<30 {
			n, err := w.Write(buf)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer hs.Close()
	c, err := pindown.NewClient("pk_test_huge", pindown.WithBaseURL(hs.URL), pindown.WithMaxRetries(0))
	require.NoError(t, err)
	_, err = c.Pins.List(ctx, nil)
	var apiErr *pindown.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, 502, apiErr.StatusCode)
	require.ErrorIs(t, err, pindown.ErrServer)
	require.Contains(t, apiErr.Message, "text/html body")
	require.LessOrEqual(t, len(apiErr.Message), 300)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the server is still streaming: the client did not hang up")
	}
	// What the server managed to write is the 64 KiB read plus what the
	// sockets buffered before the client hung up.
	require.Less(t, written.Load(), int64(32<<20))
}
