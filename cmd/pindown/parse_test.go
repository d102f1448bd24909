package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pintypes"
)

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		args      []string
		wantPos   []string
		wantTitle string
	}{
		{[]string{"a.md", "--title", "T"}, []string{"a.md"}, "T"},
		{[]string{"--title", "T", "a", "b"}, []string{"a", "b"}, "T"},
		{[]string{"a", "--title=T", "-", "b"}, []string{"a", "-", "b"}, "T"},
		{[]string{"a", "--", "--title", "x"}, []string{"a", "--title", "x"}, ""},
		{nil, nil, ""},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		title := fs.String("title", "", "")
		pos, err := parseInterspersed(fs, tt.args)
		if err != nil || !reflect.DeepEqual(pos, tt.wantPos) || *title != tt.wantTitle {
			t.Errorf("%q: %q, title %q, %v", tt.args, pos, *title, err)
		}
	}
}

func TestParseStat(t *testing.T) {
	tests := []struct {
		arg  string
		want pintypes.StatCard
		ok   bool
	}{
		{"Users=1,234:+5%", pintypes.StatCard{Title: "Users", Value: "1,234", Change: "+5%", Trend: pintypes.TrendUp}, true},
		{"Errors=3:-2", pintypes.StatCard{Title: "Errors", Value: "3", Change: "-2", Trend: pintypes.TrendDown}, true},
		{"Lag=4s:0", pintypes.StatCard{Title: "Lag", Value: "4s", Change: "0", Trend: pintypes.TrendNeutral}, true},
		{"Build=passing", pintypes.StatCard{Title: "Build", Value: "passing"}, true},
		{"Uptime=12:30:", pintypes.StatCard{Title: "Uptime", Value: "12:30"}, true},
		{"Mean load=0.5", pintypes.StatCard{Title: "Mean load", Value: "0.5"}, true},
		{"novalue", pintypes.StatCard{}, false},
		{"=3", pintypes.StatCard{}, false},
		{"A=:+1", pintypes.StatCard{}, false},
	}
	for _, tt := range tests {
		got, err := parseStat(tt.arg)
		if (err == nil) != tt.ok || !pintypes.Equal(pintypes.StatCards{Cards: []pintypes.StatCard{got}}, pintypes.StatCards{Cards: []pintypes.StatCard{tt.want}}) {
			t.Errorf("%q: %+v, %v", tt.arg, got, err)
		}
		if err != nil && exitCode(err) != exitUsage {
			t.Errorf("%q: exit %d", tt.arg, exitCode(err))
		}
	}
}

func TestTableFromCSV(t *testing.T) {
	tests := []struct {
		name, csv, want, wantErr string
	}{
		{"types", "\xef\xbb\xbfname,n,x\na,1,2\nb,-2.5e3,x\n",
			`{"columns":[{"id":"name","name":"name","type":"text"},{"id":"n","name":"n","type":"number"},{"id":"x","name":"x","type":"text"}],` +
				`"rows":[{"n":1,"name":"a","x":"2"},{"n":-2.5e3,"name":"b","x":"x"}]}`, ""},
		{"header only", "a,b\n", `{"columns":[{"id":"a","name":"a","type":"text"},{"id":"b","name":"b","type":"text"}],"rows":[]}`, ""},
		{"no hex, Inf or commas as numbers", "a\n0x10\n\"1,5\"\nInf\n",
			`{"columns":[{"id":"a","name":"a","type":"text"}],"rows":[{"a":"0x10"},{"a":"1,5"},{"a":"Inf"}]}`, ""},
		{"empty", "", "", "header row"},
		{"blank header", "a,\n1,2\n", "", "empty header"},
		{"ragged", "a,b\n1\n", "", "wrong number of fields"},
	}
	for _, tt := range tests {
		tb, err := tableFromCSV([]byte(tt.csv))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if err := tb.Validate(); err != nil {
			t.Errorf("%s: invalid table: %v", tt.name, err)
		}
		if tt.want == "" {
			continue
		}
		b, _ := json.Marshal(tb)
		if string(b) != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, b, tt.want)
		}
	}
}

// TestProgress checks the terminal switch: waits for rate budget over a
// second are shown on a terminal only, shorter ones never.
func TestProgress(t *testing.T) {
	for _, term := range []bool{true, false} {
		var errb bytes.Buffer
		a := newApp(t.Context(), func(string) string { return "" }, nil, io.Discard, &errb)
		a.isTerminal = func(io.Writer) bool { return term }
		a.onRetry(pindown.RetryEvent{Bucket: pindown.BucketWrite, Wait: 12 * time.Second, Reason: "429 RATE_LIMITED"})
		a.onRetry(pindown.RetryEvent{Bucket: pindown.BucketRead, Wait: 300 * time.Millisecond, Reason: "pacing"})
		want := ""
		if term {
			want = "\r\x1b[Kwaiting 12s for the write bucket (429 RATE_LIMITED)\n"
		}
		if errb.String() != want {
			t.Errorf("terminal %v: %q, want %q", term, errb.String(), want)
		}
	}
	if isTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is a terminal")
	}
}
