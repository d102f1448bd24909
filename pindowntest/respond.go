package pindowntest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Error codes the server responds with.
const (
	codeUnauthorized     = "UNAUTHORIZED"
	codeScopeRequired    = "SCOPE_REQUIRED"
	codeForbidden        = "FORBIDDEN"
	codeNotFound         = "NOT_FOUND"
	codePermissionDenied = "PERMISSION_DENIED"
	codeNoRoute          = "NO_ROUTE" // not a not-found code: the request reached no API route
	codeMethodNotAllowed = "METHOD_NOT_ALLOWED"
	codeConfigInvalid    = "PIN_CONFIG_INVALID"
	codeInvalidPinType   = "INVALID_PIN_TYPE"
	codeValidation       = "VALIDATION_FAILED"
	codeTooLarge         = "PAYLOAD_TOO_LARGE"
	codeRateLimited      = "RATE_LIMITED"
)

// apiError is an error response: its HTTP status, code and message.
type apiError struct {
	status  int
	code    string
	message string
	details any
}

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

func invalidf(format string, args ...any) *apiError {
	return errorf(http.StatusBadRequest, codeValidation, format, args...)
}

// notFound is the 404 response for the missing kind ("pin", "pinboard",
// "page") id.
func notFound(kind, id string) *apiError {
	return errorf(http.StatusNotFound, codeNotFound, "%s %q not found", kind, id)
}

// orEmpty returns s, or for nil an empty slice: JSON [], never null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

type successEnvelope struct {
	Success bool   `json:"success"`
	Data    any    `json:"data,omitempty"` // nil: a response without data
	Message string `json:"message,omitempty"`
}

type errorEnvelope struct {
	Success bool      `json:"success"`
	Error   errorBody `json:"error"`
}

type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Details any    `json:"details,omitempty"`
}

// reply is a complete response, prepared before it is written (or discarded,
// when a fault responses instead).
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (rp *reply) setHeader(k string, v ...string) {
	if rp.header == nil {
		rp.header = make(http.Header, 4)
	}
	rp.header[k] = v
}

func okReply(status int, data any, message string) reply {
	body, err := json.Marshal(successEnvelope{Success: true, Data: data, Message: message})
	if err != nil { // cannot happen: data is built from JSON-safe values
		return errReply(errorf(http.StatusInternalServerError, "INTERNAL_SERVER_ERROR", "encoding the response: %v", err))
	}
	return reply{status: status, body: body}
}

func errReply(e *apiError) reply {
	body, _ := json.Marshal(errorEnvelope{Error: errorBody{Code: e.code, Message: e.message, Details: e.details}})
	return reply{status: e.status, body: body}
}

func (rp reply) write(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range rp.header {
		h[k] = v
	}
	if len(rp.body) > 0 && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json")
	}
	h.Set("Content-Length", strconv.Itoa(len(rp.body)))
	w.WriteHeader(rp.status)
	_, _ = w.Write(rp.body)
}

// rfc3339 formats the epoch-ms time ms as the RFC 3339 strings older responses
// carry, in UTC with milliseconds.
func rfc3339(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z07:00")
}
