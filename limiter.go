package pindown

import (
	"context"
	"time"
)

// A Limiter is a client's rate budget. Before every attempt the client asks
// it for a permit of the call's bucket; after the attempt it reports how the
// request ended. *Budget is the in-process implementation; the module
// github.com/pindownai/client-go/redisbudget shares one budget among
// processes and machines through Redis. Pass one to clients with
// WithBudget.
//
// An implementation must be safe for concurrent use and must not sleep:
// Reserve says how long to wait, and the client waits (or, when the wait is
// longer than WithMaxWait or the context's deadline, fails the call at once
// with a *RateLimitError).
type Limiter interface {
	// Reserve takes a permit for one request of bucket at now, returning a
	// Permit with a zero Wait, or returns how long to wait before asking
	// again. An error fails the call before anything is sent.
	Reserve(ctx context.Context, bucket Bucket, now time.Time) (Permit, error)
	// Done reports how the request sent with p ended, and returns until
	// when the bucket is held (zero if it is not): the client waits at
	// least that long before retrying.
	Done(ctx context.Context, p Permit, o Outcome) time.Time
}

// Permit is a Limiter's response to Reserve.
type Permit struct {
	Bucket   Bucket
	Wait     time.Duration // 0: granted; else ask again after this long
	ByServer bool          // the wait is a hold the server imposed (a 429, or Retry-After)
	At       time.Time     // when it was granted: with ID, the send's identity in Done
	ID       string        // an implementation's own name for the send, if it needs one
}

// Outcome is how a request ended, as Limiter.Done hears it.
type Outcome struct {
	At        time.Time // when it ended
	Responded bool      // a response came, of any status
	Limited   bool      // the response was 429: the server refused it unprocessed
	ResetAt   time.Time // when the server said to come back; zero if it did not
}

// Reserve takes a permit of bucket's pacer; see Limiter.
func (b *Budget) Reserve(_ context.Context, bucket Bucket, now time.Time) (Permit, error) {
	wait, byServer := b.bucket(bucket).reserve(now)
	return Permit{Bucket: bucket, Wait: max(wait, 0), ByServer: byServer, At: now}, nil
}

// Done tells bucket's pacer how the request of p ended; see Limiter.
func (b *Budget) Done(_ context.Context, p Permit, o Outcome) time.Time {
	return b.bucket(p.Bucket).done(p.At, o)
}
