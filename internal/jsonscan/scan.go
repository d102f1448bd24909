// Package jsonscan reads JSON text in one pass, checking it as
// encoding/json does. The one-pass decoders of package pintypes and of the
// client's answers are built on it: each reads what it knows and gives up
// (a false result) on anything unusual, leaving that input to
// encoding/json, so that errors and odd inputs have one code path.
package jsonscan

import "encoding/json"

// MaxDepth bounds the nesting of the values Skip reads (encoding/json
// allows 10000): deeper input is refused, and left to encoding/json.
const MaxDepth = 500

// Scanner is a position in a JSON text.
type Scanner struct {
	Data []byte // the text
	Pos  int    // the offset of the next byte to read
}

// WS skips JSON white space.
func (s *Scanner) WS() {
	for s.Pos < len(s.Data) {
		switch s.Data[s.Pos] {
		case ' ', '\t', '\r', '\n':
			s.Pos++
		default:
			return
		}
	}
}

// End reports whether only white space is left.
func (s *Scanner) End() bool {
	s.WS()
	return s.Pos == len(s.Data)
}

// begin skips white space and then the byte c ('{' or '['), if it is there.
func (s *Scanner) begin(c byte) bool {
	s.WS()
	if s.Pos < len(s.Data) && s.Data[s.Pos] == c {
		s.Pos++
		return true
	}
	return false
}

// next moves to the next member or element of the object or list being
// read, whose closing byte is close: more is false at its end (which it
// consumes). first is true before the first member.
func (s *Scanner) next(first *bool, close byte) (more, ok bool) {
	s.WS()
	if s.Pos >= len(s.Data) {
		return false, false
	}
	if s.Data[s.Pos] == close {
		s.Pos++
		return false, true
	}
	if *first {
		*first = false
		return true, true
	}
	if s.Data[s.Pos] != ',' {
		return false, false
	}
	s.Pos++
	return true, true
}

// Key reads a member name and the colon after it. Only names without
// escapes and of ASCII bytes are accepted: they are their own decoding.
func (s *Scanner) Key() ([]byte, bool) {
	s.WS()
	if s.Pos >= len(s.Data) || s.Data[s.Pos] != '"' {
		return nil, false
	}
	body, plain, ok := s.Str()
	if !ok || !plain {
		return nil, false
	}
	s.WS()
	if s.Pos >= len(s.Data) || s.Data[s.Pos] != ':' {
		return nil, false
	}
	s.Pos++
	return body, true
}

// Str reads the JSON string starting at s.Pos (a '"'), checking it as
// encoding/json does; plain reports a string without escapes whose bytes
// are all printable ASCII, which is its own decoding.
func (s *Scanner) Str() (body []byte, plain, ok bool) {
	start := s.Pos + 1
	plain = true
	for i := start; i < len(s.Data); i++ {
		switch c := s.Data[i]; {
		case c == '"':
			s.Pos = i + 1
			return s.Data[start:i], plain, true
		case c == '\\':
			plain = false
			i++
			if i >= len(s.Data) {
				return nil, false, false
			}
			switch s.Data[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(s.Data) {
					return nil, false, false
				}
				for _, h := range s.Data[i+1 : i+5] {
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

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// Num reads a JSON number starting at s.Pos.
func (s *Scanner) Num() bool {
	b, i := s.Data, s.Pos
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
	s.Pos = i
	return true
}

// Lit reads the literal word (true, false or null) if it is at s.Pos.
func (s *Scanner) Lit(word string) bool {
	if len(s.Data)-s.Pos >= len(word) && string(s.Data[s.Pos:s.Pos+len(word)]) == word {
		s.Pos += len(word)
		return true
	}
	return false
}

// Skip reads and checks one JSON value starting at s.Pos.
func (s *Scanner) Skip(depth int) bool {
	if s.Pos >= len(s.Data) || depth > MaxDepth {
		return false
	}
	switch c := s.Data[s.Pos]; c {
	case '"':
		_, _, ok := s.Str()
		return ok
	case '{':
		s.Pos++
		return s.items('}', func() bool {
			if _, ok := s.anyKey(); !ok {
				return false
			}
			s.WS()
			return s.Skip(depth + 1)
		})
	case '[':
		s.Pos++
		return s.items(']', func() bool {
			s.WS()
			return s.Skip(depth + 1)
		})
	case 't':
		return s.Lit("true")
	case 'f':
		return s.Lit("false")
	case 'n':
		return s.Lit("null")
	}
	return s.Num()
}

// anyKey reads a member name, escaped or not, and the colon after it,
// returning the name's JSON (quotes included).
func (s *Scanner) anyKey() ([]byte, bool) {
	s.WS()
	if s.Pos >= len(s.Data) || s.Data[s.Pos] != '"' {
		return nil, false
	}
	start := s.Pos
	if _, _, ok := s.Str(); !ok {
		return nil, false
	}
	raw := s.Data[start:s.Pos]
	s.WS()
	if s.Pos >= len(s.Data) || s.Data[s.Pos] != ':' {
		return nil, false
	}
	s.Pos++
	return raw, true
}

// Value reads one JSON value, after white space, and returns its bytes.
func (s *Scanner) Value() ([]byte, bool) {
	s.WS()
	start := s.Pos
	if !s.Skip(0) {
		return nil, false
	}
	return s.Data[start:s.Pos], true
}

// Text reads the JSON string at Pos (a '"') and returns it as
// encoding/json decodes it, escapes and invalid UTF-8 included.
func (s *Scanner) Text() (string, bool) {
	start := s.Pos
	body, plain, ok := s.Str()
	switch {
	case !ok:
		return "", false
	case plain:
		return string(body), true
	}
	var str string
	if json.Unmarshal(s.Data[start:s.Pos], &str) != nil {
		return "", false
	}
	return str, true
}

// Object reads a JSON object after white space, handing each member's name
// (plain, see Key) to member, which reads the member's value. It stops, and
// returns false, at the first member for which member returns false.
func (s *Scanner) Object(member func(name []byte) bool) bool {
	return s.begin('{') && s.items('}', func() bool {
		k, ok := s.Key()
		return ok && member(k)
	})
}

// Members is Object for any member names, escaped or not: member gets each
// name as encoding/json decodes it.
func (s *Scanner) Members(member func(name string) bool) bool {
	return s.begin('{') && s.items('}', func() bool {
		raw, ok := s.anyKey()
		if !ok {
			return false
		}
		name, ok := (&Scanner{Data: raw}).Text()
		return ok && member(name)
	})
}

// Array reads a JSON array after white space, calling elem to read each
// element, after the white space before it. It stops, and returns false,
// at the first element for which elem returns false.
func (s *Scanner) Array(elem func() bool) bool {
	return s.begin('[') && s.items(']', func() bool {
		s.WS()
		return elem()
	})
}

// items reads the members or elements of the object or list being read,
// whose opening byte is behind and whose closing byte is close, calling
// item for each, until the close or the first item that returns false.
func (s *Scanner) items(close byte, item func() bool) bool {
	for first := true; ; {
		more, ok := s.next(&first, close)
		if !ok {
			return false
		}
		if !more {
			return true
		}
		if !item() {
			return false
		}
	}
}
