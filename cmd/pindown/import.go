package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pintypes"
)

// importLine is one line of a pins import file: a JSON object, one per line
// (JSON Lines). The format is stable; unknown members are an error, so a
// typo never goes unnoticed.
//
//	{"type":"stat-cards","title":"KPIs","config":{"cards":[{"title":"Users","value":"1,234"}]},
//	 "layout":"2x1","tags":["ops"],"description":"…","public":false}
//
// title is required; type defaults to markdown; config is the type's
// pin_config (default {}); the rest are optional. Blank lines are skipped.
type importLine struct {
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

type importCreated struct {
	Line int    `json:"line"`
	ID   string `json:"id"`
	URL  string `json:"url"`
}

type importOpts struct {
	dryRun bool
}

func pinsImportCommand() *command {
	return &command{
		name: "import", args: "[FILE|-] [--dry-run]", summary: "create many pins from a JSON Lines file",
		help: `Creates one pin per line of FILE (or stdin, for - or no FILE), a JSON Lines
file whose every line is an object:

  {"type":"stat-cards","title":"KPIs","config":{"cards":[{"title":"Users","value":"1,234"}]},"layout":"2x1","tags":["ops"]}

Members: title (required), type (default markdown), config (the type's pin_config,
default {}), layout, tags, description, public. Unknown members are an error; blank
lines are skipped. Every line is checked first: if any is invalid, each problem is
listed with its line and config path and nothing is created (exit 3). Then the pins
are created with batch requests of 50. A batch that fails after it may have reached
the server is reported as such (exit 8): check with 'pindown pins list' before
importing again. --dry-run only checks the file.`,
		example: `pindown pins import pins.jsonl
jq -c '.[] | {type:"markdown", title:.name, config:{content:.notes}}' items.json | pindown pins import -`,
		flags: func(fs *flag.FlagSet) any {
			o := &importOpts{}
			fs.BoolVar(&o.dryRun, "dry-run", false, "check the file; create nothing")
			return o
		},
		run: func(a *app, fs *flag.FlagSet, opts any, args []string) error {
			return runPinsImport(a, fs, opts.(*importOpts), args)
		},
	}
}

// runPinsImport runs pins import: it checks every line of the file before
// it creates any pin.
func runPinsImport(a *app, _ *flag.FlagSet, o *importOpts, args []string) error {
	if len(args) > 1 {
		return usageErr("pins import takes one file (or - for stdin)")
	}
	name := "-"
	if len(args) == 1 {
		name = args[0]
	}
	var r io.Reader = a.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return inputErr("%v", err)
		}
		defer f.Close()
		r = f
	}
	lines, reqs, err := a.readImport(r, displayName(name))
	if err != nil {
		return err
	}
	out := importJSON{DryRun: o.dryRun, Lines: len(reqs), Created: []importCreated{}, Failed: []failedJSON{}}
	if o.dryRun {
		if a.json {
			return a.writeJSON(out)
		}
		_, err := fmt.Fprintf(a.stdout, "%s: %d valid pins; nothing created (dry run)\n", displayName(name), len(reqs))
		return err
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	first := a.importPins(c, lines, reqs, &out)
	if err := a.printImported(&out); err != nil {
		return err
	}
	if first != nil {
		return withCode(exitCode(first), fmt.Errorf("%d of %d pins were not created (first: %s)", len(out.Failed), len(reqs), a.redact(first.Error())))
	}
	return nil
}

// printImported prints the pins created (on stdout), the lines that failed
// and a count (on stderr), or with --json all of out.
func (a *app) printImported(out *importJSON) error {
	if a.json {
		return a.writeJSON(*out)
	}
	for _, cr := range out.Created {
		fmt.Fprintf(a.stdout, "line %d\t%s\n", cr.Line, cr.ID)
	}
	for _, f := range out.Failed {
		fmt.Fprintf(a.stderr, "line %d: %s\n", f.Line, a.redact(f.Error))
	}
	fmt.Fprintf(a.stderr, "created %d of %d pins\n", len(out.Created), out.Lines)
	return nil
}

// maxLine bounds one line of an import file: the API's largest request body.
const maxLine = 4 << 20

// readImport reads and checks every line, returning the line numbers and the
// requests; any problem fails the whole file, listing every problem.
func (a *app) readImport(r io.Reader, source string) ([]int, []*pindown.CreatePinRequest, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var (
		lines    []int
		reqs     []*pindown.CreatePinRequest
		problems []string
	)
	for n := 1; ; n++ {
		b, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return nil, nil, inputErr("%s: %v", source, err)
		}
		if len(b) > maxLine {
			problems = append(problems, fmt.Sprintf("line %d: longer than %d bytes", n, maxLine))
		} else if t := bytes.TrimSpace(b); len(t) > 0 {
			req, perr := parseImportLine(t)
			if perr != nil {
				problems = append(problems, fmt.Sprintf("line %d: %s", n, perr))
			} else {
				lines, reqs = append(lines, n), append(reqs, req)
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
		return nil, nil, inputErr("%s: %d invalid lines; nothing was created", source, len(problems))
	}
	if len(reqs) == 0 {
		return nil, nil, inputErr("%s: no pins to import", source)
	}
	return lines, reqs, nil
}

// parseImportLine turns one line into a create request, checked offline.
func parseImportLine(b []byte) (*pindown.CreatePinRequest, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var l importLine
	if err := dec.Decode(&l); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("more than one JSON value on the line")
	}
	var problems []string
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
	cfg, err := pintypes.Decode(pintypes.Type(l.Type), l.Config)
	if err == nil {
		err = cfg.Validate()
	}
	var ve *pintypes.ValidationError
	if errors.As(err, &ve) {
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
	} else if err != nil {
		problems = append(problems, "config: "+err.Error())
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "; "))
	}
	return &pindown.CreatePinRequest{
		Config: cfg, Layout: pindown.Layout(l.Layout), IsPublic: l.Public,
		Metadata: pindown.Metadata{Title: l.Title, Description: l.Description, Tags: l.Tags},
	}, nil
}

// importChunk is the number of pins per BatchCreate call: the API's maximum
// per request, so that each call is one request and progress moves per
// request.
const importChunk = 50

// importPins creates reqs with BatchCreate, a chunk at a time, showing
// progress; it fills out and returns the first failure, nil if none. After
// a call that stops early, the remaining pins are not sent.
func (a *app) importPins(c *pindown.Client, lines []int, reqs []*pindown.CreatePinRequest, out *importJSON) error {
	var first, stopped error
	fail := func(i int, err error) {
		out.Failed = append(out.Failed, failedJSON{Line: lines[i], Error: err.Error()})
		// The exit code is the first failure's, except that "may have been
		// created" wins: it is the one that asks for a check before a rerun.
		if first == nil || (errors.Is(err, pindown.ErrMaybeCreated) && !errors.Is(first, pindown.ErrMaybeCreated)) {
			first = err
		}
	}
	for start := 0; start < len(reqs); start += importChunk {
		end := min(start+importChunk, len(reqs))
		if stopped != nil {
			for i := start; i < end; i++ {
				fail(i, fmt.Errorf("not sent: the import stopped: %v", stopped))
			}
			continue
		}
		res, err := c.Pins.BatchCreate(a.ctx, reqs[start:end])
		if err != nil {
			stopped = err
		}
		for i := start; i < end; i++ {
			var it pindown.BatchItem[*pindown.Pin]
			if res != nil && i-start < len(res.Items) {
				it = res.Items[i-start]
			} else {
				it.Err = err
			}
			if it.Err != nil || it.Value == nil {
				if it.Err == nil {
					it.Err = fmt.Errorf("no outcome reported: %w", pindown.ErrMaybeCreated)
				}
				fail(i, it.Err)
				continue
			}
			out.Created = append(out.Created, importCreated{Line: lines[i], ID: it.Value.ID, URL: shareURL(it.Value.ID)})
		}
		if err != nil && first == nil {
			first = err
		}
		a.progressf("importing: %d/%d pins", end, len(reqs))
	}
	a.progressDone()
	return first
}
