package pintypes_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/pindownai/client-go/pintypes"
)

func TestDecodeGivesTypedPointers(t *testing.T) {
	require.Len(t, pintypes.Types(), 27)
	for _, typ := range pintypes.Types() {
		for _, raw := range []string{"", "null", " {} "} {
			cfg, err := pintypes.Decode(typ, json.RawMessage(raw))
			require.NoError(t, err, "%s %q", typ, raw)
			require.Equal(t, typ, cfg.PinType())
			v := reflect.ValueOf(cfg)
			require.Equal(t, reflect.Pointer, v.Kind(), "%s: Decode returns a pointer", typ)
			require.Equal(t, reflect.Struct, v.Elem().Kind())
			_, isRaw := cfg.(*pintypes.Raw)
			require.False(t, isRaw, "%s is modeled", typ)
			out, err := json.Marshal(cfg)
			require.NoError(t, err)
			require.Equal(t, "{}", string(out))
			// The value type is a Config too, so users can pass either.
			_, ok := v.Elem().Interface().(pintypes.Config)
			require.True(t, ok)
		}
	}
}

func TestDecodeShapeErrors(t *testing.T) {
	for _, tc := range []struct {
		typ  pintypes.Type
		json string
		want []pintypes.FieldError
	}{
		{pintypes.TypeChecklist, `{"items": [{"id": "1", "checked": "yes"}, {"checked": 1}]}`, []pintypes.FieldError{
			{Path: "items[0].checked", Message: "must be a boolean"},
			{Path: "items[1].checked", Message: "must be a boolean"},
		}},
		{pintypes.TypeMarkdown, `[1, 2]`, []pintypes.FieldError{{Path: "pin_config", Message: "must be a JSON object"}}},
		{pintypes.TypeMarkdown, `"text"`, []pintypes.FieldError{{Path: "pin_config", Message: "must be a JSON object"}}},
		{pintypes.TypeStatCards, `{"cards": [null]}`, []pintypes.FieldError{{Path: "cards[0]", Message: "must be an object"}}},
		{pintypes.TypeKanbanBoard, `{"columns": [{"cards": [{"labels": ["a", 2]}]}]}`, []pintypes.FieldError{
			{Path: "columns[0].cards[0].labels[1]", Message: "must be a string"},
		}},
		{pintypes.TypePDFViewer, `{"page": 2.5}`, []pintypes.FieldError{{Path: "page", Message: "must be an integer"}}},
		{pintypes.TypeFileUpload, `{"files": [{"size": 1e30}]}`, []pintypes.FieldError{{Path: "files[0].size", Message: "must be an integer that fits in a Go int"}}},
		{pintypes.TypeTable, `{"columns": [{"id": "a", "label": 3}], "rows": {}}`, []pintypes.FieldError{
			{Path: "columns[0].label", Message: "must be a string"},
			{Path: "rows", Message: "must be a list"},
		}},
		{pintypes.TypeTextMedia, `{"imageConfig": "https://x.test"}`, []pintypes.FieldError{{Path: "imageConfig", Message: "must be an object"}}},
	} {
		t.Run(string(tc.typ), func(t *testing.T) {
			cfg, err := pintypes.Decode(tc.typ, json.RawMessage(tc.json))
			require.Nil(t, cfg)
			require.ErrorIs(t, err, pintypes.ErrInvalidConfig)
			var ve *pintypes.ValidationError
			require.ErrorAs(t, err, &ve)
			require.Equal(t, tc.typ, ve.Type)
			if diff := cmp.Diff(tc.want, ve.Errors); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeInvalidJSON(t *testing.T) {
	for _, typ := range []pintypes.Type{pintypes.TypeMarkdown, "line-chart"} {
		for _, raw := range []string{`{"content": `, `{} {}`, `nul`} {
			_, err := pintypes.Decode(typ, json.RawMessage(raw))
			require.ErrorIs(t, err, pintypes.ErrInvalidConfig, "%s %q", typ, raw)
			require.ErrorContains(t, err, "pin_config: invalid JSON")
		}
	}
}

func TestDecodeDoesNotApplyValueRules(t *testing.T) {
	cfg, err := pintypes.Decode(pintypes.TypeStatCards, json.RawMessage(`{"cards": [{"trend": "sideways"}]}`))
	require.NoError(t, err)
	cards := cfg.(*pintypes.StatCards)
	require.Equal(t, pintypes.Trend("sideways"), cards.Cards[0].Trend)
	require.EqualError(t, cfg.Validate(),
		"invalid stat-cards config: cards[0].title: required; cards[0].value: required; cards[0].trend: must be one of up, down, neutral")
}

func TestDecodeUnknownTypesAsRaw(t *testing.T) {
	for _, typ := range []pintypes.Type{"line-chart", "long-short-pie", "flexible-table", "indicator-table", "score-gauge", "alert-action", "bottom-detector", "hologram", ""} {
		raw := json.RawMessage(`{ "series" : [1, 2.50], "x": {"y": null} }`)
		cfg, err := pintypes.Decode(typ, raw)
		require.NoError(t, err)
		r, ok := cfg.(*pintypes.Raw)
		require.True(t, ok, "%s decodes as *Raw", typ)
		require.Equal(t, typ, r.PinType())
		require.Equal(t, string(raw), string(r.JSON), "byte for byte")
		raw[3] = 'X' // Decode keeps a copy
		require.Equal(t, `{ "series"`, string(r.JSON[:10]))
		out, err := json.Marshal(cfg)
		require.NoError(t, err)
		require.Equal(t, `{"series":[1,2.50],"x":{"y":null}}`, string(out))
		err = cfg.Validate()
		require.ErrorIs(t, err, pintypes.ErrInvalidConfig)
		want := `invalid ` + string(typ) + ` config: `
		if typ == "" {
			want = `invalid pin config: `
		}
		require.EqualError(t, err, want+`pin_type: unknown pin type "`+string(typ)+`"; use one of pintypes.Types()`)
	}
	cfg, err := pintypes.Decode("score-gauge", nil)
	require.NoError(t, err)
	require.Equal(t, &pintypes.Raw{Type: "score-gauge"}, cfg)
}

func TestRawValidate(t *testing.T) {
	for _, tc := range []struct {
		raw  pintypes.Raw
		want string // "" for valid
	}{
		{pintypes.Raw{Type: pintypes.TypeStatCards, JSON: json.RawMessage(`{"cards": [{"title": "A", "value": "1"}]}`)}, ""},
		{pintypes.Raw{Type: pintypes.TypeMarkdown}, ""},
		{pintypes.Raw{Type: pintypes.TypeMarkdown, JSON: json.RawMessage(`null`)}, ""},
		{pintypes.Raw{Type: pintypes.TypeStatCards, JSON: json.RawMessage(`{"cards": [{"title": "A"}]}`)}, "invalid stat-cards config: cards[0].value: required"},
		{pintypes.Raw{Type: pintypes.TypeChecklist, JSON: json.RawMessage(`{"items": [{"checked": "yes"}]}`)}, "invalid checklist config: items[0].checked: must be a boolean"},
		{pintypes.Raw{Type: pintypes.TypeMarkdown, JSON: json.RawMessage(`[1]`)}, "invalid markdown config: pin_config: must be a JSON object"},
		{pintypes.Raw{Type: "hologram", JSON: json.RawMessage(`[1]`)}, `invalid hologram config: pin_type: unknown pin type "hologram"; use one of pintypes.Types(); pin_config: must be a JSON object`},
		{pintypes.Raw{Type: pintypes.TypeMarkdown, JSON: json.RawMessage(`{`)}, "invalid markdown config: pin_config: invalid JSON: unexpected EOF"},
	} {
		err := tc.raw.Validate()
		if tc.want == "" {
			require.NoError(t, err)
			continue
		}
		require.ErrorIs(t, err, pintypes.ErrInvalidConfig)
		require.EqualError(t, err, tc.want)
	}
	_, err := json.Marshal(pintypes.Raw{Type: "x", JSON: json.RawMessage(`{`)})
	require.Error(t, err)
	out, err := json.Marshal(pintypes.Raw{Type: "x"})
	require.NoError(t, err)
	require.Equal(t, `{}`, string(out))

	var r pintypes.Raw
	require.NoError(t, json.Unmarshal([]byte(`{"a": 1}`), &r))
	require.Equal(t, `{"a": 1}`, string(r.JSON))
}

func TestValidateTyped(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  pintypes.Config
		want string // "" for valid
	}{
		{"stat cards", pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "Users", Value: "1,234", Change: "+5%", Trend: pintypes.TrendUp}}}, ""},
		{"stat cards none", pintypes.StatCards{}, "invalid stat-cards config: cards: required"},
		{"stat cards empty", pintypes.StatCards{Cards: []pintypes.StatCard{}}, "invalid stat-cards config: cards: must have at least 1 item"},
		{"stat cards all problems", pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "U", Value: "1", Trend: "sideways"}, {Title: "V"}}},
			"invalid stat-cards config: cards[0].trend: must be one of up, down, neutral; cards[1].value: required"},
		{"markdown", pintypes.Markdown{Content: "# Hi"}, ""},
		{"table", pintypes.Table{
			Columns: []pintypes.TableColumn{{ID: "product", Name: "Product", Type: pintypes.ColumnText}, {ID: "sales", Type: "currency"}},
			Rows:    []pintypes.Row{{"product": "A", "sales": 1520}, {"product": "B", "sales": nil}},
		}, ""},
		{"table problems", pintypes.Table{
			Columns: []pintypes.TableColumn{{ID: "a"}, {ID: "a"}, {Name: "no id"}},
			Rows:    []pintypes.Row{{"a": []int{1}}},
		}, `invalid table config: columns[1].id: must be unique: "a" is also the id of columns[0]; columns[2].id: required; rows[0].a: must be a string, number, boolean or null`},
		{"text-media image", pintypes.TextMedia{MediaType: pintypes.MediaImage, ImageConfig: &pintypes.ImageConfig{FileID: "f_1"}, TextPosition: pintypes.TextLeft}, ""},
		{"text-media image missing", pintypes.TextMedia{MediaType: pintypes.MediaImage}, "invalid text-media config: imageConfig.url: required when mediaType is image (or set imageConfig.fileId)"},
		{"text-media embed missing", pintypes.TextMedia{MediaType: pintypes.MediaEmbed, EmbedConfig: &pintypes.EmbedConfig{Type: pintypes.EmbedLoom}}, "invalid text-media config: embedConfig.url: required when mediaType is embed"},
		{"text-media bad enums", pintypes.TextMedia{TextPosition: "top", MediaType: "video"}, "invalid text-media config: textPosition: must be one of left, right; mediaType: must be one of image, embed"},
		{"embed", pintypes.Embed{URL: "https://www.figma.com/file/xyz", Type: "miro"}, ""},
		{"embed bad url", pintypes.Embed{URL: "www.figma.com"}, "invalid embed config: url: must be an absolute http or https URL"},
		{"provisional requires nothing", pintypes.Calendar{Events: []pintypes.CalendarEvent{{}}}, ""},
		{"provisional open enums", pintypes.Steps{Steps: []pintypes.Step{{Status: "blocked"}}}, ""},
		{"provisional shape", pintypes.Calendar{Events: []pintypes.CalendarEvent{
			{Start: "2026-03-02T10:00:00Z", End: "2026-03-02T09:00:00Z"},
			{Start: "2026-03-05", End: "2026-03-05T08:00:00+01:00"},
			{Start: "soon"},
		}}, "invalid calendar config: events[0].end: must not be before start; events[2].start: must be an RFC 3339 time or a YYYY-MM-DD date"},
		{"roadmap dates", pintypes.Roadmap{Items: []pintypes.RoadmapItem{{Start: "2026-06-30", End: "2026-04-01"}}}, "invalid roadmap config: items[0].end: must not be before start"},
		{"minimums", pintypes.FileUpload{Files: []pintypes.UploadedFile{{Size: -5}}}, "invalid file-upload config: files[0].size: must not be negative"},
		{"page", pintypes.PDFViewer{Page: -1}, "invalid pdf-viewer config: page: must be at least 1"},
		{"depth", pintypes.JSONViewer{ExpandDepth: -1, Data: []any{1}}, "invalid json-viewer config: expandDepth: must not be negative"},
		{"urls", pintypes.Intro{AvatarURL: "ftp://x.test/a.png", Links: []pintypes.IntroLink{{URL: "https://x.test"}, {URL: "x.test"}}},
			"invalid intro config: avatarUrl: must be an absolute http or https URL; links[1].url: must be an absolute http or https URL"},
		{"legacy column name in Extra", pintypes.Table{Columns: []pintypes.TableColumn{
			{ID: "a", Extra: map[string]json.RawMessage{"label": json.RawMessage(`"A"`)}},
			{ID: "b", Extra: map[string]json.RawMessage{"label": json.RawMessage(`7`)}},
		}}, "invalid table config: columns[1].label: must be a string"},
		{"row values of any Go type", pintypes.Table{Columns: []pintypes.TableColumn{{ID: "a"}}, Rows: []pintypes.Row{
			{"a": int64(3), "b": float32(1.5), "c": time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), "d": json.Number("12")},
			{"a": map[string]int{"x": 1}, "b": struct{}{}},
			nil,
		}}, "invalid table config: rows[1].a: must be a string, number, boolean or null; rows[1].b: must be a string, number, boolean or null; rows[2]: must be an object"},
		{"invalid UTF-8 as sent", pintypes.Table{Columns: []pintypes.TableColumn{{ID: "a\xff"}, {ID: "a\xfe"}}},
			"invalid table config: columns[1].id: must be unique: \"a\ufffd\" is also the id of columns[0]"},
		{"invalid UTF-8 in a row key", pintypes.Table{Columns: []pintypes.TableColumn{{ID: "a"}}, Rows: []pintypes.Row{{"\xff": []int{1}}}},
			"invalid table config: rows[0][\"\ufffd\"]: must be a string, number, boolean or null"},
		{"nil list and map in a row are null", pintypes.Table{Columns: []pintypes.TableColumn{{ID: "a"}}, Rows: []pintypes.Row{{"a": []any(nil), "b": map[string]any(nil)}}}, ""},
		{"chat", pintypes.Chat{Messages: []pintypes.ChatMessage{{Role: pintypes.RoleUser, Content: "hi", Timestamp: "yesterday"}}},
			"invalid chat config: messages[0].timestamp: must be an RFC 3339 time or a YYYY-MM-DD date"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			_, encErr := json.Marshal(tc.cfg)
			require.NoError(t, encErr)
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, pintypes.ErrInvalidConfig)
			require.EqualError(t, err, tc.want)
		})
	}
}

func TestValidationError(t *testing.T) {
	err := error(&pintypes.ValidationError{Type: pintypes.TypeStatCards, Errors: []pintypes.FieldError{
		{Path: "cards[1].value", Message: "required"},
		{Path: "cards[0].trend", Message: "must be one of up, down, neutral"},
	}})
	require.EqualError(t, err, "invalid stat-cards config: cards[1].value: required; cards[0].trend: must be one of up, down, neutral")
	require.True(t, errors.Is(err, pintypes.ErrInvalidConfig))
	require.True(t, errors.Is(errors.Join(errors.New("create"), err), pintypes.ErrInvalidConfig))
	var nilErr *pintypes.ValidationError
	require.Equal(t, "<nil>", nilErr.Error())
}

func TestTime(t *testing.T) {
	at := time.Date(2026, 1, 31, 9, 0, 0, 0, time.FixedZone("CET", 3600))
	require.Equal(t, pintypes.Time("2026-01-31T08:00:00Z"), pintypes.TimeOf(at))
	require.Equal(t, pintypes.Time("2026-01-31T08:00:00.5Z"), pintypes.TimeOf(at.Add(500*time.Millisecond)))
	require.Equal(t, pintypes.Time("2026-01-31"), pintypes.DateOf(at))

	got, err := pintypes.TimeOf(at).Parse()
	require.NoError(t, err)
	require.True(t, got.Equal(at))
	got, err = pintypes.Time("2026-01-31").Parse()
	require.NoError(t, err)
	require.Equal(t, time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC), got)
	_, err = pintypes.Time("next tuesday").Parse()
	require.Error(t, err)
	require.True(t, pintypes.Time("2026-01-31").IsDate())
	require.False(t, pintypes.Time("2026-01-31T08:00:00Z").IsDate())
}

func TestEqual(t *testing.T) {
	decoded, err := pintypes.Decode(pintypes.TypeStatCards, json.RawMessage(`{"cards": [{"value": "1", "title": "A"}]}`))
	require.NoError(t, err)
	built := &pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "A", Value: "1"}}}
	require.True(t, pintypes.Equal(decoded, built))
	require.True(t, pintypes.Equal(decoded, *built))
	require.True(t, pintypes.Equal(decoded, &pintypes.Raw{Type: pintypes.TypeStatCards, JSON: json.RawMessage(`{"cards":[{"title":"A","value":"1"}]}`)}))
	require.False(t, pintypes.Equal(decoded, &pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "A", Value: "2"}}}))
	require.False(t, pintypes.Equal(&pintypes.Markdown{}, &pintypes.RealtimeCanvas{}))
	require.True(t, pintypes.Equal(nil, (*pintypes.Markdown)(nil)))
	require.False(t, pintypes.Equal(nil, &pintypes.Markdown{}))

	type pin struct{ Config pintypes.Config }
	require.Empty(t, cmp.Diff(pin{decoded}, pin{built}, cmp.Comparer(pintypes.Equal)))
}

func TestEncode(t *testing.T) {
	data, err := pintypes.Encode(pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "U", Value: "1"}}})
	require.NoError(t, err)
	require.Equal(t, `{"cards":[{"title":"U","value":"1"}]}`, string(data))

	data, err = pintypes.Encode(&pintypes.Raw{Type: pintypes.TypeMarkdown, JSON: json.RawMessage(` {"content": "x"} `)})
	require.NoError(t, err)
	require.Equal(t, `{"content":"x"}`, string(data))

	for _, cfg := range []pintypes.Config{
		pintypes.StatCards{},
		&pintypes.Raw{Type: "line-chart", JSON: json.RawMessage(`{}`)},
		nil,
		(*pintypes.Markdown)(nil),
	} {
		data, err := pintypes.Encode(cfg)
		require.Nil(t, data)
		require.ErrorIs(t, err, pintypes.ErrInvalidConfig)
		if v := reflect.ValueOf(cfg); cfg != nil && !(v.Kind() == reflect.Pointer && v.IsNil()) {
			require.Equal(t, err, cfg.Validate(), "Encode and Validate agree")
		}
	}
}

// A member named "" is spelled as such in paths, not as an index.
func TestEmptyMemberNamePath(t *testing.T) {
	err := pintypes.Raw{Type: pintypes.TypeTable, JSON: json.RawMessage(`{"columns":[{"id":"a"}],"rows":[{"":[1]}]}`)}.Validate()
	require.EqualError(t, err, `invalid table config: rows[0][""]: must be a string, number, boolean or null`)
}

func TestEncodeEdgeCases(t *testing.T) {
	// A config inside an any, even a nil pointer to one, encodes as json.Marshal encodes it.
	for _, data := range []any{(*pintypes.TableColumn)(nil), &pintypes.TableColumn{ID: "a"}, pintypes.StatCard{Title: "t"}} {
		cfg := &pintypes.JSONViewer{Data: data}
		got, err := pintypes.Encode(cfg)
		require.NoError(t, err)
		want, err := json.Marshal(map[string]any{"data": data})
		require.NoError(t, err)
		require.JSONEq(t, string(want), string(got))
	}

	// A member that was decoded and then set to nil is left out, not sent as null.
	cfg, err := pintypes.Decode(pintypes.TypeMarkdown, json.RawMessage(`{"content":"x","collaboration":{"enabled":true}}`))
	require.NoError(t, err)
	md := cfg.(*pintypes.Markdown)
	md.Collaboration = nil
	got, err := pintypes.Encode(md)
	require.NoError(t, err)
	require.Equal(t, `{"content":"x"}`, string(got))
	table, err := pintypes.Decode(pintypes.TypeTable, json.RawMessage(`{"columns":[{"id":"a"}],"rows":[]}`))
	require.NoError(t, err)
	table.(*pintypes.Table).Rows = nil
	got, err = pintypes.Encode(table)
	require.NoError(t, err)
	require.Equal(t, `{"columns":[{"id":"a"}]}`, string(got))
}
