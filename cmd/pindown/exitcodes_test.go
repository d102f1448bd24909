package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
)

// TestExitCodes runs one failure of every class, and checks its exit code,
// that stdout stays empty and that stderr says why.
func TestExitCodes(t *testing.T) {
	tests := []struct {
		name       string
		opts       []pindowntest.Option
		setup      func(t *testing.T, c *cli) []string // returns the arguments
		stdin      string
		want       int
		wantStderr string
	}{
		{name: "ok", setup: func(*testing.T, *cli) []string { return []string{"pins", "list"} }, want: exitOK},
		{name: "usage: unknown command", setup: func(*testing.T, *cli) []string { return []string{"pins", "frobnicate"} },
			want: exitUsage, wantStderr: `unknown command "pins frobnicate"`},
		{name: "usage: unknown flag", setup: func(*testing.T, *cli) []string { return []string{"pins", "list", "--colour"} },
			want: exitUsage, wantStderr: "flag provided but not defined: -colour"},
		{name: "usage: missing title", setup: func(t *testing.T, _ *cli) []string {
			return []string{"push", "markdown", writeFile(t, "r.md", "hi")}
		}, want: exitUsage, wantStderr: "--title is required"},
		{name: "usage: bad layout", setup: func(*testing.T, *cli) []string {
			return []string{"push", "stats", "A=1", "--title", "T", "--layout", "9x9"}
		}, want: exitUsage, wantStderr: `--layout "9x9"`},
		{name: "usage: bad stat", setup: func(*testing.T, *cli) []string { return []string{"push", "stats", "A", "--title", "T"} },
			want: exitUsage, wantStderr: "want NAME=VALUE[:CHANGE]"},
		{name: "usage: bad base URL", setup: func(*testing.T, *cli) []string {
			return []string{"pins", "list", "--base-url", "ftp://example.com/v1"}
		}, want: exitUsage, wantStderr: "configuration"},
		{name: "usage: nothing to update", setup: func(*testing.T, *cli) []string { return []string{"pins", "update", "p-1"} },
			want: exitUsage, wantStderr: "nothing to update"},
		{name: "usage: delete without ids", setup: func(*testing.T, *cli) []string { return []string{"pins", "delete"} },
			want: exitUsage, wantStderr: "needs pin ids or --tag"},
		{name: "invalid: config", setup: func(t *testing.T, _ *cli) []string {
			return []string{"pins", "create", "--type", "stat-cards", "--title", "T", "--config", writeFile(t, "c.json", `{"cards":[{"title":"A"}]}`)}
		}, want: exitInvalid, wantStderr: "cards[0].value: required"},
		{name: "invalid: not JSON", setup: func(t *testing.T, _ *cli) []string {
			return []string{"pins", "create", "--title", "T", "--config", "-"}
		}, stdin: "{", want: exitInvalid, wantStderr: "not valid JSON"},
		{name: "invalid: missing file", setup: func(*testing.T, *cli) []string {
			return []string{"push", "markdown", "/nonexistent/r.md", "--title", "T"}
		}, want: exitInvalid, wantStderr: "no such file"},
		{name: "invalid: CSV", setup: func(t *testing.T, _ *cli) []string {
			return []string{"push", "table", writeFile(t, "t.csv", "a,a\n1,2\n"), "--title", "T"}
		}, want: exitInvalid, wantStderr: `column "a" appears twice`},
		{name: "invalid: import line", setup: func(*testing.T, *cli) []string { return []string{"pins", "import", "-"} },
			stdin: `{"title":"ok"}` + "\n" + `{"type":"stat-cards","title":"","config":{"cards":[{"title":"A"}]},"colour":1}` + "\n" +
				`{"type":"stat-cards","title":"x","layout":"5x5","config":{"cards":[]}}` + "\n",
			want: exitInvalid, wantStderr: `line 2: json: unknown field "colour"`},
		{name: "invalid: server-side 400", setup: func(*testing.T, *cli) []string {
			return []string{"pins", "list", "--limit", "500"}
		}, want: exitInvalid},
		{name: "invalid: validate", setup: func(t *testing.T, _ *cli) []string {
			return []string{"validate", "table", writeFile(t, "c.json", `{"columns":[]}`)}
		}, want: exitInvalid, wantStderr: "the table config has"},
		{name: "auth: no key", setup: func(_ *testing.T, c *cli) []string {
			delete(c.env, "PINDOWN_API_KEY")
			return []string{"pins", "list"}
		}, want: exitAuth, wantStderr: "PINDOWN_API_KEY is not set"},
		{name: "auth: unknown key", setup: func(_ *testing.T, c *cli) []string {
			c.env["PINDOWN_API_KEY"] = "pk_test_nobodyhasthiskey"
			return []string{"pins", "get", "p-abc"}
		}, want: exitAuth, wantStderr: "401 UNAUTHORIZED"},
		{name: "auth: missing scope", setup: func(_ *testing.T, c *cli) []string {
			c.env["PINDOWN_API_KEY"] = c.srv.NewKey("pins:read")
			return []string{"push", "stats", "A=1", "--title", "T"}
		}, want: exitAuth, wantStderr: "SCOPE_REQUIRED"},
		{name: "not found: get", setup: func(*testing.T, *cli) []string { return []string{"pins", "get", "p-doesnotexist"} },
			want: exitNotFound, wantStderr: "NOT_FOUND"},
		{name: "not found: delete", setup: func(*testing.T, *cli) []string { return []string{"pins", "delete", "p-doesnotexist"} },
			want: exitNotFound},
		{name: "not found: batch delete", setup: func(t *testing.T, c *cli) []string {
			id := createPin(t, c, "keep")
			return []string{"pins", "delete", id, "p-doesnotexist"}
		}, want: exitNotFound, wantStderr: "1 of 2 pins were not deleted"},
		{name: "rate limited beyond --max-wait",
			opts: []pindowntest.Option{pindowntest.WithRateLimits(pindown.RateLimits{Read: 1, Window: 10 * time.Second})},
			setup: func(t *testing.T, c *cli) []string {
				c.ok("", "pins", "get", createPin(t, c, "x")) // spends the one read of the window
				return []string{"pins", "list", "--max-wait", "5ms"}
			}, want: exitRateLimited, wantStderr: "429 RATE_LIMITED"},
		{name: "server error", setup: func(_ *testing.T, c *cli) []string {
			c.srv.Inject(pindowntest.RouteGet, pindowntest.Fault{Status: 501})
			return []string{"pins", "get", "p-abc"}
		}, want: exitServer, wantStderr: "501"},
		{name: "not the API (HTML 404)", setup: func(t *testing.T, _ *cli) []string {
			web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusNotFound)
				io.WriteString(w, "<html>no such page</html>")
			}))
			t.Cleanup(web.Close)
			return []string{"pins", "get", "p-abc", "--base-url", web.URL}
		}, want: exitServer, wantStderr: "base URL"},
		{name: "may have been created", setup: func(_ *testing.T, c *cli) []string {
			c.srv.Inject(pindowntest.RouteCreate, pindowntest.Fault{Status: 500, AfterProcessing: true})
			return []string{"push", "stats", "A=1", "--title", "T"}
		}, want: exitMaybe, wantStderr: "may have been created"},
		{name: "import may have been created", setup: func(_ *testing.T, c *cli) []string {
			c.srv.Inject(pindowntest.RouteBatchCreate, pindowntest.Fault{Status: 502, AfterProcessing: true})
			return []string{"pins", "import", "-"}
		}, stdin: `{"title":"a"}` + "\n" + `{"title":"b"}` + "\n", want: exitMaybe, wantStderr: "2 of 2 pins were not created"},
		{name: "interrupted", setup: func(_ *testing.T, c *cli) []string {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			c.ctx = ctx
			return []string{"pins", "list"}
		}, want: exitInterrupted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLI(t, tt.opts...)
			args := tt.setup(t, c)
			r := c.run(tt.stdin, args...)
			if r.code != tt.want {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.want, r.stdout, r.stderr)
			}
			if tt.want != exitOK && tt.want != exitNotFound && r.stdout != "" && !strings.HasPrefix(tt.name, "invalid: validate") {
				t.Errorf("stdout not empty on failure: %q", r.stdout)
			}
			if !strings.Contains(r.stderr, tt.wantStderr) {
				t.Errorf("stderr %q does not contain %q", r.stderr, tt.wantStderr)
			}
		})
	}
}

// createPin creates a markdown pin and returns its id.
func createPin(t *testing.T, c *cli, title string, tags ...string) string {
	t.Helper()
	args := []string{"push", "markdown", "-", "--title", title, "--json"}
	for _, tag := range tags {
		args = append(args, "--tags", tag)
	}
	r := c.ok("content of "+title, args...)
	return decodeJSON[pinJSON](t, r.stdout).ID
}
