package pintypes

import (
	"encoding/json"
	"reflect"
)

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
