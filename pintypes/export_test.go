package pintypes

import "encoding/json"

// DecodeSlow is Decode with the one-pass decoder turned off: every object
// is decoded by the generated unmarshalSlow methods.
func DecodeSlow(t Type, raw json.RawMessage) (Config, error) {
	slowOnly.Store(true)
	defer slowOnly.Store(false)
	return Decode(t, raw)
}

// UnmarshalSlow is c.UnmarshalJSON(data) with the one-pass decoder turned off.
func UnmarshalSlow(c json.Unmarshaler, data []byte) error {
	slowOnly.Store(true)
	defer slowOnly.Store(false)
	return c.UnmarshalJSON(data)
}

// NewConfig returns a pointer to the zero config of t, or nil.
func NewConfig(t Type) Config { return newConfig(t) }
