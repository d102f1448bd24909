package pindown_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// Every pinboard method against every error class.
func TestPinboardErrorClasses(t *testing.T) { testErrorClasses(t, "pinboard ") }

// TestPinboardLifecycle runs every pinboard method against pindowntest, in
// its newest and its legacy forms.
func TestPinboardLifecycle(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		t.Run(map[bool]string{false: "newest", true: "legacy"}[legacy], func(t *testing.T) {
			var srvOpts []pindowntest.Option
			if legacy {
				srvOpts = append(srvOpts, pindowntest.WithLegacyForms())
			}
			srv := pindowntest.NewServer(srvOpts...)
			t.Cleanup(srv.Close)
			key := srv.NewKey()
			c, err := pindown.NewClient(key, pindown.WithBaseURL(srv.URL), pindown.WithoutRateLimits())
			require.NoError(t, err)
			var pins []string
			for i := range 3 {
				p, err := c.Pins.CreateMarkdown(ctx, fmt.Sprint("pin ", i), pintypes.Markdown{Content: "x"})
				require.NoError(t, err)
				pins = append(pins, p.ID)
			}
			b, err := c.Pinboards.Create(ctx, &pindown.CreatePinboardRequest{Title: "Ops", Description: "d", Tags: []string{"ops"}})
			require.NoError(t, err)
			require.True(t, strings.HasPrefix(b.ID, "pb-"), b.ID)
			require.Equal(t, "Ops", b.Title)
			require.Equal(t, "d", b.Description)
			require.Equal(t, []string{"ops"}, b.Tags)
			require.Empty(t, b.Pins)
			require.NotNil(t, b.Layout)
			require.Equal(t, "https://pindown.ai/share/pinboard/"+b.ID, b.ShareableURL)
			require.WithinDuration(t, time.Now(), b.CreatedAt, time.Minute)
			require.Equal(t, srv.UserID(key), b.OwnerID)

			require.NoError(t, c.Pinboards.AddPin(ctx, b.ID, pins[0], &pindown.Position{X: 0, Y: 0, W: 2, H: 1}))
			require.NoError(t, c.Pinboards.AddPin(ctx, b.ID, pins[0], nil), "a second add is harmless")
			require.NoError(t, c.Pinboards.AddPin(ctx, b.ID, pins[1], nil))
			require.NoError(t, c.Pinboards.UpdateLayout(ctx, b.ID, &pindown.UpdateLayoutRequest{
				MobileLayout: pindown.BoardLayout{pins[0]: {X: 0, Y: 1, W: 1, H: 1}, pins[1]: {W: 1, H: 2}},
			}))
			got, err := c.Pinboards.Get(ctx, b.ID)
			require.NoError(t, err)
			require.Equal(t, pins[:2], got.Pins)
			require.Equal(t, 2, got.PinCount)
			require.Equal(t, pindown.BoardLayout{pins[0]: {W: 2, H: 1}}, got.Layout, "the desktop map was not sent: kept")
			require.Equal(t, pindown.BoardLayout{pins[0]: {Y: 1, W: 1, H: 1}, pins[1]: {W: 1, H: 2}}, got.MobileLayout)
			require.Equal(t, b.CreatedAt, got.CreatedAt)

			require.NoError(t, c.Pinboards.UpdateLayout(ctx, b.ID, &pindown.UpdateLayoutRequest{Layout: pindown.BoardLayout{}}))
			got, err = c.Pinboards.Get(ctx, b.ID)
			require.NoError(t, err)
			require.Empty(t, got.Layout, "an empty map clears")
			require.Len(t, got.MobileLayout, 2)

			up, err := c.Pinboards.Update(ctx, b.ID, &pindown.UpdatePinboardRequest{Title: pindown.Ptr("Ops 2"), Tags: []string{}})
			require.NoError(t, err)
			require.Equal(t, b.ID, up.ID)
			require.False(t, up.UpdatedAt.IsZero())
			got, err = c.Pinboards.Get(ctx, b.ID)
			require.NoError(t, err)
			require.Equal(t, "Ops 2", got.Title)
			require.Empty(t, got.Tags)
			require.Equal(t, "d", got.Description)

			sh, err := c.Pinboards.Share(ctx, b.ID, &pindown.PinboardShareSettings{IsPublic: pindown.Ptr(true), AllowComments: pindown.Ptr(true)})
			require.NoError(t, err)
			require.Equal(t, &pindown.PinboardShareResult{ID: b.ID, IsPublic: true, AllowComments: true,
				URL: "https://pindown.ai/share/pinboard/" + b.ID}, sh)

			add, err := c.Pinboards.BatchAddPins(ctx, b.ID, []string{pins[2], "p-missing", pins[0], pins[2]})
			require.NoError(t, err)
			require.Equal(t, []string{pins[2], pins[0], pins[2]}, add.Succeeded(), "input order; an already placed pin is skipped, not failed")
			require.ErrorIs(t, add.Items[1].Err, pindown.ErrNotFound)
			require.ErrorContains(t, add.Err(), "1 of 4 items failed")

			bg, err := c.Pinboards.BatchGet(ctx, []string{"pb-missing", b.ID, b.ID})
			require.NoError(t, err)
			require.Len(t, bg.Found, 1)
			require.Equal(t, pins, bg.Found[0].Pins)
			require.Equal(t, []string{"pb-missing"}, bg.NotFound)

			rm, err := c.Pinboards.BatchRemovePins(ctx, b.ID, []string{pins[1], pins[1], "p-missing"})
			require.NoError(t, err)
			require.Equal(t, []string{pins[1], pins[1]}, rm.Succeeded())
			require.ErrorIs(t, rm.Items[2].Err, pindown.ErrNotFound)
			require.NoError(t, c.Pinboards.RemovePin(ctx, b.ID, pins[0]))
			require.ErrorIs(t, c.Pinboards.RemovePin(ctx, b.ID, pins[0]), pindown.ErrNotFound)
			got, err = c.Pinboards.Get(ctx, b.ID)
			require.NoError(t, err)
			require.Equal(t, pins[2:], got.Pins)
			require.Empty(t, got.MobileLayout, "removed pins leave the layouts")

			list, err := c.Pinboards.List(ctx, &pindown.ListOptions{Limit: 10})
			require.NoError(t, err)
			require.Len(t, list.Items, 1)
			require.Equal(t, 1, list.Total)
			require.Equal(t, "Ops 2", list.Items[0].Title)

			require.NoError(t, c.Pinboards.Delete(ctx, b.ID))
			require.ErrorIs(t, c.Pinboards.Delete(ctx, b.ID), pindown.ErrNotFound)
			require.Zero(t, srv.Stats().Pinboards)
			require.Equal(t, 3, srv.Stats().Pins, "deleting a board keeps its pins")
		})
	}
}

// TestPinboardListAllAndBatchChunks: ListAll pages through 120 boards;
// BatchGet of 120 ids takes two requests, BatchAddPins of 120 pins three,
// with one outcome per id in input order.
func TestPinboardListAllAndBatchChunks(t *testing.T) {
	srv, c := newClient(t, []pindowntest.Option{pindowntest.WithoutRateLimits()}, pindown.WithoutRateLimits())
	var boards []string
	for i := range 120 {
		b, err := c.Pinboards.Create(ctx, &pindown.CreatePinboardRequest{Title: fmt.Sprint("b", i)})
		require.NoError(t, err)
		boards = append(boards, b.ID)
	}
	n := 0
	for b, err := range c.Pinboards.ListAll(ctx, nil) {
		require.NoError(t, err)
		require.NotEmpty(t, b.ID)
		n++
	}
	require.Equal(t, 120, n)
	require.Equal(t, 2, srv.Stats().Requests[pindowntest.RoutePinboardList])

	bg, err := c.Pinboards.BatchGet(ctx, boards)
	require.NoError(t, err)
	require.Len(t, bg.Found, 120)
	require.Equal(t, boards[7], bg.Found[7].ID, "in the order asked")
	require.Equal(t, 2, srv.Stats().Requests[pindowntest.RoutePinboardBatchGet])

	reqs := make([]*pindown.CreatePinRequest, 120)
	for i := range reqs {
		reqs[i] = &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: fmt.Sprint("p", i)}}
	}
	created, err := c.Pins.BatchCreate(ctx, reqs)
	require.NoError(t, err)
	var pins []string
	for _, p := range created.Succeeded() {
		pins = append(pins, p.ID)
	}
	add, err := c.Pinboards.BatchAddPins(ctx, boards[0], pins)
	require.NoError(t, err)
	require.NoError(t, add.Err())
	require.Equal(t, pins, add.Succeeded())
	require.Equal(t, 3, srv.Stats().Requests[pindowntest.RoutePinboardBatchAddPins])
	got, err := c.Pinboards.Get(ctx, boards[0])
	require.NoError(t, err)
	require.Equal(t, pins, got.Pins)
}

// TestBoardAndPageInputsAreCheckedBeforeSending: bad ids, positions,
// layouts, titles, roles and e-mails cost no request.
func TestBoardAndPageInputsAreCheckedBeforeSending(t *testing.T) {
	srv, c := newClient(t, nil)
	pos := &pindown.Position{W: 1, H: 1}
	for _, tc := range []struct {
		name, field string
		err         error
	}{
		{"board id empty", "pinboardID", c.Pinboards.Delete(ctx, "")},
		{"board id dot", "pinboardID", c.Pinboards.Delete(ctx, ".")},
		{"board id dotdot", "pinboardID", c.Pinboards.AddPin(ctx, "..", "p-1", nil)},
		{"board id slash", "pinboardID", c.Pinboards.UpdateLayout(ctx, "a/b", &pindown.UpdateLayoutRequest{Layout: pindown.BoardLayout{}})},
		{"board id batch", "pinboardID", c.Pinboards.RemovePin(ctx, "batch", "p-1")},
		{"pin id batch", "pinID", c.Pinboards.RemovePin(ctx, "pb-1", "batch")},
		{"pin id slash", "pinID", c.Pages.RemovePin(ctx, "pg-1", "p/1")},
		{"page id batch", "pageID", c.Pages.Delete(ctx, "batch")},
		{"page id empty", "pageID", err2(c.Pages.Publish(ctx, ""))},
		{"user id slash", "userID", c.Pages.SetUserRole(ctx, "pg-1", "u/1", pindown.RoleViewer)},
		{"user id dotdot", "userID", c.Pages.SetUserRole(ctx, "pg-1", "..", pindown.RoleViewer)},
		{"empty pin_id", "pin_id", c.Pinboards.AddPin(ctx, "pb-1", "", nil)},
		{"empty page pin_id", "pin_id", c.Pages.AddPin(ctx, "pg-1", "")},
		{"negative x", "position.x", c.Pinboards.AddPin(ctx, "pb-1", "p-1", &pindown.Position{X: -1, W: 1, H: 1})},
		{"negative y", "position.y", c.Pinboards.AddPin(ctx, "pb-1", "p-1", &pindown.Position{Y: -1, W: 1, H: 1})},
		{"zero w", "position.w", c.Pinboards.AddPin(ctx, "pb-1", "p-1", &pindown.Position{H: 1})},
		{"zero h", "position.h", c.Pinboards.AddPin(ctx, "pb-1", "p-1", &pindown.Position{W: 1})},
		{"layout position", `mobile_layout["p-1"].h`, c.Pinboards.UpdateLayout(ctx, "pb-1", &pindown.UpdateLayoutRequest{MobileLayout: pindown.BoardLayout{"p-1": {W: 1}}})},
		{"layout empty key", "layout", c.Pinboards.UpdateLayout(ctx, "pb-1", &pindown.UpdateLayoutRequest{Layout: pindown.BoardLayout{"": *pos}})},
		{"layout neither", "UpdateLayoutRequest", c.Pinboards.UpdateLayout(ctx, "pb-1", &pindown.UpdateLayoutRequest{})},
		{"layout nil", "UpdateLayoutRequest", c.Pinboards.UpdateLayout(ctx, "pb-1", nil)},
		{"board create nil", "CreatePinboardRequest", err2(c.Pinboards.Create(ctx, nil))},
		{"board create blank title", "title", err2(c.Pinboards.Create(ctx, &pindown.CreatePinboardRequest{Title: " "}))},
		{"board update nothing", "UpdatePinboardRequest", err2(c.Pinboards.Update(ctx, "pb-1", &pindown.UpdatePinboardRequest{}))},
		{"board update blank title", "title", err2(c.Pinboards.Update(ctx, "pb-1", &pindown.UpdatePinboardRequest{Title: pindown.Ptr("")}))},
		{"board share nothing", "PinboardShareSettings", err2(c.Pinboards.Share(ctx, "pb-1", &pindown.PinboardShareSettings{}))},
		{"board batch get empty id", "ids[1]", err2(c.Pinboards.BatchGet(ctx, []string{"pb-1", ""}))},
		{"board list limit", "ListOptions.Limit", err2(c.Pinboards.List(ctx, &pindown.ListOptions{Limit: 101}))},
		{"page create no title", "metadata.title", err2(c.Pages.Create(ctx, &pindown.CreatePageRequest{}))},
		{"page create empty pin", "pins[0]", err2(c.Pages.Create(ctx, &pindown.CreatePageRequest{Title: "t", Pins: []string{""}}))},
		{"page update nothing", "UpdatePageRequest", err2(c.Pages.Update(ctx, "pg-1", &pindown.UpdatePageRequest{}))},
		{"page update blank title", "metadata.title", err2(c.Pages.Update(ctx, "pg-1", &pindown.UpdatePageRequest{Title: pindown.Ptr(" ")}))},
		{"page list offset", "ListOptions.Offset", err2(c.Pages.List(ctx, &pindown.ListOptions{Offset: -1}))},
		{"invite role", "role", err2(c.Pages.Invite(ctx, "pg-1", "a@b.c", "owner"))},
		{"invite email", "email", err2(c.Pages.Invite(ctx, "pg-1", "nobody", pindown.RoleViewer))},
		{"invite email empty", "email", err2(c.Pages.Invite(ctx, "pg-1", "", pindown.RoleViewer))},
		{"invite email space", "email", err2(c.Pages.Invite(ctx, "pg-1", "a b@c.d", pindown.RoleViewer))},
		{"cancel email slash", "email", c.Pages.CancelInvitation(ctx, "pg-1", "a/b@c.d")},
		{"set role", "role", c.Pages.SetUserRole(ctx, "pg-1", "user-1", "admin")},
	} {
		require.ErrorIs(t, tc.err, pindown.ErrInvalidRequest, tc.name)
		require.ErrorContains(t, tc.err, tc.field, tc.name)
	}
	add, err := c.Pinboards.BatchAddPins(ctx, "pb-1", []string{""})
	require.NoError(t, err)
	require.ErrorIs(t, add.Items[0].Err, pindown.ErrInvalidRequest)
	total := 0
	for _, n := range srv.Stats().Requests {
		total += n
	}
	require.Zero(t, total, "no request was sent")
}

func err2[T any](_ T, err error) error { return err }

// TestBoardAndPageWritesAcceptEmptyAnswers: a 2xx with no data, or no body
// at all, is a success for writes; creates need an id.
func TestBoardAndPageWritesAcceptEmptyAnswers(t *testing.T) {
	for _, body := range []string{"", `{"success":true}`} {
		url := newHTTPServer(t, func(w http.ResponseWriter, r *http.Request) {
			if body == "" {
				w.WriteHeader(http.StatusNoContent)
				return
			}
			w.Write([]byte(body))
		})
		c, err := pindown.NewClient("pk_test_empty", pindown.WithBaseURL(url), pindown.WithMaxRetries(0))
		require.NoError(t, err)
		up, err := c.Pinboards.Update(ctx, "pb-1", &pindown.UpdatePinboardRequest{IsPublic: pindown.Ptr(true)})
		require.NoError(t, err, "body %q", body)
		require.Equal(t, "pb-1", up.ID)
		sh, err := c.Pinboards.Share(ctx, "pb-1", &pindown.PinboardShareSettings{IsPublic: pindown.Ptr(true)})
		require.NoError(t, err)
		require.True(t, sh.IsPublic, "as sent")
		require.NoError(t, c.Pinboards.AddPin(ctx, "pb-1", "p-1", nil))
		require.NoError(t, c.Pinboards.Delete(ctx, "pb-1"))
		pub, err := c.Pages.Publish(ctx, "pg-1")
		require.NoError(t, err)
		require.True(t, pub.IsPublic)
		_, err = c.Pages.Invite(ctx, "pg-1", "a@b.c", pindown.RoleViewer)
		require.NoError(t, err)
		require.NoError(t, c.Pages.SetUserRole(ctx, "pg-1", "user-1", pindown.RoleViewer))
		_, err = c.Pages.Update(ctx, "pg-1", &pindown.UpdatePageRequest{Tags: []string{}})
		require.NoError(t, err)

		_, err = c.Pinboards.Create(ctx, &pindown.CreatePinboardRequest{Title: "t"})
		require.ErrorIs(t, err, pindown.ErrServer)
		require.ErrorIs(t, err, pindown.ErrMaybeCreated, "a create without an id may have made one")
		_, err = c.Pages.Create(ctx, &pindown.CreatePageRequest{Title: "t"})
		require.ErrorIs(t, err, pindown.ErrMaybeCreated)
	}
}
