package pintypes_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pindownai/client-go/pintypes"
)

// A cyclic value inside a config, even one passing through the config
// itself, is an error from Validate, Encode and json.Marshal, naming the
// field; it used to overflow the stack and kill the process.
func TestDefect07_CyclicConfig(t *testing.T) {
	cyclicMap := map[string]any{"a": 1}
	cyclicMap["self"] = cyclicMap
	cyclicRow := pintypes.Row{"a": "x"}
	cyclicRow["self"] = cyclicRow
	cyclicList := []any{1, nil}
	cyclicList[1] = cyclicList
	selfViewer := &pintypes.JSONViewer{}
	selfViewer.Data = selfViewer
	viewerMap := map[string]any{}
	viewerInMap := &pintypes.JSONViewer{Data: viewerMap}
	viewerMap["viewer"] = viewerInMap
	for _, tc := range []struct {
		name string
		cfg  pintypes.Config
		path string
	}{
		{"json-viewer data", &pintypes.JSONViewer{Data: cyclicMap}, "data"},
		{"table row", pintypes.Table{Columns: []pintypes.TableColumn{{ID: "a"}}, Rows: []pintypes.Row{{"a": 1}, cyclicRow}}, "rows[1]"},
		{"json-list item", pintypes.JSONList{Items: []any{"x", cyclicList}}, "items[1]"},
		{"chart data", pintypes.Charts{Data: []map[string]any{{"m": map[string]any{"n": cyclicMap}}}}, "data[0]"},
		{"config in its own data", selfViewer, "data"},
		{"config in a map in its own data", viewerInMap, "data"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			require.ErrorIs(t, err, pintypes.ErrInvalidConfig)
			var ve *pintypes.ValidationError
			require.ErrorAs(t, err, &ve)
			require.Len(t, ve.Errors, 1)
			require.Equal(t, tc.path, ve.Errors[0].Path)
			require.Contains(t, ve.Errors[0].Message, "cycle")

			data, encErr := pintypes.Encode(tc.cfg)
			require.Nil(t, data)
			require.Equal(t, err, encErr)

			_, err = json.Marshal(tc.cfg)
			require.ErrorContains(t, err, "cycle")
			require.False(t, pintypes.Equal(tc.cfg, tc.cfg), "a config that does not encode equals nothing")
		})
	}
}

// Every rule PIN_TYPES.md writes is enforced: those that were not (a
// csv-viewer's one-character delimiter) and the user-story link now named
// "source".
func TestDefect17_PinTypesRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  pintypes.Config
		want string // "" for valid
	}{
		{"delimiter of two characters", pintypes.CSVViewer{CSV: "a;b", Delimiter: ";;"},
			"invalid csv-viewer config: delimiter: must be one character"},
		{"delimiter of two characters as JSON", &pintypes.Raw{Type: pintypes.TypeCSVViewer, JSON: json.RawMessage(`{"delimiter": "\t,"}`)},
			"invalid csv-viewer config: delimiter: must be one character"},
		{"delimiter of one character", pintypes.CSVViewer{Delimiter: "\t"}, ""},
		{"delimiter of one non-ASCII character", pintypes.CSVViewer{Delimiter: "¦"}, ""},
		{"no delimiter", pintypes.CSVViewer{CSV: "a,b"}, ""},
		{"source is a URL", pintypes.UserStory{AsA: "dev", Source: "https://github.com/o/r/issues/1"}, ""},
		{"source not a URL", pintypes.UserStory{Source: "issue 12"},
			"invalid user-story config: source: must be an absolute http or https URL"},
		{"source not a URL as JSON", &pintypes.Raw{Type: pintypes.TypeUserStory, JSON: json.RawMessage(`{"source": "/issues/12"}`)},
			"invalid user-story config: source: must be an absolute http or https URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, pintypes.ErrInvalidConfig)
			require.EqualError(t, err, tc.want)
		})
	}

	// The field is sent and read as "source".
	data, err := pintypes.Encode(pintypes.UserStory{Source: "https://github.com/o/r/issues/1"})
	require.NoError(t, err)
	require.Equal(t, `{"source":"https://github.com/o/r/issues/1"}`, string(data))
	cfg, err := pintypes.Decode(pintypes.TypeUserStory, json.RawMessage(`{"source": "https://x.test/i/2"}`))
	require.NoError(t, err)
	require.Equal(t, "https://x.test/i/2", cfg.(*pintypes.UserStory).Source)
}
