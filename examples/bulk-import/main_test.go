package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

// sampleRegions reads the bundled sample independently of the program:
// each region's lines in file order, as their date/product/units/revenue.
func sampleRegions(t *testing.T) (map[string][][4]string, int64) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(sampleCSV)).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"region", "date", "product", "units", "revenue"}, recs[0])
	require.Len(t, recs, 501, "the sample has 500 lines")
	out := map[string][][4]string{}
	var cents int64
	for _, r := range recs[1:] {
		out[r[0]] = append(out[r[0]], [4]string{r[1], r[2], r[3], r[4]})
		n, err := strconv.ParseInt(strings.Replace(r[4], ".", "", 1), 10, 64)
		require.NoError(t, err)
		cents += n
	}
	return out, cents
}

// importInto runs the program against srv with args and returns its output
// and the pins the key holds afterwards, by title.
func importInto(t *testing.T, srv *pindowntest.Server, args ...string) (string, map[string]*pindown.Pin, error) {
	t.Helper()
	key := srv.NewKey()
	env := map[string]string{"PINDOWN_API_KEY": key, "PINDOWN_BASE_URL": srv.URL}
	var out bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, &out)

	c, cerr := pindown.NewClient(key, pindown.WithBaseURL(srv.URL))
	require.NoError(t, cerr)
	var ids []string
	for p, err := range c.Pins.ListAll(context.Background(), nil) {
		require.NoError(t, err)
		ids = append(ids, p.ID)
	}
	got, gerr := c.Pins.BatchGet(context.Background(), ids)
	require.NoError(t, gerr)
	pins := map[string]*pindown.Pin{}
	for _, p := range got.Found {
		require.Nil(t, pins[p.Metadata.Title], "two pins titled %q", p.Metadata.Title)
		pins[p.Metadata.Title] = p
	}
	return out.String(), pins, err
}

// tableLines returns a table pin's rows as date/product/units/revenue.
func tableLines(t *testing.T, p *pindown.Pin) [][4]string {
	t.Helper()
	require.Equal(t, pintypes.TypeTable, p.Type)
	table, ok := p.Config.(*pintypes.Table)
	require.True(t, ok, "%T", p.Config)
	var ids []string
	for _, c := range table.Columns {
		ids = append(ids, c.ID)
	}
	require.Equal(t, []string{"date", "product", "units", "revenue"}, ids)
	var out [][4]string
	for _, r := range table.Rows {
		out = append(out, [4]string{fmt.Sprint(r["date"]), fmt.Sprint(r["product"]), fmt.Sprint(r["units"]), fmt.Sprint(r["revenue"])})
	}
	return out
}

func TestImportSample(t *testing.T) {
	srv := pindowntest.NewServer()
	defer srv.Close()
	out, pins, err := importInto(t, srv)
	require.NoError(t, err, out)
	regions, cents := sampleRegions(t)

	// Every region's lines, in file order, across its parts; no pin over 100 rows.
	tables := 0
	for name, want := range regions {
		parts := (len(want) + 99) / 100
		var got [][4]string
		for p := 1; p <= parts; p++ {
			title := "Sales: " + name
			if parts > 1 {
				title += fmt.Sprintf(" (part %d of %d)", p, parts)
			}
			pin := pins[title]
			require.NotNil(t, pin, "no pin %q", title)
			rows := tableLines(t, pin)
			require.LessOrEqual(t, len(rows), 100)
			got = append(got, rows...)
			require.Equal(t, []string{"bulk-import", "sales", strings.ReplaceAll(strings.ToLower(name), " ", "-")}, pin.Metadata.Tags)
			require.Equal(t, pindown.Layout2x2, pin.Layout)
			tables++
		}
		require.Equal(t, want, got, "region %s", name)
	}
	require.Greater(t, tables, len(regions), "the sample has a region that needs more than one pin")

	totals := pins["Sales totals"]
	require.NotNil(t, totals)
	cards := totals.Config.(*pintypes.StatCards).Cards
	require.Equal(t, "Revenue", cards[0].Title)
	require.Equal(t, fmt.Sprintf("$%s.%02d", thousands(cents/100), cents%100), cards[0].Value)
	require.Equal(t, "500", cards[2].Value)
	require.Equal(t, "North America", cards[3].Value)
	require.Len(t, pins, tables+1)

	st := srv.Stats()
	require.Equal(t, 1, st.Requests[pindowntest.RouteBatchCreate], "one BatchCreate, one request for %d pins", len(pins))
	require.Zero(t, st.Requests[pindowntest.RouteCreate])
	require.Contains(t, out, fmt.Sprintf("created %d of %d pins in 1 request\n", len(pins), len(pins)))
	require.NotContains(t, out, "FAILED")
	require.NotContains(t, out, "skipped")
}

// Small pins: far more than 50, still one BatchCreate call, which the SDK
// splits into requests of 50.
func TestImportManySmallPins(t *testing.T) {
	srv := pindowntest.NewServer()
	defer srv.Close()
	out, pins, err := importInto(t, srv, "-rows-per-pin", "4")
	require.NoError(t, err, out)
	regions, _ := sampleRegions(t)
	want := 1
	for _, lines := range regions {
		want += (len(lines) + 3) / 4
	}
	require.Len(t, pins, want)
	rows := 0
	for title, p := range pins {
		if title != "Sales totals" {
			n := len(tableLines(t, p))
			require.LessOrEqual(t, n, 4)
			require.GreaterOrEqual(t, n, 3, "parts are even")
			rows += n
		}
	}
	require.Equal(t, 500, rows)
	requests := (want + 49) / 50
	require.Equal(t, requests, srv.Stats().Requests[pindowntest.RouteBatchCreate])
	require.Contains(t, out, fmt.Sprintf("created %d of %d pins in %d requests\n", want, want, requests))
}

func TestImportFileWithBadLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sales.csv")
	require.NoError(t, os.WriteFile(path, []byte(
		"Product,Units,Revenue,Region,Date\n"+ // any order, any case
			"Tent,2,398.00,Europe,2025-02-01\n"+
			"Tent,two,398.00,Europe,2025-02-02\n"+
			"Stove,1,49.9,Europe,2025-02-03\n"+
			"Stove,1,$49.90,Europe,2025-02-04\n"+
			"Lamp,3\n"+
			"\"Lamp, small\",3,30,Africa,2025-02-05\n"), 0o600))
	srv := pindowntest.NewServer()
	defer srv.Close()
	out, pins, err := importInto(t, srv, "-csv", path)
	require.NoError(t, err, out)
	require.Contains(t, out, `skipped line 3: units "two" is not a whole number`)
	require.Contains(t, out, `skipped line 5: revenue "$49.90" is not an amount`)
	require.Contains(t, out, "skipped line 6: wrong number of fields")
	require.Contains(t, out, "read 3 lines from "+path)
	require.Len(t, pins, 3)
	require.Equal(t, [][4]string{{"2025-02-01", "Tent", "2", "398.00"}, {"2025-02-03", "Stove", "1", "49.90"}}, tableLines(t, pins["Sales: Europe"]))
	require.Equal(t, [][4]string{{"2025-02-05", "Lamp, small", "3", "30.00"}}, tableLines(t, pins["Sales: Africa"]))
	require.Equal(t, "$477.90", pins["Sales totals"].Config.(*pintypes.StatCards).Cards[0].Value)

	require.NoError(t, os.WriteFile(path, []byte("region,product,units\nEurope,Tent,2\n"), 0o600))
	_, _, err = importInto(t, srv, "-csv", path)
	require.ErrorContains(t, err, `no "date" column`)
}

// A batch that fails as a whole: every item is reported, the summary says
// nothing was created, and the program fails.
func TestImportReportsFailures(t *testing.T) {
	srv := pindowntest.NewServer()
	defer srv.Close()
	srv.Inject(pindowntest.RouteBatchCreate, pindowntest.Fault{Status: 500})
	out, pins, err := importInto(t, srv)
	require.Error(t, err)
	require.ErrorIs(t, err, pindown.ErrServer)
	require.Empty(t, pins)
	require.Equal(t, 10, strings.Count(out, "  UNKNOWN "), out)
	require.Contains(t, out, "created 0 of 10 pins in 1 request\n", "a create is not retried")
}

// With no key the program starts its own server, as on a fresh clone.
func TestImportWithoutKey(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), nil, func(string) string { return "" }, &out)
	require.NoError(t, err, out.String())
	require.Contains(t, out.String(), "PINDOWN_API_KEY is not set: using an in-memory pindowntest server")
	require.Contains(t, out.String(), "created 10 of 10 pins in 1 request\n")

	require.ErrorContains(t, run(context.Background(), []string{"extra"}, func(string) string { return "" }, &out), "unexpected arguments")
	require.ErrorContains(t, run(context.Background(), []string{"-rows-per-pin", "0"}, func(string) string { return "" }, &out), "at least 1")
}
