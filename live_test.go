package pindown_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pintypes"
)

// fakeBatch is an in-memory PATCH /pins/batch for tests in a synctest
// bubble (a real server's sockets would keep the bubble from sleeping).
type fakeBatch struct {
	delay    time.Duration // before answering
	mu       sync.Mutex
	pins     map[string]map[string]any // id → the fields last set
	missing  map[string]bool           // answered "not found"
	refuse   map[string]string         // answered failed with this message
	fail500  int                       // requests to answer 500
	requests []fakeRequest
}

type fakeRequest struct {
	start, end time.Time
	ids        []string
}

func newFakeBatch() *fakeBatch {
	return &fakeBatch{pins: map[string]map[string]any{}, missing: map[string]bool{}, refuse: map[string]string{}}
}

func (f *fakeBatch) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	var body struct {
		Updates []map[string]any `json:"updates"`
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.Method != http.MethodPatch || json.Unmarshal(b, &body) != nil {
		return answer(400, `{"success":false,"error":{"code":"VALIDATION_FAILED","message":"bad"}}`), nil
	}
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-r.Context().Done():
			return nil, r.Context().Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	req := fakeRequest{start: start, end: time.Now()}
	for _, u := range body.Updates {
		req.ids = append(req.ids, u["id"].(string))
	}
	f.requests = append(f.requests, req)
	if f.fail500 > 0 {
		f.fail500--
		return answer(500, `{"success":false,"error":{"code":"INTERNAL_SERVER_ERROR","message":"boom"}}`), nil
	}
	type failed struct {
		ID    string `json:"id"`
		Error string `json:"error"`
	}
	data := struct {
		Updated []string `json:"updated"`
		Failed  []failed `json:"failed"`
	}{Updated: []string{}, Failed: []failed{}}
	for _, u := range body.Updates {
		id := u["id"].(string)
		switch {
		case f.missing[id]:
			data.Failed = append(data.Failed, failed{id, "Pin not found"})
		case f.refuse[id] != "":
			data.Failed = append(data.Failed, failed{id, f.refuse[id]})
		default:
			p := f.pins[id]
			if p == nil {
				p = map[string]any{}
				f.pins[id] = p
			}
			for k, v := range u {
				if k == "metadata" {
					for mk, mv := range v.(map[string]any) {
						p["metadata."+mk] = mv
					}
					continue
				}
				p[k] = v
			}
			data.Updated = append(data.Updated, id)
		}
	}
	out, _ := json.Marshal(map[string]any{"success": true, "data": data})
	return answer(200, string(out)), nil
}

func answer(status int, body string) *http.Response {
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader([]byte(body)))}
}

func (f *fakeBatch) value(id string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	cfg, _ := f.pins[id]["pin_config"].(map[string]any)
	cards, _ := cfg["cards"].([]any)
	if len(cards) == 0 {
		return ""
	}
	return cards[0].(map[string]any)["value"].(string)
}

func (f *fakeBatch) field(id, name string) any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.pins[id][name]
}

func (f *fakeBatch) log() []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeRequest(nil), f.requests...)
}

// liveClient is a client of f with 90 writes a minute.
func liveClient(t *testing.T, f *fakeBatch, opts ...pindown.Option) *pindown.Client {
	c, err := pindown.NewClient("pk_test_live", append([]pindown.Option{
		pindown.WithBaseURL("http://pindown.test/v1"),
		pindown.WithHTTPClient(&http.Client{Transport: f}),
		pindown.WithRateLimits(pindown.RateLimits{Write: 90, Window: time.Minute}),
	}, opts...)...)
	require.NoError(t, err)
	return c
}

func card(v string) pintypes.Config {
	return &pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "Users", Value: v}}}
}

func TestLiveCoalescesAndPacesEvenly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeBatch()
		l := pindown.NewLive(liveClient(t, f))
		defer l.Close(context.Background())
		const pins, rounds = 500, 10
		for r := range rounds {
			for p := range pins {
				require.NoError(t, l.Set(fmt.Sprintf("p-%d", p), card(fmt.Sprint(r))))
			}
		}
		require.NoError(t, l.Flush(context.Background()))
		for p := range pins {
			require.Equal(t, fmt.Sprint(rounds-1), f.value(fmt.Sprintf("p-%d", p)))
		}
		log := f.log()
		// The first request may leave while the changes are still coming.
		require.Contains(t, []int{pins / 50, pins/50 + 1}, len(log))
		interval := (time.Minute + 600*time.Millisecond) / 90 // W+J over N
		for i, r := range log {
			if i > 0 && i < len(log)-1 {
				assert.Len(t, r.ids, 50)
			}
			if i > 0 {
				gap := r.start.Sub(log[i-1].start)
				assert.GreaterOrEqual(t, gap, interval, "request %d", i)
				assert.Less(t, gap, interval*11/10, "request %d: even pacing", i)
			}
		}
		st := l.Stats()
		assert.Equal(t, uint64(pins*rounds), st.Updates)
		assert.Equal(t, uint64(pins*rounds), st.Coalesced+st.PinsSent)
		assert.Equal(t, uint64(len(log)), st.Requests)
		assert.Equal(t, 0, st.Pending)
		assert.Equal(t, st.PinsSent, st.Staleness.Count())
		limit := time.Duration(pins/50) * time.Minute / 90
		assert.LessOrEqual(t, st.Staleness.Quantile(0.99), limit*3/2)
		require.NoError(t, l.Close(context.Background()))
	})
}

func TestLiveMergesFieldsAndKeepsOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeBatch()
		f.delay = 5 * time.Second // longer than the pace: a second request could overtake
		l := pindown.NewLive(liveClient(t, f))
		defer l.Close(context.Background())
		require.NoError(t, l.Update("p-1", &pindown.UpdatePinRequest{Title: pindown.Ptr("First title")}))
		require.NoError(t, l.Set("p-1", card("1")))
		synctest.Wait() // p-1 in flight
		require.NoError(t, l.Set("p-1", card("2")))
		require.NoError(t, l.Set("p-2", card("x")))
		require.NoError(t, l.Close(context.Background()))

		assert.Equal(t, "2", f.value("p-1"))
		assert.Equal(t, "First title", f.field("p-1", "metadata.title"))
		var p1 []fakeRequest
		for _, r := range f.log() {
			for _, id := range r.ids {
				if id == "p-1" {
					p1 = append(p1, r)
				}
			}
		}
		require.Len(t, p1, 2)
		assert.False(t, p1[1].start.Before(p1[0].end), "the second change of p-1 waited for the first's answer")
	})
}

func TestLiveErrorsPerPin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeBatch()
		f.missing["p-gone"] = true
		f.refuse["p-bad"] = "You do not have permission to update this pin"
		var mu sync.Mutex
		reported := map[string]error{}
		l := pindown.NewLive(liveClient(t, f), pindown.WithLiveErrors(func(id string, err error) {
			mu.Lock()
			reported[id] = err
			mu.Unlock()
		}))
		defer l.Close(context.Background())
		for _, id := range []string{"p-1", "p-gone", "p-bad", "p-2"} {
			require.NoError(t, l.Set(id, card("v")))
		}
		require.NoError(t, l.Flush(context.Background()))
		assert.Equal(t, "v", f.value("p-1"))
		assert.Equal(t, "v", f.value("p-2"))
		mu.Lock()
		assert.ErrorIs(t, reported["p-gone"], pindown.ErrNotFound)
		assert.ErrorIs(t, reported["p-bad"], pindown.ErrForbidden)
		assert.Len(t, reported, 2)
		mu.Unlock()
		assert.ErrorIs(t, l.Set("p-gone", card("w")), pindown.ErrNotFound, "a pin found gone is dropped")
		assert.Equal(t, uint64(2), l.Stats().Failed)

		assert.ErrorIs(t, l.Set("", card("v")), pindown.ErrInvalidRequest)
		assert.ErrorIs(t, l.Set("p-1", &pintypes.StatCards{}), pindown.ErrInvalidRequest)
		require.NoError(t, l.Close(context.Background()))
		assert.ErrorIs(t, l.Set("p-1", card("v")), pindown.ErrLiveClosed)
	})
}

func TestLiveRetriesFailedRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeBatch()
		f.fail500 = 2
		var errs []error
		l := pindown.NewLive(liveClient(t, f, pindown.WithMaxRetries(0)), pindown.WithLiveErrors(func(_ string, err error) { errs = append(errs, err) }))
		defer l.Close(context.Background())
		require.NoError(t, l.Set("p-1", card("1")))
		synctest.Wait()
		require.NoError(t, l.Update("p-1", &pindown.UpdatePinRequest{Title: pindown.Ptr("T")}))
		require.NoError(t, l.Close(context.Background()))
		assert.Equal(t, "1", f.value("p-1"), "the failed change was sent again")
		assert.Equal(t, "T", f.field("p-1", "metadata.title"), "with the newer change on top")
		assert.Empty(t, errs)
		assert.Len(t, f.log(), 3)
	})
}

func TestLiveFlushAndCloseHonourContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeBatch()
		f.delay = time.Hour
		var mu sync.Mutex
		var errs []error
		l := pindown.NewLive(liveClient(t, f, pindown.WithAttemptTimeout(2*time.Hour)), pindown.WithLiveErrors(func(_ string, err error) {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}))
		defer l.Close(context.Background())
		for i := range 300 {
			require.NoError(t, l.Set(fmt.Sprintf("p-%d", i), card("1")))
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		assert.ErrorIs(t, l.Flush(ctx), context.DeadlineExceeded)

		ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		start := time.Now()
		err := l.Close(ctx)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 10*time.Second, time.Since(start))
		mu.Lock()
		assert.Len(t, errs, 300, "every change not landed is reported")
		notSent := 0
		for _, e := range errs {
			if errors.Is(e, pindown.ErrNotSent) {
				notSent++
			}
		}
		mu.Unlock()
		assert.Positive(t, notSent)
		// synctest.Test fails if a goroutine of l is left.
	})
}

func TestLiveCloseWithoutChanges(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := pindown.NewLive(liveClient(t, newFakeBatch()))
		defer l.Close(context.Background())
		require.NoError(t, l.Flush(context.Background()))
		require.NoError(t, l.Close(context.Background()))
		require.NoError(t, l.Close(context.Background()))
	})
}

func TestLiveConcurrentSetters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeBatch()
		l := pindown.NewLive(liveClient(t, f))
		defer l.Close(context.Background())
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				for r := range 100 {
					_ = l.Set(fmt.Sprintf("p-%d", (g*7+r)%120), card(fmt.Sprint(r)))
					time.Sleep(10 * time.Millisecond)
				}
			})
		}
		wg.Wait()
		require.NoError(t, l.Close(context.Background()))
		st := l.Stats()
		assert.Equal(t, uint64(800), st.Updates)
		assert.Equal(t, uint64(800), st.Coalesced+st.PinsSent)
	})
}

func TestLiveRate(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		d    time.Duration
		want time.Duration // the gap between requests
	}{
		{"slower than the budget", 60, time.Minute, time.Second},
		// 4 requests are well within the window mirror's burst of 90.
		{"unpaced: as fast as the budget admits", 0, time.Minute, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFakeBatch()
				l := pindown.NewLive(liveClient(t, f), pindown.WithLiveRate(tc.n, tc.d))
				defer l.Close(context.Background())
				for p := range 200 {
					require.NoError(t, l.Set(fmt.Sprintf("p-%d", p), card("1")))
				}
				require.NoError(t, l.Flush(context.Background()))
				log := f.log()
				require.GreaterOrEqual(t, len(log), 4)
				for i := 1; i < len(log); i++ {
					gap := log[i].start.Sub(log[i-1].start)
					assert.GreaterOrEqual(t, gap, tc.want, "request %d", i)
					assert.LessOrEqual(t, gap, tc.want*11/10, "request %d", i)
				}
			})
		})
	}
}
