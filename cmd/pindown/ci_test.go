package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
)

// TestCIScript runs what a CI job does, end to end: push a report and stats,
// read the ids a later step gets from $GITHUB_OUTPUT, list the pins as JSON,
// update the stats pin, share it, and clean up.
func TestCIScript(t *testing.T) {
	c := newCLI(t)
	ghOut := filepath.Join(t.TempDir(), "github_output")
	if err := os.WriteFile(ghOut, []byte("earlier=1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.env["GITHUB_OUTPUT"] = ghOut
	c.env["CI"] = "true"

	report := decodeJSON[pinJSON](t, c.ok("# Build 42\n\nAll green.\n", "push", "markdown", "-", "--title", "Build 42", "--tags", "ci", "--json").stdout)
	stats := decodeJSON[pinJSON](t, c.ok("", "--json", "push", "stats", "Tests=1,024:+12", "Failures=0:-3", "--title", "Build 42 stats", "--tags", "ci,tmp").stdout)

	b, err := os.ReadFile(ghOut)
	if err != nil {
		t.Fatal(err)
	}
	want := "earlier=1\n" +
		"pin_id=" + report.ID + "\npin_url=https://pindown.ai/share/pin/" + report.ID + "\n" +
		"pin_id=" + stats.ID + "\npin_url=https://pindown.ai/share/pin/" + stats.ID + "\n"
	if string(b) != want {
		t.Errorf("GITHUB_OUTPUT:\n%s\nwant:\n%s", b, want)
	}

	pins := decodeJSON[[]pinJSON](t, c.ok("", "pins", "list", "--json").stdout)
	if len(pins) != 2 || pins[0].ID != stats.ID || pins[1].ID != report.ID {
		t.Fatalf("list: %+v", pins)
	}

	kpis := writeFile(t, "kpis.json", `{"cards":[{"title":"Tests","value":"1,030","change":"+6","trend":"up"}]}`)
	c.ok("", "pins", "update", stats.ID, "--config", kpis) // the type is read from the pin
	got := decodeJSON[pinJSON](t, c.ok("", "pins", "get", stats.ID, "--json").stdout)
	if got.Type != "stat-cards" || !strings.Contains(string(got.Config), `"1,030"`) {
		t.Errorf("after update: %s %s", got.Type, got.Config)
	}

	share := c.ok("", "pins", "share", report.ID) // no flag: make it public
	if !strings.Contains(share.stdout, "sharing:  public\n") {
		t.Errorf("share: %q", share.stdout)
	}
	c.ok("", "pins", "delete", "--tag", "tmp")
	if n := c.srv.Stats().Pins; n != 1 {
		t.Errorf("%d pins left, want 1", n)
	}
}

// TestMock starts the mock server, reads the export lines it prints, runs a
// command against it, and stops it by cancelling the context.
func TestMock(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		a := newApp(ctx, func(string) string { return "" }, strings.NewReader(""), pw, io.Discard)
		done <- a.main([]string{"mock", "--addr", "127.0.0.1:0", "--seed", "3"})
		pw.Close()
	}()
	env := map[string]string{}
	sc := bufio.NewScanner(pr)
	for len(env) < 2 && sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "export "), "=")
		if !ok || !strings.HasPrefix(sc.Text(), "export ") {
			t.Fatalf("printed %q", sc.Text())
		}
		env[k] = v
	}
	go io.Copy(io.Discard, pr)
	if !strings.HasPrefix(env["PINDOWN_BASE_URL"], "http://127.0.0.1:") || !strings.HasPrefix(env["PINDOWN_API_KEY"], "pk_test_") {
		t.Fatalf("printed %v", env)
	}
	c := &cli{t: t, env: env}
	c.ok("", "push", "stats", "Users=3", "--title", "Try")
	if r := c.ok("", "pins", "list"); !strings.Contains(r.stdout, "Try") {
		t.Errorf("list: %q", r.stdout)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("mock exit %d", code)
	}
	if r := (&cli{t: t}).run("", "mock", "--addr", "256.0.0.1:-3"); r.code != exitUsage {
		t.Errorf("bad address: exit %d", r.code)
	}
}

// TestKeyNeverPrinted runs commands that succeed, fail and print help with a
// key set, and looks for the key in everything printed.
func TestKeyNeverPrinted(t *testing.T) {
	c := newCLI(t, pindowntest.WithRateLimits(pindown.RateLimits{Read: 1, Window: time.Minute}))
	key := c.env["PINDOWN_API_KEY"]
	// An API that echoes the key in its error page.
	echo := newEchoServer(t)
	runs := [][]string{
		{"push", "stats", "A=1", "--title", "T", "--json"},
		{"pins", "list", "--json"},
		{"pins", "list", "--max-wait", "1ms"}, // 429
		{"pins", "get", "p-x", "--base-url", echo},
		{"pins", "--help"},
		{"--help"},
		{"pins", "create", "--help"},
		{"pins", "list", "--bogus"},
	}
	for _, args := range runs {
		r := c.run("", args...)
		if strings.Contains(r.stdout+r.stderr, key) || strings.Contains(r.stdout+r.stderr, key[8:]) {
			t.Errorf("%q printed the key:\n%s%s", args, r.stdout, r.stderr)
		}
	}
	// A key the client refuses (whitespace): the error must not echo it.
	c.env["PINDOWN_API_KEY"] = "pk_test_has space"
	if r := c.run("", "pins", "list"); strings.Contains(r.stderr, "has space") {
		t.Errorf("printed the malformed key: %q", r.stderr)
	}
}
