package pindown_test

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// concLedger is what the workers know of the pins they made, by title.
type concLedger struct {
	mu      sync.Mutex
	created map[string]string // title → id: the SDK said it was created
	maybe   map[string]bool   // the SDK said it may have been created (ErrMaybeCreated)
	deleted map[string]bool   // the SDK said it was deleted
}

func (l *concLedger) record(title string, p *pindown.Pin, err error) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case err == nil && p != nil:
		l.created[title] = p.ID
		return true
	case errors.Is(err, pindown.ErrMaybeCreated):
		l.maybe[title] = true
	}
	return false
}

func (l *concLedger) markDeleted(title string) {
	l.mu.Lock()
	l.deleted[title] = true
	l.mu.Unlock()
}

// TestConcurrentWorkload: 64 goroutines share one client for creates,
// reads, updates, deletes, ListAll and every batch call, against a server
// with the same scaled rate limits and injected 429, 503 and lost responses.
// Afterwards the server holds exactly the pins the SDK reported: every pin
// reported created once, none reported deleted, no title twice, and a pin
// whose create ended in doubt (ErrMaybeCreated) at most once.
func TestConcurrentWorkload(t *testing.T) {
	const workers = 64
	limits := pindown.RateLimits{Read: 100, BatchRead: 40, Write: 100, Window: 200 * time.Millisecond}
	srv, c := newClient(t, []pindowntest.Option{pindowntest.WithRateLimits(limits)},
		pindown.WithRateLimits(limits), pindown.WithMaxRetries(8))
	pindown.SetBackoff(c, time.Millisecond, 10*time.Millisecond)

	soon := http.Header{"Retry-After": {"0.01"}}
	for route, faults := range map[pindowntest.Route][]pindowntest.Fault{
		pindowntest.RouteCreate: {
			{Status: 429, Header: soon, Times: 3},
			{Status: 503, Header: soon},         // not processed, but the SDK cannot know: in doubt
			{Drop: true, AfterProcessing: true}, // created, response lost: in doubt
		},
		pindowntest.RouteBatchCreate: {
			{Status: 429, Header: soon, Times: 2},
			{Status: 500, AfterProcessing: true}, // three pins created, response lost: in doubt
		},
		pindowntest.RouteGet:         {{Status: 503, Header: soon, Times: 3}},
		pindowntest.RouteList:        {{Status: 503, Header: soon, Times: 2}},
		pindowntest.RouteUpdate:      {{Status: 503, Header: soon, Times: 2}, {Status: 429, Header: soon}},
		pindowntest.RouteBatchGet:    {{Status: 429, Header: soon, Times: 2}},
		pindowntest.RouteDelete:      {{Drop: true, AfterProcessing: true}}, // deleted, response lost: the retry's 404 is success
		pindowntest.RouteBatchUpdate: {{Drop: true}},
		pindowntest.RouteBatchDelete: {{Status: 503, Header: soon}},
	} {
		for _, f := range faults {
			srv.Inject(route, f)
		}
	}

	ledger := &concLedger{created: map[string]string{}, maybe: map[string]bool{}, deleted: map[string]bool{}}
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fail := func(what string, err error) { t.Errorf("worker %d: %s: %v", w, what, err) }
			title := func(s string) string { return fmt.Sprintf("w%02d-%s", w, s) }

			a, err := c.Pins.CreateMarkdown(ctx, title("a"), pintypes.Markdown{Content: "# a"})
			if !ledger.record(title("a"), a, err) && !errors.Is(err, pindown.ErrMaybeCreated) {
				fail("create", err)
			}
			batch := []*pindown.CreatePinRequest{
				{Metadata: pindown.Metadata{Title: title("b")}},
				{Metadata: pindown.Metadata{Title: title("c")}, Config: &pintypes.Markdown{Content: "c"}},
				{Metadata: pindown.Metadata{Title: title("d")}},
			}
			res, err := c.Pins.BatchCreate(ctx, batch)
			if err != nil && !errors.Is(err, pindown.ErrMaybeCreated) {
				fail("batch create", err)
			}
			made := map[string]*pindown.Pin{}
			for i, it := range res.Items {
				if ledger.record(batch[i].Metadata.Title, it.Value, it.Err) {
					made[batch[i].Metadata.Title] = it.Value
				} else if !errors.Is(it.Err, pindown.ErrMaybeCreated) {
					fail("batch create item", it.Err)
				}
			}

			if w == 17 || w == 42 { // occasional faults while the others run
				srv.Inject(pindowntest.RouteGet, pindowntest.Fault{Status: 503, Header: soon})
				srv.Inject(pindowntest.RouteBatchUpdate, pindowntest.Fault{Status: 429, Header: soon})
			}
			if a != nil {
				got, err := c.Pins.Get(ctx, a.ID)
				switch {
				case err != nil:
					fail("get", err)
				case got.Metadata.Title != title("a"):
					t.Errorf("worker %d: got %q, want %q", w, got.Metadata.Title, title("a"))
				}
				if _, err := c.Pins.Update(ctx, a.ID, &pindown.UpdatePinRequest{Description: pindown.Ptr("updated")}); err != nil {
					fail("update", err)
				}
			}
			var want []string
			if a != nil {
				want = append(want, a.ID)
			}
			if p := made[title("c")]; p != nil {
				want = append(want, p.ID)
			}
			if len(want) > 0 {
				got, err := c.Pins.BatchGet(ctx, want)
				if err != nil {
					fail("batch get", err)
				} else if len(got.Found) != len(want) {
					t.Errorf("worker %d: batch get found %d of %d (not found %v)", w, len(got.Found), len(want), got.NotFound)
				}
			}
			if p := made[title("b")]; p != nil {
				if err := c.Pins.Delete(ctx, p.ID); err != nil {
					fail("delete", err)
				} else {
					ledger.markDeleted(title("b"))
				}
			}
			if p := made[title("c")]; p != nil {
				res, err := c.Pins.BatchUpdate(ctx, []*pindown.BatchUpdateItem{{ID: p.ID, UpdatePinRequest: pindown.UpdatePinRequest{Tags: []string{"x"}}}})
				if err == nil {
					err = res.Err()
				}
				if err != nil {
					fail("batch update", err)
				}
			}
			if p := made[title("d")]; p != nil {
				res, err := c.Pins.BatchDelete(ctx, []string{p.ID})
				if err == nil {
					err = res.Err()
				}
				if err != nil {
					fail("batch delete", err)
				} else {
					ledger.markDeleted(title("d"))
				}
			}
			if w%8 == 0 {
				for p, err := range c.Pins.ListAll(ctx, &pindown.ListOptions{Limit: 50}) {
					if err != nil {
						fail("list all", err)
					} else if p == nil || p.ID == "" {
						t.Errorf("worker %d: list all yielded an empty pin", w)
					}
				}
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)

	// The server's final state, against the ledger.
	count := map[string]int{}
	listed := 0
	for p, err := range c.Pins.ListAll(ctx, nil) {
		require.NoError(t, err)
		count[p.Metadata.Title]++
		listed++
	}
	require.Equal(t, srv.Stats().Pins, listed, "ListAll saw every stored pin once")
	wantLive := 0
	for title := range ledger.created {
		if ledger.deleted[title] {
			require.Zero(t, count[title], "%s was deleted", title)
		} else {
			require.Equal(t, 1, count[title], "%s was reported created: it exists exactly once", title)
			wantLive++
		}
	}
	inDoubt := 0
	for title := range ledger.maybe {
		require.LessOrEqual(t, count[title], 1, "%s (in doubt) exists at most once", title)
		inDoubt += count[title]
	}
	for title, n := range count {
		_, created := ledger.created[title]
		require.True(t, created || ledger.maybe[title], "%s exists but no call reported it", title)
		require.Equal(t, 1, n, "%s exists %d times", title, n)
	}
	require.Equal(t, wantLive+inDoubt, listed)
	// The faults injected before the run make five creates end in doubt, of
	// which four exist (one lost create response, three of a lost batch).
	require.Len(t, ledger.maybe, 5)
	require.Equal(t, 4, inDoubt)
	require.Len(t, ledger.created, 4*workers-5)
	require.Len(t, ledger.deleted, 2*(workers-1), "b and d of every worker whose batch create was responded")
	require.Equal(t, 2*workers-3, wantLive, "a and c of every worker, but two a and one c in doubt")

	st := srv.Stats()
	t.Logf("%d workers in %v: %d pins, %d in doubt, server 429s %v", workers, took, listed, len(ledger.maybe), st.RateLimited)
}
