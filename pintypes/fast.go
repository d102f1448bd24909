package pintypes

import (
	"encoding/json"
	"sync/atomic"
)

// This file is the one-pass decoder the generated UnmarshalJSON methods try
// first. It walks the JSON once, validating it as it goes, and fills the
// struct with the same readers the two-pass decoder (unmarshalSlow) uses,
// so a config it decodes comes out exactly as unmarshalSlow would make it.
// It gives up (returns false) on anything that needs care: invalid JSON,
// a value of the wrong kind, a null list element, a repeated modeled
// member, a legacy alias, an escaped or non-ASCII member name, very deep
// nesting. The caller then decodes the input again with unmarshalSlow, so
// that every error, and every unusual input, is handled by one code path.

// slowOnly turns the one-pass decoder off; tests compare the two paths.
var slowOnly atomic.Bool

// maxSkipDepth bounds the nesting of the values the scanner skips over
// (encoding/json allows 10000); deeper input takes the two-pass decoder.
const maxSkipDepth = 500

// scan is a position in a JSON text.
type scan struct {
	b []byte
	i int
}

// ws skips JSON white space.
func (s *scan) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

// end reports whether only white space is left.
func (s *scan) end() bool {
	s.ws()
	return s.i == len(s.b)
}

// begin skips white space and then the byte c ('{' or '['), if it is there.
func (s *scan) begin(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// next moves to the next member or element of the object or list being
// read, whose closing byte is close: more is false at its end (which it
// consumes). first is true before the first member.
func (s *scan) next(first *bool, close byte) (more, ok bool) {
	s.ws()
	if s.i >= len(s.b) {
		return false, false
	}
	if s.b[s.i] == close {
		s.i++
		return false, true
	}
	if *first {
		*first = false
		return true, true
	}
	if s.b[s.i] != ',' {
		return false, false
	}
	s.i++
	return true, true
}

// key reads a member name and the colon after it. Only names without
// escapes and of ASCII bytes are accepted: they are their own decoding.
func (s *scan) key() ([]byte, bool) {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return nil, false
	}
	body, plain, ok := s.str()
	if !ok || !plain {
		return nil, false
	}
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != ':' {
		return nil, false
	}
	s.i++
	return body, true
}

// str reads the JSON string starting at s.i (a '"'), checking it as
// encoding/json does; plain reports a string without escapes whose bytes
// are all printable ASCII, which is its own decoding.
func (s *scan) str() (body []byte, plain, ok bool) {
	start := s.i + 1
	plain = true
	for i := start; i < len(s.b); i++ {
		switch c := s.b[i]; {
		case c == '"':
			s.i = i + 1
			return s.b[start:i], plain, true
		case c == '\\':
			plain = false
			i++
			if i >= len(s.b) {
				return nil, false, false
			}
			switch s.b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(s.b) {
					return nil, false, false
				}
				for _, h := range s.b[i+1 : i+5] {
					if !isHex(h) {
						return nil, false, false
					}
				}
				i += 4
			default:
				return nil, false, false
			}
		case c < 0x20:
			return nil, false, false
		case c >= 0x80:
			plain = false
		}
	}
	return nil, false, false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// num reads a JSON number starting at s.i.
func (s *scan) num() bool {
	b, i := s.b, s.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i >= len(b):
		return false
	case b[i] == '0':
		i++
	case '1' <= b[i] && b[i] <= '9':
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || !isDigit(b[i]) {
			return false
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return false
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	s.i = i
	return true
}

// lit reads the literal word (true, false or null) if it is at s.i.
func (s *scan) lit(word string) bool {
	if len(s.b)-s.i >= len(word) && string(s.b[s.i:s.i+len(word)]) == word {
		s.i += len(word)
		return true
	}
	return false
}

// skip reads and checks one JSON value starting at s.i.
func (s *scan) skip(depth int) bool {
	if s.i >= len(s.b) || depth > maxSkipDepth {
		return false
	}
	switch c := s.b[s.i]; c {
	case '"':
		_, _, ok := s.str()
		return ok
	case '{':
		s.i++
		for first := true; ; {
			more, ok := s.next(&first, '}')
			if !ok {
				return false
			}
			if !more {
				return true
			}
			if _, ok := s.anyKey(); !ok {
				return false
			}
			s.ws()
			if !s.skip(depth + 1) {
				return false
			}
		}
	case '[':
		s.i++
		for first := true; ; {
			more, ok := s.next(&first, ']')
			if !ok {
				return false
			}
			if !more {
				return true
			}
			s.ws()
			if !s.skip(depth + 1) {
				return false
			}
		}
	case 't':
		return s.lit("true")
	case 'f':
		return s.lit("false")
	case 'n':
		return s.lit("null")
	}
	return s.num()
}

// anyKey reads a member name, escaped or not, and the colon after it,
// returning the name's JSON (quotes included).
func (s *scan) anyKey() ([]byte, bool) {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return nil, false
	}
	start := s.i
	if _, _, ok := s.str(); !ok {
		return nil, false
	}
	raw := s.b[start:s.i]
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != ':' {
		return nil, false
	}
	s.i++
	return raw, true
}

// value reads one JSON value, after white space, and returns its bytes.
func (s *scan) value() (json.RawMessage, bool) {
	s.ws()
	start := s.i
	if !s.skip(0) {
		return nil, false
	}
	return s.b[start:s.i], true
}

// The readers of the one-pass decoder: each reads a member's value and
// stores it as the corresponding reader of codec.go would.

func fastString[T ~string](s *scan, dst *T, p *presence, i int) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == '"' {
		start := s.i
		body, plain, ok := s.str()
		if !ok {
			return false
		}
		if plain {
			*dst = T(body)
			p.mark(i, false)
			return true
		}
		return readString(s.b[start:s.i], dst, p, i) == nil
	}
	raw, ok := s.value()
	return ok && readString(raw, dst, p, i) == nil
}

func fastBool(s *scan, dst *bool, p *presence, i int) bool {
	s.ws()
	switch {
	case s.lit("true"):
		*dst = true
	case s.lit("false"):
		*dst = false
	default:
		raw, ok := s.value()
		return ok && readBool(raw, dst, p, i) == nil
	}
	p.mark(i, false)
	return true
}

func fastInt(s *scan, dst *int, p *presence, i int) bool {
	raw, ok := s.value()
	return ok && readInt(raw, dst, p, i) == nil
}

func fastFloat(s *scan, dst *float64, p *presence, i int) bool {
	raw, ok := s.value()
	return ok && readFloat(raw, dst, p, i) == nil
}

func fastList[T any](s *scan, dst *[]T, p *presence, i int) bool {
	raw, ok := s.value()
	return ok && readList(raw, dst, p, i) == nil
}

func fastMap[M ~map[string]V, V any](s *scan, dst *M, p *presence, i int) bool {
	raw, ok := s.value()
	return ok && readMap(raw, dst, p, i) == nil
}

// fastObject is a generated struct T whose pointer has the one-pass
// decoder fastFrom.
type fastObject[T any] interface {
	*T
	fastFrom(s *scan) bool
}

// fastPtr reads a nested object field, as readPtr does.
func fastPtr[T any, PT fastObject[T]](s *scan, dst **T, p *presence, i int) bool {
	s.ws()
	if s.lit("null") {
		*dst = nil
		p.mark(i, true)
		return true
	}
	v := new(T)
	if !PT(v).fastFrom(s) {
		return false
	}
	*dst = v
	p.mark(i, false)
	return true
}

// fastObjects reads a list of nested objects, as readList does; a null
// element (an error) gives up.
func fastObjects[T any, PT fastObject[T]](s *scan, dst *[]T, p *presence, i int) bool {
	return fastListOf(s, dst, p, i, false, func(s *scan, e *T) bool { return PT(e).fastFrom(s) })
}

// fastAnyValue reads one JSON value as decodeValue decodes it into a nil
// any (numbers as json.Number): maps, []any (an empty list as []any{}),
// strings, json.Number, bools and nil.
func fastAnyValue(s *scan, depth int) (any, bool) {
	s.ws()
	if s.i >= len(s.b) || depth > maxSkipDepth {
		return nil, false
	}
	switch s.b[s.i] {
	case '"':
		return fastStr(s)
	case '{':
		m := make(map[string]any)
		return m, fastAnyObject(s, depth, m)
	case '[':
		s.i++
		out := make([]any, 0)
		for first := true; ; {
			more, ok := s.next(&first, ']')
			if !ok {
				return nil, false
			}
			if !more {
				return out, true
			}
			v, ok := fastAnyValue(s, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, v)
		}
	case 't':
		return true, s.lit("true")
	case 'f':
		return false, s.lit("false")
	case 'n':
		return nil, s.lit("null")
	}
	start := s.i
	if !s.num() {
		return nil, false
	}
	return json.Number(s.b[start:s.i]), true
}

// fastStr reads the JSON string at s.i as encoding/json decodes it.
func fastStr(s *scan) (string, bool) {
	start := s.i
	body, plain, ok := s.str()
	switch {
	case !ok:
		return "", false
	case plain:
		return string(body), true
	}
	var str string
	if json.Unmarshal(s.b[start:s.i], &str) != nil {
		return "", false
	}
	return str, true
}

// fastAnyObject reads the JSON object at s into m, as encoding/json
// decodes an object into a map of any: a repeated member's last value wins.
func fastAnyObject[M ~map[string]any](s *scan, depth int, m M) bool {
	if !s.begin('{') {
		return false
	}
	for first := true; ; {
		more, ok := s.next(&first, '}')
		if !ok {
			return false
		}
		if !more {
			return true
		}
		s.ws()
		if s.i >= len(s.b) || s.b[s.i] != '"' {
			return false
		}
		k, ok := fastStr(s)
		if !ok {
			return false
		}
		s.ws()
		if s.i >= len(s.b) || s.b[s.i] != ':' {
			return false
		}
		s.i++
		v, ok := fastAnyValue(s, depth+1)
		if !ok {
			return false
		}
		m[k] = v
	}
}

// fastAnyField reads an any field, as readAny does.
func fastAnyField(s *scan, dst *any, p *presence, i int) bool {
	s.ws()
	if s.lit("null") {
		*dst = nil
		p.mark(i, true)
		return true
	}
	v, ok := fastAnyValue(s, 0)
	if !ok {
		return false
	}
	*dst = v
	p.mark(i, false)
	return true
}

// fastListOf reads a list field, as readList does, with elem reading one
// element (never null: null elements are handled here).
func fastListOf[T any](s *scan, dst *[]T, p *presence, i int, nullable bool, elem func(*scan, *T) bool) bool {
	s.ws()
	if s.lit("null") {
		*dst = nil
		p.mark(i, true)
		return true
	}
	if !s.begin('[') {
		return false
	}
	out := []T{}
	for first := true; ; {
		more, ok := s.next(&first, ']')
		if !ok {
			return false
		}
		if !more {
			break
		}
		var zero T
		out = append(out, zero)
		s.ws()
		if s.lit("null") {
			if !nullable {
				return false
			}
			continue
		}
		if !elem(s, &out[len(out)-1]) {
			return false
		}
	}
	*dst = out
	p.mark(i, false)
	return true
}

// fastStrings reads a list of strings.
func fastStrings[T ~string](s *scan, dst *[]T, p *presence, i int) bool {
	return fastListOf(s, dst, p, i, false, func(s *scan, e *T) bool {
		if s.i >= len(s.b) || s.b[s.i] != '"' {
			return false
		}
		str, ok := fastStr(s)
		*e = T(str)
		return ok
	})
}

// fastAnys reads a list of any values; null elements are nil.
func fastAnys(s *scan, dst *[]any, p *presence, i int) bool {
	return fastListOf(s, dst, p, i, true, func(s *scan, e *any) bool {
		v, ok := fastAnyValue(s, 0)
		*e = v
		return ok
	})
}

// fastAnyMaps reads a list of objects decoded as maps of any values (table
// rows, chart data points).
func fastAnyMaps[M ~map[string]any](s *scan, dst *[]M, p *presence, i int) bool {
	return fastListOf(s, dst, p, i, false, func(s *scan, e *M) bool {
		m := make(M)
		*e = m
		return fastAnyObject(s, 0, m)
	})
}
