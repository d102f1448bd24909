package pindown

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/go-retryablehttp"
)

// Version is the SDK's version, sent in the User-Agent.
const Version = "0.1.0"

// DefaultBaseURL is the production API.
const DefaultBaseURL = "https://api.pindown.ai/v1"

const (
	defaultMaxRetries     = 4
	defaultAttemptTimeout = 30 * time.Second
	defaultMaxWait        = 90 * time.Second
	maxResponseBody       = 64 << 20
)

// Client talks to the Pins API. It is safe for concurrent use; create one
// per API key and share it.
type Client struct {
	// Pins is the Pins API: create, get, list, update, delete, share, batch.
	Pins *PinsService

	key        *secretKey // behind a pointer, so that even reflection-based printing shows an address
	baseURL    string     // normalized: scheme://host/…/v1/
	userAgent  []string   // the User-Agent header's value
	logger     *slog.Logger
	retryHook  func(RetryEvent)
	maxRetries int
	maxWait    time.Duration // the longest single wait before a retry
	backoffMin time.Duration // exponential backoff without server advice
	backoffMax time.Duration
	budget     *Budget
	http       *retryablehttp.Client
}

// secretKey holds the key, and the Authorization header's value made from
// it. fmt does not call methods on unexported fields, so a struct holding
// the key as a string would print it; a pointer prints as an address.
type secretKey struct {
	v    string
	auth []string
}

// String redacts the key.
func (k *secretKey) String() string { return "[redacted]" }

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
	budget         *Budget
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

// WithHTTPClient sets the HTTP client whose Transport sends the requests.
// The client is copied, never mutated. Its Timeout, if set, bounds each
// attempt (not the waits for rate-limit budget between attempts); redirects
// are never followed, so the API key cannot leave for another host.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *settings) error {
		if hc == nil {
			return fmt.Errorf("%w: WithHTTPClient: nil client", ErrInvalidRequest)
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
			return fmt.Errorf("%w: WithUserAgent: control characters in %q", ErrInvalidRequest, ua)
		}
		s.userAgent = ua
		return nil
	}
}

// WithMaxRetries sets how many times a call is retried after its first
// attempt (default 4). 429 answers, which the server did not process and
// which say when to come back, get four times as many. 0 disables retries.
func WithMaxRetries(n int) Option {
	return func(s *settings) error {
		if n < 0 {
			return fmt.Errorf("%w: WithMaxRetries: must not be negative, got %d", ErrInvalidRequest, n)
		}
		s.maxRetries = n
		return nil
	}
}

// WithMaxWait sets the longest the client waits before one retry (default
// 90s). When the server asks for a longer wait (an hourly quota, say), the
// call fails at once with a *RateLimitError carrying RetryAfter instead of
// sleeping.
func WithMaxWait(d time.Duration) Option {
	return func(s *settings) error {
		if d <= 0 {
			return fmt.Errorf("%w: WithMaxWait: must be positive, got %v", ErrInvalidRequest, d)
		}
		s.maxWait = d
		return nil
	}
}

// WithAttemptTimeout bounds each attempt: connecting, sending, and reading
// the whole answer (default 30s). Waits between attempts are not counted;
// bound the whole call with the context.
func WithAttemptTimeout(d time.Duration) Option {
	return func(s *settings) error {
		if d <= 0 {
			return fmt.Errorf("%w: WithAttemptTimeout: must be positive, got %v", ErrInvalidRequest, d)
		}
		s.attemptTimeout = d
		return nil
	}
}

// WithLogger makes the client log retries and waits (Info) and pacing and
// requests (Debug) to l. The default is silence. Nothing logged contains the
// API key or a header value.
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

// WithRateLimits sets the limits the client paces itself to (default
// DefaultRateLimits), for plans with other limits.
func WithRateLimits(l RateLimits) Option {
	return func(s *settings) error {
		if err := l.validate(); err != nil {
			return err
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
// b: for several clients on one key in one process. It replaces
// WithRateLimits.
func WithBudget(b *Budget) Option {
	return func(s *settings) error {
		if b == nil {
			return fmt.Errorf("%w: WithBudget: nil budget", ErrInvalidRequest)
		}
		s.budget = b
		return nil
	}
}

// NewClient returns a client that authenticates with apiKey.
func NewClient(apiKey string, opts ...Option) (*Client, error) {
	if err := checkKey(apiKey); err != nil {
		return nil, err
	}
	s := settings{baseURL: DefaultBaseURL, maxRetries: defaultMaxRetries, maxWait: defaultMaxWait, attemptTimeout: defaultAttemptTimeout}
	for _, o := range opts {
		if err := o(&s); err != nil {
			return nil, err
		}
	}
	base, err := normalizeBaseURL(s.baseURL)
	if err != nil {
		return nil, err
	}
	budget, err := s.pickBudget()
	if err != nil {
		return nil, err
	}

	c := &Client{
		key:        &secretKey{v: apiKey, auth: []string{"Bearer " + apiKey}},
		baseURL:    base,
		logger:     s.logger,
		retryHook:  s.retryHook,
		maxRetries: s.maxRetries,
		maxWait:    s.maxWait,
		backoffMin: 500 * time.Millisecond,
		backoffMax: 30 * time.Second,
		budget:     budget,
	}
	ua := "pindown-go/" + Version + " go/" + runtime.Version()
	if s.userAgent != "" {
		ua += " " + s.userAgent
	}
	c.userAgent = []string{ua}

	hc := &http.Client{Transport: defaultTransport()}
	if s.httpClient != nil {
		copied := *s.httpClient
		hc = &copied
		if hc.Timeout > 0 {
			s.attemptTimeout = hc.Timeout
		}
		if hc.Transport == nil {
			hc.Transport = http.DefaultTransport
		}
	}
	hc.Timeout = 0 // it would count pacing waits; the transport bounds each attempt instead
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	hc.Transport = &transport{base: hc.Transport, client: c, timeout: s.attemptTimeout}

	c.http = &retryablehttp.Client{
		HTTPClient:   hc,
		RetryMax:     math.MaxInt32, // each call's own limit is enforced by checkRetry
		CheckRetry:   c.checkRetry,
		Backoff:      noBackoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	c.Pins = &PinsService{client: c}
	return c, nil
}

func (s *settings) pickBudget() (*Budget, error) {
	switch {
	case s.budget != nil && (s.limits != nil || s.noLimits):
		return nil, fmt.Errorf("%w: WithBudget cannot be combined with WithRateLimits or WithoutRateLimits; the budget carries its own limits", ErrInvalidRequest)
	case s.budget != nil:
		return s.budget, nil
	case s.noLimits:
		return unlimitedBudget(), nil
	case s.limits != nil:
		return NewBudget(*s.limits, 1)
	}
	return NewBudget(DefaultRateLimits, 1)
}

// defaultTransport is http.DefaultTransport's setup with bounded connection
// steps and enough idle connections for a client shared by many goroutines.
func defaultTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 10 * time.Second
	t.ResponseHeaderTimeout = defaultAttemptTimeout
	t.MaxIdleConnsPerHost = 64
	return t
}

func checkKey(k string) error {
	switch {
	case k == "":
		return fmt.Errorf("%w: API key is empty: pass the key from your Pindown workspace settings (for example os.Getenv(\"PINDOWN_API_KEY\"))", ErrInvalidRequest)
	case strings.ContainsFunc(k, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }):
		return fmt.Errorf("%w: API key contains white space or control characters; check how it was read (a trailing newline?)", ErrInvalidRequest)
	}
	return nil
}

func normalizeBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("%w: WithBaseURL: %v", ErrInvalidRequest, err)
	}
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", fmt.Errorf("%w: WithBaseURL: %q is not an absolute http(s) URL", ErrInvalidRequest, raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%w: WithBaseURL: %q must not carry credentials, a query or a fragment", ErrInvalidRequest, u.Redacted())
	}
	if host := strings.ToLower(u.Hostname()); u.Scheme == "http" && (host == "pindown.ai" || strings.HasSuffix(host, ".pindown.ai")) {
		return "", fmt.Errorf("%w: WithBaseURL: %q is plain http to Pindown; the API key would cross the network unencrypted (use https://)", ErrInvalidRequest, raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String() + "/", nil
}

// String describes the client without its API key.
func (c *Client) String() string {
	return "pindown.Client{baseURL: " + c.baseURL + ", key: [redacted]}"
}

// GoString is String, so that %#v does not print the key either.
func (c *Client) GoString() string { return c.String() }

// Format prints String for every verb, so that %v and %+v do not reach the
// unexported fields that hold the key.
func (c *Client) Format(f fmt.State, _ rune) { io.WriteString(f, c.String()) }

// LogValue logs the client without its API key.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", c.baseURL), slog.String("key", "[redacted]"))
}

// A RequestOption adjusts one call.
type RequestOption func(*call)

// ResponseInfo is filled in by WithResponseInfo once a call returns.
type ResponseInfo struct {
	StatusCode int    // of the last answer; 0 if none came
	RequestID  string // the server's request id of the last answer
	Attempts   int    // requests sent, retries included
}

// WithResponseInfo fills info with facts about the call's last answer.
func WithResponseInfo(info *ResponseInfo) RequestOption {
	return func(cl *call) { cl.info = info }
}

// WithRetries overrides the client's WithMaxRetries for one call.
func WithRetries(n int) RequestOption {
	return func(cl *call) { cl.maxRetries = max(n, 0) }
}

// do is the one request pipeline. It encodes body once (so every attempt
// sends identical bytes), carries the operation's policy in the context, lets
// go-retryablehttp run the attempts through the transport (which paces each
// attempt against the bucket), and decodes the answer's data into out.
func (c *Client) do(ctx context.Context, op operation, method, path string, body, out any, opts []RequestOption) error {
	var payload []byte
	if body != nil {
		var err error
		if m, ok := body.(json.Marshaler); ok {
			payload, err = m.MarshalJSON() // our own bodies: compact already, no second pass
		} else {
			payload, err = json.Marshal(body)
		}
		if err != nil {
			return fmt.Errorf("pindown: %s: encoding request: %w", op.name, err)
		}
	}
	cl := &call{op: op, maxRetries: c.maxRetries}
	for _, o := range opts {
		o(cl)
	}
	var rawBody any
	if payload != nil {
		rawBody = payload
	}
	req, err := retryablehttp.NewRequestWithContext(context.WithValue(ctx, callKey{}, cl), method, c.baseURL+path, rawBody)
	if err != nil {
		return fmt.Errorf("pindown: %s: %w", op.name, err)
	}
	// The value slices are shared by every request (a RoundTripper must not
	// modify its request; an append to one copies it).
	req.Header["Authorization"] = c.key.auth
	req.Header["User-Agent"] = c.userAgent
	req.Header["Accept"] = jsonMediaType
	if payload != nil {
		req.Header["Content-Type"] = jsonMediaType
	}

	start := time.Now()
	resp, err := c.http.Do(req)
	if c.logger != nil {
		c.logCall(ctx, cl, method, path, resp, err, time.Since(start))
	}
	if cl.sent != nil {
		*cl.sent = cl.attempts > 0
	}
	if cl.info != nil {
		*cl.info = ResponseInfo{Attempts: cl.attempts}
		if resp != nil {
			cl.info.StatusCode, cl.info.RequestID = resp.StatusCode, requestID(resp.Header)
		}
	}
	if err != nil {
		if resp != nil { // go-retryablehttp returns the answer with a context error
			resp.Body.Close()
		}
		return c.callError(ctx, cl, err)
	}
	defer resp.Body.Close()
	return c.decode(cl, resp, out)
}

var jsonMediaType = []string{"application/json"}

// redact removes the API key from text that came from the network: a proxy
// that echoes request headers in its error page must not put the key into
// our errors.
func (c *Client) redact(s string) string {
	return strings.ReplaceAll(s, c.key.v, "[redacted]")
}

// logCall writes one Debug line per call: never a header, a body or the key.
func (c *Client) logCall(ctx context.Context, cl *call, method, path string, resp *http.Response, err error, took time.Duration) {
	attrs := []slog.Attr{slog.String("operation", cl.op.name), slog.String("method", method),
		slog.String("path", path), slog.Int("attempts", cl.attempts), slog.Duration("took", took)}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.String("request_id", requestID(resp.Header)))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", c.redact(err.Error())))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "pindown: call", attrs...)
}

// callError wraps an error that left no answer to decode.
func (c *Client) callError(ctx context.Context, cl *call, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		err = fmt.Errorf("%w (%v)", ctxErr, err)
	}
	if !cl.op.retrySafe && cl.inDoubt {
		return fmt.Errorf("pindown: %s: %w: %w", cl.op.name, err, ErrMaybeCreated)
	}
	return fmt.Errorf("pindown: %s: %w", cl.op.name, err)
}

// envelope is the success envelope; Data points at the caller's value so the
// body is decoded in one pass.
type envelope struct {
	Success *bool           `json:"success"`
	Data    any             `json:"data"`
	Error   json.RawMessage `json:"error"`
}

func (c *Client) decode(cl *call, resp *http.Response, out any) error {
	limit := int64(maxResponseBody)
	if resp.StatusCode >= 300 {
		limit = maxErrorBody
	}
	body, err := readBody(resp, limit)
	if err != nil {
		return c.callError(context.Background(), cl, fmt.Errorf("reading %d answer: %w", resp.StatusCode, err))
	}
	ct := resp.Header.Get("Content-Type")
	if resp.StatusCode == http.StatusNotFound && cl.op == opDelete && cl.landed {
		return nil // an earlier attempt deleted it and its answer was lost
	}
	if resp.StatusCode >= 300 || resp.StatusCode < 200 {
		return c.statusError(cl, resp, ct, body[:min(len(body), maxErrorBody)])
	}
	if int64(len(body)) > limit || resp.ContentLength > limit {
		return c.malformed(cl, resp, fmt.Sprintf("answer larger than %d MiB", maxResponseBody>>20))
	}
	if out == nil && len(bytes.TrimSpace(body)) == 0 {
		return nil // a delete answered 204, or 200 with nothing to say
	}
	var env envelope
	if w, ok := out.(*wirePin); !ok || !fastAnswer(body, &env, w) {
		if ok {
			*w = wirePin{}
		}
		env = envelope{Data: out}
		if err := json.Unmarshal(body, &env); err != nil {
			return c.malformed(cl, resp, c.redact(fmt.Sprintf("%v; %s", err, describeBody(resp.StatusCode, ct, c.redactBody(body)))))
		}
	}
	if env.Success != nil && !*env.Success {
		e := c.apiError(resp, ct, body)
		if e.Code == "" && e.Message == "" {
			e.Message = "the server answered success:false without an error"
		}
		return fmt.Errorf("pindown: %s: %w", cl.op.name, e)
	}
	return nil
}

// statusError turns an answer that is not 2xx into an *APIError, or a
// *RateLimitError for 429.
func (c *Client) statusError(cl *call, resp *http.Response, contentType string, body []byte) error {
	e := c.apiError(resp, contentType, body)
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		loc := clip(c.redact(redactedLocation(resp.Header.Get("Location"))), excerptLen)
		e.Message = "unexpected redirect to " + loc + "; the SDK does not follow redirects (check the base URL)"
	}
	var err error = e
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		rl := &RateLimitError{APIError: e, Bucket: cl.op.bucket}
		if held := time.Until(cl.heldUntil); held > 0 {
			rl.RetryAfter = held
		}
		err = rl
	case !cl.op.retrySafe && resp.StatusCode != http.StatusNotImplemented &&
		(resp.StatusCode >= 500 || resp.StatusCode == http.StatusRequestTimeout):
		return fmt.Errorf("pindown: %s: %w: %w", cl.op.name, e, ErrMaybeCreated)
	}
	return fmt.Errorf("pindown: %s: %w", cl.op.name, err)
}

// apiError builds the *APIError of an answer, with the API key removed from
// what the answer says (a proxy may echo request headers).
func (c *Client) apiError(resp *http.Response, contentType string, body []byte) *APIError {
	e := newAPIError(resp.StatusCode, contentType, requestID(resp.Header), c.redactBody(body))
	e.Code, e.Message, e.RequestID = c.redact(e.Code), c.redact(e.Message), c.redact(e.RequestID)
	return e
}

// redactBody removes the API key from a body before any excerpt of it is
// taken, so that no cut-off part of the key survives either.
func (c *Client) redactBody(b []byte) []byte {
	if !bytes.Contains(b, []byte(c.key.v)) {
		return b
	}
	return bytes.ReplaceAll(b, []byte(c.key.v), []byte("[redacted]"))
}

// malformed reports a 2xx answer that could not be decoded: a server fault,
// as an *APIError that also matches ErrServer. For a create, the pin was
// probably made.
func (c *Client) malformed(cl *call, resp *http.Response, what string) error {
	e := &APIError{StatusCode: resp.StatusCode, Message: clip("malformed answer: "+what, maxMessageLen), RequestID: c.redact(requestID(resp.Header))}
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

// transport sits below go-retryablehttp's loop, so it runs for every
// attempt: it sleeps the wait checkRetry chose, takes a permit from the
// call's bucket (both bounded by the context), bounds the attempt with the
// attempt timeout, sends, and tells the bucket what the server said.
type transport struct {
	base    http.RoundTripper
	client  *Client
	timeout time.Duration
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	cl := callFrom(ctx)
	if cl == nil {
		return t.base.RoundTrip(req)
	}
	c := t.client
	p := c.budget.bucket(cl.op.bucket)
	permit, err := t.waitTurn(ctx, cl, p)
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	cl.attempts++
	cl.sentAt = permit
	cl.inDoubt = true

	actx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()
	resp, err := t.base.RoundTrip(req.WithContext(actx))
	switch {
	case err != nil:
		cl.inDoubt = !neverSent(err)
	case resp.StatusCode == http.StatusTooManyRequests:
		cl.inDoubt = false // the server did not process it
		fallthrough
	default:
		err = readAnswer(resp)
	}
	if err != nil {
		p.failed(cl.sentAt)
		if actx.Err() == context.DeadlineExceeded && ctx.Err() == nil {
			err = fmt.Errorf("attempt timed out after %v: %w", t.timeout, err)
		}
		return nil, err
	}
	c.scrubRequestID(resp.Header)
	now := time.Now()
	cl.heldUntil = p.observe(now, cl.sentAt, readServerView(now, resp))
	return resp, nil
}

// scrubRequestID removes the API key from the request-id headers: theirs
// are the only header values the SDK reports (in errors, logs, RetryEvent and
// ResponseInfo), and a proxy may echo request headers into them.
func (c *Client) scrubRequestID(h http.Header) {
	for _, name := range [...]string{"X-Request-Id", "Request-Id"} {
		for i, v := range h[name] {
			h[name][i] = c.redact(v)
		}
	}
}

// waitTurn sleeps the wait checkRetry chose, then takes the bucket's
// permit and returns its time.
func (t *transport) waitTurn(ctx context.Context, cl *call, p *pacer) (time.Time, error) {
	if cl.wait > 0 {
		d := cl.wait
		cl.wait = 0
		if err := sleep(ctx, d); err != nil {
			return time.Time{}, err
		}
	}
	return p.wait(ctx, func(d time.Duration) {
		t.client.notify(ctx, RetryEvent{Operation: cl.op.name, Bucket: cl.op.bucket, Attempt: cl.attempts + 1, Wait: d, Reason: "pacing"})
	})
}

// readAnswer reads the body of an answer into memory within its attempt:
// a body cut off or stalled then fails the attempt like a connection error
// (retried when the operation is safe to repeat; for a create, the pin may
// have been made), and the attempt timeout bounds the reading. It reads at
// most the size limit plus one byte, so that decode can tell a larger
// answer; a success answer that declares a larger length is not read at all.
func readAnswer(resp *http.Response) error {
	body := resp.Body
	defer body.Close()
	limit := int64(maxErrorBody)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		limit = maxResponseBody
		if resp.ContentLength > limit {
			resp.Body = http.NoBody
			return nil
		}
	}
	b, err := readBody(resp, limit)
	if err != nil {
		return fmt.Errorf("reading the %d answer: %w", resp.StatusCode, err)
	}
	resp.Body = &answerBody{Reader: bytes.NewReader(b), b: b}
	return nil
}

// answerBody is a body readAnswer has read: decode takes its bytes as they are.
type answerBody struct {
	*bytes.Reader
	b []byte
}

func (*answerBody) Close() error { return nil }

// readBody returns at most limit+1 bytes of resp's body.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	if ab, ok := resp.Body.(*answerBody); ok && ab.Len() == len(ab.b) {
		return ab.b[:min(int64(len(ab.b)), limit+1)], nil
	}
	if n := resp.ContentLength; n > 0 && n <= limit {
		b := make([]byte, n) // net/http ends the body at its declared length
		_, err := io.ReadFull(resp.Body, b)
		return b, err
	}
	var buf bytes.Buffer
	_, err := buf.ReadFrom(io.LimitReader(resp.Body, limit+1))
	return buf.Bytes(), err
}
