// Package pindown is the Go client of the Pindown API, which turns the
// output of automations into live dashboard pins.
//
// Make one Client per API key and share it; it is safe for concurrent use:
//
//	c, err := pindown.NewClientFromEnv() // PINDOWN_API_KEY, PINDOWN_BASE_URL
//	pin, err := c.Pins.CreateStatCards(ctx, "Live metrics", pintypes.StatCards{
//		Cards: []pintypes.StatCard{{Title: "Users", Value: "1,234", Change: "+5%", Trend: pintypes.TrendUp}},
//	})
//
// Every call is typed (pin configs are the structs of package pintypes) and
// validated before a request is spent. The client paces itself within the
// API's rate limits per bucket (see RateLimits and Budget), retries what is
// safe to retry, never repeats a create that may have landed
// (ErrMaybeCreated), and keeps the API key out of every error, log line and
// printed value. Errors match the sentinels ErrNotFound, ErrRateLimited, …
// with errors.Is, and *APIError or *RateLimitError with errors.As.
//
// Package pindowntest is an in-memory API server for tests.
package pindown
