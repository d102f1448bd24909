package pindown

import (
	"encoding/json"

	"github.com/pindownai/client-go/internal/jsonscan"
)

// This file decodes pins, and the answers carrying one (create, get), in
// one pass over the JSON: the hot path of every call that returns a pin.
// The result is exactly what encoding/json makes of the same input. Anything
// that needs care gives up (false): a member name that is escaped,
// non-ASCII or has capitals (encoding/json matches names case-insensitively),
// a member repeated, a value of an unexpected kind, invalid JSON. The caller
// then decodes the input with encoding/json, which also makes every error.

// fastAnswer decodes the envelope of an answer whose data is a pin into env
// and w, both zero.
func fastAnswer(body []byte, env *envelope, w *wirePin) bool {
	s := jsonscan.Scanner{Data: body}
	return fastObject(&s, func(k []byte) (uint32, bool) {
		switch string(k) {
		case "success":
			return 1 << 0, fastBoolPtr(&s, &env.Success)
		case "data":
			return 1 << 1, w.fastFrom(&s) // a null data is left to encoding/json
		case "error":
			var ok bool
			env.Error, ok = s.Value()
			return 1 << 2, ok
		}
		return 0, skipOther(&s, k)
	}) && s.End()
}

// fastFrom decodes the JSON object at s into w, a zero wirePin.
func (w *wirePin) fastFrom(s *jsonscan.Scanner) bool {
	return fastObject(s, func(k []byte) (uint32, bool) {
		switch string(k) {
		case "id":
			return 1 << 0, fastString(s, &w.ID)
		case "pin_id":
			return 1 << 1, fastString(s, &w.PinID)
		case "owner_id":
			return 1 << 2, fastString(s, &w.OwnerID)
		case "metadata":
			s.WS()
			if s.Lit("null") {
				return 1 << 3, true
			}
			w.Metadata = new(wireMetadata)
			return 1 << 3, w.Metadata.fastFrom(s)
		}
		return w.fastMember(s, k, 4)
	})
}

// fastFrom decodes the JSON object at s into m, a zero wireMetadata.
func (m *wireMetadata) fastFrom(s *jsonscan.Scanner) bool {
	return fastObject(s, func(k []byte) (uint32, bool) {
		if string(k) == "tags" {
			return 1 << 0, fastStrings(s, &m.Tags)
		}
		return m.fastMember(s, k, 1)
	})
}

// fastMember reads the value of member k if it is one of f's, and returns
// its bit in the members seen (the first of f's is 1<<shift); any other
// member is skipped, with the bit 0.
func (f *wireFields) fastMember(s *jsonscan.Scanner, k []byte, shift uint) (uint32, bool) {
	var i uint
	var ok bool
	switch string(k) {
	case "title":
		i, ok = 0, fastStringPtr(s, &f.Title)
	case "description":
		i, ok = 1, fastStringPtr(s, &f.Description)
	case "pin_type":
		i, ok = 2, fastString(s, &f.PinType)
	case "pin_layout":
		i, ok = 3, fastString(s, &f.PinLayout)
	case "pin_config":
		i = 4
		f.PinConfig, ok = s.Value() // a slice of the answer, which the pin does not outlive
	case "content":
		i = 5
		f.Content, ok = s.Value()
	case "is_public":
		i, ok = 6, fastUnmarshal(s, &f.IsPublic)
	case "allow_edit":
		i, ok = 7, fastUnmarshal(s, &f.AllowEdit)
	case "require_sign_in":
		i, ok = 8, fastUnmarshal(s, &f.RequireSignIn)
	case "allow_comments":
		i, ok = 9, fastUnmarshal(s, &f.AllowComments)
	case "created_at":
		i, ok = 10, fastUnmarshal(s, &f.CreatedAt)
	case "updated_at":
		i, ok = 11, fastUnmarshal(s, &f.UpdatedAt)
	default:
		return 0, skipOther(s, k)
	}
	return 1 << (shift + i), ok
}

// fastObject reads a JSON object at s, handing each member name to member,
// which reads the value and returns the member's bit (0 for members it
// skips); a member seen twice gives up.
func fastObject(s *jsonscan.Scanner, member func(k []byte) (bit uint32, ok bool)) bool {
	var seen uint32
	return s.Object(func(k []byte) bool {
		bit, ok := member(k)
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
}

// skipOther skips the value of a member the decoder does not use. A name
// with capitals might match a used member case-insensitively, as
// encoding/json would match it: it gives up.
func skipOther(s *jsonscan.Scanner, k []byte) bool {
	for _, c := range k {
		if 'A' <= c && c <= 'Z' {
			return false
		}
	}
	_, ok := s.Value()
	return ok
}

// fastString reads a string, or a null (which leaves dst as it is).
func fastString[T ~string](s *jsonscan.Scanner, dst *T) bool {
	str, null, ok := fastStr(s)
	if ok && !null {
		*dst = T(str)
	}
	return ok
}

// fastStringPtr reads a string, or a null (which sets dst to nil).
func fastStringPtr(s *jsonscan.Scanner, dst **string) bool {
	str, null, ok := fastStr(s)
	if ok && !null {
		*dst = &str
	}
	return ok
}

// fastStrings reads a list of strings, or a null (which sets dst to nil).
// A null element gives up.
func fastStrings(s *jsonscan.Scanner, dst *[]string) bool {
	s.WS()
	if s.Lit("null") {
		return true
	}
	out := []string{}
	if !s.Array(func() bool {
		str, null, ok := fastStr(s)
		out = append(out, str)
		return ok && !null
	}) {
		return false
	}
	*dst = out
	return true
}

// fastStr reads a JSON string or null after white space.
func fastStr(s *jsonscan.Scanner) (str string, null, ok bool) {
	s.WS()
	switch {
	case s.Lit("null"):
		return "", true, true
	case s.Pos < len(s.Data) && s.Data[s.Pos] == '"':
		str, ok = s.Text()
		return str, false, ok
	}
	return "", false, false
}

// fastUnmarshal reads one value and hands it to dst's UnmarshalJSON, as
// encoding/json does (null included).
func fastUnmarshal(s *jsonscan.Scanner, dst json.Unmarshaler) bool {
	raw, ok := s.Value()
	return ok && dst.UnmarshalJSON(raw) == nil
}

// fastBoolPtr reads true, false or null (which sets dst to nil).
func fastBoolPtr(s *jsonscan.Scanner, dst **bool) bool {
	s.WS()
	switch {
	case s.Lit("null"):
		*dst = nil
	case s.Lit("true"):
		*dst = new(bool)
		**dst = true
	case s.Lit("false"):
		*dst = new(bool)
	default:
		return false
	}
	return true
}
