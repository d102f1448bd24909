package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/pindownai/client-go/pindowntest"
)

// A CI step pushes its numbers as a stat-cards pin in one line. Here the API
// is an in-memory pindowntest server; in CI, PINDOWN_API_KEY comes from a
// secret and PINDOWN_BASE_URL is unset.
func Example_pushStats() {
	srv := pindowntest.NewServer(pindowntest.WithSeed(1),
		pindowntest.WithClock(func() time.Time { return time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC) }))
	defer srv.Close()
	env := map[string]string{"PINDOWN_BASE_URL": srv.URL, "PINDOWN_API_KEY": srv.NewKey()}

	code := run([]string{"push", "stats", "Tests=1,024:+12", "Failures=0:-3", "--title", "Build 42", "--tags", "ci"},
		func(k string) string { return env[k] }, strings.NewReader(""), os.Stdout, os.Stderr)
	fmt.Println("exit code", code)
	// Output:
	// id:   p-1yvbmx7rrk20
	// url:  https://pindown.ai/share/pin/p-1yvbmx7rrk20
	// exit code 0
}
