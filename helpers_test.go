package pindown_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// newClient starts a pindowntest server and returns it with a client for a
// fresh key on it. Both are closed when the test ends.
func newClient(t testing.TB, srvOpts []pindowntest.Option, opts ...pindown.Option) (*pindowntest.Server, *pindown.Client) {
	t.Helper()
	srv := pindowntest.NewServer(srvOpts...)
	t.Cleanup(srv.Close)
	c, err := pindown.NewClient(srv.NewKey(), append([]pindown.Option{pindown.WithBaseURL(srv.URL)}, opts...)...)
	require.NoError(t, err)
	return srv, c
}

// sentRequest is one attempt as it left the client.
type sentRequest struct {
	Method, Path string
	Body         []byte
	Header       http.Header
}

// recorder is a RoundTripper that keeps every attempt the client sends.
type recorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	sent []sentRequest
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	r.mu.Lock()
	r.sent = append(r.sent, sentRequest{req.Method, req.URL.Path, body, req.Header.Clone()})
	r.mu.Unlock()
	return r.base.RoundTrip(req)
}

func (r *recorder) requests() []sentRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sentRequest(nil), r.sent...)
}

// withRecorder returns an option that routes the client through a new recorder.
func withRecorder() (*recorder, pindown.Option) {
	r := &recorder{base: http.DefaultTransport.(*http.Transport).Clone()}
	return r, pindown.WithHTTPClient(&http.Client{Transport: r})
}

// conformance reads a file of ../shared/conformance, or skips the test when
// the shared folder is not beside the checkout (as in a module cache).
func conformance(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "shared", "conformance", name))
	if os.IsNotExist(err) {
		t.Skipf("../shared/conformance/%s is not beside the checkout; the shared conformance cases are skipped", name)
	}
	require.NoError(t, err)
	return b
}

// newHTTPServer starts an httptest server for h and returns its URL.
func newHTTPServer(t *testing.T, h http.HandlerFunc) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}
