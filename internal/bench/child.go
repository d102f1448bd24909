package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// childServer is a pindowntest server in a child process: this binary run
// with -serve-pins. Measured there, the server's allocations and heap do not
// count as the client's.
type childServer struct {
	URL string // base URL, ending in /v1
	Key string // an API key whose owner has the seeded pins

	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// startChild starts exe as a child server with pins pins and waits until it
// serves.
func startChild(ctx context.Context, exe string, pins int) (*childServer, error) {
	cmd := exec.CommandContext(ctx, exe, "-serve-pins="+strconv.Itoa(pins))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the child server: %w", err)
	}
	c := &childServer{cmd: cmd, stdin: stdin}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	url, key, ok := strings.Cut(strings.TrimSpace(line), " ")
	if err != nil || !ok {
		c.Close()
		return nil, fmt.Errorf("child server: no address (read %q): %v", line, err)
	}
	c.URL, c.Key = url, key
	return c, nil
}

// Close stops the child (closing its stdin) and waits for it to exit.
func (c *childServer) Close() error {
	c.stdin.Close()
	return c.cmd.Wait()
}

// serve is the child's side of startChild: it starts pindowntest without
// rate limits, creates pins pins for one key, prints "URL KEY" on stdout and
// serves until stdin is closed.
func serve(pins int, stdin io.Reader, stdout io.Writer) error {
	srv := pindowntest.NewServer(pindowntest.WithoutRateLimits())
	defer srv.Close()
	key := srv.NewKey()
	if err := seed(context.Background(), srv.URL, key, pins); err != nil {
		return err
	}
	if _, err := fmt.Fprintln(stdout, srv.URL, key); err != nil {
		return err
	}
	_, err := io.Copy(io.Discard, stdin)
	return err
}

// seed creates n markdown pins for key by BatchCreate, from a few
// goroutines at once.
func seed(ctx context.Context, url, key string, n int) error {
	c, err := pindown.NewClient(key, pindown.WithBaseURL(url), pindown.WithoutRateLimits())
	if err != nil {
		return err
	}
	const parts = 4
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := n*p/parts, n*(p+1)/parts
		wg.Go(func() {
			reqs := make([]*pindown.CreatePinRequest, 0, hi-lo)
			for i := lo; i < hi; i++ {
				reqs = append(reqs, &pindown.CreatePinRequest{
					Config:   &pintypes.Markdown{Content: "# Pin " + strconv.Itoa(i)},
					Metadata: pindown.Metadata{Title: "pin " + strconv.Itoa(i), Tags: []string{"bench"}},
				})
			}
			_, errs[p] = batchCreate(ctx, c, reqs)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("seeding %d pins: %w", n, err)
	}
	return nil
}
