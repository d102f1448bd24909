package pindowntest_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pindownai/client-go/pindowntest"
)

type pos struct{ X, Y, W, H int }

// boardData is a pinboard in the newest form.
type boardData struct {
	ID            string         `json:"id"`
	Title         string         `json:"title"`
	Description   string         `json:"description"`
	Tags          []string       `json:"tags"`
	Pins          []string       `json:"pins"`
	PinCount      int            `json:"pin_count"`
	Layout        map[string]pos `json:"layout"`
	MobileLayout  map[string]pos `json:"mobile_layout"`
	IsPublic      bool           `json:"is_public"`
	RequireSignIn bool           `json:"require_sign_in"`
	AllowComments bool           `json:"allow_comments"`
	OwnerID       string         `json:"owner_id"`
	ShareableURL  string         `json:"shareable_url"`
	CreatedAt     int64          `json:"created_at"`
	UpdatedAt     int64          `json:"updated_at"`
}

func getBoard(t testing.TB, srv *pindowntest.Server, key, id string) boardData {
	t.Helper()
	var b boardData
	call(t, "GET", srv.URL+"/pinboards/"+id, key, nil).want(t, 200, "").decode(t, &b)
	return b
}

func TestBoardCreateGetUpdate(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, unlimited, pindowntest.WithClock(clock.Now))
	key := srv.NewKey()
	ms := t0.UnixMilli()
	a := call(t, "POST", srv.URL+"/pinboards", key, map[string]any{
		"title": "Marketing Dashboard", "description": "Real-time marketing metrics", "tags": []string{"marketing", "kpis"}, "is_public": false,
	}).want(t, 201, "")
	if a.Message != "Pinboard created successfully" {
		t.Errorf("message %q", a.Message)
	}
	var created boardData
	a.decode(t, &created)
	want := boardData{
		ID: created.ID, Title: "Marketing Dashboard", Description: "Real-time marketing metrics", Tags: []string{"marketing", "kpis"},
		Pins: []string{}, Layout: map[string]pos{}, MobileLayout: map[string]pos{}, OwnerID: srv.UserID(key),
		ShareableURL: "https://pindown.ai/share/pinboard/" + created.ID, CreatedAt: ms, UpdatedAt: ms,
	}
	if diff := cmp.Diff(want, created); diff != "" {
		t.Errorf("create response (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, getBoard(t, srv, key, created.ID)); diff != "" {
		t.Errorf("get response (-want +got):\n%s", diff)
	}
	// Every field is optional on create; the older name is accepted for title.
	var bare boardData
	call(t, "POST", srv.URL+"/pinboards", key, map[string]any{}).want(t, 201, "").decode(t, &bare)
	var named boardData
	call(t, "POST", srv.URL+"/pinboards", key, map[string]any{"name": "Old"}).want(t, 201, "").decode(t, &named)
	if bare.Title != "" || named.Title != "Old" {
		t.Errorf("titles %q, %q", bare.Title, named.Title)
	}

	// Update changes only the fields sent.
	clock.Advance(time.Second)
	var u struct {
		ID        string `json:"id"`
		UpdatedAt int64  `json:"updated_at"`
	}
	call(t, "PUT", srv.URL+"/pinboards/"+created.ID, key, map[string]any{"title": "Renamed", "is_public": true}).want(t, 200, "").decode(t, &u)
	if u.ID != created.ID || u.UpdatedAt != ms+1000 {
		t.Errorf("update response %+v", u)
	}
	want.Title, want.IsPublic, want.UpdatedAt = "Renamed", true, ms+1000
	if diff := cmp.Diff(want, getBoard(t, srv, key, created.ID)); diff != "" {
		t.Errorf("after update (-want +got):\n%s", diff)
	}
	call(t, "PUT", srv.URL+"/pinboards/"+created.ID, key, map[string]any{"description": "", "tags": []string{}}).want(t, 200, "")
	want.Description, want.Tags = "", []string{}
	if diff := cmp.Diff(want, getBoard(t, srv, key, created.ID)); diff != "" {
		t.Errorf("after clearing (-want +got):\n%s", diff)
	}

	// A public board of another owner is readable, not changeable.
	other := srv.NewKey()
	if got := getBoard(t, srv, other, created.ID); got.Title != "Renamed" {
		t.Errorf("public board read by another: %+v", got)
	}
	// Delete: gone for everyone, a repeat responds 404, pins are not deleted.
	var d struct {
		DeletedAt int64 `json:"deleted_at"`
	}
	call(t, "DELETE", srv.URL+"/pinboards/"+created.ID, key, nil).want(t, 200, "").decode(t, &d)
	if d.DeletedAt != ms+1000 {
		t.Errorf("deleted_at %d", d.DeletedAt)
	}
	call(t, "DELETE", srv.URL+"/pinboards/"+created.ID, key, nil).want(t, 404, "NOT_FOUND")
	call(t, "GET", srv.URL+"/pinboards/"+created.ID, key, nil).want(t, 404, "NOT_FOUND")
}

func TestBoardList(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, unlimited, pindowntest.WithClock(clock.Now))
	key, other := srv.NewKey(), srv.NewKey()
	var ids []string
	for i := range 5 {
		ids = append(ids, createBoard(t, srv, key, map[string]any{"title": fmt.Sprint(i)}))
		clock.Advance(time.Millisecond)
	}
	createBoard(t, srv, other, map[string]any{"title": "not mine", "is_public": true})
	slices.Reverse(ids) // newest first
	for _, tc := range []struct {
		query         string
		limit, offset int
		want          []string
	}{
		{"", 50, 0, ids},
		{"?limit=2", 2, 0, ids[:2]},
		{"?limit=2&offset=2", 2, 2, ids[2:4]},
		{"?offset=4", 50, 4, ids[4:]},
		{"?offset=9", 50, 9, nil},
	} {
		var l struct {
			Items         []boardData `json:"items"`
			Total         int         `json:"total"`
			Limit, Offset int
		}
		call(t, "GET", srv.URL+"/pinboards"+tc.query, key, nil).want(t, 200, "").decode(t, &l)
		var got []string
		for _, b := range l.Items {
			got = append(got, b.ID)
		}
		if !slices.Equal(got, tc.want) || l.Total != 5 || l.Limit != tc.limit || l.Offset != tc.offset || l.Items == nil {
			t.Errorf("%q: %v total %d limit %d offset %d, want %v", tc.query, got, l.Total, l.Limit, l.Offset, tc.want)
		}
	}
}

// TestBoardPins: add (twice is a no-op), positions, remove (with layout
// entries), layout replacement per map, batch add/remove per item.
func TestBoardPins(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, unlimited, pindowntest.WithClock(clock.Now))
	key, other := srv.NewKey(), srv.NewKey()
	p1, p2, p3 := createPin(t, srv, key, titled("1")), createPin(t, srv, key, titled("2")), createPin(t, srv, key, titled("3"))
	public := createPin(t, srv, other, map[string]any{"is_public": true, "metadata": map[string]any{"title": "public"}})
	private := createPin(t, srv, other, titled("private"))
	id := createBoard(t, srv, key, map[string]any{"title": "b"})
	url := srv.URL + "/pinboards/" + id
	check := func(pins []string, layout, mobile map[string]pos) {
		t.Helper()
		b := getBoard(t, srv, key, id)
		if diff := cmp.Diff(boardData{Pins: pins, PinCount: len(pins), Layout: layout, MobileLayout: mobile},
			boardData{Pins: b.Pins, PinCount: b.PinCount, Layout: b.Layout, MobileLayout: b.MobileLayout}); diff != "" {
			t.Errorf("board (-want +got):\n%s", diff)
		}
	}

	a := call(t, "POST", url+"/pins", key, map[string]any{"pin_id": p1, "position": map[string]any{"x": 0, "y": 0, "w": 2, "h": 1}}).want(t, 200, "")
	if string(a.Raw) != `{"success":true}` {
		t.Errorf("add-pin response %s, want {\"success\":true}", a.Raw)
	}
	call(t, "POST", url+"/pins", key, map[string]any{"pin_id": p2}).want(t, 200, "")
	clock.Advance(time.Second)
	// A second add changes nothing, not even the position or updated_at.
	call(t, "POST", url+"/pins", key, map[string]any{"pin_id": p1, "position": map[string]any{"x": 5, "y": 5, "w": 1, "h": 1}}).want(t, 200, "")
	if b := getBoard(t, srv, key, id); b.UpdatedAt != t0.UnixMilli() {
		t.Errorf("a repeated add changed updated_at to %d", b.UpdatedAt)
	}
	call(t, "POST", url+"/pins", key, map[string]any{"pin_id": public}).want(t, 200, "") // public pins of others may be placed
	call(t, "POST", url+"/pins", key, map[string]any{"pin_id": private}).want(t, 404, "NOT_FOUND")
	call(t, "POST", url+"/pins", key, map[string]any{"pin_id": "p-nosuchpin000"}).want(t, 404, "NOT_FOUND")
	check([]string{p1, p2, public}, map[string]pos{p1: {0, 0, 2, 1}}, map[string]pos{})

	// Layout: each map sent replaces that map; a map not sent is kept.
	call(t, "PUT", url+"/layout", key, map[string]any{
		"layout":        map[string]any{p2: map[string]any{"x": 2, "y": 0, "w": 2, "h": 2}},
		"mobile_layout": map[string]any{p1: map[string]any{"x": 0, "y": 0, "w": 2, "h": 1}, p2: map[string]any{"x": 0, "y": 1, "w": 2, "h": 2}},
	}).want(t, 200, "")
	check([]string{p1, p2, public}, map[string]pos{p2: {2, 0, 2, 2}}, map[string]pos{p1: {0, 0, 2, 1}, p2: {0, 1, 2, 2}})
	call(t, "PUT", url+"/layout", key, map[string]any{"layout": map[string]any{p1: map[string]any{"x": 1, "y": 1, "w": 1, "h": 1}, p2: map[string]any{"x": 2, "y": 0, "w": 2, "h": 2}}}).want(t, 200, "")
	check([]string{p1, p2, public}, map[string]pos{p1: {1, 1, 1, 1}, p2: {2, 0, 2, 2}}, map[string]pos{p1: {0, 0, 2, 1}, p2: {0, 1, 2, 2}})

	// Removing a pin drops its entries from both layouts; a repeat is 404.
	call(t, "DELETE", url+"/pins/"+p2, key, nil).want(t, 200, "")
	call(t, "DELETE", url+"/pins/"+p2, key, nil).want(t, 404, "NOT_FOUND")
	check([]string{p1, public}, map[string]pos{p1: {1, 1, 1, 1}}, map[string]pos{p1: {0, 0, 2, 1}})
	if st := srv.Stats(); st.Pins != 5 {
		t.Errorf("removing a pin from a board deleted it: %d pins", st.Pins)
	}
	// An empty map clears that layout.
	call(t, "PUT", url+"/layout", key, map[string]any{"mobile_layout": map[string]any{}}).want(t, 200, "")
	check([]string{p1, public}, map[string]pos{p1: {1, 1, 1, 1}}, map[string]pos{})

	// Batch add: added, failed per item, pins already there skipped.
	var add struct {
		Added   []string `json:"added"`
		Failed  []struct{ ID, Error string }
		Skipped []string `json:"skipped"`
	}
	a = call(t, "POST", url+"/pins/batch", key, map[string]any{"pin_ids": []string{p2, p1, "p-nosuchpin000", private, p3, p3}}).want(t, 200, "")
	a.decode(t, &add)
	if !slices.Equal(add.Added, []string{p2, p3}) || !slices.Equal(add.Skipped, []string{p1, p3}) || len(add.Failed) != 2 ||
		add.Failed[0].ID != "p-nosuchpin000" || add.Failed[0].Error != "Pin not found" || add.Failed[1].ID != private || a.Message != "Added 2 pins" {
		t.Errorf("batch add %+v %q", add, a.Message)
	}
	check([]string{p1, public, p2, p3}, map[string]pos{p1: {1, 1, 1, 1}}, map[string]pos{})

	// Batch remove: removed, failed per item, layout entries dropped.
	var rm struct {
		Removed []string `json:"removed"`
		Failed  []struct{ ID, Error string }
	}
	a = call(t, "DELETE", url+"/pins/batch", key, map[string]any{"pin_ids": []string{p1, "p-nosuchpin000", p3, p3}}).want(t, 200, "")
	a.decode(t, &rm)
	if !slices.Equal(rm.Removed, []string{p1, p3}) || len(rm.Failed) != 2 || rm.Failed[0].Error != "Pin not found on pinboard" ||
		rm.Failed[1].ID != p3 || a.Message != "Removed 2 pins" {
		t.Errorf("batch remove %+v %q", rm, a.Message)
	}
	check([]string{public, p2}, map[string]pos{}, map[string]pos{})
}

// TestDeletedPinLeavesBoardsAndPages: deleting a pin (single or batch) takes
// it off every pinboard and page, with its layout entries.
func TestDeletedPinLeavesBoardsAndPages(t *testing.T) {
	srv := newServer(t, unlimited)
	key := srv.NewKey()
	p1, p2, keep := createPin(t, srv, key, titled("1")), createPin(t, srv, key, titled("2")), createPin(t, srv, key, titled("keep"))
	boards := []string{createBoard(t, srv, key, map[string]any{}), createBoard(t, srv, key, map[string]any{})}
	for _, b := range boards {
		for _, p := range []string{p1, keep, p2} {
			call(t, "POST", srv.URL+"/pinboards/"+b+"/pins", key, map[string]any{"pin_id": p, "position": position}).want(t, 200, "")
		}
		call(t, "PUT", srv.URL+"/pinboards/"+b+"/layout", key, map[string]any{"mobile_layout": map[string]any{p1: position, p2: position}}).want(t, 200, "")
	}
	pg := createPage(t, srv, key, map[string]any{"metadata": map[string]any{"title": "p"}, "pins": []string{p1, keep, p1, p2}})

	call(t, "DELETE", srv.URL+"/pins/"+p1, key, nil).want(t, 200, "")
	call(t, "DELETE", srv.URL+"/pins/batch", key, map[string]any{"pin_ids": []string{p2}}).want(t, 200, "")
	for _, b := range boards {
		got := getBoard(t, srv, key, b)
		if !slices.Equal(got.Pins, []string{keep}) || len(got.Layout) != 1 || len(got.MobileLayout) != 0 {
			t.Errorf("board after deletes: %+v", got)
		}
	}
	if got := getPage(t, srv, key, pg).Pins; !slices.Equal(got, []string{keep}) {
		t.Errorf("page after deletes: %v", got)
	}
}

func TestBoardShare(t *testing.T) {
	srv := newServer(t, unlimited)
	key := srv.NewKey()
	id := createBoard(t, srv, key, map[string]any{"title": "b"})
	type shared struct {
		ID            string `json:"id"`
		IsPublic      bool   `json:"is_public"`
		RequireSignIn bool   `json:"require_sign_in"`
		AllowComments bool   `json:"allow_comments"`
	}
	for _, tc := range []struct {
		body any
		want shared
	}{
		{map[string]any{"is_public": true, "allow_comments": true}, shared{id, true, false, true}},
		{map[string]any{"require_sign_in": true}, shared{id, true, true, true}},                 // unsent flags keep their value
		{map[string]any{"is_public": false, "allow_edit": true}, shared{id, false, true, true}}, // allow_edit is no pinboard flag
		{nil, shared{id, false, true, true}},
	} {
		var got shared
		call(t, "POST", srv.URL+"/pinboards/"+id+"/share", key, tc.body).want(t, 200, "").decode(t, &got)
		if got != tc.want {
			t.Errorf("share %v: %+v, want %+v", tc.body, got, tc.want)
		}
	}
	if b := getBoard(t, srv, key, id); b.IsPublic || !b.RequireSignIn || !b.AllowComments {
		t.Errorf("board after shares: %+v", b)
	}
}

func TestBoardBatchGet(t *testing.T) {
	srv := newServer(t, unlimited)
	key, other := srv.NewKey(), srv.NewKey()
	mine := createBoard(t, srv, key, map[string]any{"title": "mine"})
	theirs := createBoard(t, srv, other, map[string]any{"title": "theirs"})
	public := createBoard(t, srv, other, map[string]any{"title": "public", "is_public": true})
	var got struct {
		Found            []boardData `json:"found"`
		NotFound         []string    `json:"not_found"`
		PermissionDenied []string    `json:"permission_denied"`
	}
	a := call(t, "POST", srv.URL+"/pinboards/batch/get", key, map[string]any{"pinboard_ids": []string{mine, "pb-nosuchboard0", theirs, public}}).want(t, 200, "")
	a.decode(t, &got)
	if len(got.Found) != 2 || got.Found[0].Title != "mine" || got.Found[1].Title != "public" ||
		!slices.Equal(got.NotFound, []string{"pb-nosuchboard0"}) || !slices.Equal(got.PermissionDenied, []string{theirs}) || a.Message != "Retrieved 2 pinboards" {
		t.Errorf("batch get %+v %q", got, a.Message)
	}
	call(t, "GET", srv.URL+"/pinboards/"+theirs, key, nil).want(t, 403, "PERMISSION_DENIED")
}
