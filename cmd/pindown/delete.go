package main

import (
	"errors"
	"flag"
	"fmt"

	pindown "github.com/pindownai/client-go"
)

type deleteOpts struct {
	tag    string
	dryRun bool
}

// deleteJSON is what pins delete --json prints.
type deleteJSON struct {
	DryRun  bool      `json:"dry_run"`
	Tag     string    `json:"tag,omitempty"`
	Matched []pinJSON `json:"matched,omitempty"` // with --tag: the pins found
	// WouldDelete lists the ids a --dry-run would delete.
	WouldDelete []string     `json:"would_delete,omitempty"`
	Deleted     []string     `json:"deleted"`
	Failed      []failedJSON `json:"failed"`
}

type failedJSON struct {
	ID    string `json:"id,omitempty"`
	Line  int    `json:"line,omitempty"`
	Error string `json:"error"`
}

func pinsDeleteCommand() *command {
	return &command{
		name: "delete", args: "ID... | --tag T [--dry-run]", summary: "delete pins by id, or every pin with a tag",
		help: `Deletes the pins given by id, or with --tag every pin of yours that carries the
tag: it lists your pins, reads them in batches of 100 to see their tags, prints
what it found, then deletes them in batches of 50. --dry-run prints the pins and
deletes nothing. Deleting is irreversible.`,
		example: `pindown pins delete --tag tmp --dry-run
pindown pins delete --tag tmp
pindown pins delete p-abc123def456 p-0123456789ab`,
		flags: func(fs *flag.FlagSet) any {
			o := &deleteOpts{}
			fs.StringVar(&o.tag, "tag", "", "delete every pin with this `tag`")
			fs.BoolVar(&o.dryRun, "dry-run", false, "print what would be deleted; delete nothing")
			return o
		},
		run: func(a *app, fs *flag.FlagSet, opts any, ids []string) error {
			return runPinsDelete(a, fs, opts.(*deleteOpts), ids)
		},
	}
}

// runPinsDelete runs pins delete: of the pins ids, or with --tag of every
// pin that carries the tag.
func runPinsDelete(a *app, _ *flag.FlagSet, o *deleteOpts, ids []string) error {
	switch {
	case o.tag == "" && len(ids) == 0:
		return usageErr("pins delete needs pin ids or --tag")
	case o.tag != "" && len(ids) > 0:
		return usageErr("pins delete takes pin ids or --tag, not both")
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	out := deleteJSON{DryRun: o.dryRun, Tag: o.tag, Deleted: []string{}, Failed: []failedJSON{}}
	if o.tag != "" {
		matched, err := a.matchTag(c, o.tag, &out)
		if err != nil {
			return err
		}
		ids = pinIDs(matched)
		if !a.json {
			verb := "to delete"
			if o.dryRun {
				verb = "would be deleted (dry run)"
			}
			fmt.Fprintf(a.stderr, "%d pins tagged %q %s\n", len(matched), o.tag, verb)
			if o.dryRun {
				return a.printPinTable(matched)
			}
		}
	}
	if o.dryRun {
		return a.printWouldDelete(ids, &out)
	}
	first := a.deletePins(c, ids, &out)
	if err := a.printDeleted(&out); err != nil {
		return err
	}
	if first != nil {
		return withCode(exitCode(first), fmt.Errorf("%d of %d pins were not deleted (first: %s)", len(out.Failed), len(ids), a.redact(first.Error())))
	}
	return nil
}

// matchTag finds every pin with tag, records them in out.Matched and
// returns them.
func (a *app) matchTag(c *pindown.Client, tag string, out *deleteJSON) ([]*pindown.Pin, error) {
	all, err := a.listAll(c, 0)
	if err != nil {
		return nil, err
	}
	matched, err := a.withTag(c, all, tag)
	if err != nil {
		return nil, err
	}
	out.Matched = []pinJSON{}
	for _, p := range matched {
		j, err := toPinJSON(p)
		if err != nil {
			return nil, err
		}
		out.Matched = append(out.Matched, j)
	}
	return matched, nil
}

// pinIDs returns the ids of pins, nil if there are none.
func pinIDs(pins []*pindown.Pin) []string {
	var ids []string
	for _, p := range pins {
		ids = append(ids, p.ID)
	}
	return ids
}

// printWouldDelete prints what a --dry-run of deleting ids would delete.
func (a *app) printWouldDelete(ids []string, out *deleteJSON) error {
	if out.Tag == "" && !a.json {
		for _, id := range ids {
			fmt.Fprintf(a.stdout, "would delete %s\n", id)
		}
		return nil
	}
	out.WouldDelete = append([]string{}, ids...)
	return a.writeJSON(*out)
}

// printDeleted prints the pins deleted (on stdout) and those that failed
// (on stderr), or with --json all of out.
func (a *app) printDeleted(out *deleteJSON) error {
	if a.json {
		return a.writeJSON(*out)
	}
	a.printDeletedText(out.Deleted, out.Failed)
	return nil
}

// printDeletedText prints the ids deleted (on stdout) and those that
// failed (on stderr).
func (a *app) printDeletedText(deleted []string, failed []failedJSON) {
	for _, id := range deleted {
		fmt.Fprintf(a.stdout, "deleted %s\n", id)
	}
	for _, f := range failed {
		fmt.Fprintf(a.stderr, "failed %s: %s\n", f.ID, a.redact(f.Error))
	}
}

// deleteChunk is the number of pins per BatchDelete call: the API's maximum
// per request, so that each call is one request and progress moves per
// request.
const deleteChunk = 50

// deletePins deletes ids (Delete for one, BatchDelete for more), filling out,
// and returns the first item's error, nil when all were deleted.
func (a *app) deletePins(c *pindown.Client, ids []string, out *deleteJSON) error {
	if len(ids) == 1 {
		if err := c.Pins.Delete(a.ctx, ids[0]); err != nil {
			out.Failed = append(out.Failed, failedJSON{ID: ids[0], Error: err.Error()})
			return err
		}
		out.Deleted = append(out.Deleted, ids[0])
		return nil
	}
	var first, stopped error
	for start := 0; start < len(ids); start += deleteChunk {
		chunk := ids[start:min(start+deleteChunk, len(ids))]
		if stopped != nil {
			for _, id := range chunk {
				out.Failed = append(out.Failed, failedJSON{ID: id, Error: "not sent: " + stopped.Error()})
			}
			continue
		}
		res, err := c.Pins.BatchDelete(a.ctx, chunk)
		if res != nil {
			for i, it := range res.Items {
				if it.Err != nil {
					out.Failed = append(out.Failed, failedJSON{ID: chunk[i], Error: it.Err.Error()})
					if first == nil {
						first = it.Err
					}
				} else {
					out.Deleted = append(out.Deleted, chunk[i])
				}
			}
		}
		if err != nil {
			stopped = err
			if first == nil || errors.Is(first, pindown.ErrNotSent) {
				first = err
			}
		}
		if len(ids) > deleteChunk {
			a.progressf("deleting: %d/%d pins", min(start+deleteChunk, len(ids)), len(ids))
		}
	}
	if len(ids) > deleteChunk {
		a.progressDone()
	}
	return first
}

// deletedJSON is what boards delete and pages delete print with --json.
type deletedJSON struct {
	Deleted []string     `json:"deleted"`
	Failed  []failedJSON `json:"failed"`
}

// deleteEach deletes ids one at a time with del (boards and pages have no
// batch delete), prints what it did like pins delete, and fails with the
// exit code of the first failure. noun names what ids are ("boards").
func (a *app) deleteEach(noun string, ids []string, del func(id string) error) error {
	out := deletedJSON{Deleted: []string{}, Failed: []failedJSON{}}
	var first error
	for _, id := range ids {
		if err := del(id); err != nil {
			out.Failed = append(out.Failed, failedJSON{ID: id, Error: err.Error()})
			if first == nil {
				first = err
			}
			continue
		}
		out.Deleted = append(out.Deleted, id)
	}
	if a.json {
		if err := a.writeJSON(out); err != nil {
			return err
		}
	} else {
		a.printDeletedText(out.Deleted, out.Failed)
	}
	if first != nil {
		return withCode(exitCode(first), fmt.Errorf("%d of %d %s were not deleted (first: %s)", len(out.Failed), len(ids), noun, a.redact(first.Error())))
	}
	return nil
}
