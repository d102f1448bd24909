package pindown_test

import (
	"context"
	"fmt"
	"log"
	"os"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pintypes"
)

func ExamplePinboardsService_AddPin() {
	srv, opts := exampleServer()
	defer srv.Close()
	c, _ := pindown.NewClient(os.Getenv("PINDOWN_API_KEY"), opts...)
	ctx := context.Background()
	stats, _ := c.Pins.CreateStatCards(ctx, "Live metrics", pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "Users", Value: "1,234"}}})
	notes, _ := c.Pins.CreateMarkdown(ctx, "Notes", pintypes.Markdown{Content: "All green."})

	// README: pinboard
	board, err := c.Pinboards.Create(ctx, &pindown.CreatePinboardRequest{Title: "Ops dashboard", Tags: []string{"ops"}})
	if err != nil {
		log.Fatal(err)
	}
	// Positions are grid slots: x, y ≥ 0; w, h ≥ 1 (checked before sending).
	if err := c.Pinboards.AddPin(ctx, board.ID, stats.ID, &pindown.Position{X: 0, Y: 0, W: 2, H: 1}); err != nil {
		log.Fatal(err)
	}
	if err := c.Pinboards.AddPin(ctx, board.ID, notes.ID, nil); err != nil { // the server places it
		log.Fatal(err)
	}
	// Replace the mobile layout as a whole; the desktop one is kept.
	err = c.Pinboards.UpdateLayout(ctx, board.ID, &pindown.UpdateLayoutRequest{MobileLayout: pindown.BoardLayout{
		stats.ID: {X: 0, Y: 0, W: 1, H: 1},
		notes.ID: {X: 0, Y: 1, W: 1, H: 1},
	}})
	if err != nil {
		log.Fatal(err)
	}
	shared, err := c.Pinboards.Share(ctx, board.ID, &pindown.PinboardShareSettings{IsPublic: pindown.Ptr(true)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(shared.IsPublic, shared.URL == "https://pindown.ai/share/pinboard/"+board.ID)
	// README: end

	got, _ := c.Pinboards.Get(ctx, board.ID)
	fmt.Println(got.PinCount, got.Layout[stats.ID], len(got.MobileLayout))
	// Output:
	// true true
	// 2 {0 0 2 1} 2
}

func ExamplePinboardsService_BatchAddPins() {
	srv, opts := exampleServer()
	defer srv.Close()
	c, _ := pindown.NewClient(os.Getenv("PINDOWN_API_KEY"), opts...)
	ctx := context.Background()
	board, _ := c.Pinboards.Create(ctx, &pindown.CreatePinboardRequest{Title: "Imports"})
	p, _ := c.Pins.CreateMarkdown(ctx, "a", pintypes.Markdown{})
	pinIDs := []string{p.ID, "p-missing"}

	// README: pinboard-batch
	res, err := c.Pinboards.BatchAddPins(ctx, board.ID, pinIDs) // any number: 50 per request
	if err != nil {
		log.Fatal(err) // the call stopped early; res still says what happened to each id
	}
	for i, it := range res.Items { // one outcome per id, in input order
		if it.Err != nil {
			fmt.Printf("%s: %v\n", pinIDs[i], it.Err)
		}
	}
	// README: end

	// Output: p-missing: Pin not found
}

func ExamplePagesService_Create() {
	srv, opts := exampleServer()
	defer srv.Close()
	c, _ := pindown.NewClient(os.Getenv("PINDOWN_API_KEY"), opts...)
	ctx := context.Background()
	header, _ := c.Pins.CreateMarkdown(ctx, "Header", pintypes.Markdown{Content: "# Monthly report"})
	stats, _ := c.Pins.CreateStatCards(ctx, "Key metrics", pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "Revenue", Value: "$1"}}})

	// README: page
	page, err := c.Pages.Create(ctx, &pindown.CreatePageRequest{Title: "Monthly report", Pins: []string{header.ID}})
	if err != nil {
		log.Fatal(err)
	}
	// AddPin appends; it is never retried once it may have reached the server
	// (a page may hold a pin twice), and such an error matches ErrMaybeCreated.
	if err := c.Pages.AddPin(ctx, page.ID, stats.ID); err != nil {
		log.Fatal(err)
	}
	pins, err := c.Pages.ListPins(ctx, page.ID)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range pins.Items {
		fmt.Println(p.Type, p.Metadata.Title)
	}
	pub, err := c.Pages.Publish(ctx, page.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(pub.IsPublic, pub.EmbedURL == pub.URL+"/embed")
	// README: end

	// Output:
	// markdown Header
	// stat-cards Key metrics
	// true true
}

func ExamplePagesService_Invite() {
	srv, opts := exampleServer()
	defer srv.Close()
	c, _ := pindown.NewClient(os.Getenv("PINDOWN_API_KEY"), opts...)
	ctx := context.Background()
	page, _ := c.Pages.Create(ctx, &pindown.CreatePageRequest{Title: "Shared notes"})

	// README: invitations
	if _, err := c.Pages.Invite(ctx, page.ID, "ada@example.com", pindown.RoleEditor); err != nil {
		log.Fatal(err)
	}
	invs, err := c.Pages.ListInvitations(ctx, page.ID) // needs pages:write
	if err != nil {
		log.Fatal(err)
	}
	for _, inv := range invs.Pending {
		fmt.Println("pending:", inv.Email, inv.Role)
	}
	if err := c.Pages.CancelInvitation(ctx, page.ID, "ada@example.com"); err != nil {
		log.Fatal(err)
	}
	// README: end

	// Output: pending: ada@example.com editor
}
