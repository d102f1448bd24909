package main

import (
	"flag"
	"fmt"
	"net"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
)

var mockCommand = &command{
	name: "mock", args: "[--addr HOST:PORT] [--seed N]",
	summary: "serve an in-memory Pins API for local tries and tests",
	help: `Starts pindowntest's in-memory Pins API (the production rate limits, every pin
type validated, nothing stored on disk), prints shell lines that point the
pindown command and the SDK at it with a fresh key of all scopes, and serves
until interrupted. No API key is needed.`,
	example: `pindown mock --addr 127.0.0.1:8080 > mock.env &
sleep 1; . ./mock.env; pindown push stats "Users=3" --title Try`,
	flags: func(fs *flag.FlagSet) runFunc {
		addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on (port 0 picks a free port)")
		seed := fs.Int64("seed", 0, "seed for reproducible keys and pin ids (0: random)")
		return func(a *app, args []string) error {
			if len(args) > 0 {
				return usageErr("unexpected arguments %q", args)
			}
			l, err := net.Listen("tcp", *addr)
			if err != nil {
				return usageErr("mock: %v", err)
			}
			sopts := []pindowntest.Option{pindowntest.WithListener(l), pindowntest.WithRateLimits(pindown.DefaultRateLimits)}
			if *seed != 0 {
				sopts = append(sopts, pindowntest.WithSeed(*seed))
			}
			srv := pindowntest.NewServer(sopts...)
			defer srv.Close()
			// The mock's own test key is printed on purpose: it is the output.
			fmt.Fprintf(a.stdout, "export PINDOWN_BASE_URL=%s\nexport PINDOWN_API_KEY=%s\n", srv.URL, srv.NewKey())
			fmt.Fprintln(a.stderr, "pindown mock: serving the Pins API in memory at "+srv.URL+"; Ctrl-C stops it")
			<-a.ctx.Done()
			return nil
		}
	},
}
