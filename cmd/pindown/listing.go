package main

import (
	"flag"
	"iter"

	pindown "github.com/pindownai/client-go"
)

// pageOpts are the paging flags of boards list and pages list.
type pageOpts struct {
	limit, offset int
}

func (o *pageOpts) register(fs *flag.FlagSet, noun string) {
	fs.IntVar(&o.limit, "limit", 0, "list one page of at most `N` "+noun+" (1..100; default: all)")
	fs.IntVar(&o.offset, "offset", 0, "skip the `N` newest "+noun)
}

// listItems returns one page of items (with --limit) or all of them from
// --offset on.
func listItems[T any](a *app, o *pageOpts, page func(*pindown.ListOptions) ([]T, error),
	all func(*pindown.ListOptions) iter.Seq2[T, error]) ([]T, error) {
	if o.limit > 0 {
		return page(&pindown.ListOptions{Limit: o.limit, Offset: o.offset})
	}
	var items []T
	for it, err := range all(&pindown.ListOptions{Offset: o.offset}) {
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, nil
}
