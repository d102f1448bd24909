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
		p presence
		f float64
		m map[string]any
	)
	r, err := newObjectReader([]byte(`{"f": 1.5, "m": {"a": 1}, "x": true}`), &p)
	require.NoError(t, err)
	readField(r, "f", 0, &f)
	readField(r, "m", 1, &m)
	extra, err := r.finish()
	require.NoError(t, err)
	require.Equal(t, 1.5, f)
	require.Equal(t, map[string]any{"a": json.Number("1")}, m)
	require.True(t, p.has(0) && p.has(1))
	require.Equal(t, map[string]json.RawMessage{"x": json.RawMessage("true")}, extra)

	for in, want := range map[string]string{`{"f": "1"}`: "f: must be a number", `{"m": [1]}`: "m: must be an object"} {
		r, err := newObjectReader([]byte(in), &p)
		require.NoError(t, err)
		readField(r, "f", 0, &f)
		readField(r, "m", 1, &m)
		_, err = r.finish()
		require.EqualError(t, err, want)
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
