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
	ErrUnauthorized   = errors.New("pindown: unauthorized (check the API key)")
	ErrForbidden      = errors.New("pindown: forbidden")
	ErrNotFound       = errors.New("pindown: not found")
	ErrInvalidRequest = errors.New("pindown: invalid request")
	ErrInvalidConfig  = pintypes.ErrInvalidConfig
	ErrRateLimited    = errors.New("pindown: rate limited")
	ErrServer         = errors.New("pindown: server error")

	// ErrMaybeCreated marks a failed Create or BatchCreate whose request may
	// have reached the server: the pins may exist. The SDK never retries such
	// a call; check with List or Get before creating them again.
	ErrMaybeCreated = errors.New("pindown: the request may have reached the server, so the pin may have been created; check before creating it again")
)

// APIError is an error answer from the Pins API.
type APIError struct {
	StatusCode int    // HTTP status
	Code       string // the API's error code, such as "NOT_FOUND"; empty when the body was not a JSON error
	Message    string // the server's message, or an excerpt of a body that was not JSON
	RequestID  string // the server's request id, when it sent one; quote it to support
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "pindown: %d", e.StatusCode)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" (request id " + e.RequestID + ")")
	}
	return b.String()
}

// Is reports whether e belongs to the class of a sentinel error, judged by
// its code first and its HTTP status otherwise.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || e.Code == "UNAUTHORIZED" || strings.HasPrefix(e.Code, "AUTH_")
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden || e.Code == "SCOPE_REQUIRED" || e.Code == "FORBIDDEN" || e.Code == "PERMISSION_DENIED"
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound || e.Code == "NOT_FOUND" || e.Code == "RESOURCE_NOT_FOUND"
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

// RateLimitError is a 429 answer, or one the SDK gave up waiting for: the
// server asked for a wait longer than the client's cap or past the context's
// deadline. It is also an *APIError (errors.As finds both).
type RateLimitError struct {
	*APIError
	Bucket     Bucket        // the rate bucket that is exhausted
	RetryAfter time.Duration // how long the server asked to wait; 0 if it did not say
}

func (e *RateLimitError) Error() string {
	s := e.APIError.Error() + " [" + string(e.Bucket) + " bucket"
	if e.RetryAfter > 0 {
		s += ", retry after " + e.RetryAfter.Round(time.Millisecond).String()
	}
	return s + "]"
}

// Unwrap returns the underlying *APIError.
func (e *RateLimitError) Unwrap() error { return e.APIError }

// maxErrorBody bounds how much of an error answer is read; excerptLen how
// much of a body that is not JSON is quoted in the error; maxMessageLen and
// maxCodeLen how long an APIError's Message, and its Code and RequestID, may
// be (in bytes), whatever the server sent.
const (
	maxErrorBody  = 64 << 10
	excerptLen    = 200
	maxMessageLen = 4 << 10
	maxCodeLen    = 128
)

// errorEnvelope covers the three error shapes the API has used:
// {"success":false,"error":{…}}, {"error":{…}}, and the same with type,
// details and timestamp.
type errorEnvelope struct {
	Success *bool `json:"success"`
	Error   *struct {
		Code    string          `json:"code"`
		Message string          `json:"message"`
		Details json.RawMessage `json:"details"`
	} `json:"error"`
	Message string `json:"message"`
}

// newAPIError builds the error for an answer that is not a success, from
// its status, content type, request id and (already size-limited) body.
// Its fields are printable and bounded (maxMessageLen, maxCodeLen).
func newAPIError(status int, contentType, requestID string, body []byte) *APIError {
	e := &APIError{StatusCode: status, RequestID: clip(requestID, maxCodeLen)}
	var env errorEnvelope
	switch {
	case json.Unmarshal(body, &env) == nil && env.Error != nil && (env.Error.Code != "" || env.Error.Message != ""):
		e.Code, e.Message = clip(env.Error.Code, maxCodeLen), clip(env.Error.Message, maxMessageLen)
	case json.Valid(body) && env.Message != "":
		e.Message = clip(env.Message, maxMessageLen)
	default:
		e.Message = describeBody(status, clip(contentType, excerptLen), body)
	}
	return e
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

// describeBody says what came back when it was not a JSON error, with a
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
	return fmt.Sprintf("%s (%s body: %q)", what, contentType, excerpt(body))
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
