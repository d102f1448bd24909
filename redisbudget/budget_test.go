package redisbudget_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
	"github.com/pindownai/client-go/redisbudget"
	"github.com/redis/go-redis/v9"
)

const (
	n      = 5
	window = 300 * time.Millisecond
	span   = window + 20*time.Millisecond // W+J at this window
)

var limits = pindown.RateLimits{Write: n, Read: pindown.Unlimited, Window: window}

func newBudget(t *testing.T, rdb redis.UniversalClient, key string, opts ...redisbudget.Option) *redisbudget.Budget {
	t.Helper()
	b, err := redisbudget.New(rdb, key, limits, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func reserve(t *testing.T, b *redisbudget.Budget) pindown.Permit {
	t.Helper()
	p, err := b.Reserve(context.Background(), pindown.BucketWrite, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func ok(b *redisbudget.Budget, p pindown.Permit) time.Time {
	return b.Done(context.Background(), p, pindown.Outcome{At: time.Now(), Responded: true})
}

// TestSharedWindowExactlyN: two budgets on one key ("two processes")
// together get exactly N permits per window, the N+1st waits until the
// oldest leaves W+J after it, and then one more is admitted.
func TestSharedWindowExactlyN(t *testing.T) {
	t.Parallel()
	rdb, key := newRedis(t), newAPIKey(t)
	a, b := newBudget(t, rdb, key), newBudget(t, rdb, key)
	start := time.Now()
	for i := range n {
		p := reserve(t, []*redisbudget.Budget{a, b}[i%2])
		if p.Wait != 0 {
			t.Fatalf("permit %d: wait %v, want a permit", i+1, p.Wait)
		}
		ok([]*redisbudget.Budget{a, b}[i%2], p)
	}
	for _, x := range []*redisbudget.Budget{a, b} {
		p := reserve(t, x)
		if left := span - time.Since(start); p.Wait <= 0 || p.Wait > span || p.Wait < left-50*time.Millisecond || p.ByServer {
			t.Fatalf("permit %d: wait %v (by server %v), want about %v", n+1, p.Wait, p.ByServer, left)
		}
	}
	time.Sleep(reserve(t, b).Wait)
	if p := reserve(t, a); p.Wait != 0 {
		t.Fatalf("after the window: wait %v, want a permit", p.Wait)
	}
}

// TestSharedWindowRolling: four goroutines on two budgets take permits as
// fast as they are given for four windows; no W holds more than N of them,
// and the pace is close to N per W+J.
func TestSharedWindowRolling(t *testing.T) {
	t.Parallel()
	rdb, key := newRedis(t), newAPIKey(t)
	budgets := []*redisbudget.Budget{newBudget(t, rdb, key), newBudget(t, rdb, key)}
	var mu sync.Mutex
	var granted []time.Time
	end := time.Now().Add(4 * window)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			b := budgets[g%2]
			for time.Now().Before(end) {
				p := reserve(t, b)
				if p.Wait > 0 {
					time.Sleep(p.Wait)
					continue
				}
				mu.Lock()
				granted = append(granted, time.Now())
				mu.Unlock()
				ok(b, p)
			}
		})
	}
	wg.Wait()
	slices.SortFunc(granted, func(x, y time.Time) int { return x.Compare(y) })
	const slack = 15 * time.Millisecond // between Redis's clock and ours
	for i := n; i < len(granted); i++ {
		if d := granted[i].Sub(granted[i-n]); d < window-slack {
			t.Fatalf("permits %d and %d only %v apart: more than %d in a window", i-n+1, i+1, d, n)
		}
	}
	if want := 4 * n; len(granted) < want {
		t.Fatalf("%d permits in four windows, want at least %d", len(granted), want)
	}
}

// TestInFlightKeepsItsSlot: a send in flight holds its slot past the
// window; its response moves the slot to the response's time; a send with
// no response leaves at its permit time.
func TestInFlightKeepsItsSlot(t *testing.T) {
	t.Parallel()
	rdb, key := newRedis(t), newAPIKey(t)
	a, b := newBudget(t, rdb, key), newBudget(t, rdb, key)
	var ps []pindown.Permit
	for range n {
		ps = append(ps, reserve(t, a))
	}
	time.Sleep(span + 10*time.Millisecond)
	if p := reserve(t, b); p.Wait <= 0 {
		t.Fatal("all N in flight past the window: granted, want a wait")
	}
	a.Done(context.Background(), ps[0], pindown.Outcome{At: time.Now()}) // no response: leaves at its permit time
	if p := reserve(t, b); p.Wait != 0 {
		t.Fatalf("after a send without response: wait %v, want a permit", p.Wait)
	}
	ok(a, ps[1]) // responded now: in the window from now
	if p := reserve(t, b); p.Wait < span-50*time.Millisecond {
		t.Fatalf("after a response: wait %v, want about %v", p.Wait, span)
	}
}

// TestHoldAfter429: a 429 seen through one budget holds the bucket for
// another budget on the key until the server's reset.
func TestHoldAfter429(t *testing.T) {
	t.Parallel()
	rdb, key := newRedis(t), newAPIKey(t)
	a, b := newBudget(t, rdb, key), newBudget(t, rdb, key)
	p := reserve(t, a)
	at := time.Now()
	until := a.Done(context.Background(), p, pindown.Outcome{At: at, Responded: true, Limited: true, ResetAt: at.Add(200 * time.Millisecond)})
	if d := until.Sub(at); d < 190*time.Millisecond || d > 210*time.Millisecond {
		t.Fatalf("Done after a 429: held for %v, want 200ms", d)
	}
	q := reserve(t, b)
	if !q.ByServer || q.Wait < 150*time.Millisecond || q.Wait > 200*time.Millisecond {
		t.Fatalf("other budget after a 429: wait %v (by server %v), want ~200ms by the server", q.Wait, q.ByServer)
	}
	time.Sleep(q.Wait)
	if q := reserve(t, b); q.Wait != 0 {
		t.Fatalf("after the reset: wait %v, want a permit", q.Wait)
	}
	// A 429 without advice holds too, for a share of the window.
	p = reserve(t, b)
	until = b.Done(context.Background(), p, pindown.Outcome{At: time.Now(), Responded: true, Limited: true})
	if q := reserve(t, a); !q.ByServer || q.Wait <= 0 || until.IsZero() {
		t.Fatalf("after a 429 without reset: wait %v (by server %v), until %v; want a hold", q.Wait, q.ByServer, until)
	}
}

// TestTimeFromRedis: budgets whose callers' clocks disagree by hours share
// the window exactly, and a hold lasts as long as the server said,
// whatever the clocks.
func TestTimeFromRedis(t *testing.T) {
	t.Parallel()
	rdb, key := newRedis(t), newAPIKey(t)
	a, b := newBudget(t, rdb, key), newBudget(t, rdb, key)
	clocks := []time.Duration{-3 * time.Hour, 5 * time.Hour}
	ctx := context.Background()
	for i := range n {
		x := []*redisbudget.Budget{a, b}[i%2]
		now := time.Now().Add(clocks[i%2])
		p, err := x.Reserve(ctx, pindown.BucketWrite, now)
		if err != nil || p.Wait != 0 {
			t.Fatalf("permit %d: %v, wait %v", i+1, err, p.Wait)
		}
		x.Done(ctx, p, pindown.Outcome{At: now, Responded: true})
	}
	p, _ := b.Reserve(ctx, pindown.BucketWrite, time.Now().Add(clocks[1]+time.Hour))
	if p.Wait <= span/2 || p.Wait > span {
		t.Fatalf("N+1st with a clock hours off: wait %v, want about %v", p.Wait, span)
	}
	time.Sleep(p.Wait)
	p, _ = a.Reserve(ctx, pindown.BucketWrite, time.Now())
	at := time.Now().Add(clocks[0])
	a.Done(ctx, p, pindown.Outcome{At: at, Responded: true, Limited: true, ResetAt: at.Add(100 * time.Millisecond)})
	q, _ := b.Reserve(ctx, pindown.BucketWrite, time.Now().Add(clocks[1]))
	if !q.ByServer || q.Wait < 50*time.Millisecond || q.Wait > 100*time.Millisecond {
		t.Fatalf("hold of 100ms set by a clock 8h behind: wait %v (by server %v)", q.Wait, q.ByServer)
	}
}

// TestKeysExpire: every key the budget writes has an expiry, no longer
// than the in-flight lease plus the window and a second.
func TestKeysExpire(t *testing.T) {
	t.Parallel()
	rdb, key := newRedis(t), newAPIKey(t)
	a := newBudget(t, rdb, key, redisbudget.WithKeyPrefix("pindown-expiry-test:"))
	p := reserve(t, a)
	at := time.Now()
	a.Done(context.Background(), p, pindown.Outcome{At: at, Responded: true, Limited: true, ResetAt: at.Add(time.Second)})
	ctx := context.Background()
	keys, err := rdb.Keys(ctx, "pindown-expiry-test:*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 3 {
		t.Fatalf("keys %q, want a log, a hold and a floor", keys)
	}
	for _, k := range keys {
		ttl, err := rdb.PTTL(ctx, k).Result()
		if err != nil || ttl <= 0 || ttl > time.Minute+span+time.Second {
			t.Errorf("%s: expiry %v (%v), want one of at most a minute and %v", k, ttl, err, span+time.Second)
		}
	}
	rdb.Del(ctx, keys...)
}

// TestAPIKeyNotStored: after permits, responses and a 429, no Redis key
// name or value anywhere holds the API key, and neither does the budget
// printed with any verb or its log lines.
func TestAPIKeyNotStored(t *testing.T) {
	t.Parallel()
	rdb, key := newRedis(t), newAPIKey(t)
	var logs logBuffer
	a := newBudget(t, rdb, key, redisbudget.WithLogger(logs.logger()))
	for range n {
		ok(a, reserve(t, a))
	}
	p := reserve(t, a)
	a.Done(context.Background(), p, pindown.Outcome{At: time.Now(), Responded: true, Limited: true, ResetAt: time.Now().Add(time.Second)})
	down := newBudget(t, redis.NewClient(&redis.Options{Addr: closedAddr(t)}), key, redisbudget.WithLogger(logs.logger()))
	reserve(t, down)

	ctx := context.Background()
	secret := strings.TrimPrefix(key, "pd_test_")
	iter := rdb.Scan(ctx, 0, "*", 1000).Iterator()
	seen := 0
	for iter.Next(ctx) {
		k := iter.Val()
		seen++
		var values []string
		switch typ := rdb.Type(ctx, k).Val(); typ {
		case "string":
			values = []string{rdb.Get(ctx, k).Val()}
		case "zset":
			values = rdb.ZRange(ctx, k, 0, -1).Val()
		case "hash":
			for f, v := range rdb.HGetAll(ctx, k).Val() {
				values = append(values, f, v)
			}
		case "list":
			values = rdb.LRange(ctx, k, 0, -1).Val()
		case "set":
			values = rdb.SMembers(ctx, k).Val()
		}
		for _, v := range append(values, k) {
			if strings.Contains(v, secret) {
				t.Fatalf("Redis key %q holds the API key", k)
			}
		}
	}
	if err := iter.Err(); err != nil || seen == 0 {
		t.Fatalf("scan: %v, %d keys", err, seen)
	}
	for _, s := range []string{fmt.Sprint(a), fmt.Sprintf("%+v %#v %s %q %x", a, a, a, a, a), a.String(), logs.String()} {
		if strings.Contains(s, secret) {
			t.Fatalf("printed budget or log holds the API key: %s", s)
		}
	}
}

// TestFallbackWhenRedisDown: with Redis refusing connections, or accepting
// them and never answering, no call waits longer than the timeout, the
// budget paces with its local share, and logs it once.
func TestFallbackWhenRedisDown(t *testing.T) {
	t.Parallel()
	for name, addr := range map[string]string{"refused": closedAddr(t), "silent": silentAddr(t)} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			const timeout = 100 * time.Millisecond
			var logs logBuffer
			rdb := redis.NewClient(&redis.Options{Addr: addr})
			t.Cleanup(func() { rdb.Close() })
			b := newBudget(t, rdb, newAPIKey(t), redisbudget.WithTimeout(timeout),
				redisbudget.WithFallbackShare(0.4), redisbudget.WithLogger(logs.logger()), redisbudget.WithProbeInterval(30*time.Millisecond))
			granted := 0
			end := time.Now().Add(window)
			for time.Now().Before(end) {
				start := time.Now()
				p := reserve(t, b)
				if took := time.Since(start); took > timeout+50*time.Millisecond {
					t.Fatalf("Reserve took %v with Redis down, want at most the timeout %v", took, timeout)
				}
				if p.Wait == 0 {
					granted++
					start = time.Now()
					b.Done(context.Background(), p, pindown.Outcome{At: time.Now(), Responded: true})
					if took := time.Since(start); took > timeout+50*time.Millisecond {
						t.Fatalf("Done took %v with Redis down", took)
					}
				} else {
					time.Sleep(min(p.Wait, 5*time.Millisecond))
				}
			}
			if granted < 1 || granted > 2 { // 0.4 of N = 5, paced smoothly
				t.Fatalf("%d permits in a window with Redis down, want the local share: 1 or 2", granted)
			}
			if !b.Local() {
				t.Fatal("Local() = false with Redis down")
			}
			if got := logs.lines("level=WARN"); got != 1 {
				t.Fatalf("%d warnings, want one:\n%s", got, logs.String())
			}
		})
	}
}

// TestRecovery: when Redis comes back, the budget returns to the shared
// window within the probe interval.
func TestRecovery(t *testing.T) {
	t.Parallel()
	px := newProxy(t, redisAddr(t))
	rdb := redis.NewClient(&redis.Options{Addr: px.addr, ContextTimeoutEnabled: true, MaxRetries: -1})
	t.Cleanup(func() { rdb.Close() })
	var logs logBuffer
	b := newBudget(t, rdb, newAPIKey(t), redisbudget.WithLogger(logs.logger()), redisbudget.WithProbeInterval(20*time.Millisecond))
	ok(b, reserve(t, b))
	if b.Local() {
		t.Fatal("Local() with Redis up")
	}
	px.stop()
	for range 3 {
		ok(b, reserve(t, b))
	}
	if !b.Local() {
		t.Fatal("Local() = false with Redis down")
	}
	px.start()
	time.Sleep(25 * time.Millisecond)
	ok(b, reserve(t, b))
	if b.Local() {
		t.Fatalf("still local after Redis came back:\n%s", logs.String())
	}
	if logs.lines("level=WARN") != 1 || logs.lines("level=INFO") != 1 {
		t.Fatalf("want one warning and one note of the return:\n%s", logs.String())
	}
}

// TestUnlimitedBucket: an unlimited bucket is never paced and writes no log.
func TestUnlimitedBucket(t *testing.T) {
	t.Parallel()
	rdb := newRedis(t)
	b := newBudget(t, rdb, newAPIKey(t), redisbudget.WithKeyPrefix("pindown-unlimited-test:"))
	for range 3 * n {
		p, err := b.Reserve(context.Background(), pindown.BucketRead, time.Now())
		if err != nil || p.Wait != 0 {
			t.Fatalf("unlimited bucket: %v, wait %v", err, p.Wait)
		}
		ok(b, p)
	}
	if keys := rdb.Keys(context.Background(), "pindown-unlimited-test:*").Val(); len(keys) != 0 {
		t.Fatalf("unlimited bucket wrote %q", keys)
	}
}

// TestNewErrors: New refuses what it cannot use.
func TestNewErrors(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: closedAddr(t)})
	defer rdb.Close()
	for name, f := range map[string]func() (*redisbudget.Budget, error){
		"nil client": func() (*redisbudget.Budget, error) { return redisbudget.New(nil, "k", limits) },
		"empty key":  func() (*redisbudget.Budget, error) { return redisbudget.New(rdb, "", limits) },
		"bad share": func() (*redisbudget.Budget, error) {
			return redisbudget.New(rdb, "k", limits, redisbudget.WithFallbackShare(0))
		},
		"bad limits": func() (*redisbudget.Budget, error) { return redisbudget.New(rdb, "k", pindown.RateLimits{Write: -5}) },
		"zero timeout": func() (*redisbudget.Budget, error) {
			return redisbudget.New(rdb, "k", limits, redisbudget.WithTimeout(0))
		},
	} {
		if _, err := f(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestClientsOnTwoBudgets: two clients, each with its own Budget on one key
// (two processes), write 3N pins together against an exact rolling window:
// no 429, every pin created once, in about three windows.
func TestClientsOnTwoBudgets(t *testing.T) {
	t.Parallel()
	rdb := newRedis(t)
	srv := pindowntest.NewServer(pindowntest.WithRateLimits(pindown.RateLimits{Write: n, Window: window}))
	defer srv.Close()
	key := srv.NewKey()
	var clients []*pindown.Client
	for range 2 {
		c, err := pindown.NewClient(key, pindown.WithBaseURL(srv.URL), pindown.WithBudget(newBudget(t, rdb, key)))
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 3*n)
	for i := range 3 * n {
		wg.Go(func() {
			_, err := clients[i%2].Pins.CreateMarkdown(ctx, fmt.Sprint("pin ", i), pintypes.Markdown{Content: "# hi"})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	took := time.Since(start)
	st := srv.Stats()
	limited := 0
	for _, v := range st.RateLimited {
		limited += v
	}
	if limited != 0 {
		t.Fatalf("%d 429s, want none", limited)
	}
	if took < 2*window || took > 2*span+300*time.Millisecond {
		t.Fatalf("3N writes took %v, want about two windows", took)
	}
}

// TestDoneAfterCancel: a call whose context ended after its send still
// reports it: the 429 it got holds the bucket for the other budgets.
func TestDoneAfterCancel(t *testing.T) {
	t.Parallel()
	rdb, key := newRedis(t), newAPIKey(t)
	a, b := newBudget(t, rdb, key), newBudget(t, rdb, key)
	p := reserve(t, a)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	at := time.Now()
	a.Done(ctx, p, pindown.Outcome{At: at, Responded: true, Limited: true, ResetAt: at.Add(200 * time.Millisecond)})
	if q := reserve(t, b); !q.ByServer || q.Wait <= 100*time.Millisecond {
		t.Fatalf("after a 429 reported with a canceled context: wait %v (by server %v), want the hold", q.Wait, q.ByServer)
	}
	if a.Local() {
		t.Fatal("a canceled context made the budget fall back")
	}
}
