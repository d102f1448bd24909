package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/time/rate"

	pindown "github.com/pindownai/client-go"
)

// The clients paced compares. Each returns the writeFunc its workers call;
// every request goes through cnt.

// sdkWriter creates pins through one SDK client per group, each built with
// a fresh opts() on top of the base URL, a counted transport and a retry
// hook that notes the waits.
func sdkWriter(url, key string, groups, workers int, cnt *counter, opts func() ([]pindown.Option, error)) (writeFunc, error) {
	clients := make([]*pindown.Client, groups)
	for g := range clients {
		o, err := opts()
		if err != nil {
			return nil, err
		}
		hc := &http.Client{Transport: cnt.wrap(newTransport(workers))}
		o = append(o, pindown.WithBaseURL(url), pindown.WithHTTPClient(hc), pindown.WithRetryHook(cnt.hook))
		if clients[g], err = pindown.NewClient(key, o...); err != nil {
			return nil, err
		}
	}
	return func(ctx context.Context, group, i int) error {
		_, err := clients[group].Pins.Create(ctx, statCardsRequest(title(i)))
		return err
	}, nil
}

// naiveRetryMax is large enough for the naive client to finish every write.
const naiveRetryMax = 1000

// naiveWriter creates pins through go-retryablehttp with its defaults (no
// client-side limit; on 429 it waits Retry-After, or backs off
// exponentially from 1s), but enough retries to finish and no logger.
func naiveWriter(url, key string, cnt *counter) writeFunc {
	rc := retryablehttp.NewClient()
	rc.Logger = nil
	rc.RetryMax = naiveRetryMax
	rc.HTTPClient.Transport = cnt.wrap(rc.HTTPClient.Transport)
	return func(ctx context.Context, _, i int) error {
		body, err := createBody(title(i))
		if err != nil {
			return err
		}
		req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, url+"/pins", body)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		resp, err := rc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusCreated {
			return fmt.Errorf("status %d: %.200s", resp.StatusCode, b)
		}
		return nil
	}
}

// bucketWriter creates pins by hand behind one x/time/rate token bucket
// sized so that burst + rate·W = N: burst N/10, rate (N−burst)/W. On 429 it
// waits Retry-After (1s without it) and takes a token again.
func bucketWriter(url, key string, limits pindown.RateLimits, workers int, cnt *counter) writeFunc {
	n := limits.Write
	burst := max(1, n/10)
	lim := rate.NewLimiter(rate.Limit(float64(n-burst)/limits.Window.Seconds()), burst)
	hand := &handClient{hc: &http.Client{Transport: cnt.wrap(newTransport(workers))}, base: url, key: key}
	return func(ctx context.Context, _, i int) error {
		for {
			if err := lim.Wait(ctx); err != nil {
				return err
			}
			_, err := hand.create(ctx, title(i))
			var se *statusError
			if !errors.As(err, &se) || se.status != http.StatusTooManyRequests {
				return err
			}
			if err := sleepCtx(ctx, se.wait(time.Second)); err != nil {
				return err
			}
		}
	}
}
