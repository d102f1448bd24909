package pindowntest_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
)

// TestBoardPageBuckets: each of the five pinboard and page buckets admits
// its own limit per rolling window, responds 429 after it for every route of
// the bucket, and leaves the other buckets alone. Scaled to a 200ms window on
// a fake clock.
func TestBoardPageBuckets(t *testing.T) {
	const window = 200 * time.Millisecond
	u := pindown.Unlimited
	limits := pindown.RateLimits{
		Read: u, BatchRead: u, Write: u,
		PinboardRead: 2, PinboardBatchRead: 3, PinboardWrite: 4, PageRead: 5, PageWrite: 6,
		Window: window,
	}
	limitOf := map[string]int{"pinboards-read": 2, "pinboards-batch-read": 3, "pinboards-write": 4, "pages-read": 5, "pages-write": 6}
	for _, bucket := range []string{"pinboards-read", "pinboards-batch-read", "pinboards-write", "pages-read", "pages-write"} {
		t.Run(bucket, func(t *testing.T) {
			clock := newFakeClock()
			srv := newServer(t, pindowntest.WithClock(clock.Now), pindowntest.WithRateLimits(limits))
			f := newFixture(t, srv)
			clock.Advance(time.Hour) // the fixture's requests have left the window
			var mine, others []boardPageRoute
			for _, rc := range boardPageRoutes {
				if rc.bucket == bucket {
					mine = append(mine, rc)
				} else {
					others = append(others, rc)
				}
			}
			send := func(rc boardPageRoute) response {
				return call(t, rc.method, srv.URL+f.expand(rc.path), f.owner, f.expandBody(rc.body))
			}
			n := limitOf[bucket]
			for i := range n {
				a := send(mine[i%len(mine)])
				if a.Status == 429 {
					t.Fatalf("request %d of %d refused: %s", i+1, n, a.Raw)
				}
				wantHeaders(t, a, n, n-1-i, t0.Add(time.Hour+window))
			}
			for _, rc := range mine { // every route of the bucket is now refused
				a := send(rc)
				limited(t, a, n, "200ms", t0.Add(time.Hour+window), 1)
				if !strings.Contains(a.Error.Message, bucket+" requests") {
					t.Errorf("429 message %q does not name the bucket", a.Error.Message)
				}
			}
			for _, rc := range others[:1] { // another bucket is not
				if a := send(rc); a.Status == 429 {
					t.Errorf("%s refused with %s: %s", rc.route, bucket, a.Raw)
				}
			}
			if a := call(t, "GET", srv.URL+"/pins", f.owner, nil).want(t, 200, ""); a.Header.Get("X-RateLimit-Limit") != "" {
				t.Error("unlimited pins bucket sent X-RateLimit-Limit")
			}
			st := srv.Stats()
			refused := 0
			for _, rc := range mine {
				refused += st.RateLimited[rc.route]
			}
			if refused != len(mine) {
				t.Errorf("Stats.RateLimited sums to %d over the bucket's routes, want %d", refused, len(mine))
			}
			// A window later the bucket admits again.
			clock.Advance(window)
			if a := send(mine[0]); a.Status == 429 {
				t.Errorf("refused a window later: %s", a.Raw)
			}
		})
	}
}

// TestRateLimitsDefaultsAndUnlimited: WithRateLimits takes zero fields from
// DefaultRateLimits, leaves Unlimited buckets unlimited, and WithoutRateLimits
// limits nothing.
func TestRateLimitsDefaultsAndUnlimited(t *testing.T) {
	d := pindown.DefaultRateLimits
	for _, tc := range []struct {
		name  string
		opt   pindowntest.Option
		route string // method and path
		want  int    // X-RateLimit-Limit, 0: none sent
	}{
		{"default pinboards-read", nil, "GET /pinboards", d.PinboardRead},
		{"default pinboards-batch-read", nil, "POST /pinboards/batch/get", d.PinboardBatchRead},
		{"default pinboards-write", nil, "POST /pinboards", d.PinboardWrite},
		{"default pages-read", nil, "GET /pages", d.PageRead},
		{"default pages-write", nil, "POST /pages", d.PageWrite},
		{"zero field is the default", pindowntest.WithRateLimits(pindown.RateLimits{Write: 1}), "POST /pages", d.PageWrite},
		{"zero pins field is the default", pindowntest.WithRateLimits(pindown.RateLimits{PageWrite: 1}), "GET /pins", d.Read},
		{"set field", pindowntest.WithRateLimits(pindown.RateLimits{PageWrite: 7}), "POST /pages", 7},
		{"Unlimited field", pindowntest.WithRateLimits(pindown.RateLimits{PinboardRead: pindown.Unlimited}), "GET /pinboards", 0},
		{"other fields stay limited", pindowntest.WithRateLimits(pindown.RateLimits{PinboardRead: pindown.Unlimited}), "GET /pages", d.PageRead},
		{"WithoutRateLimits pins", pindowntest.WithoutRateLimits(), "GET /pins", 0},
		{"WithoutRateLimits pinboards", pindowntest.WithoutRateLimits(), "POST /pinboards/batch/get", 0},
		{"WithoutRateLimits pages", pindowntest.WithoutRateLimits(), "POST /pages", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []pindowntest.Option
			if tc.opt != nil {
				opts = append(opts, tc.opt)
			}
			srv := newServer(t, opts...)
			key := srv.NewKey()
			method, path, _ := strings.Cut(tc.route, " ")
			var body any
			switch path {
			case "/pinboards/batch/get":
				body = map[string]any{"pinboard_ids": []string{"pb-x"}}
			case "/pages":
				body = map[string]any{"metadata": map[string]any{"title": "x"}}
			case "/pinboards":
				body = map[string]any{"title": "x"}
			}
			a := call(t, method, srv.URL+path, key, body)
			if a.Status >= 300 {
				t.Fatalf("%s: %d %s", tc.route, a.Status, a.Raw)
			}
			want := ""
			if tc.want > 0 {
				want = strconv.Itoa(tc.want)
			}
			if got := a.Header.Get("X-RateLimit-Limit"); got != want {
				t.Errorf("X-RateLimit-Limit %q, want %q", got, want)
			}
		})
	}
	// WithoutRateLimits never responds 429.
	srv := newServer(t, pindowntest.WithoutRateLimits())
	key := srv.NewKey()
	for range d.PinboardBatchRead + 1 {
		call(t, "POST", srv.URL+"/pinboards/batch/get", key, map[string]any{"pinboard_ids": []string{"pb-x"}}).want(t, 200, "")
	}
}
