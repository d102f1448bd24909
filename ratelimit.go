package pindown

import "time"

// RateLimits is the number of requests the server admits per rolling Window,
// one limit per rate bucket. A zero limit means the bucket is not limited.
type RateLimits struct {
	Read      int           // single-pin reads and list pages
	BatchRead int           // batch gets
	Write     int           // creates, updates, deletes, shares and batch writes
	Window    time.Duration // the rolling window the limits count over
}

// DefaultRateLimits are the production limits of the Pins API: 120 reads,
// 60 batch reads and 90 writes per rolling 60 seconds, per API key.
var DefaultRateLimits = RateLimits{Read: 120, BatchRead: 60, Write: 90, Window: time.Minute}
