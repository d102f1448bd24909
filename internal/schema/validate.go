package schema

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
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
	// absolute http(s) URLs, RFC 3339 times or plain dates, integer minimums
	// and end not before start (all statuses). Validation uses it.
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
// found, in document order.
func (s *Schema) Check(v any, mode Mode) []Problem {
	if v == nil {
		v = map[string]any{}
	}
	r := &reporter{mode: mode}
	checkObject(s.Root, v, "", s.Status, r)
	return r.out
}

type reporter struct {
	mode Mode
	out  []Problem
}

func (r *reporter) full() bool { return r.mode == Full }

func (r *reporter) add(path, msg string) {
	if path == "" {
		path = RootPath
	}
	r.out = append(r.out, Problem{Path: path, Message: msg})
}

func checkObject(o *Object, v any, path string, status Status, r *reporter) {
	m, ok := v.(map[string]any)
	if !ok {
		if path == "" {
			r.add(path, "must be a JSON object")
		} else {
			r.add(path, "must be an object")
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
		p := Join(path, key)
		if !present || val == nil {
			if r.full() && f.Required && st != Provisional {
				r.add(p, "required")
			}
			continue
		}
		checkValue(f, val, p, st, r)
	}
	if r.full() {
		for _, rule := range o.Rules {
			rule.check(m, path, status, r)
		}
	}
}

func checkValue(f *Field, v any, path string, st Status, r *reporter) {
	strict := st != Provisional
	switch f.Kind {
	case KindString, KindURL, KindTime:
		s, ok := v.(string)
		if !ok {
			r.add(path, "must be "+f.Kind.String())
			return
		}
		if !r.full() {
			return
		}
		if s == "" {
			if f.NonEmpty && strict {
				r.add(path, "must not be empty")
			}
			return
		}
		switch f.Kind {
		case KindURL:
			if !ValidURL(s) {
				r.add(path, "must be an absolute http or https URL")
			}
		case KindTime:
			if _, _, err := ParseTime(s); err != nil {
				r.add(path, "must be an RFC 3339 time or a YYYY-MM-DD date")
			}
		}
		if e := f.Enum; e != nil && e.Strict && strict && !slices.Contains(e.values(), s) {
			r.add(path, "must be one of "+strings.Join(e.values(), ", "))
		}
	case KindBool:
		if _, ok := v.(bool); !ok {
			r.add(path, "must be "+f.Kind.String())
		}
	case KindInt:
		lit, ok := numberLiteral(v)
		if !ok {
			r.add(path, "must be "+f.Kind.String())
			return
		}
		n, err := ParseInt(lit)
		if err != nil {
			r.add(path, err.Error())
			return
		}
		if r.full() && f.Min != nil && n < *f.Min {
			if *f.Min == 0 {
				r.add(path, "must not be negative")
			} else {
				r.add(path, fmt.Sprintf("must be at least %d", *f.Min))
			}
		}
	case KindNumber:
		if _, ok := numberLiteral(v); !ok {
			r.add(path, "must be "+f.Kind.String())
		}
	case KindAny:
	case KindScalar:
		if !r.full() {
			return
		}
		switch v.(type) {
		case nil, string, bool, json.Number, float64:
		default:
			r.add(path, "must be "+f.Kind.String())
		}
	case KindObject:
		checkObject(f.Object, v, path, st, r)
	case KindList:
		a, ok := v.([]any)
		if !ok {
			r.add(path, "must be "+f.Kind.String())
			return
		}
		if r.full() && strict && len(a) < f.MinItems {
			if f.MinItems == 1 {
				r.add(path, "must have at least 1 item")
			} else {
				r.add(path, fmt.Sprintf("must have at least %d items", f.MinItems))
			}
		}
		var uniq *uniqueness
		if r.full() && strict && f.Elem.Kind == KindObject {
			uniq = newUniqueness(f.Elem.Object, st)
		}
		for i, e := range a {
			ep := Index(path, i)
			if e == nil && !f.Elem.Nullable() {
				r.add(ep, "must be "+f.Elem.Kind.String())
				continue
			}
			checkValue(f.Elem, e, ep, st, r)
			uniq.check(e, path, i, r)
		}
	case KindMap:
		m, ok := v.(map[string]any)
		if !ok {
			r.add(path, "must be "+f.Kind.String())
			return
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			e, ep := m[k], Join(path, k)
			if e == nil && !f.Elem.Nullable() {
				r.add(ep, "must be "+f.Elem.Kind.String())
				continue
			}
			checkValue(f.Elem, e, ep, st, r)
		}
	}
}

// uniqueness tracks the values of the Unique fields of a list's objects.
type uniqueness struct {
	fields []string
	seen   []map[string]int // per field: value → index of the first object with it
}

func newUniqueness(o *Object, st Status) *uniqueness {
	u := &uniqueness{}
	for _, f := range o.Fields {
		if f.Unique && f.Effective(st) != Provisional {
			u.fields = append(u.fields, f.JSON)
			u.seen = append(u.seen, map[string]int{})
		}
	}
	if len(u.fields) == 0 {
		return nil
	}
	return u
}

// check reports the element e at index i of the list at path if it repeats
// the value of a Unique field of an earlier element.
func (u *uniqueness) check(e any, path string, i int, r *reporter) {
	if u == nil {
		return
	}
	m, _ := e.(map[string]any)
	for k, name := range u.fields {
		s, _ := m[name].(string)
		if s == "" {
			continue
		}
		if j, dup := u.seen[k][s]; dup {
			r.add(Join(Index(path, i), name),
				fmt.Sprintf("must be unique: %q is also the %s of %s", s, name, Index(path, j)))
			continue
		}
		u.seen[k][s] = i
	}
}

// Nullable reports whether a null is a value of f (rather than the absence
// of one): true for Any and Scalar.
func (f *Field) Nullable() bool { return f.Kind == KindAny || f.Kind == KindScalar }

// numberLiteral returns the literal of a JSON number decoded with UseNumber
// (or, for callers that did not, a float64).
func numberLiteral(v any) (string, bool) {
	switch n := v.(type) {
	case json.Number:
		return string(n), true
	case float64:
		return strconv.FormatFloat(n, 'g', -1, 64), true
	}
	return "", false
}

// ParseInt returns the value of a JSON number literal if it is an integer
// that fits in a Go int. Integral literals in other notations ("2.0", "1e3")
// count. The error is a validation message.
func ParseInt(lit string) (int, error) {
	if n, err := strconv.ParseInt(lit, 10, 0); err == nil {
		return int(n), nil
	}
	f, err := strconv.ParseFloat(lit, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange), f != math.Trunc(f):
		return 0, errors.New("must be an integer")
	case err != nil, f < math.MinInt, f >= -math.MinInt:
		return 0, errors.New("must be an integer that fits in a Go int")
	}
	return int(f), nil
}

// ValidURL reports whether s is an absolute http or https URL with a host.
func ValidURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	return strings.EqualFold(u.Scheme, "http") || strings.EqualFold(u.Scheme, "https")
}

// DateLayout is the layout of plain dates.
const DateLayout = "2006-01-02"

// ParseTime parses an RFC 3339 time or a plain YYYY-MM-DD date (returned as
// midnight UTC, with dateOnly set).
func ParseTime(s string) (t time.Time, dateOnly bool, err error) {
	if t, err = time.Parse(time.RFC3339, s); err == nil {
		return t, false, nil
	}
	if t, err = time.Parse(DateLayout, s); err == nil {
		return t, true, nil
	}
	return time.Time{}, false, fmt.Errorf("%q is neither an RFC 3339 time nor a YYYY-MM-DD date", s)
}

var identifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$-]*$`)

// Join appends a member name to a path: a.b, or a["odd key"] for names
// that are not identifiers.
func Join(path, key string) string {
	if !identifier.MatchString(key) {
		return path + "[" + strconv.Quote(key) + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

// Index appends a list index to a path: a[2].
func Index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// RequiredWhen requires Field (a dotted path below the object) to be
// present and non-empty when the member When equals Equals; a non-empty
// Alt may stand in for it. It is not applied to provisional types.
type RequiredWhen struct {
	Field, Alt   string // dotted paths below the object: the required field and its stand-in
	When, Equals string // the member deciding, and the value that makes Field required
}

// Doc describes the rule.
func (q RequiredWhen) Doc() string {
	s := fmt.Sprintf("%s is required when %s is %q", q.Field, q.When, q.Equals)
	if q.Alt != "" {
		s += fmt.Sprintf(", unless %s is set", q.Alt)
	}
	return s + "."
}

func (q RequiredWhen) check(m map[string]any, path string, status Status, r *reporter) {
	if status == Provisional {
		return
	}
	if w, _ := m[q.When].(string); w != q.Equals {
		return
	}
	if isSet(lookup(m, q.Field)) || (q.Alt != "" && isSet(lookup(m, q.Alt))) {
		return
	}
	msg := fmt.Sprintf("required when %s is %s", q.When, q.Equals)
	if q.Alt != "" {
		msg += fmt.Sprintf(" (or set %s)", q.Alt)
	}
	p := path
	for _, k := range strings.Split(q.Field, ".") {
		p = Join(p, k)
	}
	r.add(p, msg)
}

func isSet(v any) bool { return v != nil && v != "" }

func lookup(m map[string]any, dotted string) any {
	var v any = m
	for _, k := range strings.Split(dotted, ".") {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = mm[k]
	}
	return v
}

// NotBefore requires the time Field not to be before the time Other when
// both are set and valid. When either is a plain date, only the dates are
// compared. It is a shape rule, applied to every status.
type NotBefore struct {
	Field, Other string // the later time (where problems are reported) and the earlier one
}

// Doc describes the rule.
func (q NotBefore) Doc() string {
	return fmt.Sprintf("%s must not be before %s.", q.Field, q.Other)
}

func (q NotBefore) check(m map[string]any, path string, _ Status, r *reporter) {
	a, _ := m[q.Field].(string)
	b, _ := m[q.Other].(string)
	if a == "" || b == "" {
		return
	}
	ta, da, errA := ParseTime(a)
	tb, db, errB := ParseTime(b)
	if errA != nil || errB != nil {
		return
	}
	if da || db {
		ya, ma, dda := ta.Date()
		yb, mb, ddb := tb.Date()
		ta = time.Date(ya, ma, dda, 0, 0, 0, 0, time.UTC)
		tb = time.Date(yb, mb, ddb, 0, 0, 0, 0, time.UTC)
	}
	if ta.Before(tb) {
		r.add(Join(path, q.Field), "must not be before "+q.Other)
	}
}
