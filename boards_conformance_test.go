package pindown_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
)

// TestConformanceBoardsPages decodes every response of
// ../shared/conformance/boards_pages.json through the real client, served
// by an httptest server, and checks the expected values.
func TestConformanceBoardsPages(t *testing.T) {
	var file struct{ Cases []responseCase }
	require.NoError(t, json.Unmarshal(conformance(t, "boards_pages.json"), &file))
	require.NotEmpty(t, file.Cases)
	for _, tc := range file.Cases {
		t.Run(tc.Name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tc.Status)
				w.Write(tc.Body)
			}))
			defer srv.Close()
			c, err := pindown.NewClient("pk_test_conformance", pindown.WithBaseURL(srv.URL), pindown.WithMaxRetries(0))
			require.NoError(t, err)
			got, err := runBoardOperation(t, c, tc.Operation)
			require.NoError(t, err)
			for k, want := range tc.Expect {
				if k == "ok" {
					continue
				}
				have := boardField(t, got, k)
				if k == "found" || k == "items" || k == "pending" || k == "active" {
					compareNested(t, want, have)
					continue
				}
				require.Empty(t, cmp.Diff(normalize(t, want), normalize(t, have)), "field %s", k)
			}
		})
	}
}

// The pin ids the batch cases send: the conformance bodies report them.
var conformancePins = []string{"p-pin1", "p-pin2", "p-pin3"}

func runBoardOperation(t *testing.T, c *pindown.Client, op string) (any, error) {
	switch op {
	case "pinboard_create":
		return c.Pinboards.Create(ctx, &pindown.CreatePinboardRequest{Title: "sent title"})
	case "pinboard_get":
		return c.Pinboards.Get(ctx, "pb-abc123def456")
	case "pinboard_list":
		return c.Pinboards.List(ctx, nil)
	case "pinboard_update":
		return c.Pinboards.Update(ctx, "pb-abc123", &pindown.UpdatePinboardRequest{Title: pindown.Ptr("x")})
	case "pinboard_add_pin":
		return struct{}{}, c.Pinboards.AddPin(ctx, "pb-abc123", "p-pin1", &pindown.Position{W: 2, H: 1})
	case "pinboard_update_layout":
		return struct{}{}, c.Pinboards.UpdateLayout(ctx, "pb-abc123", &pindown.UpdateLayoutRequest{Layout: pindown.BoardLayout{"p-pin1": {W: 1, H: 1}}})
	case "pinboard_share":
		return c.Pinboards.Share(ctx, "pb-abc123", &pindown.PinboardShareSettings{IsPublic: pindown.Ptr(true)})
	case "pinboard_batch_get":
		return c.Pinboards.BatchGet(ctx, []string{"pb-abc123", "pb-xyz789", "pb-def456"})
	case "pinboard_batch_add_pins":
		return c.Pinboards.BatchAddPins(ctx, "pb-abc123", conformancePins)
	case "pinboard_batch_remove_pins":
		return c.Pinboards.BatchRemovePins(ctx, "pb-abc123", conformancePins)
	case "page_create":
		return c.Pages.Create(ctx, &pindown.CreatePageRequest{Title: "sent title"})
	case "page_get":
		return c.Pages.Get(ctx, "pg-abc123")
	case "page_list":
		return c.Pages.List(ctx, nil)
	case "page_add_pin":
		return struct{}{}, c.Pages.AddPin(ctx, "pg-abc123", "p-xyz789")
	case "page_list_pins":
		return c.Pages.ListPins(ctx, "pg-abc123")
	case "page_list_invitations":
		return c.Pages.ListInvitations(ctx, "pg-abc123")
	}
	t.Fatalf("unknown operation %q", op)
	return nil, nil
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// boardView is a pinboard as the conformance file names its fields.
func boardView(b *pindown.Pinboard) map[string]any {
	return map[string]any{
		"id": b.ID, "title": b.Title, "description": b.Description, "tags": b.Tags, "pins": b.Pins,
		"pin_count": b.PinCount, "layout": b.Layout, "mobile_layout": b.MobileLayout,
		"is_public": b.IsPublic, "require_sign_in": b.RequireSignIn, "allow_comments": b.AllowComments,
		"owner_id": b.OwnerID, "shareable_url": b.ShareableURL,
		"created_at": rfc3339(b.CreatedAt), "updated_at": rfc3339(b.UpdatedAt),
	}
}

func pageView(p *pindown.Page) map[string]any {
	return map[string]any{
		"id": p.ID, "title": p.Title, "tags": p.Tags, "pins": p.Pins, "is_public": p.IsPublic,
		"owner_id": p.OwnerID, "shareable_url": p.ShareableURL,
		"created_at": rfc3339(p.CreatedAt), "updated_at": rfc3339(p.UpdatedAt),
	}
}

// only keeps the keys of view that want names (the file compares those).
func only(view map[string]any, want any) map[string]any {
	out := map[string]any{}
	if w, ok := want.(map[string]any); ok {
		for k := range w {
			out[k] = view[k]
		}
	}
	return out
}

func boardField(t *testing.T, got any, k string) any {
	t.Helper()
	var v map[string]any
	switch g := got.(type) {
	case *pindown.Pinboard:
		v = boardView(g)
	case *pindown.Page:
		v = pageView(g)
	case *pindown.PinboardUpdateResult:
		v = map[string]any{"id": g.ID, "updated_at": rfc3339(g.UpdatedAt)}
	case *pindown.PinboardShareResult:
		v = map[string]any{"id": g.ID, "is_public": g.IsPublic, "require_sign_in": g.RequireSignIn,
			"allow_comments": g.AllowComments, "shareable_url": g.URL}
	case *pindown.PinboardBatchGetResult:
		var foundIDs []string
		var found []map[string]any
		for _, b := range g.Found {
			foundIDs = append(foundIDs, b.ID)
			found = append(found, boardView(b))
		}
		v = map[string]any{"found_ids": foundIDs, "not_found": g.NotFound, "permission_denied": g.PermissionDenied, "found": found}
	case *pindown.BatchResult[string]:
		var ok []string
		var failed []map[string]any
		for i, it := range g.Items {
			if it.Err != nil {
				failed = append(failed, map[string]any{"id": conformancePins[i], "error": strings.TrimPrefix(it.Err.Error(), "pindown: ")})
			} else {
				ok = append(ok, it.Value)
			}
		}
		v = map[string]any{"added": ok, "removed": ok, "failed": failed}
	case *pindown.PinboardList:
		var ids, titles []string
		var counts []int
		for _, b := range g.Items {
			ids, titles, counts = append(ids, b.ID), append(titles, b.Title), append(counts, b.PinCount)
		}
		v = map[string]any{"total": g.Total, "ids": ids, "titles": titles, "pin_counts": counts}
	case *pindown.PageList:
		var ids, titles []string
		var items []map[string]any
		for _, p := range g.Items {
			ids, titles, items = append(ids, p.ID), append(titles, p.Title), append(items, pageView(p))
		}
		v = map[string]any{"total": g.Total, "ids": ids, "titles": titles, "items": items}
	case *pindown.PagePins:
		var ids, titles, types []string
		for _, p := range g.Items {
			ids, titles, types = append(ids, p.ID), append(titles, p.Metadata.Title), append(types, string(p.Type))
		}
		v = map[string]any{"total": g.Total, "ids": ids, "titles": titles, "pin_types": types}
	case *pindown.Invitations:
		var pending, active []map[string]any
		for _, p := range g.Pending {
			pending = append(pending, map[string]any{"email": p.Email, "role": p.Role, "invited_at": rfc3339(p.InvitedAt)})
		}
		for _, a := range g.Active {
			active = append(active, map[string]any{"user_id": a.UserID, "email": a.Email, "role": a.Role, "added_at": rfc3339(a.AddedAt)})
		}
		v = map[string]any{"pending": pending, "active": active}
	default:
		t.Fatalf("no field %q in %T", k, got)
	}
	have, ok := v[k]
	require.True(t, ok, "unknown expect field %q for %T", k, got)
	return have
}

// compareNested compares lists of objects (found, items, the invitation
// lists) on the fields the file names only.
func compareNested(t *testing.T, want, have any) {
	t.Helper()
	wl, _ := normalize(t, want).([]any)
	hl, _ := normalize(t, have).([]any)
	require.Len(t, hl, len(wl))
	for i := range wl {
		require.Empty(t, cmp.Diff(wl[i], normalize(t, only(hl[i].(map[string]any), wl[i]))), "item %d", i)
	}
}
