package pintypes

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

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
	absent := len(trimmed) == 0 || isNull(trimmed)
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
	v, err := parseJSON(trimmed)
	if err != nil {
		return nil, invalid(t, FieldError{Path: schema.RootPath, Message: "invalid JSON: " + err.Error()})
	}
	if err := readObject(v, cfg.(object)); err != nil {
		// Reading stops at the first problem; the schema's shape check
		// reports them all, with their paths.
		if shapeErr := invalid(t, fieldErrors(s.Check(v, schema.Shape))...); shapeErr != nil {
			return nil, shapeErr
		}
		return nil, invalid(t, fieldErrorOf(err))
	}
	return cfg, nil
}

// parseJSON decodes exactly one JSON value, numbers as json.Number.
func parseJSON(data []byte) (any, error) {
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
