package pindown_test

// Regression tests of issue 13's defects, one per numbered item, named
// after it. Items 6 and 16 (the pacer) are in defects_internal_test.go, 7
// and 17 (configs) in pintypes, 14 and 25 (the server) in pindowntest, 22
// in examples/quickstart.

import (
	"bufio"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// within runs f and fails the test if it has not returned after d: the
// defects below were hangs.
func within(t *testing.T, d time.Duration, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		t.Fatalf("still running after %v", d)
		return nil
	}
}

// respond returns a client for a server whose handler is h.
func respond(t *testing.T, h http.HandlerFunc, opts ...pindown.Option) *pindown.Client {
	t.Helper()
	c, err := pindown.NewClient("pk_test_defects", append([]pindown.Option{pindown.WithBaseURL(newHTTPServer(t, h) + "/v1")}, opts...)...)
	require.NoError(t, err)
	return c
}

func jsonBody(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

func TestDefect01_FarFutureReset(t *testing.T) {
	for name, set := range map[string]func(http.Header) string{
		"Retry-After date": func(h http.Header) string { h.Set("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"); return "" },
		"X-RateLimit-Reset": func(h http.Header) string {
			h.Set("X-RateLimit-Reset", "99999999999999")
			return ""
		},
		"details.resetAt": func(http.Header) string { return `,"details":{"resetAt":"9999-12-31T23:59:59Z"}` },
	} {
		t.Run(name, func(t *testing.T) {
			c := respond(t, func(w http.ResponseWriter, r *http.Request) {
				details := set(w.Header())
				jsonBody(w, 429, `{"success":false,"error":{"code":"RATE_LIMITED","message":"slow down"`+details+`}}`)
			})
			for i := range 2 { // the first call and a later one on the held bucket
				err := within(t, 5*time.Second, func() error { _, err := c.Pins.Get(context.Background(), "p-1"); return err })
				var rl *pindown.RateLimitError
				require.ErrorAs(t, err, &rl, "call %d", i)
				require.Greater(t, rl.RetryAfter, 24*time.Hour, "call %d", i)
				require.True(t, rl.Server)
			}
		})
	}
}

func TestDefect02_EveryWaitBoundedByMaxWaitAndDeadline(t *testing.T) {
	t.Run("hold after Retry-After 3600", func(t *testing.T) {
		var requests int
		c := respond(t, func(w http.ResponseWriter, r *http.Request) {
			requests++
			w.Header().Set("Retry-After", "3600")
			jsonBody(w, 429, `{"error":{"code":"RATE_LIMITED","message":"hourly quota"}}`)
		})
		for range 2 {
			err := within(t, 2*time.Second, func() error { _, err := c.Pins.Get(ctx, "p-1"); return err })
			var rl *pindown.RateLimitError
			require.ErrorAs(t, err, &rl)
			require.InDelta(t, time.Hour.Seconds(), rl.RetryAfter.Seconds(), 5)
			require.True(t, rl.Server, "the server imposed it")
		}
		require.Equal(t, 1, requests, "the second call waited for nothing and sent nothing")
	})
	t.Run("Retry-After on a 200", func(t *testing.T) {
		c := respond(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			jsonBody(w, 200, `{"success":true,"data":{"id":"p-1"}}`)
		})
		_, err := c.Pins.Get(ctx, "p-1")
		require.NoError(t, err)
		err = within(t, 2*time.Second, func() error { _, err := c.Pins.Get(ctx, "p-1"); return err })
		require.ErrorIs(t, err, pindown.ErrRateLimited)
	})
	t.Run("pacing past the deadline", func(t *testing.T) {
		_, c := newClient(t, []pindowntest.Option{pindowntest.WithoutRateLimits()},
			pindown.WithRateLimits(pindown.RateLimits{Write: 3, Window: time.Minute}), pindown.WithMaxWait(time.Second))
		for range 3 {
			_, err := c.Pins.CreateMarkdown(ctx, "t", pintypes.Markdown{})
			require.NoError(t, err)
		}
		dctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		start := time.Now()
		_, err := c.Pins.CreateMarkdown(dctx, "t", pintypes.Markdown{})
		require.Less(t, time.Since(start), time.Second, "it failed at once")
		var rl *pindown.RateLimitError
		require.ErrorAs(t, err, &rl)
		require.False(t, rl.Server, "the client's own budget imposed it")
		require.Greater(t, rl.RetryAfter, 50*time.Second)
		require.ErrorIs(t, err, pindown.ErrNotSent)
	})
	t.Run("long waits logged at Info", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) { // a pacing wait of 2 s, on a fake clock
			var infos []string
			h := &recordHandler{f: func(r slog.Record) {
				if r.Level >= slog.LevelInfo {
					infos = append(infos, r.Message)
				}
			}}
			c, err := pindown.NewClient("pk_test_defects", pindown.WithBaseURL("http://127.0.0.1:9/v1"),
				pindown.WithHTTPClient(&http.Client{Transport: created{}}),
				pindown.WithRateLimits(pindown.RateLimits{Write: 1, Window: 2 * time.Second}), pindown.WithLogger(slog.New(h)))
			require.NoError(t, err)
			for range 2 { // the second waits for the first's slot to leave the window
				_, err := c.Pins.CreateMarkdown(ctx, "t", pintypes.Markdown{})
				require.NoError(t, err)
			}
			require.Contains(t, infos, "pindown: waiting")
		})
	})
}

// created is a RoundTripper that answers every request with a created pin,
// without a network (so that it runs inside a synctest bubble).
type created struct{}

func (created) RoundTrip(r *http.Request) (*http.Response, error) {
	body := `{"success":true,"data":{"id":"p-1","created_at":1730472600000}}`
	return &http.Response{StatusCode: 201, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
}

// recordHandler is a slog.Handler that calls f for every record.
type recordHandler struct{ f func(slog.Record) }

func (h *recordHandler) Enabled(context.Context, slog.Level) bool      { return true }
func (h *recordHandler) Handle(_ context.Context, r slog.Record) error { h.f(r); return nil }
func (h *recordHandler) WithAttrs([]slog.Attr) slog.Handler            { return h }
func (h *recordHandler) WithGroup(string) slog.Handler                 { return h }

func TestDefect03_SwitchingProtocols(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	release := make(chan struct{})
	defer close(release)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				_, _ = http.ReadRequest(bufio.NewReader(conn))
				fmt.Fprint(conn, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
				<-release // and hold the connection
			}()
		}
	}()
	c, err := pindown.NewClient("pk_test_101", pindown.WithBaseURL("http://"+ln.Addr().String()+"/v1"),
		pindown.WithMaxRetries(0), pindown.WithAttemptTimeout(10*time.Second))
	require.NoError(t, err)
	err = within(t, 2*time.Second, func() error { _, err := c.Pins.Get(ctx, "p-1"); return err })
	require.ErrorContains(t, err, "unexpected 101")
	_, err = c.Pins.CreateMarkdown(ctx, "t", pintypes.Markdown{})
	require.ErrorIs(t, err, pindown.ErrMaybeCreated, "a create responded 101 may have been processed")
}

// allocatedDuring returns how many bytes f allocated.
func allocatedDuring(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestDefect04_OversizedListPage(t *testing.T) {
	t.Run("millions of entries", func(t *testing.T) {
		body := []byte(`{"success":true,"data":{"items":[` + strings.Repeat(`{},`, 16<<20/3) + `{}],"total":1}}`)
		c := respond(t, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(body) }) // the server allocates nothing
		var err error
		alloc := allocatedDuring(func() { _, err = c.Pins.List(ctx, nil) })
		require.ErrorIs(t, err, pindown.ErrServer)
		require.ErrorContains(t, err, "more than 100 entries")
		require.Less(t, alloc, uint64(3*len(body)), "memory within a small multiple of the body")
	})
	t.Run("more than the limit asked", func(t *testing.T) {
		c := respond(t, func(w http.ResponseWriter, r *http.Request) {
			jsonBody(w, 200, `{"success":true,"data":{"items":[{"id":"a"},{"id":"b"},{"id":"c"}],"total":3}}`)
		})
		_, err := c.Pins.List(ctx, &pindown.ListOptions{Limit: 2})
		require.ErrorIs(t, err, pindown.ErrServer)
		require.ErrorContains(t, err, "3 entries for a limit of 2")
	})
}

func TestDefect05_MemoryFollowsBytesReceived(t *testing.T) {
	t.Run("declared but never sent", func(t *testing.T) {
		c := respond(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(64<<20))
			w.WriteHeader(200)
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}, pindown.WithAttemptTimeout(50*time.Millisecond), pindown.WithMaxRetries(0))
		alloc := allocatedDuring(func() {
			for range 16 {
				_, err := c.Pins.Get(ctx, "p-1")
				require.ErrorContains(t, err, "attempt timed out")
			}
		})
		require.Less(t, alloc, uint64(16<<20), "16 × 64 MiB declared, nothing received")
	})
	t.Run("100 MiB refused", func(t *testing.T) {
		chunk := []byte(strings.Repeat("x", 1<<20))
		c := respond(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(200) // chunked: no length declared
			for range 100 {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}, pindown.WithMaxRetries(0))
		var err error
		alloc := allocatedDuring(func() { _, err = c.Pins.Get(ctx, "p-1") })
		require.ErrorContains(t, err, "larger than 64 MiB")
		require.Less(t, alloc, uint64(80<<20), "no more than the cap, and no copy of it")
	})
}

func TestDefect08_EscapedKeyAcrossClips(t *testing.T) {
	const key = "pk_test_Secret0123456789abcdefghijklmnopq"
	escaped := strings.NewReplacer("p", `\u0070`, "S", `\u0053`).Replace(key)
	for name, body := range map[string]string{
		"message clip": `{"error":{"code":"BAD","message":"` + strings.Repeat("m", 4096-20) + escaped + `"}}`,
		"code clip":    `{"error":{"code":"` + strings.Repeat("C", 128-20) + escaped + `","message":"x"}}`,
		"excerpt":      `<html>` + strings.Repeat("h", 190) + escaped + `</html>`,
	} {
		t.Run(name, func(t *testing.T) {
			srv := newHTTPServer(t, func(w http.ResponseWriter, r *http.Request) { jsonBody(w, 400, body) })
			c, err := pindown.NewClient(key, pindown.WithBaseURL(srv+"/v1"))
			require.NoError(t, err)
			_, err = c.Pins.Get(ctx, "p-1")
			require.Error(t, err)
			for i := 0; i+8 <= len(key); i++ {
				require.NotContains(t, err.Error(), key[i:i+8], "a fragment of the key survived")
			}
		})
	}
}

func TestDefect09_ShortKeyRedaction(t *testing.T) {
	srv := newHTTPServer(t, func(w http.ResponseWriter, r *http.Request) {
		jsonBody(w, 401, `{"error":{"code":"UNAUTHORIZED","message":"invalid API key k"}}`)
	})
	c, err := pindown.NewClient("k", pindown.WithBaseURL(srv+"/v1"))
	require.NoError(t, err)
	_, err = c.Pins.Get(ctx, "p-1")
	require.ErrorContains(t, err, "invalid API key [redacted]", "the key redacted where it stands, not inside words")
}

func TestDefect10_ResponsesWithoutAPin(t *testing.T) {
	for _, body := range []string{`{}`, `{"success":true}`, `{"success":true,"data":null}`, `{"success":true,"data":{"id":""}}`, `null`} {
		t.Run(body, func(t *testing.T) {
			c := respond(t, func(w http.ResponseWriter, r *http.Request) { jsonBody(w, 201, body) })
			_, err := c.Pins.CreateMarkdown(ctx, "t", pintypes.Markdown{})
			require.ErrorIs(t, err, pindown.ErrMaybeCreated)
			_, err = c.Pins.Get(ctx, "p-1")
			require.ErrorIs(t, err, pindown.ErrServer)
			res, err := c.Pins.BatchCreate(ctx, []*pindown.CreatePinRequest{{Metadata: pindown.Metadata{Title: "t"}}})
			require.NoError(t, err)
			require.ErrorIs(t, res.Items[0].Err, pindown.ErrMaybeCreated)
		})
	}
	t.Run("batch get misses an id", func(t *testing.T) {
		c := respond(t, func(w http.ResponseWriter, r *http.Request) {
			jsonBody(w, 200, `{"success":true,"data":{"found":[{"id":"p-1"}],"not_found":[],"permission_denied":[]}}`)
		})
		_, err := c.Pins.BatchGet(ctx, []string{"p-1", "p-2"})
		require.ErrorIs(t, err, pindown.ErrServer)
		require.ErrorContains(t, err, `"p-2"`)
	})
	t.Run("batch create item without an id", func(t *testing.T) {
		c := respond(t, func(w http.ResponseWriter, r *http.Request) {
			jsonBody(w, 200, `{"success":true,"data":{"created":[{"index":0}],"failed":[]}}`)
		})
		res, err := c.Pins.BatchCreate(ctx, []*pindown.CreatePinRequest{{Metadata: pindown.Metadata{Title: "t"}}})
		require.NoError(t, err)
		require.ErrorIs(t, res.Items[0].Err, pindown.ErrMaybeCreated)
	})
}

func TestDefect11_ListAllRestarts(t *testing.T) {
	_, c := newClient(t, nil)
	for i := range 5 {
		_, err := c.Pins.CreateMarkdown(ctx, fmt.Sprint(i), pintypes.Markdown{})
		require.NoError(t, err)
	}
	all := c.Pins.ListAll(ctx, &pindown.ListOptions{Limit: 2})
	collect := func() []string {
		var ids []string
		for p, err := range all {
			require.NoError(t, err)
			ids = append(ids, p.ID)
		}
		return ids
	}
	first := collect()
	require.Len(t, first, 5)
	require.Equal(t, first, collect(), "ranging again starts again")
	var wg sync.WaitGroup
	for range 2 { // and two ranges at once share nothing (go test -race)
		wg.Go(func() { require.Equal(t, first, collect()) })
	}
	wg.Wait()
}

func TestDefect12_ListAllNeitherStopsEarlyNorRunsForever(t *testing.T) {
	item := func(id string) string { return `{"id":"` + id + `"}` }
	for _, tc := range []struct {
		name    string
		page    func(offset int) string
		want    int
		wantErr string
	}{
		{"null entry in a full page", func(off int) string {
			switch off {
			case 0:
				return `[` + item("a") + `,null]`
			case 2:
				return `[` + item("b") + `,` + item("c") + `]`
			}
			return `[` + item("d") + `]`
		}, 4, ""},
		{"three pages in a cycle, no total", func(off int) string {
			n := off / 2 % 3
			return fmt.Sprintf(`[%s,%s]`, item(fmt.Sprint("x", n, "a")), item(fmt.Sprint("x", n, "b")))
		}, 6, "ignore the offset"},
		{"a total that keeps growing", func(off int) string {
			return fmt.Sprintf(`[%s,%s],"total":%d`, item(fmt.Sprint(off)), item(fmt.Sprint(off+1)), off+10)
		}, -1, "keeps sending new pins"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			requests := 0
			c := respond(t, func(w http.ResponseWriter, r *http.Request) {
				requests++
				var off int
				fmt.Sscan(r.URL.Query().Get("offset"), &off)
				jsonBody(w, 200, `{"success":true,"data":{"items":`+tc.page(off)+`}}`)
			})
			n := 0
			var gotErr error
			err := within(t, 5*time.Second, func() error {
				for _, err := range c.Pins.ListAll(ctx, &pindown.ListOptions{Limit: 2}) {
					if err != nil {
						gotErr = err
						continue
					}
					n++
				}
				return nil
			})
			require.NoError(t, err)
			if tc.want >= 0 {
				require.Equal(t, tc.want, n)
			}
			if tc.wantErr == "" {
				require.NoError(t, gotErr)
				return
			}
			require.ErrorIs(t, gotErr, pindown.ErrServer)
			require.ErrorContains(t, gotErr, tc.wantErr)
			require.Less(t, requests, 100)
		})
	}
}

func TestDefect13_MaybeCreatedAndNotSent(t *testing.T) {
	t.Run("303 after processing", func(t *testing.T) {
		c := respond(t, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/v1/pins/p-1", http.StatusSeeOther)
		})
		_, err := c.Pins.CreateMarkdown(ctx, "t", pintypes.Markdown{})
		require.ErrorIs(t, err, pindown.ErrMaybeCreated)
	})
	t.Run("context already cancelled", func(t *testing.T) {
		srv, c := newClient(t, nil)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		var info pindown.ResponseInfo
		_, err := c.Pins.Create(cctx, &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: "t"}}, pindown.WithResponseInfo(&info))
		require.ErrorIs(t, err, context.Canceled)
		require.ErrorIs(t, err, pindown.ErrNotSent)
		require.NotErrorIs(t, err, pindown.ErrMaybeCreated)
		require.Zero(t, info.Attempts)
		require.Zero(t, srv.Stats().Requests[pindowntest.RouteCreate])
	})
}

func TestDefect14_NotFoundNeedsTheAPI(t *testing.T) {
	t.Run("base URL without /v1", func(t *testing.T) {
		srv := pindowntest.NewServer()
		defer srv.Close()
		c, err := pindown.NewClient(srv.NewKey(), pindown.WithBaseURL(strings.TrimSuffix(srv.URL, "/v1")))
		require.NoError(t, err)
		err = c.Pins.Delete(ctx, "p-1")
		require.Error(t, err)
		require.NotErrorIs(t, err, pindown.ErrNotFound, "a cleanup job must not take this for a pin already gone")
	})
	for name, body := range map[string]string{"html": "<html>Not Found</html>", "empty": ""} {
		t.Run(name, func(t *testing.T) {
			c := respond(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(404); fmt.Fprint(w, body) })
			err := c.Pins.Delete(ctx, "p-1")
			require.NotErrorIs(t, err, pindown.ErrNotFound)
			require.ErrorContains(t, err, "check the base URL")
		})
	}
	t.Run("the API's 404", func(t *testing.T) {
		c := respond(t, func(w http.ResponseWriter, r *http.Request) {
			jsonBody(w, 404, `{"success":false,"error":{"code":"NOT_FOUND","message":"no such pin"}}`)
		})
		require.ErrorIs(t, c.Pins.Delete(ctx, "p-1"), pindown.ErrNotFound)
	})
}

func TestDefect15_EscapingAndGuards(t *testing.T) {
	c := respond(t, func(w http.ResponseWriter, r *http.Request) {
		jsonBody(w, 200, `{"success":true,"data":{"id":"p?x#y","is_public":true}}`)
	})
	res, err := c.Pins.Share(ctx, "p-1", &pindown.ShareSettings{IsPublic: pindown.Ptr(true)})
	require.NoError(t, err)
	require.Equal(t, "https://pindown.ai/share/pin/p%3Fx%23y", res.URL)
	require.Equal(t, "https://pindown.ai/share/pin/p-1%2F..%2F..%2Flogin", (&pindown.Pin{ID: "p-1/../../login"}).URL())

	_, err = pindown.NewClient("k", pindown.WithBaseURL("http://api.pindown.ai./v1"))
	require.ErrorContains(t, err, "plain http to Pindown")
	_, err = pindown.NewClient("k", nil)
	require.ErrorIs(t, err, pindown.ErrInvalidRequest)
	var noContext context.Context
	_, err = c.Pins.Get(noContext, "p-1")
	require.ErrorIs(t, err, pindown.ErrInvalidRequest)
	require.ErrorContains(t, err, "nil context")
}

func TestDefect17_APIAdditions(t *testing.T) {
	for _, tc := range []struct {
		body, code, msg string
		status          int
	}{
		{`{"error":"Pin p-1 does not exist","message":"NOT_FOUND"}`, "NOT_FOUND", "Pin p-1 does not exist", 404},
		{`{"statusCode":429,"code":"FST_RATE_LIMIT","error":"Too Many Requests","message":"Rate limit exceeded, retry in 1 minute"}`, "FST_RATE_LIMIT", "Rate limit exceeded, retry in 1 minute", 400},
	} {
		c := respond(t, func(w http.ResponseWriter, r *http.Request) { jsonBody(w, tc.status, tc.body) }, pindown.WithMaxRetries(0))
		_, err := c.Pins.Get(ctx, "p-1")
		var apiErr *pindown.APIError
		require.ErrorAs(t, err, &apiErr)
		require.Equal(t, tc.code, apiErr.Code)
		require.Equal(t, tc.msg, apiErr.Message)
	}
	t.Run("Retry-After on a 503, reset as seconds remaining", func(t *testing.T) {
		var waits []time.Duration
		hook := pindown.WithRetryHook(func(ev pindown.RetryEvent) { waits = append(waits, ev.Wait) })
		n := 0
		c := respond(t, func(w http.ResponseWriter, r *http.Request) {
			n++
			switch n {
			case 1:
				w.Header().Set("Retry-After", "0.01")
				jsonBody(w, 503, `{"error":{"code":"UNAVAILABLE","message":"later"}}`)
			case 2:
				w.Header().Set("X-RateLimit-Reset", "0.01") // seconds remaining, the @fastify/rate-limit form
				jsonBody(w, 429, `{"error":{"code":"RATE_LIMITED","message":"later"}}`)
			default:
				jsonBody(w, 200, `{"success":true,"data":{"id":"p-1"}}`)
			}
		}, pindown.WithoutRateLimits(), hook)
		_, err := c.Pins.Get(ctx, "p-1")
		require.NoError(t, err)
		require.Len(t, waits, 2)
		for _, w := range waits {
			require.GreaterOrEqual(t, w, 10*time.Millisecond)
			require.Less(t, w, time.Second)
		}
	})
	t.Run("no Content-Type without a body", func(t *testing.T) {
		rec, withRec := withRecorder()
		_, c := newClient(t, nil, withRec)
		_, err := c.Pins.List(ctx, nil)
		require.NoError(t, err)
		require.Empty(t, rec.requests()[0].Header.Get("Content-Type"))
	})
}

func TestDefect18_ConfigIsAlwaysAPointer(t *testing.T) {
	_, c := newClient(t, nil)
	p, err := c.Pins.Create(ctx, &pindown.CreatePinRequest{Config: pintypes.Markdown{Content: "# hi"}, Metadata: pindown.Metadata{Title: "t"}})
	require.NoError(t, err)
	md, ok := p.Config.(*pintypes.Markdown)
	require.True(t, ok, "Create with a value config: %T", p.Config)
	require.Equal(t, "# hi", md.Content)
	got, err := c.Pins.Get(ctx, p.ID)
	require.NoError(t, err)
	_, ok = got.Config.(*pintypes.Markdown)
	require.True(t, ok, "Get: %T", got.Config)
}

func TestDefect19_UpdateSaysOnlyWhatItKnows(t *testing.T) {
	_, c := newClient(t, nil)
	p, err := c.Pins.CreateMarkdown(ctx, "t", pintypes.Markdown{}, pindown.WithPublic(true), pindown.WithTags("a"))
	require.NoError(t, err)
	res, err := c.Pins.Update(ctx, p.ID, &pindown.UpdatePinRequest{Title: pindown.Ptr("new")})
	require.NoError(t, err)
	require.Equal(t, p.ID, res.ID)
	require.False(t, res.UpdatedAt.IsZero())
	require.Equal(t, "new", *res.Changes.Title)
	require.Nil(t, res.Changes.IsPublic, "unsent fields are unknown, not false")
	require.Nil(t, res.Changes.Tags)
}

func TestDefect20_EverythingExportedIsDocumented(t *testing.T) {
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	require.NoError(t, err)
	files := map[string]*ast.File{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		require.NoError(t, err)
		files[name] = f
	}
	var packageDoc bool
	var missing []string
	for name, f := range files {
		packageDoc = packageDoc || f.Doc != nil && strings.HasPrefix(f.Doc.Text(), "Package pindown")
		ast.Inspect(f, func(n ast.Node) bool {
			switch d := n.(type) {
			case *ast.FuncDecl:
				if d.Name.IsExported() && d.Doc == nil && (d.Recv == nil || exportedRecv(d.Recv)) {
					missing = append(missing, name+": func "+d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok || !ts.Name.IsExported() {
						continue
					}
					if d.Doc == nil && ts.Doc == nil {
						missing = append(missing, name+": type "+ts.Name.Name)
					}
					if st, ok := ts.Type.(*ast.StructType); ok {
						for _, fld := range st.Fields.List {
							for _, id := range fld.Names {
								if id.IsExported() && fld.Doc == nil && fld.Comment == nil && !selfExplaining[ts.Name.Name+"."+id.Name] {
									missing = append(missing, name+": field "+ts.Name.Name+"."+id.Name)
								}
							}
						}
					}
				}
			}
			return true
		})
	}
	require.True(t, packageDoc, "no // Package pindown comment")
	require.Empty(t, missing, "exported names without a doc comment")
}

// selfExplaining are fields whose name and type say all (documented on
// their type's comment).
var selfExplaining = map[string]bool{
	"ShareResult.ID": true, "ShareResult.IsPublic": true, "ShareResult.AllowEdit": true,
	"ShareResult.RequireSignIn": true, "ShareResult.AllowComments": true,
	"Pin.CreatedAt": true, "Pin.UpdatedAt": true, "UpdateResult.ID": true, "UpdateResult.Changes": true,
	"BatchUpdateItem.ID": true, "Permit.Bucket": true, "BatchResult.Items": true,
	"BatchGetResult.Found": true, "PageUpdateResult.ID": true, "PageUpdateResult.Changes": true,
	"PinboardUpdateResult.ID": true, "PinboardUpdateResult.Changes": true, "PublishResult.ID": true,
	"PinboardShareResult.ID": true,
}

func exportedRecv(l *ast.FieldList) bool {
	t := l.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if ix, ok := t.(*ast.IndexExpr); ok {
		t = ix.X
	}
	id, ok := t.(*ast.Ident)
	return ok && id.IsExported()
}

func TestDefect21_ClientFromEnvironment(t *testing.T) {
	srv := pindowntest.NewServer()
	defer srv.Close()
	t.Setenv("PINDOWN_API_KEY", srv.NewKey())
	t.Setenv("PINDOWN_BASE_URL", srv.URL)
	c, err := pindown.NewClientFromEnv()
	require.NoError(t, err)
	_, err = c.Pins.CreateMarkdown(ctx, "from env", pintypes.Markdown{})
	require.NoError(t, err)
	require.Equal(t, 1, srv.Stats().Pins)

	t.Setenv("PINDOWN_API_KEY", "")
	_, err = pindown.NewClientFromEnv()
	require.ErrorContains(t, err, "PINDOWN_API_KEY: not set")
}

func TestDefect23_ErrorsDoNotStutterAndBatchErrorsSummarise(t *testing.T) {
	_, c := newClient(t, nil)
	_, err := c.Pins.Create(ctx, &pindown.CreatePinRequest{})
	require.Equal(t, 1, strings.Count(err.Error(), "pindown:"), err.Error())

	reqs := make([]*pindown.CreatePinRequest, 500)
	for i := range reqs {
		reqs[i] = &pindown.CreatePinRequest{} // no title: every one fails, alone
	}
	res, err := c.Pins.BatchCreate(ctx, reqs)
	require.NoError(t, err)
	require.Len(t, res.Items, 500)
	summary := res.Err()
	require.ErrorIs(t, summary, pindown.ErrInvalidRequest)
	require.Less(t, len(summary.Error()), 1000, summary.Error())
	require.Contains(t, summary.Error(), "500 of 500 items failed")
	require.Contains(t, summary.Error(), "items 0-499")
}

func TestDefect24_UnsetLimitsKeepTheirDefaults(t *testing.T) {
	_, c := newClient(t, []pindowntest.Option{pindowntest.WithoutRateLimits()},
		pindown.WithRateLimits(pindown.RateLimits{Write: 10}), pindown.WithMaxWait(time.Millisecond))
	var err error
	for i := 0; i <= pindown.DefaultRateLimits.Read && err == nil; i++ {
		_, err = c.Pins.List(ctx, &pindown.ListOptions{Limit: 1})
	}
	var rl *pindown.RateLimitError
	require.ErrorAs(t, err, &rl, "reads keep their default limit of 120 a minute")
	require.Equal(t, pindown.BucketRead, rl.Bucket)
	require.Greater(t, rl.RetryAfter, 30*time.Second, "over the default window of a minute")
}
