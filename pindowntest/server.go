package pindowntest

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	pindown "github.com/pindownai/client-go"
)

// MaxBodyBytes is the largest request body the server reads; a larger one is
// responded 413 PAYLOAD_TOO_LARGE.
const MaxBodyBytes = 4 << 20

// Server is an in-memory Pindown API server (pins, pinboards and pages)
// listening on a loopback port. It is safe for concurrent use. Create it with
// NewServer and stop it with Close.
type Server struct {
	// URL is the base URL of the API, such as "http://127.0.0.1:38917/v1".
	URL string

	hs        *httptest.Server
	closing   chan struct{} // closed by Close, ends fault delays
	closeOnce sync.Once

	options                          // fixed at start, limits resolved
	stats      map[Route]*routeStats // fixed at start: safe to read concurrently
	faultsMu   sync.Mutex
	faults     map[Route][]*queuedFault
	keysMu     sync.RWMutex
	keys       map[string]*apiKey
	keyRand    *rand.Rand      // keys and owner ids; guarded by keysMu
	users      map[string]bool // owner ids of minted keys; guarded by keysMu
	mu         sync.Mutex      // guards the fields below and every stored pin, board and page
	pins       map[string]*pin
	owners     map[string]*ownerIndex
	pinIDsRand *rand.Rand
	boards     map[string]*board
	pages      map[string]*page
	boardsRand *rand.Rand
	pagesRand  *rand.Rand
}

// apiKey is a minted API key: its owner, its scopes and its rate budgets.
type apiKey struct {
	owner    string
	scopes   map[string]bool // nil: all scopes
	mu       sync.Mutex      // guards limiters
	limiters [numBuckets]limiter
}

func (k *apiKey) has(scope string) bool {
	return k.scopes == nil || k.scopes[ScopeAll] || k.scopes[scope]
}

type routeStats struct {
	requests, rateLimited atomic.Int64
}

// Option configures a Server.
type Option func(*options)

type options struct {
	clock     func() time.Time
	limits    pindown.RateLimits
	approx    bool
	noHeaders bool
	legacy    bool
	seeded    bool
	seed      int64
	listener  net.Listener
}

// WithRateLimits sets the rate limits the server enforces per API key, one
// rolling window per bucket (eight buckets: three for pins, three for
// pinboards, two for pages). A zero limit takes its value from
// pindown.DefaultRateLimits; a negative one (pindown.Unlimited) leaves its
// bucket unlimited; a zero Window means one minute. So
//
//	pindowntest.WithRateLimits(pindown.RateLimits{Write: 3, Window: 200 * time.Millisecond})
//
// limits pin writes to 3 and every other bucket to its default, all per
// 200ms. The default is pindown.DefaultRateLimits.
func WithRateLimits(l pindown.RateLimits) Option {
	return func(o *options) { o.limits = l }
}

// WithoutRateLimits makes the server limit no bucket: it never responds 429
// on its own and sends no rate-limit headers.
func WithoutRateLimits() Option {
	var l pindown.RateLimits
	for _, n := range bucketLimits(&l) {
		*n = pindown.Unlimited
	}
	return WithRateLimits(l)
}

// WithLegacyForms makes the pinboard and page routes respond in the older
// documented forms instead of the newest ones, so that a client's decoding of
// both can be tested. Requests are accepted the same way either way; pin
// routes are not affected. What changes:
//
//   - a pinboard object has name instead of title and author instead of
//     owner_id, RFC 3339 created_at/updated_at, a views count, no pin_count
//     and no shareable_url, and layout/mobile_layout only when not empty (the
//     pre-v1 form);
//   - pinboard create responds 200 (not 201); update responds with updated_at, and
//     delete deleted_at, as RFC 3339 strings;
//   - the pinboard list is data.pinboards with total (not data.items with
//     total, limit and offset);
//   - a page object has its times only inside metadata (RFC 3339), none at
//     the root; page create responds with created_at, and page update updated_at,
//     as RFC 3339 strings, and page delete deleted_at too;
//   - the page list is a bare array as data, holding every page of the
//     caller: limit and offset are checked but not applied, like a server
//     that ignores them;
//   - list-pins items are pin id strings instead of pin objects;
//   - publish and unpublish response no data, only a message.
func WithLegacyForms() Option {
	return func(o *options) { o.legacy = true }
}

// WithoutRateLimitHeaders makes the server send none of Retry-After and
// X-RateLimit-Limit/Remaining/Reset. A 429 response still carries error.details.
func WithoutRateLimitHeaders() Option {
	return func(o *options) { o.noHeaders = true }
}

// WithApproximateWindows replaces the exact rolling window by the approximate
// sliding-window counter many gateways use: fixed slots of length Window
// (aligned to the Unix epoch), an estimate of previous slot's count × (1 −
// elapsed fraction of the current slot) + current slot's count, and a request
// admitted iff the estimate is below the limit. Retry-After and resetAt then
// name the earliest instant the estimate would admit a request, and
// X-RateLimit-Reset of an admitted request is the end of the current slot.
func WithApproximateWindows() Option {
	return func(o *options) { o.approx = true }
}

// WithClock sets the clock the server reads for timestamps and rate windows.
// Fault delays still run on real time.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.clock = now }
}

// WithSeed makes pin ids, API keys and owner ids come from generators seeded
// with seed: the same seed and the same sequence of requests give the same ids.
func WithSeed(seed int64) Option {
	return func(o *options) { o.seeded, o.seed = true, seed }
}

// WithListener makes the server serve on l instead of a fresh loopback port,
// for example to serve on a fixed address:
//
//	l, err := net.Listen("tcp", "127.0.0.1:8080")
//	if err != nil { … }
//	srv := pindowntest.NewServer(pindowntest.WithListener(l))
//
// The server takes l over and closes it in Close.
func WithListener(l net.Listener) Option {
	return func(o *options) { o.listener = l }
}

// NewServer starts a server on a loopback port (or the listener of
// WithListener) and returns it. Call Close when done.
func NewServer(opts ...Option) *Server {
	o := options{clock: time.Now, limits: pindown.DefaultRateLimits}
	for _, opt := range opts {
		opt(&o)
	}
	o.limits = resolveLimits(o.limits)
	s := &Server{
		options:    o,
		closing:    make(chan struct{}),
		stats:      make(map[Route]*routeStats, len(routes)),
		faults:     make(map[Route][]*queuedFault),
		keys:       make(map[string]*apiKey),
		keyRand:    newRand(o.seeded, o.seed, 0x6b6579), // "key"
		users:      make(map[string]bool),
		pins:       make(map[string]*pin),
		owners:     make(map[string]*ownerIndex),
		pinIDsRand: newRand(o.seeded, o.seed, 0x70696e), // "pin"
		boards:     make(map[string]*board),
		pages:      make(map[string]*page),
		boardsRand: newRand(o.seeded, o.seed, 0x7062), // "pb"
		pagesRand:  newRand(o.seeded, o.seed, 0x7067), // "pg"
	}
	for r := range routes {
		s.stats[r] = new(routeStats)
	}
	if o.listener != nil {
		s.hs = &httptest.Server{Listener: o.listener, Config: &http.Server{Handler: http.HandlerFunc(s.serveHTTP)}}
	} else {
		s.hs = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	}
	s.hs.Start()
	s.URL = s.hs.URL + "/v1"
	return s
}

// Close stops the server: it ends pending fault delays, closes the listener
// and blocks until every outstanding request has finished.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closing)
		s.hs.Close()
	})
}

// NewKey mints an API key ("pk_test_…") for a new owner (a new user):
// pins, pinboards and pages created with one key are not those of a key from
// another NewKey call. scopes are any of the Scope constants (ScopePinsRead,
// …, ScopeAll); none means all scopes. Like httptest's helpers it has no
// error to return: an unknown scope (a typo such as "pins:reed") panics with
// a message naming it and listing the valid ones.
func (s *Server) NewKey(scopes ...string) string {
	k := &apiKey{scopes: scopeSet(scopes)}
	w := s.limits.Window.Nanoseconds()
	for b, n := range bucketLimits(&s.limits) {
		k.limiters[b] = newLimiter(*n, w, s.approx)
	}

	s.keysMu.Lock()
	defer s.keysMu.Unlock()
	for {
		key := "pk_test_" + random12(s.keyRand) + random12(s.keyRand)
		if _, dup := s.keys[key]; !dup {
			k.owner = "usr_" + random12(s.keyRand)
			s.keys[key] = k
			s.users[k.owner] = true
			return key
		}
	}
}

// Stats are counters of what a Server has seen, from its start.
type Stats struct {
	// Requests counts the requests per route, whatever their response
	// (rejected, rate limited and fault-responded ones included). Requests
	// for unknown paths or with a wrong method match no route.
	Requests map[Route]int
	// RateLimited counts the 429 responses the rate limiter sent per route
	// (injected 429 faults are not counted).
	RateLimited map[Route]int
	// Pins is the number of pins stored now, of every owner.
	Pins int
	// Pinboards is the number of pinboards stored now, of every owner.
	Pinboards int
	// Pages is the number of pages stored now, of every owner.
	Pages int
}

// UserID returns the user id (the owner_id of what it creates) of an API key
// minted by NewKey, or "" for a key this server did not mint. A page owner
// gives another user a role with PUT /pages/{id}/users/{userId}/role.
func (s *Server) UserID(key string) string {
	s.keysMu.RLock()
	defer s.keysMu.RUnlock()
	if k := s.keys[key]; k != nil {
		return k.owner
	}
	return ""
}

// Stats returns a snapshot of the server's counters. Routes never requested
// are absent from the maps.
func (s *Server) Stats() Stats {
	st := Stats{Requests: make(map[Route]int), RateLimited: make(map[Route]int)}
	for r, c := range s.stats {
		if n := c.requests.Load(); n > 0 {
			st.Requests[r] = int(n)
		}
		if n := c.rateLimited.Load(); n > 0 {
			st.RateLimited[r] = int(n)
		}
	}
	s.mu.Lock()
	st.Pins, st.Pinboards, st.Pages = len(s.pins), len(s.boards), len(s.pages)
	s.mu.Unlock()
	return st
}

// serveHTTP is the request pipeline: route → auth (401) → fault → rate limit
// (429) → scope (403) → handler → fault after processing.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	route, params, allow, ok := match(r)
	if !ok {
		noRoute(r, allow).write(w)
		return
	}
	s.stats[route].requests.Add(1)
	key, err := s.authenticate(r)
	if err != nil {
		errReply(err).write(w)
		return
	}
	f := s.nextFault(route)
	before := f != nil && !f.AfterProcessing
	if before && !s.delay(r, f.Delay) {
		drop(w)
		return
	}
	var rp reply
	if !before || !f.Drop && f.Status == 0 { // not responded by the fault alone
		rp = s.process(w, r, route, params, key)
		if f != nil && f.AfterProcessing && !s.delay(r, f.Delay) {
			drop(w)
			return
		}
	}
	switch {
	case f != nil && f.Drop:
		drop(w)
		return
	case f != nil && f.Status != 0:
		rp = f.reply()
	}
	rp.write(w)
}

func (s *Server) authenticate(r *http.Request) (*apiKey, *apiError) {
	h := r.Header.Get("Authorization")
	const prefix = "bearer "
	if len(h) < len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) || strings.TrimSpace(h[len(prefix):]) == "" {
		return nil, errorf(http.StatusUnauthorized, codeUnauthorized, "missing API key: send Authorization: Bearer <key>")
	}
	s.keysMu.RLock()
	k := s.keys[strings.TrimSpace(h[len(prefix):])]
	s.keysMu.RUnlock()
	if k == nil {
		return nil, errorf(http.StatusUnauthorized, codeUnauthorized, "invalid API key")
	}
	return k, nil
}

// process responses an authenticated request for real: rate limit, scope, handler.
func (s *Server) process(w http.ResponseWriter, r *http.Request, route Route, params [2]string, k *apiKey) reply {
	info := routes[route]
	now := s.clock()
	lim := k.limiters[info.bucket]
	var v verdict
	if lim != nil {
		k.mu.Lock()
		v = lim.admit(now.UnixNano())
		k.mu.Unlock()
	}
	q := &request{r: r, id: params[0], sub: params[1], key: k, now: now.UnixMilli()}
	var err *apiError
	switch {
	case lim != nil && !v.admitted:
		s.stats[route].rateLimited.Add(1)
		err = s.rateLimitError(info.bucket, v)
	case !k.has(info.scope):
		err = errorf(http.StatusForbidden, codeScopeRequired, "this API key lacks the %s scope", info.scope)
	case info.body:
		q.body, err = readBody(w, r)
	}
	var rp reply
	if err != nil {
		rp = errReply(err)
	} else {
		rp = info.handle(s, q)
	}
	if lim != nil && !s.noHeaders {
		rp.setHeader("X-RateLimit-Limit", strconv.Itoa(v.limit))
		rp.setHeader("X-RateLimit-Remaining", strconv.Itoa(v.remaining))
		rp.setHeader("X-RateLimit-Reset", strconv.FormatInt(ceilDiv(v.reset, int64(time.Second)), 10))
		if !v.admitted { // whole seconds, rounded up, at least 1
			retry := max(ceilDiv(v.retryAt-now.UnixNano(), int64(time.Second)), 1)
			rp.setHeader("Retry-After", strconv.FormatInt(retry, 10))
		}
	}
	return rp
}

// rateLimitDetails is error.details of a 429 response.
type rateLimitDetails struct {
	Limit   int    `json:"limit"`
	Used    int    `json:"used"`
	Window  string `json:"window"`
	ResetAt string `json:"resetAt"`
}

func (s *Server) rateLimitError(b bucket, v verdict) *apiError {
	window := s.limits.Window.String()
	if s.limits.Window%time.Second == 0 {
		window = fmt.Sprintf("%ds", s.limits.Window/time.Second)
	}
	resetAt := rfc3339(ceilDiv(v.retryAt, int64(time.Millisecond)))
	e := errorf(http.StatusTooManyRequests, codeRateLimited,
		"rate limit exceeded: %d %s requests per %s; capacity returns at %s", v.limit, bucketNames[b], window, resetAt)
	e.details = rateLimitDetails{Limit: v.limit, Used: v.used, Window: window, ResetAt: resetAt}
	return e
}

// readBody reads the request body, at most MaxBodyBytes of it.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, *apiError) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, errorf(http.StatusRequestEntityTooLarge, codeTooLarge, "request body larger than %d bytes", MaxBodyBytes)
		}
		return nil, invalidf("reading the request body: %v", err)
	}
	return body, nil
}
