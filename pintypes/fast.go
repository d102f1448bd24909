package pintypes

import (
	"encoding/json"
	"github.com/pindownai/client-go/internal/jsonscan"
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

// scan is the position in the JSON being decoded.
type scan = jsonscan.Scanner

// slowOnly turns the one-pass decoder off; tests compare the two paths.
var slowOnly atomic.Bool

// once marks the member i seen, and reports whether it is the first time: a
// repeated member is left to unmarshalSlow.
func once(seen *uint64, i int) bool {
	bit := uint64(1) << uint(i)
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	return true
}

// keepValue reads the value of the member k, which the struct does not
// model, into its Extra.
func keepValue(s *scan, extra *map[string]json.RawMessage, k []byte) bool {
	raw, ok := s.Value()
	if ok {
		*extra = keep(*extra, string(k), raw)
	}
	return ok
}

// The readers of the one-pass decoder: each reads a member's value and
// stores it as the corresponding reader of codec.go would.

func fastString[T ~string](s *scan, dst *T, p *presence, i int) bool {
	s.WS()
	if s.Pos < len(s.Data) && s.Data[s.Pos] == '"' {
		start := s.Pos
		body, plain, ok := s.Str()
		if !ok {
			return false
		}
		if plain {
			*dst = T(body)
			p.mark(i, false)
			return true
		}
		return readString(s.Data[start:s.Pos], dst, p, i) == nil
	}
	raw, ok := s.Value()
	return ok && readString(raw, dst, p, i) == nil
}

func fastBool(s *scan, dst *bool, p *presence, i int) bool {
	s.WS()
	switch {
	case s.Lit("true"):
		*dst = true
	case s.Lit("false"):
		*dst = false
	default:
		raw, ok := s.Value()
		return ok && readBool(raw, dst, p, i) == nil
	}
	p.mark(i, false)
	return true
}

func fastInt(s *scan, dst *int, p *presence, i int) bool {
	raw, ok := s.Value()
	return ok && readInt(raw, dst, p, i) == nil
}

func fastFloat(s *scan, dst *float64, p *presence, i int) bool {
	raw, ok := s.Value()
	return ok && readFloat(raw, dst, p, i) == nil
}

func fastList[T any](s *scan, dst *[]T, p *presence, i int) bool {
	raw, ok := s.Value()
	return ok && readList(raw, dst, p, i) == nil
}

func fastMap[M ~map[string]V, V any](s *scan, dst *M, p *presence, i int) bool {
	raw, ok := s.Value()
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
	s.WS()
	if s.Lit("null") {
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
	s.WS()
	if s.Pos >= len(s.Data) || depth > jsonscan.MaxDepth {
		return nil, false
	}
	switch s.Data[s.Pos] {
	case '"':
		return s.Text()
	case '{':
		m := make(map[string]any)
		return m, fastAnyObject(s, depth, m)
	case '[':
		out := make([]any, 0)
		ok := s.Array(func() bool {
			v, ok := fastAnyValue(s, depth+1)
			out = append(out, v)
			return ok
		})
		return out, ok
	case 't':
		return true, s.Lit("true")
	case 'f':
		return false, s.Lit("false")
	case 'n':
		return nil, s.Lit("null")
	}
	start := s.Pos
	if !s.Num() {
		return nil, false
	}
	return json.Number(s.Data[start:s.Pos]), true
}

// fastAnyObject reads the JSON object at s into m, as encoding/json
// decodes an object into a map of any: a repeated member's last value wins.
func fastAnyObject[M ~map[string]any](s *scan, depth int, m M) bool {
	return s.Members(func(k string) bool {
		v, ok := fastAnyValue(s, depth+1)
		m[k] = v
		return ok
	})
}

// fastAnyField reads an any field, as readAny does.
func fastAnyField(s *scan, dst *any, p *presence, i int) bool {
	s.WS()
	if s.Lit("null") {
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
	s.WS()
	if s.Lit("null") {
		*dst = nil
		p.mark(i, true)
		return true
	}
	out := []T{}
	if !s.Array(func() bool {
		var zero T
		out = append(out, zero)
		if s.Lit("null") {
			return nullable
		}
		return elem(s, &out[len(out)-1])
	}) {
		return false
	}
	*dst = out
	p.mark(i, false)
	return true
}

// fastStrings reads a list of strings.
func fastStrings[T ~string](s *scan, dst *[]T, p *presence, i int) bool {
	return fastListOf(s, dst, p, i, false, func(s *scan, e *T) bool {
		if s.Pos >= len(s.Data) || s.Data[s.Pos] != '"' {
			return false
		}
		str, ok := s.Text()
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
