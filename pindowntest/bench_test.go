package pindowntest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

// benchClient keeps enough idle connections for RunParallel's goroutines.
func benchClient(b *testing.B) *http.Client {
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256}
	b.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// send does one request and checks its status; safe in RunParallel.
func send(b *testing.B, hc *http.Client, method, url, key string, body []byte, want int) []byte {
	req, _ := http.NewRequest(method, url, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := hc.Do(req)
	if err != nil {
		b.Error(err)
		return nil
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		b.Errorf("%s %s: %d %s", method, url, resp.StatusCode, raw)
	}
	return raw
}

func reportRate(b *testing.B, start time.Time) {
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}

// BenchmarkCreate measures creates of a stat-cards pin over HTTP, from
// parallel clients.
func BenchmarkCreate(b *testing.B) {
	srv := newServer(b, unlimited)
	hc, key := benchClient(b), srv.NewKey()
	body, _ := json.Marshal(map[string]any{"pin_type": "stat-cards", "pin_layout": "2x1",
		"pin_config": map[string]any{"cards": []any{map[string]any{"title": "Revenue", "value": "$125,430", "change": "+18%", "trend": "up"}}},
		"metadata":   map[string]any{"title": "Live metrics", "tags": []string{"kpi"}}})
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			send(b, hc, "POST", srv.URL+"/pins", key, body, 201)
		}
	})
	reportRate(b, start)
}

// BenchmarkGet measures gets of stored pins over HTTP, from parallel clients.
func BenchmarkGet(b *testing.B) {
	srv := newServer(b, unlimited)
	hc, key := benchClient(b), srv.NewKey()
	var ids []string
	for i := range 100 {
		var a struct{ Data struct{ ID string } }
		raw := send(b, hc, "POST", srv.URL+"/pins", key, []byte(fmt.Sprintf(`{"pin_config":{"content":"# pin %d"},"metadata":{"title":"p%d"}}`, i, i)), 201)
		_ = json.Unmarshal(raw, &a)
		ids = append(ids, a.Data.ID)
	}
	var n atomic.Int64
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			send(b, hc, "GET", srv.URL+"/pins/"+ids[n.Add(1)%int64(len(ids))], key, nil, 200)
		}
	})
	reportRate(b, start)
}

// BenchmarkList100k measures list pages at random offsets of an owner with
// 100,000 pins.
func BenchmarkList100k(b *testing.B) {
	srv := newServer(b, unlimited)
	hc, key := benchClient(b), srv.NewKey()
	pins := make([]any, 50)
	for i := range pins {
		pins[i] = titled(fmt.Sprint(i))
	}
	batch, _ := json.Marshal(map[string]any{"pins": pins})
	for range 100_000 / 50 {
		send(b, hc, "POST", srv.URL+"/pins/batch", key, batch, 200)
	}
	if n := srv.Stats().Pins; n != 100_000 {
		b.Fatalf("%d pins", n)
	}
	var n atomic.Int64
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			offset := n.Add(7919) % 100_000
			send(b, hc, "GET", fmt.Sprintf("%s/pins?limit=100&offset=%d", srv.URL, offset), key, nil, 200)
		}
	})
	reportRate(b, start)
}
