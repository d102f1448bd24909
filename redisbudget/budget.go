package redisbudget

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	pindown "github.com/pindownai/client-go"
	"github.com/redis/go-redis/v9"
)

// Defaults of the options.
const (
	DefaultTimeout       = 250 * time.Millisecond // WithTimeout
	DefaultFallbackShare = 0.25                   // WithFallbackShare
	DefaultKeyPrefix     = "pindown:"             // WithKeyPrefix
)

const (
	// inFlightLease is how long a send permitted through Redis keeps its
	// slot while no Done has come for it (its process may have died); it
	// then stays in the window for W+J more.
	inFlightLease = time.Minute
	// probeEvery is how often a budget that fell back to its local budget
	// tries Redis again.
	probeEvery = time.Second
	// localID is the Permit.ID of a permit of the local fallback budget.
	localID = "local"
	// redisID prefixes the Permit.ID of a permit taken through Redis.
	redisID = "redis:"
)

// Budget is one API key's rate budget shared through Redis by every process
// that makes one with the same key, limits and key prefix. It implements
// pindown.Limiter: pass it to clients with pindown.WithBudget. It is safe
// for concurrent use. It does not keep the API key, only a hash of it, so
// printing it shows no secret.
type Budget struct {
	rdb     redis.UniversalClient
	keyHash string // first 16 hex digits of the key's SHA-256
	buckets map[pindown.Bucket]bucket
	window  time.Duration
	span    time.Duration // W+J
	timeout time.Duration
	share   float64
	logger  *slog.Logger
	local   *pindown.Budget // the fallback while Redis does not answer
	nonce   string          // this budget's part of member names
	seq     atomic.Uint64

	mu      sync.Mutex
	down    bool      // Redis did not answer: the local budget is in use
	probeAt time.Time // while down: when to try Redis again
	probe   time.Duration
	strikes map[pindown.Bucket]int // 429s in a row that named no reset
}

// bucket is one rate bucket's limit and Redis keys.
type bucket struct {
	limit int      // N; 0: unlimited
	keys  []string // log, hold, floor
}

// Option configures a Budget in New.
type Option func(*config)

type config struct {
	timeout time.Duration
	share   float64
	logger  *slog.Logger
	prefix  string
	probe   time.Duration
}

// WithTimeout bounds each Redis call (DefaultTimeout, 250 ms, if not
// given); a call that takes longer counts as Redis being down.
func WithTimeout(d time.Duration) Option {
	return func(c *config) { c.timeout = d }
}

// WithFallbackShare sets the share of the limits the local budget uses while
// Redis does not answer: 1/K when K processes share the key
// (DefaultFallbackShare, a quarter, if not given). It must be in (0, 1].
func WithFallbackShare(share float64) Option {
	return func(c *config) { c.share = share }
}

// WithLogger logs the fall back to the local budget (Warn, once per outage)
// and the return to Redis (Info). Without it the budget is silent.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}

// WithKeyPrefix sets the prefix of the budget's Redis key names
// (DefaultKeyPrefix, "pindown:", if not given): budgets share their window
// iff they have the same prefix and API key.
func WithKeyPrefix(prefix string) Option {
	return func(c *config) { c.prefix = prefix }
}

// New returns the budget of apiKey's limits (zero fields take
// pindown.DefaultRateLimits', pindown.Unlimited turns a bucket's pacing
// off; the other processes on the key must use the same limits) shared
// through rdb. It does not contact Redis: the first Reserve does.
func New(rdb redis.UniversalClient, apiKey string, limits pindown.RateLimits, opts ...Option) (*Budget, error) {
	cfg := config{timeout: DefaultTimeout, share: DefaultFallbackShare, prefix: DefaultKeyPrefix, probe: probeEvery}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	switch {
	case rdb == nil:
		return nil, errors.New("redisbudget: New: nil Redis client")
	case apiKey == "":
		return nil, errors.New("redisbudget: New: empty API key")
	case cfg.timeout <= 0:
		return nil, fmt.Errorf("redisbudget: WithTimeout: must be positive, got %v", cfg.timeout)
	}
	local, err := pindown.NewBudget(limits, cfg.share) // validates limits and share
	if err != nil {
		return nil, fmt.Errorf("redisbudget: %w", err)
	}
	sum := sha256.Sum256([]byte("pindown redisbudget v1\x00" + apiKey))
	b := &Budget{
		rdb:     rdb,
		keyHash: hex.EncodeToString(sum[:8]),
		buckets: make(map[pindown.Bucket]bucket),
		timeout: cfg.timeout,
		share:   cfg.share,
		logger:  cfg.logger,
		local:   local,
		nonce:   newNonce(),
		probe:   cfg.probe,
		strikes: make(map[pindown.Bucket]int),
	}
	b.window = limits.Window
	if b.window == 0 {
		b.window = pindown.DefaultRateLimits.Window
	}
	b.span = b.window + jitterMargin(b.window)
	for name, n := range bucketLimits(limits) {
		base := cfg.prefix + "{" + b.keyHash + "}:" + string(name) + ":"
		b.buckets[name] = bucket{limit: n, keys: []string{base + "log", base + "hold", base + "floor"}}
	}
	return b, nil
}

var _ pindown.Limiter = (*Budget)(nil)

// Reserve takes a permit of bucket from the Redis window shared by every
// process on the key, or says how long to wait; see pindown.Limiter. The
// times are Redis's: now is used only while Redis does not answer.
func (b *Budget) Reserve(ctx context.Context, name pindown.Bucket, now time.Time) (pindown.Permit, error) {
	bk, ok := b.buckets[name]
	if !ok {
		return pindown.Permit{}, fmt.Errorf("redisbudget: unknown bucket %q", name)
	}
	if !b.useRedis() {
		return b.reserveLocal(ctx, name, now)
	}
	var res []any
	err := b.call(ctx, func(ctx context.Context) (err error) {
		res, err = reserveScript.Run(ctx, b.rdb, bk.keys,
			bk.limit, micros(b.span), micros(inFlightLease), b.logTTL().Milliseconds(), b.nextNonce()).Slice()
		return err
	})
	if err == nil && len(res) != 4 {
		err = fmt.Errorf("unexpected reply %v", res)
	}
	if err != nil {
		if ctx.Err() != nil {
			return pindown.Permit{}, ctx.Err()
		}
		b.failed(err)
		return b.reserveLocal(ctx, name, now)
	}
	b.answered()
	wait, _ := res[1].(int64)
	held, _ := res[2].(int64)
	member, _ := res[3].(string)
	return pindown.Permit{
		Bucket:   name,
		Wait:     max(time.Duration(wait)*time.Microsecond, 0),
		ByServer: held == 1,
		At:       now,
		ID:       redisID + member,
	}, nil
}

// Done records how the send of p ended in the shared window and returns
// until when the bucket is held; see pindown.Limiter. A 429 holds the
// bucket for every process until the server's reset. It runs even when
// ctx is canceled (within the timeout): the send happened.
func (b *Budget) Done(ctx context.Context, p pindown.Permit, o pindown.Outcome) time.Time {
	if p.ID == localID {
		return b.local.Done(ctx, p, o)
	}
	bk, ok := b.buckets[p.Bucket]
	member, isRedis := strings.CutPrefix(p.ID, redisID)
	if !ok || !isRedis {
		return time.Time{}
	}
	outcome, holdFor := b.outcome(p.Bucket, bk.limit, o)
	local := time.Time{}
	if holdFor > 0 {
		local = o.At.Add(holdFor)
	}
	if !b.useRedis() {
		return local
	}
	var held int64
	err := b.call(context.WithoutCancel(ctx), func(ctx context.Context) (err error) {
		held, err = doneScript.Run(ctx, b.rdb, bk.keys,
			member, outcome, micros(holdFor), micros(b.span), b.logTTL().Milliseconds()).Int64()
		return err
	})
	if err != nil {
		b.failed(err)
		return local
	}
	b.answered()
	if held <= 0 {
		return time.Time{}
	}
	return o.At.Add(time.Duration(held) * time.Microsecond)
}

// outcome names how a send ended for doneScript and returns how long the
// server holds the bucket from the response: its advice, or after a 429
// without one a hold of our own that doubles with each such 429 in a row.
func (b *Budget) outcome(name pindown.Bucket, limit int, o pindown.Outcome) (string, time.Duration) {
	var advised time.Duration
	if o.ResetAt.After(o.At) {
		advised = o.ResetAt.Sub(o.At)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case !o.Limited && o.Responded:
		b.strikes[name] = 0
		return "ok", advised
	case !o.Limited:
		return "lost", advised
	case advised > 0:
		b.strikes[name] = 0
		return "limited", advised
	}
	b.strikes[name]++
	base := 500 * time.Millisecond
	if limit > 0 {
		base = max(b.window/time.Duration(limit), time.Millisecond)
	}
	return "limited", min(base<<min(b.strikes[name]-1, 16), max(b.window, base), 30*time.Second)
}

// reserveLocal takes a permit of the local fallback budget.
func (b *Budget) reserveLocal(ctx context.Context, name pindown.Bucket, now time.Time) (pindown.Permit, error) {
	p, err := b.local.Reserve(ctx, name, now)
	p.ID = localID
	return p, err
}

// call runs f with the timeout, and returns when the timeout ends even if f
// does not (a client without ContextTimeoutEnabled waits for its own read
// timeout; f then finishes on its own).
func (b *Budget) call(ctx context.Context, f func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, b.timeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- f(ctx) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// useRedis reports whether to ask Redis: always while it answers, and once
// a probe interval while it does not (the caller that gets true probes).
func (b *Budget) useRedis() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.down {
		return true
	}
	now := time.Now()
	if now.Before(b.probeAt) {
		return false
	}
	b.probeAt = now.Add(b.probe)
	return true
}

// failed notes that Redis did not answer: the local budget takes over.
func (b *Budget) failed(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.probeAt = time.Now().Add(b.probe)
	if b.down {
		return
	}
	b.down = true
	if b.logger != nil {
		b.logger.Warn("redisbudget: Redis does not answer; pacing with the local budget until it does",
			slog.String("budget", b.keyHash), slog.Float64("share", b.share), slog.String("error", err.Error()))
	}
}

// answered notes that Redis answered: back to the shared window.
func (b *Budget) answered() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.down {
		return
	}
	b.down = false
	if b.logger != nil {
		b.logger.Info("redisbudget: Redis answers again; pacing with the shared budget", slog.String("budget", b.keyHash))
	}
}

// Local reports whether the budget is pacing with its local fallback
// because Redis did not answer.
func (b *Budget) Local() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.down
}

// String describes the budget by its key's hash, never the key.
func (b *Budget) String() string {
	return fmt.Sprintf("redisbudget.Budget{key: sha256:%s…, window: %v}", b.keyHash, b.window)
}

// GoString is String: %#v shows no more.
func (b *Budget) GoString() string { return b.String() }

// Format prints String for every verb, so that no fmt verb walks the
// budget's fields.
func (b *Budget) Format(f fmt.State, _ rune) { fmt.Fprint(f, b.String()) }

// logTTL is the expiry of a log: the in-flight lease plus the window span,
// and a second for slack.
func (b *Budget) logTTL() time.Duration { return inFlightLease + b.span + time.Second }

func (b *Budget) nextNonce() string {
	return b.nonce + strconv.FormatUint(b.seq.Add(1), 36)
}

// newNonce returns a random name for this budget's members.
func newNonce() string {
	var r [6]byte
	_, _ = rand.Read(r[:])
	return hex.EncodeToString(r[:]) + "-"
}

func micros(d time.Duration) int64 { return d.Microseconds() }

// jitterMargin is J, as the in-process mirror has it: W/100, at least
// 20 ms, at most a second.
func jitterMargin(w time.Duration) time.Duration {
	return min(max(w/100, 20*time.Millisecond), time.Second)
}

// bucketLimits returns N per bucket: a zero field takes its
// DefaultRateLimits value, Unlimited is 0.
func bucketLimits(l pindown.RateLimits) map[pindown.Bucket]int {
	d := pindown.DefaultRateLimits
	out := make(map[pindown.Bucket]int, 8)
	for _, f := range []struct {
		b      pindown.Bucket
		n, def int
	}{
		{pindown.BucketRead, l.Read, d.Read},
		{pindown.BucketBatchRead, l.BatchRead, d.BatchRead},
		{pindown.BucketWrite, l.Write, d.Write},
		{pindown.BucketPinboardRead, l.PinboardRead, d.PinboardRead},
		{pindown.BucketPinboardBatchRead, l.PinboardBatchRead, d.PinboardBatchRead},
		{pindown.BucketPinboardWrite, l.PinboardWrite, d.PinboardWrite},
		{pindown.BucketPageRead, l.PageRead, d.PageRead},
		{pindown.BucketPageWrite, l.PageWrite, d.PageWrite},
	} {
		switch {
		case f.n == 0:
			out[f.b] = f.def
		case f.n == pindown.Unlimited:
			out[f.b] = 0
		default:
			out[f.b] = f.n
		}
	}
	return out
}
