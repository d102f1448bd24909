package pintypes_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/pindownai/client-go/pintypes"
)

// roundTrip decodes raw as a config of type t, validates it and encodes it
// again.
func roundTrip(t *testing.T, typ pintypes.Type, raw string) (pintypes.Config, []byte) {
	t.Helper()
	cfg, err := pintypes.Decode(typ, json.RawMessage(raw))
	require.NoError(t, err)
	out, err := json.Marshal(cfg)
	require.NoError(t, err)
	return cfg, out
}

func TestRoundTripKeepsJSON(t *testing.T) {
	for _, tc := range []struct {
		name string
		typ  pintypes.Type
		json string
	}{
		{"unknown top-level", pintypes.TypeMarkdown, `{"content": "x", "theme": {"font": "serif", "size": 14.50}}`},
		{"unknown in nested object", pintypes.TypeMarkdown, `{"collaboration": {"enabled": true, "room": "r1"}}`},
		{"unknown in list items", pintypes.TypeStatCards, `{"cards": [{"title": "A", "value": "1", "icon": "users", "spark": [1, 2.0]}]}`},
		{"unknown two levels down", pintypes.TypeKanbanBoard, `{"columns": [{"id": "todo", "wip": 3, "cards": [{"id": "c1", "labels": ["x"], "due": "2026-01-01", "meta": {"k": null}}]}]}`},
		{"unknown in text-media configs", pintypes.TypeTextMedia, `{"mediaType": "embed", "embedConfig": {"url": "https://x.test", "autoplay": false}, "imageConfig": {"fileId": "f", "w": 3}}`},
		{"explicit zero values", pintypes.TypeChecklist, `{"items": [{"id": "", "text": "", "checked": false}]}`},
		{"explicit zero int", pintypes.TypePDFViewer, `{"url": "", "page": 0}`},
		{"explicit zero title", pintypes.TypeTextMedia, `{"title": "", "text": "t"}`},
		{"empty lists", pintypes.TypeTable, `{"columns": [{"id": "a", "name": "A"}], "rows": []}`},
		{"empty nested lists", pintypes.TypeKanbanBoard, `{"columns": [{"id": "a", "cards": []}, {"id": "b", "cards": [{"labels": []}]}]}`},
		{"empty data", pintypes.TypeCharts, `{"data": [], "series": [], "stacked": false}`},
		{"nulls", pintypes.TypeMastra, `{"agentId": null, "messages": null, "output": null}`},
		{"nulls nested", pintypes.TypeTextMedia, `{"title": null, "imageConfig": null, "embedConfig": {"url": null, "type": null}}`},
		{"null in any values", pintypes.TypeJSONList, `{"items": [null, 1, "two", {"three": null}, [4.000]]}`},
		{"exact numbers", pintypes.TypeJSONViewer, `{"data": {"big": 123456789012345678901234567890, "f": 0.1000, "e": 1e-7}, "expandDepth": 2}`},
		{"table row values", pintypes.TypeTable, `{"columns": [{"id": "a"}], "rows": [{"a": 1.50, "b": null, "c": true, "d": "x"}]}`},
		{"legacy label", pintypes.TypeTable, `{"columns": [{"id": "a", "label": "A"}], "rows": []}`},
		{"legacy null label", pintypes.TypeTable, `{"columns": [{"id": "a", "label": null}]}`},
		{"label beside name", pintypes.TypeTable, `{"columns": [{"id": "a", "name": "A", "label": "old"}]}`},
		{"odd member names", pintypes.TypeLinks, `{"links": [], "": 1, "a.b": 2, "Links": 3}`},
		{"empty object", pintypes.TypeRealtimeCanvas, `{}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, out := roundTrip(t, tc.typ, tc.json)
			if diff := cmp.Diff(semantic(t, []byte(tc.json)), semantic(t, out)); diff != "" {
				t.Errorf("re-encoded config differs (-original +encoded):\n%s\nencoded: %s", diff, out)
			}
		})
	}
}

func TestLegacyLabel(t *testing.T) {
	cfg, _ := roundTrip(t, pintypes.TypeTable, `{"columns": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}`)
	table := cfg.(*pintypes.Table)
	require.Equal(t, "A", table.Columns[0].Name, "decode fills Name from label")
	require.NoError(t, table.Validate())

	table.Columns[1].Name = "Bee"
	table.Columns = append(table.Columns, pintypes.TableColumn{ID: "c", Name: "C"})
	out, err := json.Marshal(table)
	require.NoError(t, err)
	require.JSONEq(t, `{"columns": [{"id": "a", "label": "A"}, {"id": "b", "name": "Bee"}, {"id": "c", "name": "C"}]}`, string(out),
		"an unchanged decoded column keeps label; a changed or new column sends name")
}

func TestZeroValuesNeverSetAreOmitted(t *testing.T) {
	for _, tc := range []struct {
		cfg  pintypes.Config
		want string
	}{
		{pintypes.Checklist{Items: []pintypes.ChecklistItem{{ID: "1", Text: "x"}}}, `{"items": [{"id": "1", "text": "x"}]}`},
		{pintypes.PDFViewer{URL: "https://x.test/a.pdf"}, `{"url": "https://x.test/a.pdf"}`},
		{pintypes.KanbanBoard{Columns: []pintypes.KanbanColumn{{ID: "a"}, {ID: "b", Cards: []pintypes.KanbanCard{}}}}, `{"columns": [{"id": "a"}, {"id": "b", "cards": []}]}`},
		{pintypes.Markdown{}, `{}`},
		{pintypes.JSONViewer{}, `{}`},
		{pintypes.TextMedia{ImageConfig: &pintypes.ImageConfig{}}, `{"imageConfig": {}}`},
	} {
		out, err := json.Marshal(tc.cfg)
		require.NoError(t, err)
		require.JSONEq(t, tc.want, string(out))
	}
}

func TestPresentZeroSurvivesEdits(t *testing.T) {
	cfg, _ := roundTrip(t, pintypes.TypeChecklist, `{"items": [{"id": "1", "text": "x", "checked": false}]}`)
	list := cfg.(*pintypes.Checklist)
	list.Items[0].Checked = true
	out, err := json.Marshal(list)
	require.NoError(t, err)
	require.JSONEq(t, `{"items": [{"id": "1", "text": "x", "checked": true}]}`, string(out))
	list.Items[0].Checked = false
	out, err = json.Marshal(list)
	require.NoError(t, err)
	require.JSONEq(t, `{"items": [{"id": "1", "text": "x", "checked": false}]}`, string(out))
}

func TestExtraSetByUser(t *testing.T) {
	cards := pintypes.StatCards{
		Cards: []pintypes.StatCard{{
			Title: "Users", Value: "1,234",
			Extra: map[string]json.RawMessage{"icon": json.RawMessage(`"users"`), "value": json.RawMessage(`"ignored"`)},
		}},
		Extra: map[string]json.RawMessage{"layout": json.RawMessage(`{"dense": true}`), "nil": nil},
	}
	out, err := json.Marshal(cards)
	require.NoError(t, err)
	require.JSONEq(t, `{"cards": [{"title": "Users", "value": "1,234", "icon": "users"}], "layout": {"dense": true}, "nil": null}`, string(out))
	require.NoError(t, cards.Validate())
}

func TestEncodeErrorsNameTheField(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  pintypes.Config
		path string
	}{
		{"bad extra", pintypes.StatCards{Cards: []pintypes.StatCard{{Title: "a", Value: "b"}, {Title: "a", Value: "b",
			Extra: map[string]json.RawMessage{"x": json.RawMessage(`{nope`)}}}}, "cards[1].x"},
		{"NaN in any", pintypes.JSONViewer{Data: map[string]any{"v": math.NaN()}}, "data"},
		{"func in list", pintypes.JSONList{Items: []any{1, func() {}}}, "items[1]"},
		{"bad row", pintypes.Table{Columns: []pintypes.TableColumn{{ID: "a"}}, Rows: []pintypes.Row{{"a": 1}, {"a": make(chan int)}}}, "rows[1]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			require.ErrorIs(t, err, pintypes.ErrInvalidConfig)
			var ve *pintypes.ValidationError
			require.ErrorAs(t, err, &ve)
			require.Len(t, ve.Errors, 1)
			require.Equal(t, tc.path, ve.Errors[0].Path, "%v", err)
			_, err = json.Marshal(tc.cfg)
			require.Error(t, err)
		})
	}
}

func TestUnmarshalDirectly(t *testing.T) {
	var cards pintypes.StatCards
	require.NoError(t, json.Unmarshal([]byte(`{"cards": [{"title": "A", "value": "1", "x": 1}]}`), &cards))
	require.Equal(t, "A", cards.Cards[0].Title)
	require.JSONEq(t, `1`, string(cards.Cards[0].Extra["x"]))

	err := json.Unmarshal([]byte(`{"cards": [{"title": 5}]}`), &cards)
	require.ErrorContains(t, err, "cards[0].title: must be a string")
	err = json.Unmarshal([]byte(`{"cards": [null]}`), &cards)
	require.ErrorContains(t, err, "cards[0]: must not be null")
	err = json.Unmarshal([]byte(`[1]`), &cards)
	require.ErrorContains(t, err, "must be an object")

	require.NoError(t, json.Unmarshal([]byte(`null`), &cards))
	require.Nil(t, cards.Cards, "null decodes as the zero config")

	var nilCards *pintypes.StatCards
	require.Error(t, nilCards.UnmarshalJSON([]byte(`{}`)), "a nil target is an error, not a panic")
}
