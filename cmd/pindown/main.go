// Command pindown drives the Pindown API from a shell or a CI step: create,
// upsert, read, list, update, share and delete pins, import many from JSON
// Lines, push a markdown file, a CSV table or stat cards in one line (with
// --key, to the same pin every run), manage pinboards and pages, validate a
// pin config offline, and run an in-memory mock of the API.
//
//	go install github.com/pindownai/client-go/cmd/pindown@latest
//	export PINDOWN_API_KEY=pk_live_…
//	pindown push stats "Users=1,234:+5%" "Errors=3:-2" --title "Nightly"
//
// Run `pindown --help` for the commands, flags and exit codes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	pindown "github.com/pindownai/client-go"
)

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole command: args without the program name, env reads the
// environment, and it returns the exit code (see exitcodes.go). SIGINT and
// SIGTERM cancel what is under way.
func run(args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a := newApp(ctx, env, stdin, stdout, stderr)
	return a.main(args)
}

// app is one run of the command: its environment, its streams and the
// settings every command shares.
type app struct {
	ctx    context.Context
	env    func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer

	// isTerminal reports whether w is a terminal; progress is shown on
	// stderr only when it is. Tests replace it to force progress on.
	isTerminal func(w io.Writer) bool

	// Flags every command accepts (see globals.register).
	baseURL string
	maxWait time.Duration
	json    bool

	errMu sync.Mutex // serialises progress lines on stderr
}

func newApp(ctx context.Context, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) *app {
	return &app{ctx: ctx, env: env, stdin: stdin, stdout: stdout, stderr: stderr, isTerminal: isTerminal,
		maxWait: 90 * time.Second} // the SDK's default WithMaxWait
}

// main dispatches args to a command and turns its error into an exit code.
func (a *app) main(args []string) int {
	err := a.dispatch(args)
	if err == nil || errors.Is(err, errHelpShown) {
		return exitOK
	}
	code := exitCode(err)
	msg := a.redact(err.Error())
	if !strings.HasPrefix(msg, "pindown: ") {
		msg = "pindown: " + msg
	}
	fmt.Fprintln(a.stderr, msg)
	if notTheAPI(err) {
		fmt.Fprintln(a.stderr, "pindown: the response did not come from the Pins API: check the base URL (it ends in /v1)")
	}
	if code == exitUsage {
		fmt.Fprintln(a.stderr, "pindown: run 'pindown --help' (or 'pindown COMMAND --help') for usage")
	}
	return code
}

// redact removes the API key from text that may echo it.
func (a *app) redact(s string) string {
	if k := a.env("PINDOWN_API_KEY"); len(k) >= 4 {
		s = strings.ReplaceAll(s, k, "[API key]")
	}
	return s
}

// errHelpShown ends a command whose --help was printed (exit 0).
var errHelpShown = errors.New("help shown")

// A command is a leaf of the command tree: run, or flags for a command
// with flags of its own.
type command struct {
	name    string // such as "create"
	args    string // the positional arguments in the usage line
	summary string // one line for the parent's list
	help    string // what it does, in a paragraph or two
	example string // one or more lines a user can paste
	run     runFunc
	// flags registers the command's flags on fs and returns its run, which
	// reads them once fs is parsed.
	flags func(fs *flag.FlagSet) runFunc
}

// A runFunc runs a command on its positional arguments.
type runFunc func(a *app, args []string) error

// A group is a command with subcommands (pins, push, boards, pages).
type group struct {
	name    string
	summary string
	cmds    []*command
}

// The command tree.
func groups() []*group {
	return []*group{
		{name: "pins", summary: "create, upsert, read, list, update, share, import and delete pins", cmds: pinsCommands},
		{name: "push", summary: "create (or with --key update) a pin from a file or values in one line (for CI)", cmds: pushCommands},
		{name: "boards", summary: "create, read, list, share and delete pinboards, and place pins on them", cmds: boardsCommands},
		{name: "pages", summary: "create, read, list, publish and delete pages, add pins and invite people", cmds: pagesCommands},
	}
}

// commands are the top-level leaves.
func commands() []*command {
	return []*command{validateCommand(), mockCommand}
}

const topHelp = `pindown: the Pindown API (pins, pinboards, pages) from a shell and from CI.

Usage:
  pindown [--json] [--base-url URL] [--max-wait D] COMMAND [ARGS] [FLAGS]

Commands:
%s
Configuration:
  PINDOWN_API_KEY    the API key (required by every command but validate and mock;
                     never printed)
  PINDOWN_BASE_URL   the API's full base URL, such as http://127.0.0.1:8080/v1
                     (default https://api.pindown.ai/v1); --base-url overrides it
  GITHUB_OUTPUT      when set, pins create, pins upsert and push append pin_id=… and
                     pin_url=… to it

Flags accepted by every command:
  --json             print results as JSON (snake_case fields) instead of text
  --base-url URL     the API's base URL, overriding PINDOWN_BASE_URL
  --max-wait D       the longest wait for rate budget before one retry (default 90s);
                     a longer wait fails with exit code 6

Example:
  pindown mock --addr 127.0.0.1:8080 > mock.env &   # or export a real key
  sleep 1; . ./mock.env
  pindown push markdown report.md --title "Nightly report" --tags ci
  pindown pins list --json

` + exitCodesHelp

func (a *app) printTopHelp(w io.Writer) {
	var b strings.Builder
	for _, g := range groups() {
		for _, c := range g.cmds {
			fmt.Fprintf(&b, "  %-22s %s\n", g.name+" "+c.name, c.summary)
		}
	}
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-22s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, topHelp, b.String())
}

// registerGlobals adds the flags every command accepts to fs.
func (a *app) registerGlobals(fs *flag.FlagSet) {
	fs.BoolVar(&a.json, "json", a.json, "print results as JSON")
	fs.StringVar(&a.baseURL, "base-url", a.baseURL, "the API's base `URL` (default $PINDOWN_BASE_URL or "+pindown.DefaultBaseURL+")")
	fs.DurationVar(&a.maxWait, "max-wait", a.maxWait, "the longest wait for rate budget before one retry; longer fails with exit code 6")
}

func (a *app) dispatch(args []string) error {
	top := flag.NewFlagSet("pindown", flag.ContinueOnError)
	top.SetOutput(io.Discard)
	a.registerGlobals(top)
	if err := top.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			a.printTopHelp(a.stdout)
			return errHelpShown
		}
		return usageErr("%v", err)
	}
	args = top.Args()
	if len(args) == 0 {
		a.printTopHelp(a.stderr)
		return usageErr("no command given")
	}
	name, rest := args[0], args[1:]
	if name == "help" {
		if len(rest) == 0 {
			a.printTopHelp(a.stdout)
			return errHelpShown
		}
		return a.dispatch(append(rest, "--help"))
	}
	for _, c := range commands() {
		if c.name == name {
			return a.runCommand(name, c, rest)
		}
	}
	for _, g := range groups() {
		if g.name != name {
			continue
		}
		if len(rest) == 0 || rest[0] == "-h" || rest[0] == "--help" || rest[0] == "-help" {
			w := a.stdout
			if len(rest) == 0 {
				w = a.stderr
			}
			fmt.Fprintf(w, "pindown %s: %s\n\nCommands:\n", g.name, g.summary)
			for _, c := range g.cmds {
				fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
			}
			fmt.Fprintf(w, "\nRun 'pindown %s COMMAND --help' for a command's flags and an example.\n\n%s", g.name, exitCodesHelp)
			if len(rest) == 0 {
				return usageErr("pindown %s: no command given", g.name)
			}
			return errHelpShown
		}
		for _, c := range g.cmds {
			if c.name == rest[0] {
				return a.runCommand(g.name+" "+c.name, c, rest[1:])
			}
		}
		return usageErr("unknown command %q", g.name+" "+rest[0])
	}
	return usageErr("unknown command %q", name)
}

// runCommand parses a leaf command's flags (anywhere among its arguments)
// and runs it.
func (a *app) runCommand(path string, c *command, args []string) error {
	fs := flag.NewFlagSet("pindown "+path, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	run := c.run
	if c.flags != nil {
		run = c.flags(fs)
	}
	a.registerGlobals(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			a.printCommandHelp(a.stdout, path, c, fs)
			return errHelpShown
		}
		return usageErr("pindown %s: %v", path, err)
	}
	return run(a, pos)
}

func (a *app) printCommandHelp(w io.Writer, path string, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: pindown %s %s\n\n%s\n\nExample:\n", path, c.args, strings.TrimSpace(c.help))
	for _, l := range strings.Split(strings.TrimSpace(c.example), "\n") {
		fmt.Fprintf(w, "  %s\n", strings.TrimSpace(l))
	}
	fmt.Fprintln(w, "\nFlags:")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	fmt.Fprintln(w)
	fmt.Fprint(w, exitCodesHelp)
}

// parseInterspersed parses fs's flags wherever they stand among args (the
// standard flag package stops at the first argument that is not a flag) and
// returns the positional arguments in order. "--" ends the flags; "-" is a
// positional argument (stdin).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// flagSet reports whether any of the flags names was given on the command
// line.
func flagSet(fs *flag.FlagSet, names ...string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		set = set || slices.Contains(names, f.Name)
	})
	return set
}

// setBool is the function of a bool flag (fs.BoolFunc) that sets *p only
// when the flag is given: a setting left nil keeps its value on the server.
func setBool(p **bool) func(string) error {
	return func(s string) error {
		v, err := strconv.ParseBool(s)
		if err != nil {
			return errors.New("parse error") // as a flag of fs.Bool says
		}
		*p = &v
		return nil
	}
}
