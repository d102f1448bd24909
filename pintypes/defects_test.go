package pintypes_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pindownai/client-go/pintypes"
)

// A cyclic value inside a config is an error from Validate, Encode and
// json.Marshal, naming the field; it used to overflow the stack and kill the
// process.
func TestDefect07_CyclicConfig(t *testing.T) {
	cyclicMap := map[string]any{"a": 1}
	cyclicMap["self"] = cyclicMap
	cyclicRow := pintypes.Row{"a": "x"}
	cyclicRow["self"] = cyclicRow
	cyclicList := []any{1, nil}
	cyclicList[1] = cyclicList
	for _, tc := range []struct {
		name string
		cfg  pintypes.Config
		path string
	}{
		{"json-viewer data", &pintypes.JSONViewer{Data: cyclicMap}, "data"},
		{"table row", pintypes.Table{Columns: []pintypes.TableColumn{{ID: "a"}}, Rows: []pintypes.Row{{"a": 1}, cyclicRow}}, "rows[1]"},
		{"json-list item", pintypes.JSONList{Items: []any{"x", cyclicList}}, "items[1]"},
		{"chart data", pintypes.Charts{Data: []map[string]any{{"m": map[string]any{"n": cyclicMap}}}}, "data[0]"},
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
