package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPushKeyCI is a CI job that runs twice: each run pushes the build's
// stats with --key build-status. After both, one pin exists, it holds the
// second run's values, and both runs handed the same pin_id to later steps.
func TestPushKeyCI(t *testing.T) {
	c := newCLI(t)
	ghOut := filepath.Join(t.TempDir(), "github_output")
	c.env["GITHUB_OUTPUT"] = ghOut

	first := decodeJSON[pinJSON](t, c.ok("", "push", "stats", "Tests=1,000", "Failures=2:+2", "--title", "Build status",
		"--tags", "ci", "--key", "build-status", "--json").stdout)
	second := decodeJSON[pinJSON](t, c.ok("", "push", "stats", "Tests=1,024:+24", "Failures=0:-2", "--title", "Build status",
		"--tags", "ci", "--key", "build-status", "--json").stdout)

	if first.ID != second.ID {
		t.Fatalf("the second run made pin %s, the first %s", second.ID, first.ID)
	}
	if n := c.srv.Stats().Pins; n != 1 {
		t.Fatalf("%d pins stored, want 1", n)
	}
	got := decodeJSON[pinJSON](t, c.ok("", "pins", "get", first.ID, "--json").stdout)
	if !strings.Contains(string(got.Config), `"1,024"`) || strings.Contains(string(got.Config), `"1,000"`) {
		t.Errorf("config after the second run: %s", got.Config)
	}
	if strings.Join(got.Tags, ",") != "ci,pindown-key:build-status" {
		t.Errorf("tags %q", got.Tags)
	}
	b, err := os.ReadFile(ghOut)
	if err != nil {
		t.Fatal(err)
	}
	line := "pin_id=" + first.ID + "\npin_url=https://pindown.ai/share/pin/" + first.ID + "\n"
	if string(b) != line+line {
		t.Errorf("GITHUB_OUTPUT:\n%s", b)
	}
}

// TestUpsertKeyFlag checks the --key flag's refusals: a missing or empty
// key is a usage error and sends nothing; a key the SDK refuses is invalid
// input.
func TestUpsertKeyFlag(t *testing.T) {
	c := newCLI(t)
	for _, tt := range []struct {
		args []string
		want int
		msg  string
	}{
		{[]string{"pins", "upsert", "--title", "T"}, exitUsage, "--key is required"},
		{[]string{"pins", "upsert", "--title", "T", "--key", ""}, exitUsage, "empty"},
		{[]string{"push", "stats", "A=1", "--title", "T", "--key="}, exitUsage, "empty"},
		{[]string{"pins", "upsert", "--title", "T", "--key", "bad\x01key"}, exitInvalid, "control characters"},
		{[]string{"pins", "upsert", "--key", "k"}, exitUsage, "--title is required"},
	} {
		r := c.run("", tt.args...)
		if r.code != tt.want || !strings.Contains(r.stderr, tt.msg) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tt.args, r.code, r.stderr, tt.want, tt.msg)
		}
	}
	if n := c.srv.Stats().Pins; n != 0 {
		t.Errorf("%d pins created", n)
	}
}

// TestImportKeys imports a file whose keyed lines are upserted: importing
// it twice, with new values, adds pins only for the lines without a key
// and updates the keyed pins in place.
func TestImportKeys(t *testing.T) {
	c := newCLI(t)
	file := func(v string) string {
		return `{"title":"Plain","config":{"content":"` + v + `"}}` + "\n" +
			`{"type":"stat-cards","title":"KPIs","key":"kpis","config":{"cards":[{"title":"Users","value":"` + v + `"}]}}` + "\n" +
			`{"title":"Notes","key":"notes","config":{"content":"` + v + `"},"tags":["ops"]}` + "\n"
	}
	first := decodeJSON[importJSON](t, c.ok(file("one"), "pins", "import", "--json").stdout)
	r := c.ok(file("two"), "pins", "import")
	if len(first.Created) != 3 || first.Created[1].Key != "kpis" || first.Created[2].Key != "notes" || first.Created[0].Key != "" {
		t.Fatalf("first import: %+v", first.Created)
	}
	want := "line 2\t" + first.Created[1].ID + "\tkey kpis\n" + "line 3\t" + first.Created[2].ID + "\tkey notes\n"
	if !strings.HasSuffix(r.stdout, want) || !strings.Contains(r.stderr, "created or updated 3 of 3 pins") {
		t.Errorf("second import: stdout %q, stderr %q", r.stdout, r.stderr)
	}
	if n := c.srv.Stats().Pins; n != 4 {
		t.Errorf("%d pins after two imports, want 4 (2 plain, 2 keyed)", n)
	}
	got := decodeJSON[pinJSON](t, c.ok("", "pins", "get", first.Created[1].ID, "--json").stdout)
	if !strings.Contains(string(got.Config), `"two"`) {
		t.Errorf("kpis after the second import: %s", got.Config)
	}

	// Keys are checked with the rest of the file, before anything is sent.
	bad := `{"title":"a","key":"k"}` + "\n" + `{"title":"b","key":"k"}` + "\n" + `{"title":"c","key":""}` + "\n" +
		`{"title":"d","key":"x","tags":["pindown-key:y"]}` + "\n"
	r = c.run(bad, "pins", "import")
	for _, w := range []string{`line 2: key: "k" is also the key of line 1`, "line 3: key: empty", `line 4: tags: "pindown-key:y" names another key`, "3 invalid lines"} {
		if r.code != exitInvalid || !strings.Contains(r.stderr, w) {
			t.Errorf("bad keys: exit %d, stderr lacks %q:\n%s", r.code, w, r.stderr)
		}
	}
}
