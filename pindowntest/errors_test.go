package pindowntest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pindownai/client-go/pindowntest"
)

// routeCall is one route with a well-formed request for it; {id} is replaced.
type routeCall struct {
	route  pindowntest.Route
	method string
	path   string
	body   any
}

func allRoutes(id string) []routeCall {
	return []routeCall{
		{pindowntest.RouteCreate, "POST", "/pins", titled("x")},
		{pindowntest.RouteList, "GET", "/pins", nil},
		{pindowntest.RouteGet, "GET", "/pins/" + id, nil},
		{pindowntest.RouteUpdate, "PUT", "/pins/" + id, map[string]any{"is_public": false}},
		{pindowntest.RouteShare, "POST", "/pins/" + id + "/share", map[string]any{"allow_comments": true}},
		{pindowntest.RouteBatchGet, "POST", "/pins/batch/get", map[string]any{"pin_ids": []string{id}}},
		{pindowntest.RouteBatchCreate, "POST", "/pins/batch", map[string]any{"pins": []any{titled("x")}}},
		{pindowntest.RouteBatchUpdate, "PATCH", "/pins/batch", map[string]any{"updates": []any{map[string]any{"id": id, "is_public": false}}}},
		{pindowntest.RouteBatchDelete, "DELETE", "/pins/batch", map[string]any{"pin_ids": []string{"p-unknown00000"}}},
		{pindowntest.RouteDelete, "DELETE", "/pins/" + id, nil},
	}
}

// routeScope is the scope each route requires.
var routeScope = map[pindowntest.Route]string{
	pindowntest.RouteCreate: "pins:write", pindowntest.RouteList: "pins:read", pindowntest.RouteGet: "pins:read",
	pindowntest.RouteUpdate: "pins:write", pindowntest.RouteDelete: "pins:write", pindowntest.RouteShare: "pins:share",
	pindowntest.RouteBatchGet: "pins:read", pindowntest.RouteBatchCreate: "pins:write",
	pindowntest.RouteBatchUpdate: "pins:write", pindowntest.RouteBatchDelete: "pins:write",
}

// TestAuthAndScopes: every route responds with 401 without a key or with an unknown
// one, 403 SCOPE_REQUIRED with a key lacking its scope, and succeeds with the
// scope alone or with "*".
func TestAuthAndScopes(t *testing.T) {
	srv := newServer(t, unlimited)
	owner := srv.NewKey()
	scopes := []string{"pins:read", "pins:write", "pins:share"}
	for _, rc := range allRoutes("ID") {
		t.Run(string(rc.route), func(t *testing.T) {
			id := createPin(t, srv, owner, titled("p"))
			path := strings.ReplaceAll(rc.path, "ID", id)
			body := rc.body
			if s, err := jsonReplace(body, "ID", id); err == nil {
				body = s
			}
			call(t, rc.method, srv.URL+path, "", body).want(t, 401, "UNAUTHORIZED")
			call(t, rc.method, srv.URL+path, "pk_test_nosuchkey", body).want(t, 401, "UNAUTHORIZED")
			for _, sc := range scopes {
				if sc == routeScope[rc.route] {
					continue
				}
				a := call(t, rc.method, srv.URL+path, srv.NewKey(sc), body).want(t, 403, "SCOPE_REQUIRED")
				if !strings.Contains(a.Error.Message, routeScope[rc.route]) {
					t.Errorf("403 message %q does not name the scope %s", a.Error.Message, routeScope[rc.route])
				}
			}
			// A key with only the route's scope passes the scope check (other
			// owners' pins then fail later, which is fine here).
			if a := call(t, rc.method, srv.URL+path, srv.NewKey(routeScope[rc.route]), body); a.Error.Code == "SCOPE_REQUIRED" || a.Status == 401 {
				t.Errorf("key with %s: got %d %s", routeScope[rc.route], a.Status, a.Raw)
			}
			status := 200
			if rc.route == pindowntest.RouteCreate {
				status = 201
			}
			call(t, rc.method, srv.URL+path, owner, body).want(t, status, "")
		})
	}
}

// jsonReplace replaces s by r in every string (and object key) of a JSON-like
// value built from maps, slices and strings.
func jsonReplace(v any, s, r string) (any, error) {
	switch x := v.(type) {
	case string:
		return strings.ReplaceAll(x, s, r), nil
	case []string:
		out := make([]string, len(x))
		for i, e := range x {
			out[i] = strings.ReplaceAll(e, s, r)
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i], _ = jsonReplace(e, s, r)
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[strings.ReplaceAll(k, s, r)], _ = jsonReplace(e, s, r)
		}
		return out, nil
	}
	return v, fmt.Errorf("unchanged")
}

// TestErrors drives every route into each error the spec names.
func TestErrors(t *testing.T) {
	srv := newServer(t, unlimited)
	me, other := srv.NewKey(), srv.NewKey()
	mine := createPin(t, srv, me, titled("mine"))
	theirs := createPin(t, srv, other, titled("theirs"))
	public := createPin(t, srv, other, map[string]any{"is_public": true, "metadata": map[string]any{"title": "public"}})
	statCards := createPin(t, srv, me, map[string]any{"pin_type": "stat-cards",
		"pin_config": map[string]any{"cards": []any{map[string]any{"title": "A", "value": "1"}}}, "metadata": map[string]any{"title": "s"}})

	many := func(n int, item func(i int) any) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = item(i)
		}
		return out
	}
	ids := func(n int) []any { return many(n, func(i int) any { return fmt.Sprintf("p-%012d", i) }) }
	big := `{"metadata":{"title":"big","description":"` + strings.Repeat("x", pindowntest.MaxBodyBytes) + `"}}`

	cases := []struct {
		name         string
		method, path string
		body         any
		status       int
		code         string
		msg          string // the message must contain this
	}{
		// create
		{"create/malformed JSON", "POST", "/pins", `{"metadata":`, 400, "VALIDATION_FAILED", "malformed"},
		{"create/empty body", "POST", "/pins", nil, 400, "VALIDATION_FAILED", "body"},
		{"create/body not an object", "POST", "/pins", `[1]`, 400, "VALIDATION_FAILED", "object"},
		{"create/trailing garbage", "POST", "/pins", `{"metadata":{"title":"x"}} x`, 400, "VALIDATION_FAILED", "malformed"},
		{"create/no metadata", "POST", "/pins", map[string]any{"pin_type": "markdown"}, 400, "VALIDATION_FAILED", "metadata is required"},
		{"create/metadata not an object", "POST", "/pins", map[string]any{"metadata": "x"}, 400, "VALIDATION_FAILED", "metadata"},
		{"create/no title", "POST", "/pins", map[string]any{"metadata": map[string]any{"description": "d"}}, 400, "VALIDATION_FAILED", "metadata.title is required"},
		{"create/empty title", "POST", "/pins", titled(""), 400, "VALIDATION_FAILED", "metadata.title is required"},
		{"create/title not a string", "POST", "/pins", map[string]any{"metadata": map[string]any{"title": 3}}, 400, "VALIDATION_FAILED", "metadata.title"},
		{"create/is_public not a bool", "POST", "/pins", map[string]any{"is_public": "yes", "metadata": map[string]any{"title": "x"}}, 400, "VALIDATION_FAILED", "is_public"},
		{"create/tags not strings", "POST", "/pins", map[string]any{"metadata": map[string]any{"title": "x", "tags": []any{1}}}, 400, "VALIDATION_FAILED", "tags"},
		{"create/bad layout", "POST", "/pins", map[string]any{"pin_layout": "5x5", "metadata": map[string]any{"title": "x"}}, 400, "VALIDATION_FAILED", "pin_layout"},
		{"create/bad layout in metadata", "POST", "/pins", map[string]any{"metadata": map[string]any{"title": "x", "pin_layout": "1x9"}}, 400, "VALIDATION_FAILED", "pin_layout"},
		{"create/unknown type", "POST", "/pins", map[string]any{"pin_type": "hologram", "metadata": map[string]any{"title": "x"}}, 400, "INVALID_PIN_TYPE", "hologram"},
		{"create/legacy type", "POST", "/pins", map[string]any{"pin_type": "line-chart", "metadata": map[string]any{"title": "x"}}, 400, "INVALID_PIN_TYPE", "pin_type"},
		{"create/unknown type in metadata", "POST", "/pins", map[string]any{"metadata": map[string]any{"title": "x", "pin_type": "hologram"}}, 400, "INVALID_PIN_TYPE", "pin_type"},
		{"create/invalid config", "POST", "/pins", map[string]any{"pin_type": "stat-cards", "pin_config": map[string]any{"cards": []any{}}, "metadata": map[string]any{"title": "x"}}, 400, "PIN_CONFIG_INVALID", "cards"},
		{"create/invalid config in metadata", "POST", "/pins", map[string]any{"metadata": map[string]any{"title": "x", "pin_type": "stat-cards", "pin_config": map[string]any{}}}, 400, "PIN_CONFIG_INVALID", "cards"},
		{"create/invalid legacy content", "POST", "/pins", map[string]any{"content": map[string]any{"content": 42}, "metadata": map[string]any{"title": "x"}}, 400, "PIN_CONFIG_INVALID", "content"},
		{"create/missing config of a type that needs one", "POST", "/pins", map[string]any{"pin_type": "stat-cards", "metadata": map[string]any{"title": "x"}}, 400, "PIN_CONFIG_INVALID", "cards"},
		{"create/root type wins", "POST", "/pins", map[string]any{"pin_type": "stat-cards", "metadata": map[string]any{"title": "x", "pin_type": "markdown"}}, 400, "PIN_CONFIG_INVALID", "cards"},
		{"create/bad invite role", "POST", "/pins", map[string]any{"pending_invites": map[string]any{"a@example.com": "owner"}, "metadata": map[string]any{"title": "x"}}, 400, "VALIDATION_FAILED", "pending_invites"},
		{"create/bad data_type", "POST", "/pins", map[string]any{"data_type": "xml", "metadata": map[string]any{"title": "x"}}, 400, "VALIDATION_FAILED", "data_type"},
		{"create/too large", "POST", "/pins", big, 413, "PAYLOAD_TOO_LARGE", "larger"},

		// list
		{"list/limit 0", "GET", "/pins?limit=0", nil, 400, "VALIDATION_FAILED", "limit"},
		{"list/limit 101", "GET", "/pins?limit=101", nil, 400, "VALIDATION_FAILED", "limit"},
		{"list/limit not a number", "GET", "/pins?limit=ten", nil, 400, "VALIDATION_FAILED", "limit"},
		{"list/negative offset", "GET", "/pins?offset=-1", nil, 400, "VALIDATION_FAILED", "offset"},
		{"list/offset not a number", "GET", "/pins?offset=1.5", nil, 400, "VALIDATION_FAILED", "offset"},

		// get
		{"get/unknown", "GET", "/pins/p-000000000000", nil, 404, "NOT_FOUND", "p-000000000000"},
		{"get/other's private", "GET", "/pins/" + theirs, nil, 404, "NOT_FOUND", theirs},

		// update
		{"update/unknown", "PUT", "/pins/p-000000000000", map[string]any{"is_public": true}, 404, "NOT_FOUND", ""},
		{"update/other's private", "PUT", "/pins/" + theirs, map[string]any{"is_public": true}, 404, "NOT_FOUND", ""},
		{"update/other's public", "PUT", "/pins/" + public, map[string]any{"is_public": true}, 403, "FORBIDDEN", "owner"},
		{"update/malformed JSON", "PUT", "/pins/" + mine, `{"is_public":`, 400, "VALIDATION_FAILED", "malformed"},
		{"update/empty title", "PUT", "/pins/" + mine, map[string]any{"metadata": map[string]any{"title": ""}}, 400, "VALIDATION_FAILED", "metadata.title"},
		{"update/bad layout", "PUT", "/pins/" + mine, map[string]any{"pin_layout": "0x0"}, 400, "VALIDATION_FAILED", "pin_layout"},
		{"update/unknown type", "PUT", "/pins/" + mine, map[string]any{"pin_type": "hologram"}, 400, "INVALID_PIN_TYPE", "pin_type"},
		{"update/type change without a valid config", "PUT", "/pins/" + mine, map[string]any{"pin_type": "stat-cards"}, 400, "PIN_CONFIG_INVALID", "cards"},
		{"update/config invalid for the current type", "PUT", "/pins/" + statCards, map[string]any{"pin_config": map[string]any{"cards": []any{map[string]any{"title": "A"}}}}, 400, "PIN_CONFIG_INVALID", "cards[0].value"},
		{"update/config in metadata invalid", "PUT", "/pins/" + mine, map[string]any{"metadata": map[string]any{"pin_config": map[string]any{"content": 1}}}, 400, "PIN_CONFIG_INVALID", "content"},
		{"update/too large", "PUT", "/pins/" + mine, big, 413, "PAYLOAD_TOO_LARGE", ""},

		// delete
		{"delete/unknown", "DELETE", "/pins/p-000000000000", nil, 404, "NOT_FOUND", ""},
		{"delete/other's private", "DELETE", "/pins/" + theirs, nil, 404, "NOT_FOUND", ""},
		{"delete/other's public", "DELETE", "/pins/" + public, nil, 403, "FORBIDDEN", "owner"},

		// share
		{"share/unknown", "POST", "/pins/p-000000000000/share", map[string]any{"is_public": true}, 404, "NOT_FOUND", ""},
		{"share/other's private", "POST", "/pins/" + theirs + "/share", map[string]any{"is_public": true}, 404, "NOT_FOUND", ""},
		{"share/other's public", "POST", "/pins/" + public + "/share", map[string]any{"is_public": false}, 403, "FORBIDDEN", ""},
		{"share/malformed JSON", "POST", "/pins/" + mine + "/share", `{`, 400, "VALIDATION_FAILED", "malformed"},
		{"share/flag not a bool", "POST", "/pins/" + mine + "/share", map[string]any{"allow_edit": 1}, 400, "VALIDATION_FAILED", "allow_edit"},

		// batch get
		{"batch get/empty", "POST", "/pins/batch/get", map[string]any{"pin_ids": []any{}}, 400, "VALIDATION_FAILED", "pin_ids"},
		{"batch get/missing ids", "POST", "/pins/batch/get", map[string]any{}, 400, "VALIDATION_FAILED", "pin_ids"},
		{"batch get/101 ids", "POST", "/pins/batch/get", map[string]any{"pin_ids": ids(101)}, 400, "VALIDATION_FAILED", "100"},
		{"batch get/malformed JSON", "POST", "/pins/batch/get", `{"pin_ids":[`, 400, "VALIDATION_FAILED", "malformed"},
		{"batch get/ids not strings", "POST", "/pins/batch/get", map[string]any{"pin_ids": []any{1}}, 400, "VALIDATION_FAILED", "pin_ids"},

		// batch create
		{"batch create/empty", "POST", "/pins/batch", map[string]any{"pins": []any{}}, 400, "VALIDATION_FAILED", "pins"},
		{"batch create/missing pins", "POST", "/pins/batch", map[string]any{}, 400, "VALIDATION_FAILED", "pins"},
		{"batch create/51 pins", "POST", "/pins/batch", map[string]any{"pins": many(51, func(int) any { return titled("x") })}, 400, "VALIDATION_FAILED", "50"},
		{"batch create/malformed JSON", "POST", "/pins/batch", `{"pins":[{]}`, 400, "VALIDATION_FAILED", "malformed"},
		{"batch create/pins not an array", "POST", "/pins/batch", map[string]any{"pins": "x"}, 400, "VALIDATION_FAILED", "pins"},
		{"batch create/too large", "POST", "/pins/batch", `{"pins":[` + big + `]}`, 413, "PAYLOAD_TOO_LARGE", ""},

		// batch update
		{"batch update/empty", "PATCH", "/pins/batch", map[string]any{"updates": []any{}}, 400, "VALIDATION_FAILED", "updates"},
		{"batch update/51 updates", "PATCH", "/pins/batch", map[string]any{"updates": many(51, func(int) any { return map[string]any{"id": mine} })}, 400, "VALIDATION_FAILED", "50"},
		{"batch update/malformed JSON", "PATCH", "/pins/batch", `nope`, 400, "VALIDATION_FAILED", "malformed"},

		// batch delete
		{"batch delete/empty", "DELETE", "/pins/batch", map[string]any{"pin_ids": []any{}}, 400, "VALIDATION_FAILED", "pin_ids"},
		{"batch delete/51 ids", "DELETE", "/pins/batch", map[string]any{"pin_ids": ids(51)}, 400, "VALIDATION_FAILED", "50"},
		{"batch delete/malformed JSON", "DELETE", "/pins/batch", `{"pin_ids":"`, 400, "VALIDATION_FAILED", "malformed"},

		// routing
		{"unknown route", "GET", "/boards", nil, 404, "NO_ROUTE", "/v1/boards"},
		{"unknown sub-route", "GET", "/pins/" + mine + "/comments", nil, 404, "NO_ROUTE", ""},
		{"empty id", "GET", "/pins/", nil, 404, "NO_ROUTE", ""},
		{"wrong method on /pins", "DELETE", "/pins", nil, 405, "METHOD_NOT_ALLOWED", "DELETE"},
		{"wrong method on /pins/{id}", "POST", "/pins/" + mine, nil, 405, "METHOD_NOT_ALLOWED", ""},
		{"wrong method on share", "GET", "/pins/" + mine + "/share", nil, 405, "METHOD_NOT_ALLOWED", ""},
		{"wrong method on batch", "PUT", "/pins/batch", nil, 405, "METHOD_NOT_ALLOWED", ""},
		{"wrong method on batch get", "GET", "/pins/batch/get", nil, 405, "METHOD_NOT_ALLOWED", ""},
	}
	before := srv.Stats().Pins
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := call(t, tc.method, srv.URL+tc.path, me, tc.body).want(t, tc.status, tc.code)
			if !strings.Contains(a.Error.Message, tc.msg) {
				t.Errorf("message %q does not contain %q", a.Error.Message, tc.msg)
			}
			if a.Status == 405 && a.Header.Get("Allow") == "" {
				t.Error("405 without an Allow header")
			}
		})
	}
	if got := srv.Stats().Pins; got != before {
		t.Errorf("failed requests changed the number of pins: %d → %d", before, got)
	}
	// Nothing above changed the pins it failed on.
	var got struct {
		IsPublic bool `json:"is_public"`
		Metadata struct {
			Title   string `json:"title"`
			PinType string `json:"pin_type"`
		} `json:"metadata"`
	}
	call(t, "GET", srv.URL+"/pins/"+mine, me, nil).want(t, 200, "").decode(t, &got)
	if got.IsPublic || got.Metadata.Title != "mine" || got.Metadata.PinType != "markdown" {
		t.Errorf("mine changed: %+v", got)
	}
	call(t, "GET", srv.URL+"/pins/"+public, other, nil).want(t, 200, "").decode(t, &got)
	if !got.IsPublic {
		t.Errorf("public pin changed: %+v", got)
	}
}
