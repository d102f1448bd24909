package pindown

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pindownai/client-go/pintypes"
)

// Sentinel errors for errors.Is. An *APIError matches the one that fits its
// status and code; client-side validation errors match ErrInvalidRequest
// (and ErrInvalidConfig for a bad pin_config) without a request being sent.
var (
	ErrUnauthorized   = errors.New("unauthorized (check the API key)")
	ErrForbidden      = errors.New("forbidden")
	ErrNotFound       = errors.New("not found")
	ErrInvalidRequest = errors.New("invalid request")
	ErrInvalidConfig  = pintypes.ErrInvalidConfig
	ErrRateLimited    = errors.New("rate limited")
	ErrServer         = errors.New("server error")

	// ErrMaybeCreated marks a failed call that is not safe to repeat (a
	// create or batch create of pins, a pinboard or page create, a page's
	// add-pin, an invitation) whose request may have reached the server:
	// it may have taken effect. The SDK never retries such a call; check
	// (List, Get, ListPins, ListInvitations, or Pins.Upsert) before
	// repeating it.
	ErrMaybeCreated = errors.New("the request may have reached the server, so what it asked for may have been created or done; check before repeating it")

	// ErrNotSent marks a call, or a batch item, that was never sent: its
	// context ended first (the error then also matches context.Canceled or
	// context.DeadlineExceeded), it could not wait for the rate budget, or
	// an earlier chunk of its batch failed as a whole.
	ErrNotSent = errors.New("not sent")
)

// APIError is an error response from the Pindown API.
type APIError struct {
	StatusCode int    // HTTP status; 0 when no response came (a wait the client refused)
	Code       string // the API's error code, such as "NOT_FOUND"; empty when the body was not an API error
	Message    string // the server's message, or an excerpt of a body that was not JSON
	RequestID  string // the server's request id, when it sent one; quote it to support

	fromAPI bool // the body was one of the API's error envelopes
}

// Error describes the response: status, code, message and request id.
func (e *APIError) Error() string {
	var b strings.Builder
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, "%d", e.StatusCode)
	}
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		if b.Len() > 0 {
			b.WriteString(": ")
		}
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" (request id " + e.RequestID + ")")
	}
	return strings.TrimPrefix(b.String(), " ")
}

// Is reports whether e belongs to the class of a sentinel error, judged by
// its code first and its HTTP status otherwise. A 404 is ErrNotFound only
// when the API itself said so (one of its error envelopes with a not-found
// code, or none): a 404 from no API route (a base URL without /v1) is not.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || e.Code == "UNAUTHORIZED" || strings.HasPrefix(e.Code, "AUTH_")
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden || e.Code == "SCOPE_REQUIRED" || e.Code == "FORBIDDEN" || e.Code == "PERMISSION_DENIED"
	case ErrNotFound:
		return strings.HasSuffix(e.Code, "NOT_FOUND") || e.StatusCode == http.StatusNotFound && e.fromAPI && e.Code == ""
	case ErrInvalidRequest:
		return e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnprocessableEntity ||
			e.Code == "VALIDATION_FAILED" || e.Code == "VALIDATION_ERROR" || e.isConfigError()
	case ErrInvalidConfig:
		return e.isConfigError()
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests || e.Code == "RATE_LIMITED" || e.Code == "RATE_LIMIT_EXCEEDED"
	case ErrServer:
		return e.StatusCode >= 500
	}
	return false
}

func (e *APIError) isConfigError() bool {
	return e.Code == "PIN_CONFIG_INVALID" || e.Code == "INVALID_PIN_TYPE"
}

// RateLimitError is a 429 response, or a wait the client refused to make:
// longer than WithMaxWait or past the context's deadline. It is also an
// *APIError (errors.As finds both) and matches ErrRateLimited.
type RateLimitError struct {
	*APIError
	Bucket     Bucket        // the rate bucket that is exhausted
	RetryAfter time.Duration // how long to wait before the bucket has room; 0 if unknown
	// Server reports who imposed the wait: the server (a 429, or a hold
	// after one), or, when false, the client's own pacing within its
	// RateLimits.
	Server bool
}

// Error describes the response, the bucket and how long to wait.
func (e *RateLimitError) Error() string {
	s := e.APIError.Error() + " [" + string(e.Bucket) + " bucket"
	if e.RetryAfter > 0 {
		s += ", retry after " + e.RetryAfter.Round(time.Millisecond).String()
	}
	return s + "]"
}

// Unwrap returns the underlying *APIError.
func (e *RateLimitError) Unwrap() error { return e.APIError }

// Is matches ErrRateLimited, also when no response came.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// excerptLen bounds how much of a body that is not JSON is quoted in an
// error; maxMessageLen and maxCodeLen how long an APIError's Message, and
// its Code and RequestID, may be (in bytes), whatever the server sent.
const (
	excerptLen    = 200
	maxMessageLen = 4 << 10
	maxCodeLen    = 128
)

// errorBody covers the API's error envelopes: {"success":false,"error":{…}}
// and {"error":{…}} (with or without type, details and timestamp), and the
// two of its Fastify backend: {"error":"<text>","message":"<CODE>"} and
// {"statusCode":…,"code":"FST_…","error":"<reason>","message":"<text>"}.
type errorBody struct {
	Error   json.RawMessage `json:"error"`
	Code    string          `json:"code"`
	Message string          `json:"message"`
}

type errorObject struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// newAPIError builds the error of a response that is not a success, from
// its status, content type, request id and (size-limited) body. redact
// removes the API key from what the body says, before anything is clipped.
func newAPIError(status int, contentType, requestID string, body []byte, redact func(string) string) *APIError {
	e := &APIError{StatusCode: status, RequestID: clip(requestID, maxCodeLen)}
	var env errorBody
	var obj errorObject
	var text string
	if json.Unmarshal(body, &env) == nil && len(env.Error) > 0 {
		switch {
		case json.Unmarshal(env.Error, &obj) == nil && (obj.Code != "" || obj.Message != ""):
			e.Code, e.Message, e.fromAPI = obj.Code, obj.Message, true
		case json.Unmarshal(env.Error, &text) == nil && env.Code != "": // Fastify's default
			e.Code, e.Message, e.fromAPI = env.Code, first(env.Message, text), true
		case json.Unmarshal(env.Error, &text) == nil && isCode(env.Message):
			e.Code, e.Message, e.fromAPI = env.Message, text, true
		case text != "": // Fastify's reply without a code, such as its own 404 for no route
			e.Message = strings.TrimSuffix(text+": "+env.Message, ": ")
		}
	}
	if e.Code == "" && e.Message == "" {
		e.Message = describeBody(status, contentType, []byte(redact(string(body))))
	}
	e.Code, e.Message = clip(redact(e.Code), maxCodeLen), clip(redact(e.Message), maxMessageLen)
	if status == http.StatusNotFound && !e.Is(ErrNotFound) {
		e.Message += "; no API route responded: check the base URL (it ends in /v1)"
	}
	return e
}

// isCode reports whether s looks like an error code: UPPER_SNAKE_CASE.
func isCode(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !(r == '_' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') }) < 0
}

// clip returns s made printable (control and other unprintable characters,
// and invalid UTF-8, replaced) and cut to at most n bytes at a character
// boundary, "…" marking the cut: text from the network goes into error
// messages and logs.
func clip(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsPrint(r):
			return r
		case unicode.IsSpace(r):
			return ' '
		}
		return '?'
	}, s)
	if len(s) <= n {
		return s
	}
	cut := max(n-len("…"), 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// describeBody says what came back when it was not an API error, with a
// short printable excerpt, so that an HTML page from a proxy is recognisable.
func describeBody(status int, contentType string, body []byte) string {
	what := http.StatusText(status)
	if what == "" {
		what = "unexpected status"
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return what + " (empty body)"
	}
	if contentType == "" {
		contentType = "unknown content type"
	}
	return fmt.Sprintf("%s (%s body: %q)", what, clip(contentType, excerptLen), excerpt(body))
}

func excerpt(body []byte) string {
	var b strings.Builder
	space := false
	for len(body) > 0 && b.Len() < excerptLen {
		r, n := utf8.DecodeRune(body)
		body = body[n:]
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case r == utf8.RuneError || !unicode.IsPrint(r):
			r = '?'
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	if len(body) > 0 {
		b.WriteString("…")
	}
	return b.String()
}

// invalidf returns a client-side input error naming the field. It matches
// ErrInvalidRequest; no request was sent.
func invalidf(field, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrInvalidRequest, field, fmt.Sprintf(format, args...))
}
