package pintypes

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pindownai/client-go/internal/schema"
)

// The table uses no number or map member today; these readers and writers
// are what the generator emits when it does.
func TestNumberAndMapCodecs(t *testing.T) {
	var (
		p presence
		f float64
		m map[string]any
	)
	require.NoError(t, readFloat(json.RawMessage(`1.5`), &f, &p, 0))
	require.Equal(t, 1.5, f)
	require.True(t, p.has(0))
	require.NoError(t, readFloat(json.RawMessage(`null`), &f, &p, 0))
	require.True(t, p.isNull(0))
	require.False(t, p.has(0))
	require.Error(t, readFloat(json.RawMessage(`"1"`), &f, &p, 0))

	require.NoError(t, readMap(json.RawMessage(`{"a": 1}`), &m, &p, 1))
	require.Equal(t, map[string]any{"a": json.Number("1")}, m)
	require.Error(t, readMap(json.RawMessage(`[1]`), &m, &p, 1))
	require.NoError(t, readMap(json.RawMessage(`null`), &m, &p, 1))
	require.Nil(t, m)

	var w objectWriter
	p = presence{}
	p.mark(0, false)
	writeFloat(&w, "zero", 0.0, p, 0)
	writeFloat(&w, "unset", 0.0, p, 2)
	writeMap(&w, "map", map[string]int{"b": 2}, p, 1)
	p.mark(3, true)
	writeMap(&w, "null", map[string]int(nil), p, 3)
	out, err := w.finish()
	require.NoError(t, err)
	require.Equal(t, `{"zero":0,"map":{"b":2},"null":null}`, string(out))
}

// The same for the typed validator's number and map checks.
func TestNumberAndMapChecks(t *testing.T) {
	zero := 0
	num := &schema.Field{JSON: "n", Kind: schema.KindNumber, Required: true}
	ints := &schema.Field{JSON: "m", Kind: schema.KindMap, Required: true, Elem: &schema.Field{Kind: schema.KindInt, Min: &zero}}
	r := schema.NewReporter(schema.Full)
	var p presence
	checkFloat(r, num, "n", 0, p, 0, schema.Documented)
	p.mark(0, false)
	checkFloat(r, num, "n", 0, p, 0, schema.Documented) // a zero that was sent is there
	checkMap(r, ints, "m", map[string]int{"a": -1, "b": 2}, p, 1, schema.Documented)
	checkMap(r, ints, "m", map[string]int(nil), p, 1, schema.Documented)
	require.Equal(t, []schema.Problem{
		{Path: "n", Message: "required"},
		{Path: "m.a", Message: "must not be negative"},
		{Path: "m", Message: "required"},
	}, r.Problems())
}

// Every config, as a value or a pointer, takes the typed validator and the
// one-pass encoder (Validate passes a value).
func TestConfigsAreTyped(t *testing.T) {
	for _, typ := range Types() {
		ptr := newConfig(typ)
		for _, c := range []any{ptr, reflect.ValueOf(ptr).Elem().Interface()} {
			_, ok := c.(interface {
				appender
				checker
			})
			require.True(t, ok, "%T", c)
		}
	}
}
