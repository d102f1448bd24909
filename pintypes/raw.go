package pintypes

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/pindownai/client-go/internal/schema"
)

// Raw is a pin_config kept as JSON: the config of a pin type this SDK does
// not model (legacy names such as "line-chart" or "score-gauge", or types
// newer than the SDK), or hand-written JSON for any type.
//
// Decode returns a *Raw for every type that is not Known, keeping the JSON
// byte for byte, and encoding writes it back unchanged. Raw also works for
// a known type: Validate then checks JSON against that type's schema, so a
// Raw is a valid way to send a config written as JSON.
type Raw struct {
	// Type is the pin_type.
	Type Type
	// JSON is the pin_config. Empty means absent, that is {}.
	JSON json.RawMessage
}

// PinType returns r.Type.
func (r Raw) PinType() Type { return r.Type }

// Validate reports an unknown Type (at path pin_type), JSON that is not an
// object (at pin_config) and, for a known Type, every problem the type's
// schema finds in JSON. The error is a *ValidationError.
func (r Raw) Validate() error {
	data := trimSpace(r.JSON)
	if len(data) == 0 {
		data = []byte("{}")
	}
	return checkEncoded(r.Type, data)
}

// MarshalJSON returns r.JSON, or {} if it is empty.
func (r Raw) MarshalJSON() ([]byte, error) {
	if len(trimSpace(r.JSON)) == 0 {
		return []byte("{}"), nil
	}
	if !json.Valid(r.JSON) {
		return nil, &pathError{path: schema.RootPath, err: errors.New("invalid JSON")}
	}
	return r.JSON, nil
}

// UnmarshalJSON keeps a copy of data as r.JSON; r.Type is left as it is.
func (r *Raw) UnmarshalJSON(data []byte) error {
	if r == nil {
		return errNilTarget("Raw")
	}
	r.JSON = bytes.Clone(data)
	return nil
}
