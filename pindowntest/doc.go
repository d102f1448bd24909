// Package pindowntest is an in-memory Pindown v1 API server for tests: the
// SDK's own, its users', and the quickstart example's default backend.
//
// It serves the ten Pins routes, the twelve pinboard routes and the fourteen
// page routes (a Route constant each) with the request and response shapes,
// status codes and error codes of the API, validates pin_config with package
// pintypes (the schemas the SDK uses), enforces the API's rolling-window rate
// limits per key and bucket, and can inject faults (error statuses, odd
// bodies, delays, dropped connections, failures after the side effect).
//
// Usage, over plain HTTP:
//
//	srv := pindowntest.NewServer()
//	defer srv.Close()
//	key := srv.NewKey() // all scopes; srv.NewKey(pindowntest.ScopePinsRead) for a read-only key
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
// an alias of pin_config. A pin_layout never sent is absent from responses.
//
// # Pinboards and pages
//
// A pinboard holds each pin at most once, in the order added, with a desktop
// and a mobile layout (pin id → {x, y, w, h} grid position). Adding a pin that
// is already on the board responds 200 and changes nothing; batch add skips
// such pins (they are listed in the response's extra "skipped" field, in neither
// added nor failed); removing a pin drops its layout entries; PUT …/layout
// replaces each map sent and keeps a map not sent, and a layout may only
// position pins that are on the board. A page holds an ordered list of pins in
// which a pin may appear more than once: add-pin appends every time, so it is
// not safe to repeat, and remove-pin takes every occurrence off. Deleting a
// pin takes it off every pinboard and page. Pins placed on a board or page
// must be readable by the caller (its own, or public).
//
// Pinboards and pages are readable by their owner and, when public, by anyone;
// another user gets 403 PERMISSION_DENIED for a private one (and in a batch
// get's permission_denied), and for any change. Only a pinboard's owner may
// change it. A page owner may give any user of the server (Server.UserID) the
// role editor or viewer with PUT /pages/{id}/users/{userId}/role: an editor
// may change the page's pins and metadata, publish it, and manage its
// invitations and roles, but not delete it; a viewer may read it. Invitations
// are recorded (a resend to the same e-mail replaces the first) and listed as
// pending; they never turn into active collaborators by themselves. Lists hold
// the caller's own pinboards or pages, newest first.
//
// Responses take the newest documented forms; WithLegacyForms switches the
// pinboard and page responses to the older ones, so that a client's decoding of
// both can be tested.
//
// # Scopes
//
// NewKey takes the Scope constants: pins:read, pins:write, pins:share,
// pinboards:read, pinboards:write, pinboards:share, pages:read, pages:write,
// and "*" for all. Listing a page's invitations needs pages:write, as the
// API documents. An unknown scope panics, so a typo cannot mint a key that
// silently lacks a scope.
//
// # Request pipeline
//
// Requests pass, in order: routing (404 NO_ROUTE for a path that is no API
// route, such as one without /v1, deliberately not a not-found code; 405
// METHOD_NOT_ALLOWED),
// authentication (401 UNAUTHORIZED), an injected fault, the rate limiter (429
// RATE_LIMITED), the scope check (403 SCOPE_REQUIRED), then the handler.
// Bodies over MaxBodyBytes get 413 PAYLOAD_TOO_LARGE.
//
// # Rate limits
//
// By default each key gets pindown.DefaultRateLimits: a request is admitted
// iff fewer than N requests of its bucket were admitted in the last Window.
// The buckets are independent: read (GET pin routes), batch-read (pin batch
// get), write (other pin routes), pinboards-read (GET pinboard routes),
// pinboards-batch-read (pinboard batch get), pinboards-write (other pinboard
// routes), pages-read (GET page routes, invitations included) and pages-write
// (other page routes). Every
// response of a limited bucket carries X-RateLimit-Limit, X-RateLimit-Remaining
// and X-RateLimit-Reset (Unix seconds, rounded up); a 429 also carries
// Retry-After (whole seconds, rounded up, at least 1) and error.details
// {limit, used, window, resetAt}. A refused request does not count; an
// admitted one counts whatever its response. See WithRateLimits (a zero limit
// is the default, pindown.Unlimited turns a bucket off), WithoutRateLimits,
// WithApproximateWindows, WithoutRateLimitHeaders, and WithClock to drive the
// windows from a fake clock instead of sleeping.
//
// # Faults
//
//	srv.Inject(pindowntest.RouteCreate, pindowntest.Fault{Status: 500, AfterProcessing: true})
//
// makes the next create store its pin and still response 500. Note that Go's
// http.Transport silently retries an idempotent request (GET, or one with an
// Idempotency-Key header) that fails on a reused connection, so a Drop fault on
// such a request may be consumed by a request the client never saw fail.
//
// # Serving on an address
//
// WithListener serves on a listener of your choice; cmd/pindown-mock uses it
// to run the server as a program.
package pindowntest
