package schema

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTableInvariants(t *testing.T) {
	all := All()
	if len(all) != 27 {
		t.Fatalf("%d schemas, want 27", len(all))
	}
	seen := map[string]bool{}
	for _, s := range all {
		if seen[s.Type] {
			t.Errorf("%s: listed twice", s.Type)
		}
		seen[s.Type] = true
		if Lookup(s.Type) != s {
			t.Errorf("Lookup(%q) does not return its schema", s.Type)
		}
		if s.Builder != "Create"+s.Root.GoName {
			t.Errorf("%s: builder %s, want Create%s", s.Type, s.Builder, s.Root.GoName)
		}
		if s.TypeConst != "Type"+s.Root.GoName {
			t.Errorf("%s: constant %s, want Type%s", s.Type, s.TypeConst, s.Root.GoName)
		}
		if s.Status == Inherit {
			t.Errorf("%s: no status", s.Type)
		}
		walk(s.Root, s.Status, s.Type, func(path string, f *Field, st Status) {
			if f.JSON != "" {
				if f.Go == "" || f.Doc == "" {
					t.Errorf("%s: a Go name and a doc are required", path)
				}
				if strings.ContainsAny(f.JSON, "-_ ") || strings.ToLower(f.JSON[:1]) != f.JSON[:1] {
					t.Errorf("%s: member name %q is not camelCase", path, f.JSON)
				}
			}
			if st == Provisional {
				if f.Required || f.NonEmpty || f.MinItems > 0 || f.Unique {
					t.Errorf("%s: a provisional field is never required, non-empty, unique or of a minimum length", path)
				}
				if f.Enum != nil && f.Enum.Strict {
					t.Errorf("%s: a provisional field's enum is open", path)
				}
			}
		})
	}
	if Lookup("line-chart") != nil {
		t.Error("Lookup of a legacy type should be nil")
	}
}

func walk(o *Object, st Status, path string, fn func(string, *Field, Status)) {
	for _, f := range o.Fields {
		walkField(f, f.Effective(st), path+"."+f.JSON, fn)
	}
}

func walkField(f *Field, st Status, path string, fn func(string, *Field, Status)) {
	fn(path, f, st)
	if f.Object != nil {
		walk(f.Object, st, path, fn)
	}
	if f.Elem != nil {
		walkField(f.Elem, st, path+"[]", fn)
	}
}

func TestParseInt(t *testing.T) {
	for _, tc := range []struct {
		lit  string
		want int
		err  string
	}{
		{"0", 0, ""},
		{"-5", -5, ""},
		{"2.0", 2, ""},
		{"1e3", 1000, ""},
		{"-0", 0, ""},
		{"1.5", 0, "must be an integer"},
		{"1e400", 0, "fits in a Go int"},
		{"9223372036854775808", 0, "fits in a Go int"},
		{"9223372036854775807", 9223372036854775807, ""},
		{"abc", 0, "must be an integer"},
	} {
		got, err := ParseInt(tc.lit)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseInt(%q) error = %v, want %q", tc.lit, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseInt(%q) = %d, %v; want %d", tc.lit, got, err, tc.want)
		}
	}
}

func TestValidURL(t *testing.T) {
	for s, want := range map[string]bool{
		"https://example.com/a.png": true,
		"HTTP://example.com":        true,
		"http://localhost:8080/x":   true,
		"/launch.png":               false,
		"notaurl":                   false,
		"ftp://example.com":         false,
		"https://":                  false,
		"mailto:a@example.com":      false,
		"javascript:alert(1)":       false,
		"http://exa mple.com":       false,
	} {
		if got := ValidURL(s); got != want {
			t.Errorf("ValidURL(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestParseTime(t *testing.T) {
	for _, tc := range []struct {
		s        string
		ok, date bool
	}{
		{"2026-01-31", true, true},
		{"2026-01-31T09:00:00Z", true, false},
		{"2026-01-31T09:00:00.123+02:00", true, false},
		{"2026-02-30", false, false},
		{"next tuesday", false, false},
		{"2026-01-31 09:00", false, false},
		{"", false, false},
	} {
		_, date, err := ParseTime(tc.s)
		if (err == nil) != tc.ok || date != tc.date {
			t.Errorf("ParseTime(%q) = date %v, err %v; want ok %v, date %v", tc.s, date, err, tc.ok, tc.date)
		}
	}
}

func TestJoin(t *testing.T) {
	for _, tc := range [][3]string{
		{"", "cards", "cards"},
		{"cards[1]", "value", "cards[1].value"},
		{"rows[0]", "x y", `rows[0]["x y"]`},
		{"", "a.b", `["a.b"]`},
	} {
		if got := Join(tc[0], tc[1]); got != tc[2] {
			t.Errorf("Join(%q, %q) = %q, want %q", tc[0], tc[1], got, tc[2])
		}
	}
	if got := Index("cards", 2); got != "cards[2]" {
		t.Errorf("Index = %q", got)
	}
}

// testSchema has one field of each rule, so that the same fields can be
// checked as documented and as provisional.
func testSchema(st Status) *Schema {
	item := &Object{GoName: "Item", Fields: []*Field{
		{JSON: "id", Kind: KindString, Required: true, NonEmpty: true, Unique: true},
		{JSON: "start", Kind: KindTime},
		{JSON: "end", Kind: KindTime},
	}, Rules: []Rule{NotBefore{Field: "end", Other: "start"}}}
	return &Schema{Type: "test", Status: st, Root: &Object{GoName: "Test", Fields: []*Field{
		{JSON: "name", Kind: KindString, Required: true},
		{JSON: "mode", Kind: KindString, Enum: &Enum{Strict: true, Values: []EnumValue{{Value: "a"}, {Value: "b"}}}},
		{JSON: "link", Kind: KindURL},
		{JSON: "count", Kind: KindInt, Min: intp(0)},
		{JSON: "ratio", Kind: KindNumber},
		{JSON: "on", Kind: KindBool},
		{JSON: "sep", Kind: KindString, Chars: 1},
		{JSON: "items", Kind: KindList, MinItems: 1, Elem: &Field{Kind: KindObject, Object: item}},
		{JSON: "tags", Kind: KindList, Elem: &Field{Kind: KindString}},
		{JSON: "row", Kind: KindMap, Elem: &Field{Kind: KindScalar}},
		{JSON: "data", Kind: KindAny},
		{JSON: "media", Kind: KindString},
		{JSON: "image", Kind: KindObject, Object: &Object{GoName: "Image", Fields: []*Field{
			{JSON: "url", Kind: KindURL}, {JSON: "fileId", Kind: KindString},
		}}},
	}, Rules: []Rule{RequiredWhen{Field: "image.url", Alt: "image.fileId", When: "media", Equals: "image"}}}}
}

func parse(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCheck(t *testing.T) {
	bad := `{"mode": "c", "link": "/x", "count": -1, "sep": "ab", "items": [], "media": "image",
		"row": {"a": 1, "b": null, "c": {"d": 1}}, "tags": ["x", null]}`
	badItems := `{"name": "n", "items": [{"id": "a", "start": "2026-03-02T10:00:00Z", "end": "2026-03-02T09:00:00Z"},
		{"id": "a", "start": "2026-03-05", "end": "2026-03-05T08:00:00Z"}, {"id": "", "start": "tomorrow"}, null]}`
	for _, tc := range []struct {
		name   string
		status Status
		mode   Mode
		json   string
		want   []Problem
	}{
		{"documented full", Documented, Full, bad, []Problem{
			{"name", "required"},
			{"mode", "must be one of a, b"},
			{"link", "must be an absolute http or https URL"},
			{"count", "must not be negative"},
			{"sep", "must be one character"},
			{"items", "must have at least 1 item"},
			{"tags[1]", "must be a string"},
			{"row.c", "must be a string, number, boolean or null"},
			{"image.url", "required when media is image (or set image.fileId)"},
		}},
		{"provisional full", Provisional, Full, bad, []Problem{
			{"link", "must be an absolute http or https URL"},
			{"count", "must not be negative"},
			{"sep", "must be one character"},
			{"tags[1]", "must be a string"},
			{"row.c", "must be a string, number, boolean or null"},
		}},
		{"shape", Documented, Shape, bad, []Problem{
			{"tags[1]", "must be a string"},
		}},
		{"documented items", Documented, Full, badItems, []Problem{
			{"items[0].end", "must not be before start"},
			{"items[1].id", `must be unique: "a" is also the id of items[0]`},
			{"items[2].id", "must not be empty"},
			{"items[2].start", "must be an RFC 3339 time or a YYYY-MM-DD date"},
			{"items[3]", "must be an object"},
		}},
		{"provisional items", Provisional, Full, badItems, []Problem{
			{"items[0].end", "must not be before start"},
			{"items[2].start", "must be an RFC 3339 time or a YYYY-MM-DD date"},
			{"items[3]", "must be an object"},
		}},
		{"kinds", Provisional, Shape, `{"name": 1, "on": "yes", "count": 1.5, "ratio": "1", "items": {}, "image": [], "row": 3}`, []Problem{
			{"name", "must be a string"},
			{"count", "must be an integer"},
			{"ratio", "must be a number"},
			{"on", "must be a boolean"},
			{"items", "must be a list"},
			{"row", "must be an object"},
			{"image", "must be an object"},
		}},
		{"not an object", Provisional, Shape, `[1]`, []Problem{{"pin_config", "must be a JSON object"}}},
		{"null is absent", Provisional, Full, `null`, nil},
		{"nulls are absent", Documented, Full, `{"name": "n", "mode": null, "items": null, "data": null}`, nil},
		{"valid", Documented, Full, `{"name": "", "mode": "a", "link": "https://x.test", "count": 0, "ratio": 1.5, "on": false, "sep": "é",
			"items": [{"id": "a", "start": "2026-01-01", "end": "2026-01-01T00:00:00Z"}, {"id": "b"}], "media": "image",
			"image": {"fileId": "f"}, "row": {"a": "x", "b": true, "c": null, "d": 1}, "data": [{"any": ["thing"]}]}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := testSchema(tc.status).Check(parse(t, tc.json), tc.mode)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRuleDoc(t *testing.T) {
	s := Lookup("stat-cards")
	if got := s.Root.Fields[0].RuleDoc(s.Status); got != "Required, at least 1 item." {
		t.Errorf("cards: %q", got)
	}
	trend := statCardObj.Fields[3]
	if got := trend.RuleDoc(Partial); got != "One of up, down, neutral." {
		t.Errorf("trend: %q", got)
	}
	if got := trend.RuleDoc(Provisional); got != "An open set: any value is accepted." {
		t.Errorf("trend as provisional: %q", got)
	}
}
