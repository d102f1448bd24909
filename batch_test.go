package pindown_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// quickRetry makes a fault's response ask for a 1 ms wait, so that a retried
// chunk does not sleep the default backoff.
var quickRetry = http.Header{"Retry-After": {"0.001"}}

func ceilDiv(n, k int) int { return (n + k - 1) / k }

// batchReqs returns n create requests titled "pin 0000", "pin 0001", … whose
// configs also carry the index: a stat-cards, a markdown or no config.
func batchReqs(n int) []*pindown.CreatePinRequest {
	reqs := make([]*pindown.CreatePinRequest, n)
	for i := range reqs {
		reqs[i] = &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: fmt.Sprintf("pin %04d", i)}}
		switch i % 3 {
		case 0:
			reqs[i].Config = &pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "Index", Value: fmt.Sprint(i)}}}
		case 1:
			reqs[i].Config = &pintypes.Markdown{Content: fmt.Sprintf("# Pin %d", i)}
		}
	}
	return reqs
}

// sentTo returns the bodies of the recorded attempts of method on path
// (below /v1).
func sentTo(rec *recorder, method, path string) [][]byte {
	var out [][]byte
	for _, r := range rec.requests() {
		if r.Method == method && r.Path == "/v1"+path {
			out = append(out, r.Body)
		}
	}
	return out
}

// sentCreateTitles decodes recorded batch create bodies into the titles
// they carried, chunk by chunk.
func sentCreateTitles(t *testing.T, bodies [][]byte) [][]string {
	t.Helper()
	var out [][]string
	for _, b := range bodies {
		var body struct {
			Pins []struct {
				Metadata struct {
					Title string `json:"title"`
				} `json:"metadata"`
			} `json:"pins"`
		}
		require.NoError(t, json.Unmarshal(b, &body))
		var titles []string
		for _, p := range body.Pins {
			titles = append(titles, p.Metadata.Title)
		}
		out = append(out, titles)
	}
	return out
}

// sentIDs decodes recorded batch get/delete ({"pin_ids"}) or update
// ({"updates":[{"id"}]}) bodies into their ids, chunk by chunk.
func sentIDs(t *testing.T, bodies [][]byte) [][]string {
	t.Helper()
	var out [][]string
	for _, b := range bodies {
		var body struct {
			PinIDs  []string `json:"pin_ids"`
			Updates []struct {
				ID string `json:"id"`
			} `json:"updates"`
		}
		require.NoError(t, json.Unmarshal(b, &body))
		ids := body.PinIDs
		for _, u := range body.Updates {
			ids = append(ids, u.ID)
		}
		out = append(out, ids)
	}
	return out
}

func chunkSizes(chunks [][]string) []int {
	var out []int
	for _, c := range chunks {
		out = append(out, len(c))
	}
	return out
}

// wantChunks is the chunk sizes of n items k at a time.
func wantChunks(n, k int) []int {
	var out []int
	for n > 0 {
		out = append(out, min(n, k))
		n -= k
	}
	return out
}

// createdIDs returns the ids of a batch's created pins; every item must have succeeded.
func createdIDs(t *testing.T, res *pindown.BatchResult[*pindown.Pin]) []string {
	t.Helper()
	out := make([]string, len(res.Items))
	for i, it := range res.Items {
		require.NoError(t, it.Err, "item %d", i)
		out[i] = it.Value.ID
	}
	return out
}

// TestBatchSizes runs the four batch operations on 0 to 1,234 items and
// checks that results align with inputs, that requests are chunked 50 (100
// for get) at a time in input order, and that the server ends up with what
// the client reported.
func TestBatchSizes(t *testing.T) {
	for _, n := range []int{0, 1, 50, 51, 100, 101, 1234} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			rec, withRec := withRecorder()
			srv, c := newClient(t, nil, pindown.WithoutRateLimits(), withRec)
			reqs := batchReqs(n)

			// Create.
			res, err := c.Pins.BatchCreate(ctx, reqs)
			require.NoError(t, err)
			require.NoError(t, res.Err())
			require.Len(t, res.Items, n)
			ids := createdIDs(t, res)
			seen := map[string]bool{}
			for i, it := range res.Items {
				p := it.Value
				require.Equal(t, reqs[i].Metadata.Title, p.Metadata.Title, "item %d", i)
				require.True(t, strings.HasPrefix(p.ID, "p-"), p.ID)
				require.False(t, seen[p.ID], "duplicate id %s", p.ID)
				seen[p.ID] = true
				require.True(t, pintypes.Equal(reqs[i].Config, p.Config), "item %d", i)
				require.False(t, p.CreatedAt.IsZero())
			}
			require.Len(t, res.Succeeded(), n)
			st := srv.Stats()
			require.Equal(t, ceilDiv(n, 50), st.Requests[pindowntest.RouteBatchCreate])
			require.Equal(t, n, st.Pins)
			chunks := sentCreateTitles(t, sentTo(rec, "POST", "/pins/batch"))
			require.Equal(t, wantChunks(n, 50), chunkSizes(chunks))
			var sentTitles []string
			for _, ch := range chunks {
				sentTitles = append(sentTitles, ch...)
			}
			for i, title := range sentTitles {
				require.Equal(t, reqs[i].Metadata.Title, title, "chunks keep input order")
			}

			// Get: ask in reverse order, with repeats; Found follows the
			// request order and each pin comes once.
			ask := slices.Clone(ids)
			slices.Reverse(ask)
			ask = append(ask, ids[:min(n, 7)]...)
			got, err := c.Pins.BatchGet(ctx, ask)
			require.NoError(t, err)
			require.Empty(t, got.NotFound)
			require.Empty(t, got.PermissionDenied)
			require.Len(t, got.Found, n)
			for j, p := range got.Found {
				i := n - 1 - j
				require.Equal(t, ids[i], p.ID)
				require.Equal(t, reqs[i].Metadata.Title, p.Metadata.Title)
				if reqs[i].Config != nil {
					require.True(t, pintypes.Equal(reqs[i].Config, p.Config), "pin %d", i)
				}
			}
			require.Equal(t, ceilDiv(n, 100), srv.Stats().Requests[pindowntest.RouteBatchGet], "de-duplicated ids, 100 per request")
			getChunks := sentIDs(t, sentTo(rec, "POST", "/pins/batch/get"))
			require.Equal(t, wantChunks(n, 100), chunkSizes(getChunks))

			// Update every pin's title.
			items := make([]*pindown.BatchUpdateItem, n)
			for i, id := range ids {
				items[i] = &pindown.BatchUpdateItem{ID: id, UpdatePinRequest: pindown.UpdatePinRequest{Title: pindown.Ptr(fmt.Sprintf("updated %04d", i))}}
			}
			upd, err := c.Pins.BatchUpdate(ctx, items)
			require.NoError(t, err)
			require.NoError(t, upd.Err())
			require.Len(t, upd.Items, n)
			for i, it := range upd.Items {
				require.Equal(t, ids[i], it.Value)
			}
			require.Equal(t, ceilDiv(n, 50), srv.Stats().Requests[pindowntest.RouteBatchUpdate])
			require.Equal(t, wantChunks(n, 50), chunkSizes(sentIDs(t, sentTo(rec, "PATCH", "/pins/batch"))))
			got, err = c.Pins.BatchGet(ctx, ids)
			require.NoError(t, err)
			require.Len(t, got.Found, n)
			for i, p := range got.Found {
				require.Equal(t, ids[i], p.ID)
				require.Equal(t, fmt.Sprintf("updated %04d", i), p.Metadata.Title)
			}

			// Delete them all.
			del, err := c.Pins.BatchDelete(ctx, ids)
			require.NoError(t, err)
			require.NoError(t, del.Err())
			require.Len(t, del.Items, n)
			for i, it := range del.Items {
				require.Equal(t, ids[i], it.Value)
			}
			st = srv.Stats()
			require.Equal(t, ceilDiv(n, 50), st.Requests[pindowntest.RouteBatchDelete])
			require.Zero(t, st.Pins)
			require.Empty(t, st.RateLimited)
			delChunks := sentIDs(t, sentTo(rec, "DELETE", "/pins/batch"))
			require.Equal(t, wantChunks(n, 50), chunkSizes(delChunks))
			require.True(t, slices.Equal(ids, slices.Concat(delChunks...)), "each id once, in input order")
		})
	}
}

func TestBatchGetFoundNotFoundAndBadIDs(t *testing.T) {
	srv, c := newClient(t, nil)
	mine, err := c.Pins.CreateMarkdown(ctx, "mine", pintypes.Markdown{Content: "a"})
	require.NoError(t, err)
	other, err := pindown.NewClient(srv.NewKey(), pindown.WithBaseURL(srv.URL))
	require.NoError(t, err)
	private, err := other.Pins.CreateMarkdown(ctx, "theirs", pintypes.Markdown{})
	require.NoError(t, err)
	public, err := other.Pins.CreateMarkdown(ctx, "theirs, public", pintypes.Markdown{Content: "b"}, pindown.WithPublic(true))
	require.NoError(t, err)

	res, err := c.Pins.BatchGet(ctx, []string{public.ID, "p-doesnotexist", private.ID, mine.ID, public.ID})
	require.NoError(t, err)
	var found []string
	for _, p := range res.Found {
		found = append(found, p.ID)
	}
	require.Equal(t, []string{public.ID, mine.ID}, found)
	require.ElementsMatch(t, []string{"p-doesnotexist", private.ID}, append(res.NotFound, res.PermissionDenied...),
		"another owner's private pin is reported, not returned")
	require.True(t, pintypes.Equal(&pintypes.Markdown{Content: "b"}, res.Found[0].Config))
	require.Equal(t, 1, srv.Stats().Requests[pindowntest.RouteBatchGet])

	for _, bad := range []string{"", "..", "a/b"} {
		_, err := c.Pins.BatchGet(ctx, []string{mine.ID, bad})
		require.ErrorIs(t, err, pindown.ErrInvalidRequest)
		require.ErrorContains(t, err, "ids[1]")
	}
	require.Equal(t, 1, srv.Stats().Requests[pindowntest.RouteBatchGet], "a bad id costs no request")
}

// Invalid items fail alone, with an error naming the field, and are not
// sent; the valid ones, in both chunks, are created.
func TestBatchCreateMixedValidAndInvalid(t *testing.T) {
	rec, withRec := withRecorder()
	srv, c := newClient(t, nil, withRec)
	reqs := batchReqs(60)
	bad := map[int]struct {
		req   *pindown.CreatePinRequest
		field string
		is    error
	}{
		3:  {&pindown.CreatePinRequest{Config: &pintypes.Markdown{Content: "no title"}}, "metadata.title", pindown.ErrInvalidRequest},
		17: {&pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: "bad layout"}, Layout: "5x5"}, "pin_layout", pindown.ErrInvalidRequest},
		42: {&pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: "bad config"}, Config: &pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "Users"}}}}, "cards[0].value", pindown.ErrInvalidConfig},
		51: {&pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: "bad invite"}, Invites: map[string]pindown.Role{"ops@example.com": "owner"}}, "pending_invites", pindown.ErrInvalidRequest},
		55: {nil, "CreatePinRequest: nil", pindown.ErrInvalidRequest},
	}
	for i, b := range bad {
		reqs[i] = b.req
	}

	res, err := c.Pins.BatchCreate(ctx, reqs)
	require.NoError(t, err, "per-item failures are not a Go error")
	require.Len(t, res.Items, 60)
	var valid []string
	for i, it := range res.Items {
		if b, ok := bad[i]; ok {
			require.ErrorIs(t, it.Err, b.is, "item %d", i)
			require.ErrorIs(t, it.Err, pindown.ErrInvalidRequest, "item %d", i)
			require.ErrorContains(t, it.Err, b.field, "item %d", i)
			require.NotErrorIs(t, it.Err, pindown.ErrNotSent)
			require.Nil(t, it.Value)
			continue
		}
		require.NoError(t, it.Err, "item %d", i)
		require.Equal(t, reqs[i].Metadata.Title, it.Value.Metadata.Title)
		valid = append(valid, reqs[i].Metadata.Title)
	}
	require.Len(t, res.Succeeded(), 55)

	joined := res.Err()
	require.Error(t, joined)
	require.ErrorIs(t, joined, pindown.ErrInvalidConfig)
	require.ErrorContains(t, joined, fmt.Sprintf("%d of %d items failed", len(bad), len(reqs)))
	for _, it := range res.Items {
		if it.Err != nil {
			require.ErrorContains(t, joined, it.Err.Error()[:min(len(it.Err.Error()), 60)], "every kind of failure is named")
		}
	}
	require.Less(t, len(joined.Error()), 4000, "a summary, not one line per item: %v", joined)

	st := srv.Stats()
	require.Equal(t, 55, st.Pins)
	require.Equal(t, 2, st.Requests[pindowntest.RouteBatchCreate], "55 valid items: 50 + 5")
	chunks := sentCreateTitles(t, sentTo(rec, "POST", "/pins/batch"))
	require.Equal(t, []int{50, 5}, chunkSizes(chunks))
	require.Equal(t, valid, slices.Concat(chunks...), "exactly the valid items were sent, in order")
	for _, b := range sentTo(rec, "POST", "/pins/batch") {
		require.NotContains(t, string(b), "5x5")
		require.NotContains(t, string(b), "no title")
		require.NotContains(t, string(b), "ops@example.com")
	}

	// All invalid: nothing is sent at all.
	res, err = c.Pins.BatchCreate(ctx, []*pindown.CreatePinRequest{nil, {}})
	require.NoError(t, err)
	require.Error(t, res.Err())
	require.Equal(t, 2, srv.Stats().Requests[pindowntest.RouteBatchCreate])
}

// A 200 response with per-item failures: each lands on its item (by its index
// in the chunk, not in the input), an item the response does not mention is a
// failure too, and none of it is a Go error.
func TestBatchCreateServerItemFailures(t *testing.T) {
	sent := make(chan int, 10) // items per request
	url := newHTTPServer(t, func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Pins []json.RawMessage `json:"pins"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		sent <- len(body.Pins)
		// Chunk index 0 created, 1 failed, 2 not reported at all.
		fmt.Fprint(w, `{"success":true,"data":{"created":[{"id":"p-aaaaaaaaaaaa","index":0,"created_at":1730472600000}],`+
			`"failed":[{"index":1,"error":"metadata.title: too long"}]}}`)
	})
	c, err := pindown.NewClient("k", pindown.WithBaseURL(url))
	require.NoError(t, err)
	res, err := c.Pins.BatchCreate(ctx, []*pindown.CreatePinRequest{
		{Metadata: pindown.Metadata{Title: ""}}, // client-side failure
		{Metadata: pindown.Metadata{Title: "a"}},
		{Metadata: pindown.Metadata{Title: "b"}},
		{Metadata: pindown.Metadata{Title: "c"}},
	})
	require.NoError(t, err, "a 200 with failed items is not a Go error")
	require.Len(t, sent, 1)
	require.Equal(t, 3, <-sent, "the invalid item is not sent")
	require.ErrorContains(t, res.Items[0].Err, "metadata.title")
	require.NoError(t, res.Items[1].Err)
	require.Equal(t, "p-aaaaaaaaaaaa", res.Items[1].Value.ID)
	require.Equal(t, "a", res.Items[1].Value.Metadata.Title)
	require.Equal(t, time.UnixMilli(1730472600000).UTC(), res.Items[1].Value.CreatedAt.UTC())
	require.ErrorContains(t, res.Items[2].Err, "metadata.title: too long")
	require.ErrorIs(t, res.Items[2].Err, pindown.ErrInvalidRequest, "the server rejected it")
	require.NotErrorIs(t, res.Items[2].Err, pindown.ErrMaybeCreated)
	require.Nil(t, res.Items[2].Value)
	require.Error(t, res.Items[3].Err, "an item the response does not mention did not succeed")
	require.ErrorIs(t, res.Items[3].Err, pindown.ErrMaybeCreated, "nor is it known to have failed")
	require.Nil(t, res.Items[3].Value)

	joined := res.Err()
	for _, want := range []string{"(item 0)", "metadata.title: too long (item 2)", "(item 3)"} {
		require.ErrorContains(t, joined, want)
	}
	require.NotContains(t, joined.Error(), "(item 1)")
	require.Len(t, res.Succeeded(), 1)
}

func TestBatchUpdateMixedValidAndInvalid(t *testing.T) {
	rec, withRec := withRecorder()
	srv, c := newClient(t, nil, withRec)
	created, err := c.Pins.BatchCreate(ctx, batchReqs(4))
	require.NoError(t, err)
	ids := createdIDs(t, created)
	other, err := pindown.NewClient(srv.NewKey(), pindown.WithBaseURL(srv.URL))
	require.NoError(t, err)
	theirs, err := other.Pins.CreateMarkdown(ctx, "theirs", pintypes.Markdown{}, pindown.WithPublic(true))
	require.NoError(t, err)

	title := func(s string) pindown.UpdatePinRequest { return pindown.UpdatePinRequest{Title: pindown.Ptr(s)} }
	items := []*pindown.BatchUpdateItem{
		{ID: ids[0], UpdatePinRequest: title("zero")},
		{ID: "", UpdatePinRequest: title("empty id")},
		{ID: "a/b", UpdatePinRequest: title("slash id")},
		{ID: ids[1], UpdatePinRequest: pindown.UpdatePinRequest{Layout: "9x9"}},
		{ID: ids[2], UpdatePinRequest: pindown.UpdatePinRequest{Config: &pintypes.StatCards{}}},
		{ID: ids[3]}, // nothing to change
		nil,
		{ID: "p-doesnotexist", UpdatePinRequest: title("ghost")},
		{ID: theirs.ID, UpdatePinRequest: title("not mine")},
		{ID: ids[0], UpdatePinRequest: title("zero again")},
		{ID: ids[3], UpdatePinRequest: pindown.UpdatePinRequest{Layout: pindown.Layout3x3, Tags: []string{}}},
	}
	res, err := c.Pins.BatchUpdate(ctx, items)
	require.NoError(t, err)
	require.Len(t, res.Items, len(items))
	for _, tc := range []struct {
		i     int
		field string
		is    error
	}{
		{1, "id", pindown.ErrInvalidRequest},
		{2, "id", pindown.ErrInvalidRequest},
		{3, "pin_layout", pindown.ErrInvalidRequest},
		{4, "cards", pindown.ErrInvalidConfig},
		{5, "no field is set", pindown.ErrInvalidRequest},
		{6, "nil BatchUpdateItem", pindown.ErrInvalidRequest},
		{9, "item 0", pindown.ErrInvalidRequest},
	} {
		require.ErrorIs(t, res.Items[tc.i].Err, tc.is, "item %d", tc.i)
		require.ErrorContains(t, res.Items[tc.i].Err, tc.field, "item %d", tc.i)
	}
	require.ErrorContains(t, res.Items[9].Err, ids[0], "the duplicate names the pin")
	// Failures the server reported.
	require.ErrorContains(t, res.Items[7].Err, "p-doesnotexist")
	require.ErrorContains(t, res.Items[8].Err, "owner")
	for _, i := range []int{0, 10} {
		require.NoError(t, res.Items[i].Err, "item %d", i)
		require.Equal(t, items[i].ID, res.Items[i].Value)
	}
	require.Equal(t, []string{ids[0], ids[3]}, res.Succeeded())

	bodies := sentTo(rec, "PATCH", "/pins/batch")
	require.Len(t, bodies, 1)
	require.Equal(t, [][]string{{ids[0], "p-doesnotexist", theirs.ID, ids[3]}}, sentIDs(t, bodies),
		"invalid items and the second update of a pin are not sent")
	require.NotContains(t, string(bodies[0]), "zero again")

	got, err := c.Pins.BatchGet(ctx, []string{ids[0], ids[3], theirs.ID})
	require.NoError(t, err)
	require.Equal(t, "zero", got.Found[0].Metadata.Title)
	require.Equal(t, pindown.Layout3x3, got.Found[1].Layout)
	require.Equal(t, "theirs", got.Found[2].Metadata.Title)
}

func TestBatchDeleteDuplicatesBadIDsAndOthersPins(t *testing.T) {
	rec, withRec := withRecorder()
	srv, c := newClient(t, nil, withRec)
	created, err := c.Pins.BatchCreate(ctx, batchReqs(3))
	require.NoError(t, err)
	ids := createdIDs(t, created)
	other, err := pindown.NewClient(srv.NewKey(), pindown.WithBaseURL(srv.URL))
	require.NoError(t, err)
	private, err := other.Pins.CreateMarkdown(ctx, "private", pintypes.Markdown{})
	require.NoError(t, err)
	public, err := other.Pins.CreateMarkdown(ctx, "public", pintypes.Markdown{}, pindown.WithPublic(true))
	require.NoError(t, err)

	in := []string{ids[0], ids[1], ids[0], "", private.ID, "..", public.ID, ids[1], ids[2]}
	res, err := c.Pins.BatchDelete(ctx, in)
	require.NoError(t, err)
	require.Len(t, res.Items, len(in))
	for _, i := range []int{0, 1, 2, 7, 8} {
		require.NoError(t, res.Items[i].Err, "item %d", i)
		require.Equal(t, in[i], res.Items[i].Value, "item %d", i)
	}
	for _, i := range []int{3, 5} {
		require.ErrorIs(t, res.Items[i].Err, pindown.ErrInvalidRequest)
		require.ErrorContains(t, res.Items[i].Err, "id")
	}
	require.ErrorContains(t, res.Items[4].Err, private.ID, "another owner's private pin: not found")
	require.ErrorIs(t, res.Items[4].Err, pindown.ErrNotFound)
	require.NotErrorIs(t, res.Items[4].Err, pindown.ErrInvalidRequest)
	require.ErrorContains(t, res.Items[6].Err, "owner", "another owner's public pin: forbidden")
	require.ErrorIs(t, res.Items[6].Err, pindown.ErrForbidden)
	require.NotErrorIs(t, res.Items[6].Err, pindown.ErrNotFound)
	err = res.Err()
	for _, i := range []int{3, 4, 5, 6} {
		require.ErrorContains(t, err, fmt.Sprintf("(item %d)", i))
	}

	bodies := sentTo(rec, "DELETE", "/pins/batch")
	require.Equal(t, [][]string{{ids[0], ids[1], private.ID, public.ID, ids[2]}}, sentIDs(t, bodies), "each id is sent once")
	require.Equal(t, 2, srv.Stats().Pins, "only the other owner's two pins are left")
}

// A chunk responded 500: batch get, update and delete retry it and succeed;
// batch create does not, marks the chunk's items as maybe created and the
// later chunks' items as not sent.
func TestBatchChunkFailsWith500(t *testing.T) {
	t.Run("create", func(t *testing.T) {
		srv, c := newClient(t, nil)
		srv.Inject(pindowntest.RouteBatchCreate, pindowntest.Fault{})            // chunk 1 passes
		srv.Inject(pindowntest.RouteBatchCreate, pindowntest.Fault{Status: 500}) // chunk 2 fails
		reqs := batchReqs(130)
		reqs[120] = &pindown.CreatePinRequest{} // invalid, in the chunk never sent
		res, err := c.Pins.BatchCreate(ctx, reqs)
		require.Error(t, err)
		require.ErrorIs(t, err, pindown.ErrServer)
		require.ErrorIs(t, err, pindown.ErrMaybeCreated)
		require.Len(t, res.Items, 130)
		for i, it := range res.Items {
			switch {
			case i < 50:
				require.NoError(t, it.Err, "item %d", i)
				require.Equal(t, reqs[i].Metadata.Title, it.Value.Metadata.Title)
			case i < 100:
				require.ErrorIs(t, it.Err, pindown.ErrMaybeCreated, "item %d", i)
				require.ErrorIs(t, it.Err, pindown.ErrServer, "item %d", i)
				require.NotErrorIs(t, it.Err, pindown.ErrNotSent, "item %d", i)
				var apiErr *pindown.APIError
				require.ErrorAs(t, it.Err, &apiErr)
				require.Equal(t, 500, apiErr.StatusCode)
			case i == 120:
				require.ErrorIs(t, it.Err, pindown.ErrInvalidRequest, "its own error, not ErrNotSent")
				require.NotErrorIs(t, it.Err, pindown.ErrNotSent)
			default:
				require.ErrorIs(t, it.Err, pindown.ErrNotSent, "item %d", i)
				require.NotErrorIs(t, it.Err, pindown.ErrMaybeCreated, "item %d was never sent", i)
				require.NotErrorIs(t, it.Err, pindown.ErrServer, "item %d was never sent", i)
			}
			if it.Err != nil {
				require.Nil(t, it.Value)
			}
		}
		require.Len(t, res.Succeeded(), 50)
		st := srv.Stats()
		require.Equal(t, 2, st.Requests[pindowntest.RouteBatchCreate], "chunk 2 not retried, chunk 3 not sent")
		require.Equal(t, 50, st.Pins)
	})

	t.Run("create after processing", func(t *testing.T) {
		rec, withRec := withRecorder()
		srv, c := newClient(t, nil, withRec)
		srv.Inject(pindowntest.RouteBatchCreate, pindowntest.Fault{Status: 500, AfterProcessing: true})
		res, err := c.Pins.BatchCreate(ctx, batchReqs(10))
		require.ErrorIs(t, err, pindown.ErrMaybeCreated)
		for i, it := range res.Items {
			require.ErrorIs(t, it.Err, pindown.ErrMaybeCreated, "item %d", i)
		}
		require.Equal(t, 10, srv.Stats().Pins, "the pins exist although the client got an error")
		require.Len(t, sentTo(rec, "POST", "/pins/batch"), 1, "the chunk was sent once")
		require.Equal(t, 1, srv.Stats().Requests[pindowntest.RouteBatchCreate])
	})

	for _, tc := range []struct {
		name   string
		route  pindowntest.Route
		chunks int
		run    func(c *pindown.Client, ids []string) error
	}{
		{"get", pindowntest.RouteBatchGet, 2, func(c *pindown.Client, ids []string) error {
			res, err := c.Pins.BatchGet(ctx, ids)
			if err == nil && len(res.Found) != len(ids) {
				err = fmt.Errorf("found %d of %d", len(res.Found), len(ids))
			}
			return err
		}},
		{"update", pindowntest.RouteBatchUpdate, 3, func(c *pindown.Client, ids []string) error {
			items := make([]*pindown.BatchUpdateItem, len(ids))
			for i, id := range ids {
				items[i] = &pindown.BatchUpdateItem{ID: id, UpdatePinRequest: pindown.UpdatePinRequest{Description: pindown.Ptr("retried")}}
			}
			res, err := c.Pins.BatchUpdate(ctx, items)
			if err == nil {
				err = res.Err()
			}
			return err
		}},
		{"delete", pindowntest.RouteBatchDelete, 3, func(c *pindown.Client, ids []string) error {
			res, err := c.Pins.BatchDelete(ctx, ids)
			if err == nil {
				err = res.Err()
			}
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, c := newClient(t, nil)
			created, err := c.Pins.BatchCreate(ctx, batchReqs(120))
			require.NoError(t, err)
			ids := createdIDs(t, created)
			srv.Inject(tc.route, pindowntest.Fault{})                                // chunk 1 passes
			srv.Inject(tc.route, pindowntest.Fault{Status: 500, Header: quickRetry}) // chunk 2 fails once
			require.NoError(t, tc.run(c, ids))
			require.Equal(t, tc.chunks+1, srv.Stats().Requests[tc.route], "one retry")
		})
	}
}

// cancelWhenRequested calls cancel as soon as the server has seen n requests
// of route (the n-th is then in the server's hands).
func cancelWhenRequested(t *testing.T, srv *pindowntest.Server, route pindowntest.Route, n int, cancel func()) {
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for srv.Stats().Requests[route] < n {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
		cancel()
	}()
	t.Cleanup(func() { close(stop); <-done })
}

// Cancelling while chunk 2 is in flight: chunk 1's items carry their
// results, chunk 2's the cancellation (for a create, "maybe created"), and
// exactly the later items are marked not sent.
func TestBatchCancelledWhileChunkInFlight(t *testing.T) {
	t.Run("create", func(t *testing.T) {
		srv, c := newClient(t, nil)
		srv.Inject(pindowntest.RouteBatchCreate, pindowntest.Fault{})
		srv.Inject(pindowntest.RouteBatchCreate, pindowntest.Fault{Delay: 20 * time.Second}) // ended by cancel, or by Close
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		cancelWhenRequested(t, srv, pindowntest.RouteBatchCreate, 2, cancel)

		reqs := batchReqs(125)
		start := time.Now()
		res, err := c.Pins.BatchCreate(cctx, reqs)
		require.Less(t, time.Since(start), 10*time.Second, "returns promptly on cancel")
		require.ErrorIs(t, err, context.Canceled)
		for i, it := range res.Items {
			switch {
			case i < 50:
				require.NoError(t, it.Err, "item %d", i)
				require.Equal(t, reqs[i].Metadata.Title, it.Value.Metadata.Title)
			case i < 100:
				require.ErrorIs(t, it.Err, context.Canceled, "item %d", i)
				require.ErrorIs(t, it.Err, pindown.ErrMaybeCreated, "item %d was in flight", i)
				require.NotErrorIs(t, it.Err, pindown.ErrNotSent, "item %d", i)
			default:
				require.ErrorIs(t, it.Err, pindown.ErrNotSent, "item %d", i)
				require.ErrorIs(t, it.Err, context.Canceled, "item %d", i)
				require.NotErrorIs(t, it.Err, pindown.ErrMaybeCreated, "item %d", i)
			}
		}
		st := srv.Stats()
		require.Equal(t, 2, st.Requests[pindowntest.RouteBatchCreate])
		require.Equal(t, 50, st.Pins)
	})

	t.Run("delete", func(t *testing.T) {
		srv, c := newClient(t, nil)
		created, err := c.Pins.BatchCreate(ctx, batchReqs(160))
		require.NoError(t, err)
		ids := createdIDs(t, created)
		srv.Inject(pindowntest.RouteBatchDelete, pindowntest.Fault{})
		srv.Inject(pindowntest.RouteBatchDelete, pindowntest.Fault{Delay: 20 * time.Second})
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		cancelWhenRequested(t, srv, pindowntest.RouteBatchDelete, 2, cancel)

		res, err := c.Pins.BatchDelete(cctx, ids)
		require.ErrorIs(t, err, context.Canceled)
		for i, it := range res.Items {
			switch {
			case i < 50:
				require.NoError(t, it.Err, "item %d", i)
				require.Equal(t, ids[i], it.Value)
			case i < 100:
				require.ErrorIs(t, it.Err, context.Canceled, "item %d", i)
				require.NotErrorIs(t, it.Err, pindown.ErrNotSent, "item %d was sent", i)
			default:
				require.ErrorIs(t, it.Err, pindown.ErrNotSent, "item %d", i)
				require.ErrorIs(t, it.Err, context.Canceled, "item %d", i)
			}
			if it.Err != nil {
				require.Empty(t, it.Value)
			}
		}
		require.Equal(t, 110, srv.Stats().Pins)
		require.Equal(t, 2, srv.Stats().Requests[pindowntest.RouteBatchDelete])
	})
}

// Cancelling while chunk 3 waits for the rate budget: chunks 1 and 2 are
// done, exactly the items from chunk 3 on are marked not sent, and nothing
// of them reached the server.
func TestBatchCancelledWhileWaitingForBudget(t *testing.T) {
	srv := pindowntest.NewServer()
	defer srv.Close()
	key := srv.NewKey()
	setup, err := pindown.NewClient(key, pindown.WithBaseURL(srv.URL), pindown.WithoutRateLimits())
	require.NoError(t, err)
	created, err := setup.Pins.BatchCreate(ctx, batchReqs(140))
	require.NoError(t, err)
	ids := createdIDs(t, created)

	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var events []pindown.RetryEvent
	c, err := pindown.NewClient(key, pindown.WithBaseURL(srv.URL),
		pindown.WithRateLimits(pindown.RateLimits{Write: 2, Window: time.Hour}), pindown.WithMaxWait(2*time.Hour),
		pindown.WithRetryHook(func(ev pindown.RetryEvent) {
			events = append(events, ev)
			cancel() // the third chunk would wait an hour
		}))
	require.NoError(t, err)

	items := make([]*pindown.BatchUpdateItem, len(ids))
	for i, id := range ids {
		items[i] = &pindown.BatchUpdateItem{ID: id, UpdatePinRequest: pindown.UpdatePinRequest{Title: pindown.Ptr(fmt.Sprintf("new %d", i))}}
	}
	items[120].ID = "" // invalid, in the chunk never sent: keeps its own error
	start := time.Now()
	res, err := c.Pins.BatchUpdate(cctx, items)
	require.Less(t, time.Since(start), 10*time.Second)
	require.ErrorIs(t, err, context.Canceled)
	require.Len(t, events, 1)
	require.Equal(t, "pacing", events[0].Reason)
	require.Equal(t, pindown.BucketWrite, events[0].Bucket)
	for i, it := range res.Items {
		switch {
		case i < 100:
			require.NoError(t, it.Err, "item %d", i)
			require.Equal(t, ids[i], it.Value)
		case i == 120:
			require.ErrorIs(t, it.Err, pindown.ErrInvalidRequest)
			require.NotErrorIs(t, it.Err, pindown.ErrNotSent)
		default:
			require.ErrorIs(t, it.Err, pindown.ErrNotSent, "item %d", i)
			require.ErrorIs(t, it.Err, context.Canceled, "item %d", i)
			require.Empty(t, it.Value)
		}
	}
	require.Equal(t, 2, srv.Stats().Requests[pindowntest.RouteBatchUpdate])
	got, err := setup.Pins.BatchGet(ctx, []string{ids[99], ids[100]})
	require.NoError(t, err)
	require.Equal(t, "new 99", got.Found[0].Metadata.Title)
	require.Equal(t, "pin 0100", got.Found[1].Metadata.Title)
}

// The API reports a batch item's failure as a message; its words decide
// which sentinel it matches.
func TestBatchItemFailureSentinels(t *testing.T) {
	for _, tc := range []struct {
		msg  string
		want []error // matched; the other sentinels are not
	}{
		{"metadata.title is required", []error{pindown.ErrInvalidRequest}},
		{"owner_id: invalid", []error{pindown.ErrInvalidRequest}},
		{"Invalid pin_config for pin_type \"table\" at columns", []error{pindown.ErrInvalidRequest, pindown.ErrInvalidConfig}},
		{"pin_type \"gauge\" not found", []error{pindown.ErrInvalidRequest, pindown.ErrInvalidConfig}},
		{"Pin not found", []error{pindown.ErrNotFound}},
		{"pin \"p-1\" not found", []error{pindown.ErrNotFound}},
		{"Permission denied", []error{pindown.ErrForbidden}},
		{"Access denied", []error{pindown.ErrForbidden}},
		{"Only the owner can delete this pin", []error{pindown.ErrForbidden}},
		{"Forbidden", []error{pindown.ErrForbidden}},
		{"Internal error", []error{pindown.ErrServer}},
		{"upstream timeout", []error{pindown.ErrServer}},
		{"quota reached", nil},
	} {
		t.Run(tc.msg, func(t *testing.T) {
			url := newHTTPServer(t, func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprintf(w, `{"success":true,"data":{"deleted":[],"failed":[{"id":"p-1","error":%q}]}}`, tc.msg)
			})
			c, err := pindown.NewClient("k", pindown.WithBaseURL(url))
			require.NoError(t, err)
			res, err := c.Pins.BatchDelete(ctx, []string{"p-1"})
			require.NoError(t, err)
			got := res.Items[0].Err
			require.ErrorContains(t, got, tc.msg)
			for _, sentinel := range []error{pindown.ErrInvalidRequest, pindown.ErrInvalidConfig, pindown.ErrNotFound, pindown.ErrForbidden, pindown.ErrServer} {
				require.Equal(t, slices.Contains(tc.want, sentinel), errors.Is(got, sentinel), "errors.Is(%v, %v)", got, sentinel)
			}
		})
	}
}

// An item the response of a batch update or delete does not mention is a
// server error, not a success.
func TestBatchDeleteItemNotReported(t *testing.T) {
	url := newHTTPServer(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"success":true,"data":{"deleted":["p-1"],"failed":[]}}`)
	})
	c, err := pindown.NewClient("k", pindown.WithBaseURL(url))
	require.NoError(t, err)
	res, err := c.Pins.BatchDelete(ctx, []string{"p-1", "p-2"})
	require.NoError(t, err)
	require.NoError(t, res.Items[0].Err)
	require.ErrorIs(t, res.Items[1].Err, pindown.ErrServer)
	require.NotErrorIs(t, res.Items[1].Err, pindown.ErrInvalidRequest)
}

// tooLargeServer responds to a batch create with 413 when it holds more than limit
// pins or one titled "huge", and records the number of pins per request.
func tooLargeServer(t *testing.T, limit int) (url string, sizes *[]int) {
	sizes = new([]int)
	var mu sync.Mutex
	url = newHTTPServer(t, func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Pins []struct{ Metadata pindown.Metadata } `json:"pins"`
		}
		require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		mu.Lock()
		*sizes = append(*sizes, len(body.Pins))
		mu.Unlock()
		huge := slices.ContainsFunc(body.Pins, func(p struct{ Metadata pindown.Metadata }) bool { return p.Metadata.Title == "huge" })
		if len(body.Pins) > limit || huge {
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			fmt.Fprint(w, `{"success":false,"error":{"code":"PAYLOAD_TOO_LARGE","message":"request body too large"}}`)
			return
		}
		var created []string
		for i := range body.Pins {
			created = append(created, fmt.Sprintf(`{"id":"p-%d","index":%d}`, i, i))
		}
		fmt.Fprintf(w, `{"success":true,"data":{"created":[%s],"failed":[]}}`, strings.Join(created, ","))
	})
	return url, sizes
}

// A chunk the server finds too large (413) is sent again as halves; the
// chunks grow back, but not to a size that was too large; an item too large
// alone fails alone, and a third in a row ends the batch.
func TestBatchCreateSplitsChunksTooLarge(t *testing.T) {
	for _, tc := range []struct {
		name      string
		limit     int   // pins per request the server takes
		huge      []int // items too large alone
		items     int
		wantSizes []int // pins per request
		wantErr   bool
	}{
		{"limit 12", 12, nil, 100, []int{50, 25, 13, 7, 12, 12, 12, 12, 12, 12, 12, 9}, false},
		{"one huge item first", 50, []int{0}, 120, []int{50, 25, 13, 7, 4, 2, 1, 1, 2, 4, 8, 16, 32, 50, 6}, false},
		// Each huge item is found by halving, and the sizes grow back after it.
		{"huge items apart", 50, []int{3, 60}, 70, []int{50, 25, 13, 7, 4, 2, 3, 2, 1, 1, 1, 2, 4, 8, 16, 32, 16, 19, 10, 5, 9, 5, 3, 4, 2, 1, 1, 1, 2, 4, 2}, false},
		{"every body too large", 0, nil, 100, []int{50, 25, 13, 7, 4, 2, 1, 1, 1}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url, sizes := tooLargeServer(t, tc.limit)
			c, err := pindown.NewClient("k", pindown.WithBaseURL(url), pindown.WithoutRateLimits())
			require.NoError(t, err)
			reqs := make([]*pindown.CreatePinRequest, tc.items)
			for i := range reqs {
				reqs[i] = &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: fmt.Sprint(i)}}
			}
			for _, i := range tc.huge {
				reqs[i].Metadata.Title = "huge"
			}
			res, err := c.Pins.BatchCreate(ctx, reqs)
			require.Equal(t, tc.wantSizes, *sizes)
			if tc.wantErr {
				require.Error(t, err)
				require.ErrorIs(t, res.Items[3].Err, pindown.ErrNotSent)
				return
			}
			require.NoError(t, err)
			for i, it := range res.Items {
				if !slices.Contains(tc.huge, i) {
					require.NoError(t, it.Err, "item %d", i)
					continue
				}
				var apiErr *pindown.APIError
				require.ErrorAs(t, it.Err, &apiErr)
				require.Equal(t, http.StatusRequestEntityTooLarge, apiErr.StatusCode)
				require.NotErrorIs(t, it.Err, pindown.ErrMaybeCreated, "a 413 processed nothing")
			}
		})
	}
}
