// Command bench measures the SDK against pindowntest and prints the
// performance table:
//
//	go run ./internal/bench [-scenario name] [-quick] [-cpuprofile file]
//
// The scenarios are
//
//	overhead  Pins.Get and Pins.Create through the SDK against hand-written net/http
//	paced     writes under a rate limit: the SDK, a naive go-retryablehttp client and
//	          a token bucket, with and without rate-limit headers; also approximate
//	          windows, two clients on one key, and two clients sharing a key by halves
//	bulk      2,000 pins by one BatchCreate against 2,000 Create calls
//	listall   the client's peak heap while ListAll iterates 10,000 and 100,000 pins
//	upsert    re-runs of Pins.Upsert on one key with lost responses and 500s after
//	          creates, and racing callers: one pin per key, requests per run
//	live      500 pins changing 10 times a second through Live, and through a naive
//	          loop of Update calls: staleness against the rate limit's floor
//	mixed     pins, pinboards and pages at once through one client: all eight
//	          buckets busy under scaled exact windows; 429s and each bucket's
//	          fraction of its allowance
//
// Each scenario prints a table for people as it finishes. Then come the
// machine-readable lines, one per scenario (paced has one per header mode):
//
//	bench: scenario=<name> [headers=on|off] elapsed_s=<s> <key>=<value> … targets=pass|fail
//
// Every number is measured. -quick chooses smaller workloads and scaled
// windows so that the whole run takes under a minute on two cores; the full
// run takes a few minutes. Measurements of timing are only as quiet as the
// machine: run nothing else meanwhile.
//
// Servers run in child processes (this binary with a hidden -serve-pins
// flag) where the client's heap or allocations are measured, in process
// otherwise.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"time"
)

func main() {
	err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// run parses args and runs the chosen scenarios, or, with the hidden
// -serve-pins flag, serves as the child process of a scenario (see serve).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	f, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if f.servePins >= 0 {
		return serve(f.servePins, stdin, stdout)
	}
	chosen, err := chooseScenarios(f.scenario)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding this binary to run child servers: %w", err)
	}
	if f.cpuProfile != "" {
		stopProfile, err := startCPUProfile(f.cpuProfile)
		if err != nil {
			return err
		}
		defer stopProfile()
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	e := &env{quick: f.quick, exe: exe, log: stderr}
	return runScenarios(ctx, e, chosen, stdout)
}

// benchFlags are the command line's flags.
type benchFlags struct {
	scenario   string // the scenario's name, or all
	quick      bool
	cpuProfile string // the file for a CPU profile, or ""
	servePins  int    // ≥ 0 in a child server: the pins to serve
}

// parseFlags parses args, writing usage and errors to stderr. The usage
// leaves out the hidden -serve-pins flag.
func parseFlags(args []string, stderr io.Writer) (*benchFlags, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := &benchFlags{}
	fs.StringVar(&f.scenario, "scenario", "all", "`name` of the scenario to run: "+strings.Join(scenarioNames(), ", ")+", or all")
	fs.BoolVar(&f.quick, "quick", false, "smaller workloads and scaled windows: the whole run in well under a minute")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of the scenarios (this process only) to `file`")
	fs.IntVar(&f.servePins, "serve-pins", -1, "internal: serve pindowntest with this many pins for the parent process")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./internal/bench [-scenario name] [-quick] [-cpuprofile file]")
		fs.VisitAll(func(fl *flag.Flag) {
			if fl.Name != "serve-pins" {
				fmt.Fprintf(stderr, "  -%s\n    \t%s\n", fl.Name, fl.Usage)
			}
		})
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	return f, nil
}

// chooseScenarios returns the scenario called name, or every scenario for
// "all".
func chooseScenarios(name string) ([]scenario, error) {
	var chosen []scenario
	for _, s := range scenarios() {
		if name == "all" || name == s.name {
			chosen = append(chosen, s)
		}
	}
	if len(chosen) == 0 {
		return nil, fmt.Errorf("unknown scenario %q (want one of %s, or all)", name, strings.Join(scenarioNames(), ", "))
	}
	return chosen, nil
}

// startCPUProfile starts profiling this process's CPU into the file name,
// and returns the function that stops profiling and closes the file.
func startCPUProfile(name string) (stop func(), err error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// runScenarios runs the chosen scenarios one after another, printing each
// one's table to stdout as it finishes, then every scenario's
// machine-readable lines and the total time.
func runScenarios(ctx context.Context, e *env, chosen []scenario, stdout io.Writer) error {
	mode := "full"
	if e.quick {
		mode = "quick"
	}
	fmt.Fprintf(stdout, "pindown SDK benchmarks (%s mode)\n", mode)
	start := time.Now()
	var reports []*report
	for _, s := range chosen {
		t := time.Now()
		r, err := s.run(ctx, e)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		r.scenario, r.elapsed = s.name, time.Since(t)
		r.print(stdout)
		reports = append(reports, r)
	}
	fmt.Fprintln(stdout)
	for _, r := range reports {
		for _, l := range r.lines() {
			fmt.Fprintln(stdout, l)
		}
	}
	fmt.Fprintf(stdout, "total %.1fs\n", time.Since(start).Seconds())
	return nil
}

// env is what every scenario gets: the mode, and how to start child servers.
type env struct {
	quick bool
	exe   string    // this binary, run with -serve-pins for child servers
	log   io.Writer // progress notes (stderr)
}

// logf writes a progress note.
func (e *env) logf(format string, args ...any) {
	fmt.Fprintf(e.log, "bench: "+format+"\n", args...)
}

// A scenario measures one thing and reports it.
type scenario struct {
	name string
	run  func(context.Context, *env) (*report, error)
}

// scenarios lists the scenarios in the order "all" runs them.
func scenarios() []scenario {
	return []scenario{
		{"overhead", sized(overhead, overheadParamsFor)},
		{"paced", sized(paced, pacedParamsFor)},
		{"bulk", sized(bulk, bulkParamsFor)},
		{"listall", sized(listAll, listAllParamsFor)},
		{"upsert", sized(upsert, upsertParamsFor)},
		{"live", sized(live, liveParamsFor)},
		{"mixed", sized(mixed, mixedParamsFor)},
	}
}

// sized returns a scenario's run: run with the params paramsFor picks for
// the mode.
func sized[P any](run func(context.Context, *env, P) (*report, error), paramsFor func(quick bool) P) func(context.Context, *env) (*report, error) {
	return func(ctx context.Context, e *env) (*report, error) { return run(ctx, e, paramsFor(e.quick)) }
}

func scenarioNames() []string {
	var names []string
	for _, s := range scenarios() {
		names = append(names, s.name)
	}
	return names
}
