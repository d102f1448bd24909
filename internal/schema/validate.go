package schema

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
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
	r := NewReporter(mode)
	r.object(s.Root, v, s.Status)
	return r.Problems()
}

// Reporter collects the problems of one config as it is walked, by Check
// over decoded JSON or by the typed walker of package pintypes over Go
// values. Both report through the same checks below, so they agree.
//
// It keeps the path being walked as a stack of steps, spelled out only when
// a problem is reported there: most checks find nothing, and joining every
// path cost more than the checks.
type Reporter struct {
	mode  Mode
	out   []Problem
	path  []step
	steps [8]step // path's first array: configs are rarely deeper
}

// step is a member name, or a list index when index is not -1.
type step struct {
	key   string
	index int
}

// NewReporter returns a Reporter checking in mode.
func NewReporter(mode Mode) *Reporter {
	r := &Reporter{mode: mode}
	r.path = r.steps[:0]
	return r
}

// Problems returns the problems reported, in the order reported.
func (r *Reporter) Problems() []Problem { return r.out }

func (r *Reporter) full() bool { return r.mode == Full }

// Push enters the member key of the object being walked.
func (r *Reporter) Push(key string) { r.path = append(r.path, step{key: key, index: -1}) }

// PushIndex enters the element i of the list being walked.
func (r *Reporter) PushIndex(i int) { r.path = append(r.path, step{index: i}) }

// Pop leaves the member or element last entered.
func (r *Reporter) Pop() { r.path = r.path[:len(r.path)-1] }

// where spells the path being walked ("" for the root).
func (r *Reporter) where() string { return spell(r.path) }

// spell spells a path as Join and Index do.
func spell(path []step) string {
	var p string
	for _, s := range path {
		if s.index >= 0 {
			p = Index(p, s.index)
		} else {
			p = Join(p, s.key)
		}
	}
	return p
}

// add reports a problem at the path being walked.
func (r *Reporter) add(msg string) {
	path := r.where()
	if path == "" {
		path = RootPath
	}
	r.out = append(r.out, Problem{Path: path, Message: msg})
}

func (r *Reporter) object(o *Object, v any, status Status) {
	m, ok := v.(map[string]any)
	if !ok {
		if len(r.path) == 0 {
			r.add("must be a JSON object")
		} else {
			r.add("must be an object")
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
		r.Push(key)
		if !present || val == nil {
			r.Absent(f, st)
		} else {
			r.Value(f, val, st)
		}
		r.Pop()
	}
	r.Rules(o, m, status)
}

// Absent checks the field f, of status st (its effective status), at the
// path being walked, where it is absent or null.
func (r *Reporter) Absent(f *Field, st Status) {
	if r.full() && f.Required && st != Provisional {
		r.add("required")
	}
}

// Value checks v, the value of f (of effective status st) decoded by
// encoding/json with UseNumber, at the path being walked.
func (r *Reporter) Value(f *Field, v any, st Status) {
	switch f.Kind {
	case KindString, KindURL, KindTime:
		s, ok := v.(string)
		if !ok {
			r.add("must be " + f.Kind.String())
			return
		}
		r.String(f, s, st)
	case KindBool:
		if _, ok := v.(bool); !ok {
			r.add("must be " + f.Kind.String())
		}
	case KindInt:
		lit, ok := numberLiteral(v)
		if !ok {
			r.add("must be " + f.Kind.String())
			return
		}
		n, err := ParseInt(lit)
		if err != nil {
			r.add(err.Error())
			return
		}
		r.Int(f, n)
	case KindNumber:
		if _, ok := numberLiteral(v); !ok {
			r.add("must be " + f.Kind.String())
		}
	case KindAny:
	case KindScalar:
		if !r.full() {
			return
		}
		switch v.(type) {
		case nil, string, bool, json.Number, float64:
		default:
			r.add("must be " + f.Kind.String())
		}
	case KindObject:
		r.object(f.Object, v, st)
	case KindList:
		a, ok := v.([]any)
		if !ok {
			r.add("must be " + f.Kind.String())
			return
		}
		r.Len(f, len(a), st)
		uniq := r.NewUniqueness(f, st)
		for i, e := range a {
			r.PushIndex(i)
			if e == nil && !f.Elem.Nullable() {
				r.add("must be " + f.Elem.Kind.String())
			} else {
				r.Value(f.Elem, e, st)
			}
			m, _ := e.(map[string]any)
			uniq.Check(i, func(name string) string { s, _ := m[name].(string); return s })
			r.Pop()
		}
	case KindMap:
		m, ok := v.(map[string]any)
		if !ok {
			r.add("must be " + f.Kind.String())
			return
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			e := m[k]
			r.Push(k)
			if e == nil && !f.Elem.Nullable() {
				r.add("must be " + f.Elem.Kind.String())
			} else {
				r.Value(f.Elem, e, st)
			}
			r.Pop()
		}
	}
}

// String checks s, the value of a string field f (of effective status st).
func (r *Reporter) String(f *Field, s string, st Status) {
	if !r.full() {
		return
	}
	strict := st != Provisional
	if s == "" {
		if f.NonEmpty && strict {
			r.add("must not be empty")
		}
		return
	}
	switch f.Kind {
	case KindURL:
		if !ValidURL(s) {
			r.add("must be an absolute http or https URL")
		}
	case KindTime:
		if _, _, err := ParseTime(s); err != nil {
			r.add("must be an RFC 3339 time or a YYYY-MM-DD date")
		}
	}
	if e := f.Enum; e != nil && e.Strict && strict && !e.has(s) {
		r.add("must be one of " + strings.Join(e.values(), ", "))
	}
}

// Int checks n, the value of an integer field f.
func (r *Reporter) Int(f *Field, n int) {
	if r.full() && f.Min != nil && n < *f.Min {
		if *f.Min == 0 {
			r.add("must not be negative")
		} else {
			r.add(fmt.Sprintf("must be at least %d", *f.Min))
		}
	}
}

// Len checks n, the length of the list f (of effective status st).
func (r *Reporter) Len(f *Field, n int, st Status) {
	if r.full() && st != Provisional && n < f.MinItems {
		if f.MinItems == 1 {
			r.add("must have at least 1 item")
		} else {
			r.add(fmt.Sprintf("must have at least %d items", f.MinItems))
		}
	}
}

// Rules checks the cross-field rules of o on m, the object at the path being
// walked (of status st), in its JSON form.
func (r *Reporter) Rules(o *Object, m map[string]any, st Status) {
	if r.full() {
		for _, rule := range o.Rules {
			rule.check(m, st, r)
		}
	}
}

// Uniqueness tracks the values of the Unique fields of a list's objects.
type Uniqueness struct {
	r      *Reporter
	fields []string
	seen   []map[string]int // per field: value → index of the first object with it
}

// NewUniqueness returns the tracker of the Unique fields of the objects of
// the list f (of effective status st) being walked, or nil if there is
// nothing to track. A nil *Uniqueness checks nothing.
func (r *Reporter) NewUniqueness(f *Field, st Status) *Uniqueness {
	if !r.full() || st == Provisional || f.Elem.Kind != KindObject {
		return nil
	}
	var u *Uniqueness
	for _, ef := range f.Elem.Object.Fields {
		if ef.Unique && ef.Effective(st) != Provisional {
			if u == nil {
				u = &Uniqueness{r: r}
			}
			u.fields = append(u.fields, ef.JSON)
			u.seen = append(u.seen, map[string]int{})
		}
	}
	return u
}

// Check reports the element at index i of the list being walked, which
// the Reporter has entered, if it repeats the value of a Unique field of an
// earlier element; value returns the element's string member of a name (""
// when not a string).
func (u *Uniqueness) Check(i int, value func(name string) string) {
	if u == nil {
		return
	}
	r := u.r
	for k, name := range u.fields {
		s := value(name)
		if s == "" {
			continue
		}
		if j, dup := u.seen[k][s]; dup {
			first := Index(spell(r.path[:len(r.path)-1]), j)
			r.Push(name)
			r.add(fmt.Sprintf("must be unique: %q is also the %s of %s", s, name, first))
			r.Pop()
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

// identifier reports whether key is written bare in a path:
// [A-Za-z_$][A-Za-z0-9_$-]*.
func identifier(key string) bool {
	for i := 0; i < len(key); i++ {
		switch c := key[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_', c == '$':
		case i > 0 && ('0' <= c && c <= '9' || c == '-'):
		default:
			return false
		}
	}
	return key != ""
}

// Join appends a member name to a path: a.b, or a["odd key"] for names
// that are not identifiers.
func Join(path, key string) string {
	if !identifier(key) {
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

func (q RequiredWhen) check(m map[string]any, status Status, r *Reporter) {
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
	keys := strings.Split(q.Field, ".")
	for _, k := range keys {
		r.Push(k)
	}
	r.add(msg)
	r.path = r.path[:len(r.path)-len(keys)]
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

func (q NotBefore) check(m map[string]any, _ Status, r *Reporter) {
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
		r.Push(q.Field)
		r.add("must not be before " + q.Other)
		r.Pop()
	}
}
