package pindowntest_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pindownai/client-go/pindowntest"
)

// TestLegacyForms: with WithLegacyForms the pinboard and page routes respond in
// the older documented forms; pins are not affected.
func TestLegacyForms(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, unlimited, pindowntest.WithClock(clock.Now), pindowntest.WithLegacyForms())
	key := srv.NewKey()
	owner := srv.UserID(key)
	const at = "2026-01-01T00:00:00.000Z"
	pin := createPin(t, srv, key, titled("p")) // pins: unchanged (201, newest form)

	// Pinboard create: 200, pre-v1 form.
	a := call(t, "POST", srv.URL+"/pinboards", key, map[string]any{"title": "My Sales Reports", "description": "d"}).want(t, 200, "")
	got := asJSON(t, a.Data).(map[string]any)
	id := got["id"].(string)
	want := map[string]any{
		"id": id, "name": "My Sales Reports", "description": "d", "tags": []any{}, "pins": []any{}, "is_public": false,
		"require_sign_in": false, "allow_comments": false, "author": owner, "views": float64(0), "created_at": at, "updated_at": at,
	}
	if diff := cmp.Diff(want, got); diff != "" || a.Message != "Pinboard created successfully" {
		t.Errorf("legacy create %q (-want +got):\n%s", a.Message, diff)
	}
	call(t, "POST", srv.URL+"/pinboards/"+id+"/pins", key, map[string]any{"pin_id": pin, "position": position}).want(t, 200, "")
	want["pins"] = []any{pin}
	want["layout"] = map[string]any{pin: map[string]any{"x": float64(0), "y": float64(0), "w": float64(2), "h": float64(1)}}
	if diff := cmp.Diff(want, asJSON(t, call(t, "GET", srv.URL+"/pinboards/"+id, key, nil).want(t, 200, "").Data)); diff != "" {
		t.Errorf("legacy get (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"pinboards": []any{want}, "total": float64(1)},
		asJSON(t, call(t, "GET", srv.URL+"/pinboards?limit=1", key, nil).want(t, 200, "").Data)); diff != "" {
		t.Errorf("legacy list (-want +got):\n%s", diff)
	}
	var found struct{ Found []map[string]any }
	call(t, "POST", srv.URL+"/pinboards/batch/get", key, map[string]any{"pinboard_ids": []string{id}}).want(t, 200, "").decode(t, &found)
	if len(found.Found) != 1 || found.Found[0]["name"] != "My Sales Reports" {
		t.Errorf("legacy batch get %+v", found)
	}
	for _, tc := range []struct{ method, path, field string }{
		{"PUT", "/pinboards/" + id, "updated_at"},
		{"DELETE", "/pinboards/" + id, "deleted_at"},
	} {
		d := asJSON(t, call(t, tc.method, srv.URL+tc.path, key, map[string]any{}).want(t, 200, "").Data).(map[string]any)
		if d[tc.field] != at {
			t.Errorf("%s %s: %s = %v, want %s", tc.method, tc.path, tc.field, d[tc.field], at)
		}
	}

	// Pages.
	a = call(t, "POST", srv.URL+"/pages", key, map[string]any{"metadata": map[string]any{"title": "T"}, "pins": []string{pin, pin}}).want(t, 201, "")
	created := asJSON(t, a.Data).(map[string]any)
	pg := created["id"].(string)
	if created["created_at"] != at {
		t.Errorf("legacy page create %v", created)
	}
	wantPage := map[string]any{
		"id": pg, "owner_id": owner, "is_public": false, "pins": []any{pin, pin},
		"metadata": map[string]any{"title": "T", "tags": []any{}, "created_at": at, "updated_at": at},
	}
	if diff := cmp.Diff(wantPage, asJSON(t, call(t, "GET", srv.URL+"/pages/"+pg, key, nil).want(t, 200, "").Data)); diff != "" {
		t.Errorf("legacy page get (-want +got):\n%s", diff)
	}
	second := createPage(t, srv, key, map[string]any{"metadata": map[string]any{"title": "T2"}})
	// A bare array holding every page, whatever limit and offset say. Both
	// were created at the same instant of the fixed clock, so their order
	// is the ids' and not checked.
	list := asJSON(t, call(t, "GET", srv.URL+"/pages?limit=1&offset=1", key, nil).want(t, 200, "").Data)
	l, ok := list.([]any)
	if !ok || len(l) != 2 {
		t.Fatalf("legacy page list %v", list)
	}
	if ids := []any{l[0].(map[string]any)["id"], l[1].(map[string]any)["id"]}; !slices.Contains(ids, any(second)) || !slices.Contains(ids, any(pg)) {
		t.Errorf("legacy page list %v", list)
	}
	call(t, "GET", srv.URL+"/pages?limit=0", key, nil).want(t, 400, "VALIDATION_FAILED")
	if diff := cmp.Diff(map[string]any{"pins": []any{pin, pin}, "total": float64(2)},
		asJSON(t, call(t, "GET", srv.URL+"/pages/"+pg+"/pins", key, nil).want(t, 200, "").Data)); diff != "" {
		t.Errorf("legacy list pins (-want +got):\n%s", diff)
	}
	for _, verb := range []string{"publish", "unpublish"} {
		if a := call(t, "POST", srv.URL+"/pages/"+pg+"/"+verb, key, nil).want(t, 200, ""); a.Data != nil || a.Message == "" {
			t.Errorf("legacy %s responded %s", verb, a.Raw)
		}
	}
	if d := asJSON(t, call(t, "PUT", srv.URL+"/pages/"+pg, key, map[string]any{}).want(t, 200, "").Data).(map[string]any); d["updated_at"] != at {
		t.Errorf("legacy page update %v", d)
	}

	// Pins keep their newest forms.
	var p map[string]any
	call(t, "GET", srv.URL+"/pins/"+pin, key, nil).want(t, 200, "").decode(t, &p)
	if p["created_at"] != float64(t0.UnixMilli()) {
		t.Errorf("pin created_at %v", p["created_at"])
	}
}
