package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// This file is the client a user would write by hand with net/http and
// encoding/json: the baseline of overhead, and the sender of the naive and
// token-bucket clients of paced.

// newTransport returns a plain transport keeping conns idle connections per
// host, so that conns goroutines reuse their connections.
func newTransport(conns int) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = max(t.MaxIdleConns, conns)
	t.MaxIdleConnsPerHost = conns
	return t
}

// handClient calls the Pins API with nothing but net/http and encoding/json.
type handClient struct {
	hc   *http.Client
	base string // ending in /v1
	key  string
}

// handCard is a stat card as the wire has it.
type handCard struct {
	Title  string `json:"title"`
	Value  string `json:"value"`
	Change string `json:"change,omitempty"`
	Trend  string `json:"trend,omitempty"`
}

// handPin is the pin of a get response, as a hand-written client would model it.
type handPin struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	IsPublic    bool   `json:"is_public"`
	OwnerID     string `json:"owner_id"`
	Metadata    struct {
		Title       string   `json:"title"`
		Description string   `json:"description"`
		Tags        []string `json:"tags"`
		PinType     string   `json:"pin_type"`
		PinLayout   string   `json:"pin_layout"`
		PinConfig   struct {
			Cards []handCard `json:"cards"`
		} `json:"pin_config"`
		AllowEdit     bool `json:"allow_edit"`
		RequireSignIn bool `json:"require_sign_in"`
		AllowComments bool `json:"allow_comments"`
	} `json:"metadata"`
	CreatedAt int64 `json:"created_at"`
	UpdatedAt int64 `json:"updated_at"`
}

// handCreate is a create request body.
type handCreate struct {
	PinType   string `json:"pin_type"`
	PinLayout string `json:"pin_layout"`
	PinConfig struct {
		Cards []handCard `json:"cards"`
	} `json:"pin_config"`
	Metadata struct {
		Title string   `json:"title"`
		Tags  []string `json:"tags"`
	} `json:"metadata"`
}

// handCreated is the data of a create response.
type handCreated struct {
	ID        string `json:"id"`
	DataType  string `json:"data_type"`
	CreatedAt int64  `json:"created_at"`
	IsPublic  bool   `json:"is_public"`
}

// createBody encodes the stat-cards pin every benchmark creates.
func createBody(title string) ([]byte, error) {
	var b handCreate
	b.PinType, b.PinLayout = "stat-cards", "2x1"
	b.PinConfig.Cards = []handCard{{Title: "Users", Value: "1,234", Change: "+5%", Trend: "up"}}
	b.Metadata.Title, b.Metadata.Tags = title, []string{"bench"}
	return json.Marshal(&b)
}

// envelope is the wrapper of every response's data.
type envelope[T any] struct {
	Success bool `json:"success"`
	Data    T    `json:"data"`
}

// get fetches a pin.
func (h *handClient) get(ctx context.Context, id string) (*handPin, error) {
	var env envelope[handPin]
	if err := h.do(ctx, http.MethodGet, "/pins/"+url.PathEscape(id), nil, http.StatusOK, &env); err != nil {
		return nil, err
	}
	return &env.Data, nil
}

// create creates the benchmark's stat-cards pin titled title.
func (h *handClient) create(ctx context.Context, title string) (*handCreated, error) {
	body, err := createBody(title)
	if err != nil {
		return nil, err
	}
	var env envelope[handCreated]
	if err := h.do(ctx, http.MethodPost, "/pins", body, http.StatusCreated, &env); err != nil {
		return nil, err
	}
	return &env.Data, nil
}

// do sends a request to path with the API key and decodes a response of
// status want into out.
func (h *handClient) do(ctx context.Context, method, path string, body []byte, want int, out any) error {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, h.base+path, r)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+h.key)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := h.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return &statusError{resp.StatusCode, resp.Header.Get("Retry-After"), string(data)}
	}
	return json.Unmarshal(data, out)
}

// statusError is a response other than the one expected.
type statusError struct {
	status     int
	retryAfter string
	body       string
}

func (e *statusError) Error() string {
	return fmt.Sprintf("status %d: %.200s", e.status, e.body)
}

// wait is how long the response asked the client to wait: Retry-After, or
// else fallback.
func (e *statusError) wait(fallback time.Duration) time.Duration {
	if s, err := strconv.Atoi(e.retryAfter); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	return fallback
}
