package main

import (
	"errors"
	"flag"
	"fmt"
	"slices"

	pindown "github.com/pindownai/client-go"
)

// deleteJSON is what pins delete --json prints.
type deleteJSON struct {
	DryRun  bool      `json:"dry_run"`
	Tag     string    `json:"tag,omitempty"`
	Matched []pinJSON `json:"matched,omitempty"` // with --tag: the pins found
	// WouldDelete lists the ids a --dry-run would delete.
	WouldDelete []string `json:"would_delete,omitempty"`
	deletedJSON
}

// deletedJSON is what boards delete and pages delete print with --json.
type deletedJSON struct {
	Deleted []string     `json:"deleted"`
	Failed  []failedJSON `json:"failed"`
}

type failedJSON struct {
	ID    string `json:"id,omitempty"`
	Line  int    `json:"line,omitempty"`
	Error string `json:"error"`
}

var pinsDeleteCommand = &command{
	name: "delete", args: "ID... | --tag T [--dry-run]", summary: "delete pins by id, or every pin with a tag",
	help: `Deletes the pins given by id, or with --tag every pin of yours that carries the
tag: it lists your pins, reads them in batches of 100 to see their tags, prints
what it found, then deletes them in batches of 50. --dry-run prints the pins and
deletes nothing. Deleting is irreversible.`,
	example: `pindown pins delete --tag tmp --dry-run
pindown pins delete --tag tmp
pindown pins delete p-abc123def456 p-0123456789ab`,
	flags: func(fs *flag.FlagSet) runFunc {
		tag := fs.String("tag", "", "delete every pin with this `tag`")
		dryRun := fs.Bool("dry-run", false, "print what would be deleted; delete nothing")
		return func(a *app, ids []string) error { return runPinsDelete(a, *tag, *dryRun, ids) }
	},
}

// runPinsDelete runs pins delete: of the pins ids, or of every pin that
// carries tag.
func runPinsDelete(a *app, tag string, dryRun bool, ids []string) error {
	switch {
	case tag == "" && len(ids) == 0:
		return usageErr("pins delete needs pin ids or --tag")
	case tag != "" && len(ids) > 0:
		return usageErr("pins delete takes pin ids or --tag, not both")
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	out := deleteJSON{DryRun: dryRun, Tag: tag, deletedJSON: deletedJSON{Deleted: []string{}, Failed: []failedJSON{}}}
	if tag != "" {
		matched, err := a.matchTag(c, tag, &out)
		if err != nil {
			return err
		}
		ids = pinIDs(matched)
		if !a.json {
			verb := "to delete"
			if dryRun {
				verb = "would be deleted (dry run)"
			}
			fmt.Fprintf(a.stderr, "%d pins tagged %q %s\n", len(matched), tag, verb)
			if dryRun {
				return a.printPinTable(matched)
			}
		}
	}
	if dryRun {
		return a.printWouldDelete(ids, &out)
	}
	first := a.deletePins(c, ids, &out.deletedJSON)
	if err := a.printDeleted(out, &out.deletedJSON); err != nil {
		return err
	}
	return a.notAll(first, len(out.Failed), len(ids), "pins were not deleted")
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
	if out.Matched, err = toPinsJSON(matched); err != nil {
		return nil, err
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

// printDeleted prints v with --json, else the ids d deleted (on stdout)
// and those that failed (on stderr).
func (a *app) printDeleted(v any, d *deletedJSON) error {
	if a.json {
		return a.writeJSON(v)
	}
	for _, id := range d.Deleted {
		fmt.Fprintf(a.stdout, "deleted %s\n", id)
	}
	for _, f := range d.Failed {
		fmt.Fprintf(a.stderr, "failed %s: %s\n", f.ID, a.redact(f.Error))
	}
	return nil
}

// record files the outcome of deleting id.
func (d *deletedJSON) record(id string, err error) {
	if err != nil {
		d.Failed = append(d.Failed, failedJSON{ID: id, Error: err.Error()})
	} else {
		d.Deleted = append(d.Deleted, id)
	}
}

// deletePins deletes ids (Delete for one, BatchDelete for more), filling d,
// and returns the first item's error, nil when all were deleted.
func (a *app) deletePins(c *pindown.Client, ids []string, d *deletedJSON) error {
	if len(ids) == 1 {
		err := c.Pins.Delete(a.ctx, ids[0])
		d.record(ids[0], err)
		return err
	}
	var first, stopped error
	sent := 0
	for chunk := range slices.Chunk(ids, batchSize) {
		if stopped != nil {
			for _, id := range chunk {
				d.record(id, fmt.Errorf("not sent: %w", stopped))
			}
			continue
		}
		res, err := c.Pins.BatchDelete(a.ctx, chunk)
		if res != nil {
			for i, it := range res.Items {
				d.record(chunk[i], it.Err)
				if first == nil {
					first = it.Err
				}
			}
		}
		if err != nil {
			stopped = err
			if first == nil || errors.Is(first, pindown.ErrNotSent) {
				first = err
			}
		}
		sent += len(chunk)
		if len(ids) > batchSize {
			a.progressf("deleting: %d/%d pins", sent, len(ids))
		}
	}
	if len(ids) > batchSize {
		a.progressDone()
	}
	return first
}
