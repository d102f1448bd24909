package main

import (
	"context"
	"strings"
	"testing"

	"github.com/pindownai/client-go/pindowntest"
)

// TestDefect22_QuickstartCleansUp runs the quickstart against a server
// given by the environment, as it would run against a real account: it
// must leave no pin behind.
func TestDefect22_QuickstartCleansUp(t *testing.T) {
	srv := pindowntest.NewServer()
	defer srv.Close()
	t.Setenv("PINDOWN_API_KEY", srv.NewKey())
	t.Setenv("PINDOWN_BASE_URL", srv.URL)
	var out strings.Builder
	if err := run(context.Background(), &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if n := srv.Stats().Pins; n != 0 {
		t.Fatalf("%d pins left behind:\n%s", n, out.String())
	}
	if !strings.Contains(out.String(), "deleted the 2 pins it made") {
		t.Fatalf("output does not say it cleaned up:\n%s", out.String())
	}
}

func TestQuickstartEmbedded(t *testing.T) {
	t.Setenv("PINDOWN_API_KEY", "")
	var out strings.Builder
	if err := run(context.Background(), &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "in-memory pindowntest server") {
		t.Fatalf("did not use the embedded server:\n%s", out.String())
	}
}
