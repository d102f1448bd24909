package pindown

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// envelope is the success envelope. Data points at the caller's value, so
// that the body is decoded in one pass.
type envelope struct {
	Success optBool         `json:"success"`
	Data    any             `json:"data"`
	Error   json.RawMessage `json:"error"`
}

// result turns the call's last attempt into its outcome: the response's
// data decoded into out, or the error.
func (c *Client) result(ctx context.Context, cl *call, a *attempt, out any) error {
	status := a.status()
	switch {
	case a.err != nil:
		cl.mayHaveLanded = cl.mayHaveLanded || a.sent
		return c.failure(ctx, cl, a.err)
	case status < 200 || status >= 300:
		return c.statusError(cl, a)
	case a.tooLarge && status < 300:
		return c.malformed(cl, a, fmt.Sprintf("response larger than %d MiB", maxResponseBody>>20))
	case (out == nil || cl.emptyOK) && len(bytes.TrimSpace(a.body)) == 0:
		return nil // a delete responded 204, or 200 with nothing to say
	}
	env := envelope{Data: out}
	if err := json.Unmarshal(a.body, &env); err != nil {
		head := a.body[:min(len(a.body), 4*excerptLen)] // enough for the excerpt
		what := fmt.Sprintf("%v; %s", err, describeBody(status, a.resp.Header.Get("Content-Type"), []byte(c.key.redact(string(head)))))
		return c.malformed(cl, a, c.key.redact(what))
	}
	if env.Success == isFalse {
		e := c.apiError(a)
		if e.Code == "" && e.Message == "" {
			e.Message = "the server responded success:false without an error"
		}
		return fmt.Errorf("pindown: %s: %w", cl.op.name, e)
	}
	if cl.check != nil {
		if err := cl.check(); err != nil {
			return c.malformed(cl, a, c.key.redact(err.Error()))
		}
	}
	return nil
}

// maxListEntries bounds the lists of a response that the API bounds (pages
// and batch results hold 100 entries at most): a hostile server's page of
// millions of {} must not cost gigabytes.
const maxListEntries = 100

// capped is a JSON list of at most maxListEntries entries, decoded one at a
// time so that memory follows the entries kept.
type capped[T any] []T

func (l *capped[T]) UnmarshalJSON(b []byte) error {
	return decodeList((*[]T)(l), b, maxListEntries)
}

// decodeList decodes the JSON list b into l, one entry at a time, failing
// beyond limit entries; null leaves l nil.
func decodeList[T any](l *[]T, b []byte, limit int) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil || tok == nil {
		return err // null: no list
	}
	if tok != json.Delim('[') {
		return fmt.Errorf("a list was expected, not %v", tok)
	}
	for dec.More() {
		if len(*l) == limit {
			return fmt.Errorf("a list of more than %d entries", limit)
		}
		var v T
		if err := dec.Decode(&v); err != nil {
			return err
		}
		*l = append(*l, v)
	}
	_, err = dec.Token()
	return err
}

func (c *Client) apiError(a *attempt) *APIError {
	return newAPIError(a.status(), a.resp.Header.Get("Content-Type"), a.requestID, a.body[:min(len(a.body), maxErrorBody)], c.key.redact)
}

// statusError turns a response that is not 2xx into an *APIError, or a
// *RateLimitError for 429. A delete whose earlier attempt may have deleted
// the object (its response lost) and that now gets the API's 404 succeeded.
func (c *Client) statusError(cl *call, a *attempt) error {
	e := c.apiError(a)
	status := a.status()
	if status >= 300 && status < 400 {
		loc := clip(c.key.redact(redactedLocation(a.resp.Header.Get("Location"))), excerptLen)
		e.Message = "unexpected redirect to " + loc + "; the SDK does not follow redirects (check the base URL)"
	}
	var err error = e
	switch {
	case status == http.StatusNotFound && cl.op.deletes && cl.mayHaveLanded && e.Is(ErrNotFound):
		return nil
	case status == http.StatusTooManyRequests:
		rl := &RateLimitError{APIError: e, Bucket: cl.op.bucket, Server: true}
		if !a.heldUntil.IsZero() {
			rl.RetryAfter = max(a.heldUntil.Sub(a.at), 0)
		}
		err = rl
	case !cl.op.retrySafe && mayHaveTakenEffect(status):
		return fmt.Errorf("pindown: %s: %w: %w", cl.op.name, e, ErrMaybeCreated)
	}
	return fmt.Errorf("pindown: %s: %w", cl.op.name, err)
}

// mayHaveTakenEffect reports whether a request responded with status may
// have been processed: anything but a client error (4xx other than 408,
// which says the server gave up waiting) or 501.
func mayHaveTakenEffect(status int) bool {
	clientError := status >= 400 && status < 500 && status != http.StatusRequestTimeout
	return !clientError && status != http.StatusNotImplemented
}

// malformed reports a 2xx response that could not be decoded: a server
// fault, as an *APIError that also matches ErrServer. For a create, the pin
// was probably made.
func (c *Client) malformed(cl *call, a *attempt, what string) error {
	e := &APIError{StatusCode: a.status(), Message: clip("malformed response: "+what, maxMessageLen), RequestID: a.requestID}
	err := fmt.Errorf("pindown: %s: %w: %w", cl.op.name, e, ErrServer)
	if !cl.op.retrySafe {
		err = fmt.Errorf("%w: %w", err, ErrMaybeCreated)
	}
	return err
}

func redactedLocation(loc string) string {
	u, err := url.Parse(loc)
	if err != nil {
		return "an unparsable location"
	}
	u.RawQuery, u.Fragment = "", ""
	return u.Redacted()
}
