package schema

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Mode selects what Check checks.
type Mode int

const (
	// Shape checks only what a Go value of the generated types cannot
	// represent: JSON kinds (a string where a string belongs, an object where
	// an object belongs, no null inside a list of objects or strings) and
	// integers that fit a Go int. Decoding uses it.
	Shape Mode = iota + 1
	// Full checks the shape and every rule the field's status allows:
	// required fields, non-empty strings, minimum list lengths, strict enums,
	// unique keys and cross-field rules (documented and partial fields only);
	// absolute http(s) URLs, RFC 3339 times or plain dates, string lengths,
	// integer minimums and end not before start (all statuses). Validation
	// uses it.
	Full
)

// Problem is one thing wrong with a config: where and what.
type Problem struct {
	Path    string // a.b[2].c; "pin_config" for the whole config
	Message string // what is wrong, such as "required"
}

// RootPath is the path of problems with the whole config.
const RootPath = "pin_config"

// Check walks v, a pin_config decoded by encoding/json with UseNumber (a nil
// v stands for an absent config, that is {}), and returns every problem
// found, in document order. It is the one validator of pin configs.
func (s *Schema) Check(v any, mode Mode) []Problem {
	if v == nil {
		v = map[string]any{}
	}
	w := &walker{mode: mode}
	w.object(s.Root, v, s.Status)
	return w.out
}

// walker collects the problems of one config as Check walks it. It keeps
// the path being walked as a stack of steps, spelled out only when a problem
// is reported there.
type walker struct {
	mode Mode
	out  []Problem
	path []step
}

func (w *walker) full() bool { return w.mode == Full }

func (w *walker) push(key string) { w.path = append(w.path, step{key: key, index: -1}) }
func (w *walker) pushIndex(i int) { w.path = append(w.path, step{index: i}) }
func (w *walker) pop()            { w.path = w.path[:len(w.path)-1] }

// add reports a problem at the path being walked.
func (w *walker) add(msg string) {
	path := spell(w.path)
	if path == "" {
		path = RootPath
	}
	w.out = append(w.out, Problem{Path: path, Message: msg})
}

// object checks v against o, at the path being walked.
func (w *walker) object(o *Object, v any, status Status) {
	m, ok := v.(map[string]any)
	if !ok {
		if len(w.path) == 0 {
			w.add("must be a JSON object")
		} else {
			w.add("must be an object")
		}
		return
	}
	for _, f := range o.Fields {
		st := f.Effective(status)
		key := f.JSON
		val, present := m[key]
		if !present && f.Alias != "" {
			if val, present = m[f.Alias]; present {
				key = f.Alias
			}
		}
		w.push(key)
		if !present || val == nil {
			w.absent(f, st)
		} else {
			w.value(f, val, st)
		}
		w.pop()
	}
	if w.full() {
		for _, rule := range o.Rules {
			rule.check(m, status, w)
		}
	}
}

// absent checks the field f, of effective status st, where it is absent or
// null.
func (w *walker) absent(f *Field, st Status) {
	if w.full() && f.Required && st != Provisional {
		w.add("required")
	}
}

// value checks v, the value of f (of effective status st).
func (w *walker) value(f *Field, v any, st Status) {
	wrongKind := func() { w.add("must be " + f.Kind.String()) }
	switch f.Kind {
	case KindString, KindURL, KindTime:
		if s, ok := v.(string); ok {
			w.str(f, s, st)
		} else {
			wrongKind()
		}
	case KindBool:
		if _, ok := v.(bool); !ok {
			wrongKind()
		}
	case KindInt:
		if n, ok := v.(json.Number); !ok {
			wrongKind()
		} else {
			w.integer(f, string(n))
		}
	case KindNumber:
		if _, ok := v.(json.Number); !ok {
			wrongKind()
		}
	case KindScalar:
		switch v.(type) {
		case nil, string, bool, json.Number:
		default:
			if w.full() {
				wrongKind()
			}
		}
	case KindObject:
		w.object(f.Object, v, st)
	case KindList:
		if a, ok := v.([]any); ok {
			w.list(f, a, st)
		} else {
			wrongKind()
		}
	case KindMap:
		if m, ok := v.(map[string]any); ok {
			w.members(f, m, st)
		} else {
			wrongKind()
		}
	}
}

// element checks e, an element of a list or a member of a map of f.
func (w *walker) element(f *Field, e any, st Status) {
	if e == nil && !f.Elem.nullable() {
		w.add("must be " + f.Elem.Kind.String())
	} else {
		w.value(f.Elem, e, st)
	}
}

// list checks a, the value of the list field f.
func (w *walker) list(f *Field, a []any, st Status) {
	if w.full() && st != Provisional && len(a) < f.MinItems {
		if f.MinItems == 1 {
			w.add("must have at least 1 item")
		} else {
			w.add(fmt.Sprintf("must have at least %d items", f.MinItems))
		}
	}
	u := w.uniqueness(f, st)
	for i, e := range a {
		w.pushIndex(i)
		w.element(f, e, st)
		u.check(w, i, e)
		w.pop()
	}
}

// members checks m, the value of the map field f, in the order of its keys.
func (w *walker) members(f *Field, m map[string]any, st Status) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		w.push(k)
		w.element(f, m[k], st)
		w.pop()
	}
}

// str checks s, the value of a string field f (of effective status st).
func (w *walker) str(f *Field, s string, st Status) {
	if !w.full() {
		return
	}
	strict := st != Provisional
	if s == "" {
		if f.NonEmpty && strict {
			w.add("must not be empty")
		}
		return
	}
	switch f.Kind {
	case KindURL:
		if !ValidURL(s) {
			w.add("must be an absolute http or https URL")
		}
	case KindTime:
		if _, _, err := ParseTime(s); err != nil {
			w.add("must be an RFC 3339 time or a YYYY-MM-DD date")
		}
	}
	if f.Chars > 0 && utf8.RuneCountInString(s) != f.Chars {
		w.add("must be " + f.charsText())
	}
	if e := f.Enum; e != nil && e.Strict && strict && !e.has(s) {
		w.add("must be one of " + strings.Join(e.values(), ", "))
	}
}

// integer checks lit, the number literal of an integer field f.
func (w *walker) integer(f *Field, lit string) {
	n, err := ParseInt(lit)
	switch {
	case err != nil:
		w.add(err.Error())
	case !w.full() || f.Min == nil || n >= *f.Min:
	case *f.Min == 0:
		w.add("must not be negative")
	default:
		w.add(fmt.Sprintf("must be at least %d", *f.Min))
	}
}

// nullable reports whether a null is a value of f (rather than the absence
// of one): true for Any and Scalar.
func (f *Field) nullable() bool { return f.Kind == KindAny || f.Kind == KindScalar }
