package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pindownai/client-go/pindowntest"
)

// jsonLines returns n import lines alternating markdown and stat-cards pins.
func jsonLines(n int, tag string) string {
	var b strings.Builder
	for i := range n {
		if i%2 == 0 {
			fmt.Fprintf(&b, `{"title":"Row %d","config":{"content":"row %d"},"tags":[%q]}`+"\n", i, i, tag)
		} else {
			fmt.Fprintf(&b, `{"type":"stat-cards","title":"Row %d","config":{"cards":[{"title":"N","value":"%d"}]},"layout":"1x1","tags":[%q]}`+"\n", i, i, tag)
		}
	}
	return b.String()
}

// TestImportThousand is the acceptance check: a 1,000-line JSON Lines import
// goes as 20 batch requests with no 429, showing progress when stderr is a
// terminal.
func TestImportThousand(t *testing.T) {
	c := newCLI(t)
	c.terminal = true
	r := c.ok(jsonLines(1000, "bulk"), "pins", "import", "-", "--json")

	out := decodeJSON[importJSON](t, r.stdout)
	if len(out.Created) != 1000 || len(out.Failed) != 0 || out.Lines != 1000 {
		t.Fatalf("created %d, failed %d of %d", len(out.Created), len(out.Failed), out.Lines)
	}
	if out.Created[999].Line != 1000 || !strings.HasPrefix(out.Created[999].URL, "https://pindown.ai/share/pin/p-") {
		t.Errorf("last: %+v", out.Created[999])
	}
	st := c.srv.Stats()
	if got := st.Requests[pindowntest.RouteBatchCreate]; got != 20 {
		t.Errorf("%d batch create requests, want 20", got)
	}
	for route, n := range st.RateLimited {
		if n != 0 {
			t.Errorf("%d 429s on %s", n, route)
		}
	}
	if st.Pins != 1000 {
		t.Errorf("%d pins stored", st.Pins)
	}
	if !strings.Contains(r.stderr, "importing: 50/1000 pins") || !strings.Contains(r.stderr, "importing: 1000/1000 pins\n") {
		t.Errorf("no progress line on the terminal: %q", r.stderr)
	}

	// Not a terminal: no progress, and the text output is one line per pin.
	c.terminal = false
	r = c.ok(jsonLines(60, "more"), "pins", "import")
	if strings.Contains(r.stderr, "importing") || strings.Contains(r.stderr, "\r") {
		t.Errorf("progress on a non-terminal: %q", r.stderr)
	}
	if n := strings.Count(r.stdout, "\n"); n != 60 {
		t.Errorf("%d lines of output, want 60", n)
	}
	if !strings.Contains(r.stderr, "created 60 of 60 pins") {
		t.Errorf("stderr %q", r.stderr)
	}
}

// TestImportChecksEveryLine: a file with bad lines creates nothing and lists
// every problem with its line and path.
func TestImportChecksEveryLine(t *testing.T) {
	c := newCLI(t)
	in := `{"title":"fine"}` + "\n" +
		`not json` + "\n" +
		`{"type":"stat-cards","title":"","config":{"cards":[{"title":"A"}]}}` + "\n" +
		`{"type":"nope","title":"t"}` + "\n" +
		`{"title":"t","layout":"9x9"}` + "\n" +
		`{"title":"t"} {"title":"u"}` + "\n"
	r := c.run(in, "pins", "import", "-")
	if r.code != exitInvalid {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"line 2: invalid character",
		"line 3: title: required; config.cards[0].value: required",
		`line 4: type: unknown pin type "nope"`,
		`line 5: layout: "9x9" is not one of`,
		"line 6: more than one JSON value",
		"5 invalid lines; nothing was created",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if n := c.srv.Stats().Requests[pindowntest.RouteBatchCreate]; n != 0 {
		t.Errorf("%d batch requests for an invalid file", n)
	}
	// --dry-run checks a good file and sends nothing.
	r = c.ok(jsonLines(3, "x"), "pins", "import", "--dry-run")
	if !strings.Contains(r.stdout, "3 valid pins; nothing created") || c.srv.Stats().Pins != 0 {
		t.Errorf("dry run: %q, %d pins", r.stdout, c.srv.Stats().Pins)
	}
	if r := c.run("\n\n", "pins", "import"); r.code != exitInvalid || !strings.Contains(r.stderr, "no pins to import") {
		t.Errorf("empty file: exit %d, %q", r.code, r.stderr)
	}
}

// TestDeleteByTag deletes more than one batch of tagged pins, keeping the
// others, with progress on a terminal.
func TestDeleteByTag(t *testing.T) {
	c := newCLI(t)
	c.ok(jsonLines(120, "tmp")+jsonLines(5, "keep"), "pins", "import")
	c.terminal = true
	r := c.ok("", "pins", "delete", "--tag", "tmp", "--dry-run", "--json")
	out := decodeJSON[deleteJSON](t, r.stdout)
	if !out.DryRun || len(out.Matched) != 120 || len(out.WouldDelete) != 120 || len(out.Deleted) != 0 || c.srv.Stats().Pins != 125 {
		t.Fatalf("dry run: %d matched, %d deleted, %d pins left", len(out.Matched), len(out.Deleted), c.srv.Stats().Pins)
	}
	before := c.srv.Stats().Requests
	r = c.ok("", "pins", "delete", "--tag", "tmp", "--json")
	out = decodeJSON[deleteJSON](t, r.stdout)
	if len(out.Deleted) != 120 || len(out.Failed) != 0 || c.srv.Stats().Pins != 5 {
		t.Fatalf("deleted %d, failed %d, %d pins left", len(out.Deleted), len(out.Failed), c.srv.Stats().Pins)
	}
	after := c.srv.Stats().Requests
	if n := after[pindowntest.RouteBatchDelete] - before[pindowntest.RouteBatchDelete]; n != 3 {
		t.Errorf("%d batch deletes for 120 pins, want 3", n)
	}
	if n := after[pindowntest.RouteBatchGet] - before[pindowntest.RouteBatchGet]; n != 2 {
		t.Errorf("%d batch gets for 125 pins, want 2", n)
	}
	if !strings.Contains(r.stderr, "deleting: 120/120 pins") {
		t.Errorf("no progress: %q", r.stderr)
	}
	// Deleting by id, several at once: one batch request.
	left := decodeJSON[[]pinJSON](t, c.ok("", "pins", "list", "--json").stdout)
	r = c.ok("", "pins", "delete", left[0].ID, left[1].ID)
	if r.stdout != "deleted "+left[0].ID+"\ndeleted "+left[1].ID+"\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	if r = c.ok("", "pins", "delete", left[2].ID, "--dry-run"); r.stdout != "would delete "+left[2].ID+"\n" || c.srv.Stats().Pins != 3 {
		t.Errorf("dry run by id: %q", r.stdout)
	}
}
