package pindown

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"
)

// call is one API call's state across its attempts. Only the goroutine
// making the call uses it.
type call struct {
	op         operation
	maxRetries int
	info       *ResponseInfo
	sent       *bool        // set to whether any attempt was sent (batch chunks)
	check      func() error // checks the decoded data: an error is a malformed response
	emptyOK    bool         // a 2xx with an empty body is a success (the call needs no data)

	attempts       int  // requests sent
	retries        int  // retries after failures other than 429
	limitedRetries int  // retries after 429s
	mayHaveLanded  bool // an earlier attempt may have been processed although it failed
}

// do is the one request loop every call goes through: encode the body once
// (every attempt sends the same bytes), then per attempt wait for the
// bucket's budget, send, read the response, tell the budget, and decide:
// return, retry after a wait, or fail. The response's data is decoded into
// out.
func (c *Client) do(ctx context.Context, op operation, method, path string, body, out any, opts []RequestOption) (err error) {
	if ctx == nil {
		return fmt.Errorf("pindown: %s: %w", op.name, invalidf("ctx", "nil context (use context.Background())"))
	}
	cl := &call{op: op, maxRetries: c.maxRetries}
	for _, o := range opts {
		if o != nil {
			o(cl)
		}
	}
	var payload []byte
	if body != nil {
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("pindown: %s: encoding the request: %w", op.name, err)
		}
	}
	start := time.Now()
	var a *attempt
	defer func() { c.report(ctx, cl, a, err, time.Since(start)) }()

	for {
		permit, err := c.acquire(ctx, cl)
		if err != nil {
			return c.notSent(ctx, cl, err)
		}
		cl.attempts++
		a = c.send(ctx, method, path, payload)
		a.at = time.Now()
		a.heldUntil = c.budget.Done(ctx, permit, a.outcome())
		wait, retry := c.decide(ctx, cl, a)
		if !retry {
			return c.result(ctx, cl, a, out)
		}
		if err := sleep(ctx, wait); err != nil {
			return c.failure(ctx, cl, err)
		}
	}
}

// doChecked is do for a call whose inputs were checked first: a non-nil
// invalid fails the call before any request is spent. extra are the options
// the method adds to the caller's.
func (c *Client) doChecked(ctx context.Context, invalid error, op operation, method, path string, body, out any, opts []RequestOption, extra ...RequestOption) error {
	if invalid != nil {
		return fmt.Errorf("pindown: %s: %w", op.name, invalid)
	}
	return c.do(ctx, op, method, path, body, out, append(slices.Clip(opts), extra...))
}

// acquire waits for a permit of the call's bucket. A wait longer than
// WithMaxWait, or past the context's deadline, fails at once with a
// *RateLimitError, as x/time/rate's Wait does.
func (c *Client) acquire(ctx context.Context, cl *call) (Permit, error) {
	if err := ctx.Err(); err != nil {
		return Permit{}, err
	}
	for first := true; ; first = false {
		p, err := c.budget.Reserve(ctx, cl.op.bucket, time.Now())
		if err != nil || p.Wait <= 0 {
			return p, err
		}
		if err := c.mayWait(ctx, cl, p.Wait, p.ByServer); err != nil {
			return p, err
		}
		if first {
			c.notify(ctx, RetryEvent{Operation: cl.op.name, Bucket: cl.op.bucket, Attempt: cl.attempts + 1, Wait: p.Wait, Reason: "pacing"})
		}
		if err := sleep(ctx, p.Wait); err != nil {
			return p, err
		}
	}
}

// mayWait returns a *RateLimitError if the call may not wait d.
func (c *Client) mayWait(ctx context.Context, cl *call, d time.Duration, byServer bool) error {
	limit := "WithMaxWait (" + c.maxWait.String() + ")"
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		limit = "the context's deadline"
	} else if d <= c.maxWait {
		return nil
	}
	who := "the client's own pacing, to stay within the rate limit,"
	if byServer {
		who = "the server (a 429 or Retry-After)"
	}
	msg := fmt.Sprintf("%s holds the %s bucket for %v, longer than %s", who, cl.op.bucket, d.Round(time.Millisecond), limit)
	err := &RateLimitError{APIError: &APIError{Message: msg}, Bucket: cl.op.bucket, RetryAfter: d, Server: byServer}
	if limit == "the context's deadline" {
		return fmt.Errorf("%w: %w", err, context.DeadlineExceeded)
	}
	return err
}

// notSent is the error of a call that stopped before its next attempt was
// sent. When no attempt was, it also matches ErrNotSent.
func (c *Client) notSent(ctx context.Context, cl *call, err error) error {
	if cl.attempts == 0 {
		err = fmt.Errorf("%w: %w", ErrNotSent, err)
	}
	return c.failure(ctx, cl, err)
}

// failure wraps an error that left no response to decode.
func (c *Client) failure(ctx context.Context, cl *call, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		err = fmt.Errorf("%w (%v)", ctxErr, err)
	}
	if !cl.op.retrySafe && cl.mayHaveLanded {
		return fmt.Errorf("pindown: %s: %w: %w", cl.op.name, err, ErrMaybeCreated)
	}
	return fmt.Errorf("pindown: %s: %w", cl.op.name, err)
}

// report fills ResponseInfo and logs the call: one Debug line, never a
// header, a body or the key.
func (c *Client) report(ctx context.Context, cl *call, a *attempt, err error, took time.Duration) {
	if cl.sent != nil {
		*cl.sent = cl.attempts > 0
	}
	var status int
	var reqID string
	if a != nil && a.resp != nil {
		status, reqID = a.resp.StatusCode, a.requestID
	}
	if cl.info != nil {
		*cl.info = ResponseInfo{StatusCode: status, RequestID: reqID, Attempts: cl.attempts}
	}
	if c.logger == nil {
		return
	}
	attrs := []slog.Attr{slog.String("operation", cl.op.name), slog.Int("attempts", cl.attempts), slog.Duration("took", took)}
	if status != 0 {
		attrs = append(attrs, slog.Int("status", status), slog.String("request_id", reqID))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", c.key.redact(err.Error())))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "pindown: call", attrs...)
}

// validated makes a call check its decoded data with f; an error makes the
// response malformed (ErrServer, and ErrMaybeCreated for a create).
func validated(f func() error) RequestOption {
	return func(cl *call) { cl.check = f }
}

// emptyOK makes a call accept a 2xx with an empty body (204, or 200 with
// nothing): the pinboard and page writes that need no data from the answer.
func emptyOK() RequestOption {
	return func(cl *call) { cl.emptyOK = true }
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
