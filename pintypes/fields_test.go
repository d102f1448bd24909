package pintypes

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// The table uses no number or map member today; these are the readers and
// writers the generator emits when it does.
func TestNumberAndMapFields(t *testing.T) {
	var (
		f float64
		m map[string]any
	)
	r := readerOf(t, `{"f": 1.5, "m": {"a": 1}, "x": true}`)
	readField(r, "f", 0, &f)
	readField(r, "m", 1, &m)
	extra, p := r.finish([]string{"f", "m"})
	require.NoError(t, r.err)
	require.Equal(t, 1.5, f)
	require.Equal(t, map[string]any{"a": json.Number("1")}, m)
	require.True(t, p.has(0) && p.has(1))
	require.Equal(t, map[string]json.RawMessage{"x": json.RawMessage("true")}, extra)

	for in, want := range map[string]string{`{"f": "1"}`: "f: must be a number", `{"m": [1]}`: "m: must be an object"} {
		r := readerOf(t, in)
		readField(r, "f", 0, &f)
		readField(r, "m", 1, &m)
		r.finish(nil)
		require.EqualError(t, r.err, want)
	}

	w := objectWriter{}
	w.seen.mark(0, false)
	w.seen.mark(3, true)
	writeField(&w, "zero", 0, 0.0)
	writeField(&w, "unset", 2, 0.0)
	writeField(&w, "map", 1, map[string]int{"b": 2})
	writeField(&w, "null", 3, map[string]int(nil))
	out, err := w.finish(nil, nil)
	require.NoError(t, err)
	require.Equal(t, `{"zero":0,"map":{"b":2},"null":null}`, string(out))
}

// readerOf parses the JSON object in and returns a reader of its members.
func readerOf(t *testing.T, in string) *objectReader {
	v, err := parseJSON([]byte(in))
	require.NoError(t, err)
	return &objectReader{members: v.(map[string]any)}
}
