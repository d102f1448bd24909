package pintypes

import (
	"encoding/json"
	"reflect"
	"unsafe"
)

// json.Marshal reports a value that contains itself, but cannot see a cycle
// that passes through the MarshalJSON method of one of this package's
// structs (a config inside its own any field): each such call starts a new
// json.Marshal, and the recursion would go on until the stack overflows. So
// the values of fields that hold interfaces are checked for cycles before
// they are encoded.

// visit is a pointer, map or slice on the path being walked.
type visit struct {
	ptr unsafe.Pointer
	typ reflect.Type
	len int
}

// checkCycles returns the error json.Marshal gives for a cycle if v
// contains itself, following what json.Marshal encodes: pointers, maps,
// slices, arrays, interfaces and exported struct fields.
func checkCycles(v reflect.Value, onPath map[visit]bool) error {
	switch v.Kind() {
	case reflect.Interface:
		if !v.IsNil() {
			return checkCycles(v.Elem(), onPath)
		}
	case reflect.Pointer, reflect.Map, reflect.Slice:
		if v.IsNil() {
			return nil
		}
		key := visit{v.UnsafePointer(), v.Type(), 0}
		if v.Kind() == reflect.Slice {
			key.len = v.Len()
		}
		if onPath[key] {
			return &json.UnsupportedValueError{Value: v, Str: "encountered a cycle via " + v.Type().String()}
		}
		onPath[key] = true
		defer delete(onPath, key)
		return checkElems(v, onPath)
	case reflect.Array, reflect.Struct:
		return checkElems(v, onPath)
	}
	return nil
}

// checkElems checks the values v holds: its pointee, map values, elements or
// exported fields.
func checkElems(v reflect.Value, onPath map[visit]bool) error {
	switch v.Kind() {
	case reflect.Pointer:
		return checkCycles(v.Elem(), onPath)
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if err := checkCycles(it.Value(), onPath); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if err := checkCycles(v.Index(i), onPath); err != nil {
				return err
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			if err := checkCycles(v.Field(i), onPath); err != nil {
				return err
			}
		}
	}
	return nil
}
