package pindown_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// upsertClient returns an unlimited server and a client with a fast backoff.
func upsertClient(t *testing.T) (*pindowntest.Server, *pindown.Client) {
	t.Helper()
	srv, c := newClient(t, []pindowntest.Option{pindowntest.WithoutRateLimits()}, pindown.WithoutRateLimits())
	pindown.SetBackoff(c, time.Millisecond, 5*time.Millisecond)
	return srv, c
}

func statReq(title, value string) *pindown.CreatePinRequest {
	return &pindown.CreatePinRequest{
		Config:   &pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "Users", Value: value}}},
		Layout:   pindown.Layout2x1,
		Metadata: pindown.Metadata{Title: title, Tags: []string{"nightly"}},
	}
}

// keyed returns the pins of the caller that carry key's tag, read whole.
func keyed(t *testing.T, c *pindown.Client, key string) []*pindown.Pin {
	t.Helper()
	var ids []string
	for p, err := range c.Pins.ListAll(context.Background(), nil) {
		require.NoError(t, err)
		ids = append(ids, p.ID)
	}
	if len(ids) == 0 {
		return nil
	}
	got, err := c.Pins.BatchGet(context.Background(), ids)
	require.NoError(t, err)
	var out []*pindown.Pin
	for _, p := range got.Found {
		if slices.Contains(p.Metadata.Tags, pindown.KeyTag(key)) {
			out = append(out, p)
		}
	}
	return out
}

func TestUpsertCreatesThenUpdates(t *testing.T) {
	srv, c := upsertClient(t)
	ctx := context.Background()
	_, err := c.Pins.Create(ctx, &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: "someone else's"}})
	require.NoError(t, err)

	first, err := c.Pins.Upsert(ctx, "nightly-report", statReq("Nightly", "1"))
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"nightly", "pindown-key:nightly-report"}, first.Metadata.Tags)
	assert.Equal(t, 2, srv.Stats().Pins)

	second, err := c.Pins.Upsert(ctx, "nightly-report", statReq("Nightly", "2"))
	require.NoError(t, err)
	assert.Equal(t, first.ID, second.ID)
	got, err := c.Pins.Get(ctx, first.ID)
	require.NoError(t, err)
	assert.Equal(t, "2", got.Config.(*pintypes.StatCards).Cards[0].Value)

	// Nothing changed: no write.
	before := srv.Stats().Requests
	third, err := c.Pins.Upsert(ctx, "nightly-report", statReq("Nightly", "2"))
	require.NoError(t, err)
	assert.Equal(t, first.ID, third.ID)
	after := srv.Stats().Requests
	assert.Equal(t, before[pindowntest.RouteUpdate], after[pindowntest.RouteUpdate])
	assert.Equal(t, before[pindowntest.RouteBatchGet]+1, after[pindowntest.RouteBatchGet], "the title hint reads one batch")
	assert.Equal(t, 2, srv.Stats().Pins)
}

func TestUpsertFindsRetitledPin(t *testing.T) {
	srv, c := upsertClient(t)
	ctx := context.Background()
	p, err := c.Pins.Upsert(ctx, "k", statReq("Original", "1"))
	require.NoError(t, err)
	_, err = c.Pins.Update(ctx, p.ID, &pindown.UpdatePinRequest{Title: pindown.Ptr("Renamed in the UI")})
	require.NoError(t, err)
	q, err := c.Pins.Upsert(ctx, "k", statReq("Original", "2"))
	require.NoError(t, err)
	assert.Equal(t, p.ID, q.ID)
	assert.Equal(t, 1, srv.Stats().Pins)
}

func TestUpsertValidatesBeforeAnyRequest(t *testing.T) {
	srv, c := upsertClient(t)
	ctx := context.Background()
	for _, key := range []string{"", "a\nb", "tab\there", strings.Repeat("k", pindown.MaxKeyLen+1), "\xff"} {
		_, err := c.Pins.Upsert(ctx, key, statReq("T", "1"))
		assert.ErrorIs(t, err, pindown.ErrInvalidRequest, "key %q", key)
	}
	_, err := c.Pins.Upsert(ctx, "k", nil)
	assert.ErrorIs(t, err, pindown.ErrInvalidRequest)
	_, err = c.Pins.Upsert(ctx, "k", &pindown.CreatePinRequest{})
	assert.ErrorIs(t, err, pindown.ErrInvalidRequest, "no title")
	_, err = c.Pins.Upsert(ctx, "k", &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: "t", Tags: []string{"pindown-key:other"}}})
	assert.ErrorIs(t, err, pindown.ErrInvalidRequest)
	assert.Empty(t, srv.Stats().Requests)
}

func TestUpsertResolvesLostCreates(t *testing.T) {
	for name, f := range map[string]pindowntest.Fault{
		"500 after processing":  {Status: 500, AfterProcessing: true},
		"lost after processing": {Drop: true, AfterProcessing: true},
		"500 before processing": {Status: 500},
		"lost before":           {Drop: true},
	} {
		t.Run(name, func(t *testing.T) {
			srv, c := upsertClient(t)
			srv.Inject(pindowntest.RouteCreate, f)
			p, err := c.Pins.Upsert(context.Background(), "k", statReq("T", "1"))
			require.NoError(t, err)
			pins := keyed(t, c, "k")
			require.Len(t, pins, 1)
			assert.Equal(t, pins[0].ID, p.ID)
			assert.Equal(t, 1, srv.Stats().Pins)
		})
	}
}

func TestUpsertRaceConverges(t *testing.T) {
	srv, c := upsertClient(t)
	const callers = 8
	ids := make([]string, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() {
			p, err := c.Pins.Upsert(context.Background(), "shared", statReq("Shared", fmt.Sprint(i)))
			if assert.NoError(t, err) {
				ids[i] = p.ID
			}
		})
	}
	wg.Wait()
	pins := keyed(t, c, "shared")
	require.Len(t, pins, 1)
	assert.Equal(t, 1, srv.Stats().Pins)
	// A caller returns the survivor, or its own pin when a racer's, stamped
	// earlier, showed only after its last look (see Upsert): then the next
	// Upsert of the key lands on the survivor.
	for _, id := range ids {
		if id != pins[0].ID {
			_, err := c.Pins.Get(context.Background(), id)
			require.ErrorIs(t, err, pindown.ErrNotFound, "a returned pin that is not the survivor was removed")
		}
	}
	again, err := c.Pins.Upsert(context.Background(), "shared", statReq("Shared", "again"))
	require.NoError(t, err)
	require.Equal(t, pins[0].ID, again.ID)
}

func TestUpsertKeepsOldestDuplicate(t *testing.T) {
	srv, c := upsertClient(t)
	ctx := context.Background()
	var made []*pindown.Pin
	for range 3 {
		p, err := c.Pins.Create(ctx, &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: "D", Tags: []string{pindown.KeyTag("dup")}}})
		require.NoError(t, err)
		made = append(made, p)
		time.Sleep(2 * time.Millisecond) // distinct created_at
	}
	p, err := c.Pins.Upsert(ctx, "dup", statReq("D", "1"))
	require.NoError(t, err)
	assert.Equal(t, made[0].ID, p.ID)
	assert.Equal(t, 1, srv.Stats().Pins)
}

func TestUpsertMany(t *testing.T) {
	srv, c := upsertClient(t)
	ctx := context.Background()
	old, err := c.Pins.Upsert(ctx, "k1", statReq("One", "1"))
	require.NoError(t, err)
	items := []pindown.UpsertItem{
		{Key: "k0", Request: statReq("Zero", "0")},
		{Key: "k1", Request: statReq("One", "11")},
		{Key: "", Request: statReq("Bad", "x")},
		{Key: "k0", Request: statReq("Again", "0")},
	}
	for i := range 60 {
		items = append(items, pindown.UpsertItem{Key: fmt.Sprintf("bulk-%d", i), Request: statReq("Bulk", fmt.Sprint(i))})
	}
	srv.Inject(pindowntest.RouteBatchCreate, pindowntest.Fault{Status: 500, AfterProcessing: true})
	res, err := c.Pins.UpsertMany(ctx, items)
	require.NoError(t, err)
	require.Len(t, res.Items, len(items))
	assert.NoError(t, res.Items[0].Err)
	assert.Equal(t, old.ID, res.Items[1].Value.ID)
	assert.ErrorIs(t, res.Items[2].Err, pindown.ErrInvalidRequest)
	assert.ErrorIs(t, res.Items[3].Err, pindown.ErrInvalidRequest)
	for i, it := range res.Items[4:] {
		require.NoError(t, it.Err)
		assert.Contains(t, it.Value.Metadata.Tags, pindown.KeyTag(fmt.Sprintf("bulk-%d", i)))
	}
	assert.Equal(t, 62, srv.Stats().Pins)

	// Again: every pin found, nothing created.
	res, err = c.Pins.UpsertMany(ctx, slices.Concat(items[:2], items[4:]))
	require.NoError(t, err)
	require.NoError(t, res.Err())
	assert.Equal(t, 62, srv.Stats().Pins)
}

func TestUpsertLookupFailure(t *testing.T) {
	srv, c := upsertClient(t)
	srv.Inject(pindowntest.RouteList, pindowntest.Fault{Status: 403})
	_, err := c.Pins.Upsert(context.Background(), "k", statReq("T", "1"))
	assert.ErrorIs(t, err, pindown.ErrForbidden)
	assert.Equal(t, 0, srv.Stats().Pins)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = c.Pins.Upsert(ctx, "k", statReq("T", "1"))
	assert.True(t, errors.Is(err, context.Canceled), err)
}

// TestUpsertBoundsTheListing: a server that ignores the offset (or keeps
// inventing pins) ends the lookup with an error, not an endless listing.
func TestUpsertBoundsTheListing(t *testing.T) {
	for name, page := range map[string]func(offset int) string{
		"offset ignored": func(int) string { return pageOf(0) },
		"endless":        func(offset int) string { return pageOf(offset) },
	} {
		t.Run(name, func(t *testing.T) {
			requests := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests++
				var off int
				fmt.Sscan(r.URL.Query().Get("offset"), &off)
				fmt.Fprintf(w, `{"success":true,"data":%s}`, page(off))
			}))
			defer srv.Close()
			c, err := pindown.NewClient("pk_test_upsert", pindown.WithBaseURL(srv.URL), pindown.WithoutRateLimits())
			require.NoError(t, err)
			_, err = c.Pins.Upsert(context.Background(), "k", statReq("T", "1"))
			require.ErrorIs(t, err, pindown.ErrServer)
			require.Less(t, requests, 20)
		})
	}
}

// pageOf is a full list page of fresh pins from offset, with a total that
// grows with it.
func pageOf(offset int) string {
	items := make([]string, 100)
	for i := range items {
		items[i] = fmt.Sprintf(`{"id":"p-%d","title":"x"}`, offset+i)
	}
	total := ""
	if offset > 0 {
		total = fmt.Sprintf(`,"total":%d`, offset+150)
	}
	return `{"items":[` + strings.Join(items, ",") + `]` + total + `}`
}
