// Command pindown-mock runs pindowntest's in-memory Pindown API server on an
// address, for trying the SDK or any HTTP client without an account:
//
//	go run ./cmd/pindown-mock -addr 127.0.0.1:8080
//
// It prints the base URL and an API key with all scopes (as shell variable
// assignments for PINDOWN_BASE_URL and PINDOWN_API_KEY) and serves until
// interrupted. Pins, pinboards and pages live in memory only; pinboards and
// pages get the default rate limits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "pindown-mock:", err)
		os.Exit(2)
	}
}

// run parses args, serves until ctx ends or SIGINT/SIGTERM, and reports
// flag and listen errors.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pindown-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	d := pindown.DefaultRateLimits
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on (port 0 picks a free port)")
	read := fs.Int("read", d.Read, "read requests per window and key (-1: unlimited)")
	batchRead := fs.Int("batch-read", d.BatchRead, "batch-get requests per window and key (-1: unlimited)")
	write := fs.Int("write", d.Write, "write requests per window and key (-1: unlimited)")
	window := fs.Duration("window", d.Window, "rolling rate-limit window")
	noHeaders := fs.Bool("no-ratelimit-headers", false, "send no Retry-After or X-RateLimit-* headers")
	approx := fs.Bool("approximate-windows", false, "use the approximate sliding-window counter instead of the exact rolling window")
	seed := fs.Int64("seed", 0, "seed for deterministic keys and pin ids (0: random)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}

	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	opts := []pindowntest.Option{
		pindowntest.WithListener(l),
		pindowntest.WithRateLimits(pindown.RateLimits{Read: *read, BatchRead: *batchRead, Write: *write, Window: *window}),
	}
	if *noHeaders {
		opts = append(opts, pindowntest.WithoutRateLimitHeaders())
	}
	if *approx {
		opts = append(opts, pindowntest.WithApproximateWindows())
	}
	if *seed != 0 {
		opts = append(opts, pindowntest.WithSeed(*seed))
	}
	srv := pindowntest.NewServer(opts...)
	defer srv.Close()

	fmt.Fprintf(stdout, "PINDOWN_BASE_URL=%s\nPINDOWN_API_KEY=%s\n", srv.URL, srv.NewKey())
	fmt.Fprintln(stderr, "pindown-mock: serving the Pindown API in memory; Ctrl-C stops it")

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}
