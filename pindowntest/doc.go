// Package pindowntest is an in-memory Pindown v1 Pins API server for tests:
// the SDK's own, its users', and the quickstart example's default backend.
//
// It serves the ten Pins routes with the request and response shapes, status
// codes and error codes of the API, validates pin_config with package
// pintypes (the schemas the SDK uses), enforces the API's rolling-window rate
// limits per key and bucket, and can inject faults (error statuses, odd
// bodies, delays, dropped connections, failures after the side effect).
//
// Usage, over plain HTTP:
//
//	srv := pindowntest.NewServer()
//	defer srv.Close()
//	key := srv.NewKey() // all scopes; srv.NewKey("pins:read") for a read-only key
//
//	req, _ := http.NewRequest("POST", srv.URL+"/pins",
//		strings.NewReader(`{"metadata":{"title":"My First Pin"}}`))
//	req.Header.Set("Authorization", "Bearer "+key)
//	resp, err := http.DefaultClient.Do(req) // 201 {"success":true,"data":{"id":"p-…",…}}
//
// or through the SDK: pindown.NewClient(key, pindown.WithBaseURL(srv.URL)).
//
// # What it does
//
// Keys from different NewKey calls belong to different owners. A pin is
// readable by its owner and, when public, by anyone; only its owner may update,
// share or delete it (others get 404 for a private pin, 403 FORBIDDEN for a
// public one). Lists hold the caller's own pins, newest first (created_at
// descending, ties by id descending). pin_type, pin_config and pin_layout are
// accepted at the root or inside metadata (the root wins), and root content as
// an alias of pin_config. A pin_layout never sent is absent from answers.
//
// Requests pass, in order: routing (404 NOT_FOUND, 405 METHOD_NOT_ALLOWED),
// authentication (401 UNAUTHORIZED), an injected fault, the rate limiter (429
// RATE_LIMITED), the scope check (403 SCOPE_REQUIRED), then the handler.
// Bodies over MaxBodyBytes get 413 PAYLOAD_TOO_LARGE.
//
// # Rate limits
//
// By default each key gets pindown.DefaultRateLimits: a request is admitted
// iff fewer than N requests of its bucket (read: GET routes; batch-read: batch
// get; write: every other route) were admitted in the last Window. Every
// answer of a limited bucket carries X-RateLimit-Limit, X-RateLimit-Remaining
// and X-RateLimit-Reset (Unix seconds, rounded up); a 429 also carries
// Retry-After (whole seconds, rounded up, at least 1) and error.details
// {limit, used, window, resetAt}. A refused request does not count; an
// admitted one counts whatever its answer. See WithRateLimits,
// WithApproximateWindows, WithoutRateLimitHeaders, and WithClock to drive the
// windows from a fake clock instead of sleeping.
//
// # Faults
//
//	srv.Inject(pindowntest.RouteCreate, pindowntest.Fault{Status: 500, AfterProcessing: true})
//
// makes the next create store its pin and still answer 500. Note that Go's
// http.Transport silently retries an idempotent request (GET, or one with an
// Idempotency-Key header) that fails on a reused connection, so a Drop fault on
// such a request may be consumed by a request the client never saw fail.
//
// # Serving on an address
//
// WithListener serves on a listener of your choice; cmd/pindown-mock uses it
// to run the server as a program.
package pindowntest
