package jsonscan_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pindownai/client-go/internal/jsonscan"
)

// valueOnly reads one value and then the end of the text.
func valueOnly(b []byte) bool {
	s := jsonscan.Scanner{Data: b}
	_, ok := s.Value()
	return ok && s.End()
}

func TestValueAgreesWithEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`0`, `-0`, `-0.5e+10`, `1E3`, `01`, `1.`, `.5`, `-`, `1e`, `+1`,
		`""`, `"a\"b\\c\/d\b\f\n\r\t\u00e9"`, `"\x"`, `"\u12"`, "\"tab\there\"", "\"\xff\"", `"unterminated`,
		`true`, `false`, `null`, `nul`, `True`,
		`{}`, `[]`, ` { "a" : [ 1 , { "b" : null } ] } `, `{"a":1,}`, `[1,]`, `{"a" 1}`, `{1:2}`, `[1 2]`, `{"a":1}}`,
		`{"\u0061":1}`, strings.Repeat("[", jsonscan.MaxDepth) + strings.Repeat("]", jsonscan.MaxDepth), ``, ` `,
	} {
		if got, want := valueOnly([]byte(in)), json.Valid([]byte(in)); got != want {
			t.Errorf("%.40q: Value and End say %v, json.Valid %v", in, got, want)
		}
	}
}

func TestDeepInputIsRefused(t *testing.T) {
	deep := strings.Repeat("[", jsonscan.MaxDepth+2) + strings.Repeat("]", jsonscan.MaxDepth+2)
	if valueOnly([]byte(deep)) {
		t.Fatal("a value nested deeper than MaxDepth was read")
	}
}

func TestKeyTakesPlainNamesOnly(t *testing.T) {
	for in, want := range map[string]string{`"id":1`: "id", ` "a_b" : 1`: "a_b", `"\u0069d":1`: "", `"é":1`: "", `"id" 1`: "", `1:1`: ""} {
		s := jsonscan.Scanner{Data: []byte(in)}
		k, ok := s.Key()
		if string(k) != want || ok != (want != "") {
			t.Errorf("Key of %q = %q, %v; want %q", in, k, ok, want)
		}
	}
}

// FuzzValue checks that the scanner accepts exactly the JSON that
// encoding/json accepts (within MaxDepth).
func FuzzValue(f *testing.F) {
	for _, s := range []string{`{"a":[1,-2.5e3,"x\u00e9",true,null,{}]}`, `[`, `"\ud800"`, `1.e5`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := valueOnly(b), json.Valid(b); got != want && strings.Count(string(b), "[")+strings.Count(string(b), "{") <= jsonscan.MaxDepth {
			t.Fatalf("%q: Value and End say %v, json.Valid %v", b, got, want)
		}
	})
}
