package pindowntest_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pindownai/client-go/pindowntest"
)

var idPattern = regexp.MustCompile(`^p-[a-z0-9]{12}$`)

func TestCreateAndGetShapes(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, unlimited, pindowntest.WithClock(clock.Now))
	key := srv.NewKey()
	if !strings.HasPrefix(key, "pk_test_") || !strings.HasSuffix(srv.URL, "/v1") {
		t.Fatalf("key %q, URL %q", key, srv.URL)
	}
	ms := t0.UnixMilli()

	a := call(t, "POST", srv.URL+"/pins", key, map[string]any{
		"pin_type":        "stat-cards",
		"pin_config":      map[string]any{"cards": []any{map[string]any{"title": "Revenue", "value": "$1", "extra": map[string]any{"kept": true}}}},
		"pin_layout":      "2x1",
		"is_public":       false,
		"allow_comments":  true,
		"require_sign_in": true,
		"pending_invites": map[string]any{"a@example.com": "editor", "b@example.com": "viewer"},
		"metadata":        map[string]any{"title": "Sales", "description": "Q1", "tags": []string{"sales", "kpi"}},
	}).want(t, 201, "")
	if a.Message != "Pin created successfully" {
		t.Errorf("message %q", a.Message)
	}
	var created map[string]any
	a.decode(t, &created)
	id, _ := created["id"].(string)
	if !idPattern.MatchString(id) {
		t.Fatalf("id %q does not look like p-<12 lowercase alnum>", id)
	}
	if diff := cmp.Diff(map[string]any{
		"id": id, "data_type": "pin-card", "created_at": float64(ms),
		"is_public": false, "allow_edit": false, "require_sign_in": true, "allow_comments": true,
	}, created); diff != "" {
		t.Errorf("create response (-want +got):\n%s", diff)
	}

	clock.Advance(time.Second)
	got := asJSON(t, call(t, "GET", srv.URL+"/pins/"+id, key, nil).want(t, 200, "").Data)
	owner := got.(map[string]any)["owner_id"]
	if s, _ := owner.(string); s == "" {
		t.Fatalf("no owner_id in %v", got)
	}
	want := map[string]any{
		"id": id, "title": "Sales", "description": "Q1", "data_type": "pin-card", "is_public": false, "owner_id": owner,
		"metadata": map[string]any{
			"title": "Sales", "description": "Q1", "tags": []any{"sales", "kpi"}, "pin_type": "stat-cards", "pin_layout": "2x1",
			"pin_config": map[string]any{"cards": []any{map[string]any{"title": "Revenue", "value": "$1", "extra": map[string]any{"kept": true}}}},
			"allow_edit": false, "require_sign_in": true, "allow_comments": true,
		},
		"created_at": float64(ms), "updated_at": float64(ms),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("get response (-want +got):\n%s", diff)
	}
}

// TestCreateFieldPlacement: type, config and layout at the root or inside
// metadata (root wins), legacy content, and the defaults.
func TestCreateFieldPlacement(t *testing.T) {
	srv := newServer(t, unlimited)
	key := srv.NewKey()
	cards := map[string]any{"cards": []any{map[string]any{"title": "A", "value": "1"}}}
	cases := []struct {
		name       string
		body       map[string]any
		wantType   string
		wantLayout any
		wantConfig any
	}{
		{"minimum", titled("x"), "markdown", nil, map[string]any{}},
		{"null config", map[string]any{"pin_config": nil, "metadata": map[string]any{"title": "x"}}, "markdown", nil, map[string]any{}},
		{"in metadata", map[string]any{"metadata": map[string]any{"title": "x", "pin_type": "stat-cards", "pin_config": cards, "pin_layout": "3x3"}},
			"stat-cards", "3x3", cards},
		{"root wins", map[string]any{"pin_type": "markdown", "pin_config": map[string]any{"content": "root"}, "pin_layout": "1x2",
			"metadata": map[string]any{"title": "x", "pin_type": "stat-cards", "pin_config": cards, "pin_layout": "3x3"}},
			"markdown", "1x2", map[string]any{"content": "root"}},
		{"legacy content", map[string]any{"pin_type": "stat-cards", "content": cards, "metadata": map[string]any{"title": "x"}}, "stat-cards", nil, cards},
		{"pin_config beats content", map[string]any{"pin_config": map[string]any{"content": "a"}, "content": map[string]any{"content": "b"}, "metadata": map[string]any{"title": "x"}},
			"markdown", nil, map[string]any{"content": "a"}},
		{"legacy data_type", map[string]any{"data_type": "json", "metadata": map[string]any{"title": "x"}}, "markdown", nil, map[string]any{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := createPin(t, srv, key, tc.body)
			var p struct {
				DataType string `json:"data_type"`
				Metadata map[string]any
			}
			call(t, "GET", srv.URL+"/pins/"+id, key, nil).want(t, 200, "").decode(t, &p)
			if p.DataType != "pin-card" || p.Metadata["pin_type"] != tc.wantType || p.Metadata["pin_layout"] != tc.wantLayout {
				t.Errorf("got %s type %v layout %v, want type %s layout %v", p.DataType, p.Metadata["pin_type"], p.Metadata["pin_layout"], tc.wantType, tc.wantLayout)
			}
			if diff := cmp.Diff(tc.wantConfig, p.Metadata["pin_config"]); diff != "" {
				t.Errorf("pin_config (-want +got):\n%s", diff)
			}
		})
	}
}

func TestGetPublicPinOfOtherOwner(t *testing.T) {
	srv := newServer(t, unlimited)
	owner, other := srv.NewKey(), srv.NewKey()
	id := createPin(t, srv, owner, titled("p"))
	call(t, "GET", srv.URL+"/pins/"+id, other, nil).want(t, 404, "NOT_FOUND")
	call(t, "POST", srv.URL+"/pins/"+id+"/share", owner, map[string]any{"is_public": true}).want(t, 200, "")
	call(t, "GET", srv.URL+"/pins/"+id, other, nil).want(t, 200, "")
	// Readable, but not listed: a list holds only the caller's own pins.
	var l struct{ Total int }
	call(t, "GET", srv.URL+"/pins", other, nil).want(t, 200, "").decode(t, &l)
	if l.Total != 0 {
		t.Errorf("other owner's list total %d, want 0", l.Total)
	}
}

type listPage struct {
	Items []struct {
		ID        string         `json:"id"`
		Title     string         `json:"title"`
		CreatedAt int64          `json:"created_at"`
		Metadata  map[string]any `json:"metadata"`
	} `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

func (p listPage) ids() []string {
	out := make([]string, len(p.Items)) // never nil
	for i, it := range p.Items {
		out[i] = it.ID
	}
	return out
}

func TestList(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, unlimited, pindowntest.WithClock(clock.Now))
	me, other := srv.NewKey(), srv.NewKey()
	createPin(t, srv, other, titled("not mine"))

	// 30 pins over 10 distinct milliseconds: ties are ordered by id.
	type made struct {
		id string
		at int64
	}
	var all []made
	for i := range 30 {
		if i%3 == 0 {
			clock.Advance(time.Millisecond)
		}
		all = append(all, made{createPin(t, srv, me, titled(fmt.Sprint(i))), clock.Now().UnixMilli()})
	}
	// Newest first: created_at descending, ties by id descending.
	slices.SortFunc(all, func(a, b made) int {
		if a.at != b.at {
			return int(b.at - a.at)
		}
		return strings.Compare(b.id, a.id)
	})
	wantIDs := func(from, to int) []string {
		out := []string{}
		for _, m := range all[from:min(to, len(all))] {
			out = append(out, m.id)
		}
		return out
	}

	var p listPage
	call(t, "GET", srv.URL+"/pins", me, nil).want(t, 200, "").decode(t, &p)
	if p.Total != 30 || p.Limit != 50 || p.Offset != 0 {
		t.Errorf("total/limit/offset %d/%d/%d, want 30/50/0", p.Total, p.Limit, p.Offset)
	}
	if diff := cmp.Diff(wantIDs(0, 30), p.ids()); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	for _, it := range p.Items {
		if _, ok := it.Metadata["pin_config"]; ok {
			t.Fatalf("list item carries pin_config: %+v", it)
		}
		if it.Metadata["pin_type"] != "markdown" || it.Title == "" {
			t.Fatalf("list item lacks its summary: %+v", it)
		}
	}
	for _, pg := range []struct{ limit, offset int }{{7, 0}, {7, 7}, {7, 28}, {1, 29}, {100, 30}, {10, 1000}} {
		call(t, "GET", fmt.Sprintf("%s/pins?limit=%d&offset=%d", srv.URL, pg.limit, pg.offset), me, nil).want(t, 200, "").decode(t, &p)
		if diff := cmp.Diff(wantIDs(min(pg.offset, 30), pg.offset+pg.limit), p.ids()); diff != "" || p.Total != 30 || p.Limit != pg.limit || p.Offset != pg.offset {
			t.Errorf("page %+v: total %d limit %d offset %d, ids (-want +got):\n%s", pg, p.Total, p.Limit, p.Offset, diff)
		}
	}
	// Deleting shrinks the total and closes the gap.
	call(t, "DELETE", srv.URL+"/pins/"+all[1].id, me, nil).want(t, 200, "")
	call(t, "GET", srv.URL+"/pins?limit=3", me, nil).want(t, 200, "").decode(t, &p)
	if diff := cmp.Diff([]string{all[0].id, all[2].id, all[3].id}, p.ids()); diff != "" || p.Total != 29 {
		t.Errorf("after delete: total %d, ids (-want +got):\n%s", p.Total, diff)
	}
	// An owner without pins gets an empty list, not null.
	a := call(t, "GET", srv.URL+"/pins", srv.NewKey(), nil).want(t, 200, "")
	if !strings.Contains(string(a.Data), `"items":[]`) {
		t.Errorf("empty list: %s", a.Data)
	}
}

func TestUpdate(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, unlimited, pindowntest.WithClock(clock.Now))
	key := srv.NewKey()
	id := createPin(t, srv, key, map[string]any{"pin_config": map[string]any{"content": "v1"}, "pin_layout": "2x2",
		"allow_edit": true, "metadata": map[string]any{"title": "T", "description": "D", "tags": []string{"a"}}})
	get := func() map[string]any {
		return asJSON(t, call(t, "GET", srv.URL+"/pins/"+id, key, nil).want(t, 200, "").Data).(map[string]any)
	}
	before := get()
	put := func(body any) {
		t.Helper()
		clock.Advance(time.Second)
		var d map[string]any
		call(t, "PUT", srv.URL+"/pins/"+id, key, body).want(t, 200, "").decode(t, &d)
		if diff := cmp.Diff(map[string]any{"id": id, "updated_at": float64(clock.Now().UnixMilli())}, d); diff != "" {
			t.Errorf("update response (-want +got):\n%s", diff)
		}
	}
	meta := func(m map[string]any) map[string]any { return m["metadata"].(map[string]any) }

	put(map[string]any{"metadata": map[string]any{"description": "D2"}})
	after := get()
	before["description"], meta(before)["description"], before["updated_at"] = "D2", "D2", after["updated_at"]
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("partial metadata update (-want +got):\n%s", diff)
	}

	put(map[string]any{"is_public": true, "allow_edit": false, "pin_layout": "4x4", "metadata": map[string]any{"title": "T2", "tags": []string{}}})
	after = get()
	if after["is_public"] != true || after["title"] != "T2" || meta(after)["title"] != "T2" || meta(after)["pin_layout"] != "4x4" ||
		len(meta(after)["tags"].([]any)) != 0 || meta(after)["allow_edit"] != true || meta(after)["description"] != "D2" {
		t.Errorf("after update: %v", after)
	}

	// pin_config alone is checked against the current type and replaces the config.
	put(map[string]any{"pin_config": map[string]any{"content": "v2"}})
	if c := meta(get())["pin_config"]; !cmp.Equal(c, map[string]any{"content": "v2"}) {
		t.Errorf("config %v", c)
	}
	put(map[string]any{"metadata": map[string]any{"pin_config": map[string]any{"content": "v3"}}})
	if c := meta(get())["pin_config"]; !cmp.Equal(c, map[string]any{"content": "v3"}) {
		t.Errorf("config from metadata %v", c)
	}
	// A type change with a config valid for the new type.
	cards := map[string]any{"cards": []any{map[string]any{"title": "A", "value": "1"}}}
	put(map[string]any{"pin_type": "stat-cards", "pin_config": cards})
	after = get()
	if meta(after)["pin_type"] != "stat-cards" || !cmp.Equal(meta(after)["pin_config"], cards) {
		t.Errorf("after type change: %v", after)
	}
	// A type change whose current config is valid for the new type needs no config.
	put(map[string]any{"pin_type": "json-viewer"})
	if m := meta(get()); m["pin_type"] != "json-viewer" || !cmp.Equal(m["pin_config"], cards) {
		t.Errorf("after type change keeping the config: %v", m)
	}
	// An empty body changes nothing but updated_at.
	before = get()
	put(nil)
	after = get()
	before["updated_at"] = after["updated_at"]
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("empty update (-want +got):\n%s", diff)
	}
}

type shareResponse struct {
	ID            string `json:"id"`
	IsPublic      bool   `json:"is_public"`
	AllowEdit     bool   `json:"allow_edit"`
	RequireSignIn bool   `json:"require_sign_in"`
	AllowComments bool   `json:"allow_comments"`
	ShareableURL  string `json:"shareable_url"`
}

func TestShare(t *testing.T) {
	srv := newServer(t, unlimited)
	key := srv.NewKey()
	id := createPin(t, srv, key, map[string]any{"require_sign_in": true, "metadata": map[string]any{"title": "x"}})
	var s shareResponse
	call(t, "POST", srv.URL+"/pins/"+id+"/share", key, map[string]any{"is_public": true, "allow_comments": true}).want(t, 200, "").decode(t, &s)
	want := shareResponse{ID: id, IsPublic: true, RequireSignIn: true, AllowComments: true, ShareableURL: "https://pindown.ai/share/pin/" + id}
	if s != want {
		t.Errorf("share response %+v, want %+v", s, want)
	}
	call(t, "POST", srv.URL+"/pins/"+id+"/share", key, map[string]any{"require_sign_in": false}).want(t, 200, "").decode(t, &s)
	want.RequireSignIn = false
	if s != want {
		t.Errorf("second share response %+v, want %+v", s, want)
	}
	call(t, "POST", srv.URL+"/pins/"+id+"/share", key, nil).want(t, 200, "").decode(t, &s) // no body: nothing changes
	if s != want {
		t.Errorf("empty share response %+v, want %+v", s, want)
	}
	var p struct {
		IsPublic bool `json:"is_public"`
		Metadata struct {
			AllowEdit     bool `json:"allow_edit"`
			RequireSignIn bool `json:"require_sign_in"`
			AllowComments bool `json:"allow_comments"`
		} `json:"metadata"`
	}
	call(t, "GET", srv.URL+"/pins/"+id, key, nil).want(t, 200, "").decode(t, &p)
	if !p.IsPublic || p.Metadata.AllowEdit || p.Metadata.RequireSignIn || !p.Metadata.AllowComments {
		t.Errorf("get after share: %+v", p)
	}
}

func TestDelete(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, unlimited, pindowntest.WithClock(clock.Now))
	key := srv.NewKey()
	id := createPin(t, srv, key, titled("x"))
	clock.Advance(time.Minute)
	var d map[string]any
	call(t, "DELETE", srv.URL+"/pins/"+id, key, nil).want(t, 200, "").decode(t, &d)
	if diff := cmp.Diff(map[string]any{"deleted_at": float64(clock.Now().UnixMilli())}, d); diff != "" {
		t.Errorf("delete response (-want +got):\n%s", diff)
	}
	call(t, "DELETE", srv.URL+"/pins/"+id, key, nil).want(t, 404, "NOT_FOUND")
	call(t, "GET", srv.URL+"/pins/"+id, key, nil).want(t, 404, "NOT_FOUND")
	if n := srv.Stats().Pins; n != 0 {
		t.Errorf("Stats.Pins %d after delete", n)
	}
}

func TestEscapedIDs(t *testing.T) {
	srv := newServer(t, unlimited)
	key := srv.NewKey()
	for _, p := range []string{"/pins/p%2Fx", "/pins/%20", "/pins/..", "/pins/p-%2e%2e"} {
		a := call(t, "GET", srv.URL+p, key, nil)
		if a.Status != 404 || a.Error.Code != "NOT_FOUND" {
			t.Errorf("GET %s: %d %s", p, a.Status, a.Raw)
		}
	}
}

func TestBatchGet(t *testing.T) {
	srv := newServer(t, unlimited)
	me, other := srv.NewKey(), srv.NewKey()
	mine := createPin(t, srv, me, map[string]any{"pin_type": "mermaid", "pin_config": map[string]any{"source": "graph TD; A-->B"}, "metadata": map[string]any{"title": "m"}})
	theirs := createPin(t, srv, other, titled("theirs"))
	public := createPin(t, srv, other, map[string]any{"is_public": true, "metadata": map[string]any{"title": "pub"}})

	var d struct {
		Found            []json.RawMessage `json:"found"`
		NotFound         []string          `json:"not_found"`
		PermissionDenied []string          `json:"permission_denied"`
	}
	call(t, "POST", srv.URL+"/pins/batch/get", me, map[string]any{"pin_ids": []string{mine, "p-nosuchpin000", theirs, public}}).want(t, 200, "").decode(t, &d)
	if len(d.Found) != 2 || d.PermissionDenied == nil || len(d.PermissionDenied) != 0 {
		t.Fatalf("batch get: %+v", d)
	}
	if diff := cmp.Diff([]string{"p-nosuchpin000", theirs}, d.NotFound); diff != "" {
		t.Errorf("not_found (-want +got):\n%s", diff)
	}
	// found holds full pins, the same as Get responses them.
	for i, id := range []string{mine, public} {
		single := call(t, "GET", srv.URL+"/pins/"+id, me, nil).want(t, 200, "").Data
		if diff := cmp.Diff(asJSON(t, single), asJSON(t, d.Found[i])); diff != "" {
			t.Errorf("found[%d] differs from Get (-get +batch):\n%s", i, diff)
		}
	}
	// Exactly 100 ids is fine.
	ids := make([]string, 100)
	for i := range ids {
		ids[i] = mine
	}
	call(t, "POST", srv.URL+"/pins/batch/get", me, map[string]any{"pin_ids": ids}).want(t, 200, "")
}

func TestBatchCreate(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, unlimited, pindowntest.WithClock(clock.Now))
	key := srv.NewKey()
	var d struct {
		Created []struct {
			ID        string `json:"id"`
			Index     int    `json:"index"`
			CreatedAt int64  `json:"created_at"`
		} `json:"created"`
		Failed []struct {
			Index int    `json:"index"`
			Error string `json:"error"`
		} `json:"failed"`
	}
	call(t, "POST", srv.URL+"/pins/batch", key, map[string]any{"pins": []any{
		titled("zero"),
		map[string]any{"metadata": map[string]any{}},
		map[string]any{"pin_type": "stat-cards", "pin_config": map[string]any{"cards": []any{}}, "metadata": map[string]any{"title": "bad"}},
		map[string]any{"pin_type": "hologram", "metadata": map[string]any{"title": "bad"}},
		"not an object",
		map[string]any{"pin_type": "stat-cards", "pin_config": map[string]any{"cards": []any{map[string]any{"title": "A", "value": "1"}}}, "metadata": map[string]any{"title": "five"}},
	}}).want(t, 200, "").decode(t, &d)
	if len(d.Created) != 2 || d.Created[0].Index != 0 || d.Created[1].Index != 5 {
		t.Fatalf("created %+v", d.Created)
	}
	for _, c := range d.Created {
		if !idPattern.MatchString(c.ID) || c.CreatedAt != t0.UnixMilli() {
			t.Errorf("created item %+v", c)
		}
	}
	wantFailed := []struct {
		index int
		msg   string
	}{{1, "metadata.title is required"}, {2, "cards"}, {3, "hologram"}, {4, "object"}}
	if len(d.Failed) != len(wantFailed) {
		t.Fatalf("failed %+v", d.Failed)
	}
	for i, w := range wantFailed {
		if d.Failed[i].Index != w.index || !strings.Contains(d.Failed[i].Error, w.msg) {
			t.Errorf("failed[%d] = %+v, want index %d and a message containing %q", i, d.Failed[i], w.index, w.msg)
		}
	}
	var title struct{ Title string }
	call(t, "GET", srv.URL+"/pins/"+d.Created[1].ID, key, nil).want(t, 200, "").decode(t, &title)
	if title.Title != "five" || srv.Stats().Pins != 2 {
		t.Errorf("stored: %+v, %d pins", title, srv.Stats().Pins)
	}
}

type batchIDResult struct {
	Updated []string `json:"updated"`
	Deleted []string `json:"deleted"`
	Failed  []struct {
		ID    string `json:"id"`
		Error string `json:"error"`
	} `json:"failed"`
	UpdatedAt int64 `json:"updated_at"`
}

func (r batchIDResult) failed() map[string]string {
	m := make(map[string]string)
	for _, f := range r.Failed {
		m[f.ID] = f.Error
	}
	return m
}

func TestBatchUpdate(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, unlimited, pindowntest.WithClock(clock.Now))
	me, other := srv.NewKey(), srv.NewKey()
	a, b := createPin(t, srv, me, titled("a")), createPin(t, srv, me, titled("b"))
	theirs := createPin(t, srv, other, titled("theirs"))
	public := createPin(t, srv, other, map[string]any{"is_public": true, "metadata": map[string]any{"title": "pub"}})
	clock.Advance(time.Second)

	var r batchIDResult
	call(t, "PATCH", srv.URL+"/pins/batch", me, map[string]any{"updates": []any{
		map[string]any{"id": a, "metadata": map[string]any{"title": "a2"}},
		map[string]any{"id": b, "pin_type": "stat-cards"},
		map[string]any{"id": theirs, "is_public": true},
		map[string]any{"id": public, "is_public": false},
		map[string]any{"id": "p-nosuchpin000", "is_public": true},
		map[string]any{"is_public": true},
		map[string]any{"id": b, "metadata": map[string]any{"title": ""}},
	}}).want(t, 200, "").decode(t, &r)
	if diff := cmp.Diff([]string{a}, r.Updated); diff != "" || r.UpdatedAt != clock.Now().UnixMilli() {
		t.Errorf("updated_at %d, updated (-want +got):\n%s", r.UpdatedAt, diff)
	}
	if len(r.Failed) != 6 {
		t.Fatalf("failed: %+v", r.Failed)
	}
	f := r.failed()
	for id, msg := range map[string]string{b: "metadata.title", theirs: "not found", public: "owner", "p-nosuchpin000": "not found", "": "id is required"} {
		if !strings.Contains(f[id], msg) {
			t.Errorf("failure of %q: %q, want it to contain %q", id, f[id], msg)
		}
	}
	var got struct{ Title string }
	call(t, "GET", srv.URL+"/pins/"+a, me, nil).want(t, 200, "").decode(t, &got)
	if got.Title != "a2" {
		t.Errorf("title %q", got.Title)
	}
	call(t, "GET", srv.URL+"/pins/"+b, me, nil).want(t, 200, "").decode(t, &got)
	if got.Title != "b" {
		t.Errorf("failed item changed: title %q", got.Title)
	}
}

func TestBatchDelete(t *testing.T) {
	srv := newServer(t, unlimited)
	me, other := srv.NewKey(), srv.NewKey()
	a, b := createPin(t, srv, me, titled("a")), createPin(t, srv, me, titled("b"))
	theirs := createPin(t, srv, other, titled("theirs"))
	public := createPin(t, srv, other, map[string]any{"is_public": true, "metadata": map[string]any{"title": "pub"}})

	var r batchIDResult
	call(t, "DELETE", srv.URL+"/pins/batch", me, map[string]any{"pin_ids": []string{a, theirs, public, "p-nosuchpin000", b, a}}).want(t, 200, "").decode(t, &r)
	if diff := cmp.Diff([]string{a, b}, r.Deleted); diff != "" {
		t.Errorf("deleted (-want +got):\n%s", diff)
	}
	if len(r.Failed) != 4 {
		t.Fatalf("failed: %+v", r.Failed)
	}
	for i, w := range []struct{ id, msg string }{{theirs, "not found"}, {public, "owner"}, {"p-nosuchpin000", "not found"}, {a, "not found"}} {
		if r.Failed[i].ID != w.id || !strings.Contains(r.Failed[i].Error, w.msg) {
			t.Errorf("failed[%d] = %+v, want %s / %q", i, r.Failed[i], w.id, w.msg)
		}
	}
	if n := srv.Stats().Pins; n != 2 {
		t.Errorf("%d pins left, want 2", n)
	}
}

func TestSeedGivesSameIDs(t *testing.T) {
	run := func(seed int64) []string {
		srv := pindowntest.NewServer(unlimited, pindowntest.WithSeed(seed))
		defer srv.Close()
		key := srv.NewKey()
		out := []string{key}
		for range 3 {
			out = append(out, createPin(t, srv, key, titled("x")))
		}
		var d struct{ Created []struct{ ID string } }
		call(t, "POST", srv.URL+"/pins/batch", key, map[string]any{"pins": []any{titled("y"), titled("z")}}).want(t, 200, "").decode(t, &d)
		for _, c := range d.Created {
			out = append(out, c.ID)
		}
		return out
	}
	first, second, other := run(42), run(42), run(43)
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("same seed, different ids (-first +second):\n%s", diff)
	}
	if slices.Equal(first, other) {
		t.Error("different seeds gave the same ids")
	}
}

// TestConcurrentUse hammers one server from many goroutines (run with -race).
func TestConcurrentUse(t *testing.T) {
	srv := newServer(t, unlimited)
	keys := []string{srv.NewKey(), srv.NewKey()}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := keys[g%2]
			for i := range 25 {
				var c struct{ ID string }
				steps := []struct {
					method, path string
					body         any
					status       int
				}{
					{"POST", "/pins", titled(fmt.Sprint(i)), 201},
					{"GET", "/pins/{id}", nil, 200},
					{"PUT", "/pins/{id}", map[string]any{"metadata": map[string]any{"title": "u"}}, 200},
					{"GET", "/pins?limit=5", nil, 200},
					{"DELETE", "/pins/{id}", nil, 200},
				}
				if i%2 == 1 {
					steps = steps[:4]
				}
				for _, st := range steps {
					a, err := tryCall(st.method, srv.URL+strings.ReplaceAll(st.path, "{id}", c.ID), key, st.body)
					if err != nil || a.Status != st.status {
						t.Errorf("%s %s: %v %d %s", st.method, st.path, err, a.Status, a.Raw)
						return
					}
					if st.method == "POST" {
						_ = json.Unmarshal(a.Data, &c)
					}
				}
			}
		}()
	}
	wg.Wait()
	var l struct{ Total int }
	call(t, "GET", srv.URL+"/pins", keys[0], nil).want(t, 200, "").decode(t, &l)
	if st := srv.Stats(); st.Pins != 8*12 || l.Total != 4*12 || st.Requests[pindowntest.RouteCreate] != 200 {
		t.Errorf("pins %d, list total %d, creates %d", st.Pins, l.Total, st.Requests[pindowntest.RouteCreate])
	}
}

func TestStatsCountsRequests(t *testing.T) {
	srv := newServer(t, unlimited)
	key := srv.NewKey()
	id := createPin(t, srv, key, titled("x"))
	call(t, "GET", srv.URL+"/pins/"+id, "", nil).want(t, 401, "UNAUTHORIZED")
	call(t, "GET", srv.URL+"/pins/"+id, key, nil).want(t, 200, "")
	call(t, "GET", srv.URL+"/nothing", key, nil).want(t, 404, "NO_ROUTE")
	st := srv.Stats()
	want := pindowntest.Stats{
		Requests:    map[pindowntest.Route]int{pindowntest.RouteCreate: 1, pindowntest.RouteGet: 2},
		RateLimited: map[pindowntest.Route]int{},
		Pins:        1,
	}
	if diff := cmp.Diff(want, st); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
}
