package pintypes

import (
	"encoding/json"
	"reflect"
	"slices"

	"github.com/pindownai/client-go/internal/schema"
)

// This file holds what the generated MarshalJSON methods share. Each member
// is encoded by json.Marshal; the methods only decide which members are
// written, in which order (the table's, then Extra by name), and name the
// member of an error.

// objectWriter writes the JSON object of a generated struct member by member.
type objectWriter struct {
	buf  []byte
	seen presence // the struct's presence, for the fields it does not set
	err  error    // the first error, at its member path
}

// writeField writes the field i, named key, holding v: a set value (not the
// zero value of its type), a null or a zero scalar that was present when
// decoded, or nothing. A field that was decoded and then set to nil is left
// out.
func writeField[T any](w *objectWriter, key string, i int, v T) {
	if !w.unset(key, i, reflect.ValueOf(&v).Elem().IsZero(), scalar[T]()) {
		writeValue(w, key, v)
	}
}

// writeList writes a list field as writeField does, element by element so
// that an error names the element.
func writeList[T any](w *objectWriter, key string, i int, v []T) {
	if w.unset(key, i, v == nil, false) {
		return
	}
	b := []byte{'['}
	for j := range v {
		if j > 0 {
			b = append(b, ',')
		}
		e, err := marshal(v[j])
		if err != nil {
			w.err = at(schema.Index(schema.Join("", key), j), err)
			return
		}
		b = append(b, e...)
	}
	w.member(key, append(b, ']'))
}

// unset reports whether the field i, named key, is left as it is: it is
// zero and was not present as a scalar, or an error came before. A field
// that was null when decoded is written here, as null.
func (w *objectWriter) unset(key string, i int, zero, scalar bool) bool {
	switch {
	case w.err != nil:
		return true
	case !zero:
		return false
	case w.seen.isNull(i):
		w.member(key, []byte("null"))
		return true
	}
	return !(scalar && w.seen.has(i))
}

// scalar reports whether T is a string, bool or number type, whose zero
// value is written back when it was present.
func scalar[T any]() bool {
	switch reflect.TypeFor[T]().Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Float64:
		return true
	}
	return false
}

// writeValue writes the member key with the encoding of v.
func writeValue[T any](w *objectWriter, key string, v T) {
	b, err := marshal(v)
	if err != nil {
		w.err = at(schema.Join("", key), err)
		return
	}
	w.member(key, b)
}

// marshal returns the encoding of v, a field's value or element, by
// json.Marshal; first, if v holds interfaces, that it does not contain
// itself (see cycle.go).
func marshal[T any](v T) ([]byte, error) {
	boxed := any(v)
	if holdsAny(reflect.TypeFor[T]()) {
		if err := checkCycles(reflect.ValueOf(boxed), map[visit]bool{}); err != nil {
			return nil, err
		}
	}
	return json.Marshal(boxed)
}

// member writes the member key with the JSON val.
func (w *objectWriter) member(key string, val []byte) {
	if len(w.buf) == 0 {
		w.buf = append(w.buf, '{')
	} else {
		w.buf = append(w.buf, ',')
	}
	k, _ := json.Marshal(key) // a string always encodes
	w.buf = append(append(append(w.buf, k...), ':'), val...)
}

// finish writes the Extra members, sorted by name, skipping the modeled
// members and the legacy names written, and returns the object.
func (w *objectWriter) finish(extra map[string]json.RawMessage, modeled []string, written ...string) ([]byte, error) {
	keys := make([]string, 0, len(extra))
	for k := range extra {
		if !slices.Contains(modeled, k) && !slices.Contains(written, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if w.err != nil {
			break
		}
		if raw := extra[k]; len(raw) == 0 {
			w.member(k, []byte("null"))
		} else {
			writeValue(w, k, raw) // json.Marshal checks and compacts it
		}
	}
	if w.err != nil {
		return nil, w.err
	}
	if len(w.buf) == 0 {
		return []byte("{}"), nil
	}
	return append(w.buf, '}'), nil
}
