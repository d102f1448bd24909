package pindown_test

import (
	"context"
	"fmt"
	"log"
	"os"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pintypes"
)

// nightlyJob is a job that runs every night and shows its result in one pin.
func nightlyJob(ctx context.Context, c *pindown.Client, users string) *pindown.Pin {
	// README: upsert
	pin, err := c.Pins.Upsert(ctx, "nightly-signups", &pindown.CreatePinRequest{
		Config:   &pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "Users", Value: users}}},
		Layout:   pindown.Layout2x1,
		Metadata: pindown.Metadata{Title: "Nightly signups", Tags: []string{"ops"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	// README: end
	return pin
}

func ExamplePinsService_Upsert() {
	srv, opts := exampleServer()
	defer srv.Close()
	ctx := context.Background()

	var ids []string
	for run := 1; run <= 2; run++ { // the same job, run twice, a new process each time
		c, _ := pindown.NewClient(os.Getenv("PINDOWN_API_KEY"), opts...)
		ids = append(ids, nightlyJob(ctx, c, fmt.Sprint(1000+run)).ID)
	}
	fmt.Println("same pin:", ids[0] == ids[1])
	// Output: same pin: true
}

func ExamplePinsService_UpsertMany() {
	srv, opts := exampleServer()
	defer srv.Close()
	c, _ := pindown.NewClient(os.Getenv("PINDOWN_API_KEY"), opts...)
	ctx := context.Background()

	// README: upsert-many
	var items []pindown.UpsertItem
	for _, region := range []string{"eu", "us", "apac"} {
		items = append(items, pindown.UpsertItem{
			Key:     "latency-" + region,
			Request: &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: "Latency " + region}},
		})
	}
	res, err := c.Pins.UpsertMany(ctx, items)
	if err != nil {
		log.Fatal(err) // the lookup failed: nothing was written
	}
	if err := res.Err(); err != nil {
		log.Print(err) // some items failed; res.Items[i].Err says which
	}
	// README: end
	fmt.Println(len(res.Succeeded()), "pins")
	// Output: 3 pins
}

func ExampleNewLive() {
	srv, opts := exampleServer()
	defer srv.Close()
	c, _ := pindown.NewClient(os.Getenv("PINDOWN_API_KEY"), opts...)
	ctx := context.Background()
	pin, _ := c.Pins.CreateStatCards(ctx, "Queue depth", pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "Jobs", Value: "0"}}})
	id := pin.ID

	// README: live
	live := pindown.NewLive(c, pindown.WithLiveErrors(func(id string, err error) {
		log.Printf("pin %s: %v", id, err) // this pin's change failed; the others go on
	}))
	for depth := 1; depth <= 100; depth++ { // as often as the application likes
		cfg := &pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "Jobs", Value: fmt.Sprint(depth)}}}
		if err := live.Set(id, cfg); err != nil {
			log.Fatal(err) // an invalid config, or a pin found gone
		}
	}
	if err := live.Close(ctx); err != nil { // sends what is pending, then stops
		log.Fatal(err)
	}
	st := live.Stats()
	log.Printf("%d changes in %d requests; staleness p99 %v", st.Updates, st.Requests, st.Staleness.Quantile(0.99))
	// README: end

	got, _ := c.Pins.Get(ctx, id)
	fmt.Println("Jobs:", got.Config.(*pintypes.StatCards).Cards[0].Value)
	// Output: Jobs: 100
}
