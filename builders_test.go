package pindown_test

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// builderCase is one typed builder: its method name, the config it is
// called with, and the call itself.
type builderCase struct {
	builder string
	want    pintypes.Type
	cfg     pintypes.Config
	create  func(ctx context.Context, s *pindown.PinsService, title string, opts ...pindown.PinOption) (*pindown.Pin, error)
}

// builderRow makes a case from a builder's method expression, such as
// (*pindown.PinsService).CreateMarkdown, and a config of its type.
func builderRow[T any, PT interface {
	*T
	pintypes.Config
}](builder string, want pintypes.Type, create func(*pindown.PinsService, context.Context, string, T, ...pindown.PinOption) (*pindown.Pin, error), cfg T) builderCase {
	return builderCase{builder: builder, want: want, cfg: PT(&cfg),
		create: func(ctx context.Context, s *pindown.PinsService, title string, opts ...pindown.PinOption) (*pindown.Pin, error) {
			return create(s, ctx, title, cfg, opts...)
		}}
}

// builderCases holds one valid, realistic config per pin type.
func builderCases() []builderCase {
	type S = pindown.PinsService
	return []builderCase{
		builderRow("CreateMarkdown", pintypes.TypeMarkdown, (*S).CreateMarkdown, pintypes.Markdown{
			Content: "# Release 2.4\n\n- Faster sync\n- Dark mode\n\nSee the [changelog](https://example.com/changelog).",
		}),
		builderRow("CreateImage", pintypes.TypeImage, (*S).CreateImage, pintypes.Image{
			URL: "https://images.example.com/dashboards/q3-funnel.png", Alt: "Q3 signup funnel", Caption: "Signups by step, Q3",
			Link: "https://analytics.example.com/funnels/42",
		}),
		builderRow("CreateGallery", pintypes.TypeGallery, (*S).CreateGallery, pintypes.Gallery{Columns: 3, Images: []pintypes.GalleryImage{
			{URL: "https://images.example.com/store/front.jpg", Alt: "Store front", Caption: "Opening day"},
			{URL: "https://images.example.com/store/aisle.jpg", Alt: "Aisle 4"},
			{FileID: "file_9f2c1a", Caption: "Staff photo"},
		}}),
		builderRow("CreateTable", pintypes.TypeTable, (*S).CreateTable, pintypes.Table{
			Columns: []pintypes.TableColumn{
				{ID: "region", Name: "Region", Type: pintypes.ColumnText},
				{ID: "orders", Name: "Orders", Type: pintypes.ColumnNumber},
				{ID: "revenue", Name: "Revenue (USD)", Type: pintypes.ColumnNumber},
			},
			Rows: []pintypes.Row{
				{"region": "EMEA", "orders": 1204, "revenue": 98231.5},
				{"region": "APAC", "orders": 877, "revenue": 70110.25},
				{"region": "Americas", "orders": 2311, "revenue": 180422},
			},
		}),
		builderRow("CreateCharts", pintypes.TypeCharts, (*S).CreateCharts, pintypes.Charts{
			ChartType: pintypes.ChartLine, XKey: "month",
			Data: []map[string]any{
				{"month": "2025-01", "signups": 420, "churn": 31},
				{"month": "2025-02", "signups": 515, "churn": 28},
				{"month": "2025-03", "signups": 603, "churn": 35},
			},
			Series: []pintypes.ChartSeries{{Key: "signups", Label: "Signups", Color: "#3b82f6"}, {Key: "churn", Label: "Churn", Color: "#ef4444"}},
		}),
		builderRow("CreateMermaid", pintypes.TypeMermaid, (*S).CreateMermaid, pintypes.Mermaid{
			Source: "graph TD; Checkout-->Payment; Payment-->|ok|Receipt; Payment-->|declined|Retry",
		}),
		builderRow("CreateEmbed", pintypes.TypeEmbed, (*S).CreateEmbed, pintypes.Embed{
			URL: "https://www.youtube.com/embed/dQw4w9WgXcQ", Type: pintypes.EmbedYouTube, AspectRatio: "16:9",
		}),
		builderRow("CreatePDFViewer", pintypes.TypePDFViewer, (*S).CreatePDFViewer, pintypes.PDFViewer{
			URL: "https://docs.example.com/reports/annual-2024.pdf", Page: 3,
		}),
		builderRow("CreateExcelViewer", pintypes.TypeExcelViewer, (*S).CreateExcelViewer, pintypes.ExcelViewer{
			URL: "https://files.example.com/finance/budget-2025.xlsx", Sheet: "Q1",
		}),
		builderRow("CreateStatCards", pintypes.TypeStatCards, (*S).CreateStatCards, pintypes.StatCards{Cards: []pintypes.StatCard{
			{Title: "Revenue", Value: "$125,430", Change: "+18.2%", Trend: pintypes.TrendUp},
			{Title: "Open incidents", Value: "2", Change: "-3", Trend: pintypes.TrendDown},
			{Title: "Uptime", Value: "99.98%", Trend: pintypes.TrendNeutral},
		}}),
		builderRow("CreateTimeline", pintypes.TypeTimeline, (*S).CreateTimeline, pintypes.Timeline{Events: []pintypes.TimelineEvent{
			{Date: "2025-01-15", Title: "Kick-off", Status: "done"},
			{Date: "2025-03-01T09:00:00Z", Title: "Beta", Description: "Invite-only beta", Status: "in progress"},
			{Date: "2025-06-30", Title: "GA"},
		}}),
		builderRow("CreateJSONViewer", pintypes.TypeJSONViewer, (*S).CreateJSONViewer, pintypes.JSONViewer{ExpandDepth: 2, Data: map[string]any{
			"build":  map[string]any{"id": 4711, "status": "passed", "durationSec": 312.5},
			"tests":  []any{"unit", "integration"},
			"cached": true,
		}}),
		builderRow("CreateJSONList", pintypes.TypeJSONList, (*S).CreateJSONList, pintypes.JSONList{TitleKey: "name", Items: []any{
			map[string]any{"name": "api", "replicas": 3},
			map[string]any{"name": "worker", "replicas": 5},
			"unlabelled",
		}}),
		builderRow("CreateLinks", pintypes.TypeLinks, (*S).CreateLinks, pintypes.Links{Links: []pintypes.Link{
			{Title: "Runbook", URL: "https://wiki.example.com/runbooks/payments", Description: "On-call steps"},
			{Title: "Dashboard", URL: "https://grafana.example.com/d/payments"},
		}}),
		builderRow("CreateSteps", pintypes.TypeSteps, (*S).CreateSteps, pintypes.Steps{Steps: []pintypes.Step{
			{Title: "Build", Status: pintypes.StepDone},
			{Title: "Test", Description: "2,318 tests", Status: pintypes.StepInProgress},
			{Title: "Deploy", Status: pintypes.StepPending},
		}}),
		builderRow("CreateCSVViewer", pintypes.TypeCSVViewer, (*S).CreateCSVViewer, pintypes.CSVViewer{
			CSV: "sku,stock\nA-100,42\nB-200,0\n", Delimiter: ",",
		}),
		builderRow("CreateUserStory", pintypes.TypeUserStory, (*S).CreateUserStory, pintypes.UserStory{
			AsA: "store manager", IWant: "a daily stock report", SoThat: "I can reorder before we run out",
			AcceptanceCriteria: []pintypes.AcceptanceCriterion{{Given: "stock below 10", When: "the report runs", Then: "the item is highlighted"}},
			Priority:           "high", Estimate: "3", Source: "https://github.com/example/shop/issues/128",
		}),
		builderRow("CreateChat", pintypes.TypeChat, (*S).CreateChat, pintypes.Chat{Messages: []pintypes.ChatMessage{
			{Role: pintypes.RoleUser, Content: "Why did checkout fail at 09:12?", Timestamp: "2025-05-02T09:14:00Z"},
			{Role: pintypes.RoleAssistant, Content: "The payment provider timed out for 40 seconds.", Timestamp: "2025-05-02T09:14:05Z"},
		}}),
		builderRow("CreateIntro", pintypes.TypeIntro, (*S).CreateIntro, pintypes.Intro{
			Title: "Data platform team", Subtitle: "Pipelines, warehouse and BI", Description: "Ask us in #data.",
			AvatarURL: "https://images.example.com/teams/data.png",
			Links:     []pintypes.IntroLink{{Title: "Handbook", URL: "https://wiki.example.com/data"}},
		}),
		builderRow("CreateMastra", pintypes.TypeMastra, (*S).CreateMastra, pintypes.Mastra{
			AgentID: "support-triage", RunID: "run_01HZX3",
			Messages: []pintypes.ChatMessage{{Role: pintypes.RoleUser, Content: "Classify ticket 881"}},
			Output:   map[string]any{"category": "billing", "confidence": 0.93},
		}),
		builderRow("CreateTextMedia", pintypes.TypeTextMedia, (*S).CreateTextMedia, pintypes.TextMedia{
			Title: "New office", Text: "We moved to the harbour district.", Subtext: "Since March",
			TextPosition: pintypes.TextLeft, MediaType: pintypes.MediaImage,
			ImageConfig: &pintypes.ImageConfig{URL: "https://images.example.com/office.jpg", Alt: "The new office"},
		}),
		builderRow("CreateFileUpload", pintypes.TypeFileUpload, (*S).CreateFileUpload, pintypes.FileUpload{Files: []pintypes.UploadedFile{
			{FileID: "file_7a1", Name: "invoices-2025-04.csv", URL: "https://files.example.com/invoices-2025-04.csv", Size: 48213, MimeType: "text/csv"},
		}}),
		builderRow("CreateKanbanBoard", pintypes.TypeKanbanBoard, (*S).CreateKanbanBoard, pintypes.KanbanBoard{Columns: []pintypes.KanbanColumn{
			{ID: "todo", Title: "To do", Cards: []pintypes.KanbanCard{{ID: "c1", Title: "Rotate API keys", Labels: []string{"security"}, Assignee: "ana"}}},
			{ID: "doing", Title: "Doing", Cards: []pintypes.KanbanCard{{ID: "c2", Title: "Migrate to Postgres 16", Description: "Staging first"}}},
			{ID: "done", Title: "Done"},
		}}),
		builderRow("CreateChecklist", pintypes.TypeChecklist, (*S).CreateChecklist, pintypes.Checklist{Items: []pintypes.ChecklistItem{
			{ID: "1", Text: "Back up the database", Checked: true},
			{ID: "2", Text: "Run migrations"},
		}}),
		builderRow("CreateCalendar", pintypes.TypeCalendar, (*S).CreateCalendar, pintypes.Calendar{Events: []pintypes.CalendarEvent{
			{ID: "e1", Title: "Sprint review", Start: "2025-06-13T14:00:00Z", End: "2025-06-13T15:00:00Z"},
			{ID: "e2", Title: "Company offsite", Start: "2025-07-01", End: "2025-07-03", AllDay: true},
		}}),
		builderRow("CreateRoadmap", pintypes.TypeRoadmap, (*S).CreateRoadmap, pintypes.Roadmap{Items: []pintypes.RoadmapItem{
			{ID: "r1", Title: "SSO", Status: "in progress", Start: "2025-04-01", End: "2025-06-30", Lane: "Platform"},
			{ID: "r2", Title: "Mobile app", Status: "planned", Start: "2025-07-01", End: "2025-12-31", Lane: "Product"},
		}}),
		builderRow("CreateRealtimeCanvas", pintypes.TypeRealtimeCanvas, (*S).CreateRealtimeCanvas, pintypes.RealtimeCanvas{
			Elements: []any{
				map[string]any{"type": "rect", "x": 10, "y": 20, "w": 200, "h": 80, "label": "API"},
				map[string]any{"type": "arrow", "from": []any{210, 60}, "to": []any{300, 60}},
			},
			Collaboration: &pintypes.Collaboration{Enabled: true},
		}),
	}
}

// TestBuilders calls every typed builder against pindowntest and checks
// the pin it returns and the pin the server stored. It fails when a pin type
// has no row (or two), and when a Create… method is missing from the table.
func TestBuilders(t *testing.T) {
	cases := builderCases()

	// One row per pin type, and one row per builder method.
	require.Equal(t, len(pintypes.Types()), len(cases), "one row per pin type")
	seen := map[pintypes.Type]string{}
	for _, bc := range cases {
		require.True(t, bc.want.Known(), bc.builder)
		require.Empty(t, seen[bc.want], "%s appears twice (%s and %s)", bc.want, seen[bc.want], bc.builder)
		seen[bc.want] = bc.builder
		require.Equal(t, bc.want, bc.cfg.PinType(), bc.builder)
	}
	for _, typ := range pintypes.Types() {
		require.NotEmpty(t, seen[typ], "no builder row for pin type %s", typ)
	}
	svc := reflect.TypeFor[*pindown.PinsService]()
	rows := map[string]bool{}
	for _, bc := range cases {
		rows[bc.builder] = true
		m, ok := svc.MethodByName(bc.builder)
		require.True(t, ok, "PinsService has no %s", bc.builder)
		require.Equal(t, reflect.TypeOf(bc.cfg).Elem(), m.Type.In(3), "%s takes the %s config", bc.builder, bc.want)
	}
	for i := range svc.NumMethod() {
		name := svc.Method(i).Name
		if strings.HasPrefix(name, "Create") && name != "Create" {
			require.True(t, rows[name], "builder %s has no row in this table", name)
		}
	}

	srv, c := newClient(t, nil, pindown.WithoutRateLimits())
	layouts := []pindown.Layout{pindown.Layout1x1, pindown.Layout1x2, pindown.Layout2x1, pindown.Layout2x2, pindown.Layout3x1, pindown.Layout3x2, pindown.Layout3x3, pindown.Layout4x4}
	for i, bc := range cases {
		t.Run(string(bc.want), func(t *testing.T) {
			require.NoError(t, bc.cfg.Validate(), "the row's config must be valid")
			title := "Builder " + bc.builder
			// Options on some rows only, so that the defaults are covered too.
			var opts []pindown.PinOption
			var layout pindown.Layout
			var tags []string
			var desc string
			public := false
			if i%2 == 0 {
				layout = layouts[i%len(layouts)]
				opts = append(opts, pindown.WithLayout(layout))
			}
			if i%3 != 2 {
				tags = []string{"builders", string(bc.want)}
				opts = append(opts, pindown.WithTags(tags...))
			}
			if i%4 == 1 {
				desc = "made by " + bc.builder
				opts = append(opts, pindown.WithDescription(desc))
			}
			if i%5 == 0 {
				public = true
				opts = append(opts, pindown.WithPublic(true))
			}

			p, err := bc.create(ctx, c.Pins, title, opts...)
			require.NoError(t, err)
			require.Equal(t, bc.want, p.Type)
			require.True(t, strings.HasPrefix(p.ID, "p-"), p.ID)
			require.Equal(t, title, p.Metadata.Title)
			require.Equal(t, layout, p.Layout)
			require.Equal(t, public, p.IsPublic)
			require.True(t, pintypes.Equal(bc.cfg, p.Config))

			got, err := c.Pins.Get(ctx, p.ID)
			require.NoError(t, err)
			require.Equal(t, bc.want, got.Type)
			require.IsType(t, bc.cfg, got.Config, "decoded as the typed config")
			require.True(t, pintypes.Equal(bc.cfg, got.Config), "stored config\nsent: %s\n got: %s", jsonOf(t, bc.cfg), jsonOf(t, got.Config))
			require.Equal(t, layout, got.Layout)
			require.Equal(t, title, got.Metadata.Title)
			require.Equal(t, desc, got.Metadata.Description)
			if tags == nil {
				require.Empty(t, got.Metadata.Tags)
			} else {
				require.Equal(t, tags, got.Metadata.Tags)
			}
			require.Equal(t, public, got.IsPublic)
		})
	}
	require.Equal(t, len(cases), srv.Stats().Requests[pindowntest.RouteCreate], "one request per builder call")
	require.Equal(t, len(cases), srv.Stats().Pins)
}

// A builder given an invalid config returns an error matching
// ErrInvalidConfig that names the field path, and sends nothing.
func TestBuilderInvalidConfigSendsNothing(t *testing.T) {
	srv, c := newClient(t, nil)
	for _, tc := range []struct {
		name string
		call func() (*pindown.Pin, error)
		path string
	}{
		{"stat card without value", func() (*pindown.Pin, error) {
			return c.Pins.CreateStatCards(ctx, "KPIs", pintypes.StatCards{Cards: []pintypes.StatCard{
				{Title: "Users", Value: "1,234"}, {Title: "Errors"},
			}})
		}, "cards[1].value"},
		{"stat card trend", func() (*pindown.Pin, error) {
			return c.Pins.CreateStatCards(ctx, "KPIs", pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "Users", Value: "1", Trend: "sideways"}}})
		}, "cards[0].trend"},
		{"no stat cards", func() (*pindown.Pin, error) {
			return c.Pins.CreateStatCards(ctx, "KPIs", pintypes.StatCards{})
		}, "cards"},
		{"duplicate table column", func() (*pindown.Pin, error) {
			return c.Pins.CreateTable(ctx, "Orders", pintypes.Table{Columns: []pintypes.TableColumn{{ID: "sku"}, {ID: "sku"}}})
		}, "columns[1].id"},
		{"image URL", func() (*pindown.Pin, error) {
			return c.Pins.CreateImage(ctx, "Logo", pintypes.Image{URL: "logo.png"})
		}, "url"},
		{"calendar end before start", func() (*pindown.Pin, error) {
			return c.Pins.CreateCalendar(ctx, "Offsite", pintypes.Calendar{Events: []pintypes.CalendarEvent{
				{Title: "ok", Start: "2025-07-01", End: "2025-07-02"},
				{Title: "backwards", Start: "2025-07-03", End: "2025-07-01"},
			}})
		}, "events[1].end"},
		{"text-media image without URL", func() (*pindown.Pin, error) {
			return c.Pins.CreateTextMedia(ctx, "Office", pintypes.TextMedia{Text: "hi", MediaType: pintypes.MediaImage})
		}, "imageConfig.url"},
		{"pdf page below 1", func() (*pindown.Pin, error) {
			return c.Pins.CreatePDFViewer(ctx, "Report", pintypes.PDFViewer{URL: "https://docs.example.com/r.pdf", Page: -1})
		}, "page"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.call()
			require.Nil(t, p)
			require.ErrorIs(t, err, pindown.ErrInvalidConfig)
			require.ErrorIs(t, err, pindown.ErrInvalidRequest)
			require.ErrorContains(t, err, " "+tc.path+": ", "the error names the field path")
		})
	}

	// A builder's other inputs are checked too.
	_, err := c.Pins.CreateMarkdown(ctx, " ", pintypes.Markdown{Content: "x"})
	require.ErrorIs(t, err, pindown.ErrInvalidRequest)
	require.ErrorContains(t, err, "metadata.title")
	_, err = c.Pins.CreateMarkdown(ctx, "x", pintypes.Markdown{}, pindown.WithLayout("5x5"))
	require.ErrorContains(t, err, "pin_layout")
	_, err = c.Pins.CreateMarkdown(ctx, "x", pintypes.Markdown{}, pindown.WithInvites(map[string]pindown.Role{"ana@example.com": "admin"}))
	require.ErrorContains(t, err, "pending_invites")

	require.Empty(t, srv.Stats().Requests, "no request was sent")
	require.Zero(t, srv.Stats().Pins)
}

// WithInvites reaches the server (it is not echoed by Get, so the request
// body is checked).
func TestBuilderWithInvites(t *testing.T) {
	rec, withRec := withRecorder()
	_, c := newClient(t, nil, withRec)
	_, err := c.Pins.CreateChecklist(ctx, "Launch", pintypes.Checklist{Items: []pintypes.ChecklistItem{{Text: "Ship"}}},
		pindown.WithInvites(map[string]pindown.Role{"ana@example.com": pindown.RoleEditor, "bo@example.com": pindown.RoleViewer}))
	require.NoError(t, err)
	sent := rec.requests()
	require.Len(t, sent, 1)
	var body struct {
		PinType        string            `json:"pin_type"`
		PendingInvites map[string]string `json:"pending_invites"`
	}
	require.NoError(t, json.Unmarshal(sent[0].Body, &body))
	require.Equal(t, "checklist", body.PinType)
	require.Equal(t, map[string]string{"ana@example.com": "editor", "bo@example.com": "viewer"}, body.PendingInvites)
}

func TestBuilderRequestOptions(t *testing.T) {
	srv, c := newClient(t, nil)
	srv.Inject(pindowntest.RouteCreate, pindowntest.Fault{Status: 429, Header: http.Header{"Retry-After": {"0.01"}}})
	var info pindown.ResponseInfo
	_, err := c.Pins.CreateMarkdown(ctx, "x", pintypes.Markdown{}, pindown.WithRequestOptions(pindown.WithResponseInfo(&info)))
	require.NoError(t, err)
	require.Equal(t, 2, info.Attempts)
	require.Equal(t, http.StatusCreated, info.StatusCode)
}
