package redisbudget_test

import (
	"context"
	"log"
	"log/slog"
	"os"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pintypes"
	"github.com/pindownai/client-go/redisbudget"
	"github.com/redis/go-redis/v9"
)

// Every process on the key makes a budget with the same key and limits;
// together they stay within the key's rate limits.
func Example() {
	apiKey := os.Getenv("PINDOWN_API_KEY")
	// README: redisbudget
	rdb := redis.NewClient(&redis.Options{
		Addr:                  "127.0.0.1:6379",
		ContextTimeoutEnabled: true, // a timed-out call frees its connection at once
	})
	defer rdb.Close()

	budget, err := redisbudget.New(rdb, apiKey, pindown.RateLimits{}, // the production limits
		redisbudget.WithFallbackShare(1.0/8),   // eight processes: 1/8 each while Redis is down
		redisbudget.WithLogger(slog.Default())) // says when it falls back, and when it returns
	if err != nil {
		log.Fatal(err)
	}
	c, err := pindown.NewClient(apiKey, pindown.WithBudget(budget))
	// README: end
	if err != nil {
		log.Fatal(err)
	}
	pin, err := c.Pins.CreateMarkdown(context.Background(), "Nightly report", pintypes.Markdown{Content: "# All green"})
	if err != nil {
		log.Fatal(err)
	}
	log.Println("created", pin.ID)
}
