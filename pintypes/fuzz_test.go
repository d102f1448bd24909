package pintypes_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pindownai/client-go/pintypes"
)

// fuzzSeeds has at least one config per pin type, plus legacy types and
// inputs that once needed care.
var fuzzSeeds = []struct {
	typ  pintypes.Type
	json string
}{
	{pintypes.TypeMarkdown, `{"content": "# Weekly", "collaboration": {"enabled": true}, "theme": {"font": "serif"}}`},
	{pintypes.TypeImage, `{"url": "https://example.com/a.png", "alt": "A", "caption": "Fig 1", "link": "https://example.com"}`},
	{pintypes.TypeGallery, `{"images": [{"url": "https://example.com/1.png"}, {"fileId": "f_2", "caption": "two"}], "columns": 3}`},
	{pintypes.TypeTable, `{"columns": [{"id": "p", "name": "Product", "type": "text"}, {"id": "s", "label": "Sales"}], "rows": [{"p": "A", "s": 1520}, {"p": "B", "s": null}]}`},
	{pintypes.TypeCharts, `{"chartType": "line", "xKey": "m", "series": [{"key": "r", "label": "Revenue", "color": "#f00"}], "data": [{"m": "Jan", "r": 10.5}], "stacked": false}`},
	{pintypes.TypeMermaid, `{"source": "graph TD; A-->B"}`},
	{pintypes.TypeEmbed, `{"type": "figma", "url": "https://www.figma.com/file/xyz", "aspectRatio": "4:3"}`},
	{pintypes.TypePDFViewer, `{"url": "https://example.com/r.pdf", "page": 2}`},
	{pintypes.TypeExcelViewer, `{"fileId": "f_9", "sheet": "Q4"}`},
	{pintypes.TypeStatCards, `{"cards": [{"title": "Revenue", "value": "$1", "change": "+1%", "trend": "up"}, {"title": "", "trend": "sideways"}]}`},
	{pintypes.TypeTimeline, `{"events": [{"date": "2026-01-31", "title": "Launch"}, {"date": "2026-02-01T09:00:00Z", "status": "done"}]}`},
	{pintypes.TypeJSONViewer, `{"data": {"a": [1, 2.50, {"b": null}], "n": 1e400}, "expandDepth": 2}`},
	{pintypes.TypeJSONList, `{"items": [{"id": 1}, "two", 3, null], "titleKey": "id"}`},
	{pintypes.TypeLinks, `{"links": [{"title": "Docs", "url": "https://docs.example.com", "description": "Ref"}]}`},
	{pintypes.TypeSteps, `{"steps": [{"title": "Build", "status": "done"}, {"title": "Ship", "status": "blocked"}]}`},
	{pintypes.TypeCSVViewer, `{"csv": "a,b\n1,2\n", "delimiter": ","}`},
	{pintypes.TypeUserStory, `{"asA": "dev", "iWant": "x", "soThat": "y", "acceptanceCriteria": [{"given": "g", "when": "w", "then": "t"}], "source": "https://github.com/o/r/issues/1"}`},
	{pintypes.TypeChat, `{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello", "timestamp": "2026-03-01T10:00:00Z"}]}`},
	{pintypes.TypeIntro, `{"title": "Welcome", "subtitle": "Ops", "avatarUrl": "https://example.com/me.png", "links": [{"title": "Runbook", "url": "https://example.com/run"}]}`},
	{pintypes.TypeMastra, `{"agentId": "researcher", "runId": "r1", "messages": [{"role": "assistant", "content": "done"}], "output": {"score": 0.9}}`},
	{pintypes.TypeTextMedia, `{"title": "", "textPosition": "left", "mediaType": "image", "imageConfig": {"url": "https://example.com/l.png", "alt": "L"}, "embedConfig": null}`},
	{pintypes.TypeFileUpload, `{"files": [{"fileId": "f_1", "name": "a.csv", "size": 120, "mimeType": "text/csv"}, {"size": -5}]}`},
	{pintypes.TypeKanbanBoard, `{"columns": [{"id": "todo", "title": "To do", "cards": [{"id": "c1", "labels": ["docs"], "assignee": "sam"}]}, {"id": "done", "cards": []}]}`},
	{pintypes.TypeChecklist, `{"items": [{"id": "1", "text": "Backups", "checked": true}, {"id": "2", "checked": false}]}`},
	{pintypes.TypeCalendar, `{"events": [{"id": "e1", "start": "2026-03-02T09:00:00Z", "end": "2026-03-02T09:15:00Z"}, {"start": "2026-03-05", "allDay": true}]}`},
	{pintypes.TypeRoadmap, `{"items": [{"id": "r1", "title": "SSO", "status": "planned", "start": "2026-04-01", "end": "2026-06-30", "lane": "Platform"}]}`},
	{pintypes.TypeRealtimeCanvas, `{"elements": [{"kind": "rect", "x": 1}], "collaboration": {"enabled": true}}`},
	{"line-chart", `{"series": [1, 2]}`},
	{"score-gauge", `[1, 2]`},
	{pintypes.TypeMarkdown, `[1, 2]`},
	{pintypes.TypeChecklist, `{"items": [{"checked": "yes"}]}`},
	{pintypes.TypePDFViewer, `{"page": 2.0}`},
	{pintypes.TypeTable, `{"columns": [{"id": "a", "label": null}], "rows": [], "": {"\u00e9": "\ud83d\ude00"}}`},
	// Found by fuzzing: a vertical tab is Unicode space but not JSON white space.
	{"0", "0\v"},
}

// FuzzDecode checks that Decode never panics, that a decoded config
// validates and encodes without error, and that decoding its encoding gives
// the same JSON and the same validation result again.
func FuzzDecode(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(string(s.typ), []byte(s.json))
	}
	f.Fuzz(func(t *testing.T, typ string, data []byte) {
		checkDecode(t, pintypes.Type(typ), data)
	})
}

// FuzzDecodeKnown is FuzzDecode with the mutations spent on the configs of
// the 27 modeled types rather than on type names.
func FuzzDecodeKnown(f *testing.F) {
	types := pintypes.Types()
	for _, s := range fuzzSeeds {
		for i, typ := range types {
			if typ == s.typ {
				f.Add(uint8(i), []byte(s.json))
			}
		}
	}
	f.Fuzz(func(t *testing.T, i uint8, data []byte) {
		checkDecode(t, types[int(i)%len(types)], data)
	})
}

// checkDecode checks that Decode never panics, that a decoded config
// validates and encodes without error, and that decoding its encoding gives
// the same JSON and the same validation result again.
func checkDecode(t *testing.T, pt pintypes.Type, data []byte) {
	cfg, err := pintypes.Decode(pt, data)
	if err != nil {
		var ve *pintypes.ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, pintypes.ErrInvalidConfig) || len(ve.Errors) == 0 {
			t.Fatalf("Decode error %v is not a *ValidationError with problems", err)
		}
		return
	}
	if cfg == nil || cfg.PinType() != pt {
		t.Fatalf("Decode returned %#v for type %q", cfg, pt)
	}
	verr := cfg.Validate()
	if verr != nil && !errors.Is(verr, pintypes.ErrInvalidConfig) {
		t.Fatalf("Validate error %v does not match ErrInvalidConfig", verr)
	}
	enc, err := json.Marshal(cfg)
	if err != nil {
		t.Fatalf("a decoded config does not encode: %v", err)
	}
	if got, err := pintypes.Encode(cfg); verr == nil && (err != nil || !bytes.Equal(got, enc)) {
		t.Fatalf("Encode wrote %s (%v), json.Marshal %s", got, err, enc)
	}
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && !bytes.Equal(trimmed, []byte("null")) {
		if diff := cmp.Diff(decodeAny(t, data), decodeAny(t, enc), cmp.Comparer(sameNumber)); diff != "" {
			t.Fatalf("decode then encode changed the JSON (-input +encoded):\n%s", diff)
		}
	}
	cfg2, err := pintypes.Decode(pt, enc)
	if err != nil {
		t.Fatalf("the encoding %s does not decode: %v", enc, err)
	}
	enc2, err := json.Marshal(cfg2)
	if err != nil {
		t.Fatalf("second encode: %v", err)
	}
	if !bytes.Equal(enc, enc2) {
		t.Fatalf("encoding is not stable:\n%s\n%s", enc, enc2)
	}
	if got, want := errText(cfg2.Validate()), errText(verr); got != want {
		t.Fatalf("validation is not stable: %q, then %q", want, got)
	}
}

func decodeAny(t *testing.T, data []byte) any {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding %s: %v", data, err)
	}
	return v
}

// sameNumber compares JSON number literals by value: an int field written
// as 2.0 is written back as 2.
func sameNumber(a, b json.Number) bool {
	if a == b {
		return true
	}
	fa, errA := strconv.ParseFloat(string(a), 64)
	fb, errB := strconv.ParseFloat(string(b), 64)
	return errA == nil && errB == nil && fa == fb
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
