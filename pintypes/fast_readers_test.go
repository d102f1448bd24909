package pintypes

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestFastReadersMatch checks the one-pass readers the table does not use
// today (numbers, maps, lists of other kinds) against the readers of
// codec.go: where the one-pass reader succeeds it must store what the
// two-pass reader stores.
func TestFastReadersMatch(t *testing.T) {
	inputs := []string{`1.5`, `-0`, `2.0`, `1e3`, `1e400`, `null`, `"1"`, `true`, `{}`, `{"a":1,"b":[2]}`,
		`{"a":1,"a":null}`, `[]`, `[1,2]`, `[1,null]`, `[true]`, `["x"]`, `[{"a":1}]`, `{"a":"b"}`}
	for _, in := range inputs {
		check := func(name string, fast func(*scan, *presence) (any, bool), slow func(json.RawMessage, *presence) (any, error)) {
			var fp, sp presence
			s := scan{Data: []byte(in)}
			fv, ok := fast(&s, &fp)
			ok = ok && s.End()
			sv, err := slow(json.RawMessage(in), &sp)
			if ok && (err != nil || !reflect.DeepEqual(fv, sv) || fp != sp) {
				t.Errorf("%s(%s): one-pass %#v %v, two-pass %#v %v (%v)", name, in, fv, fp, sv, sp, err)
			}
		}
		check("float", func(s *scan, p *presence) (any, bool) {
			var v float64
			ok := fastFloat(s, &v, p, 1)
			return v, ok
		}, func(r json.RawMessage, p *presence) (any, error) {
			var v float64
			err := readFloat(r, &v, p, 1)
			return v, err
		})
		check("int", func(s *scan, p *presence) (any, bool) {
			var v int
			ok := fastInt(s, &v, p, 1)
			return v, ok
		}, func(r json.RawMessage, p *presence) (any, error) {
			var v int
			err := readInt(r, &v, p, 1)
			return v, err
		})
		check("map", func(s *scan, p *presence) (any, bool) {
			var v map[string]any
			ok := fastMap(s, &v, p, 1)
			return v, ok
		}, func(r json.RawMessage, p *presence) (any, error) {
			var v map[string]any
			err := readMap(r, &v, p, 1)
			return v, err
		})
		check("list", func(s *scan, p *presence) (any, bool) {
			var v []int
			ok := fastList(s, &v, p, 1)
			return v, ok
		}, func(r json.RawMessage, p *presence) (any, error) {
			var v []int
			err := readList(r, &v, p, 1)
			return v, err
		})
		check("anys", func(s *scan, p *presence) (any, bool) {
			var v []any
			ok := fastAnys(s, &v, p, 1)
			return v, ok
		}, func(r json.RawMessage, p *presence) (any, error) {
			var v []any
			err := readList(r, &v, p, 1)
			return v, err
		})
		check("any", func(s *scan, p *presence) (any, bool) {
			var v any
			ok := fastAnyField(s, &v, p, 1)
			return v, ok
		}, func(r json.RawMessage, p *presence) (any, error) {
			var v any
			err := readAny(r, &v, p, 1)
			return v, err
		})
	}
}
