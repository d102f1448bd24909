package pintypes

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/pindownai/client-go/internal/schema"
)

// This file holds what the generated UnmarshalJSON methods share. The JSON
// is parsed once, by encoding/json, into the tree the schema checks
// (objects as map[string]any, numbers as json.Number); each generated
// struct then takes its modeled members from its object, and the rest is
// kept in Extra. Nested objects are read from the same tree, so a config is
// parsed once however deep it is.

// object is a generated struct: it reads its members from r.
type object interface {
	read(r *objectReader)
}

// unmarshal is the UnmarshalJSON method of the generated structs.
func unmarshal[T any, P interface {
	*T
	object
}](data []byte, x P) error {
	if x == nil {
		return errNilTarget(reflect.TypeFor[T]().Name())
	}
	v, err := parseJSON(data)
	if err != nil {
		return err
	}
	var fresh T
	if err := readObject(v, P(&fresh)); err != nil {
		return err
	}
	*x = fresh
	return nil
}

// readObject reads v, a parsed JSON object or nil, into x.
func readObject(v any, x object) error {
	m, ok := v.(map[string]any)
	if !ok && v != nil {
		return errors.New("must be an object")
	}
	r := &objectReader{members: m}
	x.read(r)
	return r.err
}

// objectReader hands the members of a parsed JSON object to the fields of a
// generated struct. It only reads the tree, never changes it: after a
// problem, the schema's shape check walks the same tree.
type objectReader struct {
	members map[string]any // the object's members
	taken   int            // how many of them were read
	aliases []string       // the older member names read in place of a field's own
	seen    presence       // the modeled members present, or null
	err     error          // the first error, at its member path
}

// take returns the member key, if it is there and no error came before.
func (r *objectReader) take(key string) (any, bool) {
	v, ok := r.members[key]
	if !ok || r.err != nil {
		return nil, false
	}
	r.taken++
	return v, true
}

// readField reads the member key, if present, into dst, the field i.
func readField[T any](r *objectReader, key string, i int, dst *T) {
	v, ok := r.take(key)
	switch {
	case !ok:
	case v == nil:
		r.seen.mark(i, true)
	default:
		if err := assign(v, reflect.ValueOf(dst).Elem()); err != nil {
			r.err = at(schema.Join("", key), err)
			return
		}
		r.seen.mark(i, false)
	}
}

// readAlias reads the member alias, an older name of the field i, into dst
// when the field's own member was absent, and returns what to remember to
// write it back under the same name. Beside the field's own member, the
// alias stays in Extra.
func readAlias[T ~string](r *objectReader, alias string, i int, dst *T) legacy {
	if _, ok := r.members[alias]; !ok || r.seen.has(i) || r.seen.isNull(i) {
		return legacy{}
	}
	readField(r, alias, i, dst)
	r.aliases = append(r.aliases, alias)
	return legacy{used: r.err == nil, value: string(*dst)}
}

// finish returns the members not read (neither one of the modeled members
// nor an alias read), encoded for Extra, and the presence of the modeled
// ones.
func (r *objectReader) finish(modeled []string) (map[string]json.RawMessage, presence) {
	if r.err != nil || len(r.members) == r.taken {
		return nil, r.seen
	}
	extra := make(map[string]json.RawMessage, len(r.members)-r.taken)
	for k, v := range r.members {
		if slices.Contains(modeled, k) || slices.Contains(r.aliases, k) {
			continue
		}
		raw, err := json.Marshal(v) // a parsed value always encodes
		if err != nil {
			r.err = at(schema.Join("", k), err)
			return nil, r.seen
		}
		extra[k] = raw
	}
	return extra, r.seen
}

// assign stores v, a parsed JSON value other than null, in dst: ints from
// any integral literal (2.0, 1e3), numbers inside interfaces as json.Number.
// A value of the wrong JSON kind is an error that says the right one.
func assign(v any, dst reflect.Value) error {
	if dst.Kind() == reflect.Struct {
		if o, ok := dst.Addr().Interface().(object); ok {
			return readObject(v, o)
		}
	}
	// Lists and objects of any (a table's rows) are taken as parsed.
	if t := reflect.TypeOf(v); t.Kind() != reflect.String && t.ConvertibleTo(dst.Type()) {
		dst.Set(reflect.ValueOf(v).Convert(dst.Type()))
		return nil
	}
	ok := true
	switch dst.Kind() {
	case reflect.Interface:
		dst.Set(reflect.ValueOf(v))
	case reflect.String:
		var s string
		s, ok = v.(string)
		dst.SetString(s)
	case reflect.Bool:
		var b bool
		b, ok = v.(bool)
		dst.SetBool(b)
	case reflect.Int, reflect.Float64:
		return assignNumber(v, dst)
	case reflect.Pointer:
		p := reflect.New(dst.Type().Elem())
		if err := assign(v, p.Elem()); err != nil {
			return err
		}
		dst.Set(p)
	case reflect.Slice:
		return assignList(v, dst)
	case reflect.Map:
		return assignMap(v, dst)
	default:
		return fmt.Errorf("pintypes: cannot decode into a %s", dst.Type())
	}
	if !ok {
		return errors.New("must be " + kindName(dst.Kind()))
	}
	return nil
}

func assignNumber(v any, dst reflect.Value) error {
	n, ok := v.(json.Number)
	if !ok {
		return errors.New("must be " + kindName(dst.Kind()))
	}
	if dst.Kind() == reflect.Int {
		i, err := schema.ParseInt(string(n))
		dst.SetInt(int64(i))
		return err
	}
	f, err := n.Float64()
	dst.SetFloat(f)
	return err
}

// assignList stores the list v in dst, element by element so that an error
// names the element. A null element is an error unless the elements are
// interfaces.
func assignList(v any, dst reflect.Value) error {
	l, ok := v.([]any)
	if !ok {
		return errors.New("must be a list")
	}
	out := reflect.MakeSlice(dst.Type(), len(l), len(l))
	nullable := dst.Type().Elem().Kind() == reflect.Interface
	for j, e := range l {
		switch {
		case e == nil && nullable:
		case e == nil:
			return &pathError{path: schema.Index("", j), err: errors.New("must not be null")}
		default:
			if err := assign(e, out.Index(j)); err != nil {
				return at(schema.Index("", j), err)
			}
		}
	}
	dst.Set(out)
	return nil
}

// assignMap stores the object v in dst, a map keyed by strings.
func assignMap(v any, dst reflect.Value) error {
	m, ok := v.(map[string]any)
	if !ok {
		return errors.New("must be an object")
	}
	out := reflect.MakeMapWithSize(dst.Type(), len(m))
	for k, e := range m {
		elem := reflect.New(dst.Type().Elem()).Elem()
		if e != nil {
			if err := assign(e, elem); err != nil {
				return at(schema.Join("", k), err)
			}
		}
		out.SetMapIndex(reflect.ValueOf(k), elem)
	}
	dst.Set(out)
	return nil
}

// holdsAny reports whether values of t hold interface values.
func holdsAny(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Map, reflect.Slice, reflect.Pointer:
		return holdsAny(t.Elem())
	}
	return false
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

func isNull(raw []byte) bool { return string(raw) == "null" }

func errNilTarget(name string) error {
	return fmt.Errorf("pintypes: UnmarshalJSON on a nil *%s", name)
}

// trimSpace trims JSON white space (not every Unicode space, as
// bytes.TrimSpace would).
func trimSpace(data []byte) []byte { return bytes.Trim(data, " \t\r\n") }
