package main

import (
	"cmp"
	"fmt"
	"time"

	pindown "github.com/pindownai/client-go"
)

// client returns an SDK client configured from the environment and the
// global flags. The key comes from PINDOWN_API_KEY only (never a flag, so it
// stays out of shell history and process lists) and is never printed.
func (a *app) client() (*pindown.Client, error) {
	key := a.env("PINDOWN_API_KEY")
	if key == "" {
		return nil, withCode(exitAuth, fmt.Errorf("PINDOWN_API_KEY is not set (for a local try, see 'pindown mock --help')"))
	}
	base := cmp.Or(a.baseURL, a.env("PINDOWN_BASE_URL"))
	if a.maxWait <= 0 {
		return nil, usageErr("--max-wait must be positive, got %v", a.maxWait)
	}
	opts := []pindown.Option{
		pindown.WithUserAgent("pindown-cli"),
		pindown.WithMaxWait(a.maxWait),
		pindown.WithRetryHook(a.onRetry),
	}
	if base != "" {
		opts = append(opts, pindown.WithBaseURL(base))
	}
	c, err := pindown.NewClient(key, opts...)
	if err != nil {
		// A bad base URL or a malformed key: configuration, not the API.
		return nil, usageErr("configuration: %v", err)
	}
	return c, nil
}

// onRetry shows waits for rate budget (or a retry) longer than a second, on a
// terminal only.
func (a *app) onRetry(e pindown.RetryEvent) {
	if e.Wait <= time.Second {
		return
	}
	a.progressf("waiting %v for the %s bucket (%s)", e.Wait.Round(100*time.Millisecond), e.Bucket, e.Reason)
	a.progressDone()
}
