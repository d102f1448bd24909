package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestGolden runs every command in text and in JSON against a server with
// reproducible ids and times, and compares stdout with testdata/*.golden.
// Run `go test ./cmd/pindown -run TestGolden -update` to rewrite them.
func TestGolden(t *testing.T) {
	md := writeFile(t, "report.md", "# Nightly\n\nAll green.\n")
	csv := writeFile(t, "cov.csv", "package,coverage,owner\npindown,91.5,sdk\npintypes,88,\n")
	cfg := writeFile(t, "kpis.json", `{"cards":[{"title":"MRR","value":"$43k","change":"+2%","trend":"up"}]}`)
	bad := writeFile(t, "bad.json", `{"cards":[{"title":""},{"value":"1","trend":"sideways"}]}`)
	jsonl := writeFile(t, "pins.jsonl", `{"title":"Row 1","config":{"content":"one"},"tags":["tmp"]}`+"\n\n"+
		`{"type":"stat-cards","title":"Row 2","config":{"cards":[{"title":"N","value":"2"}]},"layout":"1x1","tags":["tmp","x"]}`+"\n")

	steps := []struct {
		name string
		args []string
	}{
		{"push_markdown", []string{"push", "markdown", md, "--title", "Nightly report", "--tags", "ci,nightly", "--description", "from CI"}},
		{"push_table", []string{"push", "table", csv, "--title", "Coverage", "--layout", "2x2"}},
		{"push_stats", []string{"push", "stats", "Users=1,234:+5%", "Errors=3:-2", "Build=ok", "--title", "KPIs"}},
		{"create", []string{"pins", "create", "--type", "stat-cards", "--title", "MRR", "--config", cfg, "--public"}},
		{"import", []string{"pins", "import", jsonl}},
		{"get", []string{"pins", "get", "ID0"}},
		{"list", []string{"pins", "list"}},
		{"list_page", []string{"pins", "list", "--limit", "2", "--offset", "1"}},
		{"list_tag", []string{"pins", "list", "--tag", "tmp"}},
		{"update", []string{"pins", "update", "ID0", "--title", "Nightly report (updated)", "--tags", ""}},
		{"share", []string{"pins", "share", "ID0", "--allow-comments", "--public"}},
		{"delete_dry_run", []string{"pins", "delete", "--tag", "tmp", "--dry-run"}},
		{"validate_ok", []string{"validate", "stat-cards", cfg}},
		{"validate_bad", []string{"validate", "stat-cards", bad}},
	}
	for _, mode := range []string{"text", "json"} {
		// Every mode starts from the same empty server state, so the two
		// modes see the same ids.
		c := newGoldenCLI(t)
		var firstID string
		for _, s := range steps {
			args := make([]string, len(s.args))
			for i, a := range s.args {
				args[i] = strings.ReplaceAll(a, "ID0", firstID)
			}
			if mode == "json" {
				args = append(args, "--json")
			}
			r := c.run("", args...)
			if r.code != exitOK && s.name != "validate_bad" {
				t.Fatalf("%s: exit %d: %s", s.name, r.code, r.stderr)
			}
			if firstID == "" {
				firstID = firstPinID(t, c)
			}
			ext := ".txt"
			if mode == "json" {
				ext = ".json"
			}
			golden(t, s.name+ext, strings.ReplaceAll(r.stdout, filepath.Dir(cfg), "$TMP"))
		}
		// After the dry run, the real delete.
		args := []string{"pins", "delete", "--tag", "tmp"}
		if mode == "json" {
			args = append(args, "--json")
		}
		r := c.ok("", args...)
		golden(t, "delete_tag."+map[string]string{"text": "txt", "json": "json"}[mode], r.stdout)
		if n := c.srv.Stats().Pins; n != 4 {
			t.Errorf("%s: %d pins left after deleting the 2 tagged tmp, want 4", mode, n)
		}
	}
}

// firstPinID is the id of the oldest pin of c's key.
func firstPinID(t *testing.T, c *cli) string {
	t.Helper()
	pins := decodeJSON[[]pinJSON](t, c.ok("", "pins", "list", "--json").stdout)
	if len(pins) == 0 {
		t.Fatal("no pins")
	}
	return pins[len(pins)-1].ID
}

// TestHelp checks that every command has --help with an example and the exit
// codes, printed on stdout with exit code 0.
func TestHelp(t *testing.T) {
	c := &cli{t: t, env: map[string]string{"PINDOWN_API_KEY": "pk_test_secretsecret"}}
	paths := [][]string{{}, {"help"}}
	for _, g := range groups() {
		paths = append(paths, []string{g.name})
	}
	for _, g := range groups() {
		for _, cmd := range g.cmds {
			paths = append(paths, []string{g.name, cmd.name})
		}
	}
	for _, cmd := range commands() {
		paths = append(paths, []string{cmd.name})
	}
	for _, p := range paths {
		args := p
		if len(p) == 0 || p[0] != "help" {
			args = append(append([]string{}, p...), "--help")
		}
		r := c.run("", args...)
		name := strings.Join(p, " ")
		if r.code != 0 || r.stderr != "" {
			t.Errorf("%q --help: exit %d, stderr %q", name, r.code, r.stderr)
		}
		for _, want := range []string{"Example", "Exit codes:", "8 may have been created"} {
			if !strings.Contains(r.stdout, want) && !(want == "Example" && !strings.Contains(name, " ") && name != "" && name != "help") {
				t.Errorf("%q --help lacks %q:\n%s", name, want, r.stdout)
			}
		}
		if strings.Contains(r.stdout, "secret") {
			t.Errorf("%q --help prints the API key", name)
		}
	}
	golden(t, "help.txt", c.run("", "--help").stdout)
	golden(t, "help_pins_import.txt", c.run("", "help", "pins", "import").stdout)
}
