package main

import (
	"cmp"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	pindown "github.com/pindownai/client-go"
)

// boards are the pinboards of the "boards" commands (c.Pinboards).
var boards = &collection[pindown.Pinboard]{
	group: "boards", noun: "board",
	service: func(c *pindown.Client) service[pindown.Pinboard] { return c.Pinboards },
	page: func(a *app, c *pindown.Client, o *pindown.ListOptions) ([]*pindown.Pinboard, error) {
		l, err := c.Pinboards.List(a.ctx, o)
		if err != nil {
			return nil, err
		}
		return l.Items, nil
	},
	print: (*app).printBoard,
	table: (*app).printBoardTable,
	pinJSON: func(id, pin string, pos *pindown.Position) any {
		return boardPinJSON{BoardID: id, PinID: pin, Position: pos}
	},
}

// boardsCommands are the subcommands of "boards".
var boardsCommands = []*command{{
	name: "create", args: "--title T [--description D] [--tags a,b] [--public]",
	summary: "create an empty pinboard",
	help: `Creates a pinboard (a grid of pins) and prints it. Add pins with 'pindown boards
add-pin'. A create that fails after it may have reached the server exits 8: check
with 'pindown boards list' before creating again.`,
	example: `pindown boards create --title "Ops dashboard" --tags ops --json | jq -r .id`,
	flags:   boardsCreate,
}, {
	name: "get", args: "ID", summary: "print a pinboard with its pins",
	help:    `Prints the pinboard with id ID: its fields, then the ids of its pins with their places on the grid.`,
	example: `pindown boards get pb-abc123def456 --json | jq -r '.pins[]'`,
	run:     boards.get,
}, {
	name: "list", args: "[--limit N] [--offset N]", summary: "list your pinboards, newest first",
	help: `Lists your pinboards, newest first: all of them, or one page with --limit. List
items may be summaries: a pin count without the pin ids.`,
	example: `pindown boards list --json | jq -r '.[] | "\(.id) \(.title)"'`,
	flags:   boards.list,
}, {
	name: "delete", args: "ID...", summary: "delete pinboards (not their pins)",
	help: `Deletes the pinboards given by id, one request each; their pins are not deleted.
Prints each id deleted; those that failed go to stderr, and the exit code is the
first failure's.`,
	example: `pindown boards delete pb-abc123def456 pb-0123456789ab`,
	run:     boards.delete,
}, {
	name: "add-pin", args: "BOARD PIN [--x N --y N --w N --h N]", summary: "place a pin on a pinboard",
	help: `Places the pin PIN on the pinboard BOARD: where the server decides, or at the grid
position given by --x --y (from 0, top left) and --w --h (in grid slots, at least 1;
a flag not given is 0 for --x and --y, 1 for --w and --h). A board holds a pin at
most once: adding it again is harmless.`,
	example: `pindown boards add-pin pb-abc123def456 p-0123456789ab --x 0 --y 0 --w 2 --h 1`,
	flags:   boardsAddPin,
}, {
	name: "remove-pin", args: "BOARD PIN", summary: "take a pin off a pinboard (not delete it)",
	help: `Takes the pin PIN off the pinboard BOARD, with its places in the board's layouts.
The pin itself is not deleted. A pin that is not on the board exits 5.`,
	example: `pindown boards remove-pin pb-abc123def456 p-0123456789ab`,
	run:     boards.removePin,
}, {
	name: "share", args: "BOARD [--public] [--require-sign-in] [--allow-comments]",
	summary: "change a pinboard's sharing flags and print its URL",
	help: `Sets the sharing flags given (a flag not given keeps its value; --public=false
turns one off). With no flag, makes the board public. Prints the flags and the
board's URL.`,
	example: `pindown boards share pb-abc123def456 --public --allow-comments`,
	flags:   boardsShare,
}}

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
		CreatedAt: timeString(b.CreatedAt), UpdatedAt: timeString(b.UpdatedAt),
		URL: cmp.Or(b.ShareableURL, "https://pindown.ai/share/pinboard/"+b.ID),
	}
}

// printBoard prints one board: as JSON, or as "field: value" lines, then
// its pins with their places on the grid.
func (a *app) printBoard(b *pindown.Pinboard) error {
	j := toBoardJSON(b)
	if a.json {
		return a.writeJSON(j)
	}
	err := a.printFields("id", j.ID, "title", j.Title, "description", j.Description, "tags", strings.Join(j.Tags, ", "),
		"sharing", sharing(b.IsPublic, false, b.RequireSignIn, b.AllowComments), "pins", fmt.Sprint(j.PinCount),
		"created", j.CreatedAt, "updated", j.UpdatedAt, "url", j.URL)
	if err != nil {
		return err
	}
	for _, id := range j.Pins {
		at := ""
		if p, ok := j.Layout[id]; ok {
			at = positionString(&p)
		}
		fmt.Fprintf(a.stdout, "  %s%s\n", id, at)
	}
	return nil
}

// positionString is " at x=… y=… w=… h=…", or "" for no position.
func positionString(p *pindown.Position) string {
	if p == nil {
		return ""
	}
	return fmt.Sprintf(" at x=%d y=%d w=%d h=%d", p.X, p.Y, p.W, p.H)
}

// printBoardTable prints boards as a table (text) or a JSON array.
func (a *app) printBoardTable(boards []*pindown.Pinboard) error {
	if a.json {
		return a.writeJSON(mapSlice(boards, toBoardJSON))
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tPINS\tPUBLIC\tCREATED")
	for _, b := range boards {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", b.ID, orDash(oneLine(b.Title)), b.PinCount, yesNo(b.IsPublic), orDash(timeString(b.CreatedAt)))
	}
	return tw.Flush()
}

// boardsCreate registers the flags of boards create and returns its run.
func boardsCreate(fs *flag.FlagSet) runFunc {
	title := fs.String("title", "", "the board's `title` (required)")
	description := fs.String("description", "", "the board's description")
	var tags tagsValue
	fs.Var(&tags, "tags", "comma-separated `tags` (repeatable)")
	public := fs.Bool("public", false, "make the board public (visible to anyone with its URL)")
	return func(a *app, args []string) error {
		return boards.create(a, args, *title, func(c *pindown.Client) (*pindown.Pinboard, error) {
			return c.Pinboards.Create(a.ctx, &pindown.CreatePinboardRequest{
				Title: *title, Description: *description, Tags: tags, IsPublic: *public})
		})
	}
}

// boardPinJSON is what boards add-pin and boards remove-pin print with --json.
type boardPinJSON struct {
	BoardID  string            `json:"board_id"`
	PinID    string            `json:"pin_id"`
	Position *pindown.Position `json:"position,omitempty"`
}

// boardsAddPin registers the flags of boards add-pin and returns its run,
// which sends a position when any of --x --y --w --h was given.
func boardsAddPin(fs *flag.FlagSet) runFunc {
	var p pindown.Position
	fs.IntVar(&p.X, "x", 0, "the pin's column, from 0")
	fs.IntVar(&p.Y, "y", 0, "the pin's row, from 0")
	fs.IntVar(&p.W, "w", 1, "the pin's width in grid slots")
	fs.IntVar(&p.H, "h", 1, "the pin's height in grid slots")
	return func(a *app, args []string) error {
		var pos *pindown.Position
		if flagSet(fs, "x", "y", "w", "h") {
			pos = &p
		}
		return boards.changePin(a, args, true, pos, func(c *pindown.Client, id, pin string) error {
			return c.Pinboards.AddPin(a.ctx, id, pin, pos)
		})
	}
}

// boardsShare registers the flags of boards share and returns its run.
func boardsShare(fs *flag.FlagSet) runFunc {
	s := &pindown.PinboardShareSettings{}
	fs.BoolFunc("public", "anyone with the URL can see the board", setBool(&s.IsPublic))
	fs.BoolFunc("require-sign-in", "viewers must sign in", setBool(&s.RequireSignIn))
	fs.BoolFunc("allow-comments", "viewers may comment", setBool(&s.AllowComments))
	return func(a *app, args []string) error {
		if len(args) != 1 {
			return usageErr("boards share takes one board id")
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
		return a.printShared(struct {
			ID            string `json:"id"`
			IsPublic      bool   `json:"is_public"`
			RequireSignIn bool   `json:"require_sign_in"`
			AllowComments bool   `json:"allow_comments"`
			URL           string `json:"url"`
		}{r.ID, r.IsPublic, r.RequireSignIn, r.AllowComments, r.URL},
			r.ID, sharing(r.IsPublic, false, r.RequireSignIn, r.AllowComments), r.URL)
	}
}
