package pintypes

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/pindownai/client-go/internal/schema"
)

// This file holds the JSON machinery the generated MarshalJSON and
// UnmarshalJSON methods share: presence tracking, path errors, and the
// readers of each kind of field (write.go has the writers).

var jsonNull = []byte("null")

// presence records, per modeled member (by its index in the struct), whether
// the member was present when the value was decoded, and whether it was
// null. A zero scalar that was present is written back; one that was never
// set is omitted.
type presence struct{ set, null uint64 }

func (p *presence) mark(i int, null bool) {
	bit := uint64(1) << uint(i)
	if null {
		p.null |= bit
		p.set &^= bit
	} else {
		p.set |= bit
		p.null &^= bit
	}
}

func (p presence) has(i int) bool    { return p.set&(uint64(1)<<uint(i)) != 0 }
func (p presence) isNull(i int) bool { return p.null&(uint64(1)<<uint(i)) != 0 }

// legacy remembers that a field was decoded from its older member name
// (a table column's "label"), and the value it had, so that an unchanged
// value is written back under the same name.
type legacy struct {
	used  bool
	value string
}

// key returns the member name to write a field under.
func (l legacy) key(name, alias, current string) string {
	if l.used && l.value == current {
		return alias
	}
	return name
}

// pathError is an encoding or decoding error at a member path.
type pathError struct {
	path string
	err  error
}

// Error returns "path: problem".
func (e *pathError) Error() string { return e.path + ": " + e.err.Error() }

// Unwrap returns the problem.
func (e *pathError) Unwrap() error { return e.err }

// at prefixes err's path (if it has one) with prefix.
func at(prefix string, err error) error {
	var pe *pathError
	if errors.As(err, &pe) {
		p := pe.path
		if !strings.HasPrefix(p, "[") {
			p = "." + p
		}
		return &pathError{path: prefix + p, err: pe.err}
	}
	return &pathError{path: prefix, err: err}
}

// fieldErrorOf turns an encoding or decoding error into a FieldError.
func fieldErrorOf(err error) FieldError {
	var pe *pathError
	if errors.As(err, &pe) {
		return FieldError{Path: pe.path, Message: pe.err.Error()}
	}
	return FieldError{Path: schema.RootPath, Message: err.Error()}
}

// members decodes a JSON object into its members; null gives a nil map.
func members(data []byte) (map[string]rawRef, error) {
	data = trimSpace(data)
	if kindOf(data) != '{' {
		if bytes.Equal(data, jsonNull) {
			return nil, nil
		}
		return nil, errors.New("must be an object")
	}
	var m map[string]rawRef
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// rawRef is a member's JSON as a slice of the object's own bytes: unlike
// json.RawMessage it is not copied (encoding/json hands UnmarshalJSON a
// slice of its input, which the caller owns). What outlives the decoding,
// Extra, is copied by keep.
type rawRef []byte

func (r *rawRef) UnmarshalJSON(b []byte) error {
	*r = b
	return nil
}

// keep adds an unmodeled member to an Extra map.
func keep(extra map[string]json.RawMessage, k string, raw json.RawMessage) map[string]json.RawMessage {
	if extra == nil {
		extra = make(map[string]json.RawMessage)
	}
	extra[k] = bytes.Clone(raw)
	return extra
}

// kindOf returns the first byte of a JSON value: '"', '{', '[', 't', 'f',
// 'n', or '0' for a number; 0 if data is empty.
func kindOf(data []byte) byte {
	if len(data) == 0 {
		return 0
	}
	switch c := data[0]; c {
	case '"', '{', '[', 't', 'f', 'n':
		return c
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return '0'
	}
	return 0
}

func isNull(raw []byte) bool { return bytes.Equal(trimSpace(raw), jsonNull) }

func readString[T ~string](raw json.RawMessage, dst *T, p *presence, i int) error {
	if isNull(raw) {
		*dst = ""
		p.mark(i, true)
		return nil
	}
	s, ok := plainString(raw)
	if !ok && (kindOf(trimSpace(raw)) != '"' || json.Unmarshal(raw, &s) != nil) {
		return errors.New("must be a string")
	}
	*dst = T(s)
	p.mark(i, false)
	return nil
}

// plainString decodes a JSON string without escapes, the common case,
// without the cost of json.Unmarshal; ok is false for anything else.
func plainString(raw json.RawMessage) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	body := raw[1 : len(raw)-1]
	for _, c := range body {
		if c == '\\' || c == '"' || c < 0x20 || c >= 0x80 {
			return "", false // escapes, or UTF-8 that json.Unmarshal would check
		}
	}
	return string(body), true
}

func readBool(raw json.RawMessage, dst *bool, p *presence, i int) error {
	if isNull(raw) {
		*dst = false
		p.mark(i, true)
		return nil
	}
	if err := json.Unmarshal(raw, dst); err != nil || kindOf(trimSpace(raw)) == '"' {
		return errors.New("must be a boolean")
	}
	p.mark(i, false)
	return nil
}

func readInt(raw json.RawMessage, dst *int, p *presence, i int) error {
	raw = trimSpace(raw)
	if isNull(raw) {
		*dst = 0
		p.mark(i, true)
		return nil
	}
	if kindOf(raw) != '0' {
		return errors.New("must be an integer")
	}
	n, err := schema.ParseInt(string(raw))
	if err != nil {
		return err
	}
	*dst = n
	p.mark(i, false)
	return nil
}

func readFloat(raw json.RawMessage, dst *float64, p *presence, i int) error {
	raw = trimSpace(raw)
	if isNull(raw) {
		*dst = 0
		p.mark(i, true)
		return nil
	}
	if kindOf(raw) != '0' {
		return errors.New("must be a number")
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		return errors.New("must be a number that fits in a float64")
	}
	*dst = f
	p.mark(i, false)
	return nil
}

// decodeValue decodes raw into dst, keeping numbers inside interfaces as
// json.Number, and calling dst's own UnmarshalJSON directly when it has one.
func decodeValue(raw json.RawMessage, dst any) error {
	if u, ok := dst.(json.Unmarshaler); ok {
		return u.UnmarshalJSON(raw)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return dec.Decode(dst)
}

func readAny(raw json.RawMessage, dst *any, p *presence, i int) error {
	*dst = nil
	if isNull(raw) {
		p.mark(i, true)
		return nil
	}
	if err := decodeValue(raw, dst); err != nil {
		return err
	}
	p.mark(i, false)
	return nil
}

func readPtr[T any](raw json.RawMessage, dst **T, p *presence, i int) error {
	*dst = nil
	if isNull(raw) {
		p.mark(i, true)
		return nil
	}
	v := new(T)
	if err := decodeValue(raw, v); err != nil {
		return err
	}
	*dst = v
	p.mark(i, false)
	return nil
}

func readMap[M ~map[string]V, V any](raw json.RawMessage, dst *M, p *presence, i int) error {
	*dst = nil
	if isNull(raw) {
		p.mark(i, true)
		return nil
	}
	if kindOf(trimSpace(raw)) != '{' {
		return errors.New("must be an object")
	}
	var m M
	if err := decodeValue(raw, &m); err != nil {
		return err
	}
	*dst = m
	p.mark(i, false)
	return nil
}

// readList decodes a list field element by element, so that errors name
// the element. A null element is an error unless T is an interface type.
func readList[T any](raw json.RawMessage, dst *[]T, p *presence, i int) error {
	*dst = nil
	if isNull(raw) {
		p.mark(i, true)
		return nil
	}
	var elems []json.RawMessage
	if kindOf(trimSpace(raw)) != '[' || json.Unmarshal(raw, &elems) != nil {
		return errors.New("must be a list")
	}
	nullable := reflect.TypeFor[T]().Kind() == reflect.Interface
	out := make([]T, len(elems))
	for j, e := range elems {
		if isNull(e) {
			if !nullable {
				return &pathError{path: schema.Index("", j), err: errors.New("must not be null")}
			}
			continue
		}
		if err := decodeValue(e, &out[j]); err != nil {
			return at(schema.Index("", j), err)
		}
	}
	*dst = out
	p.mark(i, false)
	return nil
}

func errNilTarget(name string) error {
	return fmt.Errorf("pintypes: UnmarshalJSON on a nil *%s", name)
}

// trimSpace trims JSON white space (not every Unicode space, as
// bytes.TrimSpace would).
func trimSpace(data []byte) []byte { return bytes.Trim(data, " \t\r\n") }
