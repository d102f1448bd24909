package pindown

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The most of a response body the client reads: a success, and an error.
const (
	maxResponseBody = 64 << 20
	maxErrorBody    = 64 << 10
)

// attempt is one request and what came of it.
type attempt struct {
	resp      *http.Response // nil if none came; its body is read into body
	body      []byte         // all of it, unless tooLarge
	tooLarge  bool           // the body is over the limit: not kept
	err       error          // the request failed, or its response could not be read
	sent      bool           // the request may have reached the server
	requestID string         // the server's request id, redacted and clipped
	at        time.Time      // when it ended
	heldUntil time.Time      // the bucket's hold after it, if any
}

func (a *attempt) status() int {
	if a.resp == nil {
		return 0
	}
	return a.resp.StatusCode
}

// outcome is what the attempt tells the budget.
func (a *attempt) outcome() Outcome {
	if a.resp == nil {
		return Outcome{At: a.at}
	}
	limited := a.resp.StatusCode == http.StatusTooManyRequests
	return Outcome{At: a.at, Responded: true, Limited: limited, ResetAt: serverReset(a.at, a.resp.Header, a.body, limited)}
}

// send makes one attempt: the request, bounded by the attempt timeout, and
// the reading of its whole response within that time, so that a stalled or
// cut-off body fails the attempt like a connection error.
func (c *Client) send(ctx context.Context, method, path string, payload []byte) *attempt {
	actx, cancel := context.WithTimeout(ctx, c.attemptTimeout)
	defer cancel()
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(actx, method, c.baseURL+path, body)
	if err != nil {
		return &attempt{err: err}
	}
	// The value slices are shared by every request: net/http does not
	// modify them.
	req.Header["Authorization"] = c.key.auth
	req.Header["User-Agent"] = c.userAgent
	req.Header["Accept"] = jsonMediaType
	if payload != nil {
		req.Header["Content-Type"] = jsonMediaType // none without a body: the pre-v1 server refused that
	}
	resp, err := c.roundTrip(req)
	if err != nil {
		return &attempt{err: c.timedOut(ctx, actx, err), sent: !neverSent(err)}
	}
	defer resp.Body.Close()
	a := &attempt{resp: resp, sent: true, requestID: clip(c.key.redact(firstHeader(resp.Header, "X-Request-Id", "Request-Id")), maxCodeLen)}
	if resp.StatusCode < 200 {
		// A 1xx that net/http did not consume (101 Switching Protocols)
		// hands over a raw connection as the body: never read it.
		a.err = fmt.Errorf("unexpected %d %s response", resp.StatusCode, http.StatusText(resp.StatusCode))
		return a
	}
	limit := int64(maxErrorBody)
	if resp.StatusCode < 300 {
		limit = maxResponseBody
		if resp.ContentLength > limit {
			a.tooLarge = true // refused unread
			return a
		}
	}
	if a.body, a.tooLarge, err = readBody(resp.Body, limit, resp.ContentLength); err != nil {
		a.err = fmt.Errorf("reading the %d response: %w", resp.StatusCode, c.timedOut(ctx, actx, err))
	}
	return a
}

var jsonMediaType = []string{"application/json"}

// roundTrip sends req as http.Client.Do would, except that a redirect is a
// response like any other: through the client's transport, with the cookies
// of its Jar, and with http.Client's errors (a *url.Error;
// http.ErrSchemeMismatch for an https request to a plain-http server).
// Skipping Do spares every call its header copy and redirect bookkeeping.
func (c *Client) roundTrip(req *http.Request) (*http.Response, error) {
	if c.jar != nil {
		for _, ck := range c.jar.Cookies(req.URL) {
			req.AddCookie(ck)
		}
	}
	resp, err := c.transport.RoundTrip(req)
	var tlsErr tls.RecordHeaderError
	switch {
	case errors.As(err, &tlsErr) && string(tlsErr.RecordHeader[:]) == "HTTP/":
		if tlsErr.Conn != nil {
			tlsErr.Conn.Close()
		}
		err = http.ErrSchemeMismatch
	case err == nil && resp == nil:
		err = fmt.Errorf("the transport (%T) returned neither a response nor an error", c.transport)
	}
	if err != nil {
		return nil, &url.Error{Op: req.Method[:1] + strings.ToLower(req.Method[1:]), URL: req.URL.Redacted(), Err: err}
	}
	if resp.Body == nil { // some test transports leave it nil for an empty body
		resp.Body = http.NoBody
	}
	if c.jar != nil {
		if cookies := resp.Cookies(); len(cookies) > 0 {
			c.jar.SetCookies(req.URL, cookies)
		}
	}
	return resp, nil
}

// timedOut says so when err came from the attempt timeout rather than the
// caller's context.
func (c *Client) timedOut(ctx, actx context.Context, err error) error {
	if actx.Err() == context.DeadlineExceeded && ctx.Err() == nil {
		return fmt.Errorf("attempt timed out after %v: %w", c.attemptTimeout, err)
	}
	return err
}

// readBody reads r to its end, or until it proves longer than limit: then
// tooLarge, and only an error body's first limit bytes are kept (for its
// message). Memory follows the bytes received, whatever Content-Length
// declared: the body is read in parts, each twice the size of the one
// before up to 64 KiB, and joined once. A declared length under 64 KiB
// only sizes the first part.
func readBody(r io.Reader, limit, declared int64) (body []byte, tooLarge bool, err error) {
	var parts [][]byte
	size := 512
	if declared >= 0 && declared < 64<<10 {
		size = int(declared) + 1 // room to read the EOF without a second part
	}
	buf := make([]byte, 0, size)
	for n := int64(0); ; {
		if len(buf) == cap(buf) {
			parts = append(parts, buf)
			buf = make([]byte, 0, min(2*cap(buf), 64<<10))
		}
		k, err := r.Read(buf[len(buf):cap(buf)])
		buf, n = buf[:len(buf)+k], n+int64(k)
		switch {
		case n > limit && limit > maxErrorBody:
			return nil, true, nil
		case n > limit:
			return bytes.Join(append(parts, buf), nil)[:limit], true, nil
		case errors.Is(err, io.EOF) && parts == nil:
			return buf, false, nil
		case errors.Is(err, io.EOF):
			return bytes.Join(append(parts, buf), nil), false, nil
		case err != nil:
			return nil, false, err
		}
	}
}

// neverSent reports whether a transport error happened before any byte of
// the request could reach the server (the connection was never made), which
// makes even a create safe to repeat.
func neverSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}
