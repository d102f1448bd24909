package pindown_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// A board fixture is what the pinboard and page operations of the matrices
// address, as ids: two pins, a pinboard holding the first, a page holding
// the first with a pending invitation to invitee, and another user.
const (
	fxPin0 = iota
	fxPin1
	fxBoard
	fxPage
	fxUser
)

const invitee = "invitee@example.com"

// seedBoards makes a fixture with c (all scopes) for otherUser.
func seedBoards(t testing.TB, c *pindown.Client, otherUser string) []string {
	t.Helper()
	ids := make([]string, 5)
	for i := range 2 {
		p, err := c.Pins.CreateMarkdown(ctx, "seed", pintypes.Markdown{Content: "x"})
		require.NoError(t, err)
		ids[i] = p.ID
	}
	b, err := c.Pinboards.Create(ctx, &pindown.CreatePinboardRequest{Title: "seed board"})
	require.NoError(t, err)
	require.NoError(t, c.Pinboards.AddPin(ctx, b.ID, ids[fxPin0], &pindown.Position{W: 2, H: 1}))
	pg, err := c.Pages.Create(ctx, &pindown.CreatePageRequest{Title: "seed page", Pins: ids[:1]})
	require.NoError(t, err)
	_, err = c.Pages.Invite(ctx, pg.ID, invitee, pindown.RoleViewer)
	require.NoError(t, err)
	ids[fxBoard], ids[fxPage], ids[fxUser] = b.ID, pg.ID, otherUser
	return ids
}

// boardOp is a pinboard or page operation of the matrices: its route,
// whether the spec calls it safe to repeat, and how to call it on a fixture.
type boardOp struct {
	name     string
	route    pindowntest.Route
	safe     bool
	call     func(ctx context.Context, c *pindown.Client, ids []string) error
	targeted bool // it addresses one board or page (so 404 and 403 permission apply)
	batchGet bool // a missing or forbidden board is in the result, not an error
}

// run calls the operation with the tests' context.
func (op boardOp) run(c *pindown.Client, ids []string) error { return op.call(ctx, c, ids) }

// boardOps are every pinboard and page method, on a fixture.
var boardOps = []boardOp{
	{"pinboard create", pindowntest.RoutePinboardCreate, false, func(ctx context.Context, c *pindown.Client, _ []string) error {
		_, err := c.Pinboards.Create(ctx, &pindown.CreatePinboardRequest{Title: "new"})
		return err
	}, false, false},
	{"pinboard get", pindowntest.RoutePinboardGet, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		_, err := c.Pinboards.Get(ctx, ids[fxBoard])
		return err
	}, true, false},
	{"pinboard list", pindowntest.RoutePinboardList, true, func(ctx context.Context, c *pindown.Client, _ []string) error {
		_, err := c.Pinboards.List(ctx, nil)
		return err
	}, false, false},
	{"pinboard update", pindowntest.RoutePinboardUpdate, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		_, err := c.Pinboards.Update(ctx, ids[fxBoard], &pindown.UpdatePinboardRequest{Title: pindown.Ptr("renamed")})
		return err
	}, true, false},
	{"pinboard delete", pindowntest.RoutePinboardDelete, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		return c.Pinboards.Delete(ctx, ids[fxBoard])
	}, true, false},
	{"pinboard add pin", pindowntest.RoutePinboardAddPin, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		return c.Pinboards.AddPin(ctx, ids[fxBoard], ids[fxPin1], &pindown.Position{X: 2, W: 1, H: 1})
	}, true, false},
	{"pinboard remove pin", pindowntest.RoutePinboardRemovePin, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		return c.Pinboards.RemovePin(ctx, ids[fxBoard], ids[fxPin0])
	}, true, false},
	{"pinboard update layout", pindowntest.RoutePinboardUpdateLayout, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		return c.Pinboards.UpdateLayout(ctx, ids[fxBoard], &pindown.UpdateLayoutRequest{MobileLayout: pindown.BoardLayout{ids[fxPin0]: {W: 1, H: 1}}})
	}, true, false},
	{"pinboard share", pindowntest.RoutePinboardShare, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		_, err := c.Pinboards.Share(ctx, ids[fxBoard], &pindown.PinboardShareSettings{IsPublic: pindown.Ptr(true)})
		return err
	}, true, false},
	{"pinboard batch get", pindowntest.RoutePinboardBatchGet, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		_, err := c.Pinboards.BatchGet(ctx, ids[fxBoard:fxBoard+1])
		return err
	}, true, true},
	{"pinboard batch add pins", pindowntest.RoutePinboardBatchAddPins, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		_, err := c.Pinboards.BatchAddPins(ctx, ids[fxBoard], ids[:2])
		return err
	}, true, false},
	{"pinboard batch remove pins", pindowntest.RoutePinboardBatchRemovePins, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		_, err := c.Pinboards.BatchRemovePins(ctx, ids[fxBoard], ids[:1])
		return err
	}, true, false},
	{"page create", pindowntest.RoutePageCreate, false, func(ctx context.Context, c *pindown.Client, _ []string) error {
		_, err := c.Pages.Create(ctx, &pindown.CreatePageRequest{Title: "new"})
		return err
	}, false, false},
	{"page get", pindowntest.RoutePageGet, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		_, err := c.Pages.Get(ctx, ids[fxPage])
		return err
	}, true, false},
	{"page list", pindowntest.RoutePageList, true, func(ctx context.Context, c *pindown.Client, _ []string) error {
		_, err := c.Pages.List(ctx, nil)
		return err
	}, false, false},
	{"page update", pindowntest.RoutePageUpdate, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		_, err := c.Pages.Update(ctx, ids[fxPage], &pindown.UpdatePageRequest{Tags: []string{"x"}})
		return err
	}, true, false},
	{"page delete", pindowntest.RoutePageDelete, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		return c.Pages.Delete(ctx, ids[fxPage])
	}, true, false},
	{"page add pin", pindowntest.RoutePageAddPin, false, func(ctx context.Context, c *pindown.Client, ids []string) error {
		return c.Pages.AddPin(ctx, ids[fxPage], ids[fxPin1])
	}, true, false},
	{"page list pins", pindowntest.RoutePageListPins, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		_, err := c.Pages.ListPins(ctx, ids[fxPage])
		return err
	}, true, false},
	{"page remove pin", pindowntest.RoutePageRemovePin, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		return c.Pages.RemovePin(ctx, ids[fxPage], ids[fxPin0])
	}, true, false},
	{"page publish", pindowntest.RoutePagePublish, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		_, err := c.Pages.Publish(ctx, ids[fxPage])
		return err
	}, true, false},
	{"page unpublish", pindowntest.RoutePageUnpublish, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		_, err := c.Pages.Unpublish(ctx, ids[fxPage])
		return err
	}, true, false},
	{"page invite", pindowntest.RoutePageInvite, false, func(ctx context.Context, c *pindown.Client, ids []string) error {
		_, err := c.Pages.Invite(ctx, ids[fxPage], "new@example.com", pindown.RoleEditor)
		return err
	}, true, false},
	{"page list invitations", pindowntest.RoutePageListInvitations, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		_, err := c.Pages.ListInvitations(ctx, ids[fxPage])
		return err
	}, true, false},
	{"page cancel invitation", pindowntest.RoutePageCancelInvitation, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		return c.Pages.CancelInvitation(ctx, ids[fxPage], invitee)
	}, true, false},
	{"page set user role", pindowntest.RoutePageSetUserRole, true, func(ctx context.Context, c *pindown.Client, ids []string) error {
		return c.Pages.SetUserRole(ctx, ids[fxPage], ids[fxUser], pindown.RoleEditor)
	}, true, false},
}

// boardMatrixOps are boardOps as retry matrix operations.
func boardMatrixOps() []matrixOp {
	out := make([]matrixOp, len(boardOps))
	for i, op := range boardOps {
		out[i] = matrixOp{op.name, op.route, op.safe, op.run}
	}
	return out
}

// wantBucket and wantScope are the spec's bucket and scope of a route.
func wantBucket(route pindowntest.Route) pindown.Bucket {
	r := string(route)
	switch {
	case route == pindowntest.RoutePinboardBatchGet:
		return pindown.BucketPinboardBatchRead
	case strings.Contains(r, "/pinboards"):
		if strings.HasPrefix(r, "GET ") {
			return pindown.BucketPinboardRead
		}
		return pindown.BucketPinboardWrite
	case strings.HasPrefix(r, "GET "):
		return pindown.BucketPageRead
	}
	return pindown.BucketPageWrite
}

func wantScope(route pindowntest.Route) string {
	r := string(route)
	switch {
	case route == pindowntest.RoutePinboardShare:
		return pindowntest.ScopePinboardsShare
	case route == pindowntest.RoutePinboardBatchGet:
		return pindowntest.ScopePinboardsRead
	case strings.Contains(r, "/pinboards"):
		if strings.HasPrefix(r, "GET ") {
			return pindowntest.ScopePinboardsRead
		}
		return pindowntest.ScopePinboardsWrite
	case strings.HasPrefix(r, "GET ") && route != pindowntest.RoutePageListInvitations:
		return pindowntest.ScopePagesRead
	}
	return pindowntest.ScopePagesWrite
}

// allScopesBut returns every scope but one.
func allScopesBut(scope string) []string {
	var out []string
	for _, s := range []string{pindowntest.ScopePinsRead, pindowntest.ScopePinsWrite, pindowntest.ScopePinsShare,
		pindowntest.ScopePinboardsRead, pindowntest.ScopePinboardsWrite, pindowntest.ScopePinboardsShare,
		pindowntest.ScopePagesRead, pindowntest.ScopePagesWrite} {
		if s != scope {
			out = append(out, s)
		}
	}
	return out
}

// errorLimits are small scaled windows for the 429 class: a few requests per
// board and page bucket per 500ms.
var errorLimits = pindown.RateLimits{Read: 100, BatchRead: 100, Write: 100,
	PinboardRead: 4, PinboardBatchRead: 4, PinboardWrite: 4, PageRead: 4, PageWrite: 4, Window: 500 * time.Millisecond}

// testErrorClasses runs every operation whose name starts with prefix
// against every error class: 401, 403 for a missing scope, 403 for another
// user's private board or page, 404, 400, and 429 (with the bucket it names).
func testErrorClasses(t *testing.T, prefix string) {
	for _, op := range boardOps {
		if !strings.HasPrefix(op.name, prefix) {
			continue
		}
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			srv := pindowntest.NewServer(pindowntest.WithRateLimits(errorLimits))
			t.Cleanup(srv.Close)
			key, otherKey := srv.NewKey(), srv.NewKey()
			client := func(key string, opts ...pindown.Option) *pindown.Client {
				c, err := pindown.NewClient(key, append([]pindown.Option{pindown.WithBaseURL(srv.URL), pindown.WithRateLimits(errorLimits)}, opts...)...)
				require.NoError(t, err)
				pindown.SetBackoff(c, time.Millisecond, 2*time.Millisecond)
				return c
			}
			owner, other := client(key), client(otherKey)
			ids := seedBoards(t, owner, srv.UserID(otherKey))
			foreign := seedBoards(t, other, srv.UserID(key))

			t.Run("401", func(t *testing.T) {
				err := op.run(client("pk_test_unknown"), ids)
				require.ErrorIs(t, err, pindown.ErrUnauthorized)
				var e *pindown.APIError
				require.ErrorAs(t, err, &e)
				require.Equal(t, 401, e.StatusCode)
			})
			t.Run("403 scope", func(t *testing.T) {
				err := op.run(client(srv.NewKey(allScopesBut(wantScope(op.route))...)), ids)
				require.ErrorIs(t, err, pindown.ErrForbidden)
				var e *pindown.APIError
				require.ErrorAs(t, err, &e)
				require.Equal(t, "SCOPE_REQUIRED", e.Code)
			})
			if op.targeted {
				// another user's private board and page, and ones that do not exist
				theirs := append(slices.Clone(ids[:fxBoard]), foreign[fxBoard], foreign[fxPage], ids[fxUser])
				missing := append(slices.Clone(ids[:fxBoard]), "pb-missing", "pg-missing", ids[fxUser])
				t.Run("403 permission", func(t *testing.T) {
					if op.batchGet {
						res, err := owner.Pinboards.BatchGet(ctx, []string{foreign[fxBoard]})
						require.NoError(t, err)
						require.Equal(t, []string{foreign[fxBoard]}, res.PermissionDenied)
						return
					}
					err := op.run(owner, theirs)
					require.ErrorIs(t, err, pindown.ErrForbidden)
					require.NotErrorIs(t, err, pindown.ErrMaybeCreated)
				})
				t.Run("404", func(t *testing.T) {
					if op.batchGet {
						res, err := owner.Pinboards.BatchGet(ctx, []string{"pb-missing"})
						require.NoError(t, err)
						require.Equal(t, []string{"pb-missing"}, res.NotFound)
						return
					}
					err := op.run(owner, missing)
					require.ErrorIs(t, err, pindown.ErrNotFound)
					require.NotErrorIs(t, err, pindown.ErrMaybeCreated)
				})
			}
			t.Run("400", func(t *testing.T) {
				srv.Inject(op.route, pindowntest.Fault{Status: 400})
				err := op.run(owner, ids)
				require.ErrorIs(t, err, pindown.ErrInvalidRequest)
				require.NotErrorIs(t, err, pindown.ErrMaybeCreated, "a 400 did nothing")
			})
			t.Run("429", func(t *testing.T) {
				// Another client on the key fills the bucket, unknown to
				// the client under test, whose first attempt gets a 429.
				// A fresh key starts on an empty window, its fixtures just
				// seeded, so the bucket stays full for a whole window after
				// the burner (no wait for the earlier subtests' sends to
				// leave it).
				key := srv.NewKey()
				ids := seedBoards(t, client(key), srv.UserID(otherKey))
				burner := client(key, pindown.WithoutRateLimits(), pindown.WithMaxRetries(0))
				for range 10 {
					if err := op.run(burner, ids); errors.Is(err, pindown.ErrRateLimited) {
						break
					}
				}
				before := srv.Stats().RateLimited[op.route]
				err := op.run(client(key, pindown.WithMaxRetries(0)), ids)
				var rl *pindown.RateLimitError
				require.ErrorAs(t, err, &rl)
				require.ErrorIs(t, err, pindown.ErrRateLimited)
				require.Equal(t, wantBucket(op.route), rl.Bucket)
				require.True(t, rl.Server)
				require.Greater(t, rl.RetryAfter, time.Duration(0))
				require.LessOrEqual(t, rl.RetryAfter, errorLimits.Window+time.Second)
				require.NotErrorIs(t, err, pindown.ErrMaybeCreated, "a 429 did nothing")
				require.Equal(t, before+1, srv.Stats().RateLimited[op.route])

				// With retries, the client waits for the window and goes on.
				err = op.run(client(key), ids)
				require.NotErrorIs(t, err, pindown.ErrRateLimited)
			})
		})
	}
}
