package pintypes_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/pindownai/client-go/pintypes"
)

// statCardsJSON is a stat-cards config as the API sends it: compact, the
// shape Pins.Get decodes.
var statCardsJSON = json.RawMessage(`{"cards":[` +
	`{"title":"Revenue","value":"$125,430","change":"+18.2%","trend":"up"},` +
	`{"title":"Active users","value":"8,421","change":"+4.1%","trend":"up"},` +
	`{"title":"Churn","value":"2.3%","change":"-0.4%","trend":"down"},` +
	`{"title":"NPS","value":"62","change":"0","trend":"neutral"}]}`)

// tableJSON is a table config of 5 columns and 50 rows, compact.
var tableJSON = func() json.RawMessage {
	var b strings.Builder
	b.WriteString(`{"columns":[{"id":"sku","name":"SKU","type":"text"},{"id":"product","name":"Product","type":"text"},` +
		`{"id":"units","name":"Units","type":"number"},{"id":"price","name":"Price","type":"number"},{"id":"active","name":"Active"}],"rows":[`)
	for i := range 50 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"sku":"SKU-%04d","product":"Product %d","units":%d,"price":%d.%02d,"active":%t}`, i, i, i*17, i+3, i%100, i%3 != 0)
	}
	b.WriteString(`]}`)
	return json.RawMessage(b.String())
}()

func benchmarkDecode(b *testing.B, typ pintypes.Type, raw json.RawMessage) {
	if _, err := pintypes.Decode(typ, raw); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := pintypes.Decode(typ, raw); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeStatCards(b *testing.B) {
	benchmarkDecode(b, pintypes.TypeStatCards, statCardsJSON)
}

func BenchmarkDecodeTable(b *testing.B) { benchmarkDecode(b, pintypes.TypeTable, tableJSON) }

// BenchmarkEncode is the cost of pintypes.Encode (encode and validate)
// against json.Marshal, which only encodes.
func BenchmarkEncode(b *testing.B) {
	for _, tc := range []struct {
		name string
		typ  pintypes.Type
		raw  json.RawMessage
	}{{"StatCards", pintypes.TypeStatCards, statCardsJSON}, {"Table", pintypes.TypeTable, tableJSON}} {
		cfg, err := pintypes.Decode(tc.typ, tc.raw)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name+"/Encode", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := pintypes.Encode(cfg); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(tc.name+"/json.Marshal", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := json.Marshal(cfg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
