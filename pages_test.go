package pindown_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// Every page method against every error class.
func TestPageErrorClasses(t *testing.T) { testErrorClasses(t, "page ") }

// TestPageLifecycle runs every page method against pindowntest, in its
// newest and its legacy forms.
func TestPageLifecycle(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		t.Run(map[bool]string{false: "newest", true: "legacy"}[legacy], func(t *testing.T) {
			var srvOpts []pindowntest.Option
			if legacy {
				srvOpts = append(srvOpts, pindowntest.WithLegacyForms())
			}
			srv := pindowntest.NewServer(srvOpts...)
			t.Cleanup(srv.Close)
			key, otherKey := srv.NewKey(), srv.NewKey()
			c, err := pindown.NewClient(key, pindown.WithBaseURL(srv.URL), pindown.WithoutRateLimits())
			require.NoError(t, err)
			var pins []string
			for i := range 2 {
				p, err := c.Pins.CreateStatCards(ctx, fmt.Sprint("pin ", i), *statCards())
				require.NoError(t, err)
				pins = append(pins, p.ID)
			}
			pg, err := c.Pages.Create(ctx, &pindown.CreatePageRequest{Title: "Report", Tags: []string{"monthly"}, Pins: pins[:1]})
			require.NoError(t, err)
			require.True(t, strings.HasPrefix(pg.ID, "pg-"), pg.ID)
			require.Equal(t, "Report", pg.Title)
			require.Equal(t, []string{"monthly"}, pg.Tags)
			require.Equal(t, pins[:1], pg.Pins)
			require.Equal(t, "https://pindown.ai/share/pages/"+pg.ID, pg.ShareableURL)
			require.WithinDuration(t, time.Now(), pg.CreatedAt, time.Minute)

			require.NoError(t, c.Pages.AddPin(ctx, pg.ID, pins[1]))
			require.NoError(t, c.Pages.AddPin(ctx, pg.ID, pins[0]))
			got, err := c.Pages.Get(ctx, pg.ID)
			require.NoError(t, err)
			require.Equal(t, []string{pins[0], pins[1], pins[0]}, got.Pins, "page order; a pin may appear twice")
			require.Equal(t, srv.UserID(key), got.OwnerID)
			require.Equal(t, pg.CreatedAt.Truncate(time.Second), got.CreatedAt.Truncate(time.Second))

			lp, err := c.Pages.ListPins(ctx, pg.ID)
			require.NoError(t, err)
			require.Equal(t, 3, lp.Total)
			require.Equal(t, []string{pins[0], pins[1], pins[0]}, ids(lp.Items))
			if !legacy {
				require.Equal(t, "pin 1", lp.Items[1].Metadata.Title)
				require.IsType(t, &pintypes.StatCards{}, lp.Items[1].Config)
			}

			up, err := c.Pages.Update(ctx, pg.ID, &pindown.UpdatePageRequest{Title: pindown.Ptr("Report 2")})
			require.NoError(t, err)
			require.Equal(t, pg.ID, up.ID)
			require.False(t, up.UpdatedAt.IsZero())

			pub, err := c.Pages.Publish(ctx, pg.ID)
			require.NoError(t, err)
			require.Equal(t, &pindown.PublishResult{ID: pg.ID, IsPublic: true, URL: "https://pindown.ai/share/pages/" + pg.ID,
				EmbedURL: "https://pindown.ai/share/pages/" + pg.ID + "/embed"}, pub)
			unpub, err := c.Pages.Unpublish(ctx, pg.ID)
			require.NoError(t, err)
			require.False(t, unpub.IsPublic)

			inv, err := c.Pages.Invite(ctx, pg.ID, "a+b@example.com", pindown.RoleEditor)
			require.NoError(t, err)
			require.Equal(t, "a+b@example.com", inv.Email)
			require.NoError(t, c.Pages.SetUserRole(ctx, pg.ID, srv.UserID(otherKey), pindown.RoleViewer))
			invs, err := c.Pages.ListInvitations(ctx, pg.ID)
			require.NoError(t, err)
			require.Len(t, invs.Pending, 1)
			require.Equal(t, pindown.RoleEditor, invs.Pending[0].Role)
			require.False(t, invs.Pending[0].InvitedAt.IsZero())
			require.Len(t, invs.Active, 1)
			require.Equal(t, srv.UserID(otherKey), invs.Active[0].UserID)
			require.Equal(t, pindown.RoleViewer, invs.Active[0].Role)
			require.NoError(t, c.Pages.CancelInvitation(ctx, pg.ID, "a+b@example.com"))
			require.ErrorIs(t, c.Pages.CancelInvitation(ctx, pg.ID, "a+b@example.com"), pindown.ErrNotFound)

			// The viewer may read the page, not change it.
			viewer, err := pindown.NewClient(otherKey, pindown.WithBaseURL(srv.URL), pindown.WithoutRateLimits())
			require.NoError(t, err)
			_, err = viewer.Pages.Get(ctx, pg.ID)
			require.NoError(t, err)
			require.ErrorIs(t, viewer.Pages.AddPin(ctx, pg.ID, pins[0]), pindown.ErrForbidden)

			require.NoError(t, c.Pages.RemovePin(ctx, pg.ID, pins[0]))
			got, err = c.Pages.Get(ctx, pg.ID)
			require.NoError(t, err)
			require.Equal(t, "Report 2", got.Title)
			require.Equal(t, pins[1:], got.Pins)

			list, err := c.Pages.List(ctx, nil)
			require.NoError(t, err)
			require.Len(t, list.Items, 1)
			require.Equal(t, "Report 2", list.Items[0].Title)

			require.NoError(t, c.Pages.Delete(ctx, pg.ID))
			require.ErrorIs(t, c.Pages.Delete(ctx, pg.ID), pindown.ErrNotFound)
			require.Zero(t, srv.Stats().Pages)
		})
	}
}

// TestPageListAll pages through many pages; the legacy server answers one
// bare array with all of them, which is the whole list.
func TestPageListAll(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		var srvOpts []pindowntest.Option
		if legacy {
			srvOpts = append(srvOpts, pindowntest.WithLegacyForms())
		}
		srv, c := newClient(t, srvOpts, pindown.WithoutRateLimits())
		for i := range 25 {
			_, err := c.Pages.Create(ctx, &pindown.CreatePageRequest{Title: fmt.Sprint("page ", i)})
			require.NoError(t, err)
		}
		seen := map[string]bool{}
		for p, err := range c.Pages.ListAll(ctx, &pindown.ListOptions{Limit: 10}) {
			require.NoError(t, err)
			require.False(t, seen[p.ID])
			seen[p.ID] = true
		}
		require.Len(t, seen, 25)
		want := 3
		if legacy {
			want = 1
		}
		require.Equal(t, want, srv.Stats().Requests[pindowntest.RoutePageList], "legacy=%v", legacy)
	}
}
