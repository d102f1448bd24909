package pindowntest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/pindownai/client-go/pindowntest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// t0 is the fake clocks' start: a whole second, so a whole number of slots of
// any window that divides a second.
var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// fakeClock is a settable clock for WithClock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: t0} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// unlimited turns off rate limiting for tests that are not about it.
var unlimited = pindowntest.WithoutRateLimits()

// newServer starts a server closed at the end of the test.
func newServer(t testing.TB, opts ...pindowntest.Option) *pindowntest.Server {
	t.Helper()
	srv := pindowntest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// response is a decoded API response.
type response struct {
	Status  int
	Header  http.Header
	Raw     []byte
	Success bool            `json:"success"`
	Data    json.RawMessage `json:"data"`
	Message string          `json:"message"`
	Error   struct {
		Code    string          `json:"code"`
		Message string          `json:"message"`
		Details json.RawMessage `json:"details"`
	} `json:"error"`
}

var httpClient = &http.Client{Timeout: 10 * time.Second}

// call sends one request: body may be nil, a string (sent raw) or a value
// (sent as JSON); key "" sends no Authorization header.
func call(t testing.TB, method, url, key string, body any) response {
	t.Helper()
	a, err := tryCall(method, url, key, body)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// tryCall is call for goroutines other than the test's: it returns errors.
func tryCall(method, url, key string, body any) (response, error) {
	req, err := newRequest(method, url, key, body)
	if err != nil {
		return response{}, err
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return response{}, fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, fmt.Errorf("%s %s: reading body: %w", method, url, err)
	}
	a := response{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	if len(raw) > 0 && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(raw, &a); err != nil {
			return a, fmt.Errorf("%s %s: decoding %s: %w", method, url, raw, err)
		}
	}
	return a, nil
}

func newRequest(method, url, key string, body any) (*http.Request, error) {
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		r = bytes.NewReader(enc)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		return nil, err
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if r != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// want checks a response's status and, for errors, its code.
func (a response) want(t testing.TB, status int, code string) response {
	t.Helper()
	if a.Status != status || a.Error.Code != code {
		t.Fatalf("got %d %q, want %d %q; body %s", a.Status, a.Error.Code, status, code, a.Raw)
	}
	if status < 300 && !a.Success || status >= 400 && (a.Success || a.Error.Message == "") {
		t.Fatalf("bad envelope for %d: %s", status, a.Raw)
	}
	return a
}

// decode decodes the response's data into v.
func (a response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(a.Data, v); err != nil {
		t.Fatalf("decoding data %s: %v", a.Data, err)
	}
}

// createPin creates a pin from body and returns its id.
func createPin(t testing.TB, srv *pindowntest.Server, key string, body any) string {
	t.Helper()
	var d struct{ ID string }
	call(t, "POST", srv.URL+"/pins", key, body).want(t, 201, "").decode(t, &d)
	return d.ID
}

// titled is the minimum create body.
func titled(title string) map[string]any {
	return map[string]any{"metadata": map[string]any{"title": title}}
}

// asJSON decodes raw JSON into a generic value, for comparisons.
func asJSON(t testing.TB, raw []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("decoding %s: %v", raw, err)
	}
	return v
}

// conformanceCases reads the shared pin config cases, or skips.
func conformanceCases(t *testing.T) []conformanceCase {
	t.Helper()
	raw, err := os.ReadFile("../../shared/conformance/configs.json")
	if os.IsNotExist(err) {
		t.Skip("the shared conformance cases (../../shared/conformance/configs.json) are not beside the checkout")
	}
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Cases []conformanceCase }
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Cases) == 0 {
		t.Fatal("no cases in configs.json")
	}
	return f.Cases
}

type conformanceCase struct {
	Name      string          `json:"name"`
	PinType   string          `json:"pin_type"`
	PinConfig json.RawMessage `json:"pin_config"`
	Valid     bool            `json:"valid"`
	ErrorPath string          `json:"error_path"`
	Code      string          `json:"code"`
}
