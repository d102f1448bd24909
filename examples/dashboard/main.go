// Dashboard builds a pinboard from typed pins: it creates three pins, a
// pinboard, places the pins on the board's grid, shares the board and prints
// its URL, then deletes what it created.
//
// With PINDOWN_API_KEY set it talks to the API (PINDOWN_BASE_URL, or
// production); without it, to an in-memory pindowntest server started here,
// so it runs on a fresh machine with no account:
//
//	go run ./examples/dashboard
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout, os.Getenv("PINDOWN_API_KEY"), os.Getenv("PINDOWN_BASE_URL")); err != nil {
		log.Fatal(err)
	}
}

// run builds the dashboard with key against baseURL ("" for production),
// or against an embedded pindowntest server when key is empty.
func run(ctx context.Context, out io.Writer, key, baseURL string) (err error) {
	var opts []pindown.Option
	if key == "" {
		srv := pindowntest.NewServer()
		defer srv.Close()
		key, baseURL = srv.NewKey(), srv.URL
		fmt.Fprintln(out, "PINDOWN_API_KEY is not set: using an in-memory pindowntest server")
	}
	if baseURL != "" {
		opts = append(opts, pindown.WithBaseURL(baseURL))
	}
	c, err := pindown.NewClient(key, opts...)
	if err != nil {
		return err
	}

	// Everything made here is deleted at the end, whatever happens between.
	m := &made{}
	defer func() { err = m.cleanUp(ctx, c, out, err) }()

	if err := createPins(ctx, c, out, m); err != nil {
		return err
	}
	board, err := c.Pinboards.Create(ctx, &pindown.CreatePinboardRequest{Title: "Ops dashboard", Tags: []string{"ops"}})
	if err != nil {
		return fmt.Errorf("create pinboard: %w", err)
	}
	m.boardID = board.ID
	fmt.Fprintf(out, "created pinboard %s (%q)\n", board.ID, board.Title)
	if err := layOut(ctx, c, board.ID, m.pins); err != nil {
		return err
	}
	if err := printBoard(ctx, c, out, board.ID); err != nil {
		return err
	}
	shared, err := c.Pinboards.Share(ctx, board.ID, &pindown.PinboardShareSettings{IsPublic: pindown.Ptr(true)})
	if err != nil {
		return fmt.Errorf("share: %w", err)
	}
	fmt.Fprintf(out, "shared: %s\n", shared.URL)
	return nil
}

// made is what run has created so far, for it to delete on the way out.
type made struct {
	pins    []string // stat cards, on-call notes, runbook, as far as created
	boardID string   // "" until the pinboard is created
}

// cleanUp deletes what m holds, joining its errors to err, the error run
// returns, and says so when it all went well.
func (m *made) cleanUp(ctx context.Context, c *pindown.Client, out io.Writer, err error) error {
	// Clean up even when ctx has been cancelled, but not forever.
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if m.boardID != "" {
		err = errors.Join(err, ignoreNotFound(c.Pinboards.Delete(cctx, m.boardID)))
	}
	if len(m.pins) > 0 {
		res, derr := c.Pins.BatchDelete(cctx, m.pins)
		if derr == nil {
			derr = res.Err()
		}
		err = errors.Join(err, derr)
	}
	if err == nil {
		fmt.Fprintf(out, "cleaned up: deleted the pinboard and %d pins\n", len(m.pins))
	}
	return err
}

// createPins creates the dashboard's three pins, adding each to m.pins as
// soon as it exists so that a later failure still deletes it.
func createPins(ctx context.Context, c *pindown.Client, out io.Writer, m *made) error {
	stats, err := c.Pins.CreateStatCards(ctx, "Service health", pintypes.StatCards{Cards: []pintypes.StatCard{
		{Title: "Uptime", Value: "99.98%", Change: "+0.01%", Trend: pintypes.TrendUp},
		{Title: "p99 latency", Value: "182 ms", Change: "-12 ms", Trend: pintypes.TrendDown},
	}}, pindown.WithLayout(pindown.Layout2x1))
	if err != nil {
		return fmt.Errorf("create stat cards: %w", err)
	}
	m.pins = append(m.pins, stats.ID)
	notes, err := c.Pins.CreateMarkdown(ctx, "On call", pintypes.Markdown{Content: "**This week:** Ada, then Grace."})
	if err != nil {
		return fmt.Errorf("create markdown: %w", err)
	}
	m.pins = append(m.pins, notes.ID)
	runbook, err := c.Pins.CreateMarkdown(ctx, "Runbook", pintypes.Markdown{Content: "1. Check the dashboard\n2. Page the owner"})
	if err != nil {
		return fmt.Errorf("create markdown: %w", err)
	}
	m.pins = append(m.pins, runbook.ID)
	fmt.Fprintf(out, "created pins %s, %s, %s\n", stats.ID, notes.ID, runbook.ID)
	return nil
}

// layOut places pins (stat cards, notes, runbook) on the pinboard boardID,
// on the desktop grid and in the mobile column.
func layOut(ctx context.Context, c *pindown.Client, boardID string, pins []string) error {
	// The stat cards span the top row; the two notes sit side by side below.
	stats, notes, runbook := pins[0], pins[1], pins[2]
	grid := pindown.BoardLayout{
		stats:   {X: 0, Y: 0, W: 2, H: 1},
		notes:   {X: 0, Y: 1, W: 1, H: 1},
		runbook: {X: 1, Y: 1, W: 1, H: 1},
	}
	for _, id := range pins {
		pos := grid[id]
		if err := c.Pinboards.AddPin(ctx, boardID, id, &pos); err != nil {
			return fmt.Errorf("add pin %s: %w", id, err)
		}
	}
	// On mobile, one column: every pin full width, one under the other.
	mobile := pindown.BoardLayout{}
	for i, id := range pins {
		mobile[id] = pindown.Position{X: 0, Y: i, W: 1, H: 1}
	}
	if err := c.Pinboards.UpdateLayout(ctx, boardID, &pindown.UpdateLayoutRequest{MobileLayout: mobile}); err != nil {
		return fmt.Errorf("update layout: %w", err)
	}
	return nil
}

// printBoard reads the pinboard boardID back and prints where its pins sit.
func printBoard(ctx context.Context, c *pindown.Client, out io.Writer, boardID string) error {
	got, err := c.Pinboards.Get(ctx, boardID)
	if err != nil {
		return fmt.Errorf("get pinboard: %w", err)
	}
	fmt.Fprintf(out, "pinboard %s holds %d pins:\n", got.ID, got.PinCount)
	for _, id := range got.Pins {
		p := got.Layout[id]
		fmt.Fprintf(out, "  %s at x=%d y=%d, %dx%d slots\n", id, p.X, p.Y, p.W, p.H)
	}
	return nil
}

// ignoreNotFound treats a board that is already gone as deleted.
func ignoreNotFound(err error) error {
	if errors.Is(err, pindown.ErrNotFound) {
		return nil
	}
	return err
}
