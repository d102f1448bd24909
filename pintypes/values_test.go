package pintypes

import (
	"encoding/json"
	"math"
	"math/rand"
	"reflect"
	"testing"
	"time"
	"unsafe"
)

// These tests build configs in Go, as callers do, rather than by decoding
// JSON: values of any Go type in fields typed any, invalid UTF-8, nil and
// empty lists, presence bits that decoding would set, legacy column names,
// Extra members. For each, the typed validator must agree with the JSON one
// on the encoding, and MarshalJSON with json.Marshal.

func TestGoValues(t *testing.T) {
	for i := range Types() {
		for seed := range int64(150) {
			checkGoValue(t, uint8(i), seed)
		}
	}
}

func FuzzGoValues(f *testing.F) {
	f.Add(uint8(0), int64(1))
	f.Add(uint8(5), int64(7))
	f.Fuzz(checkGoValue)
}

func checkGoValue(t *testing.T, typ uint8, seed int64) {
	types := Types()
	pt := types[int(typ)%len(types)]
	cfg := newConfig(pt)
	g := &filler{r: rand.New(rand.NewSource(seed))}
	g.fill(reflect.ValueOf(cfg).Elem(), 0)

	enc, err := json.Marshal(cfg)
	if err != nil {
		if _, encErr := Encode(cfg); encErr == nil {
			t.Fatalf("%s seed %d: json.Marshal fails (%v), Encode does not", pt, seed, err)
		}
		return
	}
	own, err := cfg.(json.Marshaler).MarshalJSON()
	if err != nil || string(own) != string(enc) {
		t.Fatalf("%s seed %d: MarshalJSON wrote %s (%v), json.Marshal %s", pt, seed, own, err, enc)
	}
	got, typedErr := Encode(cfg)
	if typedErr == nil && string(got) != string(enc) {
		t.Fatalf("%s seed %d: Encode wrote %s, json.Marshal %s", pt, seed, got, enc)
	}
	asJSON := Raw{Type: pt, JSON: enc}.Validate()
	if errString(typedErr) != errString(asJSON) {
		t.Fatalf("%s seed %d: typed validation %q, JSON validation %q, of %s", pt, seed, errString(typedErr), errString(asJSON), enc)
	}
	if errString(cfg.Validate()) != errString(typedErr) {
		t.Fatalf("%s seed %d: Validate %q, Encode %q", pt, seed, errString(cfg.Validate()), errString(typedErr))
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// filler fills Go values at random from small pools of awkward values.
type filler struct{ r *rand.Rand }

var (
	fillStrings = []string{"", "a", "up", "down", "left", "image", "embed", "text", "user",
		"https://example.com/a?b=<c>&d", "ftp://x.test", "x.test", "2026-01-02", "2026-01-01T00:00:00Z",
		"2025-12-31T23:00:00-02:00", "soon", "a\xff", "a\xfe\xfd", "\u2028", "é", "\x00", `"q"`, "label"}
	fillKeys = []string{"id", "name", "label", "type", "url", "mediaType", "a b", "", "\xff", "<k>",
		"start", "end", "fileId", "imageConfig"}
	fillRaws = []string{`null`, `1`, `"s"`, `"<&>"`, `{"a": 1}`, ` [1, 2] `, `"\u2028"`, `""`, `true`,
		`{"url":"https://a.test"}`, "\"\xff\"", ``, `7`}
)

func (g *filler) pick(n int) int { return g.r.Intn(n) }

// anyValue returns a value for a field typed any: JSON's own types and
// others that encode to JSON.
func (g *filler) anyValue(depth int) any {
	switch g.pick(20) {
	case 0:
		return nil
	case 1:
		return g.pick(5) - 2
	case 2:
		return []float64{0, math.Copysign(0, -1), 1e21, 1e-7, 0.1, -5e-324}[g.pick(6)]
	case 3:
		return json.Number([]string{"1", "1.50", "-0", "1e400", "2e3"}[g.pick(5)])
	case 4:
		return g.pick(2) == 0
	case 5, 6:
		if depth > 2 {
			return nil
		}
		m := map[string]any{}
		for range g.pick(3) {
			m[fillKeys[g.pick(len(fillKeys))]] = g.anyValue(depth + 1)
		}
		return m
	case 7, 8:
		if depth > 2 {
			return nil
		}
		a := make([]any, g.pick(3))
		for i := range a {
			a[i] = g.anyValue(depth + 1)
		}
		return a
	case 9:
		return time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	case 10:
		return []string{"a", "<"}
	case 11:
		return map[string]int{"b": 1, "a": 2}
	case 12:
		return float32(0.1)
	case 13:
		return []any(nil)
	case 14:
		return map[string]any(nil)
	case 15:
		return struct{ A int }{1}
	case 16:
		return json.RawMessage(`{"z":1, "a":"<"}`)
	case 17:
		return (*TableColumn)(nil)
	case 18:
		return &StatCard{Title: "t"}
	}
	return fillStrings[g.pick(len(fillStrings))]
}

func (g *filler) fill(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(fillStrings[g.pick(len(fillStrings))])
	case reflect.Bool:
		v.SetBool(g.pick(2) == 0)
	case reflect.Int:
		v.SetInt(int64([]int{0, 0, 1, -1, 5, math.MaxInt}[g.pick(6)]))
	case reflect.Float64:
		v.SetFloat([]float64{0, 1e21, 0.5, -3, 1e-7}[g.pick(5)])
	case reflect.Interface:
		if a := g.anyValue(depth); a != nil {
			v.Set(reflect.ValueOf(a))
		}
	case reflect.Pointer:
		if g.pick(2) == 0 && depth < 4 {
			p := reflect.New(v.Type().Elem())
			g.fill(p.Elem(), depth+1)
			v.Set(p)
		}
	case reflect.Slice:
		switch g.pick(4) {
		case 0: // nil
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			s := reflect.MakeSlice(v.Type(), 1+g.pick(3), 3)
			for i := range s.Len() {
				if g.pick(8) > 0 || s.Index(i).Kind() != reflect.Map { // sometimes a nil row
					g.fill(s.Index(i), depth+1)
				}
			}
			v.Set(s)
		}
	case reflect.Map:
		if g.pick(3) == 0 {
			return
		}
		m := reflect.MakeMap(v.Type())
		for range 1 + g.pick(3) {
			var e reflect.Value
			if v.Type().Elem() == reflect.TypeFor[json.RawMessage]() {
				e = reflect.ValueOf(json.RawMessage(fillRaws[g.pick(len(fillRaws))]))
			} else {
				e = reflect.New(v.Type().Elem()).Elem()
				g.fill(e, depth+1)
			}
			m.SetMapIndex(reflect.ValueOf(fillKeys[g.pick(len(fillKeys))]).Convert(v.Type().Key()), e)
		}
		v.Set(m)
	case reflect.Struct:
		g.fillStruct(v, depth)
	}
}

// fillStruct fills a generated struct: its exported fields, and the
// presence bits and legacy names decoding would have set.
func (g *filler) fillStruct(v reflect.Value, depth int) {
	t := v.Type()
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && g.pick(3) > 0 {
			g.fill(v.Field(i), depth)
		}
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.IsExported() {
			continue
		}
		field := reflect.NewAt(f.Type, unsafe.Pointer(v.Field(i).UnsafeAddr())).Elem()
		switch f.Type {
		case reflect.TypeFor[presence]():
			var p presence
			for j := range t.NumField() {
				if n := g.pick(4); n < 2 {
					p.mark(j, n == 0)
				}
			}
			field.Set(reflect.ValueOf(p))
		case reflect.TypeFor[legacy]():
			// Decoding sets a legacy name only with the field present (Name, 1).
			seen := v.FieldByName("seen")
			if (seen.Field(0).Uint()|seen.Field(1).Uint())&(1<<1) != 0 && g.pick(2) == 0 {
				l := legacy{used: true, value: fillStrings[g.pick(len(fillStrings))]}
				if g.pick(2) == 0 {
					l.value = v.FieldByName("Name").String()
				}
				field.Set(reflect.ValueOf(l))
			}
		}
	}
}
