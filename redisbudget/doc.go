// Package redisbudget shares one API key's rate budget among many processes
// and machines through Redis: a pindown.Limiter to give every client on the
// key with pindown.WithBudget.
//
//	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379", ContextTimeoutEnabled: true})
//	budget, err := redisbudget.New(rdb, apiKey, pindown.RateLimits{})
//	…
//	c, err := pindown.NewClient(apiKey, pindown.WithBudget(budget))
//
// # The algorithm
//
// It is the in-process window mirror (pindown.NewBudget) with its memory in
// Redis. For each key and bucket a sorted set holds one member per send of
// the last W+J (the server's rolling window W plus the same jitter margin J
// the mirror uses: W/100, at least 20 ms, at most 1 s). One Lua script reads
// the Redis server's clock (TIME), trims the set to the window, and admits
// the send iff fewer than N members remain, adding it in the same atomic
// step; when the set is full it answers how long until its oldest member
// leaves. A send in flight keeps its slot; when its response comes, Done
// moves it to the response's time (the server counted it by then); a send
// that got no response, or a 429, stays at its permit time. A 429 writes a
// hold key with the server's reset time: every process's Reserve then waits
// for it (Permit.ByServer is true), and no send leaves the window before the
// reset.
//
// # The guarantee
//
// Against a server that counts an exact rolling window of N per W, the
// processes sharing a key together send at most N requests in any W+J, so
// none of them sees a 429 they caused; a burst of N goes at once, and the
// sustained pace is N per W+J, shared first come first served (one busy
// process among idle ones gets the whole allowance). All times are Redis's,
// so the processes' clocks may disagree. This holds while every process on
// the key spends this budget and Redis keeps its data: a Redis that restarts
// empty has forgotten the window, and the first window after it may bring a
// few 429s (which the clients retry).
//
// # Keys
//
// The API key itself is never written to Redis: key names carry the first
// 16 hex digits of a SHA-256 of it (with a fixed prefix), as in
// "pindown:{3f2a…}:write:log"; the braces keep one key's names on one
// Redis Cluster slot. Every key expires (PEXPIRE): the log after the
// in-flight lease (a minute) plus W+J, a hold at its reset. A fleet that
// stops leaves nothing behind.
//
// # When Redis fails
//
// Every Redis call is bounded by a short timeout (250 ms by default, see
// WithTimeout), within the caller's context. When Redis does not answer, the
// budget falls back to a local pindown.NewBudget at a declared share of the
// limits (WithFallbackShare: a quarter by default, right for four processes;
// declare 1/K for K), logs it once (WithLogger), and tries Redis again at
// most once a second, returning to it when it answers. A send permitted
// through Redis whose response comes while Redis is down keeps its slot
// until the in-flight lease ends. Give the client
// redis.Options.ContextTimeoutEnabled so that an abandoned call also frees
// its connection at once.
package redisbudget
