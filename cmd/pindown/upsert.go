package main

import (
	"errors"
	"flag"
	"fmt"

	pindown "github.com/pindownai/client-go"
)

// keyValue is an upsert key given as --key: never empty, so that a CI
// variable that expands to nothing fails the step instead of creating a
// new pin every run.
type keyValue string

func (k *keyValue) String() string { return string(*k) }
func (k *keyValue) Set(s string) error {
	if s == "" {
		return errors.New("empty: the key names the pin across runs")
	}
	*k = keyValue(s)
	return nil
}

// keyUsage is the --key flag's line in --help.
const keyUsage = "update the pin this `KEY` names, creating it the first time (the pin carries the tag " + pindown.KeyTagPrefix + "KEY)"

type upsertOpts struct {
	createOpts
	key keyValue
}

func pinsUpsertCommand() *command {
	return &command{
		name: "upsert", args: "--key KEY --title T [--type TYPE] [--config FILE|-] [FLAGS]",
		summary: "update the pin a key names, or create it (for jobs that re-run)",
		help: `Finds the pin that carries the tag pindown-key:KEY and makes it what the flags
say (type and config, title, description, tags, public; --layout only when given),
or creates it when there is none: the same key lands on the same pin every run.
--config is a pin_config JSON file (- for stdin; none: an empty config of --type),
validated before anything is sent. Finding the pin lists your pins and reads
candidates in batches. Prints the pin's id and URL; with GITHUB_OUTPUT set, appends
pin_id and pin_url to it.`,
		example: `pindown pins upsert --key nightly-kpis --type stat-cards --title "KPIs" --config kpis.json`,
		flags: func(fs *flag.FlagSet) any {
			o := &upsertOpts{}
			o.createOpts.register(fs)
			fs.Var(&o.key, "key", keyUsage+" (required)")
			return o
		},
		run: func(a *app, _ *flag.FlagSet, opts any, args []string) error {
			return runPinsUpsert(a, opts.(*upsertOpts), args)
		},
	}
}

// runPinsUpsert runs pins upsert.
func runPinsUpsert(a *app, o *upsertOpts, args []string) error {
	if len(args) > 0 {
		return usageErr("unexpected arguments %q", args)
	}
	if o.key == "" {
		return usageErr("--key is required")
	}
	req, err := o.build(a)
	if err != nil {
		return err
	}
	p, err := a.upsert(string(o.key), req)
	if err != nil {
		return err
	}
	return a.reportSaved(p)
}

// reportSaved prints a pin a push or upsert saved: its id and URL as text
// (a CI log needs no more), the whole pin with --json; and appends both to
// $GITHUB_OUTPUT.
func (a *app) reportSaved(p *pindown.Pin) error {
	var err error
	if a.json {
		err = a.printPin(p)
	} else {
		_, err = fmt.Fprintf(a.stdout, "id:   %s\nurl:  %s\n", p.ID, shareURL(p.ID))
	}
	if err != nil {
		return err
	}
	return a.githubOutput(p)
}

// upsert makes the pin key names look like req.
func (a *app) upsert(key string, req *pindown.CreatePinRequest) (*pindown.Pin, error) {
	c, err := a.client()
	if err != nil {
		return nil, err
	}
	return c.Pins.Upsert(a.ctx, key, req)
}

// pushOpts are the flags of the push commands: those of a new pin, and
// --key to update one pin across runs.
type pushOpts struct {
	pinFlags
	key keyValue
}

func pushFlags(fs *flag.FlagSet) any {
	o := &pushOpts{}
	o.register(fs)
	fs.Var(&o.key, "key", keyUsage)
	return o
}

// saveAndReport creates the pin of req or, with --key, upserts it; then
// prints it and appends it to $GITHUB_OUTPUT.
func (a *app) saveAndReport(o *pushOpts, req *pindown.CreatePinRequest) error {
	c, err := a.client()
	if err != nil {
		return err
	}
	var p *pindown.Pin
	if o.key == "" {
		p, err = c.Pins.Create(a.ctx, req)
	} else {
		p, err = c.Pins.Upsert(a.ctx, string(o.key), req)
	}
	if err != nil {
		return err
	}
	return a.reportSaved(p)
}
