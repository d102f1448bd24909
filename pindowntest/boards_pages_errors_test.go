package pindowntest_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestBoardPageErrors drives the pinboard and page routes into the 400, 404
// and 405 responses for bad bodies, ids, positions, roles and limits.
func TestBoardPageErrors(t *testing.T) {
	srv := newServer(t, unlimited)
	f := newFixture(t, srv)
	ids := func(n int, prefix string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("%s-%012d", prefix, i)
		}
		return out
	}
	pos := func(x, y, w, h any) map[string]any { return map[string]any{"x": x, "y": y, "w": w, "h": h} }
	B, G := "/pinboards/{board}", "/pages/{page}"
	cases := []struct {
		name         string
		method, path string
		body         any
		status       int
		code         string
		msg          string
	}{
		// pinboard create and update
		{"board create/malformed JSON", "POST", "/pinboards", `{"title":`, 400, "VALIDATION_FAILED", "malformed"},
		{"board create/no body", "POST", "/pinboards", nil, 400, "VALIDATION_FAILED", "body"},
		{"board create/not an object", "POST", "/pinboards", `[]`, 400, "VALIDATION_FAILED", "object"},
		{"board create/title not a string", "POST", "/pinboards", map[string]any{"title": 1}, 400, "VALIDATION_FAILED", "title"},
		{"board create/empty title", "POST", "/pinboards", map[string]any{"title": ""}, 400, "VALIDATION_FAILED", "title"},
		{"board create/tags not strings", "POST", "/pinboards", map[string]any{"tags": []any{1}}, 400, "VALIDATION_FAILED", "tags"},
		{"board create/is_public not a bool", "POST", "/pinboards", map[string]any{"is_public": "no"}, 400, "VALIDATION_FAILED", "is_public"},
		{"board update/empty title", "PUT", B, map[string]any{"title": ""}, 400, "VALIDATION_FAILED", "title"},
		{"board update/malformed JSON", "PUT", B, `{`, 400, "VALIDATION_FAILED", "malformed"},
		// pinboard list
		{"board list/limit 0", "GET", "/pinboards?limit=0", nil, 400, "VALIDATION_FAILED", "limit"},
		{"board list/limit 101", "GET", "/pinboards?limit=101", nil, 400, "VALIDATION_FAILED", "limit"},
		{"board list/offset -1", "GET", "/pinboards?offset=-1", nil, 400, "VALIDATION_FAILED", "offset"},
		// add pin
		{"add pin/no pin_id", "POST", B + "/pins", map[string]any{}, 400, "VALIDATION_FAILED", "pin_id"},
		{"add pin/empty pin_id", "POST", B + "/pins", map[string]any{"pin_id": ""}, 400, "VALIDATION_FAILED", "pin_id"},
		{"add pin/pin_id not a string", "POST", B + "/pins", map[string]any{"pin_id": 3}, 400, "VALIDATION_FAILED", "pin_id"},
		{"add pin/no body", "POST", B + "/pins", nil, 400, "VALIDATION_FAILED", "body"},
		{"add pin/unknown pin", "POST", B + "/pins", map[string]any{"pin_id": "p-nosuchpin000"}, 404, "NOT_FOUND", "p-nosuchpin000"},
		{"add pin/negative x", "POST", B + "/pins", map[string]any{"pin_id": "{pin2}", "position": pos(-1, 0, 1, 1)}, 400, "VALIDATION_FAILED", "position.x"},
		{"add pin/zero w", "POST", B + "/pins", map[string]any{"pin_id": "{pin2}", "position": pos(0, 0, 0, 1)}, 400, "VALIDATION_FAILED", "position.w"},
		{"add pin/fractional h", "POST", B + "/pins", map[string]any{"pin_id": "{pin2}", "position": pos(0, 0, 1, 1.5)}, 400, "VALIDATION_FAILED", "position.h"},
		{"add pin/missing y", "POST", B + "/pins", map[string]any{"pin_id": "{pin2}", "position": map[string]any{"x": 0, "w": 1, "h": 1}}, 400, "VALIDATION_FAILED", "position.y is required"},
		{"add pin/position not an object", "POST", B + "/pins", map[string]any{"pin_id": "{pin2}", "position": "0,0"}, 400, "VALIDATION_FAILED", "position"},
		{"add pin/x not a number", "POST", B + "/pins", map[string]any{"pin_id": "{pin2}", "position": pos("0", 0, 1, 1)}, 400, "VALIDATION_FAILED", "position.x"},
		// remove pin
		{"remove pin/not on board", "DELETE", B + "/pins/{pin2}", nil, 404, "NOT_FOUND", "not on pinboard"},
		// layout
		{"layout/neither map", "PUT", B + "/layout", map[string]any{}, 400, "VALIDATION_FAILED", "layout or mobile_layout"},
		{"layout/null maps", "PUT", B + "/layout", map[string]any{"layout": nil, "mobile_layout": nil}, 400, "VALIDATION_FAILED", "layout or mobile_layout"},
		{"layout/not a map", "PUT", B + "/layout", map[string]any{"layout": []any{}}, 400, "VALIDATION_FAILED", "layout"},
		{"layout/pin not on board", "PUT", B + "/layout", map[string]any{"layout": map[string]any{"{pin2}": pos(0, 0, 1, 1)}}, 400, "VALIDATION_FAILED", "not on pinboard"},
		{"layout/bad position", "PUT", B + "/layout", map[string]any{"mobile_layout": map[string]any{"{pin}": pos(0, 0, 1, 0)}}, 400, "VALIDATION_FAILED", `mobile_layout["`},
		{"layout/entry not an object", "PUT", B + "/layout", map[string]any{"layout": map[string]any{"{pin}": 1}}, 400, "VALIDATION_FAILED", "layout"},
		// share
		{"board share/flag not a bool", "POST", B + "/share", map[string]any{"is_public": "yes"}, 400, "VALIDATION_FAILED", "is_public"},
		// batches
		{"board batch get/empty", "POST", "/pinboards/batch/get", map[string]any{"pinboard_ids": []string{}}, 400, "VALIDATION_FAILED", "pinboard_ids"},
		{"board batch get/missing", "POST", "/pinboards/batch/get", map[string]any{"pin_ids": []string{"pb-x"}}, 400, "VALIDATION_FAILED", "pinboard_ids"},
		{"board batch get/101", "POST", "/pinboards/batch/get", map[string]any{"pinboard_ids": ids(101, "pb")}, 400, "VALIDATION_FAILED", "100"},
		{"board batch get/not strings", "POST", "/pinboards/batch/get", map[string]any{"pinboard_ids": []any{1}}, 400, "VALIDATION_FAILED", "pinboard_ids"},
		{"batch add/empty", "POST", B + "/pins/batch", map[string]any{"pin_ids": []string{}}, 400, "VALIDATION_FAILED", "pin_ids"},
		{"batch add/51", "POST", B + "/pins/batch", map[string]any{"pin_ids": ids(51, "p")}, 400, "VALIDATION_FAILED", "50"},
		{"batch add/malformed", "POST", B + "/pins/batch", `{"pin_ids":[`, 400, "VALIDATION_FAILED", "malformed"},
		{"batch remove/empty", "DELETE", B + "/pins/batch", map[string]any{"pin_ids": []string{}}, 400, "VALIDATION_FAILED", "pin_ids"},
		{"batch remove/51", "DELETE", B + "/pins/batch", map[string]any{"pin_ids": ids(51, "p")}, 400, "VALIDATION_FAILED", "50"},
		{"batch remove/no body", "DELETE", B + "/pins/batch", nil, 400, "VALIDATION_FAILED", "body"},

		// page create and update
		{"page create/no metadata", "POST", "/pages", map[string]any{"pins": []string{}}, 400, "VALIDATION_FAILED", "metadata is required"},
		{"page create/no title", "POST", "/pages", map[string]any{"metadata": map[string]any{"tags": []string{"a"}}}, 400, "VALIDATION_FAILED", "metadata.title"},
		{"page create/empty title", "POST", "/pages", map[string]any{"metadata": map[string]any{"title": ""}}, 400, "VALIDATION_FAILED", "metadata.title"},
		{"page create/title not a string", "POST", "/pages", map[string]any{"metadata": map[string]any{"title": true}}, 400, "VALIDATION_FAILED", "metadata.title"},
		{"page create/pins not strings", "POST", "/pages", map[string]any{"metadata": map[string]any{"title": "x"}, "pins": []any{1}}, 400, "VALIDATION_FAILED", "pins"},
		{"page create/unknown pin", "POST", "/pages", map[string]any{"metadata": map[string]any{"title": "x"}, "pins": []string{"{pin}", "p-nosuchpin000"}}, 400, "VALIDATION_FAILED", "pins[1]"},
		{"page create/no body", "POST", "/pages", nil, 400, "VALIDATION_FAILED", "body"},
		{"page update/empty title", "PUT", G, map[string]any{"metadata": map[string]any{"title": ""}}, 400, "VALIDATION_FAILED", "metadata.title"},
		{"page update/metadata not an object", "PUT", G, map[string]any{"metadata": 1}, 400, "VALIDATION_FAILED", "metadata"},
		// page list
		{"page list/limit 0", "GET", "/pages?limit=0", nil, 400, "VALIDATION_FAILED", "limit"},
		{"page list/limit x", "GET", "/pages?limit=x", nil, 400, "VALIDATION_FAILED", "limit"},
		{"page list/offset -3", "GET", "/pages?offset=-3", nil, 400, "VALIDATION_FAILED", "offset"},
		// page pins
		{"page add pin/no pin_id", "POST", G + "/pins", map[string]any{"position": pos(0, 0, 1, 1)}, 400, "VALIDATION_FAILED", "pin_id"},
		{"page add pin/unknown pin", "POST", G + "/pins", map[string]any{"pin_id": "p-nosuchpin000"}, 404, "NOT_FOUND", "p-nosuchpin000"},
		{"page remove pin/not on page", "DELETE", G + "/pins/{pin2}", nil, 404, "NOT_FOUND", "not on page"},
		// invitations and roles
		{"invite/no email", "POST", G + "/invitations/send", map[string]any{"role": "editor"}, 400, "VALIDATION_FAILED", "email"},
		{"invite/bad email", "POST", G + "/invitations/send", map[string]any{"email": "nobody", "role": "editor"}, 400, "VALIDATION_FAILED", "email"},
		{"invite/email not a string", "POST", G + "/invitations/send", map[string]any{"email": 5, "role": "editor"}, 400, "VALIDATION_FAILED", "email"},
		{"invite/no role", "POST", G + "/invitations/send", map[string]any{"email": "c@example.com"}, 400, "VALIDATION_FAILED", "role"},
		{"invite/bad role", "POST", G + "/invitations/send", map[string]any{"email": "c@example.com", "role": "owner"}, 400, "VALIDATION_FAILED", "editor or viewer"},
		{"cancel/unknown", "DELETE", G + "/invitations/z@example.com", nil, 404, "NOT_FOUND", "z@example.com"},
		{"set role/bad role", "PUT", G + "/users/{user}/role", map[string]any{"role": "admin"}, 400, "VALIDATION_FAILED", "editor or viewer"},
		{"set role/no role", "PUT", G + "/users/{user}/role", map[string]any{}, 400, "VALIDATION_FAILED", "role"},
		{"set role/no body", "PUT", G + "/users/{user}/role", nil, 400, "VALIDATION_FAILED", "body"},
		{"set role/unknown user", "PUT", G + "/users/usr_nosuchuser0/role", map[string]any{"role": "viewer"}, 404, "NOT_FOUND", "usr_nosuchuser0"},

		// routing
		{"board sub-route", "GET", B + "/comments", nil, 404, "NO_ROUTE", ""},
		{"board batch read as GET", "GET", "/pinboards/batch/get", nil, 405, "METHOD_NOT_ALLOWED", "GET"},
		{"board pins GET", "GET", B + "/pins", nil, 405, "METHOD_NOT_ALLOWED", ""},
		{"board batch pins PUT", "PUT", B + "/pins/batch", nil, 405, "METHOD_NOT_ALLOWED", ""},
		{"page publish GET", "GET", G + "/publish", nil, 405, "METHOD_NOT_ALLOWED", ""},
		{"page send GET", "GET", G + "/invitations/send", nil, 405, "METHOD_NOT_ALLOWED", ""},
		{"page role GET", "GET", G + "/users/{user}/role", nil, 405, "METHOD_NOT_ALLOWED", ""},
		{"page users", "GET", G + "/users", nil, 404, "NO_ROUTE", ""},
		{"empty page id", "GET", "/pages//pins", nil, 404, "NO_ROUTE", ""},
	}
	before := srv.Stats()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := call(t, tc.method, srv.URL+f.expand(tc.path), f.owner, f.expandBody(tc.body)).want(t, tc.status, tc.code)
			if msg := f.expand(tc.msg); !strings.Contains(a.Error.Message, msg) {
				t.Errorf("message %q does not contain %q", a.Error.Message, msg)
			}
			if a.Status == 405 && a.Header.Get("Allow") == "" {
				t.Error("405 without an Allow header")
			}
		})
	}
	after := srv.Stats()
	if after.Pinboards != before.Pinboards || after.Pages != before.Pages {
		t.Errorf("failed requests created pinboards or pages: %+v → %+v", before, after)
	}
	if b := getBoard(t, srv, f.owner, f.board); len(b.Pins) != 1 || len(b.Layout) != 0 || len(b.MobileLayout) != 0 {
		t.Errorf("failed requests changed the board: %+v", b)
	}
	if v := getPage(t, srv, f.owner, f.page); len(v.Pins) != 1 {
		t.Errorf("failed requests changed the page: %+v", v)
	}
}

// TestBoardPageEscapedIDs: ids and e-mails are single escaped path segments.
func TestBoardPageEscapedIDs(t *testing.T) {
	srv := newServer(t, unlimited)
	f := newFixture(t, srv)
	call(t, "GET", srv.URL+"/pinboards/pb%2Fx", f.owner, nil).want(t, 404, "NOT_FOUND")
	call(t, "POST", srv.URL+"/pages/"+f.page+"/invitations/send", f.owner, map[string]any{"email": "x+y@example.com", "role": "viewer"}).want(t, 200, "")
	call(t, "DELETE", srv.URL+"/pages/"+f.page+"/invitations/x%2By%40example.com", f.owner, nil).want(t, 200, "")
	// A pin called "batch" cannot be removed by path: that path is the batch route.
	call(t, "DELETE", srv.URL+"/pinboards/"+f.board+"/pins/batch", f.owner, nil).want(t, 400, "VALIDATION_FAILED")
}
