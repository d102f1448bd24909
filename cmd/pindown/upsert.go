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

var pinsUpsertCommand = &command{
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
	flags: func(fs *flag.FlagSet) runFunc {
		o := &createOpts{}
		o.register(fs)
		var key keyValue
		fs.Var(&key, "key", keyUsage+" (required)")
		return func(a *app, args []string) error {
			if len(args) > 0 {
				return usageErr("unexpected arguments %q", args)
			}
			if key == "" {
				return usageErr("--key is required")
			}
			req, err := o.build(a)
			if err != nil {
				return err
			}
			return a.saveAndReport(string(key), req, false)
		}
	},
}

// save creates the pin of req or, with a key, upserts the pin key names.
func (a *app) save(key string, req *pindown.CreatePinRequest) (*pindown.Pin, error) {
	c, err := a.client()
	if err != nil {
		return nil, err
	}
	if key == "" {
		return c.Pins.Create(a.ctx, req)
	}
	return c.Pins.Upsert(a.ctx, key, req)
}

// saveAndReport saves the pin of req (see save), prints it and appends it
// to $GITHUB_OUTPUT. As text, a push or upsert prints only the pin's id and
// URL (a CI log needs no more), pins create (whole) all of it.
func (a *app) saveAndReport(key string, req *pindown.CreatePinRequest, whole bool) error {
	p, err := a.save(key, req)
	if err != nil {
		return err
	}
	if whole || a.json {
		err = a.printPin(p)
	} else {
		_, err = fmt.Fprintf(a.stdout, "id:   %s\nurl:  %s\n", p.ID, shareURL(p.ID))
	}
	if err != nil {
		return err
	}
	return a.githubOutput(p)
}
