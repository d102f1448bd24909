package main

import (
	"context"
	"flag"
	"iter"
	"strings"

	pindown "github.com/pindownai/client-go"
)

// service is what PinboardsService and PagesService have in common.
type service[T any] interface {
	Get(ctx context.Context, id string, opts ...pindown.RequestOption) (*T, error)
	ListAll(ctx context.Context, opts *pindown.ListOptions, ropts ...pindown.RequestOption) iter.Seq2[*T, error]
	Delete(ctx context.Context, id string, opts ...pindown.RequestOption) error
	RemovePin(ctx context.Context, id, pinID string, opts ...pindown.RequestOption) error
}

// A collection is what the boards and pages commands work on (pinboards or
// pages): their commands run alike, with different SDK calls and output.
type collection[T any] struct {
	group, noun string // "boards", "board"
	service     func(c *pindown.Client) service[T]
	// page lists one page (List, whose result type differs).
	page  func(a *app, c *pindown.Client, o *pindown.ListOptions) ([]*T, error)
	print func(a *app, item *T) error    // get's output
	table func(a *app, items []*T) error // list's output
	// pinJSON is what add-pin and remove-pin print with --json.
	pinJSON func(id, pin string, pos *pindown.Position) any
}

// create runs "GROUP create": newItem creates the item titled title, which
// it prints.
func (k *collection[T]) create(a *app, args []string, title string, newItem func(c *pindown.Client) (*T, error)) error {
	if len(args) > 0 {
		return usageErr("unexpected arguments %q", args)
	}
	if strings.TrimSpace(title) == "" {
		return usageErr("--title is required")
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	item, err := newItem(c)
	if err != nil {
		return err
	}
	return k.print(a, item)
}

// get runs "GROUP get ID".
func (k *collection[T]) get(a *app, args []string) error {
	if len(args) != 1 {
		return usageErr("%s get takes one %s id", k.group, k.noun)
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	item, err := k.service(c).Get(a.ctx, args[0])
	if err != nil {
		return err
	}
	return k.print(a, item)
}

// list registers the flags of "GROUP list" and returns its run: one page
// with --limit, else every item from --offset on.
func (k *collection[T]) list(fs *flag.FlagSet) runFunc {
	limit := fs.Int("limit", 0, "list one page of at most `N` "+k.group+" (1..100; default: all)")
	offset := fs.Int("offset", 0, "skip the `N` newest "+k.group)
	return func(a *app, args []string) error {
		if len(args) > 0 {
			return usageErr("unexpected arguments %q", args)
		}
		c, err := a.client()
		if err != nil {
			return err
		}
		items, err := k.items(a, c, *limit, *offset)
		if err != nil {
			return err
		}
		return k.table(a, items)
	}
}

// items lists one page with limit, else every item from offset on.
func (k *collection[T]) items(a *app, c *pindown.Client, limit, offset int) ([]*T, error) {
	if limit > 0 {
		return k.page(a, c, &pindown.ListOptions{Limit: limit, Offset: offset})
	}
	var items []*T
	for it, err := range k.service(c).ListAll(a.ctx, &pindown.ListOptions{Offset: offset}) {
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, nil
}

// delete runs "GROUP delete ID...": one request per id (boards and pages
// have no batch delete), printed like pins delete, failing with the exit
// code of the first failure.
func (k *collection[T]) delete(a *app, ids []string) error {
	if len(ids) == 0 {
		return usageErr("%s delete needs %s ids", k.group, k.noun)
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	out := deletedJSON{Deleted: []string{}, Failed: []failedJSON{}}
	var first error
	for _, id := range ids {
		err := k.service(c).Delete(a.ctx, id)
		out.record(id, err)
		if first == nil {
			first = err
		}
	}
	if err := a.printDeleted(out, &out); err != nil {
		return err
	}
	return a.notAll(first, len(out.Failed), len(ids), k.group+" were not deleted")
}

// removePin runs "GROUP remove-pin ITEM PIN".
func (k *collection[T]) removePin(a *app, args []string) error {
	return k.changePin(a, args, false, nil, func(c *pindown.Client, id, pin string) error {
		return k.service(c).RemovePin(a.ctx, id, pin)
	})
}

// changePin runs "GROUP add-pin ITEM PIN" (add) or "GROUP remove-pin":
// change does it, and pos is where a board placed the pin (nil: nowhere
// given).
func (k *collection[T]) changePin(a *app, args []string, add bool, pos *pindown.Position, change func(c *pindown.Client, id, pin string) error) error {
	verb, done, prep := "remove-pin", "removed", "from"
	if add {
		verb, done, prep = "add-pin", "added", "to"
	}
	if len(args) != 2 {
		return usageErr("%s %s takes a %s id and a pin id", k.group, verb, k.noun)
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	if err := change(c, args[0], args[1]); err != nil {
		return err
	}
	return a.printResult(k.pinJSON(args[0], args[1], pos), "%s %s %s %s%s\n", done, args[1], prep, args[0], positionString(pos))
}
