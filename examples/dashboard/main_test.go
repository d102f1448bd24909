package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestDashboard runs the program against a pindowntest server of the test's
// own, checks what it printed, and that it left nothing behind.
func TestDashboard(t *testing.T) {
	srv := pindowntest.NewServer()
	defer srv.Close()
	key := srv.NewKey()
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, key, srv.URL))
	text := out.String()
	require.Contains(t, text, "holds 3 pins")
	require.Contains(t, text, "x=0 y=0, 2x1 slots")
	require.Contains(t, text, "x=1 y=1, 1x1 slots")
	require.Regexp(t, `shared: https://pindown\.ai/share/pinboard/pb-\w+`, text)
	require.Contains(t, text, "cleaned up")
	st := srv.Stats()
	require.Zero(t, st.Pins, "its pins are deleted")
	require.Zero(t, st.Pinboards, "its pinboard is deleted")
	require.Equal(t, 1, st.Requests[pindowntest.RoutePinboardShare])
	require.Equal(t, 3, st.Requests[pindowntest.RoutePinboardAddPin])
}

// TestDashboardEmbedded runs it as `go run` does on a fresh clone: no key,
// its own embedded server.
func TestDashboardEmbedded(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, "", ""))
	require.True(t, strings.HasPrefix(out.String(), "PINDOWN_API_KEY is not set"))
	require.Contains(t, out.String(), "cleaned up")
}

// TestDashboardCleansUpOnFailure: when a step fails, what was made is
// still deleted.
func TestDashboardCleansUpOnFailure(t *testing.T) {
	srv := pindowntest.NewServer()
	defer srv.Close()
	srv.Inject(pindowntest.RoutePinboardShare, pindowntest.Fault{Status: 403})
	var out bytes.Buffer
	err := run(context.Background(), &out, srv.NewKey(), srv.URL)
	require.ErrorIs(t, err, pindown.ErrForbidden)
	require.Zero(t, srv.Stats().Pins)
	require.Zero(t, srv.Stats().Pinboards)
}
