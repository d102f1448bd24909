package pindown_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// exampleServer stands in for the real API in the examples, so they run
// (and are checked) without an account.
func exampleServer() (*pindowntest.Server, []pindown.Option) {
	srv := pindowntest.NewServer()
	os.Setenv("PINDOWN_API_KEY", srv.NewKey())
	return srv, []pindown.Option{pindown.WithBaseURL(srv.URL)}
}

func ExampleNewClient() {
	srv, opts := exampleServer()
	defer srv.Close()

	// README: client
	c, err := pindown.NewClient(os.Getenv("PINDOWN_API_KEY"), opts...)
	if err != nil {
		log.Fatal(err)
	}
	// README: end
	fmt.Println(strings.Contains(fmt.Sprint(c), "[redacted]"))
	// Output: true
}

func ExamplePinsService_CreateStatCards() {
	srv, opts := exampleServer()
	defer srv.Close()
	c, _ := pindown.NewClient(os.Getenv("PINDOWN_API_KEY"), opts...)
	ctx := context.Background()

	// README: create
	pin, err := c.Pins.CreateStatCards(ctx, "Live metrics", pintypes.StatCards{Cards: []pintypes.StatCard{
		{Title: "Users", Value: "1,234", Change: "+5%", Trend: pintypes.TrendUp},
		{Title: "Errors", Value: "3", Trend: pintypes.TrendDown},
	}}, pindown.WithLayout(pindown.Layout2x1), pindown.WithTags("ops"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(pin.Type, pin.Layout, pin.Metadata.Title)
	// README: end

	// Output: stat-cards 2x1 Live metrics
}

func ExamplePinsService_Create() {
	srv, opts := exampleServer()
	defer srv.Close()
	c, _ := pindown.NewClient(os.Getenv("PINDOWN_API_KEY"), opts...)
	ctx := context.Background()

	// README: create-request
	pin, err := c.Pins.Create(ctx, &pindown.CreatePinRequest{
		Config:   &pintypes.Markdown{Content: "# Nightly run\n\nAll green."},
		Layout:   pindown.Layout2x2,
		Metadata: pindown.Metadata{Title: "Run notes", Tags: []string{"ci"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	// README: end
	fmt.Println(pin.Type, pin.Metadata.Title)
	// Output: markdown Run notes
}

func ExamplePinsService_Get() {
	srv, opts := exampleServer()
	defer srv.Close()
	c, _ := pindown.NewClient(os.Getenv("PINDOWN_API_KEY"), opts...)
	ctx := context.Background()
	created, _ := c.Pins.CreateStatCards(ctx, "KPIs", pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "MRR", Value: "$42k"}}})
	id := created.ID

	// README: get
	pin, err := c.Pins.Get(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	if cards, ok := pin.Config.(*pintypes.StatCards); ok {
		fmt.Println(cards.Cards[0].Title, cards.Cards[0].Value)
	}
	// README: end

	// Output: MRR $42k
}

func ExamplePinsService_ListAll() {
	srv, opts := exampleServer()
	defer srv.Close()
	c, _ := pindown.NewClient(os.Getenv("PINDOWN_API_KEY"), opts...)
	ctx := context.Background()
	for _, title := range []string{"one", "two", "three"} {
		c.Pins.CreateMarkdown(ctx, title, pintypes.Markdown{})
	}

	// README: list
	for pin, err := range c.Pins.ListAll(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(pin.Metadata.Title)
	}
	// README: end

	// Unordered output:
	// one
	// two
	// three
}

func ExamplePinsService_Update() {
	srv, opts := exampleServer()
	defer srv.Close()
	c, _ := pindown.NewClient(os.Getenv("PINDOWN_API_KEY"), opts...)
	ctx := context.Background()
	created, _ := c.Pins.CreateStatCards(ctx, "KPIs", pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "MRR", Value: "$42k"}}})
	id := created.ID

	// README: update
	_, err := c.Pins.Update(ctx, id, &pindown.UpdatePinRequest{
		Title:  pindown.Ptr("KPIs (live)"),
		Config: &pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "MRR", Value: "$43k", Change: "+2%", Trend: pintypes.TrendUp}}},
	})
	if err != nil {
		log.Fatal(err)
	}
	share, err := c.Pins.Share(ctx, id, &pindown.ShareSettings{IsPublic: pindown.Ptr(true)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(share.IsPublic)
	if err := c.Pins.Delete(ctx, id); err != nil {
		log.Fatal(err)
	}
	// README: end

	// Output: true
}

func ExamplePinsService_BatchCreate() {
	srv, opts := exampleServer()
	defer srv.Close()
	c, _ := pindown.NewClient(os.Getenv("PINDOWN_API_KEY"), opts...)
	ctx := context.Background()

	// README: batch
	reqs := make([]*pindown.CreatePinRequest, 0, 120)
	for i := range 120 {
		reqs = append(reqs, &pindown.CreatePinRequest{
			Config:   &pintypes.Markdown{Content: fmt.Sprintf("row %d", i)},
			Metadata: pindown.Metadata{Title: fmt.Sprintf("Row %d", i)},
		})
	}
	reqs[7].Metadata.Title = ""               // invalid: reported on item 7, not sent
	res, err := c.Pins.BatchCreate(ctx, reqs) // 3 requests of at most 50
	if err != nil {
		log.Fatal(err) // the call stopped early; res still says what happened to each item
	}
	for i, item := range res.Items {
		if item.Err != nil {
			fmt.Printf("row %d: %v\n", i, item.Err)
		}
	}
	fmt.Println(len(res.Succeeded()), "created")
	// README: end

	// Output:
	// row 7: invalid request: metadata.title: required
	// 119 created
}

func ExampleRateLimitError() {
	srv, opts := exampleServer()
	defer srv.Close()
	c, _ := pindown.NewClient(os.Getenv("PINDOWN_API_KEY"), opts...)
	ctx := context.Background()

	// README: errors
	_, err := c.Pins.Get(ctx, "p-doesnotexist")
	var rl *pindown.RateLimitError
	var apiErr *pindown.APIError
	switch {
	case errors.Is(err, pindown.ErrNotFound):
		fmt.Println("no such pin")
	case errors.As(err, &rl):
		fmt.Println("rate limited; retry after", rl.RetryAfter)
	case errors.As(err, &apiErr):
		fmt.Println("API error", apiErr.StatusCode, apiErr.Code, apiErr.RequestID)
	case err != nil:
		fmt.Println("no response:", err) // network trouble, context ended
	}
	// README: end

	// Output: no such pin
}

func ExampleWithRetryHook() {
	// README: pacing
	c, err := pindown.NewClient(os.Getenv("PINDOWN_API_KEY"),
		pindown.WithRateLimits(pindown.RateLimits{Read: 600, BatchRead: 60, Write: 300, Window: time.Minute}), // your plan's limits
		pindown.WithMaxRetries(6),
		pindown.WithMaxWait(2*time.Minute),
		pindown.WithRetryHook(func(e pindown.RetryEvent) {
			if e.Wait > time.Second {
				log.Printf("waiting %v for the %s bucket (%s)", e.Wait.Round(time.Second), e.Bucket, e.Reason)
			}
		}),
	)
	// README: end
	fmt.Println(c != nil, err)
	// Output: true <nil>
}

func ExampleNewBudget() {
	// README: share
	// Four worker processes share one key: each may use a quarter of it.
	budget, err := pindown.NewBudget(pindown.DefaultRateLimits, 0.25)
	if err != nil {
		log.Fatal(err)
	}
	c, err := pindown.NewClient(os.Getenv("PINDOWN_API_KEY"), pindown.WithBudget(budget))
	// README: end
	fmt.Println(c != nil, err)
	// Output: true <nil>
}

// Example_testing shows a test of an automation that runs against
// pindowntest: no network, no account.
func Example_testing() {
	// README: testing
	srv := pindowntest.NewServer() // in a test: defer srv.Close()
	defer srv.Close()
	c, err := pindown.NewClient(srv.NewKey(), pindown.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	// Make the next create fail the way a flaky network does.
	srv.Inject(pindowntest.RouteCreate, pindowntest.Fault{Status: 503})
	_, err = c.Pins.CreateMarkdown(context.Background(), "report", pintypes.Markdown{Content: "ok"})
	fmt.Println(errors.Is(err, pindown.ErrMaybeCreated), srv.Stats().Pins)
	// README: end

	// Output: true 0
}
