package pindowntest_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestDefect14_UnknownRouteCode: a request that matches no route (typically a
// base URL without /v1) is responded 404 with a code of its own, never one of
// the API's not-found codes, so that a client cannot mistake a wrong URL for
// a resource that is gone; the message names the method and the path.
func TestDefect14_UnknownRouteCode(t *testing.T) {
	srv := newServer(t, unlimited)
	key := srv.NewKey()
	base := strings.TrimSuffix(srv.URL, "/v1")
	for _, tc := range []struct{ method, url, path string }{
		{"GET", base + "/pins", "/pins"}, // base URL without /v1
		{"DELETE", base + "/pins/p-abc123def456", "/pins/p-abc123def456"},
		{"GET", srv.URL + "/boards", "/v1/boards"},
		{"GET", srv.URL + "/pins/", "/v1/pins/"},
		{"POST", srv.URL + "/pins/p-abc123def456/comments", "/v1/pins/p-abc123def456/comments"},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			a := call(t, tc.method, tc.url, key, nil)
			if a.Status != 404 {
				t.Fatalf("status %d, want 404; body %s", a.Status, a.Raw)
			}
			if a.Error.Code != "NO_ROUTE" {
				t.Errorf("code %q, want NO_ROUTE (not a not-found code); body %s", a.Error.Code, a.Raw)
			}
			if want := fmt.Sprintf("%s %s", tc.method, tc.path); !strings.Contains(a.Error.Message, want) {
				t.Errorf("message %q does not name %q", a.Error.Message, want)
			}
		})
	}
}

// TestDefect25_UnknownScope: NewKey panics on a scope it does not know, naming
// the bad scope and listing the valid ones, instead of minting a key without
// scopes.
func TestDefect25_UnknownScope(t *testing.T) {
	srv := newServer(t, unlimited)
	for _, bad := range []string{"pins:reed", "", "PINS:READ", "pinboards:*"} {
		t.Run(bad, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil {
					t.Fatalf("NewKey(%q) did not panic", bad)
				}
				msg := fmt.Sprint(r)
				for _, want := range []string{fmt.Sprintf("%q", bad), "pins:read", "pins:write", "pins:share",
					"pinboards:read", "pinboards:write", "pinboards:share", "pages:read", "pages:write", `"*"`} {
					if !strings.Contains(msg, want) {
						t.Errorf("panic message %q does not contain %s", msg, want)
					}
				}
			}()
			srv.NewKey("pins:read", bad)
		})
	}
	// Valid scopes still mint keys, and no scopes means all of them.
	for _, scopes := range [][]string{nil, {"pins:read"}, {"*"}, {"pinboards:read", "pages:write"}} {
		if key := srv.NewKey(scopes...); !strings.HasPrefix(key, "pk_test_") {
			t.Errorf("NewKey(%q) = %q", scopes, key)
		}
	}
	call(t, "POST", srv.URL+"/pins", srv.NewKey(), titled("x")).want(t, 201, "")
}
