package pindown_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// BenchmarkGet compares Pins.Get with a hand-written net/http +
// encoding/json call against the same local server: the SDK's overhead.
// go run ./internal/bench -scenario=overhead reports the same as a ratio.
func BenchmarkGet(b *testing.B) {
	srv := pindowntest.NewServer(pindowntest.WithRateLimits(pindown.RateLimits{}))
	defer srv.Close()
	key := srv.NewKey()
	c, err := pindown.NewClient(key, pindown.WithBaseURL(srv.URL), pindown.WithoutRateLimits())
	if err != nil {
		b.Fatal(err)
	}
	p, err := c.Pins.CreateStatCards(context.Background(), "bench", *statCards())
	if err != nil {
		b.Fatal(err)
	}

	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Pins.Get(context.Background(), p.ID); err != nil {
				b.Fatal(err)
			}
		}
	})

	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	b.Run("handwritten", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := handwrittenGet(hc, srv.URL, key, p.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// handwrittenGet is what a careful programmer writes without the SDK.
func handwrittenGet(hc *http.Client, base, key, id string) error {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, base+"/pins/"+id, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	// The same facts Pins.Get returns, in the API's newest shape.
	var out struct {
		Data struct {
			ID       string `json:"id"`
			IsPublic bool   `json:"is_public"`
			OwnerID  string `json:"owner_id"`
			Metadata struct {
				Title         string             `json:"title"`
				Description   string             `json:"description"`
				Tags          []string           `json:"tags"`
				PinType       string             `json:"pin_type"`
				PinLayout     string             `json:"pin_layout"`
				PinConfig     pintypes.StatCards `json:"pin_config"`
				AllowEdit     bool               `json:"allow_edit"`
				RequireSignIn bool               `json:"require_sign_in"`
				AllowComments bool               `json:"allow_comments"`
			} `json:"metadata"`
			CreatedAt int64 `json:"created_at"`
			UpdatedAt int64 `json:"updated_at"`
		} `json:"data"`
	}
	return json.NewDecoder(resp.Body).Decode(&out)
}
