package pindown_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
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
