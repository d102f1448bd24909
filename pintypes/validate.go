package pintypes

import (
	"fmt"

	"github.com/pindownai/client-go/internal/schema"
)

// validate is the Validate method of the generated structs: the config is
// encoded and its JSON checked against the schema, as Encode does. A config
// that cannot be encoded is as invalid as one that breaks a rule.
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
