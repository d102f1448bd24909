package main

import (
	"flag"
	"fmt"
	"iter"
	"strings"
	"text/tabwriter"

	pindown "github.com/pindownai/client-go"
)

// boardsCommands are the subcommands of "boards" (c.Pinboards).
func boardsCommands() []*command {
	return []*command{
		boardsCreateCommand(), boardsGetCommand(), boardsListCommand(), boardsDeleteCommand(),
		boardsAddPinCommand(), boardsRemovePinCommand(), boardsShareCommand(),
	}
}

// boardJSON is a pinboard as --json prints it; its field names are stable.
type boardJSON struct {
	ID            string                      `json:"id"`
	Title         string                      `json:"title"`
	Description   string                      `json:"description,omitempty"`
	Tags          []string                    `json:"tags,omitempty"`
	Pins          []string                    `json:"pins"`
	PinCount      int                         `json:"pin_count"`
	Layout        map[string]pindown.Position `json:"layout,omitempty"`
	IsPublic      bool                        `json:"is_public"`
	RequireSignIn bool                        `json:"require_sign_in"`
	AllowComments bool                        `json:"allow_comments"`
	CreatedAt     string                      `json:"created_at,omitempty"`
	UpdatedAt     string                      `json:"updated_at,omitempty"`
	URL           string                      `json:"url"`
}

func toBoardJSON(b *pindown.Pinboard) boardJSON {
	return boardJSON{
		ID: b.ID, Title: b.Title, Description: b.Description, Tags: b.Tags,
		Pins: append([]string{}, b.Pins...), PinCount: b.PinCount, Layout: b.Layout,
		IsPublic: b.IsPublic, RequireSignIn: b.RequireSignIn, AllowComments: b.AllowComments,
		CreatedAt: timeString(b.CreatedAt), UpdatedAt: timeString(b.UpdatedAt), URL: boardURL(b),
	}
}

// boardURL is where the board is seen.
func boardURL(b *pindown.Pinboard) string {
	if b.ShareableURL != "" {
		return b.ShareableURL
	}
	return "https://pindown.ai/share/pinboard/" + b.ID
}

// printBoard prints one board: as JSON, or as "field: value" lines, then
// its pins with their places on the grid.
func (a *app) printBoard(b *pindown.Pinboard) error {
	j := toBoardJSON(b)
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
	line("description", j.Description)
	line("tags", strings.Join(j.Tags, ", "))
	line("sharing", sharing(&pindown.Pin{IsPublic: b.IsPublic, RequireSignIn: b.RequireSignIn, AllowComments: b.AllowComments}))
	line("pins", fmt.Sprint(j.PinCount))
	line("created", j.CreatedAt)
	line("updated", j.UpdatedAt)
	line("url", j.URL)
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, id := range j.Pins {
		at := ""
		if p, ok := j.Layout[id]; ok {
			at = " " + positionString(p)
		}
		fmt.Fprintf(a.stdout, "  %s%s\n", id, at)
	}
	return nil
}

func positionString(p pindown.Position) string {
	return fmt.Sprintf("at x=%d y=%d w=%d h=%d", p.X, p.Y, p.W, p.H)
}

// printBoardTable prints boards as a table (text) or a JSON array.
func (a *app) printBoardTable(boards []*pindown.Pinboard) error {
	if a.json {
		out := make([]boardJSON, 0, len(boards))
		for _, b := range boards {
			out = append(out, toBoardJSON(b))
		}
		return a.writeJSON(out)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tPINS\tPUBLIC\tCREATED")
	for _, b := range boards {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", b.ID, orDash(oneLine(b.Title)), b.PinCount, yesNo(b.IsPublic), orDash(timeString(b.CreatedAt)))
	}
	return tw.Flush()
}

type boardCreateOpts struct {
	title, description string
	tags               tagsValue
	public             bool
}

func boardsCreateCommand() *command {
	return &command{
		name: "create", args: "--title T [--description D] [--tags a,b] [--public]",
		summary: "create an empty pinboard",
		help: `Creates a pinboard (a grid of pins) and prints it. Add pins with 'pindown boards
add-pin'. A create that fails after it may have reached the server exits 8: check
with 'pindown boards list' before creating again.`,
		example: `pindown boards create --title "Ops dashboard" --tags ops --json | jq -r .id`,
		flags: func(fs *flag.FlagSet) any {
			o := &boardCreateOpts{}
			fs.StringVar(&o.title, "title", "", "the board's `title` (required)")
			fs.StringVar(&o.description, "description", "", "the board's description")
			fs.Var(&o.tags, "tags", "comma-separated `tags` (repeatable)")
			fs.BoolVar(&o.public, "public", false, "make the board public (visible to anyone with its URL)")
			return o
		},
		run: func(a *app, _ *flag.FlagSet, opts any, args []string) error {
			return runBoardsCreate(a, opts.(*boardCreateOpts), args)
		},
	}
}

// runBoardsCreate runs boards create.
func runBoardsCreate(a *app, o *boardCreateOpts, args []string) error {
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
	b, err := c.Pinboards.Create(a.ctx, &pindown.CreatePinboardRequest{
		Title: o.title, Description: o.description, Tags: o.tags, IsPublic: o.public})
	if err != nil {
		return err
	}
	return a.printBoard(b)
}

func boardsGetCommand() *command {
	return &command{
		name: "get", args: "ID", summary: "print a pinboard with its pins",
		help:    `Prints the pinboard with id ID: its fields, then the ids of its pins with their places on the grid.`,
		example: `pindown boards get pb-abc123def456 --json | jq -r '.pins[]'`,
		run: func(a *app, _ *flag.FlagSet, _ any, args []string) error {
			if len(args) != 1 {
				return usageErr("boards get takes one board id")
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			b, err := c.Pinboards.Get(a.ctx, args[0])
			if err != nil {
				return err
			}
			return a.printBoard(b)
		},
	}
}

func boardsListCommand() *command {
	return &command{
		name: "list", args: "[--limit N] [--offset N]", summary: "list your pinboards, newest first",
		help: `Lists your pinboards, newest first: all of them, or one page with --limit. List
items may be summaries: a pin count without the pin ids.`,
		example: `pindown boards list --json | jq -r '.[] | "\(.id) \(.title)"'`,
		flags: func(fs *flag.FlagSet) any {
			o := &pageOpts{}
			o.register(fs, "boards")
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
			boards, err := listItems(a, opts.(*pageOpts),
				func(o *pindown.ListOptions) ([]*pindown.Pinboard, error) {
					l, err := c.Pinboards.List(a.ctx, o)
					if err != nil {
						return nil, err
					}
					return l.Items, nil
				},
				func(o *pindown.ListOptions) iter.Seq2[*pindown.Pinboard, error] { return c.Pinboards.ListAll(a.ctx, o) })
			if err != nil {
				return err
			}
			return a.printBoardTable(boards)
		},
	}
}

func boardsDeleteCommand() *command {
	return &command{
		name: "delete", args: "ID...", summary: "delete pinboards (not their pins)",
		help: `Deletes the pinboards given by id, one request each; their pins are not deleted.
Prints each id deleted; those that failed go to stderr, and the exit code is the
first failure's.`,
		example: `pindown boards delete pb-abc123def456 pb-0123456789ab`,
		run: func(a *app, _ *flag.FlagSet, _ any, ids []string) error {
			if len(ids) == 0 {
				return usageErr("boards delete needs board ids")
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			return a.deleteEach("boards", ids, func(id string) error { return c.Pinboards.Delete(a.ctx, id) })
		},
	}
}

// boardPinJSON is what boards add-pin and boards remove-pin print with --json.
type boardPinJSON struct {
	BoardID  string            `json:"board_id"`
	PinID    string            `json:"pin_id"`
	Position *pindown.Position `json:"position,omitempty"`
}

type addPinOpts struct {
	x, y, w, h int
}

func boardsAddPinCommand() *command {
	return &command{
		name: "add-pin", args: "BOARD PIN [--x N --y N --w N --h N]", summary: "place a pin on a pinboard",
		help: `Places the pin PIN on the pinboard BOARD: where the server decides, or at the grid
position given by --x --y (from 0, top left) and --w --h (in grid slots, at least 1;
a flag not given is 0 for --x and --y, 1 for --w and --h). A board holds a pin at
most once: adding it again is harmless.`,
		example: `pindown boards add-pin pb-abc123def456 p-0123456789ab --x 0 --y 0 --w 2 --h 1`,
		flags: func(fs *flag.FlagSet) any {
			o := &addPinOpts{}
			fs.IntVar(&o.x, "x", 0, "the pin's column, from 0")
			fs.IntVar(&o.y, "y", 0, "the pin's row, from 0")
			fs.IntVar(&o.w, "w", 1, "the pin's width in grid slots")
			fs.IntVar(&o.h, "h", 1, "the pin's height in grid slots")
			return o
		},
		run: func(a *app, fs *flag.FlagSet, opts any, args []string) error {
			return runBoardsAddPin(a, fs, opts.(*addPinOpts), args)
		},
	}
}

// runBoardsAddPin runs boards add-pin: with a position when any of --x
// --y --w --h was given.
func runBoardsAddPin(a *app, fs *flag.FlagSet, o *addPinOpts, args []string) error {
	if len(args) != 2 {
		return usageErr("boards add-pin takes a board id and a pin id")
	}
	var pos *pindown.Position
	for _, name := range []string{"x", "y", "w", "h"} {
		if flagSet(fs, name) {
			pos = &pindown.Position{X: o.x, Y: o.y, W: o.w, H: o.h}
		}
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	if err := c.Pinboards.AddPin(a.ctx, args[0], args[1], pos); err != nil {
		return err
	}
	if a.json {
		return a.writeJSON(boardPinJSON{BoardID: args[0], PinID: args[1], Position: pos})
	}
	at := ""
	if pos != nil {
		at = " " + positionString(*pos)
	}
	_, err = fmt.Fprintf(a.stdout, "added %s to %s%s\n", args[1], args[0], at)
	return err
}

func boardsRemovePinCommand() *command {
	return &command{
		name: "remove-pin", args: "BOARD PIN", summary: "take a pin off a pinboard (not delete it)",
		help: `Takes the pin PIN off the pinboard BOARD, with its places in the board's layouts.
The pin itself is not deleted. A pin that is not on the board exits 5.`,
		example: `pindown boards remove-pin pb-abc123def456 p-0123456789ab`,
		run: func(a *app, _ *flag.FlagSet, _ any, args []string) error {
			if len(args) != 2 {
				return usageErr("boards remove-pin takes a board id and a pin id")
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			if err := c.Pinboards.RemovePin(a.ctx, args[0], args[1]); err != nil {
				return err
			}
			if a.json {
				return a.writeJSON(boardPinJSON{BoardID: args[0], PinID: args[1]})
			}
			_, err = fmt.Fprintf(a.stdout, "removed %s from %s\n", args[1], args[0])
			return err
		},
	}
}

type boardShareOpts struct {
	public, requireSignIn, allowComments bool
}

func boardsShareCommand() *command {
	return &command{
		name: "share", args: "BOARD [--public] [--require-sign-in] [--allow-comments]",
		summary: "change a pinboard's sharing flags and print its URL",
		help: `Sets the sharing flags given (a flag not given keeps its value; --public=false
turns one off). With no flag, makes the board public. Prints the flags and the
board's URL.`,
		example: `pindown boards share pb-abc123def456 --public --allow-comments`,
		flags: func(fs *flag.FlagSet) any {
			o := &boardShareOpts{}
			fs.BoolVar(&o.public, "public", false, "anyone with the URL can see the board")
			fs.BoolVar(&o.requireSignIn, "require-sign-in", false, "viewers must sign in")
			fs.BoolVar(&o.allowComments, "allow-comments", false, "viewers may comment")
			return o
		},
		run: func(a *app, fs *flag.FlagSet, opts any, args []string) error {
			return runBoardsShare(a, fs, opts.(*boardShareOpts), args)
		},
	}
}

// runBoardsShare runs boards share.
func runBoardsShare(a *app, fs *flag.FlagSet, o *boardShareOpts, args []string) error {
	if len(args) != 1 {
		return usageErr("boards share takes one board id")
	}
	s := &pindown.PinboardShareSettings{}
	for _, f := range []struct {
		name string
		v    bool
		p    **bool
	}{{"public", o.public, &s.IsPublic}, {"require-sign-in", o.requireSignIn, &s.RequireSignIn}, {"allow-comments", o.allowComments, &s.AllowComments}} {
		if flagSet(fs, f.name) {
			*f.p = pindown.Ptr(f.v)
		}
	}
	if *s == (pindown.PinboardShareSettings{}) {
		s.IsPublic = pindown.Ptr(true)
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	r, err := c.Pinboards.Share(a.ctx, args[0], s)
	if err != nil {
		return err
	}
	out := struct {
		ID            string `json:"id"`
		IsPublic      bool   `json:"is_public"`
		RequireSignIn bool   `json:"require_sign_in"`
		AllowComments bool   `json:"allow_comments"`
		URL           string `json:"url"`
	}{r.ID, r.IsPublic, r.RequireSignIn, r.AllowComments, r.URL}
	if a.json {
		return a.writeJSON(out)
	}
	_, err = fmt.Fprintf(a.stdout, "id:       %s\nsharing:  %s\nurl:      %s\n", out.ID,
		sharing(&pindown.Pin{IsPublic: r.IsPublic, RequireSignIn: r.RequireSignIn, AllowComments: r.AllowComments}), out.URL)
	return err
}
