package pintypes

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"

	"github.com/pindownai/client-go/internal/schema"
)

// Decode decodes the pin_config raw of a pin of type t.
//
// An empty or null raw gives the zero config of t. A type this SDK does not
// model (a legacy name such as "line-chart", or any other) gives a *Raw that
// keeps raw byte for byte. A known type gives a pointer to its struct, such
// as *StatCards, after checking that every modeled member has the JSON kind
// its Go field can hold (`"checked": "yes"` is an error at items[0].checked;
// a config that is not an object is an error at pin_config).
//
// Decode does not apply the value rules of the schema (required fields,
// enums, URLs, times, …): call Validate on the result for those. Errors are
// *ValidationError and match ErrInvalidConfig. To keep a config that does
// not decode (say, one a newer server sent), use &Raw{Type: t, JSON: raw}.
func Decode(t Type, raw json.RawMessage) (Config, error) {
	trimmed := trimSpace(raw)
	absent := len(trimmed) == 0 || bytes.Equal(trimmed, jsonNull)
	s := schema.Lookup(string(t))
	if s == nil {
		if absent {
			return &Raw{Type: t}, nil
		}
		if !json.Valid(trimmed) {
			return nil, invalid(t, FieldError{Path: schema.RootPath, Message: "invalid JSON"})
		}
		return &Raw{Type: t, JSON: bytes.Clone(raw)}, nil
	}
	cfg := newConfig(t)
	if absent {
		return cfg, nil
	}
	// The typed decoder rejects what its fields cannot hold, with the path
	// of the first problem; only then is the schema's shape check run, to
	// report every problem. Configs that decode cost one pass.
	err := cfg.(json.Unmarshaler).UnmarshalJSON(trimmed)
	if err == nil {
		return cfg, nil
	}
	v, perr := parseJSON(trimmed)
	if perr != nil {
		return nil, invalid(t, FieldError{Path: schema.RootPath, Message: "invalid JSON: " + perr.Error()})
	}
	if shapeErr := invalid(t, fieldErrors(s.Check(v, schema.Shape))...); shapeErr != nil {
		return nil, shapeErr
	}
	return nil, invalid(t, fieldErrorOf(err))
}

// Encode encodes c as the pin_config JSON to send and validates that
// encoding, so that a caller that validates and then sends a config encodes
// it once. The error is the *ValidationError that c.Validate would return.
func Encode(c Config) (json.RawMessage, error) {
	if isNil(c) {
		return nil, invalid("", FieldError{Path: schema.RootPath, Message: "no config"})
	}
	t := c.PinType()
	typed, ok := c.(interface {
		appender
		checker
	})
	if !ok { // Raw: its JSON is what there is to check
		data, err := json.Marshal(c)
		if err != nil {
			return nil, invalid(t, fieldErrorOf(err))
		}
		if err := checkEncoded(t, data); err != nil {
			return nil, err
		}
		return data, nil
	}
	// compact already: json.Marshal would only scan it again
	data, err := typed.appendJSON(make([]byte, 0, 512))
	if err != nil {
		return nil, invalid(t, fieldErrorOf(err))
	}
	if err := invalid(t, fieldErrors(checkConfig(t, typed))...); err != nil {
		return nil, err
	}
	return data, nil
}

// validate is the Validate method of the generated structs: a config that
// cannot be encoded is as invalid as one that breaks a rule.
func validate(c Config) error {
	_, err := Encode(c)
	return err
}

// checkEncoded checks the JSON encoding of a config of type t: the type
// must be known, and the JSON must satisfy the type's schema.
func checkEncoded(t Type, data []byte) error {
	var errs []FieldError
	if !t.Known() {
		errs = append(errs, FieldError{Path: "pin_type",
			Message: fmt.Sprintf("unknown pin type %q; use one of pintypes.Types()", t)})
	}
	v, err := parseJSON(data)
	switch s := schema.Lookup(string(t)); {
	case err != nil:
		errs = append(errs, FieldError{Path: schema.RootPath, Message: "invalid JSON: " + err.Error()})
	case s != nil:
		errs = append(errs, fieldErrors(s.Check(v, schema.Full))...)
	default:
		if _, ok := v.(map[string]any); !ok && v != nil {
			errs = append(errs, FieldError{Path: schema.RootPath, Message: "must be a JSON object"})
		}
	}
	return invalid(t, errs...)
}

// parseJSON decodes exactly one JSON value, numbers as json.Number.
func parseJSON(data []byte) (any, error) {
	if !slowOnly.Load() { // the one-pass scanner; encoding/json for the errors
		s := scan{Data: data}
		if v, ok := fastAnyValue(&s, 0); ok && s.End() {
			return v, nil
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return v, nil
}

func fieldErrors(ps []schema.Problem) []FieldError {
	if len(ps) == 0 {
		return nil
	}
	out := make([]FieldError, len(ps))
	for i, p := range ps {
		out[i] = FieldError{Path: p.Path, Message: p.Message}
	}
	return out
}

// Equal reports whether a and b are configs of the same pin type that
// encode to the same JSON value (members in any order). A typed config and
// a Raw of the same type are equal when their JSON is. Equal suits tests:
// cmp.Diff(want, got, cmp.Comparer(pintypes.Equal)) compares Config fields
// without looking at the unexported decoding state of the structs.
func Equal(a, b Config) bool {
	if isNil(a) || isNil(b) {
		return isNil(a) && isNil(b)
	}
	if a.PinType() != b.PinType() {
		return false
	}
	va, errA := encodeValue(a)
	vb, errB := encodeValue(b)
	return errA == nil && errB == nil && reflect.DeepEqual(va, vb)
}

func isNil(c Config) bool {
	if c == nil {
		return true
	}
	v := reflect.ValueOf(c)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

func encodeValue(c Config) (any, error) {
	data, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	return parseJSON(data)
}
