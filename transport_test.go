package pindown_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
)

// roundTripFunc is a transport made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// The client sends through the transport alone: what a careless transport
// returns is an error or an empty body, never a panic; transport errors keep
// the form http.Client gives them.
func TestTransportResults(t *testing.T) {
	dialErr := errors.New("dial refused")
	for _, tc := range []struct {
		name  string
		rt    roundTripFunc
		check func(t *testing.T, err error)
	}{
		{"nil body is empty", func(*http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: http.StatusNoContent, Header: http.Header{}}, nil
		}, func(t *testing.T, err error) { require.NoError(t, err) }},
		{"neither response nor error", func(*http.Request) (*http.Response, error) { return nil, nil },
			func(t *testing.T, err error) {
				require.ErrorContains(t, err, "returned neither a response nor an error")
			}},
		{"errors as url.Error", func(*http.Request) (*http.Response, error) { return nil, dialErr },
			func(t *testing.T, err error) {
				var ue *url.Error
				require.ErrorAs(t, err, &ue)
				require.Equal(t, "Delete", ue.Op)
				require.Equal(t, "http://pindown.test/v1/pins/p-1", ue.URL)
				require.ErrorIs(t, err, dialErr)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := pindown.NewClient("pk_test_transport", pindown.WithBaseURL("http://pindown.test/v1"),
				pindown.WithHTTPClient(&http.Client{Transport: tc.rt}), pindown.WithMaxRetries(0))
			require.NoError(t, err)
			tc.check(t, c.Pins.Delete(context.Background(), "p-1"))
		})
	}
}

// An https base URL pointing at a plain-http server gets http.Client's
// error for it, which names the mistake.
func TestTransportSchemeMismatch(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	c, err := pindown.NewClient("pk_test_transport", pindown.WithBaseURL(strings.Replace(srv.URL, "http:", "https:", 1)+"/v1"),
		pindown.WithMaxRetries(0))
	require.NoError(t, err)
	_, err = c.Pins.Get(context.Background(), "p-1")
	require.ErrorIs(t, err, http.ErrSchemeMismatch)
}

// The cookies of WithHTTPClient's Jar go with every request, as with
// http.Client (a load balancer's sticky session).
func TestTransportUsesTheJar(t *testing.T) {
	var mu sync.Mutex
	var sent []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		sent = append(sent, r.Header.Get("Cookie"))
		mu.Unlock()
		http.SetCookie(w, &http.Cookie{Name: "lb", Value: "node7"})
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	c, err := pindown.NewClient("pk_test_transport", pindown.WithBaseURL(srv.URL+"/v1"), pindown.WithHTTPClient(&http.Client{Jar: jar}))
	require.NoError(t, err)
	for range 2 {
		require.NoError(t, c.Pins.Delete(context.Background(), "p-1"))
	}
	mu.Lock()
	defer mu.Unlock()
	require.Equal(t, []string{"", "lb=node7"}, sent)
}
