package pindown

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"strings"
	"time"
	"unicode"
)

// Version is the SDK's version, sent in the User-Agent.
const Version = "0.2.0"

// DefaultBaseURL is the production API.
const DefaultBaseURL = "https://api.pindown.ai/v1"

const (
	defaultMaxRetries     = 4
	defaultAttemptTimeout = 30 * time.Second
	defaultMaxWait        = 90 * time.Second
)

// Client talks to the Pindown API. It is safe for concurrent use; create one
// per API key and share it.
type Client struct {
	// Pins is the Pins API: create, get, list, update, delete, share, batch.
	Pins *PinsService
	// Pinboards is the pinboards API: dashboards of pins placed on a grid,
	// their layouts, sharing and batches.
	Pinboards *PinboardsService
	// Pages is the pages API: documents listing pins, publishing and
	// invitations.
	Pages *PagesService

	key            *secretKey // behind a pointer, so that even reflection-based printing shows an address
	baseURL        string     // normalized: scheme://host/…/v1/
	userAgent      []string   // the User-Agent header's value
	logger         *slog.Logger
	retryHook      func(RetryEvent)
	maxRetries     int
	maxWait        time.Duration // the longest single wait the client imposes
	attemptTimeout time.Duration
	backoffMin     time.Duration // exponential backoff without server advice
	backoffMax     time.Duration
	budget         Limiter
	transport      http.RoundTripper // sends each attempt; redirects are responses, never followed
	jar            http.CookieJar    // WithHTTPClient's Jar, or nil
}

// NewClient returns a client that authenticates with apiKey.
func NewClient(apiKey string, opts ...Option) (*Client, error) {
	if err := checkKey(apiKey); err != nil {
		return nil, fmt.Errorf("pindown: NewClient: %w", err)
	}
	s := settings{baseURL: DefaultBaseURL, maxRetries: defaultMaxRetries, maxWait: defaultMaxWait, attemptTimeout: defaultAttemptTimeout}
	for i, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("pindown: NewClient: %w", invalidf(fmt.Sprintf("opts[%d]", i), "nil Option"))
		}
		if err := o(&s); err != nil {
			return nil, fmt.Errorf("pindown: NewClient: %w", err)
		}
	}
	base, err := normalizeBaseURL(s.baseURL)
	if err != nil {
		return nil, fmt.Errorf("pindown: NewClient: %w", err)
	}
	budget, err := s.pickBudget()
	if err != nil {
		return nil, fmt.Errorf("pindown: NewClient: %w", err)
	}
	ua := "pindown-go/" + Version + " go/" + runtime.Version()
	if s.userAgent != "" {
		ua += " " + s.userAgent
	}
	var transport http.RoundTripper = defaultTransport()
	var jar http.CookieJar
	if hc := s.httpClient; hc != nil {
		transport, jar = http.DefaultTransport, hc.Jar
		if hc.Transport != nil {
			transport = hc.Transport
		}
		if hc.Timeout > 0 {
			s.attemptTimeout = hc.Timeout
		}
	}

	c := &Client{
		key:            newSecretKey(apiKey),
		baseURL:        base,
		userAgent:      []string{ua},
		logger:         s.logger,
		retryHook:      s.retryHook,
		maxRetries:     s.maxRetries,
		maxWait:        s.maxWait,
		attemptTimeout: s.attemptTimeout,
		backoffMin:     500 * time.Millisecond,
		backoffMax:     30 * time.Second,
		budget:         budget,
		transport:      transport,
		jar:            jar,
	}
	c.Pins = &PinsService{client: c}
	c.Pinboards = &PinboardsService{client: c}
	c.Pages = &PagesService{client: c}
	return c, nil
}

// NewClientFromEnv returns a client for the API key in PINDOWN_API_KEY and,
// when PINDOWN_BASE_URL is set, that base URL (an explicit WithBaseURL in
// opts wins).
func NewClientFromEnv(opts ...Option) (*Client, error) {
	key := os.Getenv("PINDOWN_API_KEY")
	if key == "" {
		return nil, fmt.Errorf("pindown: NewClientFromEnv: %w", invalidf("PINDOWN_API_KEY", "not set; export the key from your Pindown workspace settings"))
	}
	if base := os.Getenv("PINDOWN_BASE_URL"); base != "" {
		opts = append([]Option{WithBaseURL(base)}, opts...)
	}
	return NewClient(key, opts...)
}

// defaultTransport is http.DefaultTransport's setup with bounded connection
// steps and enough idle connections for a client shared by many goroutines.
// The response is bounded by the attempt's context (WithAttemptTimeout),
// not by a ResponseHeaderTimeout that would cut a longer attempt short.
func defaultTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 10 * time.Second
	t.MaxIdleConnsPerHost = 64
	return t
}

func checkKey(k string) error {
	switch {
	case k == "":
		return invalidf("API key", "empty: pass the key from your Pindown workspace settings (for example os.Getenv(\"PINDOWN_API_KEY\"), or use NewClientFromEnv)")
	case strings.ContainsFunc(k, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }):
		return invalidf("API key", "contains white space or control characters; check how it was read (a trailing newline?)")
	}
	return nil
}

func normalizeBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", invalidf("WithBaseURL", "%v", err)
	}
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", invalidf("WithBaseURL", "%q is not an absolute http(s) URL", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", invalidf("WithBaseURL", "%q must not carry credentials, a query or a fragment", u.Redacted())
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if u.Scheme == "http" && (host == "pindown.ai" || strings.HasSuffix(host, ".pindown.ai")) {
		return "", invalidf("WithBaseURL", "%q is plain http to Pindown; the API key would cross the network unencrypted (use https://)", raw)
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

// secretKey holds the key, the Authorization header's value made from it,
// and the pattern that finds it in text from the network. fmt does not call
// methods on unexported fields, so a struct holding the key as a string
// would print it; a pointer prints as an address.
type secretKey struct {
	v       string
	auth    []string
	pattern *regexp.Regexp
}

// String redacts the key.
func (k *secretKey) String() string { return "[redacted]" }

// newSecretKey compiles the pattern of the key as it may come back: as is,
// or JSON-escaped character by character (a proxy echoing request headers
// in a JSON body). A short key (a test dummy such as "k") is matched only
// as a whole token, so that it is not cut out of every word.
func newSecretKey(v string) *secretKey {
	var b strings.Builder
	for _, r := range v {
		alt := ""
		if r == '/' {
			alt = `|\\/`
		}
		fmt.Fprintf(&b, `(?:%s|\\u(?i:%04x)%s)`, regexp.QuoteMeta(string(r)), r, alt)
	}
	expr := b.String()
	if len(v) < 16 {
		expr = `(^|[^A-Za-z0-9_.\-])` + expr + `($|[^A-Za-z0-9_.\-])`
	} else {
		expr = `()` + expr + `()`
	}
	return &secretKey{v: v, auth: []string{"Bearer " + v}, pattern: regexp.MustCompile(expr)}
}

// redact removes the key from text that came from the network, before any
// of it is clipped: a proxy that echoes request headers must not put the
// key, or a piece of it, into our errors.
func (k *secretKey) redact(s string) string {
	if !strings.Contains(s, k.v) && !strings.Contains(s, `\u`) && !strings.Contains(s, `\/`) {
		return s // neither the key nor an escape that could spell it
	}
	if !k.pattern.MatchString(s) {
		return s
	}
	return k.pattern.ReplaceAllString(s, "${1}[redacted]${2}")
}
