package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pintypes"
)

// importLine is one line of a pins import file: a JSON object, one per line
// (JSON Lines). The format is stable; unknown members are an error, so a
// typo never goes unnoticed.
//
//	{"type":"stat-cards","title":"KPIs","config":{"cards":[{"title":"Users","value":"1,234"}]},
//	 "layout":"2x1","tags":["ops"],"description":"…","public":false,"key":"kpis"}
//
// title is required; type defaults to markdown; config is the type's
// pin_config (default {}); the rest are optional. A line with a key updates
// the pin that key names, creating it the first time (Pins.UpsertMany), so
// that importing the file again updates those pins instead of adding new
// ones. Blank lines are skipped.
type importLine struct {
	Key         *string         `json:"key"`
	Type        string          `json:"type"`
	Title       string          `json:"title"`
	Description string          `json:"description"`
	Config      json.RawMessage `json:"config"`
	Layout      string          `json:"layout"`
	Tags        []string        `json:"tags"`
	Public      bool            `json:"public"`
}

// importJSON is what pins import --json prints.
type importJSON struct {
	DryRun  bool            `json:"dry_run"`
	Lines   int             `json:"lines"` // pins in the file
	Created []importCreated `json:"created"`
	Failed  []failedJSON    `json:"failed"`
}

// importCreated is a pin the import created or, for a line with a key,
// created or updated.
type importCreated struct {
	Line int    `json:"line"`
	Key  string `json:"key,omitempty"`
	ID   string `json:"id"`
	URL  string `json:"url"`
}

// importItem is one checked line of an import file.
type importItem struct {
	line int
	key  string // "": create a new pin
	req  *pindown.CreatePinRequest
}

var pinsImportCommand = &command{
	name: "import", args: "[FILE|-] [--dry-run]", summary: "create many pins from a JSON Lines file",
	help: `Creates one pin per line of FILE (or stdin, for - or no FILE), a JSON Lines
file whose every line is an object:

  {"type":"stat-cards","title":"KPIs","config":{"cards":[{"title":"Users","value":"1,234"}]},"layout":"2x1","tags":["ops"]}

Members: title (required), type (default markdown), config (the type's pin_config,
default {}), layout, tags, description, public, key. Unknown members are an error;
blank lines are skipped. Every line is checked first: if any is invalid, each problem
is listed with its line and config path and nothing is created (exit 3). Then the
pins are created with batch requests of 50. A line with a key updates the pin that
key names instead, creating it the first time (as 'pindown pins upsert' does; all
keyed lines together), so importing the file again updates those pins. A batch that
fails after it may have reached the server is reported as such (exit 8): check with
'pindown pins list' before importing again. --dry-run only checks the file.`,
	example: `pindown pins import pins.jsonl
jq -c '.[] | {type:"markdown", title:.name, config:{content:.notes}}' items.json | pindown pins import -`,
	flags: func(fs *flag.FlagSet) runFunc {
		dryRun := fs.Bool("dry-run", false, "check the file; create nothing")
		return func(a *app, args []string) error { return runPinsImport(a, *dryRun, args) }
	},
}

// runPinsImport runs pins import: it checks every line of the file before
// it creates any pin.
func runPinsImport(a *app, dryRun bool, args []string) error {
	if len(args) > 1 {
		return usageErr("pins import takes one file (or - for stdin)")
	}
	name := "-"
	if len(args) == 1 {
		name = args[0]
	}
	r, err := a.openInput(name)
	if err != nil {
		return err
	}
	defer r.Close()
	items, err := a.readImport(r, displayName(name))
	if err != nil {
		return err
	}
	out := importJSON{DryRun: dryRun, Lines: len(items), Created: []importCreated{}, Failed: []failedJSON{}}
	if dryRun {
		return a.printResult(out, "%s: %d valid pins; nothing created (dry run)\n", displayName(name), len(items))
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	first := a.importPins(c, items, &out)
	if err := a.printImported(&out); err != nil {
		return err
	}
	return a.notAll(first, len(out.Failed), len(items), "pins were not "+savedVerb(items))
}

// savedVerb is what an import does to the pins of items: "created", or
// "created or updated" when some line has a key.
func savedVerb(items []importItem) string {
	if slices.ContainsFunc(items, func(it importItem) bool { return it.key != "" }) {
		return "created or updated"
	}
	return "created"
}

// printImported prints the pins created (on stdout), the lines that failed
// and a count (on stderr), or with --json all of out.
func (a *app) printImported(out *importJSON) error {
	if a.json {
		return a.writeJSON(*out)
	}
	verb := "created"
	for _, cr := range out.Created {
		key := ""
		if cr.Key != "" {
			verb, key = "created or updated", "\tkey "+cr.Key
		}
		fmt.Fprintf(a.stdout, "line %d\t%s%s\n", cr.Line, cr.ID, key)
	}
	for _, f := range out.Failed {
		fmt.Fprintf(a.stderr, "line %d: %s\n", f.Line, a.redact(f.Error))
	}
	fmt.Fprintf(a.stderr, "%s %d of %d pins\n", verb, len(out.Created), out.Lines)
	return nil
}

// maxLine bounds one line of an import file: the API's largest request body.
const maxLine = 4 << 20

// readImport reads and checks every line, returning the items in file
// order; any problem fails the whole file, listing every problem.
func (a *app) readImport(r io.Reader, source string) ([]importItem, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var (
		items    []importItem
		problems []string
		keyLine  = map[string]int{}
	)
	for n := 1; ; n++ {
		b, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return nil, inputErr("%s: %v", source, err)
		}
		if len(b) > maxLine {
			problems = append(problems, fmt.Sprintf("line %d: longer than %d bytes", n, maxLine))
		} else if t := bytes.TrimSpace(b); len(t) > 0 {
			it, perr := parseImportLine(t)
			if perr == nil && it.key != "" && keyLine[it.key] > 0 {
				perr = fmt.Errorf("key: %q is also the key of line %d", it.key, keyLine[it.key])
			}
			if perr != nil {
				problems = append(problems, fmt.Sprintf("line %d: %s", n, perr))
			} else {
				it.line = n
				keyLine[it.key] = n
				items = append(items, it)
			}
		}
		if err == io.EOF {
			break
		}
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(a.stderr, p)
		}
		return nil, inputErr("%s: %d invalid lines; nothing was created", source, len(problems))
	}
	if len(items) == 0 {
		return nil, inputErr("%s: no pins to import", source)
	}
	return items, nil
}

// parseImportLine turns one line into an item, checked offline (its line
// number is the caller's).
func parseImportLine(b []byte) (importItem, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var l importLine
	if err := dec.Decode(&l); err != nil {
		return importItem{}, err
	}
	if dec.More() {
		return importItem{}, errors.New("more than one JSON value on the line")
	}
	problems := keyProblems(l.Key, l.Tags)
	if strings.TrimSpace(l.Title) == "" {
		problems = append(problems, "title: required")
	}
	if l.Layout != "" && !pindown.Layout(l.Layout).Valid() {
		problems = append(problems, fmt.Sprintf("layout: %q is not one of 1x1 1x2 2x1 2x2 3x1 3x2 3x3 4x4", l.Layout))
	}
	if l.Type == "" {
		l.Type = string(pintypes.TypeMarkdown)
	}
	if len(l.Config) == 0 {
		l.Config = json.RawMessage("{}")
	}
	cfg, cfgProblems := decodeLineConfig(pintypes.Type(l.Type), l.Config)
	problems = append(problems, cfgProblems...)
	if len(problems) > 0 {
		return importItem{}, errors.New(strings.Join(problems, "; "))
	}
	it := importItem{req: &pindown.CreatePinRequest{
		Config: cfg, Layout: pindown.Layout(l.Layout), IsPublic: l.Public,
		Metadata: pindown.Metadata{Title: l.Title, Description: l.Description, Tags: l.Tags},
	}}
	if l.Key != nil {
		it.key = *l.Key
	}
	return it, nil
}

// decodeLineConfig decodes and validates a line's config of type t,
// returning its problems with paths as the line names them (type,
// config.cards[0].value).
func decodeLineConfig(t pintypes.Type, raw json.RawMessage) (pintypes.Config, []string) {
	cfg, err := pintypes.Decode(t, raw)
	if err == nil {
		err = cfg.Validate()
	}
	var ve *pintypes.ValidationError
	if !errors.As(err, &ve) {
		if err != nil {
			return nil, []string{"config: " + err.Error()}
		}
		return cfg, nil
	}
	var problems []string
	for _, fe := range ve.Errors {
		path := fe.Path
		if path == "pin_type" {
			path = "type"
		} else if path == "pin_config" {
			path = "config"
		} else {
			path = "config." + path
		}
		problems = append(problems, path+": "+fe.Message)
	}
	return cfg, problems
}

// keyProblems checks a line's key as Pins.Upsert would, so that a bad key
// fails the file before anything is created: 1 to MaxKeyLen bytes without
// control characters, and no tag naming another key.
func keyProblems(key *string, tags []string) []string {
	if key == nil {
		return nil
	}
	var problems []string
	switch k := *key; {
	case k == "":
		problems = append(problems, "key: empty")
	case len(k) > pindown.MaxKeyLen:
		problems = append(problems, fmt.Sprintf("key: %d bytes, longer than %d", len(k), pindown.MaxKeyLen))
	case strings.ContainsFunc(k, unicode.IsControl):
		problems = append(problems, fmt.Sprintf("key: %q contains control characters", k))
	}
	for _, t := range tags {
		if strings.HasPrefix(t, pindown.KeyTagPrefix) && t != pindown.KeyTag(*key) {
			problems = append(problems, fmt.Sprintf("tags: %q names another key", t))
		}
	}
	return problems
}

// batchSize is the number of pins per BatchCreate or BatchDelete call: the
// API's maximum per request, so that each call is one request and progress
// moves per request.
const batchSize = 50

// importPins creates the pins of items without a key with BatchCreate, a
// chunk at a time, then upserts those with a key with one UpsertMany,
// showing progress; it fills out (in line order) and returns the failure
// that sets the exit code, nil if none. After a call that stops early, the
// remaining pins are not sent.
func (a *app) importPins(c *pindown.Client, items []importItem, out *importJSON) error {
	im := &importer{a: a, out: out, total: len(items)}
	var plain, keyed []importItem
	for _, it := range items {
		if it.key == "" {
			plain = append(plain, it)
		} else {
			keyed = append(keyed, it)
		}
	}
	for chunk := range slices.Chunk(plain, batchSize) {
		im.send(chunk, func() (*pindown.BatchResult[*pindown.Pin], error) {
			reqs := make([]*pindown.CreatePinRequest, len(chunk))
			for i, it := range chunk {
				reqs[i] = it.req
			}
			return c.Pins.BatchCreate(a.ctx, reqs)
		})
	}
	if len(keyed) > 0 {
		// One UpsertMany for all: it lists your pins once.
		im.send(keyed, func() (*pindown.BatchResult[*pindown.Pin], error) {
			ups := make([]pindown.UpsertItem, len(keyed))
			for i, it := range keyed {
				ups[i] = pindown.UpsertItem{Key: it.key, Request: it.req}
			}
			return c.Pins.UpsertMany(a.ctx, ups)
		})
	}
	a.progressDone()
	slices.SortStableFunc(out.Created, func(x, y importCreated) int { return x.Line - y.Line })
	slices.SortStableFunc(out.Failed, func(x, y failedJSON) int { return x.Line - y.Line })
	return im.first
}

// importer is one import's progress through its calls.
type importer struct {
	a       *app
	out     *importJSON
	first   error // the failure that sets the exit code
	stopped error // the error of a call that stopped: later pins are not sent
	done    int   // pins sent so far
	total   int
}

// record files one item's outcome in out.
func (im *importer) record(it importItem, res pindown.BatchItem[*pindown.Pin]) {
	if res.Err == nil && res.Value == nil {
		res.Err = fmt.Errorf("no outcome reported: %w", pindown.ErrMaybeCreated)
	}
	if res.Err != nil {
		im.fail(it, res.Err)
		return
	}
	im.out.Created = append(im.out.Created, importCreated{Line: it.line, Key: it.key, ID: res.Value.ID, URL: shareURL(res.Value.ID)})
}

func (im *importer) fail(it importItem, err error) {
	im.out.Failed = append(im.out.Failed, failedJSON{Line: it.line, Error: err.Error()})
	// The exit code is the first failure's, except that "may have been
	// created" wins: it is the one that asks for a check before a rerun.
	if im.first == nil || (errors.Is(err, pindown.ErrMaybeCreated) && !errors.Is(im.first, pindown.ErrMaybeCreated)) {
		im.first = err
	}
}

// send records the outcomes of one call for items: res's items, or err for
// those it lacks; nothing is sent when the import stopped before.
func (im *importer) send(items []importItem, call func() (*pindown.BatchResult[*pindown.Pin], error)) {
	if im.stopped != nil {
		for _, it := range items {
			im.fail(it, fmt.Errorf("not sent: the import stopped: %v", im.stopped))
		}
		return
	}
	res, err := call()
	if err != nil {
		im.stopped = err
	}
	for i, it := range items {
		var r pindown.BatchItem[*pindown.Pin]
		if res != nil && i < len(res.Items) {
			r = res.Items[i]
		} else {
			r.Err = err
		}
		im.record(it, r)
	}
	if err != nil && im.first == nil {
		im.first = err
	}
	im.done += len(items)
	im.a.progressf("importing: %d/%d pins", im.done, im.total)
}
