package pindown

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pindownai/client-go/pintypes"
)

// Fuzz tests of everything that reads what a server sent: response bodies
// (pins, pages, batch outcomes, error envelopes) through the real pipeline,
// the error decoding, and the rate-limit headers. Each checks invariants,
// not only the absence of a panic. Run one with
//
//	go test -run '^$' -fuzz '^FuzzDecodeResponse$' -fuzztime 60s .
//
// Inputs that once failed are kept in testdata/fuzz and run by go test.

var fuzzNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

const fuzzKey = "pk_test_FuzzKey0123456789abcdef"

// checkPrintable fails when s is invalid UTF-8, holds an unprintable
// character or is longer than n bytes: text from the network must not
// reach errors and logs raw.
func checkPrintable(t *testing.T, what, s string, n int) {
	t.Helper()
	if len(s) > n {
		t.Fatalf("%s is %d bytes long, over its bound %d", what, len(s), n)
	}
	if !utf8.ValidString(s) {
		t.Fatalf("%s is not valid UTF-8: %q", what, s)
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }); i >= 0 {
		t.Fatalf("%s holds an unprintable character at %d: %q", what, i, s)
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"7", " 0.25 ", "0", "-0", "-3", "1e300", "NaN", "+Inf", "0x1p-2", "1e-300", "soon", "",
		"Sat, 21 Nov 2026 12:01:30 GMT", "Fri, 20 Nov 2026 12:00:00 GMT", "Sun, 06 Nov 1994 08:49:37 GMT",
		"Fri, 31 Dec 9999 23:59:59 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "999999999.9999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseRetryAfter(s, fuzzNow)
		if d < 0 {
			t.Fatalf("parseRetryAfter(%q) = %v: negative", s, d)
		}
		if !ok && d != 0 {
			t.Fatalf("parseRetryAfter(%q) = %v, false: a wait without a value", s, d)
		}
		if secs, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && ok {
			if want := min(secs, maxAdvice.Seconds()) * float64(time.Second); math.Abs(float64(d)-want) > 1+want*1e-9 {
				t.Fatalf("parseRetryAfter(%q) = %v, want %v seconds", s, d, secs)
			}
		}
	})
}

func FuzzParseReset(f *testing.F) {
	for _, s := range []string{"1795348800", "1795348800500", "1795348800.25", "30", "0", "0.5", "-1", "1e9", "9999999999",
		"99999999999.999", "999999999999999", "1e15", "NaN", "Inf", "2026-11-21T12:01:00Z", "2026-11-21T12:01:00.123+02:00", "garbage", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := parseReset(s, fuzzNow)
		n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || got.IsZero() {
			return
		}
		switch {
		case n >= 1e15:
			if !got.Equal(fuzzNow.Add(maxAdvice)) {
				t.Fatalf("parseReset(%q) = %v: want maxAdvice from now", s, got)
			}
		case n >= 1e12 && n < 1e15:
			if got.UnixMilli() != int64(n) {
				t.Fatalf("parseReset(%q) = %v: want Unix milliseconds %d", s, got, int64(n))
			}
		case n >= 1e9 && n < 1e12:
			if got.Unix() != int64(n) {
				t.Fatalf("parseReset(%q) = %v: want Unix seconds %d", s, got, int64(n))
			}
		case n >= 0 && n < 1e9:
			if want := fuzzNow.Add(time.Duration(n * float64(time.Second))); !got.Equal(want) {
				t.Fatalf("parseReset(%q) = %v: want %v, %v seconds from now", s, got, want, n)
			}
		default:
			t.Fatalf("parseReset(%q) = %v: out of the range of reset values", s, got)
		}
	})
}

func FuzzServerReset(f *testing.F) {
	f.Add(429, "3", "1795348800", "", "", "", []byte(`{"error":{"details":{"resetAt":"2026-11-21T12:00:30.000Z"}}}`))
	f.Add(200, "", "", "", "", "", []byte(`{"success":true}`))
	f.Add(429, "", "", "2026-11-21T12:01:00Z", "1795348800", "0", []byte(`not json`))
	f.Add(429, "soon", "-5", "1e300", "x", "0", []byte(`{"error":{"details":{"resetAt":12}}}`))
	f.Add(429, "Fri, 31 Dec 9999 23:59:59 GMT", "99999999999999", "", "", "", []byte(`{"error":{"details":{"resetAt":"9999-12-31T23:59:59Z"}}}`))
	f.Add(503, "0.5", "30", "", "", "", []byte{})
	f.Fuzz(func(t *testing.T, status int, retryAfter, reset, resetMinute, resetHour, remainingHour string, body []byte) {
		h := http.Header{}
		for k, v := range map[string]string{"Retry-After": retryAfter, "X-RateLimit-Reset": reset, "X-RateLimit-Reset-Minute": resetMinute,
			"X-RateLimit-Reset-Hour": resetHour, "X-RateLimit-Remaining-Hour": remainingHour} {
			if v != "" {
				h.Set(k, v)
			}
		}
		limited := status == http.StatusTooManyRequests
		got := serverReset(fuzzNow, h, body, limited)
		if got.Sub(fuzzNow) > maxAdvice {
			t.Fatalf("reset %v is further than maxAdvice from now", got)
		}
		if d, ok := parseRetryAfter(retryAfter, fuzzNow); ok {
			// A whole-second Retry-After on a 429 may give way to an exact
			// details.resetAt less than a second earlier; never more.
			slack := time.Duration(0)
			if limited && !strings.Contains(retryAfter, ".") {
				slack = time.Second
			}
			if d > 0 && got.Before(fuzzNow.Add(d-slack)) {
				t.Fatalf("reset %v is earlier than Retry-After %q asks", got, retryAfter)
			}
		}
	})
}

func FuzzNewAPIError(f *testing.F) {
	f.Add(500, "application/json", "req-1", []byte(`{"success":false,"error":{"code":"INTERNAL_SERVER_ERROR","message":"boom"}}`))
	f.Add(404, "application/json", "", []byte(`{"error":{"code":"NOT_FOUND","message":"no pin"}}`))
	f.Add(429, "application/json", "r", []byte(`{"success":false,"error":{"code":"RATE_LIMITED","type":"x","message":"slow","details":{"resetAt":"2026-11-21T12:00:30Z"},"timestamp":1}}`))
	f.Add(502, "text/html", "", []byte("<html>\n<h1>Bad\tGateway</h1>\x00\x1b[31m</html>"))
	f.Add(500, "", "", []byte(""))
	f.Add(400, "application/json", "\x1b[2J", []byte(`{"message":"top-level \u0007 message"}`))
	f.Add(299, "text/plain\n", "", []byte(`{"error":{"code":"`+strings.Repeat("C", 300)+`","message":"`+strings.Repeat("m", 5000)+`"}}`))
	f.Add(999, "x", "y", []byte("\xff\xfe\xfd"))
	f.Fuzz(func(t *testing.T, status int, contentType, requestID string, body []byte) {
		e := newAPIError(status, contentType, requestID, body, func(s string) string { return s })
		if e == nil || e.StatusCode != status {
			t.Fatalf("newAPIError = %+v, want status %d", e, status)
		}
		checkPrintable(t, "Message", e.Message, maxMessageLen)
		checkPrintable(t, "Code", e.Code, maxCodeLen)
		checkPrintable(t, "RequestID", e.RequestID, maxCodeLen)
		if len(e.Error()) > maxMessageLen+2*maxCodeLen+64 {
			t.Fatalf("Error() is %d bytes long", len(e.Error()))
		}
		if len(bytes.TrimSpace(body)) > 0 && e.Message == "" && e.Code == "" {
			t.Fatalf("a response with a body gave an error that says nothing: %q", body)
		}
	})
}

func FuzzUnmarshalPin(f *testing.F) {
	for _, s := range []string{
		`{"id":"p-1","title":"t","metadata":{"title":"T","tags":["a"],"pin_type":"stat-cards","pin_layout":"1x1","pin_config":{"cards":[{"title":"R","value":"1"}]}},"created_at":1730472600000,"updated_at":"1730476200000"}`,
		`{"pin_id":"p-2","pin_type":"markdown","pin_layout":"2x1","content":{"content":"# hi"},"metadata":{"created_at":"2024-11-01T15:30:00Z"}}`,
		`{"id":"p-3","pin_type":"hologram","pin_config":[1,2]}`,
		`{"id":"p-4","pin_config":"x","created_at":1e300}`,
		`{"id":"p-5","created_at":"NaN","updated_at":-1e20}`,
		`{"metadata":null,"pin_config":null,"content":{}}`,
		`null`, `[]`, `{"items":[null,{"id":"p-1"}],"total":-1}`, `{"pins":[{"pin_id":"p-9"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var p Pin
		if err := p.UnmarshalJSON(b); err == nil {
			checkPin(t, &p)
		}
		var l PinList
		if err := l.UnmarshalJSON(b); err == nil {
			for i, p := range l.Items {
				if p == nil {
					t.Fatalf("page item %d is nil without an error", i)
				}
				checkPin(t, p)
			}
		}
	})
}

// checkPin checks a decoded pin: its config agrees with its type, and it
// can be encoded again (so a caller can store it as JSON).
func checkPin(t *testing.T, p *Pin) {
	t.Helper()
	if p.Config != nil {
		if p.Type == "" || p.Config.PinType() != p.Type {
			t.Fatalf("config of type %q on a pin of type %q", p.Config.PinType(), p.Type)
		}
	}
	if _, err := json.Marshal(p); err != nil {
		t.Fatalf("a decoded pin cannot be encoded: %v", err)
	}
}

// fakeResponse is a RoundTripper that responds to every request with the same
// status, headers and body, without a network.
type fakeResponse struct {
	status int
	header http.Header
	body   []byte
}

func (a *fakeResponse) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	return &http.Response{StatusCode: a.status, Header: a.header.Clone(), Body: io.NopCloser(bytes.NewReader(a.body)),
		ContentLength: int64(len(a.body)), Request: req, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}, nil
}

// fuzzOps runs every operation against a client whose responses are fixed,
// each on a fresh client (a response may hold a bucket), and checks what it
// returns. status is the response's status.
func fuzzOps(t *testing.T, status int, rt http.RoundTripper) {
	newClient := func() *Client {
		c, err := NewClient(fuzzKey, WithBaseURL("http://127.0.0.1:9/v1"), WithoutRateLimits(), WithMaxRetries(0),
			WithHTTPClient(&http.Client{Transport: rt}))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	ctx := context.Background()
	check := func(op string, err error, ok bool) {
		t.Helper()
		if !ok {
			t.Fatalf("%s: inconsistent result (error %v)", op, err)
		}
		if err == nil {
			// A batch write refused with 413 is split down to single items,
			// which then fail alone: the call itself succeeds.
			tooLargeItems := status == http.StatusRequestEntityTooLarge && strings.HasPrefix(op, "batch") && op != "batch get"
			if (status < 200 || status > 299) && !tooLargeItems {
				t.Fatalf("%s: status %d but no error", op, status)
			}
			return
		}
		var apiErr *APIError
		if op == "list all" && status < 300 && errors.Is(err, ErrServer) {
			return // pages that contradict each other
		}
		if !errors.As(err, &apiErr) {
			t.Fatalf("%s: a response came but the error is no *APIError: %v", op, err)
		}
		if apiErr.StatusCode != status {
			t.Fatalf("%s: APIError status %d, response %d", op, apiErr.StatusCode, status)
		}
		checkPrintable(t, op+": Message", apiErr.Message, maxMessageLen)
		checkPrintable(t, op+": Code", apiErr.Code, maxCodeLen)
		checkPrintable(t, op+": RequestID", apiErr.RequestID, maxCodeLen)
		if strings.Contains(err.Error(), fuzzKey) {
			t.Fatalf("%s: the error holds the key: %v", op, err)
		}
		for sentinel, match := range map[error]bool{
			ErrUnauthorized: status == 401, ErrForbidden: status == 403,
			ErrRateLimited: status == 429, ErrServer: status >= 500,
		} {
			if match && !errors.Is(err, sentinel) {
				t.Fatalf("%s: status %d but the error does not match %v: %v", op, status, sentinel, err)
			}
		}
		if status == 404 && !errors.Is(err, ErrNotFound) && !strings.Contains(apiErr.Message, "check the base URL") {
			t.Fatalf("%s: a 404 that is neither ErrNotFound nor says to check the base URL: %v", op, err)
		}
		if status == 429 {
			var rl *RateLimitError
			if !errors.As(err, &rl) {
				t.Fatalf("%s: 429 but no *RateLimitError: %v", op, err)
			}
		}
	}
	creates := func(op string, err error) {
		t.Helper()
		if status >= 500 && status != 501 && !errors.Is(err, ErrMaybeCreated) {
			t.Fatalf("%s: %d response, yet the error does not warn the pin may exist: %v", op, status, err)
		}
		if errors.Is(err, ErrMaybeCreated) && status == 429 {
			t.Fatalf("%s: 429 (not processed), yet ErrMaybeCreated: %v", op, err)
		}
	}

	p, err := newClient().Pins.Get(ctx, "p-1")
	check("get", err, (p == nil) != (err == nil))
	if p != nil {
		checkPin(t, p)
	}
	page, err := newClient().Pins.List(ctx, nil)
	check("list", err, (page == nil) != (err == nil))
	if page != nil {
		for i, p := range page.Items {
			if p == nil {
				t.Fatalf("list: item %d is nil", i)
			}
		}
	}
	n := 0
	for p, err := range newClient().Pins.ListAll(ctx, &ListOptions{Limit: 2}) {
		check("list all", err, (p == nil) != (err == nil))
		if n++; n > 10 {
			t.Fatal("list all: more than 10 pins from a fixed response")
		}
	}
	created, err := newClient().Pins.Create(ctx, &CreatePinRequest{Metadata: Metadata{Title: "t"}, Config: &pintypes.Markdown{Content: "x"}})
	check("create", err, (created == nil) != (err == nil))
	creates("create", err)
	if created != nil && created.Type != pintypes.TypeMarkdown {
		t.Fatalf("create: type %q, sent markdown", created.Type)
	}
	up, err := newClient().Pins.Update(ctx, "p-1", &UpdatePinRequest{Title: Ptr("n")})
	check("update", err, (up == nil) != (err == nil))
	check("delete", newClient().Pins.Delete(ctx, "p-1"), true)
	sr, err := newClient().Pins.Share(ctx, "p-1", &ShareSettings{IsPublic: Ptr(true)})
	check("share", err, (sr == nil) != (err == nil))

	got, err := newClient().Pins.BatchGet(ctx, []string{"p-1", "p-2"})
	check("batch get", err, got != nil)
	for i, p := range got.Found {
		if p == nil {
			t.Fatalf("batch get: found[%d] is nil", i)
		}
		checkPin(t, p)
	}
	bc, err := newClient().Pins.BatchCreate(ctx, []*CreatePinRequest{{Metadata: Metadata{Title: "a"}}, {Metadata: Metadata{Title: "b"}}})
	check("batch create", err, bc != nil && len(bc.Items) == 2)
	creates("batch create", err)
	for i, it := range bc.Items {
		if (it.Value == nil) == (it.Err == nil) {
			t.Fatalf("batch create: item %d has value %v and error %v", i, it.Value, it.Err)
		}
		if it.Err != nil {
			checkPrintable(t, "batch create: item error", it.Err.Error(), maxMessageLen+1024)
		}
	}
	bu, err := newClient().Pins.BatchUpdate(ctx, []*BatchUpdateItem{{ID: "p-1", UpdatePinRequest: UpdatePinRequest{Title: Ptr("x")}}})
	check("batch update", err, bu != nil && len(bu.Items) == 1)
	bd, err := newClient().Pins.BatchDelete(ctx, []string{"p-1", "p-2", "p-1"})
	check("batch delete", err, bd != nil && len(bd.Items) == 3)
	for _, res := range []*BatchResult[string]{bu, bd} {
		for i, it := range res.Items {
			if (it.Value == "") == (it.Err == nil) {
				t.Fatalf("batch update/delete: item %d has value %q and error %v", i, it.Value, it.Err)
			}
			if it.Err != nil {
				checkPrintable(t, "batch update/delete: item error", it.Err.Error(), maxMessageLen+1024)
			}
		}
	}
}

// FuzzDecodeResponse sends every operation through the whole pipeline (the
// transport, go-retryablehttp, decode) to a fixed response: a status, a
// content type, a request id and a body.
func FuzzDecodeResponse(f *testing.F) {
	seeds := []string{
		`{"success":true,"data":{"id":"p-1","created_at":1730472600000,"is_public":true}}`,
		`{"success":true,"data":{"pin_id":"p-1","shareable_url":"u","created_at":"2024-11-01T15:30:00Z"}}`,
		`{"success":true,"data":{"items":[{"id":"p-1"},{"id":"p-2"}],"total":2,"limit":2,"offset":0}}`,
		`{"success":true,"data":{"pins":[{"pin_id":"p-1"},null],"total":9}}`,
		`{"success":true,"data":{"found":[{"id":"p-1"},null,{"id":"p-3"}],"not_found":["p-2"],"permission_denied":[]}}`,
		`{"success":true,"data":{"created":[{"id":"p-1","index":0},{"id":"p-9","index":7},{"index":-1}],"failed":[{"index":1,"error":"metadata.title is required"}]}}`,
		`{"success":true,"data":{"created":[{"id":"p-1","index":0},{"id":"p-2","index":0}]}}`,
		`{"success":true,"data":{"updated":["p-1"],"deleted":["p-2"],"failed":[{"id":"p-1","error":"x"}],"updated_at":1}}`,
		`{"success":true,"data":null}`, `{"success":true}`, `{"success":false}`, `{}`, `null`, `[]`, ``,
		`{"success":false,"error":{"code":"NOT_FOUND","message":"pin p-1 not found"}}`,
		`{"error":{"code":"RATE_LIMITED","message":"slow down","details":{"resetAt":"2026-11-21T12:00:30Z"}}}`,
		`<html><body>502 Bad Gateway ` + fuzzKey + `</body></html>`,
		`{"success":false,"error":{"code":"` + fuzzKey + `","message":"\u0070k_test_FuzzKey0123456789abcdef"}}`,
	}
	if b, err := os.ReadFile(filepath.Join("..", "shared", "conformance", "responses.json")); err == nil {
		var doc struct {
			Cases []struct {
				Status int             `json:"status"`
				Body   json.RawMessage `json:"body"`
			} `json:"cases"`
		}
		if json.Unmarshal(b, &doc) == nil {
			for _, c := range doc.Cases {
				f.Add(uint16(c.Status), "application/json", "", []byte(c.Body))
			}
		}
	}
	for _, status := range []uint16{200, 201, 400, 401, 403, 404, 408, 413, 429, 500, 501, 502, 503} {
		for _, s := range seeds {
			f.Add(status, "application/json", "req-1", []byte(s))
		}
	}
	f.Add(uint16(307), "text/html", "", []byte("moved"))
	f.Fuzz(func(t *testing.T, status uint16, contentType, requestID string, body []byte) {
		st := 200 + int(status)%400 // 200..599
		h := http.Header{}
		if contentType != "" {
			h["Content-Type"] = []string{contentType}
		}
		if requestID != "" {
			h["X-Request-Id"] = []string{requestID}
		}
		fuzzOps(t, st, &fakeResponse{status: st, header: h, body: body})
	})
}
