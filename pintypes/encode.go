package pintypes

import (
	"encoding/json"

	"github.com/pindownai/client-go/internal/schema"
)

// Encode encodes c as the pin_config JSON to send and validates that
// encoding, so that a caller that validates and then sends a config encodes
// it once. The error is the *ValidationError that c.Validate would return.
func Encode(c Config) (json.RawMessage, error) {
	if isNil(c) {
		return nil, invalid("", FieldError{Path: schema.RootPath, Message: "no config"})
	}
	t := c.PinType()
	data, err := json.Marshal(c)
	if err != nil {
		return nil, invalid(t, fieldErrorOf(err))
	}
	if err := checkEncoded(t, data); err != nil {
		return nil, err
	}
	return data, nil
}
