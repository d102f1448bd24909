package main

import (
	"strings"
	"testing"
)

// TestGoldenUpsertBoardsPages runs pins upsert, push --key, import with
// keys, and every boards and pages command, in text and in JSON, against a
// server with reproducible ids and times, and compares stdout with
// testdata/NAME.txt and NAME.json (-update rewrites them). In the
// arguments, PIN0 and PIN1 stand for the last and the next-to-last pin of
// pins list, BOARD for the newest board and PAGE for the newest page.
func TestGoldenUpsertBoardsPages(t *testing.T) {
	cfg := writeFile(t, "kpis.json", `{"cards":[{"title":"MRR","value":"$43k","change":"+2%","trend":"up"}]}`)
	cfg2 := writeFile(t, "kpis2.json", `{"cards":[{"title":"MRR","value":"$45k","change":"+5%","trend":"up"}]}`)
	jsonl := writeFile(t, "pins.jsonl", `{"title":"Plain","config":{"content":"one"}}`+"\n"+
		`{"type":"stat-cards","title":"Keyed","key":"kpis","config":{"cards":[{"title":"N","value":"2"}]},"tags":["ops"]}`+"\n")
	steps := []struct {
		name string
		args []string
	}{
		{"upsert_create", []string{"pins", "upsert", "--key", "nightly", "--type", "stat-cards", "--title", "Nightly", "--config", cfg, "--tags", "ci"}},
		{"upsert_update", []string{"pins", "upsert", "--key", "nightly", "--type", "stat-cards", "--title", "Nightly (2)", "--config", cfg2, "--tags", "ci"}},
		{"push_stats_key", []string{"push", "stats", "Tests=1,024:+12", "--title", "Build status", "--key", "build-status"}},
		{"import_keys", []string{"pins", "import", jsonl}},
		{"boards_create", []string{"boards", "create", "--title", "Ops", "--description", "the ops wall", "--tags", "ops"}},
		{"boards_add_pin", []string{"boards", "add-pin", "BOARD", "PIN0", "--x", "0", "--y", "0", "--w", "2", "--h", "1"}},
		{"boards_add_pin_auto", []string{"boards", "add-pin", "BOARD", "PIN1"}},
		{"boards_get", []string{"boards", "get", "BOARD"}},
		{"boards_list", []string{"boards", "list"}},
		{"boards_share", []string{"boards", "share", "BOARD", "--allow-comments"}},
		{"boards_remove_pin", []string{"boards", "remove-pin", "BOARD", "PIN1"}},
		{"pages_create", []string{"pages", "create", "--title", "Weekly", "--tags", "weekly", "--pins", "PIN0"}},
		{"pages_add_pin", []string{"pages", "add-pin", "PAGE", "PIN1"}},
		{"pages_get", []string{"pages", "get", "PAGE"}},
		{"pages_list", []string{"pages", "list", "--limit", "10"}},
		{"pages_publish", []string{"pages", "publish", "PAGE"}},
		{"pages_unpublish", []string{"pages", "unpublish", "PAGE"}},
		{"pages_invite", []string{"pages", "invite", "PAGE", "ana@example.com", "--role", "editor"}},
		{"pages_remove_pin", []string{"pages", "remove-pin", "PAGE", "PIN1"}},
		{"pages_delete", []string{"pages", "delete", "PAGE"}},
		{"boards_delete", []string{"boards", "delete", "BOARD"}},
	}
	for _, mode := range []string{"txt", "json"} {
		c := newGoldenCLI(t)
		for _, s := range steps {
			args := c.resolveIDs(s.args)
			if mode == "json" {
				args = append(args, "--json")
			}
			r := c.run("", args...)
			if r.code != exitOK {
				t.Fatalf("%s: exit %d: %s", s.name, r.code, r.stderr)
			}
			golden(t, s.name+"."+mode, r.stdout)
		}
		st := c.srv.Stats()
		if st.Pins != 4 || st.Pinboards != 0 || st.Pages != 0 {
			t.Errorf("%s: %d pins, %d boards, %d pages left; want 4, 0, 0", mode, st.Pins, st.Pinboards, st.Pages)
		}
	}
}

// resolveIDs replaces PIN0, PIN1, BOARD and PAGE in args (see
// TestGoldenUpsertBoardsPages), reading the ids from the server.
func (c *cli) resolveIDs(args []string) []string {
	c.t.Helper()
	out := make([]string, len(args))
	for i, a := range args {
		switch a {
		case "PIN0", "PIN1":
			pins := decodeJSON[[]pinJSON](c.t, c.ok("", "pins", "list", "--json").stdout)
			a = pins[len(pins)-1-int(a[3]-'0')].ID
		case "BOARD":
			a = decodeJSON[[]boardJSON](c.t, c.ok("", "boards", "list", "--json").stdout)[0].ID
		case "PAGE":
			a = decodeJSON[[]pageJSON](c.t, c.ok("", "pages", "list", "--json").stdout)[0].ID
		}
		out[i] = a
	}
	return out
}

// TestBoardsPagesExitCodes checks that the boards and pages commands map
// errors like the pins commands: no such board or page (5), a key without
// the scope (4), a bad argument (2), a bad position (3).
func TestBoardsPagesExitCodes(t *testing.T) {
	c := newCLI(t)
	pin := createPin(t, c, "p")
	board := decodeJSON[boardJSON](t, c.ok("", "boards", "create", "--title", "B", "--json").stdout)
	readOnly := c.srv.NewKey("pins:read", "pinboards:read", "pages:read")
	tests := []struct {
		name  string
		key   string
		args  []string
		want  int
		inErr string
	}{
		{"board not found: get", "", []string{"boards", "get", "pb-doesnotexist"}, exitNotFound, "NOT_FOUND"},
		{"board not found: add-pin", "", []string{"boards", "add-pin", "pb-doesnotexist", pin}, exitNotFound, "NOT_FOUND"},
		{"board not found: delete", "", []string{"boards", "delete", board.ID, "pb-doesnotexist"}, exitNotFound, "1 of 2 boards were not deleted"},
		{"pin not on board", "", []string{"boards", "remove-pin", "pb-doesnotexist", pin}, exitNotFound, ""},
		{"page not found", "", []string{"pages", "get", "pg-doesnotexist"}, exitNotFound, "NOT_FOUND"},
		{"page not found: publish", "", []string{"pages", "publish", "pg-doesnotexist"}, exitNotFound, ""},
		{"scope: boards create", readOnly, []string{"boards", "create", "--title", "B"}, exitAuth, "SCOPE_REQUIRED"},
		{"scope: boards share", readOnly, []string{"boards", "share", board.ID}, exitAuth, "SCOPE_REQUIRED"},
		{"scope: pages create", readOnly, []string{"pages", "create", "--title", "P"}, exitAuth, "SCOPE_REQUIRED"},
		{"scope: pins upsert", readOnly, []string{"pins", "upsert", "--key", "k", "--title", "T"}, exitAuth, "SCOPE_REQUIRED"},
		{"usage: add-pin one id", "", []string{"boards", "add-pin", board.ID}, exitUsage, "a board id and a pin id"},
		{"usage: no title", "", []string{"boards", "create"}, exitUsage, "--title is required"},
		{"usage: bad role", "", []string{"pages", "invite", "pg-x", "a@b.c", "--role", "owner"}, exitUsage, `--role "owner"`},
		{"usage: delete without ids", "", []string{"pages", "delete"}, exitUsage, "needs page ids"},
		{"invalid: position", "", []string{"boards", "add-pin", board.ID, pin, "--w", "0"}, exitInvalid, "position.w"},
		{"invalid: e-mail", "", []string{"pages", "invite", "pg-x", "not-an-address"}, exitInvalid, "not an e-mail address"},
	}
	key := c.env["PINDOWN_API_KEY"]
	for _, tt := range tests {
		c.env["PINDOWN_API_KEY"] = key
		if tt.key != "" {
			c.env["PINDOWN_API_KEY"] = tt.key
		}
		r := c.run("", tt.args...)
		if r.code != tt.want || !strings.Contains(r.stderr, tt.inErr) {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", tt.name, r.code, r.stderr, tt.want, tt.inErr)
		}
		if strings.Contains(r.stdout+r.stderr, c.env["PINDOWN_API_KEY"]) {
			t.Errorf("%s: printed the key", tt.name)
		}
	}
}
