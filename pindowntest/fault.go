package pindowntest

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// Fault is a misbehaviour the server shows on the next matching requests, for
// testing how a client copes. See Server.Inject.
type Fault struct {
	// Times is how many matching requests the fault applies to; 0 means 1.
	Times int
	// Status is the HTTP status to respond with. 0 with Drop or Delay alone
	// means the request is responded normally after the delay.
	Status int
	// Body is the raw body to send with Status. Empty means a JSON error
	// envelope with the status's usual code (429 RATE_LIMITED, 500
	// INTERNAL_SERVER_ERROR, 502 BAD_GATEWAY, 503 SERVICE_UNAVAILABLE, …), or
	// no body for a status below 400.
	Body string
	// Header holds extra response headers, such as Retry-After.
	Header http.Header
	// Delay is how long to wait before responding. The wait ends early when the
	// client goes away or the server closes; then the connection is closed
	// without a response.
	Delay time.Duration
	// Drop closes the connection without an HTTP response.
	Drop bool
	// AfterProcessing processes the request for real first (its side effects
	// happen and it counts against the rate limit), then responses Status/Body
	// or drops the connection instead of the real response, whatever that was.
	AfterProcessing bool
}

// queuedFault is an injected fault and how many requests it still applies to.
type queuedFault struct {
	Fault
	left int
}

// Inject queues f for route: the next matching requests, after passing
// authentication, get f instead of (or, with AfterProcessing, on top of)
// their normal response. A request responded by a fault without processing does
// not count against the rate limit. A fault's own response carries its Header
// and no rate-limit headers. Faults injected on one route apply in the order
// of the Inject calls. A route that is not one of the Route constants never
// matches.
func (s *Server) Inject(route Route, f Fault) {
	q := &queuedFault{Fault: f, left: max(f.Times, 1)}
	s.faultsMu.Lock()
	s.faults[route] = append(s.faults[route], q)
	s.faultsMu.Unlock()
}

// nextFault takes one use of the first fault queued for route, if any.
func (s *Server) nextFault(route Route) *queuedFault {
	s.faultsMu.Lock()
	defer s.faultsMu.Unlock()
	q := s.faults[route]
	if len(q) == 0 {
		return nil
	}
	f := q[0]
	if f.left--; f.left == 0 {
		q[0] = nil
		s.faults[route] = q[1:]
	}
	return f
}

// delay waits d unless the client goes away or the server closes first; it
// reports whether the response should still be sent.
func (s *Server) delay(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-s.closing:
	}
	return false
}

// faultCodes are the error codes of the statuses whose code is not their
// status text in upper snake case (as 503's SERVICE_UNAVAILABLE is).
var faultCodes = map[int]string{
	http.StatusBadRequest:      codeValidation,
	http.StatusTooManyRequests: codeRateLimited,
}

// reply is the response of a fault with a Status.
func (f *queuedFault) reply() reply {
	var rp reply
	switch {
	case f.Body != "":
		rp = reply{status: f.Status, body: []byte(f.Body)}
		if json.Valid(rp.body) {
			rp.setHeader("Content-Type", "application/json")
		} else {
			rp.setHeader("Content-Type", http.DetectContentType(rp.body))
		}
	case f.Status >= 400:
		code, ok := faultCodes[f.Status]
		if !ok {
			code = strings.ToUpper(strings.ReplaceAll(http.StatusText(f.Status), " ", "_"))
			if code == "" {
				code = "ERROR"
			}
		}
		rp = errReply(errorf(f.Status, code, "injected fault: %d %s", f.Status, http.StatusText(f.Status)))
	default:
		rp = reply{status: f.Status}
	}
	for k, v := range f.Header {
		rp.setHeader(http.CanonicalHeaderKey(k), v...)
	}
	return rp
}

// drop closes the client connection without a response.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // not HTTP/1: make the server abort the response
}
