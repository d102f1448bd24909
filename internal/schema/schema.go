// Package schema is the single source of truth for the pin_config schemas of
// the 27 pin types: a hand-written table (table.go) of every type's fields,
// kinds, rules and documentation, and a generic validator (validate.go) that
// checks a decoded JSON value against it.
//
// The generator in internal/gen reads the table to write the Go types of
// package pintypes and the builders of package pindown; pintypes validates
// every config with Check, over the config's JSON form. When the public
// reference publishes a missing schema, editing the table and running
// `go generate ./...` updates all of them.
package schema

import (
	"fmt"
	"strings"
)

// Status says how much of a type or field the public reference documents,
// and so how strictly it is validated (see spec/PIN_TYPES.md).
type Status int

// The statuses, from strictest to loosest. Inherit, the zero value, is only
// used on fields: the field takes the status of the pin type that holds it.
const (
	Inherit Status = iota
	Documented
	Partial
	Provisional
)

// String returns the status as PIN_TYPES.md spells it.
func (s Status) String() string {
	switch s {
	case Documented:
		return "documented"
	case Partial:
		return "partial"
	case Provisional:
		return "provisional"
	}
	return "inherit"
}

// Kind is the JSON kind of a field and how its Go type is derived.
type Kind int

// The kinds a field can have.
const (
	KindString Kind = iota + 1 // a JSON string; Go string (or the Enum's type)
	KindURL                    // a string that, when non-empty, is an absolute http(s) URL
	KindTime                   // a string in RFC 3339 or a plain YYYY-MM-DD date; Go pintypes.Time
	KindBool                   // true or false
	KindInt                    // a JSON number with an integral value that fits a Go int
	KindNumber                 // any JSON number; Go float64
	KindAny                    // any JSON value, null included; Go any
	KindScalar                 // a string, number, bool or null; Go any (only as a map value)
	KindObject                 // a JSON object with the fields of Field.Object
	KindList                   // a JSON array of Field.Elem
	KindMap                    // a JSON object whose member values are Field.Elem
)

// String names the kind the way validation messages do.
func (k Kind) String() string {
	switch k {
	case KindString, KindURL, KindTime:
		return "a string"
	case KindBool:
		return "a boolean"
	case KindInt:
		return "an integer"
	case KindNumber:
		return "a number"
	case KindScalar:
		return "a string, number, boolean or null"
	case KindObject, KindMap:
		return "an object"
	case KindList:
		return "a list"
	}
	return "a JSON value"
}

// Schema is the pin_config schema of one pin type.
type Schema struct {
	Type      string  // the pin_type, e.g. "stat-cards"
	TypeConst string  // the pintypes constant naming the type, e.g. "TypeStatCards"
	Builder   string  // the pindown builder method, e.g. "CreateStatCards"
	Status    Status  // documented, partial or provisional
	Root      *Object // the fields of pin_config
}

// Object describes a JSON object: the top level of a pin_config or a nested
// object. Nested objects can be shared by several fields and types.
type Object struct {
	GoName string   // the Go struct's name
	Doc    string   // the struct's doc comment, without the status line
	Fields []*Field // the members, in the order they are encoded
	Rules  []Rule   // cross-field rules checked on this object
}

// Field is one member of an Object, or (without JSON and Go names) the element
// of a List or Map.
type Field struct {
	JSON   string // the member name in pin_config, camelCase
	Go     string // the Go field name
	Kind   Kind   // the JSON kind and Go type
	Doc    string // doc text; the generator adds the rules and the status
	Status Status // Inherit: the status of the pin type holding the field

	// Alias is an older member name decoded into this field when JSON is
	// absent, and written back when the value did not change (table
	// columns' "label").
	Alias string

	Required bool  // must be present and not null (not for provisional fields)
	NonEmpty bool  // a string must not be "" (not for provisional fields)
	MinItems int   // a list must have at least this many elements (not for provisional fields)
	Chars    int   // a non-empty string must be exactly this many characters (a shape rule: always checked)
	Min      *int  // the least value of an Int (a shape rule: always checked)
	Unique   bool  // among the objects of the enclosing list, no two have the same value (not for provisional fields)
	Enum     *Enum // the values of a String field

	Object *Object // the fields of an Object, or of the Object elements of a List
	Elem   *Field  // the element of a List or the member value of a Map
	Named  string  // for a Map: the name of a named Go map type (e.g. "Row"); NamedDoc documents it
	// NamedDoc is the doc comment of the named type Named.
	NamedDoc string
}

// Enum is the set of values of a string field, with the Go type and constants
// generated for it.
type Enum struct {
	GoType string // the string type, e.g. "Trend"
	Doc    string // the type's doc comment
	// Strict enums reject any other value (documented and partial fields
	// only); open enums merely name the values known today.
	Strict bool
	Values []EnumValue // the known values, in order
}

// EnumValue is one value of an Enum and its Go constant.
type EnumValue struct {
	Value string // the JSON value, e.g. "up"
	Const string // the Go constant, e.g. "TrendUp"
	Doc   string // the constant's doc comment
}

// values returns the JSON values of the enum, in order.
func (e *Enum) values() []string {
	out := make([]string, len(e.Values))
	for i, v := range e.Values {
		out[i] = v.Value
	}
	return out
}

// has reports whether s is one of the enum's values.
func (e *Enum) has(s string) bool {
	for _, v := range e.Values {
		if v.Value == s {
			return true
		}
	}
	return false
}

// Effective returns the status that applies to f inside a type of status
// typeStatus.
func (f *Field) Effective(typeStatus Status) Status {
	if f.Status != Inherit {
		return f.Status
	}
	return typeStatus
}

// Rule is a cross-field rule checked on an object. RequiredWhen and NotBefore
// are the rules the table uses.
type Rule interface {
	// Doc describes the rule in a sentence for generated doc comments.
	Doc() string
	// check reports the rule's problems for the object m, found at the
	// path w is walking.
	check(m map[string]any, status Status, w *walker)
}

// Lookup returns the schema of pin type t, or nil if t is not one of the 27.
func Lookup(t string) *Schema {
	for _, s := range table {
		if s.Type == t {
			return s
		}
	}
	return nil
}

// All returns the 27 schemas in the public reference's order.
func All() []*Schema {
	out := make([]*Schema, len(table))
	copy(out, table)
	return out
}

func intp(n int) *int { return &n }

// RuleDoc describes in a sentence what validation checks of f inside a pin
// type of status typeStatus, or returns "" if it checks only the JSON kind.
// Generated doc comments use it, so the docs say what Check does.
func (f *Field) RuleDoc(typeStatus Status) string {
	st := f.Effective(typeStatus)
	strict := st != Provisional
	var parts []string
	if f.Required && strict {
		switch {
		case f.NonEmpty:
			parts = append(parts, "Required, non-empty.")
		case f.MinItems == 1:
			parts = append(parts, "Required, at least 1 item.")
		case f.MinItems > 1:
			parts = append(parts, fmt.Sprintf("Required, at least %d items.", f.MinItems))
		default:
			parts = append(parts, "Required.")
		}
	}
	if f.Unique && strict {
		parts = append(parts, "Unique among the list's items.")
	}
	if f.Chars > 0 {
		parts = append(parts, "When set, exactly "+f.charsText()+".")
	}
	switch f.Kind {
	case KindURL:
		parts = append(parts, "When set, an absolute http(s) URL.")
	case KindTime:
		parts = append(parts, "When set, an RFC 3339 time or a YYYY-MM-DD date (see TimeOf and DateOf).")
	case KindInt:
		if f.Min != nil {
			if *f.Min == 0 {
				parts = append(parts, "Not negative.")
			} else {
				parts = append(parts, fmt.Sprintf("At least %d when set.", *f.Min))
			}
		}
	}
	if e := f.Enum; e != nil {
		if e.Strict && strict {
			parts = append(parts, "One of "+strings.Join(e.values(), ", ")+".")
		} else {
			parts = append(parts, "An open set: any value is accepted.")
		}
	}
	return strings.Join(parts, " ")
}

// charsText spells the length Chars asks for: "one character", "2 characters".
func (f *Field) charsText() string {
	if f.Chars == 1 {
		return "one character"
	}
	return fmt.Sprintf("%d characters", f.Chars)
}
