package pintypes

import "testing"

// TestFastPathTaken checks that the one-pass decoder decodes the common
// inputs itself rather than giving up on them.
func TestFastPathTaken(t *testing.T) {
	for _, tc := range []struct {
		typ  Type
		json string
	}{
		{TypeStatCards, `{"cards":[{"title":"Revenue","value":"$1","change":"+1%","trend":"up"},{"title":"","trend":"sideways","icon":"x"}]}`},
		{TypeStatCards, "{ \"cards\": [\n  {\"title\": \"Revenue\", \"value\": null}\n] }"},
		{TypeTable, `{"columns":[{"id":"a","name":"A","type":"number"}],"rows":[{"a":1.5,"b":null,"c":true,"d":"x"}],"x":{}}`},
		{TypeChecklist, `{"items":[{"id":"1","text":"","checked":false}]}`},
		{TypePDFViewer, `{"url":"https://x.test/a.pdf","page":2}`},
		{TypeTextMedia, `{"title":"é\n","imageConfig":{"url":"https://x.test"},"embedConfig":null}`},
		{TypeJSONViewer, `{"data":{"a":[1,2.5,{"b":null}]},"expandDepth":0}`},
		{TypeKanbanBoard, `{"columns":[{"id":"a","cards":[{"labels":["x"]}]},{"cards":[]}]}`},
	} {
		cfg := newConfig(tc.typ)
		s := scan{Data: []byte(tc.json)}
		if !cfg.(interface{ fastFrom(*scan) bool }).fastFrom(&s) || !s.End() {
			t.Errorf("%s %s: the one-pass decoder gave up", tc.typ, tc.json)
		}
	}
}
