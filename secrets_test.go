package pindown_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// TestKeyNeverPrinted formats the client every way, provokes every class of
// error, and logs at debug level, then looks for the key in all of it.
func TestKeyNeverPrinted(t *testing.T) {
	limits := pindown.RateLimits{Write: 1, Read: 100, BatchRead: 10, Window: 50 * time.Millisecond}
	srv := pindowntest.NewServer(pindowntest.WithRateLimits(limits))
	defer srv.Close()
	key := srv.NewKey("pins:write", "pins:read")
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := pindown.NewClient(key, pindown.WithBaseURL(srv.URL), pindown.WithLogger(logger), pindown.WithMaxRetries(1), pindown.WithRateLimits(limits))
	require.NoError(t, err)

	var out []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		out = append(out, fmt.Sprintf(verb, c), fmt.Sprintf(verb, *c.Pins), fmt.Sprintf(verb, c.Pins))
	}
	logger.Info("client", "client", c)

	record := func(err error) {
		if err != nil {
			out = append(out, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
		}
	}
	_, err = c.Pins.Get(ctx, "p-missing")
	record(err) // 404
	_, err = c.Pins.Share(ctx, "p-missing", &pindown.ShareSettings{IsPublic: pindown.Ptr(true)})
	record(err) // 403 scope
	srv.Inject(pindowntest.RouteGet, pindowntest.Fault{Status: 502, Body: "<html>bad gateway " + key + "</html>"})
	_, err = c.Pins.Get(ctx, "p-x")
	record(err) // an HTML page that echoes the key
	srv.Inject(pindowntest.RouteCreate, pindowntest.Fault{Drop: true})
	_, err = c.Pins.CreateMarkdown(ctx, "t", pintypes.Markdown{})
	record(err) // connection error
	for range 3 {
		_, err = c.Pins.CreateMarkdown(ctx, "t", pintypes.Markdown{})
		record(err) // paced, then 429 retried
	}
	bad, err := pindown.NewClient(key + " ")
	require.Nil(t, bad)
	record(err)
	dead, err := pindown.NewClient(key, pindown.WithBaseURL("http://"+closedAddr(t)), pindown.WithMaxRetries(0))
	require.NoError(t, err)
	_, err = dead.Pins.List(ctx, nil)
	record(err) // *url.Error

	out = append(out, logs.String())
	require.NotEmpty(t, logs.String(), "debug logging produced lines to check")
	for _, s := range out {
		require.NotContains(t, s, key)
		require.NotContains(t, s, key[len(key)-8:], "not even the key's tail")
	}
}

func closedAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestRedirectDoesNotCarryTheKey: the SDK never follows a redirect, so the
// Authorization header cannot reach another host.
func TestRedirectDoesNotCarryTheKey(t *testing.T) {
	var leaked bool
	other := newHTTPServer(t, func(w http.ResponseWriter, r *http.Request) {
		leaked = r.Header.Get("Authorization") != ""
	})
	api := newHTTPServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other+"/v1/pins/p-1?token=secret", http.StatusTemporaryRedirect)
	})
	c, err := pindown.NewClient("pk_test_secret", pindown.WithBaseURL(api))
	require.NoError(t, err)
	_, err = c.Pins.Get(ctx, "p-1")
	require.ErrorContains(t, err, "redirect")
	require.NotContains(t, err.Error(), "token=secret")
	require.False(t, leaked)
}
