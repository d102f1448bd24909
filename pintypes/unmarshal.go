package pintypes

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/pindownai/client-go/internal/schema"
)

// This file holds what the generated UnmarshalJSON methods share: the
// object is decoded by encoding/json into its members, and each modeled
// member into its field, numbers inside interfaces as json.Number. The rest
// is kept in Extra.

// objectReader hands the members of a JSON object to the fields of a
// generated struct.
type objectReader struct {
	members map[string]json.RawMessage // the members not read yet
	seen    *presence                  // the struct's presence
	err     error                      // the first error, at its member path
}

// newObjectReader decodes data, a JSON object or null, into its members.
func newObjectReader(data []byte, seen *presence) (*objectReader, error) {
	r := &objectReader{seen: seen}
	data = trimSpace(data)
	if isNull(data) {
		return r, nil
	}
	if len(data) == 0 || data[0] != '{' {
		return nil, errors.New("must be an object")
	}
	if err := json.Unmarshal(data, &r.members); err != nil {
		return nil, err
	}
	return r, nil
}

// take removes the member key and returns it, if it is there and no error
// came before.
func (r *objectReader) take(key string) (json.RawMessage, bool) {
	raw, ok := r.members[key]
	if !ok || r.err != nil {
		return nil, false
	}
	delete(r.members, key)
	return trimSpace(raw), true
}

// readField decodes the member key, if present, into dst, the field i.
func readField[T any](r *objectReader, key string, i int, dst *T) {
	readWith(r, key, i, dst, decodeValue[T])
}

// readList decodes the list member key as readField does, element by
// element so that an error names the element.
func readList[T any](r *objectReader, key string, i int, dst *[]T) {
	readWith(r, key, i, dst, decodeList[T])
}

func readWith[T any](r *objectReader, key string, i int, dst *T, decode func(json.RawMessage, *T) error) {
	raw, ok := r.take(key)
	switch {
	case !ok:
	case isNull(raw):
		r.seen.mark(i, true)
	default:
		if err := decode(raw, dst); err != nil {
			r.err = at(schema.Join("", key), err)
			return
		}
		r.seen.mark(i, false)
	}
}

// readAlias decodes the member alias, an older name of the field i, into
// dst when the field's own member was absent, and returns what to remember
// to write it back under the same name. Beside the field's own member, the
// alias stays in Extra.
func readAlias[T ~string](r *objectReader, alias string, i int, dst *T) legacy {
	if _, ok := r.members[alias]; !ok || r.seen.has(i) || r.seen.isNull(i) {
		return legacy{}
	}
	readField(r, alias, i, dst)
	return legacy{used: r.err == nil, value: string(*dst)}
}

// finish returns the members not read, for Extra, or the first error.
func (r *objectReader) finish() (map[string]json.RawMessage, error) {
	if r.err != nil || len(r.members) == 0 {
		return nil, r.err
	}
	return r.members, nil
}

// decodeValue decodes raw, a JSON value other than null, into dst: numbers
// inside interfaces as json.Number, ints from any integral literal (2.0,
// 1e3). A value of the wrong JSON kind is an error that says the right one.
func decodeValue[T any](raw json.RawMessage, dst *T) error {
	var err error
	switch d := any(dst).(type) {
	case *int:
		if raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
			return errors.New("must be an integer")
		}
		*d, err = schema.ParseInt(string(raw))
		return err
	case json.Unmarshaler: // a nested object, decoding itself
		return d.UnmarshalJSON(raw)
	}
	if holdsAny(reflect.TypeFor[T]()) {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		err = dec.Decode(dst)
	} else {
		err = json.Unmarshal(raw, dst)
	}
	if te := (*json.UnmarshalTypeError)(nil); errors.As(err, &te) {
		return errors.New("must be " + kindName(reflect.TypeFor[T]().Kind()))
	}
	return err
}

// holdsAny reports whether values of t hold interface values, whose numbers
// are decoded as json.Number.
func holdsAny(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Map, reflect.Slice, reflect.Pointer:
		return holdsAny(t.Elem())
	}
	return false
}

// decodeList decodes raw, a JSON list, into dst element by element. A null
// element is an error unless T is an interface type.
func decodeList[T any](raw json.RawMessage, dst *[]T) error {
	var elems []json.RawMessage
	if raw[0] != '[' || json.Unmarshal(raw, &elems) != nil {
		return errors.New("must be a list")
	}
	nullable := reflect.TypeFor[T]().Kind() == reflect.Interface
	out := make([]T, len(elems))
	for j, e := range elems {
		e = trimSpace(e)
		if isNull(e) && nullable {
			continue
		}
		if isNull(e) {
			return &pathError{path: schema.Index("", j), err: errors.New("must not be null")}
		}
		if err := decodeValue(e, &out[j]); err != nil {
			return at(schema.Index("", j), err)
		}
	}
	*dst = out
	return nil
}

// kindName names the JSON kind a Go value of kind k decodes from.
func kindName(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int:
		return "an integer"
	case reflect.Float64:
		return "a number"
	case reflect.Slice:
		return "a list"
	}
	return "an object"
}

func isNull(raw []byte) bool { return bytes.Equal(raw, []byte("null")) }

func errNilTarget(name string) error {
	return fmt.Errorf("pintypes: UnmarshalJSON on a nil *%s", name)
}

// trimSpace trims JSON white space (not every Unicode space, as
// bytes.TrimSpace would).
func trimSpace(data []byte) []byte { return bytes.Trim(data, " \t\r\n") }
