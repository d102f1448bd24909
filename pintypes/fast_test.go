package pintypes_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/pindownai/client-go/pintypes"
)

// checkFastSlow requires the one-pass decoder and the two-pass decoder to
// give identical results for data: the same config (unexported decoding
// state included), the same encoding, and the same error.
func checkFastSlow(t *testing.T, pt pintypes.Type, data []byte) {
	t.Helper()
	fast, ferr := pintypes.Decode(pt, data)
	slow, serr := pintypes.DecodeSlow(pt, data)
	if errText(ferr) != errText(serr) || !reflect.DeepEqual(ferr, serr) {
		t.Fatalf("Decode(%q, %q): errors differ:\nfast: %v\nslow: %v", pt, data, ferr, serr)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("Decode(%q, %q): configs differ:\nfast: %#v\nslow: %#v", pt, data, fast, slow)
	}
	if ferr == nil {
		fe, ferr := json.Marshal(fast)
		se, serr := json.Marshal(slow)
		if !bytes.Equal(fe, se) || errText(ferr) != errText(serr) {
			t.Fatalf("Decode(%q, %q): encodings differ:\nfast: %s %v\nslow: %s %v", pt, data, fe, ferr, se, serr)
		}
	}
	// UnmarshalJSON directly, on the untrimmed input.
	f, s := pintypes.NewConfig(pt), pintypes.NewConfig(pt)
	if f == nil {
		return
	}
	ferr = f.(json.Unmarshaler).UnmarshalJSON(data)
	serr = pintypes.UnmarshalSlow(s.(json.Unmarshaler), data)
	if errText(ferr) != errText(serr) || !reflect.DeepEqual(ferr, serr) {
		t.Fatalf("UnmarshalJSON(%q) as %q: errors differ:\nfast: %v\nslow: %v", data, pt, ferr, serr)
	}
	if !reflect.DeepEqual(f, s) {
		t.Fatalf("UnmarshalJSON(%q) as %q: configs differ:\nfast: %#v\nslow: %#v", data, pt, f, s)
	}
}

// fastSlowCases are inputs where the one-pass decoder must give up or
// take care.
var fastSlowCases = []struct {
	typ  pintypes.Type
	json string
}{
	{pintypes.TypeStatCards, `{"cards":[{"title":"A","value":"1"}]}`},
	{pintypes.TypeStatCards, " \t\r\n{ \"cards\" : [ { \"title\" : \"A\" , \"value\" : \"1\" } ] } \n"},
	{pintypes.TypeStatCards, `{"cards":[{"title":"A","title":"B"}]}`},
	{pintypes.TypeStatCards, `{"cards":[{"title":5,"title":"B"}]}`},
	{pintypes.TypeStatCards, `{"cards":[{"title":"A"}],"cards":[{"value":"B"}]}`},
	{pintypes.TypeStatCards, `{"cards":[{"x":1,"x":2}],"y":{"a":1},"y":[]}`},
	{pintypes.TypeStatCards, `{"cards":[{"Title":"A","TITLE":"B","titlE":"C"}],"Cards":[]}`},
	{pintypes.TypeStatCards, `{"cards":[{"ti\u0074le":"A","\u0076alue":"B"}]}`},
	{pintypes.TypeStatCards, `{"cards":[{"title":"\u00e9\n\"x\"","value":"é","change":"\ud800","trend":"up\u0000"}]}`},
	{pintypes.TypeStatCards, "{\"cards\":[{\"title\":\"\xff\xfe\",\"value\":\"a\xc3\"}],\"\xff\":\"\xff\"}"},
	{pintypes.TypeStatCards, `{"cards":[{"title":"","value":null,"change":"","trend":null}]}`},
	{pintypes.TypeStatCards, `{"cards":[]}`},
	{pintypes.TypeStatCards, `{"cards":null}`},
	{pintypes.TypeStatCards, `{"cards":[null]}`},
	{pintypes.TypeStatCards, `{"cards":[1]}`},
	{pintypes.TypeStatCards, `{"cards":{}}`},
	{pintypes.TypeStatCards, `{"cards":[{}],}`},
	{pintypes.TypeStatCards, `{"cards":[{},]}`},
	{pintypes.TypeStatCards, `{"cards":[{}]} x`},
	{pintypes.TypeStatCards, `{"cards":[{}]}{}`},
	{pintypes.TypeStatCards, `{"cards":[{"title":"a	b"}]}`},
	{pintypes.TypeStatCards, `{"cards":[{"title":"a\x"}]}`},
	{pintypes.TypeStatCards, `{"cards":[{"title":"a\u12"}]}`},
	{pintypes.TypeStatCards, `{"cards":[{"title":"a`},
	{pintypes.TypeStatCards, `{"x":01}`},
	{pintypes.TypeStatCards, `{"x":-}`},
	{pintypes.TypeStatCards, `{"x":1.}`},
	{pintypes.TypeStatCards, `{"x":1e}`},
	{pintypes.TypeStatCards, `{"x":-0.5E+10}`},
	{pintypes.TypeStatCards, `{"x":tru}`},
	{pintypes.TypeStatCards, `{"x":nulls}`},
	{pintypes.TypeStatCards, `{"x":[1,2,{"a":[true,false,null]}]}`},
	{pintypes.TypeStatCards, `{"x" 1}`},
	{pintypes.TypeStatCards, `{x:1}`},
	{pintypes.TypeStatCards, `{"\u0078":1,"\ud83d\ude00":2,"é":3}`},
	{pintypes.TypeStatCards, `{"x":` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `}`},
	{pintypes.TypeStatCards, `{"x":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`},
	{pintypes.TypeStatCards, `null`},
	{pintypes.TypeStatCards, ` null `},
	{pintypes.TypeStatCards, `[]`},
	{pintypes.TypeStatCards, `"x"`},
	{pintypes.TypeStatCards, ``},
	{pintypes.TypeStatCards, "{\"cards\":[{\"title\":\"a\"}]}\v"},
	{pintypes.TypePDFViewer, `{"page":2.0}`},
	{pintypes.TypePDFViewer, `{"page":1e3}`},
	{pintypes.TypePDFViewer, `{"page":-0}`},
	{pintypes.TypePDFViewer, `{"page":1e400}`},
	{pintypes.TypePDFViewer, `{"page":99999999999999999999}`},
	{pintypes.TypePDFViewer, `{"page":"2"}`},
	{pintypes.TypePDFViewer, `{"page":0,"url":"","fileId":null}`},
	{pintypes.TypeChecklist, `{"items":[{"checked":true},{"checked":false},{"checked":null},{"checked":"true"}]}`},
	{pintypes.TypeChecklist, `{"items":[{"checked":true},{"checked":false},{"checked":null}]}`},
	{pintypes.TypeChecklist, `{"items":[{"checked":1}]}`},
	{pintypes.TypeTable, `{"columns":[{"id":"a","label":"A"}],"rows":[{"a":1}]}`},
	{pintypes.TypeTable, `{"columns":[{"id":"a","label":"A","name":"N"}]}`},
	{pintypes.TypeTable, `{"columns":[{"id":"a","label":null}]}`},
	{pintypes.TypeTable, `{"columns":[{"id":"a","label":5}]}`},
	{pintypes.TypeTable, `{"columns":[{"id":"a"}],"rows":[{"a":1,"a":"x","b":null,"c":true,"d":false,"e":-1.5e3,"f":"\u00e9","g":[1,{"h":2}],"i":{}},{}]}`},
	{pintypes.TypeTable, `{"columns":[{"id":"a"}],"rows":[null]}`},
	{pintypes.TypeTable, `{"columns":[{"id":"a"}],"rows":[[]]}`},
	{pintypes.TypeTable, `{"columns":[{"id":"a"}],"rows":[{"\u0061":1,"é":2,"\xff":3}]}`},
	{pintypes.TypeTable, `{"columns":[{"id":"a"}],"rows":{}}`},
	{pintypes.TypeCharts, `{"data":[{"m":"Jan","r":10.5,"n":null,"o":{"p":[1,"2",null,true]},"q":[]}],"stacked":true}`},
	{pintypes.TypeCharts, `{"data":[null]}`},
	{pintypes.TypeCharts, `{"data":[{"m":{"a":1,"a":2}}]}`},
	{pintypes.TypeJSONViewer, `{"data":{"a":[1,2.50,{"b":null}],"n":1e400,"s":"\u00e9","t":"x","\u0041":{},"k":[]},"expandDepth":2}`},
	{pintypes.TypeJSONViewer, `{"data":null}`},
	{pintypes.TypeJSONViewer, `{"data":"x"}`},
	{pintypes.TypeJSONViewer, `{"data":-0.0}`},
	{pintypes.TypeJSONViewer, `{"data":[]}`},
	{pintypes.TypeJSONViewer, `{"data":{"a":1,"a":{"b":2}}}`},
	{pintypes.TypeJSONList, `{"items":[null,1,"two",{"three":null},[4.000],true,false]}`},
	{pintypes.TypeJSONList, `{"items":[]}`},
	{pintypes.TypeJSONList, `{"items":null}`},
	{pintypes.TypeRealtimeCanvas, `{"elements":[{"kind":"rect","x":1}],"collaboration":{"enabled":true,"room":"r"}}`},
	{pintypes.TypeRealtimeCanvas, `{"collaboration":null}`},
	{pintypes.TypeRealtimeCanvas, `{"collaboration":{}}`},
	{pintypes.TypeRealtimeCanvas, `{"collaboration":[]}`},
	{pintypes.TypeKanbanBoard, `{"columns":[{"id":"a","cards":[{"labels":["x","","\u00e9",null]}]}]}`},
	{pintypes.TypeKanbanBoard, `{"columns":[{"id":"a","cards":[{"labels":["x",""]},{"labels":[]},{"labels":null}]}]}`},
	{pintypes.TypeTextMedia, `{"imageConfig":{"url":"https://x.test/a.png"},"embedConfig":{"url":"https://x.test","type":"loom","x":[1]}}`},
	{"line-chart", `{"series":[1,2]}`},
	{"line-chart", `{"series":[1,2]`},
}

// TestFastSlowEquivalence decodes inputs through the one-pass and the
// two-pass decoders and requires identical results: the conformance
// configs, the fuzz seeds and the cases above, each also re-indented and
// compacted.
func TestFastSlowEquivalence(t *testing.T) {
	type input struct {
		typ  pintypes.Type
		json []byte
	}
	var inputs []input
	for _, c := range loadConformance(t) {
		inputs = append(inputs, input{c.PinType, c.PinConfig})
	}
	for _, s := range fuzzSeeds {
		inputs = append(inputs, input{s.typ, []byte(s.json)})
	}
	for _, s := range fastSlowCases {
		inputs = append(inputs, input{s.typ, []byte(s.json)})
	}
	for _, in := range inputs {
		checkFastSlow(t, in.typ, in.json)
		var buf bytes.Buffer
		if json.Compact(&buf, in.json) == nil {
			checkFastSlow(t, in.typ, buf.Bytes())
		}
		buf.Reset()
		if json.Indent(&buf, in.json, "\t", "  ") == nil {
			checkFastSlow(t, in.typ, buf.Bytes())
		}
		if known := pintypes.NewConfig(in.typ) != nil; known {
			// The same JSON as another type's config.
			for _, other := range pintypes.Types() {
				checkFastSlow(t, other, in.json)
			}
		}
	}
}
