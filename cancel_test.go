package pindown_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// Cancellation: whatever a call is doing when its context ends, it returns
// within cancelBound, with an error matching the context's.

const cancelBound = 50 * time.Millisecond

// outcome is what a call returned and when.
type outcome struct {
	err error
	at  time.Time
}

// runCancelled starts run on a cancellable context, waits until ready says
// the call is at the stage under test, cancels, and returns how long the
// call took to return after the cancel, and its error.
func runCancelled(t *testing.T, run func(ctx context.Context) error, ready func()) (time.Duration, error) {
	t.Helper()
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan outcome, 1)
	go func() {
		err := run(cctx)
		done <- outcome{err, time.Now()}
	}()
	ready()
	select {
	case o := <-done:
		t.Fatalf("the call returned before it was cancelled: %v", o.err)
	default:
	}
	cancelled := time.Now()
	cancel()
	select {
	case o := <-done:
		return o.at.Sub(cancelled), o.err
	case <-time.After(10 * time.Second):
		t.Fatal("the call did not return after its context was cancelled")
		return 0, nil
	}
}

// waitFor waits (bounded) until cond holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// signal returns a channel and a RetryHook that reports on it (without
// blocking) the events for which match holds.
func signal(match func(pindown.RetryEvent) bool) (chan pindown.RetryEvent, pindown.Option) {
	ch := make(chan pindown.RetryEvent, 1)
	return ch, pindown.WithRetryHook(func(ev pindown.RetryEvent) {
		if match(ev) {
			select {
			case ch <- ev:
			default:
			}
		}
	})
}

func awaitEvent(t *testing.T, ch chan pindown.RetryEvent) func() {
	return func() {
		select {
		case <-ch:
		case <-time.After(5 * time.Second):
			t.Fatal("the call never reached the stage under test")
		}
	}
}

// bucketOf is the rate bucket each operation of faultOps spends.
var bucketOf = map[pindowntest.Route]pindown.Bucket{
	pindowntest.RouteCreate: pindown.BucketWrite, pindowntest.RouteGet: pindown.BucketRead,
	pindowntest.RouteList: pindown.BucketRead, pindowntest.RouteUpdate: pindown.BucketWrite,
	pindowntest.RouteDelete: pindown.BucketWrite, pindowntest.RouteShare: pindown.BucketWrite,
	pindowntest.RouteBatchGet: pindown.BucketBatchRead, pindowntest.RouteBatchCreate: pindown.BucketWrite,
	pindowntest.RouteBatchUpdate: pindown.BucketWrite, pindowntest.RouteBatchDelete: pindown.BucketWrite,
}

// spend makes one call of bucket b (whatever its response), exhausting a
// bucket whose limit is 1.
func spend(t *testing.T, c *pindown.Client, b pindown.Bucket) {
	t.Helper()
	var err error
	switch b {
	case pindown.BucketRead:
		_, err = c.Pins.Get(ctx, "p-none")
	case pindown.BucketBatchRead:
		var res *pindown.BatchGetResult
		res, err = c.Pins.BatchGet(ctx, []string{"p-none"})
		require.NoError(t, err)
		require.Equal(t, []string{"p-none"}, res.NotFound)
		return
	case pindown.BucketWrite:
		err = c.Pins.Delete(ctx, "p-none")
	case pindown.BucketPinboardRead:
		_, err = c.Pinboards.Get(ctx, "pb-none")
	case pindown.BucketPinboardBatchRead:
		res, err := c.Pinboards.BatchGet(ctx, []string{"pb-none"})
		require.NoError(t, err)
		require.Equal(t, []string{"pb-none"}, res.NotFound)
		return
	case pindown.BucketPinboardWrite:
		err = c.Pinboards.Delete(ctx, "pb-none")
	case pindown.BucketPageRead:
		_, err = c.Pages.Get(ctx, "pg-none")
	case pindown.BucketPageWrite:
		err = c.Pages.Delete(ctx, "pg-none")
	}
	require.ErrorIs(t, err, pindown.ErrNotFound)
}

func checkCancelled(t *testing.T, err error, took time.Duration, target error) {
	t.Helper()
	t.Logf("returned %v after the cancel", took)
	require.ErrorIs(t, err, target)
	require.Less(t, took, cancelBound, "returned %v after the cancel: %v", took, err)
}

func TestCancelWhileWaitingForRateLimitToken(t *testing.T) {
	limits := pindown.RateLimits{Read: 1, BatchRead: 1, Write: 1, PinboardRead: 1, PinboardBatchRead: 1,
		PinboardWrite: 1, PageRead: 1, PageWrite: 1, Window: time.Minute}
	for _, op := range faultOps {
		t.Run(op.name, func(t *testing.T) {
			paced, hook := signal(func(ev pindown.RetryEvent) bool { return ev.Reason == "pacing" })
			srv, c := newClient(t, []pindowntest.Option{pindowntest.WithRateLimits(limits)}, pindown.WithRateLimits(limits), hook)
			spend(t, c, bucketOf[op.route])
			before := srv.Stats().Requests[op.route]

			took, err := runCancelled(t, func(ctx context.Context) error { return op.run(ctx, c) }, awaitEvent(t, paced))
			checkCancelled(t, err, took, context.Canceled)
			require.NotErrorIs(t, err, pindown.ErrMaybeCreated, "nothing was sent")
			require.Equal(t, before, srv.Stats().Requests[op.route], "nothing was sent")
		})
	}
	t.Run("deadline", func(t *testing.T) {
		paced, hook := signal(func(ev pindown.RetryEvent) bool { return ev.Reason == "pacing" })
		_, c := newClient(t, []pindowntest.Option{pindowntest.WithRateLimits(limits)}, pindown.WithRateLimits(limits), hook)
		spend(t, c, pindown.BucketWrite)
		dctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.Pins.CreateMarkdown(dctx, "t", pintypes.Markdown{})
		// The next slot is past the deadline: it fails at once, as
		// x/time/rate's Wait does, with the wait it would have needed.
		checkCancelled(t, err, time.Since(start), context.DeadlineExceeded)
		var rl *pindown.RateLimitError
		require.ErrorAs(t, err, &rl)
		require.False(t, rl.Server, "the client's own pacing imposed the wait")
		require.Greater(t, rl.RetryAfter, 50*time.Second)
		require.ErrorIs(t, err, pindown.ErrNotSent)
		require.Empty(t, paced, "it did not wait")
	})
}

func TestCancelDuringRetryBackoff(t *testing.T) {
	for _, op := range faultOps {
		t.Run(op.name, func(t *testing.T) {
			waiting, hook := signal(func(ev pindown.RetryEvent) bool { return ev.Reason != "pacing" })
			srv, c := newClient(t, []pindowntest.Option{pindowntest.WithoutRateLimits()}, pindown.WithoutRateLimits(), hook)
			fault := pindowntest.Fault{Status: 503, Header: http.Header{"Retry-After": {"10"}}}
			if !op.safe {
				fault.Status = 429 // the only response a create is retried after
			}
			srv.Inject(op.route, fault)

			var ev pindown.RetryEvent
			took, err := runCancelled(t, func(ctx context.Context) error { return op.run(ctx, c) }, func() {
				select {
				case ev = <-waiting:
				case <-time.After(5 * time.Second):
					t.Fatal("no retry was scheduled")
				}
			})
			checkCancelled(t, err, took, context.Canceled)
			require.GreaterOrEqual(t, ev.Wait, 10*time.Second, "it was waiting what Retry-After asked")
			require.Equal(t, 1, srv.Stats().Requests[op.route])
			// A create responded 429 was not processed: cancelling its retry
			// leaves no doubt.
			require.NotErrorIs(t, err, pindown.ErrMaybeCreated)
			require.Zero(t, srv.Stats().Pins)
		})
	}
}

func TestCancelWithRequestInFlight(t *testing.T) {
	for _, op := range faultOps {
		t.Run(op.name, func(t *testing.T) {
			srv, c := newClient(t, []pindowntest.Option{pindowntest.WithoutRateLimits()}, pindown.WithoutRateLimits())
			srv.Inject(op.route, pindowntest.Fault{Delay: 10 * time.Second})
			took, err := runCancelled(t, func(ctx context.Context) error { return op.run(ctx, c) }, func() {
				waitFor(t, "the request to reach the server", func() bool { return srv.Stats().Requests[op.route] == 1 })
			})
			checkCancelled(t, err, took, context.Canceled)
			if !op.safe {
				require.ErrorIs(t, err, pindown.ErrMaybeCreated, "the request was at the server")
			}
		})
	}
}

func TestCancelListAllMidIteration(t *testing.T) {
	setup := func(t *testing.T) (*pindowntest.Server, *pindown.Client) {
		srv, c := newClient(t, []pindowntest.Option{pindowntest.WithoutRateLimits()}, pindown.WithoutRateLimits())
		for range 5 {
			_, err := c.Pins.CreateMarkdown(ctx, "t", pintypes.Markdown{})
			require.NoError(t, err)
		}
		return srv, c
	}
	t.Run("between pages", func(t *testing.T) {
		_, c := setup(t)
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var (
			yielded   int
			errs      []error
			cancelled time.Time
			took      time.Duration
		)
		for p, err := range c.Pins.ListAll(cctx, &pindown.ListOptions{Limit: 2}) {
			if err != nil {
				took = time.Since(cancelled)
				errs = append(errs, err)
				continue
			}
			require.NotNil(t, p)
			if yielded++; yielded == 2 { // the whole first page
				cancelled = time.Now()
				cancel()
			}
		}
		require.Equal(t, 2, yielded)
		require.Len(t, errs, 1, "the error is yielded once and ends the loop")
		checkCancelled(t, errs[0], took, context.Canceled)
	})
	t.Run("during a page fetch", func(t *testing.T) {
		srv, c := setup(t)
		var yielded int
		took, err := runCancelled(t, func(ctx context.Context) error {
			for p, err := range c.Pins.ListAll(ctx, &pindown.ListOptions{Limit: 2}) {
				if err != nil {
					return err
				}
				if p == nil {
					return errors.New("nil pin without an error")
				}
				if yielded++; yielded == 1 {
					srv.Inject(pindowntest.RouteList, pindowntest.Fault{Delay: 10 * time.Second})
				}
			}
			return nil
		}, func() {
			waitFor(t, "the second page's request", func() bool { return srv.Stats().Requests[pindowntest.RouteList] == 2 })
		})
		checkCancelled(t, err, took, context.Canceled)
		require.Equal(t, 2, yielded)
	})
}
