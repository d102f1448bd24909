package redisbudget_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// howToRun says how to run the tests that need Redis.
const howToRun = `start a Redis and point the tests at it:
	redis-server --port 6390 --save '' --appendonly no &
	PINDOWN_TEST_REDIS=127.0.0.1:6390 go test ./...`

// redisAddr returns the address of the Redis the tests use
// (PINDOWN_TEST_REDIS). Without a reachable one the test is skipped, or
// fails in CI (CI=true).
func redisAddr(t *testing.T) string {
	t.Helper()
	addr := os.Getenv("PINDOWN_TEST_REDIS")
	problem := "PINDOWN_TEST_REDIS is not set"
	if addr != "" {
		rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := rdb.Ping(ctx).Err()
		cancel()
		rdb.Close()
		if err == nil {
			return addr
		}
		problem = "Redis at PINDOWN_TEST_REDIS=" + addr + " does not answer: " + err.Error()
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("these tests need Redis in CI: %s; .ci/run starts one", problem)
	}
	t.Skipf("%s; to run these tests, %s", problem, howToRun)
	return ""
}

// newRedis returns a client of the test Redis, closed when the test ends.
func newRedis(t *testing.T) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: redisAddr(t), ContextTimeoutEnabled: true})
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

// newAPIKey returns a fresh API key: budgets made with it share a window
// that no other test uses.
func newAPIKey(t *testing.T) string {
	t.Helper()
	var r [12]byte
	_, _ = rand.Read(r[:])
	return "pd_test_" + hex.EncodeToString(r[:])
}

// closedAddr returns a loopback address where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// silentAddr returns the address of a listener that accepts connections
// and never answers: a Redis that hangs.
func silentAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String()
}

// proxy forwards a loopback port to Redis and can be stopped and started
// again on the same port: Redis going away and coming back.
type proxy struct {
	t      *testing.T
	addr   string // where clients connect
	target string

	mu    sync.Mutex
	l     net.Listener
	conns []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, addr: "127.0.0.1:0", target: target}
	p.start()
	t.Cleanup(p.stop)
	return p
}

func (p *proxy) start() {
	l, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.l, p.addr = l, l.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
}

// stop closes the listener and every connection.
func (p *proxy) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.l != nil {
		p.l.Close()
		p.l = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// logBuffer is a slog text handler's output, safe for concurrent use.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(b, nil))
}

// lines returns the logged lines that contain s.
func (b *logBuffer) lines(s string) int {
	n := 0
	for _, l := range strings.Split(b.String(), "\n") {
		if strings.Contains(l, s) {
			n++
		}
	}
	return n
}

// quiet drops go-redis's own log lines (dial failures the tests cause).
type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}

func TestMain(m *testing.M) {
	redis.SetLogger(quiet{})
	os.Exit(m.Run())
}
