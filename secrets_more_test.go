package pindown_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// secretSink collects every text a test run produces that a user could see:
// logs, RetryEvents, errors and formatted values, each formatted every way.
type secretSink struct {
	mu   sync.Mutex
	logs bytes.Buffer
	out  []string
}

func (s *secretSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logs.Write(p)
}

func (s *secretSink) add(v any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		s.out = append(s.out, fmt.Sprintf(verb, v))
	}
	if b, err := json.Marshal(v); err == nil {
		s.out = append(s.out, string(b))
	}
}

func (s *secretSink) addErr(err error) {
	if err != nil {
		s.add(err)
	}
}

// options returns client options that log at debug level (JSON and text)
// and record every RetryEvent into s.
func (s *secretSink) options() []pindown.Option {
	logger := slog.New(multiHandler{
		slog.NewJSONHandler(s, &slog.HandlerOptions{Level: slog.LevelDebug}),
		slog.NewTextHandler(s, &slog.HandlerOptions{Level: slog.LevelDebug}),
	})
	return []pindown.Option{pindown.WithLogger(logger), pindown.WithRetryHook(func(ev pindown.RetryEvent) { s.add(ev) })}
}

// assertNoKey fails if any collected text holds key or any 10 characters of
// its secret part.
func (s *secretSink) assertNoKey(t *testing.T, key string) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	all := strings.Join(append(s.out, s.logs.String()), "\n")
	require.NotEmpty(t, s.logs.String(), "the workload logged")
	secret := strings.TrimPrefix(key, "pk_test_")
	require.GreaterOrEqual(t, len(secret), 16)
	for i := 0; i+10 <= len(secret); i++ {
		if frag := secret[i : i+10]; strings.Contains(all, frag) {
			at := strings.Index(all, frag)
			t.Fatalf("a fragment of the key (%q) is in the output: …%s…", frag, all[max(at-80, 0):min(at+80, len(all))])
		}
	}
}

// multiHandler sends every record to each of its handlers.
type multiHandler []slog.Handler

func (m multiHandler) Enabled(context.Context, slog.Level) bool { return true }

func (m multiHandler) Handle(ctx context.Context, r slog.Record) error {
	for _, h := range m {
		if err := h.Handle(ctx, r.Clone()); err != nil {
			return err
		}
	}
	return nil
}

func (m multiHandler) WithAttrs(as []slog.Attr) slog.Handler {
	out := make(multiHandler, len(m))
	for i, h := range m {
		out[i] = h.WithAttrs(as)
	}
	return out
}

func (m multiHandler) WithGroup(name string) slog.Handler {
	out := make(multiHandler, len(m))
	for i, h := range m {
		out[i] = h.WithGroup(name)
	}
	return out
}

// TestKeyNeverPrintedUnderAWorkload runs a representative workload (every
// operation, pacing waits, retries after 429, 503 and lost connections,
// connection refused) with debug logging and a RetryHook, formats every
// error, event and the client every way, and finds the key nowhere.
func TestKeyNeverPrintedUnderAWorkload(t *testing.T) {
	limits := pindown.RateLimits{Read: 3, BatchRead: 2, Write: 3, Window: 100 * time.Millisecond}
	srv := pindowntest.NewServer(pindowntest.WithRateLimits(limits))
	defer srv.Close()
	key := srv.NewKey()
	sink := &secretSink{}
	opts := append(sink.options(), pindown.WithBaseURL(srv.URL), pindown.WithRateLimits(limits), pindown.WithMaxRetries(3))
	c, err := pindown.NewClient(key, opts...)
	require.NoError(t, err)
	pindown.SetBackoff(c, time.Millisecond, 5*time.Millisecond)
	soon := http.Header{"Retry-After": {"0.01"}}

	sink.add(c)
	sink.add(c.Pins)
	sink.add(*c.Pins)
	slog.New(slog.NewTextHandler(sink, nil)).Info("client", "client", c, "pins", c.Pins)
	slog.New(slog.NewJSONHandler(sink, nil)).Info("client", "client", c, "pins", c.Pins)

	var info pindown.ResponseInfo
	srv.Inject(pindowntest.RouteCreate, pindowntest.Fault{Status: 429, Header: soon})
	p, err := c.Pins.Create(ctx, &pindown.CreatePinRequest{Config: statCards(), Metadata: pindown.Metadata{Title: "live"}}, pindown.WithResponseInfo(&info))
	require.NoError(t, err)
	sink.add(p)
	sink.add(info)
	srv.Inject(pindowntest.RouteGet, pindowntest.Fault{Status: 503, Header: soon})
	got, err := c.Pins.Get(ctx, p.ID)
	require.NoError(t, err)
	sink.add(got)
	srv.Inject(pindowntest.RouteUpdate, pindowntest.Fault{Drop: true})
	_, err = c.Pins.Update(ctx, p.ID, &pindown.UpdatePinRequest{Title: pindown.Ptr("renamed")})
	require.NoError(t, err)
	for range 3 { // past the write limit: paced
		_, err = c.Pins.Share(ctx, p.ID, &pindown.ShareSettings{IsPublic: pindown.Ptr(true)})
		require.NoError(t, err)
	}
	res, err := c.Pins.BatchCreate(ctx, []*pindown.CreatePinRequest{{Metadata: pindown.Metadata{Title: "a"}}, {}})
	require.NoError(t, err)
	sink.add(res)
	sink.addErr(res.Err())
	for p, err := range c.Pins.ListAll(ctx, &pindown.ListOptions{Limit: 1}) {
		sink.add(p)
		sink.addErr(err)
	}
	_, err = c.Pins.BatchGet(ctx, []string{p.ID, "p-none"})
	require.NoError(t, err)
	// Errors of every class.
	_, err = c.Pins.Get(ctx, "p-none")
	require.ErrorIs(t, err, pindown.ErrNotFound)
	sink.addErr(err)
	srv.Inject(pindowntest.RouteCreate, pindowntest.Fault{Status: 502, Body: "<html>proxy saw Authorization: Bearer " + key + "</html>"})
	_, err = c.Pins.CreateMarkdown(ctx, "t", pintypes.Markdown{})
	require.ErrorIs(t, err, pindown.ErrMaybeCreated)
	sink.addErr(err)
	srv.Inject(pindowntest.RouteList, pindowntest.Fault{Status: 429, Header: http.Header{"Retry-After": {"3600"}}})
	_, err = c.Pins.List(ctx, nil)
	require.ErrorIs(t, err, pindown.ErrRateLimited)
	sink.addErr(err)
	srv.Inject(pindowntest.RouteDelete, pindowntest.Fault{Drop: true, Times: 4})
	err = c.Pins.Delete(ctx, p.ID)
	require.Error(t, err)
	sink.addErr(err)
	_, err = c.Pins.Create(ctx, &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: key}, Config: &pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "x"}}}})
	require.ErrorIs(t, err, pindown.ErrInvalidConfig)
	sink.addErr(err)

	dead, err := pindown.NewClient(key, append(sink.options(), pindown.WithBaseURL("http://"+closedAddr(t)), pindown.WithMaxRetries(1))...)
	require.NoError(t, err)
	pindown.SetBackoff(dead, time.Millisecond, time.Millisecond)
	_, err = dead.Pins.List(ctx, nil) // a *url.Error
	require.Error(t, err)
	sink.addErr(err)
	_, err = pindown.NewClient(key + "\n")
	require.Error(t, err)
	sink.addErr(err)

	sink.assertNoKey(t, key)
}

// TestKeyEchoedByTheServerIsRedacted: a proxy or a broken server that echoes
// the request's Authorization header, in any part of its response, does not
// put the key into errors, logs or RetryEvents, not even a piece of it.
func TestKeyEchoedByTheServerIsRedacted(t *testing.T) {
	const key = "pk_test_Zq8sK3vN1xT5bY7mW2cR9dF4gH6jL0pQ"
	escaped := func(s string) string { // the key as JSON \u escapes
		var b strings.Builder
		for _, r := range s {
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		return b.String()
	}
	pad := strings.Repeat("p", 190) // the key straddles the 200-character excerpt
	responses := map[string]func(w http.ResponseWriter){
		"json": func(w http.ResponseWriter) {
			w.Header().Set("X-Request-Id", "req-"+key)
			w.WriteHeader(500)
			fmt.Fprintf(w, `{"error":{"code":"E_%s","message":"bad key %s"}}`, key, key)
		},
		"escaped": func(w http.ResponseWriter) {
			w.WriteHeader(401)
			fmt.Fprintf(w, `{"error":{"code":"%s","message":"%s"}}`, escaped(key), escaped("key "+key+" is unknown"))
		},
		"html": func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			fmt.Fprintf(w, "<html>%s%s</html>", pad, key)
		},
		"redirect": func(w http.ResponseWriter) {
			w.Header().Set("Location", "http://other.example/"+key+"/x?k="+key)
			w.WriteHeader(http.StatusFound)
		},
		"malformed": func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, "{%s%s", pad, key)
		},
		"false": func(w http.ResponseWriter) {
			fmt.Fprintf(w, `{"success":false,"error":{"code":"X","message":"%s"}}`, key)
		},
		"retried": func(w http.ResponseWriter) {
			w.Header().Set("X-Request-Id", key)
			w.Header().Set("Retry-After", "0.001")
			w.WriteHeader(503)
		},
	}
	url := newHTTPServer(t, func(w http.ResponseWriter, r *http.Request) {
		responses[strings.TrimPrefix(r.URL.Path, "/v1/pins/")](w)
	})
	sink := &secretSink{}
	c, err := pindown.NewClient(key, append(sink.options(), pindown.WithBaseURL(url+"/v1"), pindown.WithMaxRetries(1))...)
	require.NoError(t, err)
	pindown.SetBackoff(c, time.Millisecond, time.Millisecond)
	for name := range responses {
		var info pindown.ResponseInfo
		_, err := c.Pins.Get(ctx, name, pindown.WithResponseInfo(&info))
		require.Error(t, err, name)
		sink.addErr(err)
		sink.add(info)
		var apiErr *pindown.APIError
		require.ErrorAs(t, err, &apiErr, name)
		sink.add(*apiErr)
	}
	sink.assertNoKey(t, key)
}
