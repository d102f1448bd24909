package pindown_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

var ctx = context.Background()

func statCards() *pintypes.StatCards {
	return &pintypes.StatCards{Cards: []pintypes.StatCard{
		{Title: "Users", Value: "1,234", Change: "+5%", Trend: pintypes.TrendUp},
	}}
}

func jsonOf(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

func TestCreateThenGet(t *testing.T) {
	srv, c := newClient(t, nil)
	req := &pindown.CreatePinRequest{
		Config:   statCards(),
		Layout:   pindown.Layout2x1,
		Metadata: pindown.Metadata{Title: "Live metrics", Description: "from CI", Tags: []string{"ci", "kpi"}},
		IsPublic: true,
	}
	created, err := c.Pins.Create(ctx, req)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(created.ID, "p-"), created.ID)
	require.Equal(t, pintypes.TypeStatCards, created.Type)
	require.Equal(t, req.Metadata, created.Metadata)
	require.True(t, created.IsPublic)
	require.WithinDuration(t, time.Now(), created.CreatedAt, time.Minute)
	require.Equal(t, 1, srv.Stats().Requests[pindowntest.RouteCreate], "Create makes one request, no follow-up Get")

	got, err := c.Pins.Get(ctx, created.ID)
	require.NoError(t, err)
	require.Equal(t, created.ID, got.ID)
	require.Equal(t, pindown.Layout2x1, got.Layout)
	require.Equal(t, req.Metadata, got.Metadata)
	require.Empty(t, cmp.Diff(jsonOf(t, req.Config), jsonOf(t, got.Config)))
	require.IsType(t, &pintypes.StatCards{}, got.Config)
	require.Equal(t, created.CreatedAt, got.CreatedAt)
}

func TestCreateRejectsInvalidRequestsWithoutSending(t *testing.T) {
	srv, c := newClient(t, nil)
	for _, tc := range []struct {
		name  string
		req   *pindown.CreatePinRequest
		field string
		is    error
	}{
		{"nil", nil, "CreatePinRequest: nil", pindown.ErrInvalidRequest},
		{"no title", &pindown.CreatePinRequest{}, "metadata.title", pindown.ErrInvalidRequest},
		{"blank title", &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: "  "}}, "metadata.title", pindown.ErrInvalidRequest},
		{"layout", &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: "t"}, Layout: "5x5"}, "pin_layout", pindown.ErrInvalidRequest},
		{"invite role", &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: "t"}, Invites: map[string]pindown.Role{"a@b.c": "owner"}}, "pending_invites", pindown.ErrInvalidRequest},
		{"config", &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: "t"}, Config: &pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "x"}}}}, "cards[0].value", pindown.ErrInvalidConfig},
		{"unknown type", &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: "t"}, Config: &pintypes.Raw{Type: "hologram"}}, "pin_type", pindown.ErrInvalidConfig},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Pins.Create(ctx, tc.req)
			require.ErrorIs(t, err, tc.is)
			require.ErrorIs(t, err, pindown.ErrInvalidRequest)
			require.ErrorContains(t, err, tc.field)
		})
	}
	require.Zero(t, srv.Stats().Requests[pindowntest.RouteCreate])
}

func TestBadIDsCostNoRequest(t *testing.T) {
	srv, c := newClient(t, nil)
	for _, id := range []string{"", ".", "..", "a/b", "/"} {
		_, err := c.Pins.Get(ctx, id)
		require.ErrorIs(t, err, pindown.ErrInvalidRequest, "Get(%q)", id)
		require.ErrorContains(t, err, "id")
		_, err = c.Pins.Update(ctx, id, &pindown.UpdatePinRequest{Title: pindown.Ptr("x")})
		require.ErrorIs(t, err, pindown.ErrInvalidRequest)
		require.ErrorIs(t, c.Pins.Delete(ctx, id), pindown.ErrInvalidRequest)
		_, err = c.Pins.Share(ctx, id, &pindown.ShareSettings{IsPublic: pindown.Ptr(true)})
		require.ErrorIs(t, err, pindown.ErrInvalidRequest)
	}
	var total int
	for _, n := range srv.Stats().Requests {
		total += n
	}
	require.Zero(t, total)
}

func TestIDIsEscapedInPath(t *testing.T) {
	rec, withRec := withRecorder()
	_, c := newClient(t, nil, withRec)
	_, err := c.Pins.Get(ctx, "p-x?y z#")
	require.ErrorIs(t, err, pindown.ErrNotFound)
	sent := rec.requests()
	require.Len(t, sent, 1)
	require.Equal(t, "/v1/pins/p-x?y z#", sent[0].Path)
}

func TestListAndListAll(t *testing.T) {
	srv, c := newClient(t, nil, pindown.WithoutRateLimits())
	reqs := make([]*pindown.CreatePinRequest, 250)
	for i := range reqs {
		reqs[i] = &pindown.CreatePinRequest{Metadata: pindown.Metadata{Title: fmt.Sprintf("pin %03d", i)}}
	}
	res, err := c.Pins.BatchCreate(ctx, reqs)
	require.NoError(t, err)
	require.NoError(t, res.Err())

	page, err := c.Pins.List(ctx, &pindown.ListOptions{Limit: 10, Offset: 5})
	require.NoError(t, err)
	require.Len(t, page.Items, 10)
	require.Equal(t, 250, page.Total)
	require.Equal(t, 10, page.Limit)
	require.Equal(t, 5, page.Offset)

	before := srv.Stats().Requests[pindowntest.RouteList]
	seen := map[string]bool{}
	var last time.Time
	for p, err := range c.Pins.ListAll(ctx, nil) {
		require.NoError(t, err)
		require.False(t, seen[p.ID], "duplicate %s", p.ID)
		seen[p.ID] = true
		if !last.IsZero() {
			require.False(t, p.CreatedAt.After(last), "newest first")
		}
		last = p.CreatedAt
	}
	require.Len(t, seen, 250)
	require.Equal(t, 3, srv.Stats().Requests[pindowntest.RouteList]-before, "pages of 100")

	before = srv.Stats().Requests[pindowntest.RouteList]
	n := 0
	for _, err := range c.Pins.ListAll(ctx, &pindown.ListOptions{Limit: 20}) {
		require.NoError(t, err)
		if n++; n == 25 {
			break
		}
	}
	require.Equal(t, 2, srv.Stats().Requests[pindowntest.RouteList]-before, "break stops fetching")

	for _, o := range []*pindown.ListOptions{{Limit: 101}, {Limit: -1}, {Offset: -1}} {
		_, err := c.Pins.List(ctx, o)
		require.ErrorIs(t, err, pindown.ErrInvalidRequest)
		require.ErrorContains(t, err, "ListOptions.")
	}
}

// A server that ignores offset, repeats items across pages or lies about
// its total must not make ListAll loop or yield a pin twice.
func TestListAllOnMisbehavingServers(t *testing.T) {
	item := func(id string) string { return `{"id":"` + id + `","title":"` + id + `"}` }
	for _, tc := range []struct {
		name    string
		pages   func(offset int) string
		want    []string
		wantErr string
	}{
		{"offset ignored", func(int) string { return `{"items":[` + item("a") + `,` + item("b") + `],"total":1000}` }, []string{"a", "b"}, "ignore the offset"},
		{"overlapping pages", func(off int) string {
			switch off { // an insert shifted b onto the second page
			case 0:
				return `{"items":[` + item("a") + `,` + item("b") + `],"total":5}`
			case 2:
				return `{"items":[` + item("b") + `,` + item("c") + `],"total":5}`
			}
			return `{"items":[` + item("d") + `],"total":5}`
		}, []string{"a", "b", "c", "d"}, ""},
		{"no total", func(off int) string {
			if off >= 4 {
				return `{"items":[]}`
			}
			return fmt.Sprintf(`{"items":[%s,%s]}`, item(fmt.Sprint(off)), item(fmt.Sprint(off+1)))
		}, []string{"0", "1", "2", "3"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			requests := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests++
				var off int
				fmt.Sscan(r.URL.Query().Get("offset"), &off)
				fmt.Fprintf(w, `{"success":true,"data":%s}`, tc.pages(off))
			}))
			defer srv.Close()
			c, err := pindown.NewClient("k", pindown.WithBaseURL(srv.URL))
			require.NoError(t, err)
			var got []string
			var gotErr error
			for p, err := range c.Pins.ListAll(ctx, &pindown.ListOptions{Limit: 2}) {
				if err != nil {
					gotErr = err
					continue
				}
				got = append(got, p.ID)
			}
			require.Equal(t, tc.want, got)
			if tc.wantErr == "" {
				require.NoError(t, gotErr)
			} else {
				require.ErrorIs(t, gotErr, pindown.ErrServer)
				require.ErrorContains(t, gotErr, tc.wantErr)
			}
			require.Less(t, requests, 10)
		})
	}
}

func TestListAllYieldsErrorOnce(t *testing.T) {
	srv, c := newClient(t, nil, pindown.WithMaxRetries(0))
	srv.Inject(pindowntest.RouteList, pindowntest.Fault{Status: 500})
	var errs int
	for p, err := range c.Pins.ListAll(ctx, nil) {
		require.Nil(t, p)
		require.ErrorIs(t, err, pindown.ErrServer)
		errs++
	}
	require.Equal(t, 1, errs)
}

func TestUpdateSendsOnlySetFields(t *testing.T) {
	rec, withRec := withRecorder()
	_, c := newClient(t, nil, withRec)
	p, err := c.Pins.Create(ctx, &pindown.CreatePinRequest{Config: statCards(), Metadata: pindown.Metadata{Title: "old", Tags: []string{"a"}}})
	require.NoError(t, err)

	for _, tc := range []struct {
		req  *pindown.UpdatePinRequest
		body string
	}{
		{&pindown.UpdatePinRequest{Title: pindown.Ptr("new")}, `{"metadata":{"title":"new"}}`},
		{&pindown.UpdatePinRequest{Tags: []string{}}, `{"metadata":{"tags":[]}}`},
		{&pindown.UpdatePinRequest{IsPublic: pindown.Ptr(false), Layout: pindown.Layout1x1}, `{"pin_layout":"1x1","is_public":false}`},
		{&pindown.UpdatePinRequest{Config: &pintypes.Markdown{Content: "# x"}}, `{"pin_type":"markdown","pin_config":{"content":"# x"}}`},
	} {
		updated, err := c.Pins.Update(ctx, p.ID, tc.req)
		require.NoError(t, err)
		require.Equal(t, p.ID, updated.ID)
		require.False(t, updated.UpdatedAt.IsZero())
		sent := rec.requests()
		require.JSONEq(t, tc.body, string(sent[len(sent)-1].Body))
	}
	got, err := c.Pins.Get(ctx, p.ID)
	require.NoError(t, err)
	require.Equal(t, "new", got.Metadata.Title)
	require.Empty(t, got.Metadata.Tags)
	require.Equal(t, pindown.Layout1x1, got.Layout)
	require.True(t, pintypes.Equal(&pintypes.Markdown{Content: "# x"}, got.Config))

	for _, bad := range []*pindown.UpdatePinRequest{nil, {}, {Title: pindown.Ptr("")}, {Layout: "9x9"}} {
		_, err := c.Pins.Update(ctx, p.ID, bad)
		require.ErrorIs(t, err, pindown.ErrInvalidRequest)
	}
}

func TestDeleteAndShare(t *testing.T) {
	srv, c := newClient(t, nil)
	p, err := c.Pins.CreateMarkdown(ctx, "notes", pintypes.Markdown{Content: "hi"})
	require.NoError(t, err)

	other, err := pindown.NewClient(srv.NewKey(), pindown.WithBaseURL(srv.URL))
	require.NoError(t, err)
	_, err = other.Pins.Get(ctx, p.ID)
	require.ErrorIs(t, err, pindown.ErrNotFound, "another owner's private pin is hidden")

	res, err := c.Pins.Share(ctx, p.ID, &pindown.ShareSettings{IsPublic: pindown.Ptr(true), AllowComments: pindown.Ptr(true)})
	require.NoError(t, err)
	require.Equal(t, p.ID, res.ID)
	require.True(t, res.IsPublic)
	require.True(t, res.AllowComments)
	require.False(t, res.AllowEdit)
	require.Equal(t, "https://pindown.ai/share/pin/"+p.ID, res.URL)
	_, err = other.Pins.Get(ctx, p.ID)
	require.NoError(t, err, "a public pin is readable by others")
	require.ErrorIs(t, other.Pins.Delete(ctx, p.ID), pindown.ErrForbidden)

	_, err = c.Pins.Share(ctx, p.ID, &pindown.ShareSettings{})
	require.ErrorIs(t, err, pindown.ErrInvalidRequest)

	require.NoError(t, c.Pins.Delete(ctx, p.ID))
	_, err = c.Pins.Get(ctx, p.ID)
	require.ErrorIs(t, err, pindown.ErrNotFound)
	require.ErrorIs(t, c.Pins.Delete(ctx, p.ID), pindown.ErrNotFound)
}

func TestErrorClassesFromServer(t *testing.T) {
	srv := pindowntest.NewServer()
	defer srv.Close()
	owner, err := pindown.NewClient(srv.NewKey(), pindown.WithBaseURL(srv.URL), pindown.WithMaxRetries(0))
	require.NoError(t, err)
	p, err := owner.Pins.CreateMarkdown(ctx, "x", pintypes.Markdown{})
	require.NoError(t, err)

	client := func(key string) *pindown.Client {
		c, err := pindown.NewClient(key, pindown.WithBaseURL(srv.URL), pindown.WithMaxRetries(0))
		require.NoError(t, err)
		return c
	}
	readOnly := client(srv.NewKey("pins:read"))
	for _, tc := range []struct {
		name string
		call func() error
		is   error
		code string
	}{
		{"unknown key", func() error { _, err := client("pk_test_nobody").Pins.Get(ctx, p.ID); return err }, pindown.ErrUnauthorized, "UNAUTHORIZED"},
		{"missing scope", func() error { _, err := readOnly.Pins.CreateMarkdown(ctx, "x", pintypes.Markdown{}); return err }, pindown.ErrForbidden, "SCOPE_REQUIRED"},
		{"share scope", func() error {
			_, err := client(srv.NewKey("pins:write")).Pins.Share(ctx, p.ID, &pindown.ShareSettings{IsPublic: pindown.Ptr(true)})
			return err
		}, pindown.ErrForbidden, "SCOPE_REQUIRED"},
		{"not found", func() error { _, err := owner.Pins.Get(ctx, "p-doesnotexist"); return err }, pindown.ErrNotFound, "NOT_FOUND"},
		{"server rejects", func() error {
			srv.Inject(pindowntest.RouteCreate, pindowntest.Fault{Status: 400, Body: `{"success":false,"error":{"code":"PIN_CONFIG_INVALID","message":"at cards: Required"}}`})
			_, err := owner.Pins.CreateMarkdown(ctx, "x", pintypes.Markdown{})
			return err
		}, pindown.ErrInvalidConfig, "PIN_CONFIG_INVALID"},
		{"server error", func() error {
			srv.Inject(pindowntest.RouteGet, pindowntest.Fault{Status: 503})
			_, err := owner.Pins.Get(ctx, p.ID)
			return err
		}, pindown.ErrServer, "SERVICE_UNAVAILABLE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			require.ErrorIs(t, err, tc.is)
			var apiErr *pindown.APIError
			require.True(t, errors.As(err, &apiErr))
			require.Equal(t, tc.code, apiErr.Code)
			require.NotEmpty(t, apiErr.Message)
		})
	}
}

func TestRequestHeaders(t *testing.T) {
	rec, withRec := withRecorder()
	srv := pindowntest.NewServer()
	defer srv.Close()
	key := srv.NewKey()
	c, err := pindown.NewClient(key, pindown.WithBaseURL(srv.URL+"/"), withRec, pindown.WithUserAgent("nightly-report/2.1"))
	require.NoError(t, err)
	_, err = c.Pins.CreateMarkdown(ctx, "x", pintypes.Markdown{})
	require.NoError(t, err)
	h := rec.requests()[0].Header
	require.Equal(t, "Bearer "+key, h.Get("Authorization"))
	require.Regexp(t, `^pindown-go/\d+\.\d+\.\d+ go/go1\.\d+.* nightly-report/2\.1$`, h.Get("User-Agent"))
	require.Equal(t, "application/json", h.Get("Content-Type"))
}

func TestNewClientOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  string
		opts []pindown.Option
		err  string
	}{
		{"empty key", "", nil, "API key: empty"},
		{"key with newline", "pk_live_abc\n", nil, "white space"},
		{"plain http to Pindown", "k", []pindown.Option{pindown.WithBaseURL("http://api.pindown.ai/v1")}, "use https://"},
		{"plain http to Pindown, capitals", "k", []pindown.Option{pindown.WithBaseURL("http://API.Pindown.AI/v1")}, "use https://"},
		{"not a URL", "k", []pindown.Option{pindown.WithBaseURL("api.pindown.ai")}, "absolute http(s) URL"},
		{"credentials in URL", "k", []pindown.Option{pindown.WithBaseURL("https://u:p@api.example.com")}, "credentials"},
		{"negative retries", "k", []pindown.Option{pindown.WithMaxRetries(-1)}, "WithMaxRetries"},
		{"nil http client", "k", []pindown.Option{pindown.WithHTTPClient(nil)}, "WithHTTPClient"},
		{"bad limits", "k", []pindown.Option{pindown.WithRateLimits(pindown.RateLimits{Write: -2})}, "RateLimits"},
		{"budget and limits", "k", []pindown.Option{pindown.WithBudget(mustBudget(t)), pindown.WithoutRateLimits()}, "WithBudget"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pindown.NewClient(tc.key, tc.opts...)
			require.ErrorIs(t, err, pindown.ErrInvalidRequest)
			require.ErrorContains(t, err, tc.err)
		})
	}
	for _, ok := range []string{"http://127.0.0.1:1/v1", "http://localhost:8080", "http://[::1]:8080/",
		"https://api.example.com/pindown/v1/", "http://10.0.0.5/v1", "http://pindown-mock:8080/v1", "http://notpindown.ai/v1"} {
		_, err := pindown.NewClient("k", pindown.WithBaseURL(ok))
		require.NoError(t, err, ok)
	}
}

func mustBudget(t *testing.T) *pindown.Budget {
	b, err := pindown.NewBudget(pindown.DefaultRateLimits, 1)
	require.NoError(t, err)
	return b
}

// Request paths are relative to the base URL, whatever its path.
func TestBaseURLPaths(t *testing.T) {
	for base, want := range map[string]string{"": "/pins", "/": "/pins", "/v1": "/v1/pins", "/api/v1/": "/api/v1/pins", "/api": "/api/pins"} {
		var got string
		url := newHTTPServer(t, func(w http.ResponseWriter, r *http.Request) {
			got = r.URL.Path
			fmt.Fprint(w, `{"success":true,"data":{"items":[],"total":0}}`)
		})
		c, err := pindown.NewClient("k", pindown.WithBaseURL(url+base))
		require.NoError(t, err)
		_, err = c.Pins.List(ctx, nil)
		require.NoError(t, err)
		require.Equal(t, want, got, "base %q", base)
	}
}

func TestWithHTTPClientIsCopied(t *testing.T) {
	tr := &http.Transport{}
	hc := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	_, err := pindown.NewClient("k", pindown.WithHTTPClient(hc))
	require.NoError(t, err)
	require.Same(t, tr, hc.Transport)
	require.Equal(t, 5*time.Second, hc.Timeout)
	require.Nil(t, hc.CheckRedirect)
}

func TestResponseInfo(t *testing.T) {
	srv, c := newClient(t, nil)
	srv.Inject(pindowntest.RouteList, pindowntest.Fault{Status: 503, Header: http.Header{"Retry-After": {"0.01"}}})
	var info pindown.ResponseInfo
	_, err := c.Pins.List(ctx, nil, pindown.WithResponseInfo(&info))
	require.NoError(t, err)
	require.Equal(t, 2, info.Attempts)
	require.Equal(t, 200, info.StatusCode)

	srv.Inject(pindowntest.RouteList, pindowntest.Fault{Status: 503, Header: http.Header{"Retry-After": {"0.01"}}})
	_, err = c.Pins.List(ctx, nil, pindown.WithRetries(0), pindown.WithResponseInfo(&info))
	require.ErrorIs(t, err, pindown.ErrServer)
	require.Equal(t, 1, info.Attempts)
	require.Equal(t, 503, info.StatusCode)
}

// Title and description come from metadata, which holds what was sent,
// or from the root when metadata has none (the root copy may be empty).
func TestPinTitleAndDescriptionFromRootOrMetadata(t *testing.T) {
	for _, tc := range []struct{ json, title, description string }{
		{`{"id":"p-1","title":"T","description":"","metadata":{"title":"T","description":"Q3 numbers"}}`, "T", "Q3 numbers"},
		{`{"id":"p-1","title":"T","description":"D","metadata":{"title":"","description":""}}`, "T", "D"},
		{`{"id":"p-1","title":"Root","description":"Root","metadata":{"title":"Meta","description":"Meta"}}`, "Meta", "Meta"},
		{`{"id":"p-1","title":"T","description":"D"}`, "T", "D"},
		{`{"id":"p-1","metadata":{"title":"T","description":"D"}}`, "T", "D"},
	} {
		var p pindown.Pin
		require.NoError(t, json.Unmarshal([]byte(tc.json), &p))
		require.Equal(t, tc.title, p.Metadata.Title, tc.json)
		require.Equal(t, tc.description, p.Metadata.Description, tc.json)
	}
}

// A delete responded with no body (204, or 200 with nothing) succeeded.
func TestDeleteWithoutBody(t *testing.T) {
	for _, status := range []int{http.StatusNoContent, http.StatusOK} {
		url := newHTTPServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) })
		c, err := pindown.NewClient("k", pindown.WithBaseURL(url))
		require.NoError(t, err)
		require.NoError(t, c.Pins.Delete(ctx, "p-1"), "status %d", status)
	}
}

// An update response in the older shape has updated_at inside metadata.
func TestUpdateTimeFromMetadata(t *testing.T) {
	url := newHTTPServer(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"success":true,"data":{"pin_id":"p-1","metadata":{"updated_at":"2024-11-01T15:30:00Z"}}}`)
	})
	c, err := pindown.NewClient("k", pindown.WithBaseURL(url))
	require.NoError(t, err)
	p, err := c.Pins.Update(ctx, "p-1", &pindown.UpdatePinRequest{Title: pindown.Ptr("New")})
	require.NoError(t, err)
	require.Equal(t, time.Date(2024, 11, 1, 15, 30, 0, 0, time.UTC), p.UpdatedAt.UTC())
	require.Equal(t, "p-1", p.ID)
}

// Old pages send a markdown pin's content as a bare string.
func TestMarkdownContentAsString(t *testing.T) {
	var p pindown.Pin
	require.NoError(t, json.Unmarshal([]byte(`{"id":"p-1","data_type":"markdown","content":"# Weekly\n\nUp 15%","metadata":{"title":"R"}}`), &p))
	require.Equal(t, pintypes.TypeMarkdown, p.Type)
	md, ok := p.Config.(*pintypes.Markdown)
	require.True(t, ok, "%T", p.Config)
	require.Equal(t, "# Weekly\n\nUp 15%", md.Content)
	require.NoError(t, json.Unmarshal([]byte(`{"id":"p-1","pin_type":"stat-cards","content":"x","metadata":{"title":"R"}}`), &p))
	require.IsType(t, &pintypes.Raw{}, p.Config, "a string is no stat-cards config")
}
