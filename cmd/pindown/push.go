package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pindownai/client-go/pintypes"
)

// pushCommands are the one-line shortcuts a CI step wants: each creates one
// pin from a file or from values (with --key, updates the pin the key names,
// creating it the first time), prints it and, with GITHUB_OUTPUT set,
// appends pin_id and pin_url to that file.
var pushCommands = []*command{pushMarkdownCommand, pushTableCommand, pushStatsCommand}

// pushFlags registers the flags of a push command, those of a new pin and
// --key to update one pin across runs, and returns its run: config makes
// the pin's config from the arguments.
func pushFlags(config func(a *app, args []string) (pintypes.Config, error)) func(*flag.FlagSet) runFunc {
	return func(fs *flag.FlagSet) runFunc {
		var f pinFlags
		f.register(fs)
		var key keyValue
		fs.Var(&key, "key", keyUsage)
		return func(a *app, args []string) error {
			cfg, err := config(a, args)
			if err != nil {
				return err
			}
			req, err := f.request(cfg)
			if err != nil {
				return err
			}
			return a.saveAndReport(string(key), req, false)
		}
	}
}

var pushMarkdownCommand = &command{
	name: "markdown", args: "FILE|- --title T [FLAGS]", summary: "create a markdown pin from a file",
	help: `Creates a markdown pin whose content is FILE (- for stdin). With --key, updates
the pin the key names instead, creating it the first time (see 'pindown pins
upsert --help').`,
	example: `pindown push markdown report.md --title "Nightly report" --tags ci,nightly`,
	flags: pushFlags(func(a *app, args []string) (pintypes.Config, error) {
		if len(args) != 1 {
			return nil, usageErr("push markdown takes one file (or - for stdin)")
		}
		b, err := a.readInput(args[0])
		if err != nil {
			return nil, err
		}
		if !utf8.Valid(b) {
			return nil, inputErr("%s: not UTF-8 text", displayName(args[0]))
		}
		return &pintypes.Markdown{Content: string(b)}, nil
	}),
}

var pushTableCommand = &command{
	name: "table", args: "FILE.csv|- --title T [FLAGS]", summary: "create a table pin from a CSV file",
	help: `Creates a table pin from a CSV file (- for stdin): the first row names the
columns, every other row is a row of the table. A column whose every non-empty
value is a number gets type number and its values are sent as numbers; the others
are text. With --key, updates the pin the key names instead, creating it the
first time.`,
	example: `pindown push table coverage.csv --title "Coverage by package" --layout 2x2`,
	flags: pushFlags(func(a *app, args []string) (pintypes.Config, error) {
		if len(args) != 1 {
			return nil, usageErr("push table takes one CSV file (or - for stdin)")
		}
		b, err := a.readInput(args[0])
		if err != nil {
			return nil, err
		}
		table, err := tableFromCSV(b)
		if err != nil {
			return nil, inputErr("%s: %v", displayName(args[0]), err)
		}
		return table, nil
	}),
}

// tableFromCSV reads a CSV with a header row into a table config.
func tableFromCSV(b []byte) (*pintypes.Table, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // a spreadsheet's byte-order mark
	r := csv.NewReader(bytes.NewReader(b))
	records, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(records) == 0 {
		return nil, errors.New("empty: a header row naming the columns is required")
	}
	// Number columns until a value says otherwise; a header alone, text.
	typ := pintypes.ColumnText
	if len(records) > 1 {
		typ = pintypes.ColumnNumber
	}
	seen := map[string]bool{}
	t := &pintypes.Table{Rows: []pintypes.Row{}}
	for i, h := range records[0] {
		h = strings.TrimSpace(h)
		if h == "" {
			return nil, fmt.Errorf("column %d has an empty header", i+1)
		}
		if seen[h] {
			return nil, fmt.Errorf("column %q appears twice in the header", h)
		}
		seen[h] = true
		t.Columns = append(t.Columns, pintypes.TableColumn{ID: h, Name: h, Type: typ})
	}
	for _, rec := range records[1:] {
		for i, v := range rec {
			if v = strings.TrimSpace(v); v != "" && !isNumber(v) {
				t.Columns[i].Type = pintypes.ColumnText
			}
		}
	}
	for _, rec := range records[1:] {
		row := pintypes.Row{}
		for i, v := range rec {
			v = strings.TrimSpace(v)
			switch {
			case t.Columns[i].Type == pintypes.ColumnNumber && v == "":
				row[t.Columns[i].ID] = nil
			case t.Columns[i].Type == pintypes.ColumnNumber:
				row[t.Columns[i].ID] = json.Number(v)
			default:
				row[t.Columns[i].ID] = v
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// isNumber reports whether s is a JSON number (so 1e3 and -2.5, not 0x10,
// Inf or 1,234).
func isNumber(s string) bool {
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return false
	}
	return json.Valid([]byte(s)) && s[0] != '"'
}

var pushStatsCommand = &command{
	name: "stats", args: "NAME=VALUE[:CHANGE]... --title T [FLAGS]", summary: "create a stat-cards pin from values",
	help: `Creates a stat-cards pin with one card per argument NAME=VALUE[:CHANGE]. The
change follows the last colon; its sign gives the trend (+ up, - down, else
neutral). A value that itself holds a colon needs a trailing colon:
"Uptime=12:30:" is the value 12:30 with no change. With --key, updates the pin
the key names instead of creating one each run, creating it the first time.`,
	example: `pindown push stats "Users=1,234:+5%" "Errors=3:-2" "Build=passing" --title "Nightly" --layout 2x1
pindown push stats "Tests=1,024:+12" "Failures=0" --title "Build status" --key build-status`,
	flags: pushFlags(func(_ *app, args []string) (pintypes.Config, error) {
		if len(args) == 0 {
			return nil, usageErr("push stats needs at least one NAME=VALUE[:CHANGE]")
		}
		cards := make([]pintypes.StatCard, 0, len(args))
		for _, arg := range args {
			card, err := parseStat(arg)
			if err != nil {
				return nil, err
			}
			cards = append(cards, card)
		}
		cfg := &pintypes.StatCards{Cards: cards}
		if err := cfg.Validate(); err != nil {
			return nil, withCode(exitInvalid, err)
		}
		return cfg, nil
	}),
}

// parseStat reads NAME=VALUE[:CHANGE].
func parseStat(arg string) (pintypes.StatCard, error) {
	name, rest, ok := strings.Cut(arg, "=")
	if !ok || strings.TrimSpace(name) == "" {
		return pintypes.StatCard{}, usageErr("%q: want NAME=VALUE[:CHANGE]", arg)
	}
	value, change := rest, ""
	if i := strings.LastIndex(rest, ":"); i >= 0 {
		value, change = rest[:i], rest[i+1:]
	}
	if strings.TrimSpace(value) == "" {
		return pintypes.StatCard{}, usageErr("%q: the value is empty", arg)
	}
	card := pintypes.StatCard{Title: strings.TrimSpace(name), Value: strings.TrimSpace(value), Change: strings.TrimSpace(change)}
	switch {
	case card.Change == "":
	case strings.HasPrefix(card.Change, "+"):
		card.Trend = pintypes.TrendUp
	case strings.HasPrefix(card.Change, "-"), strings.HasPrefix(card.Change, "−"):
		card.Trend = pintypes.TrendDown
	default:
		card.Trend = pintypes.TrendNeutral
	}
	return card, nil
}
