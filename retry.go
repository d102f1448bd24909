package pindown

import (
	"context"
	"encoding/json"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// operation is what the request loop knows of an endpoint: which bucket it
// spends and whether repeating it is harmless (spec/API.md, "Safe to repeat?").
type operation struct {
	name      string
	bucket    Bucket
	retrySafe bool
	deletes   bool // a 404 after an attempt whose response was lost means it is done
}

var (
	opCreate      = operation{name: "create", bucket: BucketWrite}
	opGet         = operation{name: "get", bucket: BucketRead, retrySafe: true}
	opList        = operation{name: "list", bucket: BucketRead, retrySafe: true}
	opUpdate      = operation{name: "update", bucket: BucketWrite, retrySafe: true}
	opDelete      = operation{name: "delete", bucket: BucketWrite, retrySafe: true, deletes: true}
	opShare       = operation{name: "share", bucket: BucketWrite, retrySafe: true}
	opBatchGet    = operation{name: "batch get", bucket: BucketBatchRead, retrySafe: true}
	opBatchCreate = operation{name: "batch create", bucket: BucketWrite}
	opBatchUpdate = operation{name: "batch update", bucket: BucketWrite, retrySafe: true}
	opBatchDelete = operation{name: "batch delete", bucket: BucketWrite, retrySafe: true}

	// Pinboards (spec/BOARDS_AND_PAGES.md).
	opPinboardCreate          = operation{name: "pinboard create", bucket: BucketPinboardWrite}
	opPinboardList            = operation{name: "pinboard list", bucket: BucketPinboardRead, retrySafe: true}
	opPinboardGet             = operation{name: "pinboard get", bucket: BucketPinboardRead, retrySafe: true}
	opPinboardUpdate          = operation{name: "pinboard update", bucket: BucketPinboardWrite, retrySafe: true}
	opPinboardDelete          = operation{name: "pinboard delete", bucket: BucketPinboardWrite, retrySafe: true, deletes: true}
	opPinboardAddPin          = operation{name: "pinboard add pin", bucket: BucketPinboardWrite, retrySafe: true}
	opPinboardRemovePin       = operation{name: "pinboard remove pin", bucket: BucketPinboardWrite, retrySafe: true, deletes: true}
	opPinboardUpdateLayout    = operation{name: "pinboard update layout", bucket: BucketPinboardWrite, retrySafe: true}
	opPinboardShare           = operation{name: "pinboard share", bucket: BucketPinboardWrite, retrySafe: true}
	opPinboardBatchGet        = operation{name: "pinboard batch get", bucket: BucketPinboardBatchRead, retrySafe: true}
	opPinboardBatchAddPins    = operation{name: "pinboard batch add pins", bucket: BucketPinboardWrite, retrySafe: true}
	opPinboardBatchRemovePins = operation{name: "pinboard batch remove pins", bucket: BucketPinboardWrite, retrySafe: true}

	// Pages (spec/BOARDS_AND_PAGES.md).
	opPageCreate           = operation{name: "page create", bucket: BucketPageWrite}
	opPageList             = operation{name: "page list", bucket: BucketPageRead, retrySafe: true}
	opPageGet              = operation{name: "page get", bucket: BucketPageRead, retrySafe: true}
	opPageUpdate           = operation{name: "page update", bucket: BucketPageWrite, retrySafe: true}
	opPageDelete           = operation{name: "page delete", bucket: BucketPageWrite, retrySafe: true, deletes: true}
	opPageAddPin           = operation{name: "page add pin", bucket: BucketPageWrite} // a page may hold a pin twice
	opPageListPins         = operation{name: "page list pins", bucket: BucketPageRead, retrySafe: true}
	opPageRemovePin        = operation{name: "page remove pin", bucket: BucketPageWrite, retrySafe: true, deletes: true}
	opPagePublish          = operation{name: "page publish", bucket: BucketPageWrite, retrySafe: true}
	opPageUnpublish        = operation{name: "page unpublish", bucket: BucketPageWrite, retrySafe: true}
	opPageInvite           = operation{name: "page invite", bucket: BucketPageWrite} // each call may send an e-mail
	opPageListInvitations  = operation{name: "page list invitations", bucket: BucketPageRead, retrySafe: true}
	opPageCancelInvitation = operation{name: "page cancel invitation", bucket: BucketPageWrite, retrySafe: true, deletes: true}
	opPageSetUserRole      = operation{name: "page set user role", bucket: BucketPageWrite, retrySafe: true}
)

// limitedRetryFactor is how many more retries a call gets after 429s than
// after other failures: a 429 did nothing and says when to come back, and
// against a key shared with other processes a call may lose that race
// several times.
const limitedRetryFactor = 4

// RetryEvent describes a wait before an attempt: a retry, or pacing that
// keeps a bucket within its rate limit. See WithRetryHook.
type RetryEvent struct {
	Operation  string        // "create", "get", "batch create", …
	Bucket     Bucket        // the rate bucket the call spends
	Attempt    int           // the attempt about to be made, from 1
	Wait       time.Duration // how long the call waits before it
	Reason     string        // "pacing", "429", "503", "connection error", …
	StatusCode int           // the status that caused a retry; 0 for pacing and connection errors
	RequestID  string        // the server's request id of the failed attempt, if any
}

// decide reports whether to retry after attempt a, and after how long.
// go-retryablehttp's policy says which failures are transient (connection
// errors but certificate, scheme and header problems; 429; 5xx but 501);
// to it the SDK adds 408, and the rule that an operation that is not safe to
// repeat is retried only when the server cannot have processed it (429, or
// a connection never made).
func (c *Client) decide(ctx context.Context, cl *call, a *attempt) (time.Duration, bool) {
	if ctx.Err() != nil || a.status() >= 200 && a.status() < 300 && a.err == nil {
		return 0, false
	}
	transient, _ := retryablehttp.ErrorPropagatedRetryPolicy(ctx, a.resp, a.err)
	limited := a.err == nil && a.status() == http.StatusTooManyRequests
	transient = transient || a.status() == http.StatusRequestTimeout
	switch {
	case !transient:
		return 0, false
	case !cl.op.retrySafe && a.sent && !limited:
		return 0, false // a create that may have landed is never repeated
	case limited && cl.limitedRetries >= limitedRetryFactor*cl.maxRetries:
		return 0, false
	case !limited && cl.retries >= cl.maxRetries:
		return 0, false
	}
	wait := c.backoff(cl, a.heldUntil)
	if c.mayWait(ctx, cl, wait, true) != nil {
		return 0, false // the caller gets this response now, with RetryAfter for a 429
	}
	if limited {
		cl.limitedRetries++
	} else {
		cl.retries++
		cl.mayHaveLanded = cl.mayHaveLanded || a.sent
	}
	ev := RetryEvent{Operation: cl.op.name, Bucket: cl.op.bucket, Attempt: cl.attempts + 1, Wait: wait,
		Reason: "connection error", StatusCode: a.status(), RequestID: a.requestID}
	if a.err == nil {
		ev.Reason = strconv.Itoa(a.status())
	}
	c.notify(ctx, ev)
	return wait, true
}

// backoff is how long to wait before the next attempt: until the bucket's
// hold ends (what the server asked: Retry-After, the reset headers,
// details.resetAt) plus a little jitter, or else exponential backoff with
// full jitter, capped.
func (c *Client) backoff(cl *call, heldUntil time.Time) time.Duration {
	if held := time.Until(heldUntil); held > 0 {
		return held + rand.N(max(held/10, time.Millisecond))
	}
	ceiling := retryablehttp.DefaultBackoff(c.backoffMin, c.backoffMax, min(cl.attempts-1, 30), nil)
	return rand.N(max(ceiling, 1)) + 1
}

// notify logs a wait and calls the retry hook. Retries, and waits of more
// than a second, are logged at Info; shorter pacing waits at Debug.
func (c *Client) notify(ctx context.Context, ev RetryEvent) {
	if c.logger != nil {
		level := slog.LevelInfo
		if ev.Reason == "pacing" && ev.Wait <= time.Second {
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

// maxAdvice bounds what the server may ask the client to wait: beyond it,
// any wait fails a call at once anyway, and far-future resets must not
// overflow the arithmetic of durations.
const maxAdvice = 30 * 24 * time.Hour

// serverReset is when a response says to come back, or zero: Retry-After
// on any status; on a 429 also X-RateLimit-Reset*, and details.resetAt
// from the body. The latest of them wins, except that a whole-second
// rounding (Retry-After in seconds, reset headers in Unix seconds) less than
// a second above an exact resetAt is only a coarser form of it.
func serverReset(now time.Time, h http.Header, body []byte, limited bool) time.Time {
	var reset time.Time
	later := func(t time.Time) {
		if t.After(reset) {
			reset = t
		}
	}
	var coarse [3]time.Time
	ra := firstHeader(h, "Retry-After")
	if d, ok := parseRetryAfter(ra, now); ok {
		if limited && !strings.Contains(ra, ".") {
			coarse[0] = now.Add(d)
		} else {
			later(now.Add(d))
		}
	}
	if limited {
		coarse[1] = parseReset(firstHeader(h, "X-Ratelimit-Reset"), now)
		coarse[2] = parseReset(firstHeader(h, "X-Ratelimit-Reset-Minute"), now)
		if firstHeader(h, "X-Ratelimit-Remaining-Hour") == "0" {
			later(parseReset(firstHeader(h, "X-Ratelimit-Reset-Hour"), now))
		}
	}
	var exact time.Time
	if limited {
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
	if reset.Sub(now) > maxAdvice {
		reset = now.Add(maxAdvice)
	}
	return reset
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
// HTTP date. Waits beyond maxAdvice are maxAdvice.
func parseRetryAfter(s string, now time.Time) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(s, 64); err == nil {
		if secs < 0 || secs != secs {
			return 0, false
		}
		return time.Duration(min(secs, maxAdvice.Seconds()) * float64(time.Second)), true
	}
	if t, err := http.ParseTime(s); err == nil {
		return min(max(t.Sub(now), 0), maxAdvice), true
	}
	return 0, false
}

// parseReset reads a reset header (spec/API.md): an integer below 10⁹ is
// seconds from now; at or above, Unix seconds (milliseconds from 10¹²); a
// string that parses as RFC 3339 is that instant.
func parseReset(s string, now time.Time) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && n >= 0 {
		switch {
		case n >= 1e15:
			return now.Add(maxAdvice)
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
