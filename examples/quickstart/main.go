// Quickstart creates, updates, lists and shares pins, then deletes them.
//
// With PINDOWN_API_KEY set it talks to the Pindown API (PINDOWN_BASE_URL,
// or production); without it, to an in-memory pindowntest server started
// here, so it runs on a fresh machine with no account:
//
//	go run ./examples/quickstart
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
	if err := run(ctx, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// newClient returns a client for the API key in the environment or, when
// there is none, for an embedded pindowntest server; close stops it.
func newClient(out io.Writer) (c *pindown.Client, close func(), err error) {
	if os.Getenv("PINDOWN_API_KEY") != "" {
		c, err = pindown.NewClientFromEnv()
		return c, func() {}, err
	}
	srv := pindowntest.NewServer()
	fmt.Fprintln(out, "PINDOWN_API_KEY is not set: using an in-memory pindowntest server at", srv.URL)
	c, err = pindown.NewClient(srv.NewKey(), pindown.WithBaseURL(srv.URL))
	return c, srv.Close, err
}

// run walks through the calls, printing what each did.
func run(ctx context.Context, out io.Writer) (err error) {
	c, closeServer, err := newClient(out)
	if err != nil {
		return err
	}
	defer closeServer()

	// Everything made here is deleted on the way out, even after an error:
	// run against a real account, the quickstart leaves nothing behind.
	var made []string
	defer func() {
		if len(made) > 0 {
			err = errors.Join(err, deleteMade(ctx, c, made, out))
		}
	}()

	stats, err := createPins(ctx, c, out, &made)
	if err != nil {
		return err
	}
	updated, err := c.Pins.Update(ctx, stats.ID, &pindown.UpdatePinRequest{Config: &pintypes.StatCards{Cards: []pintypes.StatCard{
		{Title: "Users", Value: "1,301", Change: "+10%", Trend: pintypes.TrendUp},
		{Title: "Errors", Value: "0", Change: "-3", Trend: pintypes.TrendDown},
	}}})
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	fmt.Fprintf(out, "updated pin %s at %s\n", updated.ID, updated.UpdatedAt.Format(time.RFC3339))

	if err := listNewest(ctx, c, out); err != nil {
		return err
	}
	shared, err := c.Pins.Share(ctx, stats.ID, &pindown.ShareSettings{AllowComments: pindown.Ptr(true)})
	if err != nil {
		return fmt.Errorf("share: %w", err)
	}
	fmt.Fprintf(out, "pin %s takes comments; it is at %s\n", shared.ID, shared.URL)
	return nil
}

// createPins creates a stat-cards pin and a markdown pin, adding their ids
// to made as it goes, and returns the stat-cards pin.
func createPins(ctx context.Context, c *pindown.Client, out io.Writer, made *[]string) (*pindown.Pin, error) {
	stats, err := c.Pins.CreateStatCards(ctx, "Live metrics", pintypes.StatCards{Cards: []pintypes.StatCard{
		{Title: "Users", Value: "1,234", Change: "+5%", Trend: pintypes.TrendUp},
		{Title: "Errors", Value: "3", Change: "-2", Trend: pintypes.TrendDown},
	}}, pindown.WithLayout(pindown.Layout2x1), pindown.WithTags("quickstart"))
	if err != nil {
		return nil, fmt.Errorf("create stat cards: %w", err)
	}
	*made = append(*made, stats.ID)
	fmt.Fprintf(out, "created stat-cards pin %s (%q)\n", stats.ID, stats.Metadata.Title)

	notes, err := c.Pins.CreateMarkdown(ctx, "Run notes", pintypes.Markdown{Content: "# Nightly run\n\nAll jobs passed."})
	if err != nil {
		return nil, fmt.Errorf("create markdown: %w", err)
	}
	*made = append(*made, notes.ID)
	fmt.Fprintf(out, "created markdown pin %s (%q)\n", notes.ID, notes.Metadata.Title)
	return stats, nil
}

// listNewest prints the ten newest pins of the account.
func listNewest(ctx context.Context, c *pindown.Client, out io.Writer) error {
	page, err := c.Pins.List(ctx, &pindown.ListOptions{Limit: 10})
	if err != nil {
		return fmt.Errorf("list: %w", err)
	}
	fmt.Fprintf(out, "your newest pins (%d in all):\n", page.Total)
	for _, p := range page.Items {
		fmt.Fprintf(out, "  %s  %s\n", p.ID, p.Metadata.Title)
	}
	return nil
}

// deleteMade deletes the pins made, even when ctx is canceled.
func deleteMade(ctx context.Context, c *pindown.Client, made []string, out io.Writer) error {
	res, err := c.Pins.BatchDelete(context.WithoutCancel(ctx), made)
	if err == nil {
		err = res.Err()
	}
	if err == nil {
		fmt.Fprintf(out, "deleted the %d pins it made\n", len(made))
	}
	return err
}
