// Command fleetbench measures many processes writing on one API key:
//
//	cd redisbudget && go run ./internal/fleetbench
//
// It needs redis-server on PATH: it starts its own on a free loopback port,
// so that it can kill it and start it again. It starts pindowntest (an exact
// rolling window of N writes per W) in this process and K = 4 child
// processes (this binary again, with the hidden -child flag), each writing
// its share of M = 10·N pins as fast as its client lets it, through
//
//   - redis:     a redisbudget.Budget each, on one Redis (the subject)
//   - one_busy:  the same, one busy process and three idle ones
//   - share:     pindown.NewBudget(limits, 1/K) each, no Redis
//   - separate:  pindown.NewBudget(limits, 1) each: what no coordination does
//   - killed:    redis, with Redis killed a third of the way in and started
//     again a fifth later
//
// and measures a permit's cost through Redis (overhead). It takes about a
// minute. The fraction is
// the burst ideal (N per window from the first send: ⌈M/N⌉−1 windows)
// over the time from the first send to the last response. It prints a
// table, then one line per case:
//
//	bench: scenario=fleet case=<name> … targets=pass|fail
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
	"github.com/pindownai/client-go/redisbudget"
	"github.com/redis/go-redis/v9"
)

const procs = 4 // K

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "fleetbench:", err)
		os.Exit(1)
	}
}

// params sizes a run.
type params struct {
	n      int           // writes per window
	window time.Duration // W
	writes int           // M, in all
}

func (p params) limits() pindown.RateLimits {
	return pindown.RateLimits{Write: p.n, Read: pindown.Unlimited, BatchRead: pindown.Unlimited, Window: p.window}
}

// ideal is the burst ideal: N per window from the first send.
func (p params) ideal(writes int) time.Duration {
	return time.Duration((writes+p.n-1)/p.n-1) * p.window
}

func run(args []string) error {
	fs := flag.NewFlagSet("fleetbench", flag.ContinueOnError)
	child := fs.String("child", "", "internal: run as a child process with this JSON job")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *child != "" {
		return runChild(*child)
	}
	// A shorter window leaves the jitter margin (20 ms) and the requests'
	// latency, by which every window's slots move, too large a share.
	p := params{n: 30, window: time.Second, writes: 300}
	rs, err := startRedis()
	if err != nil {
		return err
	}
	defer rs.stop()
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	var results []result
	for _, c := range []struct {
		name        string
		mode        string
		busy, idle  int
		killRestart bool
	}{
		{"redis", "redis", procs, 0, false},
		{"one_busy", "redis", 1, procs - 1, false},
		{"share", "share", procs, 0, false},
		{"separate", "separate", procs, 0, false},
		{"killed", "redis", procs, 0, true},
	} {
		r, err := runCase(exe, rs, p, c.name, c.mode, c.busy, c.idle, c.killRestart)
		if err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		fmt.Fprintf(os.Stderr, "fleetbench: %s done in %v\n", c.name, r.elapsed.Round(time.Millisecond))
		results = append(results, r)
	}
	ov, err := overhead(rs.addr)
	if err != nil {
		return fmt.Errorf("overhead: %w", err)
	}
	report(p, results, ov)
	return nil
}

// job is what a child process does.
type job struct {
	URL, Key, Redis string
	Mode            string // redis, share, separate
	Writes          int    // 0: idle until stdin closes
	Limits          pindown.RateLimits
}

// childReport is what a child did.
type childReport struct {
	Sent, Done []int64 // per successful write: first send and response, unix ns
	Errors     []string
	MaxCall    time.Duration
	Local      bool // pacing with the local fallback at the end
}

// result is one case's measurements.
type result struct {
	name          string
	busy, idle    int
	writes, pins  int // writes reported done; pins on the server
	errors        int
	limited       int // 429s the server sent
	elapsed       time.Duration
	ideal         time.Duration
	fraction      float64
	maxCall       time.Duration
	local         int // children still on the local fallback at the end
	afterRestart  int // killed: writes done after Redis came back
	killAt, upAt  time.Duration
	lost, doubled int
}

// runCase runs one case: busy children writing and idle ones only holding
// a client, against a fresh server on the key, with Redis killed and
// started again during the writes when killRestart is set.
func runCase(exe string, rs *redisServer, p params, name, mode string, busy, idle int, killRestart bool) (result, error) {
	srv := pindowntest.NewServer(pindowntest.WithRateLimits(p.limits()))
	defer srv.Close()
	key := srv.NewKey()
	r := result{name: name, busy: busy, idle: idle}
	ps, err := startChildren(exe, job{URL: srv.URL, Key: key, Redis: rs.addr, Mode: mode, Limits: p.limits()}, p.writes, busy, idle)
	if err != nil {
		return r, err
	}
	start := time.Now()
	for _, c := range ps[:busy] {
		fmt.Fprintln(c.stdin, "go")
	}
	if killRestart {
		r.killAt, r.upAt = p.ideal(p.writes)/3, p.ideal(p.writes)/3+p.ideal(p.writes)/5
		if err := killAndRestart(rs, r.killAt, r.upAt); err != nil {
			return r, err
		}
	}
	reports, err := collectReports(ps, busy)
	if err != nil {
		return r, err
	}
	r.tally(reports[:busy], start, killRestart)
	r.ideal = p.ideal(r.writes)
	if r.elapsed > 0 {
		r.fraction = r.ideal.Seconds() / r.elapsed.Seconds()
	}
	for _, v := range srv.Stats().RateLimited {
		r.limited += v
	}
	// Count the pins on the server: a lost write is one reported done that
	// is not there, a doubled one a pin no write reported.
	if r.pins, err = countPins(srv.URL, key); err != nil {
		return r, err
	}
	r.lost, r.doubled = max(r.writes-r.pins, 0), max(r.pins-r.writes, 0)
	return r, nil
}

// A child is a child process and its pipes.
type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Reader
}

// startChildren starts busy children that share the writes evenly and idle
// ones that write nothing, each with j, and waits until each has made its
// client: children print "ready" then, so that "go" starts them all at once.
func startChildren(exe string, j job, writes, busy, idle int) ([]child, error) {
	var ps []child
	for i := range busy + idle {
		j.Writes = 0
		if i < busy {
			j.Writes = writes / busy
			if i < writes%busy {
				j.Writes++
			}
		}
		spec, _ := json.Marshal(j)
		cmd := exec.Command(exe, "-child", string(spec))
		cmd.Stderr = os.Stderr
		stdin, _ := cmd.StdinPipe()
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		ps = append(ps, child{cmd, stdin, bufio.NewReader(out)})
	}
	for i, c := range ps {
		if line, err := c.out.ReadString('\n'); err != nil || line != "ready\n" {
			return nil, fmt.Errorf("child %d: %q %v", i, line, err)
		}
	}
	return ps, nil
}

// killAndRestart kills Redis killAt after now and starts it again at upAt.
func killAndRestart(rs *redisServer, killAt, upAt time.Duration) error {
	time.Sleep(killAt)
	if err := rs.kill(); err != nil {
		return err
	}
	time.Sleep(upAt - killAt)
	return rs.start()
}

// collectReports reads the report of each of the first busy children, then
// lets the idle ones end (by closing their stdin) and waits for them all.
func collectReports(ps []child, busy int) ([]childReport, error) {
	reports := make([]childReport, len(ps))
	errs := make([]error, len(ps))
	var wg sync.WaitGroup
	for i, c := range ps[:busy] {
		wg.Go(func() {
			line, err := c.out.ReadBytes('\n')
			if err == nil {
				err = json.Unmarshal(line, &reports[i])
			}
			errs[i] = err
			c.stdin.Close()
		})
	}
	wg.Wait()
	for i, c := range ps {
		if i >= busy {
			c.stdin.Close()
		}
		if err := c.cmd.Wait(); err != nil && errs[i] == nil && i < busy {
			errs[i] = err
		}
	}
	return reports, errors.Join(errs...)
}

// tally adds up the busy children's reports into r: writes, errors (printed
// too), the time from the first send to the last response and, after a
// restart of Redis at r.upAt since start, the writes done after it.
func (r *result) tally(reports []childReport, start time.Time, killRestart bool) {
	var first, last int64 = math.MaxInt64, 0
	for _, rep := range reports {
		r.writes += len(rep.Done)
		r.errors += len(rep.Errors)
		r.maxCall = max(r.maxCall, rep.MaxCall)
		if rep.Local {
			r.local++
		}
		for i := range rep.Done {
			first, last = min(first, rep.Sent[i]), max(last, rep.Done[i])
			if killRestart && time.Unix(0, rep.Done[i]).Sub(start) > r.upAt {
				r.afterRestart++
			}
		}
		for _, e := range rep.Errors {
			fmt.Fprintf(os.Stderr, "fleetbench: %s: write failed: %s\n", r.name, e)
		}
	}
	r.elapsed = time.Duration(last - first)
}

// countPins returns how many pins the key has on the server at url.
func countPins(url, key string) (int, error) {
	c, err := pindown.NewClient(key, pindown.WithBaseURL(url), pindown.WithoutRateLimits())
	if err != nil {
		return 0, err
	}
	list, err := c.Pins.List(context.Background(), &pindown.ListOptions{Limit: 1})
	if err != nil {
		return 0, err
	}
	return list.Total, nil
}

// runChild is a child process: it makes its client, says "ready", waits
// for "go" (or, when idle, for stdin to close), writes its pins from four
// goroutines and prints its report as one JSON line.
func runChild(spec string) error {
	var j job
	if err := json.Unmarshal([]byte(spec), &j); err != nil {
		return err
	}
	redis.SetLogger(quiet{})
	budget, rb, closeRedis, err := childBudget(j)
	defer closeRedis()
	if err != nil {
		return err
	}
	c, err := pindown.NewClient(j.Key, pindown.WithBaseURL(j.URL), pindown.WithBudget(budget))
	if err != nil {
		return err
	}
	fmt.Println("ready")
	in := bufio.NewReader(os.Stdin)
	if j.Writes == 0 {
		_, err := io.Copy(io.Discard, in)
		return err
	}
	if _, err := in.ReadString('\n'); err != nil {
		return err
	}
	rep := writePins(c, j.Writes)
	if rb != nil {
		rep.Local = rb.Local()
	}
	line, _ := json.Marshal(rep)
	_, err = fmt.Println(string(line))
	return err
}

// childBudget makes the budget of j.Mode; rb is the Redis budget in mode
// redis, nil in the others. closeRedis closes the Redis client, if any.
func childBudget(j job) (budget pindown.Limiter, rb *redisbudget.Budget, closeRedis func(), err error) {
	closeRedis = func() {}
	switch j.Mode {
	case "redis":
		rdb := redis.NewClient(&redis.Options{Addr: j.Redis, ContextTimeoutEnabled: true, MaxRetries: -1})
		closeRedis = func() { rdb.Close() }
		rb, err = redisbudget.New(rdb, j.Key, j.Limits, redisbudget.WithFallbackShare(1.0/procs))
		budget = rb
	case "share":
		budget, err = pindown.NewBudget(j.Limits, 1.0/procs)
	case "separate":
		budget, err = pindown.NewBudget(j.Limits, 1)
	}
	return budget, rb, closeRedis, err
}

// writePins makes writes creates from four goroutines and reports when
// each was sent and answered.
func writePins(c *pindown.Client, writes int) childReport {
	var mu sync.Mutex
	var rep childReport
	next := 0
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= writes {
					return
				}
				sent := time.Now()
				_, err := c.Pins.CreateMarkdown(context.Background(), "fleet "+strconv.Itoa(i), pintypes.Markdown{Content: "# fleet"})
				done := time.Now()
				mu.Lock()
				rep.MaxCall = max(rep.MaxCall, done.Sub(sent))
				if err != nil {
					rep.Errors = append(rep.Errors, err.Error())
				} else {
					rep.Sent, rep.Done = append(rep.Sent, sent.UnixNano()), append(rep.Done, done.UnixNano())
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return rep
}

type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}

// overheadResult is what a permit costs through Redis.
type overheadResult struct {
	reserveP50, reserveP99, permitP50, permitP99 time.Duration
}

// overhead times Reserve, and Reserve then Done, through Redis with a
// limit never reached.
func overhead(addr string) (overheadResult, error) {
	rdb := redis.NewClient(&redis.Options{Addr: addr, ContextTimeoutEnabled: true})
	defer rdb.Close()
	b, err := redisbudget.New(rdb, "fleetbench-overhead", pindown.RateLimits{Write: 1 << 30, Window: time.Second})
	if err != nil {
		return overheadResult{}, err
	}
	ctx := context.Background()
	var reserves, permits []time.Duration
	for i := range 2200 {
		t0 := time.Now()
		p, err := b.Reserve(ctx, pindown.BucketWrite, t0)
		t1 := time.Now()
		if err != nil || p.Wait != 0 || b.Local() {
			return overheadResult{}, fmt.Errorf("permit %d: %v, wait %v, local %v", i, err, p.Wait, b.Local())
		}
		b.Done(ctx, p, pindown.Outcome{At: t1, Responded: true})
		t2 := time.Now()
		if i >= 200 { // warm
			reserves, permits = append(reserves, t1.Sub(t0)), append(permits, t2.Sub(t0))
		}
	}
	return overheadResult{pct(reserves, 50), pct(reserves, 99), pct(permits, 50), pct(permits, 99)}, nil
}

func pct(d []time.Duration, p int) time.Duration {
	slices.Sort(d)
	return d[min(len(d)-1, len(d)*p/100)]
}

// Targets.
const (
	minFleetFraction   = 0.95 // redis: 4 busy processes together
	minOneBusyFraction = 0.90 // one_busy: the busy process alone
)

func report(p params, rs []result, ov overheadResult) {
	fmt.Printf("\nfleet: %d processes, %d writes per %v (exact rolling window), %d writes in all\n\n", procs, p.n, p.window, p.writes)
	fmt.Printf("%-10s %-13s %7s %6s %6s %6s %9s %9s %8s %5s %7s %6s\n",
		"case", "processes", "writes", "pins", "errors", "429s", "elapsed", "ideal", "fraction", "lost", "doubled", "max call")
	for _, r := range rs {
		fmt.Printf("%-10s %-13s %7d %6d %6d %6d %8.2fs %8.2fs %8.3f %5d %7d %6s\n",
			r.name, fmt.Sprintf("%d busy %d idle", r.busy, r.idle), r.writes, r.pins, r.errors, r.limited,
			r.elapsed.Seconds(), r.ideal.Seconds(), r.fraction, r.lost, r.doubled, r.maxCall.Round(time.Millisecond))
	}
	fmt.Printf("\npermit through Redis: Reserve p50 %dµs p99 %dµs; Reserve+Done p50 %dµs p99 %dµs\n\n",
		ov.reserveP50.Microseconds(), ov.reserveP99.Microseconds(), ov.permitP50.Microseconds(), ov.permitP99.Microseconds())
	pass := func(ok bool) string {
		if ok {
			return "pass"
		}
		return "fail"
	}
	common := fmt.Sprintf("procs=%d n=%d window_s=%g writes=%d", procs, p.n, p.window.Seconds(), p.writes)
	for _, r := range rs {
		line := fmt.Sprintf("bench: scenario=fleet case=%s %s busy=%d idle=%d elapsed_s=%.3f ideal_s=%.3f fraction=%.3f 429s=%d errors=%d pins=%d lost=%d doubled=%d max_call_ms=%d",
			r.name, common, r.busy, r.idle, r.elapsed.Seconds(), r.ideal.Seconds(), r.fraction, r.limited, r.errors, r.pins, r.lost, r.doubled, r.maxCall.Milliseconds())
		var ok bool
		switch r.name {
		case "redis":
			ok = r.limited == 0 && r.fraction >= minFleetFraction && r.errors == 0 && r.lost+r.doubled == 0
		case "one_busy":
			ok = r.limited == 0 && r.fraction >= minOneBusyFraction && r.errors == 0 && r.lost+r.doubled == 0
		case "killed":
			line += fmt.Sprintf(" kill_s=%.2f restart_s=%.2f writes_after_restart=%d local_at_end=%d", r.killAt.Seconds(), r.upAt.Seconds(), r.afterRestart, r.local)
			ok = r.errors == 0 && r.lost+r.doubled == 0 && r.afterRestart > 0 && r.local == 0 && r.maxCall < 2*p.window+5*time.Second
		default: // share, separate: for comparison
			line += " targets=none"
			fmt.Println(line)
			continue
		}
		fmt.Println(line + " targets=" + pass(ok))
	}
	fmt.Printf("bench: scenario=fleet case=overhead reserve_us_p50=%d reserve_us_p99=%d permit_us_p50=%d permit_us_p99=%d\n",
		ov.reserveP50.Microseconds(), ov.reserveP99.Microseconds(), ov.permitP50.Microseconds(), ov.permitP99.Microseconds())
}

// redisServer is a redis-server this program started on a loopback port.
type redisServer struct {
	addr string
	cmd  *exec.Cmd
}

// startRedis starts redis-server on a free port, trying a few.
func startRedis() (*redisServer, error) {
	if _, err := exec.LookPath("redis-server"); err != nil {
		return nil, errors.New("redis-server is not on PATH (Debian: apt-get install redis-server)")
	}
	var last error
	for range 5 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		addr := l.Addr().String()
		l.Close()
		rs := &redisServer{addr: addr}
		if last = rs.start(); last == nil {
			return rs, nil
		}
	}
	return nil, last
}

// start starts the server on its address and waits until it answers.
func (rs *redisServer) start() error {
	_, port, _ := strings.Cut(rs.addr, ":")
	cmd := exec.Command("redis-server", "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no")
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	rdb := redis.NewClient(&redis.Options{Addr: rs.addr, MaxRetries: -1})
	defer rdb.Close()
	for range 100 {
		select {
		case <-exited:
			return fmt.Errorf("redis-server on %s exited", rs.addr)
		case <-time.After(50 * time.Millisecond):
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		err := rdb.Ping(ctx).Err()
		cancel()
		if err == nil {
			rs.cmd = cmd
			return nil
		}
	}
	cmd.Process.Kill()
	return fmt.Errorf("redis-server on %s does not answer", rs.addr)
}

// kill kills the server at once (SIGKILL): a crash.
func (rs *redisServer) kill() error {
	if rs.cmd == nil {
		return nil
	}
	err := rs.cmd.Process.Kill()
	rs.cmd = nil
	return err
}

func (rs *redisServer) stop() { rs.kill() }
