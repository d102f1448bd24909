package main

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"strings"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pintypes"
)

// pinsCommands are the subcommands of "pins".
var pinsCommands = []*command{
	pinsCreateCommand, pinsUpsertCommand, pinsGetCommand, pinsListCommand, pinsUpdateCommand,
	pinsDeleteCommand, pinsShareCommand, pinsImportCommand,
}

// tagsValue is a list of tags given as --tags a,b (repeatable).
type tagsValue []string

func (t *tagsValue) String() string { return strings.Join(*t, ",") }
func (t *tagsValue) Set(s string) error {
	for _, tag := range strings.Split(s, ",") {
		if tag = strings.TrimSpace(tag); tag != "" {
			*t = append(*t, tag)
		}
	}
	return nil
}

// pinFlags are the flags of every command that creates a pin.
type pinFlags struct {
	title       string
	description string
	tags        tagsValue
	layout      string
	public      bool
}

func (f *pinFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.title, "title", "", "the pin's `title` (required)")
	fs.StringVar(&f.description, "description", "", "the pin's description")
	fs.Var(&f.tags, "tags", "comma-separated `tags` (repeatable)")
	fs.StringVar(&f.layout, "layout", "", "the pin's `layout`: 1x1 1x2 2x1 2x2 3x1 3x2 3x3 4x4 (default: the server's)")
	fs.BoolVar(&f.public, "public", false, "make the pin public (visible to anyone with its URL)")
}

// request builds the create request for cfg from the flags.
func (f *pinFlags) request(cfg pintypes.Config) (*pindown.CreatePinRequest, error) {
	if strings.TrimSpace(f.title) == "" {
		return nil, usageErr("--title is required")
	}
	if f.layout != "" && !pindown.Layout(f.layout).Valid() {
		return nil, usageErr("--layout %q: not one of 1x1 1x2 2x1 2x2 3x1 3x2 3x3 4x4", f.layout)
	}
	return &pindown.CreatePinRequest{
		Config: cfg, Layout: pindown.Layout(f.layout), IsPublic: f.public,
		Metadata: pindown.Metadata{Title: f.title, Description: f.description, Tags: f.tags},
	}, nil
}

// decodeConfig turns a pin_config in JSON into the typed config of t and
// validates it, offline. Its errors list every problem with its path.
func decodeConfig(t pintypes.Type, raw []byte, source string) (pintypes.Config, error) {
	if !json.Valid(raw) {
		var v any
		err := json.Unmarshal(raw, &v)
		return nil, inputErr("%s: not valid JSON: %v", source, err)
	}
	cfg, err := pintypes.Decode(t, raw)
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		return nil, withCode(exitInvalid, fmt.Errorf("%s: %w", source, err))
	}
	return cfg, nil
}

type createOpts struct {
	pinFlags
	typ    string
	config string
}

var pinsCreateCommand = &command{
	name: "create", args: "--title T [--type TYPE] [--config FILE|-] [FLAGS]",
	summary: "create a pin from a pin_config JSON file",
	help: `Creates one pin of --type (default markdown) whose pin_config is the JSON in
--config (a file, or - for stdin; none: an empty config). The config is validated
before anything is sent. Prints the pin; with GITHUB_OUTPUT set, appends pin_id and
pin_url to it.`,
	example: `pindown pins create --type stat-cards --title "KPIs" --config kpis.json --layout 2x1 --tags ops`,
	flags: func(fs *flag.FlagSet) runFunc {
		o := &createOpts{}
		o.register(fs)
		return func(a *app, args []string) error {
			if len(args) > 0 {
				return usageErr("unexpected arguments %q", args)
			}
			req, err := o.build(a)
			if err != nil {
				return err
			}
			return a.saveAndReport("", req, true)
		}
	},
}

func (o *createOpts) register(fs *flag.FlagSet) {
	o.pinFlags.register(fs)
	fs.StringVar(&o.typ, "type", "markdown", "the pin `type`, such as stat-cards (see 'pindown validate --help')")
	fs.StringVar(&o.config, "config", "", "the pin_config JSON `file` (- for stdin)")
}

// build reads and validates --config (none: the empty config of --type)
// and returns the create request the flags describe.
func (o *createOpts) build(a *app) (*pindown.CreatePinRequest, error) {
	raw, source := []byte("{}"), "the empty config"
	if o.config != "" {
		var err error
		if raw, err = a.readInput(o.config); err != nil {
			return nil, err
		}
		source = displayName(o.config)
	}
	cfg, err := decodeConfig(pintypes.Type(o.typ), raw, source)
	if err != nil {
		return nil, err
	}
	return o.request(cfg)
}

var pinsGetCommand = &command{
	name: "get", args: "ID", summary: "print a pin with its config",
	help:    `Prints the pin with id ID: its fields, then its config as JSON.`,
	example: `pindown pins get p-abc123def456 --json | jq .config`,
	run: func(a *app, args []string) error {
		if len(args) != 1 {
			return usageErr("pins get takes one pin id")
		}
		c, err := a.client()
		if err != nil {
			return err
		}
		p, err := c.Pins.Get(a.ctx, args[0])
		if err != nil {
			return err
		}
		return a.printPin(p)
	},
}

var pinsListCommand = &command{
	name: "list", args: "[--tag T] [--limit N] [--offset N]", summary: "list your pins, newest first",
	help: `Lists your pins, newest first: all of them, or one page with --limit. List items
are summaries (no config, often no tags or type); --tag fetches the full pins in
batches of 100 to keep those with the tag.`,
	example: `pindown pins list --tag nightly --json | jq -r '.[].id'`,
	flags: func(fs *flag.FlagSet) runFunc {
		limit := fs.Int("limit", 0, "list one page of at most `N` pins (1..100; default: all pins)")
		offset := fs.Int("offset", 0, "skip the `N` newest pins")
		tag := fs.String("tag", "", "only pins with this `tag`")
		return func(a *app, args []string) error { return runPinsList(a, *limit, *offset, *tag, args) }
	},
}

// runPinsList runs pins list.
func runPinsList(a *app, limit, offset int, tag string, args []string) error {
	if len(args) > 0 {
		return usageErr("unexpected arguments %q", args)
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	var pins []*pindown.Pin
	if limit > 0 {
		page, err := c.Pins.List(a.ctx, &pindown.ListOptions{Limit: limit, Offset: offset})
		if err != nil {
			return err
		}
		pins = page.Items
	} else if pins, err = a.listAll(c, offset); err != nil {
		return err
	}
	if tag != "" {
		if pins, err = a.withTag(c, pins, tag); err != nil {
			return err
		}
	}
	return a.printPinTable(pins)
}

// listAll collects every pin from offset on.
func (a *app) listAll(c *pindown.Client, offset int) ([]*pindown.Pin, error) {
	var pins []*pindown.Pin
	for p, err := range c.Pins.ListAll(a.ctx, &pindown.ListOptions{Offset: offset}) {
		if err != nil {
			return nil, err
		}
		pins = append(pins, p)
		if len(pins)%500 == 0 {
			a.progressf("listing: %d pins", len(pins))
		}
	}
	if len(pins) >= 500 {
		a.progressDone()
	}
	return pins, nil
}

// withTag returns the full pins among pins that carry tag, in their order.
// List items are summaries without tags, so it asks BatchGet for the full
// pins (100 per request).
func (a *app) withTag(c *pindown.Client, pins []*pindown.Pin, tag string) ([]*pindown.Pin, error) {
	if len(pins) == 0 {
		return nil, nil
	}
	res, err := c.Pins.BatchGet(a.ctx, pinIDs(pins))
	if err != nil {
		return nil, err
	}
	var out []*pindown.Pin
	for _, p := range res.Found {
		if slices.Contains(p.Metadata.Tags, tag) {
			out = append(out, p)
		}
	}
	return out, nil
}

type updateOpts struct {
	title, description, layout, typ, config string
	tags                                    tagsValue
	public                                  bool
}

var pinsUpdateCommand = &command{
	name: "update", args: "ID [FLAGS]", summary: "change some of a pin's fields",
	help: `Changes the fields given as flags; the others keep their values. --config
replaces the config (of --type, or of the pin's current type, read first).
--tags "" removes every tag.`,
	example: `pindown pins update p-abc123def456 --title "KPIs (live)" --config kpis.json`,
	flags: func(fs *flag.FlagSet) runFunc {
		o := &updateOpts{}
		o.register(fs)
		return func(a *app, args []string) error { return runPinsUpdate(a, fs, o, args) }
	},
}

func (o *updateOpts) register(fs *flag.FlagSet) {
	fs.StringVar(&o.title, "title", "", "the new `title`")
	fs.StringVar(&o.description, "description", "", "the new description")
	fs.Var(&o.tags, "tags", "the new comma-separated `tags` (repeatable; \"\" removes all)")
	fs.StringVar(&o.layout, "layout", "", "the new `layout`")
	fs.BoolVar(&o.public, "public", false, "make the pin public (--public=false: private)")
	fs.StringVar(&o.typ, "type", "", "the pin `type` of --config (default: the pin's current type)")
	fs.StringVar(&o.config, "config", "", "the new pin_config JSON `file` (- for stdin)")
}

// runPinsUpdate runs pins update: it sends only the fields whose flags
// were given, so that the others keep their values.
func runPinsUpdate(a *app, fs *flag.FlagSet, o *updateOpts, args []string) error {
	if len(args) != 1 {
		return usageErr("pins update takes one pin id")
	}
	id := args[0]
	req, changed, err := o.request(fs)
	if err != nil {
		return err
	}
	if o.typ != "" && o.config == "" {
		return usageErr("--type needs --config")
	}
	var raw []byte
	if o.config != "" {
		if raw, err = a.readInput(o.config); err != nil {
			return err
		}
		changed = true
	}
	if !changed {
		return usageErr("nothing to update: give at least one of --title --description --tags --layout --public --config")
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	if raw != nil {
		// The config is of --type or, without it, of the pin's current type.
		t := pintypes.Type(o.typ)
		if t == "" {
			p, err := c.Pins.Get(a.ctx, id)
			if err != nil {
				return err
			}
			t = p.Type
		}
		if req.Config, err = decodeConfig(t, raw, displayName(o.config)); err != nil {
			return err
		}
	}
	p, err := c.Pins.Update(a.ctx, id, req)
	if err != nil {
		return err
	}
	return a.printResult(struct {
		ID        string `json:"id"`
		UpdatedAt string `json:"updated_at,omitempty"`
	}{p.ID, timeString(p.UpdatedAt)}, "updated %s\n", p.ID)
}

// request builds the update request from the metadata flags given on the
// command line (not --config) and reports whether any was.
func (o *updateOpts) request(fs *flag.FlagSet) (*pindown.UpdatePinRequest, bool, error) {
	req := &pindown.UpdatePinRequest{}
	changed := false
	if flagSet(fs, "title") {
		req.Title, changed = pindown.Ptr(o.title), true
	}
	if flagSet(fs, "description") {
		req.Description, changed = pindown.Ptr(o.description), true
	}
	if flagSet(fs, "tags") {
		req.Tags, changed = append([]string{}, o.tags...), true
	}
	if flagSet(fs, "layout") {
		if !pindown.Layout(o.layout).Valid() {
			return nil, false, usageErr("--layout %q: not one of 1x1 1x2 2x1 2x2 3x1 3x2 3x3 4x4", o.layout)
		}
		req.Layout, changed = pindown.Layout(o.layout), true
	}
	if flagSet(fs, "public") {
		req.IsPublic, changed = pindown.Ptr(o.public), true
	}
	return req, changed, nil
}

var pinsShareCommand = &command{
	name: "share", args: "ID [--public] [--allow-edit] [--require-sign-in] [--allow-comments]",
	summary: "change a pin's sharing flags and print its URL",
	help: `Sets the sharing flags given (a flag not given keeps its value; --public=false
turns one off). With no flag, makes the pin public. Prints the flags and the URL
where a public pin is seen.`,
	example: `pindown pins share p-abc123def456 --public --allow-comments`,
	flags: func(fs *flag.FlagSet) runFunc {
		s := &pindown.ShareSettings{}
		fs.BoolFunc("public", "anyone with the URL can see the pin", setBool(&s.IsPublic))
		fs.BoolFunc("allow-edit", "viewers may edit the pin", setBool(&s.AllowEdit))
		fs.BoolFunc("require-sign-in", "viewers must sign in", setBool(&s.RequireSignIn))
		fs.BoolFunc("allow-comments", "viewers may comment", setBool(&s.AllowComments))
		return func(a *app, args []string) error { return runPinsShare(a, s, args) }
	},
}

// runPinsShare runs pins share: with no flag given, s makes the pin public.
func runPinsShare(a *app, s *pindown.ShareSettings, args []string) error {
	if len(args) != 1 {
		return usageErr("pins share takes one pin id")
	}
	if *s == (pindown.ShareSettings{}) {
		s.IsPublic = pindown.Ptr(true)
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	r, err := c.Pins.Share(a.ctx, args[0], s)
	if err != nil {
		return err
	}
	id := cmp.Or(r.ID, args[0])
	return a.printShared(struct {
		ID            string `json:"id"`
		IsPublic      bool   `json:"is_public"`
		AllowEdit     bool   `json:"allow_edit"`
		RequireSignIn bool   `json:"require_sign_in"`
		AllowComments bool   `json:"allow_comments"`
		URL           string `json:"url"`
	}{id, r.IsPublic, r.AllowEdit, r.RequireSignIn, r.AllowComments, shareURL(id)},
		id, sharing(r.IsPublic, r.AllowEdit, r.RequireSignIn, r.AllowComments), shareURL(id))
}
