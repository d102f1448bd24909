package schema

import (
	"fmt"
	"strings"
	"time"
)

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

func (q RequiredWhen) check(m map[string]any, status Status, w *walker) {
	if status == Provisional {
		return
	}
	if v, _ := m[q.When].(string); v != q.Equals {
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
		w.push(k)
	}
	w.add(msg)
	w.path = w.path[:len(w.path)-len(keys)]
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

func (q NotBefore) check(m map[string]any, _ Status, w *walker) {
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
		w.push(q.Field)
		w.add("must not be before " + q.Other)
		w.pop()
	}
}
