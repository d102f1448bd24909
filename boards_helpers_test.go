package pindown_test

import (
	"testing"

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

// boardOp is a pinboard or page operation of the matrices.
type boardOp struct {
	matrixOp
	targeted bool // it addresses one board or page (so 404 and 403 permission apply)
	batchGet bool // a missing or forbidden board is in the result, not an error
}

// boardOps are every pinboard and page method, on a fixture.
var boardOps = []boardOp{
	{matrixOp{"pinboard create", pindowntest.RoutePinboardCreate, false, func(c *pindown.Client, _ []string) error {
		_, err := c.Pinboards.Create(ctx, &pindown.CreatePinboardRequest{Title: "new"})
		return err
	}}, false, false},
	{matrixOp{"pinboard get", pindowntest.RoutePinboardGet, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pinboards.Get(ctx, ids[fxBoard])
		return err
	}}, true, false},
	{matrixOp{"pinboard list", pindowntest.RoutePinboardList, true, func(c *pindown.Client, _ []string) error {
		_, err := c.Pinboards.List(ctx, nil)
		return err
	}}, false, false},
	{matrixOp{"pinboard update", pindowntest.RoutePinboardUpdate, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pinboards.Update(ctx, ids[fxBoard], &pindown.UpdatePinboardRequest{Title: pindown.Ptr("renamed")})
		return err
	}}, true, false},
	{matrixOp{"pinboard delete", pindowntest.RoutePinboardDelete, true, func(c *pindown.Client, ids []string) error {
		return c.Pinboards.Delete(ctx, ids[fxBoard])
	}}, true, false},
	{matrixOp{"pinboard add pin", pindowntest.RoutePinboardAddPin, true, func(c *pindown.Client, ids []string) error {
		return c.Pinboards.AddPin(ctx, ids[fxBoard], ids[fxPin1], &pindown.Position{X: 2, W: 1, H: 1})
	}}, true, false},
	{matrixOp{"pinboard remove pin", pindowntest.RoutePinboardRemovePin, true, func(c *pindown.Client, ids []string) error {
		return c.Pinboards.RemovePin(ctx, ids[fxBoard], ids[fxPin0])
	}}, true, false},
	{matrixOp{"pinboard update layout", pindowntest.RoutePinboardUpdateLayout, true, func(c *pindown.Client, ids []string) error {
		return c.Pinboards.UpdateLayout(ctx, ids[fxBoard], &pindown.UpdateLayoutRequest{MobileLayout: pindown.BoardLayout{ids[fxPin0]: {W: 1, H: 1}}})
	}}, true, false},
	{matrixOp{"pinboard share", pindowntest.RoutePinboardShare, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pinboards.Share(ctx, ids[fxBoard], &pindown.PinboardShareSettings{IsPublic: pindown.Ptr(true)})
		return err
	}}, true, false},
	{matrixOp{"pinboard batch get", pindowntest.RoutePinboardBatchGet, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pinboards.BatchGet(ctx, ids[fxBoard:fxBoard+1])
		return err
	}}, true, true},
	{matrixOp{"pinboard batch add pins", pindowntest.RoutePinboardBatchAddPins, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pinboards.BatchAddPins(ctx, ids[fxBoard], ids[:2])
		return err
	}}, true, false},
	{matrixOp{"pinboard batch remove pins", pindowntest.RoutePinboardBatchRemovePins, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pinboards.BatchRemovePins(ctx, ids[fxBoard], ids[:1])
		return err
	}}, true, false},
	{matrixOp{"page create", pindowntest.RoutePageCreate, false, func(c *pindown.Client, _ []string) error {
		_, err := c.Pages.Create(ctx, &pindown.CreatePageRequest{Title: "new"})
		return err
	}}, false, false},
	{matrixOp{"page get", pindowntest.RoutePageGet, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pages.Get(ctx, ids[fxPage])
		return err
	}}, true, false},
	{matrixOp{"page list", pindowntest.RoutePageList, true, func(c *pindown.Client, _ []string) error {
		_, err := c.Pages.List(ctx, nil)
		return err
	}}, false, false},
	{matrixOp{"page update", pindowntest.RoutePageUpdate, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pages.Update(ctx, ids[fxPage], &pindown.UpdatePageRequest{Tags: []string{"x"}})
		return err
	}}, true, false},
	{matrixOp{"page delete", pindowntest.RoutePageDelete, true, func(c *pindown.Client, ids []string) error {
		return c.Pages.Delete(ctx, ids[fxPage])
	}}, true, false},
	{matrixOp{"page add pin", pindowntest.RoutePageAddPin, false, func(c *pindown.Client, ids []string) error {
		return c.Pages.AddPin(ctx, ids[fxPage], ids[fxPin1])
	}}, true, false},
	{matrixOp{"page list pins", pindowntest.RoutePageListPins, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pages.ListPins(ctx, ids[fxPage])
		return err
	}}, true, false},
	{matrixOp{"page remove pin", pindowntest.RoutePageRemovePin, true, func(c *pindown.Client, ids []string) error {
		return c.Pages.RemovePin(ctx, ids[fxPage], ids[fxPin0])
	}}, true, false},
	{matrixOp{"page publish", pindowntest.RoutePagePublish, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pages.Publish(ctx, ids[fxPage])
		return err
	}}, true, false},
	{matrixOp{"page unpublish", pindowntest.RoutePageUnpublish, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pages.Unpublish(ctx, ids[fxPage])
		return err
	}}, true, false},
	{matrixOp{"page invite", pindowntest.RoutePageInvite, false, func(c *pindown.Client, ids []string) error {
		_, err := c.Pages.Invite(ctx, ids[fxPage], "new@example.com", pindown.RoleEditor)
		return err
	}}, true, false},
	{matrixOp{"page list invitations", pindowntest.RoutePageListInvitations, true, func(c *pindown.Client, ids []string) error {
		_, err := c.Pages.ListInvitations(ctx, ids[fxPage])
		return err
	}}, true, false},
	{matrixOp{"page cancel invitation", pindowntest.RoutePageCancelInvitation, true, func(c *pindown.Client, ids []string) error {
		return c.Pages.CancelInvitation(ctx, ids[fxPage], invitee)
	}}, true, false},
	{matrixOp{"page set user role", pindowntest.RoutePageSetUserRole, true, func(c *pindown.Client, ids []string) error {
		return c.Pages.SetUserRole(ctx, ids[fxPage], ids[fxUser], pindown.RoleEditor)
	}}, true, false},
}

// boardMatrixOps are boardOps as retry matrix operations.
func boardMatrixOps() []matrixOp {
	out := make([]matrixOp, len(boardOps))
	for i, op := range boardOps {
		out[i] = op.matrixOp
	}
	return out
}
