package pindown

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode"
)

// An Option configures a Client in NewClient.
type Option func(*settings) error

type settings struct {
	baseURL        string
	httpClient     *http.Client
	userAgent      string
	logger         *slog.Logger
	retryHook      func(RetryEvent)
	maxRetries     int
	maxWait        time.Duration
	limits         *RateLimits
	budget         Limiter
	noLimits       bool
	attemptTimeout time.Duration
}

// WithBaseURL sets the API's base URL (default DefaultBaseURL); request
// paths such as "pins" are relative to it, so it ends in "/v1" for the
// Pindown API. Plain http:// is refused for Pindown's own hosts, where it
// would send the API key unencrypted, and accepted elsewhere (test servers,
// proxies).
func WithBaseURL(u string) Option {
	return func(s *settings) error { s.baseURL = u; return nil }
}

// WithHTTPClient sets the HTTP client whose Transport sends the requests
// (http.DefaultTransport when it has none) and whose Jar, if any, keeps
// cookies; the client is never mutated. Its Timeout, if set, bounds each
// attempt (not the waits for rate-limit budget between attempts). Its
// CheckRedirect is not used: redirects are never followed, so the API key
// cannot leave for another host.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *settings) error {
		if hc == nil {
			return invalidf("WithHTTPClient", "nil client")
		}
		s.httpClient = hc
		return nil
	}
}

// WithUserAgent appends ua to the SDK's User-Agent
// ("pindown-go/<version> go/<version>").
func WithUserAgent(ua string) Option {
	return func(s *settings) error {
		if strings.ContainsFunc(ua, unicode.IsControl) {
			return invalidf("WithUserAgent", "control characters in %q", ua)
		}
		s.userAgent = ua
		return nil
	}
}

// WithMaxRetries sets how many times a call is retried after its first
// attempt (default 4). 429 responses, which the server did not process and
// which say when to come back, get four times as many. 0 disables retries.
func WithMaxRetries(n int) Option {
	return func(s *settings) error {
		if n < 0 {
			return invalidf("WithMaxRetries", "must not be negative, got %d", n)
		}
		s.maxRetries = n
		return nil
	}
}

// WithMaxWait sets the longest single wait the client imposes on a call
// (default 90s): pacing within a rate limit, a hold after a 429, a backoff
// before a retry. A call that would wait longer, or past its context's
// deadline, fails at once with a *RateLimitError carrying RetryAfter
// instead of sleeping.
func WithMaxWait(d time.Duration) Option {
	return func(s *settings) error {
		if d <= 0 {
			return invalidf("WithMaxWait", "must be positive, got %v", d)
		}
		s.maxWait = d
		return nil
	}
}

// WithAttemptTimeout bounds each attempt: connecting, sending, and reading
// the whole response (default 30s). Waits between attempts are not counted;
// bound the whole call with the context.
func WithAttemptTimeout(d time.Duration) Option {
	return func(s *settings) error {
		if d <= 0 {
			return invalidf("WithAttemptTimeout", "must be positive, got %v", d)
		}
		s.attemptTimeout = d
		return nil
	}
}

// WithLogger makes the client log retries and waits over a second (Info)
// and pacing and requests (Debug) to l. The default is silence. Nothing
// logged contains the API key or a header value.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) error { s.logger = l; return nil }
}

// WithRetryHook calls f before every wait of more than zero: each retry, and
// each time pacing holds a call back to stay within a rate limit. Use it to
// show progress ("waiting 12s for the write bucket"). f runs on the calling
// goroutine and must return quickly.
func WithRetryHook(f func(RetryEvent)) Option {
	return func(s *settings) error { s.retryHook = f; return nil }
}

// WithRateLimits sets the limits the client paces itself to, for plans with
// other limits than DefaultRateLimits. Fields left zero keep their default;
// Unlimited turns a bucket's pacing off.
func WithRateLimits(l RateLimits) Option {
	return func(s *settings) error {
		if _, _, err := l.byBucket(); err != nil {
			return fmt.Errorf("WithRateLimits: %w", err)
		}
		s.limits = &l
		return nil
	}
}

// WithoutRateLimits turns client-side pacing off. A 429 is still retried
// after the wait the server asks for.
func WithoutRateLimits() Option {
	return func(s *settings) error { s.noLimits = true; return nil }
}

// WithBudget makes the client spend b, shared with every other client given
// b: a *Budget for several clients on one key in one process, or another
// Limiter (such as redisbudget's, for many processes). It replaces
// WithRateLimits.
func WithBudget(b Limiter) Option {
	return func(s *settings) error {
		if b == nil || b == Limiter((*Budget)(nil)) {
			return invalidf("WithBudget", "nil budget")
		}
		s.budget = b
		return nil
	}
}

func (s *settings) pickBudget() (Limiter, error) {
	switch {
	case s.budget != nil && (s.limits != nil || s.noLimits):
		return nil, invalidf("WithBudget", "cannot be combined with WithRateLimits or WithoutRateLimits; the budget carries its own limits")
	case s.budget != nil:
		return s.budget, nil
	case s.noLimits:
		return unlimitedBudget(), nil
	case s.limits != nil:
		return NewBudget(*s.limits, 1)
	}
	return NewBudget(DefaultRateLimits, 1)
}

// A RequestOption adjusts one call.
type RequestOption func(*call)

// ResponseInfo is filled in by WithResponseInfo once a call returns.
type ResponseInfo struct {
	StatusCode int    // of the last response; 0 if none came
	RequestID  string // the server's request id of the last response
	Attempts   int    // requests sent, retries included
}

// WithResponseInfo fills info with facts about the call's last response.
func WithResponseInfo(info *ResponseInfo) RequestOption {
	return func(cl *call) { cl.info = info }
}

// WithRetries overrides the client's WithMaxRetries for one call.
func WithRetries(n int) RequestOption {
	return func(cl *call) { cl.maxRetries = max(n, 0) }
}
