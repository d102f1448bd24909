// Quickstart creates, updates, lists, shares and deletes pins.
//
// With PINDOWN_API_KEY set it talks to the Pins API (PINDOWN_BASE_URL, or
// production); without it, to an in-memory pindowntest server started here,
// so it runs on a fresh machine with no account:
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
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
	if err := run(ctx); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context) error {
	key, opts := os.Getenv("PINDOWN_API_KEY"), []pindown.Option{}
	if key == "" {
		srv := pindowntest.NewServer()
		defer srv.Close()
		key = srv.NewKey()
		opts = append(opts, pindown.WithBaseURL(srv.URL))
		fmt.Println("PINDOWN_API_KEY is not set: using an in-memory pindowntest server at", srv.URL)
	} else if u := os.Getenv("PINDOWN_BASE_URL"); u != "" {
		opts = append(opts, pindown.WithBaseURL(u))
	}
	c, err := pindown.NewClient(key, opts...)
	if err != nil {
		return err
	}

	stats, err := c.Pins.CreateStatCards(ctx, "Live metrics", pintypes.StatCards{Cards: []pintypes.StatCard{
		{Title: "Users", Value: "1,234", Change: "+5%", Trend: pintypes.TrendUp},
		{Title: "Errors", Value: "3", Change: "-2", Trend: pintypes.TrendDown},
	}}, pindown.WithLayout(pindown.Layout2x1), pindown.WithTags("quickstart"))
	if err != nil {
		return fmt.Errorf("create stat cards: %w", err)
	}
	fmt.Printf("created stat-cards pin %s (%q)\n", stats.ID, stats.Metadata.Title)

	notes, err := c.Pins.CreateMarkdown(ctx, "Run notes", pintypes.Markdown{Content: "# Nightly run\n\nAll jobs passed."})
	if err != nil {
		return fmt.Errorf("create markdown: %w", err)
	}
	fmt.Printf("created markdown pin %s (%q)\n", notes.ID, notes.Metadata.Title)

	updated, err := c.Pins.Update(ctx, stats.ID, &pindown.UpdatePinRequest{Config: &pintypes.StatCards{Cards: []pintypes.StatCard{
		{Title: "Users", Value: "1,301", Change: "+10%", Trend: pintypes.TrendUp},
		{Title: "Errors", Value: "0", Change: "-3", Trend: pintypes.TrendDown},
	}}})
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	fmt.Printf("updated pin %s at %s\n", updated.ID, updated.UpdatedAt.Format(time.RFC3339))

	fmt.Println("all pins:")
	for p, err := range c.Pins.ListAll(ctx, nil) {
		if err != nil {
			return fmt.Errorf("list: %w", err)
		}
		fmt.Printf("  %s  %-12s  %s\n", p.ID, p.Type, p.Metadata.Title)
	}

	shared, err := c.Pins.Share(ctx, stats.ID, &pindown.ShareSettings{IsPublic: pindown.Ptr(true)})
	if err != nil {
		return fmt.Errorf("share: %w", err)
	}
	fmt.Printf("shared pin %s: %s\n", shared.ID, shared.URL)

	if err := c.Pins.Delete(ctx, notes.ID); err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	fmt.Printf("deleted pin %s\n", notes.ID)
	return nil
}
