package pintypes

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/pindownai/client-go/internal/schema"
)

// This file is the encoder the generated MarshalJSON methods share. Every
// config, and every object inside one, appends itself to one buffer, so a
// config is encoded in one pass: json.Marshal would encode each nested
// object separately and re-scan each result. The output is exactly what
// json.Marshal produces (compact, with <, > and & escaped in strings);
// anything this file does not write itself, such as a NaN or an int64
// inside an `any`, goes through json.Marshal, so it keeps its encoding and
// its errors.

// appender is implemented by the generated structs.
type appender interface {
	// appendJSON appends the value's JSON encoding to b.
	appendJSON(b []byte) ([]byte, error)
}

// objectWriter appends a JSON object to buf member by member.
type objectWriter struct {
	buf   []byte
	start int // where the object begins in buf
	err   error
}

func newObjectWriter(b []byte) objectWriter { return objectWriter{buf: b, start: len(b)} }

// key starts the member key; false means an earlier member failed.
func (w *objectWriter) key(key string) bool {
	if w.err != nil {
		return false
	}
	if len(w.buf) == w.start {
		w.buf = append(w.buf, '{')
	} else {
		w.buf = append(w.buf, ',')
	}
	w.buf = appendString(w.buf, key)
	w.buf = append(w.buf, ':')
	return true
}

func (w *objectWriter) member(key string, val []byte) {
	if w.key(key) {
		w.buf = append(w.buf, val...)
	}
}

// value writes v, a Go value of any type, or records the error naming key.
func (w *objectWriter) value(key string, v any) {
	if w.key(key) {
		w.buf, w.err = appendAny(w.buf, v)
		if w.err != nil {
			w.err = at(schema.Join("", key), w.err)
		}
	}
}

// extra writes the Extra members, sorted by name, skipping the modeled
// members and the legacy names written.
func (w *objectWriter) extra(extra map[string]json.RawMessage, modeled []string, written ...string) {
	if w.err != nil || len(extra) == 0 {
		return
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		if !slices.Contains(modeled, k) && !slices.Contains(written, k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		raw := extra[k]
		if len(raw) == 0 {
			raw = jsonNull
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			w.err = &pathError{path: schema.Join("", k), err: fmt.Errorf("invalid JSON in Extra: %w", err)}
			return
		}
		if w.key(k) {
			out := bytes.NewBuffer(w.buf)
			json.HTMLEscape(out, compact.Bytes()) // as json.Marshal escapes a Marshaler's output
			w.buf = out.Bytes()
		}
	}
}

func (w *objectWriter) finish() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	if len(w.buf) == w.start {
		return append(w.buf, '{', '}'), nil
	}
	return append(w.buf, '}'), nil
}

// nullOrZero writes a null or zero scalar field that was present when
// decoded, and reports whether the field still needs writing (it is set).
func nullOrZero(w *objectWriter, key string, set bool, zero string, p presence, i int) bool {
	switch {
	case set:
		return true
	case p.isNull(i):
		w.member(key, jsonNull)
	case p.has(i):
		w.member(key, []byte(zero))
	}
	return false
}

// nullOr writes a null field of a kind that has no zero value to write back
// (any, objects, lists, maps), and reports whether the field still needs
// writing (it is set). One decoded and then set to nil is left out.
func nullOr(w *objectWriter, key string, set bool, p presence, i int) bool {
	if !set && p.isNull(i) {
		w.member(key, jsonNull)
	}
	return set
}

// writeString writes a string field: a set value, a null or "" that was
// present when decoded, or nothing.
func writeString[T ~string](w *objectWriter, key string, v T, p presence, i int) {
	if nullOrZero(w, key, v != "", `""`, p, i) && w.key(key) {
		w.buf = appendString(w.buf, string(v))
	}
}

func writeBool(w *objectWriter, key string, v bool, p presence, i int) {
	if nullOrZero(w, key, v, "false", p, i) && w.key(key) {
		w.buf = append(w.buf, "true"...)
	}
}

func writeInt(w *objectWriter, key string, v int, p presence, i int) {
	if nullOrZero(w, key, v != 0, "0", p, i) && w.key(key) {
		w.buf = strconv.AppendInt(w.buf, int64(v), 10)
	}
}

func writeFloat(w *objectWriter, key string, v float64, p presence, i int) {
	if nullOrZero(w, key, v != 0, "0", p, i) {
		w.value(key, v)
	}
}

// writeAny writes a field of any JSON value: a non-nil value, a null that
// was present when decoded, or nothing.
func writeAny(w *objectWriter, key string, v any, p presence, i int) {
	if nullOr(w, key, v != nil, p, i) {
		w.value(key, v)
	}
}

// writeObject writes a nested object field.
func writeObject[T any, P interface {
	*T
	appender
}](w *objectWriter, key string, v *T, p presence, i int) {
	if nullOr(w, key, v != nil, p, i) && w.key(key) {
		w.buf, w.err = P(v).appendJSON(w.buf)
		if w.err != nil {
			w.err = at(schema.Join("", key), w.err)
		}
	}
}

// writeMap writes a map field.
func writeMap[M ~map[string]V, V any](w *objectWriter, key string, v M, p presence, i int) {
	if nullOr(w, key, v != nil, p, i) {
		w.value(key, map[string]V(v))
	}
}

// writeList writes a list field: a non-nil slice (an empty one as []), a
// null that was present when decoded, or nothing. Errors name the element.
func writeList[T any](w *objectWriter, key string, v []T, p presence, i int) {
	writeElems(w, key, v, p, i, func(b []byte, e *T) ([]byte, error) { return appendAny(b, *e) })
}

// writeObjects writes a list of nested objects.
func writeObjects[T any, P interface {
	*T
	appender
}](w *objectWriter, key string, v []T, p presence, i int) {
	writeElems(w, key, v, p, i, func(b []byte, e *T) ([]byte, error) { return P(e).appendJSON(b) })
}

// writeStrings writes a list of strings.
func writeStrings[T ~string](w *objectWriter, key string, v []T, p presence, i int) {
	writeElems(w, key, v, p, i, func(b []byte, e *T) ([]byte, error) { return appendString(b, string(*e)), nil })
}

// writeAnyMaps writes a list of objects of any members, such as rows.
func writeAnyMaps[M ~map[string]any](w *objectWriter, key string, v []M, p presence, i int) {
	writeElems(w, key, v, p, i, func(b []byte, e *M) ([]byte, error) { return appendAny(b, map[string]any(*e)) })
}

func writeElems[T any](w *objectWriter, key string, v []T, p presence, i int, elem func([]byte, *T) ([]byte, error)) {
	if !nullOr(w, key, v != nil, p, i) || !w.key(key) {
		return
	}
	w.buf = append(w.buf, '[')
	for j := range v {
		if j > 0 {
			w.buf = append(w.buf, ',')
		}
		if w.buf, w.err = elem(w.buf, &v[j]); w.err != nil {
			w.err = at(schema.Index(schema.Join("", key), j), w.err)
			return
		}
	}
	w.buf = append(w.buf, ']')
}

// appendAny appends the JSON encoding of v as json.Marshal writes it. The
// values JSON decoding produces are written here; anything else, configs
// included, is left to json.Marshal.
func appendAny(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendString(b, v), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case float64:
		// json.Marshal's format for these; exponents and NaN are its own.
		if a := math.Abs(v); a == 0 || a >= 1e-6 && a < 1e21 {
			return strconv.AppendFloat(b, v, 'f', -1, 64), nil
		}
	case json.Number:
		if validNumber(string(v)) {
			return append(b, v...), nil
		}
	case map[string]any:
		if v == nil {
			return append(b, "null"...), nil
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, '{')
		for j, k := range keys {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(appendString(b, k), ':')
			var err error
			if b, err = appendAny(b, v[k]); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case []any:
		if v == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for j, e := range v {
			if j > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendAny(b, e); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	}
	out, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, out...), nil
}

// appendString appends s as a JSON string, as json.Marshal writes it. Plain
// text is copied; a string needing escapes goes through json.Marshal.
func appendString(b []byte, s string) []byte {
	if !plainText(s) {
		out, _ := json.Marshal(s) // a string always encodes
		return append(b, out...)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// plainText reports whether json.Marshal writes s unchanged between
// quotes: valid UTF-8 without control characters, quotes, backslashes,
// <, >, &, U+2028 or U+2029.
func plainText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}

// validNumber reports whether s is a JSON number literal.
func validNumber(s string) bool {
	i := 0
	digits := func() bool {
		start := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i > start
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case !digits():
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	return i == len(s)
}
