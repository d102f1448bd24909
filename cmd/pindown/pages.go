package main

import (
	"flag"
	"fmt"
	"iter"
	"strings"
	"text/tabwriter"

	pindown "github.com/pindownai/client-go"
)

// pagesCommands are the subcommands of "pages" (c.Pages).
func pagesCommands() []*command {
	return []*command{
		pagesCreateCommand(), pagesGetCommand(), pagesListCommand(), pagesDeleteCommand(),
		pagesAddPinCommand(), pagesRemovePinCommand(), pagesPublishCommand(true), pagesPublishCommand(false),
		pagesInviteCommand(),
	}
}

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
	u := p.ShareableURL
	if u == "" {
		u = "https://pindown.ai/share/pages/" + p.ID
	}
	return pageJSON{ID: p.ID, Title: p.Title, Tags: p.Tags, Pins: append([]string{}, p.Pins...), IsPublic: p.IsPublic,
		CreatedAt: timeString(p.CreatedAt), UpdatedAt: timeString(p.UpdatedAt), URL: u}
}

// printPage prints one page: as JSON, or as "field: value" lines, then the
// ids of its pins in page order.
func (a *app) printPage(p *pindown.Page) error {
	j := toPageJSON(p)
	if a.json {
		return a.writeJSON(j)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 1, ' ', 0)
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s:\t%s\n", k, v)
		}
	}
	line("id", j.ID)
	line("title", j.Title)
	line("tags", strings.Join(j.Tags, ", "))
	line("published", yesNo(j.IsPublic))
	line("pins", fmt.Sprint(len(j.Pins)))
	line("created", j.CreatedAt)
	line("updated", j.UpdatedAt)
	line("url", j.URL)
	if err := tw.Flush(); err != nil {
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
		out := make([]pageJSON, 0, len(pages))
		for _, p := range pages {
			out = append(out, toPageJSON(p))
		}
		return a.writeJSON(out)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tPINS\tPUBLISHED\tCREATED")
	for _, p := range pages {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", p.ID, orDash(oneLine(p.Title)), len(p.Pins), yesNo(p.IsPublic), orDash(timeString(p.CreatedAt)))
	}
	return tw.Flush()
}

type pageCreateOpts struct {
	title      string
	tags, pins tagsValue
	public     bool
}

func pagesCreateCommand() *command {
	return &command{
		name: "create", args: "--title T [--tags a,b] [--pins ID,…] [--public]",
		summary: "create a page (a document of pins, top to bottom)",
		help: `Creates a page and prints it: with the pins --pins lists, in that order, and
published from the start with --public. A create that fails after it may have
reached the server exits 8: check with 'pindown pages list' before creating again.`,
		example: `pindown pages create --title "Weekly report" --pins p-abc123def456,p-0123456789ab`,
		flags: func(fs *flag.FlagSet) any {
			o := &pageCreateOpts{}
			fs.StringVar(&o.title, "title", "", "the page's `title` (required)")
			fs.Var(&o.tags, "tags", "comma-separated `tags` (repeatable)")
			fs.Var(&o.pins, "pins", "comma-separated pin `ids`, in page order (repeatable)")
			fs.BoolVar(&o.public, "public", false, "publish the page (visible to anyone with its URL)")
			return o
		},
		run: func(a *app, _ *flag.FlagSet, opts any, args []string) error {
			return runPagesCreate(a, opts.(*pageCreateOpts), args)
		},
	}
}

// runPagesCreate runs pages create.
func runPagesCreate(a *app, o *pageCreateOpts, args []string) error {
	if len(args) > 0 {
		return usageErr("unexpected arguments %q", args)
	}
	if strings.TrimSpace(o.title) == "" {
		return usageErr("--title is required")
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	p, err := c.Pages.Create(a.ctx, &pindown.CreatePageRequest{Title: o.title, Tags: o.tags, Pins: o.pins, IsPublic: o.public})
	if err != nil {
		return err
	}
	return a.printPage(p)
}

func pagesGetCommand() *command {
	return &command{
		name: "get", args: "ID", summary: "print a page with the ids of its pins",
		help:    `Prints the page with id ID: its fields, then the ids of its pins in page order.`,
		example: `pindown pages get pg-abc123def456 --json | jq -r '.pins[]'`,
		run: func(a *app, _ *flag.FlagSet, _ any, args []string) error {
			if len(args) != 1 {
				return usageErr("pages get takes one page id")
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			p, err := c.Pages.Get(a.ctx, args[0])
			if err != nil {
				return err
			}
			return a.printPage(p)
		},
	}
}

func pagesListCommand() *command {
	return &command{
		name: "list", args: "[--limit N] [--offset N]", summary: "list your pages, newest first",
		help:    `Lists your pages, newest first: all of them, or one page of results with --limit.`,
		example: `pindown pages list --json | jq -r '.[] | select(.is_public) | .url'`,
		flags: func(fs *flag.FlagSet) any {
			o := &pageOpts{}
			o.register(fs, "pages")
			return o
		},
		run: func(a *app, _ *flag.FlagSet, opts any, args []string) error {
			if len(args) > 0 {
				return usageErr("unexpected arguments %q", args)
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			pages, err := listItems(a, opts.(*pageOpts),
				func(o *pindown.ListOptions) ([]*pindown.Page, error) {
					l, err := c.Pages.List(a.ctx, o)
					if err != nil {
						return nil, err
					}
					return l.Items, nil
				},
				func(o *pindown.ListOptions) iter.Seq2[*pindown.Page, error] { return c.Pages.ListAll(a.ctx, o) })
			if err != nil {
				return err
			}
			return a.printPageTable(pages)
		},
	}
}

func pagesDeleteCommand() *command {
	return &command{
		name: "delete", args: "ID...", summary: "delete pages (not their pins)",
		help: `Deletes the pages given by id, one request each; their pins are not deleted.
Prints each id deleted; those that failed go to stderr, and the exit code is the
first failure's.`,
		example: `pindown pages delete pg-abc123def456`,
		run: func(a *app, _ *flag.FlagSet, _ any, ids []string) error {
			if len(ids) == 0 {
				return usageErr("pages delete needs page ids")
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			return a.deleteEach("pages", ids, func(id string) error { return c.Pages.Delete(a.ctx, id) })
		},
	}
}

// pagePinJSON is what pages add-pin and pages remove-pin print with --json.
type pagePinJSON struct {
	PageID string `json:"page_id"`
	PinID  string `json:"pin_id"`
}

func pagesAddPinCommand() *command {
	return &command{
		name: "add-pin", args: "PAGE PIN", summary: "append a pin to a page",
		help: `Appends the pin PIN to the page PAGE (pins appear in the order they are added).
A page may hold a pin more than once, so a failure after the request may have
reached the server exits 8: check with 'pindown pages get' before adding again.`,
		example: `pindown pages add-pin pg-abc123def456 p-0123456789ab`,
		run: func(a *app, _ *flag.FlagSet, _ any, args []string) error {
			return runPagesPin(a, args, true)
		},
	}
}

func pagesRemovePinCommand() *command {
	return &command{
		name: "remove-pin", args: "PAGE PIN", summary: "take a pin off a page (not delete it)",
		help: `Takes the pin PIN off the page PAGE; the pin itself is not deleted. A pin that
is not on the page exits 5.`,
		example: `pindown pages remove-pin pg-abc123def456 p-0123456789ab`,
		run: func(a *app, _ *flag.FlagSet, _ any, args []string) error {
			return runPagesPin(a, args, false)
		},
	}
}

// runPagesPin runs pages add-pin (add) or pages remove-pin.
func runPagesPin(a *app, args []string, add bool) error {
	verb, prep := "remove-pin", "from"
	if add {
		verb, prep = "add-pin", "to"
	}
	if len(args) != 2 {
		return usageErr("pages %s takes a page id and a pin id", verb)
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	if add {
		err = c.Pages.AddPin(a.ctx, args[0], args[1])
	} else {
		err = c.Pages.RemovePin(a.ctx, args[0], args[1])
	}
	if err != nil {
		return err
	}
	if a.json {
		return a.writeJSON(pagePinJSON{PageID: args[0], PinID: args[1]})
	}
	done := map[bool]string{true: "added", false: "removed"}[add]
	_, err = fmt.Fprintf(a.stdout, "%s %s %s %s\n", done, args[1], prep, args[0])
	return err
}

// pagesPublishCommand is pages publish (publish) or pages unpublish.
func pagesPublishCommand(publish bool) *command {
	c := &command{
		name: "unpublish", args: "PAGE", summary: "make a page private again",
		help:    `Makes the page PAGE private again: only its owner and collaborators see it.`,
		example: `pindown pages unpublish pg-abc123def456`,
	}
	if publish {
		c = &command{
			name: "publish", args: "PAGE", summary: "make a page public and print its URL",
			help: `Makes the page PAGE public and prints its URL, and the URL to embed it in an
iframe.`,
			example: `pindown pages publish pg-abc123def456 --json | jq -r .url`,
		}
	}
	c.run = func(a *app, _ *flag.FlagSet, _ any, args []string) error {
		return runPagesPublish(a, args, publish)
	}
	return c
}

// runPagesPublish runs pages publish (publish) or pages unpublish.
func runPagesPublish(a *app, args []string, publish bool) error {
	if len(args) != 1 {
		return usageErr("pages %s takes one page id", map[bool]string{true: "publish", false: "unpublish"}[publish])
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	set := c.Pages.Unpublish
	if publish {
		set = c.Pages.Publish
	}
	r, err := set(a.ctx, args[0])
	if err != nil {
		return err
	}
	out := struct {
		ID       string `json:"id"`
		IsPublic bool   `json:"is_public"`
		URL      string `json:"url"`
		EmbedURL string `json:"embed_url"`
	}{r.ID, r.IsPublic, r.URL, r.EmbedURL}
	if a.json {
		return a.writeJSON(out)
	}
	_, err = fmt.Fprintf(a.stdout, "id:         %s\npublished:  %s\nurl:        %s\nembed url:  %s\n", out.ID, yesNo(out.IsPublic), out.URL, out.EmbedURL)
	return err
}

type inviteOpts struct {
	role string
}

func pagesInviteCommand() *command {
	return &command{
		name: "invite", args: "PAGE EMAIL [--role viewer|editor]", summary: "invite someone to a page by e-mail",
		help: `Sends an invitation to the page PAGE to EMAIL, with the role viewer (default) or
editor. Each run may send an e-mail, so a failure after the request may have
reached the server exits 8 rather than being retried.`,
		example: `pindown pages invite pg-abc123def456 ana@example.com --role editor`,
		flags: func(fs *flag.FlagSet) any {
			o := &inviteOpts{}
			fs.StringVar(&o.role, "role", "viewer", "the `role` once accepted: viewer or editor")
			return o
		},
		run: func(a *app, _ *flag.FlagSet, opts any, args []string) error {
			return runPagesInvite(a, opts.(*inviteOpts), args)
		},
	}
}

// runPagesInvite runs pages invite.
func runPagesInvite(a *app, o *inviteOpts, args []string) error {
	if len(args) != 2 {
		return usageErr("pages invite takes a page id and an e-mail address")
	}
	role := pindown.Role(o.role)
	if role != pindown.RoleViewer && role != pindown.RoleEditor {
		return usageErr("--role %q: not viewer or editor", o.role)
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	inv, err := c.Pages.Invite(a.ctx, args[0], args[1], role)
	if err != nil {
		return err
	}
	out := struct {
		PageID    string `json:"page_id"`
		Email     string `json:"email"`
		Role      string `json:"role"`
		InvitedAt string `json:"invited_at,omitempty"`
	}{args[0], inv.Email, string(inv.Role), timeString(inv.InvitedAt)}
	if a.json {
		return a.writeJSON(out)
	}
	_, err = fmt.Fprintf(a.stdout, "invited %s to %s as %s\n", out.Email, out.PageID, out.Role)
	return err
}
