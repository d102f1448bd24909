package pindown

import (
	"fmt"
	"time"
)

// RateLimits is the number of requests the server admits per rolling Window,
// one limit per rate bucket. A zero field takes its value from
// DefaultRateLimits; Unlimited turns client-side pacing of that bucket off.
// Limits of any size work: the client's memory and work per request do not
// grow with them.
type RateLimits struct {
	Read      int // single-pin reads and list pages
	BatchRead int // pin batch gets
	Write     int // pin creates, updates, deletes, shares and batch writes

	PinboardRead      int // pinboard gets and list pages
	PinboardBatchRead int // pinboard batch gets
	PinboardWrite     int // every other pinboard call
	PageRead          int // page gets, list pages, a page's pins and invitations
	PageWrite         int // every other page call

	Window time.Duration // the rolling window the limits count over; 0: a minute
}

// Unlimited, as a RateLimits field, means the bucket is not limited.
const Unlimited = -1

// DefaultRateLimits are the production limits per API key: for pins 120
// reads, 60 batch reads and 90 writes per rolling 60 seconds (published);
// for pinboards and pages the same sizes in buckets of their own (assumed:
// no limits are published for them).
var DefaultRateLimits = RateLimits{
	Read: 120, BatchRead: 60, Write: 90,
	PinboardRead: 120, PinboardBatchRead: 60, PinboardWrite: 90,
	PageRead: 120, PageWrite: 90,
	Window: time.Minute,
}

// Bucket names a rate bucket of the API. Every operation spends one request
// of exactly one bucket, whatever a batch's item count.
type Bucket string

// The API's rate buckets.
const (
	BucketRead              Bucket = "read"
	BucketBatchRead         Bucket = "batch-read"
	BucketWrite             Bucket = "write"
	BucketPinboardRead      Bucket = "pinboards-read"
	BucketPinboardBatchRead Bucket = "pinboards-batch-read"
	BucketPinboardWrite     Bucket = "pinboards-write"
	BucketPageRead          Bucket = "pages-read"
	BucketPageWrite         Bucket = "pages-write"
)

// byBucket returns the limits by bucket, zero fields filled from
// DefaultRateLimits and Unlimited as 0, or an error naming a bad field.
func (l RateLimits) byBucket() (map[Bucket]int, time.Duration, error) {
	d := DefaultRateLimits
	fields := []struct {
		name   string
		bucket Bucket
		n, def int
	}{
		{"Read", BucketRead, l.Read, d.Read},
		{"BatchRead", BucketBatchRead, l.BatchRead, d.BatchRead},
		{"Write", BucketWrite, l.Write, d.Write},
		{"PinboardRead", BucketPinboardRead, l.PinboardRead, d.PinboardRead},
		{"PinboardBatchRead", BucketPinboardBatchRead, l.PinboardBatchRead, d.PinboardBatchRead},
		{"PinboardWrite", BucketPinboardWrite, l.PinboardWrite, d.PinboardWrite},
		{"PageRead", BucketPageRead, l.PageRead, d.PageRead},
		{"PageWrite", BucketPageWrite, l.PageWrite, d.PageWrite},
	}
	out := make(map[Bucket]int, len(fields))
	for _, f := range fields {
		switch {
		case f.n == 0:
			out[f.bucket] = f.def
		case f.n == Unlimited:
			out[f.bucket] = 0
		case f.n < 0:
			return nil, 0, invalidf("RateLimits."+f.name, "must be positive, 0 for the default or Unlimited, got %d", f.n)
		default:
			out[f.bucket] = f.n
		}
	}
	w := l.Window
	switch {
	case w < 0:
		return nil, 0, invalidf("RateLimits.Window", "must not be negative, got %v", w)
	case w == 0:
		w = d.Window
	}
	return out, w, nil
}

// Budget is the client-side rate budget of one API key: one pacer per
// bucket (see pacer for the modes). Every client has its own unless clients
// on the same key share one with WithBudget, which keeps their combined
// pace within the key's limits. A 429 holds its whole bucket until the
// server's reset, so that other goroutines wait instead of piling in.
type Budget struct {
	pacers map[Bucket]*pacer
}

// NewBudget returns a budget for limits, of which this process may use the
// fraction share: 1 when the key is this process's alone, 1/K when K
// processes share it evenly. A share below 1 paces smoothly from the start.
func NewBudget(limits RateLimits, share float64) (*Budget, error) {
	if !(share > 0 && share <= 1) {
		return nil, invalidf("NewBudget: share", "must be in (0, 1], got %v", share)
	}
	byBucket, w, err := limits.byBucket()
	if err != nil {
		return nil, fmt.Errorf("NewBudget: %w", err)
	}
	b := &Budget{pacers: make(map[Bucket]*pacer, len(byBucket))}
	for bucket, n := range byBucket {
		b.pacers[bucket] = newPacer(n, w, share)
	}
	return b, nil
}

// unlimitedBudget paces nothing, but still holds a bucket when the server
// says to wait.
func unlimitedBudget() *Budget {
	all := RateLimits{Unlimited, Unlimited, Unlimited, Unlimited, Unlimited, Unlimited, Unlimited, Unlimited, 0}
	b, _ := NewBudget(all, 1)
	return b
}

func (b *Budget) bucket(name Bucket) *pacer {
	return b.pacers[name]
}
