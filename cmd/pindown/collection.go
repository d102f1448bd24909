package main

import (
	"context"
	"flag"
	"iter"

	pindown "github.com/pindownai/client-go"
)

// service is what PinboardsService and PagesService have in common.
type service[T any] interface {
	Get(ctx context.Context, id string, opts ...pindown.RequestOption) (*T, error)
	ListAll(ctx context.Context, opts *pindown.ListOptions, ropts ...pindown.RequestOption) iter.Seq2[*T, error]
	Delete(ctx context.Context, id string, opts ...pindown.RequestOption) error
}

// A collection is what the boards and pages commands get, list and delete
// (pinboards or pages): those three commands are the same for both.
type collection[T any] struct {
	group, noun string // "boards", "board"
	service     func(c *pindown.Client) service[T]
	// page lists one page (List, whose result type differs).
	page  func(a *app, c *pindown.Client, o *pindown.ListOptions) ([]*T, error)
	print func(a *app, item *T) error    // get's output
	table func(a *app, items []*T) error // list's output
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
