package pindowntest_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pindownai/client-go/pindowntest"
)

// pageData is a page in the newest form.
type pageData struct {
	ID       string `json:"id"`
	OwnerID  string `json:"owner_id"`
	IsPublic bool   `json:"is_public"`
	Metadata struct {
		Title     string   `json:"title"`
		Tags      []string `json:"tags"`
		CreatedAt string   `json:"created_at"`
		UpdatedAt string   `json:"updated_at"`
	} `json:"metadata"`
	Pins      []string `json:"pins"`
	CreatedAt int64    `json:"created_at"`
	UpdatedAt int64    `json:"updated_at"`
}

func getPage(t testing.TB, srv *pindowntest.Server, key, id string) pageData {
	t.Helper()
	var p pageData
	call(t, "GET", srv.URL+"/pages/"+id, key, nil).want(t, 200, "").decode(t, &p)
	return p
}

func TestPageCreateGetListUpdate(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, unlimited, pindowntest.WithClock(clock.Now))
	key := srv.NewKey()
	ms := t0.UnixMilli()
	p1, p2 := createPin(t, srv, key, titled("1")), createPin(t, srv, key, titled("2"))

	a := call(t, "POST", srv.URL+"/pages", key, map[string]any{
		"metadata": map[string]any{"title": "Monthly Sales Report", "tags": []string{"sales", "monthly"}}, "pins": []string{p1, p2},
	}).want(t, 201, "")
	if diff := cmp.Diff(map[string]any{"id": asJSON(t, a.Data).(map[string]any)["id"], "title": "Monthly Sales Report", "created_at": float64(ms)},
		asJSON(t, a.Data)); diff != "" || a.Message != "Page created successfully" {
		t.Errorf("create response %q (-want +got):\n%s", a.Message, diff)
	}
	var c struct{ ID string }
	a.decode(t, &c)
	got := getPage(t, srv, key, c.ID)
	want := pageData{ID: c.ID, OwnerID: srv.UserID(key), Pins: []string{p1, p2}, CreatedAt: ms, UpdatedAt: ms}
	want.Metadata.Title, want.Metadata.Tags = "Monthly Sales Report", []string{"sales", "monthly"}
	want.Metadata.CreatedAt, want.Metadata.UpdatedAt = "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("get (-want +got):\n%s", diff)
	}

	clock.Advance(time.Second)
	second := createPage(t, srv, key, map[string]any{"metadata": map[string]any{"title": "Second"}, "is_public": true})
	createPage(t, srv, srv.NewKey(), map[string]any{"metadata": map[string]any{"title": "not mine"}})
	var l struct {
		Pages []pageData `json:"pages"`
		Total int        `json:"total"`
	}
	call(t, "GET", srv.URL+"/pages?limit=1", key, nil).want(t, 200, "").decode(t, &l)
	if l.Total != 2 || len(l.Pages) != 1 || l.Pages[0].ID != second || !l.Pages[0].IsPublic {
		t.Errorf("list %+v", l)
	}
	call(t, "GET", srv.URL+"/pages?offset=1", key, nil).want(t, 200, "").decode(t, &l)
	if l.Total != 2 || len(l.Pages) != 1 || l.Pages[0].ID != c.ID {
		t.Errorf("list offset 1 %+v", l)
	}

	// Update: metadata only, partial.
	call(t, "PUT", srv.URL+"/pages/"+c.ID, key, map[string]any{"metadata": map[string]any{"tags": []string{"q1"}}}).want(t, 200, "")
	got = getPage(t, srv, key, c.ID)
	if got.Metadata.Title != "Monthly Sales Report" || !slices.Equal(got.Metadata.Tags, []string{"q1"}) || got.UpdatedAt != ms+1000 ||
		got.Metadata.UpdatedAt != "2026-01-01T00:00:01.000Z" {
		t.Errorf("after update %+v", got)
	}
	// Delete: pins stay.
	call(t, "DELETE", srv.URL+"/pages/"+c.ID, key, nil).want(t, 200, "")
	call(t, "DELETE", srv.URL+"/pages/"+c.ID, key, nil).want(t, 404, "NOT_FOUND")
	if st := srv.Stats(); st.Pins != 2 || st.Pages != 2 {
		t.Errorf("stats %+v", st)
	}
}

// TestPagePins: add keeps order and may add a pin twice; list-pins gives
// full pins in page order; remove takes every occurrence.
func TestPagePins(t *testing.T) {
	srv := newServer(t, unlimited)
	key, other := srv.NewKey(), srv.NewKey()
	p1 := createPin(t, srv, key, map[string]any{"pin_type": "stat-cards", "pin_config": map[string]any{"cards": []any{map[string]any{"title": "A", "value": "1"}}}, "metadata": map[string]any{"title": "Key Metrics"}})
	p2 := createPin(t, srv, key, titled("Report Header"))
	public := createPin(t, srv, other, map[string]any{"is_public": true, "metadata": map[string]any{"title": "public"}})
	private := createPin(t, srv, other, titled("private"))
	id := createPage(t, srv, key, map[string]any{"metadata": map[string]any{"title": "p"}})
	url := srv.URL + "/pages/" + id

	for _, p := range []string{p2, p1, p2, public} {
		a := call(t, "POST", url+"/pins", key, map[string]any{"pin_id": p}).want(t, 200, "")
		if a.Message != "Pin added to page successfully" || a.Data != nil {
			t.Errorf("add-pin response %s", a.Raw)
		}
	}
	call(t, "POST", url+"/pins", key, map[string]any{"pin_id": private}).want(t, 404, "NOT_FOUND")
	type listed struct {
		ID       string `json:"id"`
		Metadata struct {
			Title     string         `json:"title"`
			PinType   string         `json:"pin_type"`
			PinConfig map[string]any `json:"pin_config"`
		} `json:"metadata"`
	}
	var l struct {
		Pins  []listed `json:"pins"`
		Total int      `json:"total"`
	}
	call(t, "GET", url+"/pins", key, nil).want(t, 200, "").decode(t, &l)
	var ids, titles []string
	for _, p := range l.Pins {
		ids, titles = append(ids, p.ID), append(titles, p.Metadata.Title)
	}
	if !slices.Equal(ids, []string{p2, p1, p2, public}) || !slices.Equal(titles, []string{"Report Header", "Key Metrics", "Report Header", "public"}) ||
		l.Total != 4 || l.Pins[1].Metadata.PinType != "stat-cards" || l.Pins[1].Metadata.PinConfig["cards"] == nil {
		t.Errorf("list pins %+v", l)
	}
	// A pin that turned private is listed by id only to others.
	call(t, "POST", srv.URL+"/pins/"+public+"/share", other, map[string]any{"is_public": false}).want(t, 200, "")
	l.Pins = nil
	call(t, "GET", url+"/pins", key, nil).want(t, 200, "").decode(t, &l)
	if l.Pins[3].ID != public || l.Pins[3].Metadata.Title != "" {
		t.Errorf("hidden pin listed as %+v", l.Pins[3])
	}

	call(t, "DELETE", url+"/pins/"+p2, key, nil).want(t, 200, "")
	call(t, "DELETE", url+"/pins/"+p2, key, nil).want(t, 404, "NOT_FOUND")
	if got := getPage(t, srv, key, id).Pins; !slices.Equal(got, []string{p1, public}) {
		t.Errorf("after remove %v", got)
	}
}

func TestPagePublish(t *testing.T) {
	srv := newServer(t, unlimited)
	key, other := srv.NewKey(), srv.NewKey()
	id := createPage(t, srv, key, map[string]any{"metadata": map[string]any{"title": "p"}})
	call(t, "GET", srv.URL+"/pages/"+id, other, nil).want(t, 403, "PERMISSION_DENIED")
	type published struct {
		ID           string `json:"id"`
		IsPublic     bool   `json:"is_public"`
		ShareableURL string `json:"shareable_url"`
	}
	for _, tc := range []struct {
		verb   string
		public bool
	}{{"publish", true}, {"publish", true}, {"unpublish", false}, {"unpublish", false}, {"publish", true}} {
		var got published
		call(t, "POST", srv.URL+"/pages/"+id+"/"+tc.verb, key, nil).want(t, 200, "").decode(t, &got)
		if want := (published{id, tc.public, "https://pindown.ai/share/pages/" + id}); got != want {
			t.Errorf("%s: %+v, want %+v", tc.verb, got, want)
		}
		if getPage(t, srv, key, id).IsPublic != tc.public {
			t.Errorf("%s: is_public not %v", tc.verb, tc.public)
		}
	}
	if got := getPage(t, srv, other, id); got.ID != id {
		t.Errorf("public page read by another: %+v", got)
	}
	call(t, "GET", srv.URL+"/pages/"+id+"/pins", other, nil).want(t, 200, "")
	call(t, "GET", srv.URL+"/pages/"+id+"/invitations", other, nil).want(t, 403, "PERMISSION_DENIED")
}

type invitations struct {
	Pending []struct {
		Email     string `json:"email"`
		Role      string `json:"role"`
		InvitedAt string `json:"invited_at"`
	} `json:"pending"`
	Active []struct {
		UserID  string `json:"user_id"`
		Email   string `json:"email"`
		Role    string `json:"role"`
		AddedAt string `json:"added_at"`
	} `json:"active"`
}

// TestPageInvitationsAndRoles: send (a resend replaces), list, cancel; set
// role makes a user an active collaborator, whose role decides what it may do.
func TestPageInvitationsAndRoles(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, unlimited, pindowntest.WithClock(clock.Now))
	owner, editor, viewer, stranger := srv.NewKey(), srv.NewKey(), srv.NewKey(), srv.NewKey()
	id := createPage(t, srv, owner, map[string]any{"metadata": map[string]any{"title": "p"}})
	url := srv.URL + "/pages/" + id
	list := func(key string) invitations {
		t.Helper()
		var v invitations
		call(t, "GET", url+"/invitations", key, nil).want(t, 200, "").decode(t, &v)
		return v
	}
	if v := list(owner); v.Pending == nil || v.Active == nil || len(v.Pending)+len(v.Active) != 0 {
		t.Errorf("fresh page invitations %+v", v)
	}
	call(t, "POST", url+"/invitations/send", owner, map[string]any{"email": "a@example.com", "role": "editor"}).want(t, 200, "")
	call(t, "POST", url+"/invitations/send", owner, map[string]any{"email": "b@example.com", "role": "viewer"}).want(t, 200, "")
	clock.Advance(time.Second)
	call(t, "POST", url+"/invitations/send", owner, map[string]any{"email": "a@example.com", "role": "viewer"}).want(t, 200, "")
	v := list(owner)
	if len(v.Pending) != 2 || v.Pending[0].Email != "a@example.com" || v.Pending[0].Role != "viewer" ||
		v.Pending[0].InvitedAt != "2026-01-01T00:00:01.000Z" || v.Pending[1].Email != "b@example.com" {
		t.Errorf("after resend %+v", v)
	}
	call(t, "DELETE", url+"/invitations/a@example.com", owner, nil).want(t, 200, "")
	call(t, "DELETE", url+"/invitations/a%40example.com", owner, nil).want(t, 404, "NOT_FOUND")
	if v := list(owner); len(v.Pending) != 1 || v.Pending[0].Email != "b@example.com" {
		t.Errorf("after cancel %+v", v)
	}

	// Roles.
	for _, u := range []struct{ key, role string }{{editor, "viewer"}, {editor, "editor"}, {viewer, "viewer"}} {
		call(t, "PUT", url+"/users/"+srv.UserID(u.key)+"/role", owner, map[string]any{"role": u.role}).want(t, 200, "")
	}
	v = list(owner)
	if len(v.Active) != 2 || v.Active[0].UserID != srv.UserID(editor) || v.Active[0].Role != "editor" || v.Active[0].AddedAt != "2026-01-01T00:00:01.000Z" ||
		v.Active[0].Email == "" || v.Active[1].UserID != srv.UserID(viewer) || v.Active[1].Role != "viewer" {
		t.Errorf("active %+v", v.Active)
	}
	call(t, "PUT", url+"/users/usr_nosuchuser0/role", owner, map[string]any{"role": "viewer"}).want(t, 404, "NOT_FOUND")
	call(t, "PUT", url+"/users/"+srv.UserID(owner)+"/role", owner, map[string]any{"role": "viewer"}).want(t, 400, "VALIDATION_FAILED")

	editorPin := createPin(t, srv, editor, titled("editor's"))
	for _, tc := range []struct {
		name         string
		key          string
		method, path string
		body         any
		status       int
	}{
		{"editor reads", editor, "GET", "", nil, 200},
		{"editor adds a pin", editor, "POST", "/pins", map[string]any{"pin_id": editorPin}, 200},
		{"editor updates", editor, "PUT", "", map[string]any{"metadata": map[string]any{"title": "by editor"}}, 200},
		{"editor invites", editor, "POST", "/invitations/send", map[string]any{"email": "c@example.com", "role": "viewer"}, 200},
		{"editor publishes", editor, "POST", "/publish", nil, 200},
		{"editor unpublishes", editor, "POST", "/unpublish", nil, 200},
		{"editor may not delete", editor, "DELETE", "", nil, 403},
		{"viewer reads", viewer, "GET", "/pins", nil, 200},
		{"viewer may not add", viewer, "POST", "/pins", map[string]any{"pin_id": editorPin}, 403},
		{"viewer may not list invitations", viewer, "GET", "/invitations", nil, 403},
		{"viewer may not set roles", viewer, "PUT", "/users/" + srv.UserID(viewer) + "/role", map[string]any{"role": "editor"}, 403},
		{"stranger may not read", stranger, "GET", "", nil, 403},
		{"editor removes a pin", editor, "DELETE", "/pins/" + editorPin, nil, 200},
	} {
		code := ""
		if tc.status == 403 {
			code = "PERMISSION_DENIED"
		}
		t.Run(tc.name, func(t *testing.T) { call(t, tc.method, url+tc.path, tc.key, tc.body).want(t, tc.status, code) })
	}
	if got := getPage(t, srv, owner, id); got.Metadata.Title != "by editor" || got.IsPublic || len(got.Pins) != 0 {
		t.Errorf("page after the editor %+v", got)
	}
}
