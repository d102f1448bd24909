package main

import (
	"cmp"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	pindown "github.com/pindownai/client-go"
)

// pages are the pages of the "pages" commands (c.Pages).
var pages = &collection[pindown.Page]{
	group: "pages", noun: "page",
	service: func(c *pindown.Client) service[pindown.Page] { return c.Pages },
	page: func(a *app, c *pindown.Client, o *pindown.ListOptions) ([]*pindown.Page, error) {
		l, err := c.Pages.List(a.ctx, o)
		if err != nil {
			return nil, err
		}
		return l.Items, nil
	},
	print:   (*app).printPage,
	table:   (*app).printPageTable,
	pinJSON: func(id, pin string, _ *pindown.Position) any { return pagePinJSON{PageID: id, PinID: pin} },
}

// pagesCommands are the subcommands of "pages".
var pagesCommands = []*command{{
	name: "create", args: "--title T [--tags a,b] [--pins ID,…] [--public]",
	summary: "create a page (a document of pins, top to bottom)",
	help: `Creates a page and prints it: with the pins --pins lists, in that order, and
published from the start with --public. A create that fails after it may have
reached the server exits 8: check with 'pindown pages list' before creating again.`,
	example: `pindown pages create --title "Weekly report" --pins p-abc123def456,p-0123456789ab`,
	flags:   pagesCreate,
}, {
	name: "get", args: "ID", summary: "print a page with the ids of its pins",
	help:    `Prints the page with id ID: its fields, then the ids of its pins in page order.`,
	example: `pindown pages get pg-abc123def456 --json | jq -r '.pins[]'`,
	run:     pages.get,
}, {
	name: "list", args: "[--limit N] [--offset N]", summary: "list your pages, newest first",
	help:    `Lists your pages, newest first: all of them, or one page of results with --limit.`,
	example: `pindown pages list --json | jq -r '.[] | select(.is_public) | .url'`,
	flags:   pages.list,
}, {
	name: "delete", args: "ID...", summary: "delete pages (not their pins)",
	help: `Deletes the pages given by id, one request each; their pins are not deleted.
Prints each id deleted; those that failed go to stderr, and the exit code is the
first failure's.`,
	example: `pindown pages delete pg-abc123def456`,
	run:     pages.delete,
}, {
	name: "add-pin", args: "PAGE PIN", summary: "append a pin to a page",
	help: `Appends the pin PIN to the page PAGE (pins appear in the order they are added).
A page may hold a pin more than once, so a failure after the request may have
reached the server exits 8: check with 'pindown pages get' before adding again.`,
	example: `pindown pages add-pin pg-abc123def456 p-0123456789ab`,
	run: func(a *app, args []string) error {
		return pages.changePin(a, args, true, nil, func(c *pindown.Client, id, pin string) error {
			return c.Pages.AddPin(a.ctx, id, pin)
		})
	},
}, {
	name: "remove-pin", args: "PAGE PIN", summary: "take a pin off a page (not delete it)",
	help: `Takes the pin PIN off the page PAGE; the pin itself is not deleted. A pin that
is not on the page exits 5.`,
	example: `pindown pages remove-pin pg-abc123def456 p-0123456789ab`,
	run:     pages.removePin,
}, {
	name: "publish", args: "PAGE", summary: "make a page public and print its URL",
	help: `Makes the page PAGE public and prints its URL, and the URL to embed it in an
iframe.`,
	example: `pindown pages publish pg-abc123def456 --json | jq -r .url`,
	run:     func(a *app, args []string) error { return runPagesPublish(a, args, true) },
}, {
	name: "unpublish", args: "PAGE", summary: "make a page private again",
	help:    `Makes the page PAGE private again: only its owner and collaborators see it.`,
	example: `pindown pages unpublish pg-abc123def456`,
	run:     func(a *app, args []string) error { return runPagesPublish(a, args, false) },
}, {
	name: "invite", args: "PAGE EMAIL [--role viewer|editor]", summary: "invite someone to a page by e-mail",
	help: `Sends an invitation to the page PAGE to EMAIL, with the role viewer (default) or
editor. Each run may send an e-mail, so a failure after the request may have
reached the server exits 8 rather than being retried.`,
	example: `pindown pages invite pg-abc123def456 ana@example.com --role editor`,
	flags:   pagesInvite,
}}

// pageJSON is a page as --json prints it; its field names are stable.
type pageJSON struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Tags      []string `json:"tags,omitempty"`
	Pins      []string `json:"pins"`
	IsPublic  bool     `json:"is_public"`
	CreatedAt string   `json:"created_at,omitempty"`
	UpdatedAt string   `json:"updated_at,omitempty"`
	URL       string   `json:"url"`
}

func toPageJSON(p *pindown.Page) pageJSON {
	return pageJSON{ID: p.ID, Title: p.Title, Tags: p.Tags, Pins: append([]string{}, p.Pins...), IsPublic: p.IsPublic,
		CreatedAt: timeString(p.CreatedAt), UpdatedAt: timeString(p.UpdatedAt),
		URL: cmp.Or(p.ShareableURL, "https://pindown.ai/share/pages/"+p.ID)}
}

// printPage prints one page: as JSON, or as "field: value" lines, then the
// ids of its pins in page order.
func (a *app) printPage(p *pindown.Page) error {
	j := toPageJSON(p)
	if a.json {
		return a.writeJSON(j)
	}
	err := a.printFields("id", j.ID, "title", j.Title, "tags", strings.Join(j.Tags, ", "), "published", yesNo(j.IsPublic),
		"pins", fmt.Sprint(len(j.Pins)), "created", j.CreatedAt, "updated", j.UpdatedAt, "url", j.URL)
	if err != nil {
		return err
	}
	for _, id := range j.Pins {
		fmt.Fprintf(a.stdout, "  %s\n", id)
	}
	return nil
}

// printPageTable prints pages as a table (text) or a JSON array.
func (a *app) printPageTable(pages []*pindown.Page) error {
	if a.json {
		return a.writeJSON(mapSlice(pages, toPageJSON))
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tPINS\tPUBLISHED\tCREATED")
	for _, p := range pages {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", p.ID, orDash(oneLine(p.Title)), len(p.Pins), yesNo(p.IsPublic), orDash(timeString(p.CreatedAt)))
	}
	return tw.Flush()
}

// pagesCreate registers the flags of pages create and returns its run.
func pagesCreate(fs *flag.FlagSet) runFunc {
	title := fs.String("title", "", "the page's `title` (required)")
	var tags, pins tagsValue
	fs.Var(&tags, "tags", "comma-separated `tags` (repeatable)")
	fs.Var(&pins, "pins", "comma-separated pin `ids`, in page order (repeatable)")
	public := fs.Bool("public", false, "publish the page (visible to anyone with its URL)")
	return func(a *app, args []string) error {
		return pages.create(a, args, *title, func(c *pindown.Client) (*pindown.Page, error) {
			return c.Pages.Create(a.ctx, &pindown.CreatePageRequest{Title: *title, Tags: tags, Pins: pins, IsPublic: *public})
		})
	}
}

// pagePinJSON is what pages add-pin and pages remove-pin print with --json.
type pagePinJSON struct {
	PageID string `json:"page_id"`
	PinID  string `json:"pin_id"`
}

// runPagesPublish runs pages publish (publish) or pages unpublish.
func runPagesPublish(a *app, args []string, publish bool) error {
	verb, set := "unpublish", (*pindown.PagesService).Unpublish
	if publish {
		verb, set = "publish", (*pindown.PagesService).Publish
	}
	if len(args) != 1 {
		return usageErr("pages %s takes one page id", verb)
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	r, err := set(c.Pages, a.ctx, args[0])
	if err != nil {
		return err
	}
	return a.printResult(struct {
		ID       string `json:"id"`
		IsPublic bool   `json:"is_public"`
		URL      string `json:"url"`
		EmbedURL string `json:"embed_url"`
	}{r.ID, r.IsPublic, r.URL, r.EmbedURL},
		"id:         %s\npublished:  %s\nurl:        %s\nembed url:  %s\n", r.ID, yesNo(r.IsPublic), r.URL, r.EmbedURL)
}

// pagesInvite registers the flags of pages invite and returns its run.
func pagesInvite(fs *flag.FlagSet) runFunc {
	roleFlag := fs.String("role", "viewer", "the `role` once accepted: viewer or editor")
	return func(a *app, args []string) error {
		if len(args) != 2 {
			return usageErr("pages invite takes a page id and an e-mail address")
		}
		role := pindown.Role(*roleFlag)
		if role != pindown.RoleViewer && role != pindown.RoleEditor {
			return usageErr("--role %q: not viewer or editor", *roleFlag)
		}
		c, err := a.client()
		if err != nil {
			return err
		}
		inv, err := c.Pages.Invite(a.ctx, args[0], args[1], role)
		if err != nil {
			return err
		}
		return a.printResult(struct {
			PageID    string `json:"page_id"`
			Email     string `json:"email"`
			Role      string `json:"role"`
			InvitedAt string `json:"invited_at,omitempty"`
		}{args[0], inv.Email, string(inv.Role), timeString(inv.InvitedAt)},
			"invited %s to %s as %s\n", inv.Email, args[0], inv.Role)
	}
}
