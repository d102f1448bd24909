package pindowntest_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pindownai/client-go/pindowntest"
)

// fixture is one owner's pins, pinboard and page, and another user.
type fixture struct {
	srv          *pindowntest.Server
	owner, other string // API keys with all scopes
	pin, pin2    string // pins of owner; pin is on board and page, pin2 on neither
	board, page  string // private, of owner
	user         string // the user id of other
}

func newFixture(t testing.TB, srv *pindowntest.Server) fixture {
	t.Helper()
	f := fixture{srv: srv, owner: srv.NewKey(), other: srv.NewKey()}
	f.user = srv.UserID(f.other)
	f.pin = createPin(t, srv, f.owner, titled("pin"))
	f.pin2 = createPin(t, srv, f.owner, titled("pin2"))
	f.board = createBoard(t, srv, f.owner, map[string]any{"title": "board"})
	call(t, "POST", srv.URL+"/pinboards/"+f.board+"/pins", f.owner, map[string]any{"pin_id": f.pin}).want(t, 200, "")
	f.page = createPage(t, srv, f.owner, map[string]any{"metadata": map[string]any{"title": "page"}, "pins": []string{f.pin}})
	call(t, "POST", srv.URL+"/pages/"+f.page+"/invitations/send", f.owner,
		map[string]any{"email": "a@example.com", "role": "editor"}).want(t, 200, "")
	return f
}

// expand replaces the placeholders {board}, {page}, {pin}, {pin2} and {user}.
func (f fixture) expand(s string) string {
	return strings.NewReplacer("{board}", f.board, "{page}", f.page, "{pin}", f.pin, "{pin2}", f.pin2, "{user}", f.user).Replace(s)
}

func (f fixture) expandBody(body any) any {
	for _, p := range []string{"{board}", "{page}", "{pin2}", "{pin}", "{user}"} {
		if v, err := jsonReplace(body, p, f.expand(p)); err == nil {
			body = v
		}
	}
	return body
}

func createBoard(t testing.TB, srv *pindowntest.Server, key string, body any) string {
	t.Helper()
	var d struct{ ID string }
	call(t, "POST", srv.URL+"/pinboards", key, body).want(t, 201, "").decode(t, &d)
	if !strings.HasPrefix(d.ID, "pb-") {
		t.Fatalf("pinboard id %q", d.ID)
	}
	return d.ID
}

func createPage(t testing.TB, srv *pindowntest.Server, key string, body any) string {
	t.Helper()
	var d struct{ ID string }
	call(t, "POST", srv.URL+"/pages", key, body).want(t, 201, "").decode(t, &d)
	if !strings.HasPrefix(d.ID, "pg-") {
		t.Fatalf("page id %q", d.ID)
	}
	return d.ID
}

// boardPageRoute is one pinboard or page route with a well-formed request.
type boardPageRoute struct {
	route  pindowntest.Route
	method string
	path   string // with fixture placeholders
	body   any
	status int // the owner's response
	scope  string
	bucket string
	write  bool // another owner may not do it on a public board or page
}

var position = map[string]any{"x": 0, "y": 0, "w": 2, "h": 1}

var boardPageRoutes = []boardPageRoute{
	{pindowntest.RoutePinboardCreate, "POST", "/pinboards", map[string]any{"title": "t"}, 201, "pinboards:write", "pinboards-write", true},
	{pindowntest.RoutePinboardList, "GET", "/pinboards", nil, 200, "pinboards:read", "pinboards-read", false},
	{pindowntest.RoutePinboardGet, "GET", "/pinboards/{board}", nil, 200, "pinboards:read", "pinboards-read", false},
	{pindowntest.RoutePinboardUpdate, "PUT", "/pinboards/{board}", map[string]any{"title": "u"}, 200, "pinboards:write", "pinboards-write", true},
	{pindowntest.RoutePinboardAddPin, "POST", "/pinboards/{board}/pins", map[string]any{"pin_id": "{pin2}", "position": position}, 200, "pinboards:write", "pinboards-write", true},
	{pindowntest.RoutePinboardUpdateLayout, "PUT", "/pinboards/{board}/layout", map[string]any{"layout": map[string]any{"{pin}": position}}, 200, "pinboards:write", "pinboards-write", true},
	{pindowntest.RoutePinboardShare, "POST", "/pinboards/{board}/share", map[string]any{"allow_comments": true}, 200, "pinboards:share", "pinboards-write", true},
	{pindowntest.RoutePinboardBatchGet, "POST", "/pinboards/batch/get", map[string]any{"pinboard_ids": []string{"{board}"}}, 200, "pinboards:read", "pinboards-batch-read", false},
	{pindowntest.RoutePinboardBatchAddPins, "POST", "/pinboards/{board}/pins/batch", map[string]any{"pin_ids": []string{"{pin2}"}}, 200, "pinboards:write", "pinboards-write", true},
	{pindowntest.RoutePinboardBatchRemovePins, "DELETE", "/pinboards/{board}/pins/batch", map[string]any{"pin_ids": []string{"{pin}"}}, 200, "pinboards:write", "pinboards-write", true},
	{pindowntest.RoutePinboardRemovePin, "DELETE", "/pinboards/{board}/pins/{pin}", nil, 200, "pinboards:write", "pinboards-write", true},
	{pindowntest.RoutePinboardDelete, "DELETE", "/pinboards/{board}", nil, 200, "pinboards:write", "pinboards-write", true},

	{pindowntest.RoutePageCreate, "POST", "/pages", map[string]any{"metadata": map[string]any{"title": "t"}}, 201, "pages:write", "pages-write", true},
	{pindowntest.RoutePageList, "GET", "/pages", nil, 200, "pages:read", "pages-read", false},
	{pindowntest.RoutePageGet, "GET", "/pages/{page}", nil, 200, "pages:read", "pages-read", false},
	{pindowntest.RoutePageUpdate, "PUT", "/pages/{page}", map[string]any{"metadata": map[string]any{"title": "u"}}, 200, "pages:write", "pages-write", true},
	{pindowntest.RoutePageAddPin, "POST", "/pages/{page}/pins", map[string]any{"pin_id": "{pin2}"}, 200, "pages:write", "pages-write", true},
	{pindowntest.RoutePageListPins, "GET", "/pages/{page}/pins", nil, 200, "pages:read", "pages-read", false},
	{pindowntest.RoutePagePublish, "POST", "/pages/{page}/publish", nil, 200, "pages:write", "pages-write", true},
	{pindowntest.RoutePageUnpublish, "POST", "/pages/{page}/unpublish", nil, 200, "pages:write", "pages-write", true},
	{pindowntest.RoutePageInvite, "POST", "/pages/{page}/invitations/send", map[string]any{"email": "b@example.com", "role": "viewer"}, 200, "pages:write", "pages-write", true},
	{pindowntest.RoutePageListInvitations, "GET", "/pages/{page}/invitations", nil, 200, "pages:write", "pages-read", true},
	{pindowntest.RoutePageCancelInvitation, "DELETE", "/pages/{page}/invitations/a@example.com", nil, 200, "pages:write", "pages-write", true},
	{pindowntest.RoutePageSetUserRole, "PUT", "/pages/{page}/users/{user}/role", map[string]any{"role": "viewer"}, 200, "pages:write", "pages-write", true},
	{pindowntest.RoutePageRemovePin, "DELETE", "/pages/{page}/pins/{pin}", nil, 200, "pages:write", "pages-write", true},
	{pindowntest.RoutePageDelete, "DELETE", "/pages/{page}", nil, 200, "pages:write", "pages-write", true},
}

var allScopes = []string{
	pindowntest.ScopePinsRead, pindowntest.ScopePinsWrite, pindowntest.ScopePinsShare,
	pindowntest.ScopePinboardsRead, pindowntest.ScopePinboardsWrite, pindowntest.ScopePinboardsShare,
	pindowntest.ScopePagesRead, pindowntest.ScopePagesWrite,
}

// TestBoardPageRoutesTable: the table above covers every new route once.
func TestBoardPageRoutesTable(t *testing.T) {
	var seen []pindowntest.Route
	for _, rc := range boardPageRoutes {
		if slices.Contains(seen, rc.route) {
			t.Errorf("%s twice", rc.route)
		}
		seen = append(seen, rc.route)
		if method, _, _ := strings.Cut(string(rc.route), " "); method != rc.method {
			t.Errorf("%s: method %s", rc.route, rc.method)
		}
	}
	if len(seen) != 26 {
		t.Errorf("%d routes, want 26 (12 pinboard, 14 page)", len(seen))
	}
}

// TestBoardPageAuthAndScopes: every pinboard and page route responds with 401
// without a key or with an unknown one, 403 SCOPE_REQUIRED (naming the scope)
// with a key holding every other scope, passes the scope check with its scope
// alone, and succeeds for the owner with "*".
func TestBoardPageAuthAndScopes(t *testing.T) {
	for _, rc := range boardPageRoutes {
		t.Run(string(rc.route), func(t *testing.T) {
			srv := newServer(t, unlimited)
			f := newFixture(t, srv)
			before := srv.Stats().Requests[rc.route]
			url, body := srv.URL+f.expand(rc.path), f.expandBody(rc.body)
			call(t, rc.method, url, "", body).want(t, 401, "UNAUTHORIZED")
			call(t, rc.method, url, "pk_test_nosuchkey", body).want(t, 401, "UNAUTHORIZED")
			others := slices.DeleteFunc(slices.Clone(allScopes), func(s string) bool { return s == rc.scope })
			a := call(t, rc.method, url, srv.NewKey(others...), body).want(t, 403, "SCOPE_REQUIRED")
			if !strings.Contains(a.Error.Message, rc.scope) {
				t.Errorf("403 message %q does not name %s", a.Error.Message, rc.scope)
			}
			if a := call(t, rc.method, url, srv.NewKey(rc.scope), body); a.Status == 401 || a.Error.Code == "SCOPE_REQUIRED" {
				t.Errorf("key with %s: %d %s", rc.scope, a.Status, a.Raw)
			}
			call(t, rc.method, url, f.owner, body).want(t, rc.status, "")
			if n := srv.Stats().Requests[rc.route] - before; n != 5 {
				t.Errorf("Stats.Requests[%s] grew by %d, want 5", rc.route, n)
			}
		})
	}
}

// TestBoardPagePermissions: another user gets 403 PERMISSION_DENIED on a
// private pinboard or page for every route, and on a public one for the
// routes that change it; unknown ids get 404 NOT_FOUND.
func TestBoardPagePermissions(t *testing.T) {
	srv := newServer(t, unlimited)
	for _, rc := range boardPageRoutes {
		if !strings.Contains(rc.path, "{board}") && !strings.Contains(rc.path, "{page}") {
			continue
		}
		t.Run(string(rc.route), func(t *testing.T) {
			f := newFixture(t, srv)
			url, body := srv.URL+f.expand(rc.path), f.expandBody(rc.body)
			call(t, rc.method, url, f.other, body).want(t, 403, "PERMISSION_DENIED")

			call(t, "POST", srv.URL+"/pinboards/"+f.board+"/share", f.owner, map[string]any{"is_public": true}).want(t, 200, "")
			call(t, "POST", srv.URL+"/pages/"+f.page+"/publish", f.owner, nil).want(t, 200, "")
			if a := call(t, rc.method, url, f.other, body); rc.write {
				a.want(t, 403, "PERMISSION_DENIED")
			} else {
				a.want(t, rc.status, "")
			}

			unknown := strings.NewReplacer(f.board, "pb-nosuchboard0", f.page, "pg-nosuchpage00").Replace(url)
			a := call(t, rc.method, unknown, f.owner, body).want(t, 404, "NOT_FOUND")
			if !strings.Contains(a.Error.Message, "nosuch") {
				t.Errorf("404 message %q does not name the id", a.Error.Message)
			}
		})
	}
}

// TestBoardPageFaults: faults are injected on the new routes like on the pin
// routes, and counted in Stats.
func TestBoardPageFaults(t *testing.T) {
	srv := newServer(t, unlimited)
	f := newFixture(t, srv)
	srv.Inject(pindowntest.RoutePinboardAddPin, pindowntest.Fault{Status: 503, Times: 2})
	add := func() response {
		return call(t, "POST", srv.URL+"/pinboards/"+f.board+"/pins", f.owner, map[string]any{"pin_id": f.pin2})
	}
	add().want(t, 503, "SERVICE_UNAVAILABLE")
	add().want(t, 503, "SERVICE_UNAVAILABLE")
	if pins := getBoard(t, srv, f.owner, f.board).Pins; len(pins) != 1 {
		t.Errorf("fault-responded adds changed the board: %v", pins)
	}
	add().want(t, 200, "")

	// A page add-pin that is processed but responded 500: a client that
	// repeats it puts the pin on the page twice.
	srv.Inject(pindowntest.RoutePageAddPin, pindowntest.Fault{Status: 500, AfterProcessing: true})
	addPage := func() response {
		return call(t, "POST", srv.URL+"/pages/"+f.page+"/pins", f.owner, map[string]any{"pin_id": f.pin2})
	}
	addPage().want(t, 500, "INTERNAL_SERVER_ERROR")
	addPage().want(t, 200, "")
	if pins := getPage(t, srv, f.owner, f.page).Pins; !slices.Equal(pins, []string{f.pin, f.pin2, f.pin2}) {
		t.Errorf("page pins %v", pins)
	}
	st := srv.Stats()
	if st.Requests[pindowntest.RoutePinboardAddPin] != 4 || st.Requests[pindowntest.RoutePageAddPin] != 2 || st.Pinboards != 1 || st.Pages != 1 {
		t.Errorf("stats %+v", st)
	}
}
