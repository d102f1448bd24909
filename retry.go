package pindown

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// operation is what the pipeline knows of an endpoint: which bucket it
// spends and whether repeating it is harmless (spec/API.md, "Safe to repeat?").
type operation struct {
	name      string
	bucket    Bucket
	retrySafe bool
}

var (
	opCreate      = operation{"create", BucketWrite, false}
	opGet         = operation{"get", BucketRead, true}
	opList        = operation{"list", BucketRead, true}
	opUpdate      = operation{"update", BucketWrite, true}
	opDelete      = operation{"delete", BucketWrite, true}
	opShare       = operation{"share", BucketWrite, true}
	opBatchGet    = operation{"batch get", BucketBatchRead, true}
	opBatchCreate = operation{"batch create", BucketWrite, false}
	opBatchUpdate = operation{"batch update", BucketWrite, true}
	opBatchDelete = operation{"batch delete", BucketWrite, true}
)

// call is one API call's state across its attempts. It travels in the
// request context, which is how go-retryablehttp's hooks and the transport
// below them see the operation's policy. One goroutine uses it at a time.
type call struct {
	op         operation
	maxRetries int
	info       *ResponseInfo
	sent       *bool // set to whether any attempt was sent (batch chunks)

	attempts int // attempts sent so far

	retries        int           // retries after failures other than 429
	limitedRetries int           // retries after 429
	sentAt         time.Time     // when the current attempt got its permit
	wait           time.Duration // to sleep before the next attempt
	heldUntil      time.Time     // the bucket is held until then (server said so)
	landed         bool          // an earlier attempt may have been processed (lost answer, 5xx)
	inDoubt        bool          // the last attempt may have been processed: sent, and not refused or answered 429
}

// limitedRetryFactor is how many more retries a call gets after 429s than
// after other failures.
const limitedRetryFactor = 4

type callKey struct{}

func callFrom(ctx context.Context) *call {
	cl, _ := ctx.Value(callKey{}).(*call)
	return cl
}

// RetryEvent describes a wait before an attempt: a retry, or pacing that
// keeps a bucket within its rate limit. See WithRetryHook.
type RetryEvent struct {
	Operation  string        // "create", "get", "batch create", …
	Bucket     Bucket        // the rate bucket the call spends
	Attempt    int           // the attempt about to be made, from 1
	Wait       time.Duration // how long the call waits before it
	Reason     string        // "pacing", "429 RATE_LIMITED", "503", "connection error", …
	StatusCode int           // the status that caused a retry; 0 for pacing and connection errors
	RequestID  string        // the server's request id of the failed attempt, if any
}

// checkRetry is go-retryablehttp's CheckRetry. It decides whether to try
// again and, because it is the hook that has the context, also how long to
// wait first; the wait itself is slept in the transport (see Client.backoff).
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	cl := callFrom(ctx)
	if cl == nil {
		return false, nil
	}
	ev := RetryEvent{Operation: cl.op.name, Bucket: cl.op.bucket, Attempt: cl.attempts + 1}
	switch {
	case err != nil:
		if !retryableError(err) || (!cl.op.retrySafe && !neverSent(err)) {
			return false, nil
		}
		cl.landed = cl.landed || !neverSent(err)
		ev.Reason = "connection error"
	case resp.StatusCode == http.StatusTooManyRequests:
		ev.Reason = "429"
	case cl.op.retrySafe && (resp.StatusCode == http.StatusRequestTimeout ||
		resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented):
		cl.landed = true
		ev.Reason = strconv.Itoa(resp.StatusCode)
	default:
		return false, nil
	}
	if resp != nil {
		ev.StatusCode, ev.RequestID = resp.StatusCode, requestID(resp.Header)
	}
	// A 429 did nothing and says when to come back: against a key shared
	// with other processes a call may lose that race several times, so 429s
	// have a budget of their own, limitedRetryFactor times the other one.
	limited := resp != nil && resp.StatusCode == http.StatusTooManyRequests
	if limited && cl.limitedRetries >= limitedRetryFactor*cl.maxRetries || !limited && cl.retries >= cl.maxRetries {
		return false, nil
	}

	wait := c.backoff(cl)
	if wait > c.maxWait {
		return false, nil // the caller gets the answer now, with RetryAfter
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
		return false, nil
	}
	if limited {
		cl.limitedRetries++
	} else {
		cl.retries++
	}
	cl.wait, ev.Wait = wait, wait
	c.notify(ctx, ev)
	return true, nil
}

// backoff is how long to wait before the next attempt: what the server asked
// (Retry-After, the reset headers, details.resetAt, applied to the bucket by
// the transport) plus a little jitter, or else exponential backoff with full
// jitter, capped.
func (c *Client) backoff(cl *call) time.Duration {
	if held := time.Until(cl.heldUntil); held > 0 {
		return held + rand.N(max(held/10, time.Millisecond))
	}
	ceiling := min(c.backoffMax, c.backoffMin<<min(cl.attempts-1, 20))
	return rand.N(ceiling) + 1
}

// noBackoff is go-retryablehttp's Backoff. It has neither the context nor,
// after a connection error, a response, so it cannot know the call; the wait
// is computed by checkRetry and slept in the transport instead, where the
// context bounds it.
func noBackoff(time.Duration, time.Duration, int, *http.Response) time.Duration { return 0 }

func (c *Client) notify(ctx context.Context, ev RetryEvent) {
	if c.logger != nil {
		level := slog.LevelInfo
		if ev.Reason == "pacing" {
			level = slog.LevelDebug
		}
		c.logger.LogAttrs(ctx, level, "pindown: waiting",
			slog.String("operation", ev.Operation), slog.String("bucket", string(ev.Bucket)),
			slog.Int("attempt", ev.Attempt), slog.Duration("wait", ev.Wait),
			slog.String("reason", ev.Reason), slog.String("request_id", ev.RequestID))
	}
	if c.retryHook != nil {
		c.retryHook(ev)
	}
}

// retryableError reports whether a transport error is worth another attempt
// at all: not a certificate or protocol problem that will recur.
func retryableError(err error) bool {
	var certErr *tls.CertificateVerificationError
	if errors.As(err, &certErr) {
		return false
	}
	msg := err.Error()
	return !strings.Contains(msg, "unsupported protocol scheme") && !strings.Contains(msg, "invalid header")
}

// neverSent reports whether a transport error happened before any byte of
// the request could reach the server (the connection was never made), which
// makes even a create safe to repeat.
func neverSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// Server advice about waiting, from headers and the 429 body.

// readServerView reads what a response says about its bucket: Retry-After on
// any answer; on a 429 also X-RateLimit-Reset*, and details.resetAt from the
// body (which it reads, bounded, and puts back).
func readServerView(now time.Time, resp *http.Response) serverView {
	// Header names are given in canonical form and looked up directly: Get
	// would canonicalize (and allocate) on every response.
	h := resp.Header
	v := serverView{limited: resp.StatusCode == http.StatusTooManyRequests}
	// Retry-After in whole seconds and reset headers in Unix seconds are
	// roundings; when the 429 also names the exact instant
	// (details.resetAt), a rounding at most a second above it is not a
	// longer wait, only a coarser one. (Against a short window, a second is
	// several windows.)
	var coarse [3]time.Time
	ra := firstHeader(h, "Retry-After")
	if d, ok := parseRetryAfter(ra, now); ok {
		if v.limited && !strings.Contains(ra, ".") {
			coarse[0] = now.Add(d)
		} else {
			v.resetAt = now.Add(d)
		}
	}
	if !v.limited {
		return v
	}
	later := func(t time.Time) {
		if t.After(v.resetAt) {
			v.resetAt = t
		}
	}
	coarse[1] = parseReset(firstHeader(h, "X-Ratelimit-Reset"), now)
	coarse[2] = parseReset(firstHeader(h, "X-Ratelimit-Reset-Minute"), now)
	if firstHeader(h, "X-Ratelimit-Remaining-Hour") == "0" {
		later(parseReset(firstHeader(h, "X-Ratelimit-Reset-Hour"), now))
	}
	var exact time.Time
	if resp.Body != nil {
		body, _ := readBody(resp, maxErrorBody)
		resp.Body.Close()
		resp.Body = &answerBody{Reader: bytes.NewReader(body), b: body}
		var env struct {
			Error struct {
				Details struct {
					ResetAt string `json:"resetAt"`
				} `json:"details"`
			} `json:"error"`
		}
		if json.Unmarshal(body, &env) == nil {
			exact, _ = time.Parse(time.RFC3339Nano, env.Error.Details.ResetAt)
		}
	}
	later(exact)
	for _, c := range coarse {
		if !exact.IsZero() && !c.Before(exact) && c.Sub(exact) < time.Second {
			continue
		}
		later(c)
	}
	return v
}

// firstHeader returns the first non-empty value among the canonical names.
func firstHeader(h http.Header, canonical ...string) string {
	for _, n := range canonical {
		if v := h[n]; len(v) > 0 && v[0] != "" {
			return v[0]
		}
	}
	return ""
}

// parseRetryAfter reads Retry-After as seconds (whole or fractional) or an
// HTTP date.
func parseRetryAfter(s string, now time.Time) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(s, 64); err == nil {
		if secs < 0 || secs > 1e9 || secs != secs {
			return 0, false
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(s); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// parseReset reads a reset header: Unix seconds (or milliseconds), a number
// of seconds from now when it is too small to be a time, or RFC 3339.
func parseReset(s string, now time.Time) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && n >= 0 && n < 1e15 {
		switch {
		case n >= 1e12:
			return time.UnixMilli(int64(n))
		case n >= 1e9:
			sec, frac := math.Modf(n)
			return time.Unix(int64(sec), int64(frac*1e9))
		default:
			return now.Add(time.Duration(n * float64(time.Second)))
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t
	}
	return time.Time{}
}

func requestID(h http.Header) string {
	return clip(firstHeader(h, "X-Request-Id", "Request-Id"), maxCodeLen)
}
