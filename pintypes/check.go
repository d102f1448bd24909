package pintypes

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/pindownai/client-go/internal/schema"
)

// This file is the typed validator. The generated check methods walk a
// config's Go values and report through schema.Reporter, with the checks
// that schema.Check applies to decoded JSON, so that a config is validated
// without being encoded and parsed back. A field counts as present exactly
// when MarshalJSON writes it, and not as null, so the two walkers see the
// same config; a test and the fuzz targets hold them to the same problems.
// Values typed any are checked in their JSON form, made by encoding them
// when they are not in it already.

// checker is implemented by the generated structs.
type checker interface {
	// check reports the problems of the value, of status st, to r.
	check(r *schema.Reporter, st schema.Status)
}

// checkConfig validates c, a generated config of the known type t.
func checkConfig(t Type, c checker) []schema.Problem {
	s := schema.Lookup(string(t))
	r := schema.NewReporter(schema.Full)
	c.check(r, s.Status)
	return r.Problems()
}

// absent reports a field that MarshalJSON does not write at all.
func (p presence) absent(i int) bool { return !p.has(i) && !p.isNull(i) }

func checkString[T ~string](r *schema.Reporter, f *schema.Field, key string, v T, p presence, i int, st schema.Status) {
	st = f.Effective(st)
	r.Push(key)
	if v != "" || p.has(i) {
		r.String(f, asSent(string(v)), st)
	} else {
		r.Absent(f, st)
	}
	r.Pop()
}

// checkAlias checks the field f when it is absent and Extra holds a member
// under its older name, which then stands for it (as schema.Check reads it);
// it reports whether it did.
func checkAlias(r *schema.Reporter, f *schema.Field, absent bool, extra map[string]json.RawMessage, st schema.Status) bool {
	raw, ok := extra[f.Alias]
	if !absent || !ok {
		return false
	}
	st = f.Effective(st)
	r.Push(f.Alias)
	if v := parseOwn(raw); v == nil {
		r.Absent(f, st)
	} else {
		r.Value(f, v, st)
	}
	r.Pop()
	return true
}

func checkBool(r *schema.Reporter, f *schema.Field, key string, v bool, p presence, i int, st schema.Status) {
	if !v && !p.has(i) {
		checkAbsent(r, f, key, st)
	}
}

func checkInt(r *schema.Reporter, f *schema.Field, key string, v int, p presence, i int, st schema.Status) {
	if v == 0 && !p.has(i) {
		checkAbsent(r, f, key, st)
		return
	}
	r.Push(key)
	r.Int(f, v)
	r.Pop()
}

func checkFloat(r *schema.Reporter, f *schema.Field, key string, v float64, p presence, i int, st schema.Status) {
	if v == 0 && !p.has(i) {
		checkAbsent(r, f, key, st)
	}
}

func checkAny(r *schema.Reporter, f *schema.Field, key string, v any, _ presence, _ int, st schema.Status) {
	switch {
	case v == nil:
		checkAbsent(r, f, key, st)
	case f.Kind != schema.KindAny: // any value is an Any
		checkJSON(r, f, key, v, st)
	}
}

func checkAbsent(r *schema.Reporter, f *schema.Field, key string, st schema.Status) {
	r.Push(key)
	r.Absent(f, f.Effective(st))
	r.Pop()
}

// checkJSON checks v, a Go value of field f, in its JSON form.
func checkJSON(r *schema.Reporter, f *schema.Field, key string, v any, st schema.Status) {
	r.Push(key)
	r.Value(f, jsonForm(v), f.Effective(st))
	r.Pop()
}

// checkObject checks a nested object field.
func checkObject[T any, P interface {
	*T
	checker
}](r *schema.Reporter, f *schema.Field, key string, v *T, _ presence, _ int, st schema.Status) {
	if v == nil {
		checkAbsent(r, f, key, st)
		return
	}
	r.Push(key)
	P(v).check(r, f.Effective(st))
	r.Pop()
}

// checkObjects checks a list of nested objects.
func checkObjects[T any, P interface {
	*T
	checker
}](r *schema.Reporter, f *schema.Field, key string, v []T, _ presence, _ int, st schema.Status) {
	u := r.NewUniqueness(f, f.Effective(st))
	checkElems(r, f, key, v, st, func(st schema.Status, j int, e *T) {
		P(e).check(r, st)
		if u != nil {
			m := any(e).(interface{ stringMember(string) string })
			u.Check(j, func(name string) string { return asSent(m.stringMember(name)) })
		}
	})
}

// checkStrings checks a list of strings.
func checkStrings[T ~string](r *schema.Reporter, f *schema.Field, key string, v []T, _ presence, _ int, st schema.Status) {
	checkElems(r, f, key, v, st, func(st schema.Status, _ int, e *T) { r.String(f.Elem, asSent(string(*e)), st) })
}

// checkAnyMaps checks a list of objects of any members, such as rows.
func checkAnyMaps[M ~map[string]any](r *schema.Reporter, f *schema.Field, key string, v []M, _ presence, _ int, st schema.Status) {
	checkElems(r, f, key, v, st, func(st schema.Status, _ int, e *M) {
		if *e == nil {
			r.Value(f.Elem, nil, st) // a null where an object belongs
		} else {
			r.Value(f.Elem, jsonForm(map[string]any(*e)), st)
		}
	})
}

// checkElems checks the list v of field f, and each element with elem
// (given the list's effective status) while the element is entered.
func checkElems[T any](r *schema.Reporter, f *schema.Field, key string, v []T, st schema.Status, elem func(st schema.Status, j int, e *T)) {
	if v == nil {
		checkAbsent(r, f, key, st)
		return
	}
	st = f.Effective(st)
	r.Push(key)
	r.Len(f, len(v), st)
	for j := range v {
		r.PushIndex(j)
		elem(st, j, &v[j])
		r.Pop()
	}
	r.Pop()
}

// checkList checks a list of any other kind in its JSON form; a list of
// Any values only has a length to check.
func checkList[T any](r *schema.Reporter, f *schema.Field, key string, v []T, _ presence, _ int, st schema.Status) {
	switch {
	case v == nil:
		checkAbsent(r, f, key, st)
	case f.Elem.Kind == schema.KindAny:
		r.Push(key)
		r.Len(f, len(v), f.Effective(st))
		r.Pop()
	default:
		checkJSON(r, f, key, v, st)
	}
}

// checkMap checks a map field in its JSON form.
func checkMap[M ~map[string]V, V any](r *schema.Reporter, f *schema.Field, key string, v M, _ presence, _ int, st schema.Status) {
	if v == nil {
		checkAbsent(r, f, key, st)
		return
	}
	checkJSON(r, f, key, map[string]V(v), st)
}

// checkRules checks the cross-field rules of o, which read the object in
// its JSON form.
func checkRules(r *schema.Reporter, o *schema.Object, x appender, st schema.Status) {
	b, err := x.appendJSON(nil)
	if err != nil {
		return // Encode has reported it
	}
	m, _ := parseOwn(b).(map[string]any)
	r.Rules(o, m, st)
}

// jsonForm returns v as encoding/json decodes its encoding with UseNumber:
// v itself when it is in that form already, the common case.
func jsonForm(v any) any {
	if inJSONForm(v, 0) {
		return v
	}
	b, err := appendAny(nil, v)
	if err != nil {
		return v // Encode has reported it
	}
	return parseOwn(b)
}

// inJSONForm reports whether v holds only the values of decoded JSON: no
// other types, no nil map or list (they encode as null), no invalid UTF-8
// (it encodes as U+FFFD).
func inJSONForm(v any, depth int) bool {
	if depth > 100 {
		return false
	}
	switch v := v.(type) {
	case nil, bool, json.Number, float64:
		return true
	case string:
		return utf8.ValidString(v)
	case map[string]any:
		if v == nil {
			return false
		}
		for k, e := range v {
			if !utf8.ValidString(k) || !inJSONForm(e, depth+1) {
				return false
			}
		}
		return true
	case []any:
		if v == nil {
			return false
		}
		for _, e := range v {
			if !inJSONForm(e, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// asSent returns s as the server receives it: encoding writes each byte of
// invalid UTF-8 as U+FFFD.
func asSent(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// parseOwn parses JSON this package encoded, or Extra JSON that encoding
// checked; nil if it is not JSON after all.
func parseOwn(b []byte) any {
	v, _ := parseJSON(b)
	return v
}
