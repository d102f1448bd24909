package pindown_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pintypes"
)

type responseCase struct {
	Name        string            `json:"name"`
	Operation   string            `json:"operation"`
	Status      int               `json:"status"`
	Headers     map[string]string `json:"headers"`
	ContentType string            `json:"content_type"`
	Body        json.RawMessage   `json:"body"`
	BodyText    string            `json:"body_text"`
	Expect      map[string]any    `json:"expect"`
}

var sentinels = map[string]error{
	"ErrUnauthorized": pindown.ErrUnauthorized, "ErrForbidden": pindown.ErrForbidden,
	"ErrNotFound": pindown.ErrNotFound, "ErrInvalidRequest": pindown.ErrInvalidRequest,
	"ErrInvalidConfig": pindown.ErrInvalidConfig, "ErrRateLimited": pindown.ErrRateLimited,
	"ErrServer": pindown.ErrServer,
}

// TestConformanceResponses decodes every response shape of
// ../shared/conformance/responses.json through the real client, served by
// an httptest server, and checks the expected values.
func TestConformanceResponses(t *testing.T) {
	var file struct{ Cases []responseCase }
	require.NoError(t, json.Unmarshal(conformance(t, "responses.json"), &file))
	require.NotEmpty(t, file.Cases)
	for _, tc := range file.Cases {
		t.Run(tc.Name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ct := tc.ContentType
				if ct == "" {
					ct = "application/json"
				}
				w.Header().Set("Content-Type", ct)
				for k, v := range tc.Headers {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tc.Status)
				if tc.BodyText != "" {
					w.Write([]byte(tc.BodyText))
				} else {
					w.Write(tc.Body)
				}
			}))
			defer srv.Close()
			c, err := pindown.NewClient("pk_test_conformance", pindown.WithBaseURL(srv.URL), pindown.WithMaxRetries(0))
			require.NoError(t, err)
			got, err := runOperation(t, c, tc.Operation)
			if _, isErr := tc.Expect["is"]; isErr {
				checkErrorCase(t, tc, err)
				return
			}
			require.NoError(t, err)
			checkValues(t, tc.Expect, got)
		})
	}
}

func runOperation(t *testing.T, c *pindown.Client, op string) (any, error) {
	ctx := context.Background()
	switch op {
	case "get":
		return c.Pins.Get(ctx, "p-abc123def456")
	case "list":
		return c.Pins.List(ctx, nil)
	case "create":
		return c.Pins.Create(ctx, &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: "T"}})
	case "batch_get":
		return c.Pins.BatchGet(ctx, []string{"p-1", "p-2", "p-3"})
	case "batch_create":
		md := func(title string) *pindown.CreatePinRequest {
			return &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: title}}
		}
		return c.Pins.BatchCreate(ctx, []*pindown.CreatePinRequest{md("a"), md("b")})
	}
	t.Fatalf("unknown operation %q", op)
	return nil, nil
}

func checkErrorCase(t *testing.T, tc responseCase, err error) {
	require.Error(t, err)
	var apiErr *pindown.APIError
	require.True(t, errors.As(err, &apiErr), "error %v is not an *APIError", err)
	require.Equal(t, int(tc.Expect["status"].(float64)), apiErr.StatusCode)
	require.Equal(t, tc.Expect["code"], apiErr.Code)
	sentinel := sentinels[tc.Expect["is"].(string)]
	require.NotNil(t, sentinel)
	require.ErrorIs(t, err, sentinel)
	if secs, ok := tc.Expect["retry_after_seconds"].(float64); ok {
		var rl *pindown.RateLimitError
		require.True(t, errors.As(err, &rl))
		require.Equal(t, secs, math.Round(rl.RetryAfter.Seconds()))
	}
}

func checkValues(t *testing.T, expect map[string]any, got any) {
	for k, want := range expect {
		var have any
		switch v := got.(type) {
		case *pindown.Pin:
			have = pinField(t, v, k)
		case *pindown.PinList:
			have = listField(v, k)
		case *pindown.BatchGetResult:
			have = map[string]any{"found_ids": ids(v.Found), "not_found": v.NotFound, "permission_denied": v.PermissionDenied}[k]
		case *pindown.BatchResult[*pindown.Pin]:
			have = batchCreateField(v, k)
		}
		require.Empty(t, cmp.Diff(normalize(t, want), normalize(t, have)), "field %s", k)
	}
}

func pinField(t *testing.T, p *pindown.Pin, k string) any {
	switch k {
	case "id":
		return p.ID
	case "pin_type":
		return p.Type
	case "pin_layout":
		return p.Layout
	case "title":
		return p.Metadata.Title
	case "tags":
		return p.Metadata.Tags
	case "is_public":
		return p.IsPublic
	case "require_sign_in":
		return p.RequireSignIn
	case "allow_comments":
		return p.AllowComments
	case "created_at":
		return p.CreatedAt.UTC().Format(time.RFC3339)
	case "updated_at":
		return p.UpdatedAt.UTC().Format(time.RFC3339)
	case "config":
		return p.Config
	case "config_is_raw":
		_, raw := p.Config.(*pintypes.Raw)
		return raw
	}
	t.Fatalf("unknown expect field %q", k)
	return nil
}

func listField(l *pindown.PinList, k string) any {
	var titles, types []string
	for _, p := range l.Items {
		titles = append(titles, p.Metadata.Title)
		types = append(types, string(p.Type))
	}
	return map[string]any{"total": l.Total, "limit": l.Limit, "offset": l.Offset,
		"ids": ids(l.Items), "titles": titles, "pin_types": types}[k]
}

func batchCreateField(r *pindown.BatchResult[*pindown.Pin], k string) any {
	var created, failed []map[string]any
	for i, it := range r.Items {
		if it.Err != nil {
			failed = append(failed, map[string]any{"index": i, "error": strings.TrimPrefix(it.Err.Error(), "pindown: ")})
		} else {
			created = append(created, map[string]any{"index": i, "id": it.Value.ID})
		}
	}
	return map[string]any{"created": created, "failed": failed}[k]
}

func ids(pins []*pindown.Pin) []string {
	out := []string{}
	for _, p := range pins {
		out = append(out, p.ID)
	}
	return out
}

// normalize turns a value into its JSON form decoded as any, so that typed
// values compare with the JSON expectations.
func normalize(t *testing.T, v any) any {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}
