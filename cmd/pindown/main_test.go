package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/pindownai/client-go/pindowntest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestMain fails the package's tests if any of them leaves a goroutine
// running.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// result is what one run of the command did.
type result struct {
	code           int
	stdout, stderr string
}

// cli runs the command against a pindowntest server, as a shell would.
type cli struct {
	t        *testing.T
	srv      *pindowntest.Server
	env      map[string]string
	terminal bool            // force stderr to count as a terminal
	ctx      context.Context // nil: context.Background()
}

// newCLI starts a server (with opts) and returns a cli whose environment
// holds its URL and a fresh key of all scopes.
func newCLI(t *testing.T, opts ...pindowntest.Option) *cli {
	t.Helper()
	srv := pindowntest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return &cli{t: t, srv: srv, env: map[string]string{
		"PINDOWN_BASE_URL": srv.URL,
		"PINDOWN_API_KEY":  srv.NewKey(),
	}}
}

// fixedTime is the clock of golden runs, so that timestamps are stable.
var fixedTime = time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)

// newGoldenCLI is newCLI with reproducible ids and times.
func newGoldenCLI(t *testing.T) *cli {
	return newCLI(t, pindowntest.WithSeed(17), pindowntest.WithClock(func() time.Time { return fixedTime }))
}

func (c *cli) run(stdin string, args ...string) result {
	c.t.Helper()
	var out, errb bytes.Buffer
	ctx := c.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	a := newApp(ctx, func(k string) string { return c.env[k] }, strings.NewReader(stdin), &out, &errb)
	if c.terminal {
		a.isTerminal = func(io.Writer) bool { return true }
	}
	code := a.main(args)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// ok runs args and fails the test unless the exit code is 0.
func (c *cli) ok(stdin string, args ...string) result {
	c.t.Helper()
	r := c.run(stdin, args...)
	if r.code != 0 {
		c.t.Fatalf("pindown %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

// writeFile writes content to a file in a fresh temporary directory and
// returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// golden compares got with testdata/NAME, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// TestRun drives run itself, the function main calls, with its real
// streams' stand-ins.
func TestRun(t *testing.T) {
	var out, errb bytes.Buffer
	cfg := writeFile(t, "c.json", `{"content":"# ok"}`)
	if code := run([]string{"validate", "markdown", cfg}, func(string) string { return "" }, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "valid markdown config") {
		t.Errorf("stdout %q", out.String())
	}
	out.Reset()
	if code := run(nil, func(string) string { return "" }, strings.NewReader(""), &out, &errb); code != exitUsage || out.Len() != 0 {
		t.Errorf("no command: exit %d, stdout %q", code, out.String())
	}
}
