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
	require.Equal(t, pindown.Layout2x2, p.Layout)
	table, ok := p.Config.(*pintypes.Table)
	require.True(t, ok, "%T", p.Config)
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

	// Read the sample independently of the program: each region's lines in
	// file order, and the total revenue.
	recs, err := csv.NewReader(bytes.NewReader(sampleCSV)).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 501, "the sample has 500 lines")
	regions := map[string][][4]string{}
	var cents int64
	for _, r := range recs[1:] {
		rev, err := strconv.ParseFloat(r[4], 64)
		require.NoError(t, err)
		regions[r[0]] = append(regions[r[0]], [4]string{r[1], r[2], r[3], fmt.Sprint(rev)})
		n, err := strconv.ParseInt(strings.Replace(r[4], ".", "", 1), 10, 64)
		require.NoError(t, err)
		cents += n
	}
	for name, want := range regions {
		require.NotNil(t, pins["Sales: "+name], "no pin for region %s", name)
		require.Equal(t, want, tableLines(t, pins["Sales: "+name]), "region %s", name)
	}
	require.Len(t, pins, len(regions)+1)

	totals := pins["Sales totals"]
	require.NotNil(t, totals)
	require.Equal(t, pindown.Layout2x1, totals.Layout)
	cards := totals.Config.(*pintypes.StatCards).Cards
	require.Equal(t, fmt.Sprintf("$%d.%02d", cents/100, cents%100), cards[0].Value)
	require.Equal(t, strconv.Itoa(len(regions)), cards[2].Value)

	st := srv.Stats()
	require.Equal(t, 1, st.Requests[pindowntest.RouteBatchCreate], "one BatchCreate, one request for %d pins", len(pins))
	require.Zero(t, st.Requests[pindowntest.RouteCreate])
	require.Contains(t, out, fmt.Sprintf("created %d of %d pins\n", len(pins), len(pins)))
	require.NotContains(t, out, "skipped")
}

// More pins than one request holds: still one BatchCreate call, which the
// SDK splits into requests of 50.
func TestImportManyPins(t *testing.T) {
	var b strings.Builder
	b.WriteString("region,date,product,units,revenue\n")
	for i := range 120 {
		fmt.Fprintf(&b, "Region %d,2025-01-01,Tent,1,10.50\n", i)
	}
	path := filepath.Join(t.TempDir(), "sales.csv")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o600))
	srv := pindowntest.NewServer()
	defer srv.Close()
	out, pins, err := importInto(t, srv, path)
	require.NoError(t, err, out)
	require.Len(t, pins, 121)
	require.Equal(t, "$1260.00", pins["Sales totals"].Config.(*pintypes.StatCards).Cards[0].Value)
	require.Equal(t, "120", pins["Sales totals"].Config.(*pintypes.StatCards).Cards[1].Value)
	require.Equal(t, 3, srv.Stats().Requests[pindowntest.RouteBatchCreate])
	require.Contains(t, out, "created 121 of 121 pins\n")
}

func TestImportFileWithBadLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sales.csv")
	require.NoError(t, os.WriteFile(path, []byte(
		"region,date,product,units,revenue\n"+
			"Europe,2025-02-01,Tent,2,398.00\n"+
			"Europe,2025-02-02,Tent,two,398.00\n"+
			"Europe,2025-02-03,Stove,1,49.9\n"+
			"Europe,2025-02-04,Stove,1,$49.90\n"+
			"Africa,2025-02-05,\"Lamp, small\",3,30\n"), 0o600))
	srv := pindowntest.NewServer()
	defer srv.Close()
	out, pins, err := importInto(t, srv, path)
	require.NoError(t, err, out)
	require.Contains(t, out, `skipped line 3: strconv.Atoi: parsing "two": invalid syntax`)
	require.Contains(t, out, `skipped line 5: strconv.ParseFloat: parsing "$49.90": invalid syntax`)
	require.Len(t, pins, 3)
	require.Equal(t, [][4]string{{"2025-02-01", "Tent", "2", "398"}, {"2025-02-03", "Stove", "1", "49.9"}}, tableLines(t, pins["Sales: Europe"]))
	require.Equal(t, [][4]string{{"2025-02-05", "Lamp, small", "3", "30"}}, tableLines(t, pins["Sales: Africa"]))
	require.Equal(t, "$477.90", pins["Sales totals"].Config.(*pintypes.StatCards).Cards[0].Value)

	require.NoError(t, os.WriteFile(path, []byte("region,product,units\nEurope,Tent,2\n"), 0o600))
	_, _, err = importInto(t, srv, path)
	require.ErrorContains(t, err, "the header must be region,date,product,units,revenue")
}

// A batch that fails as a whole: every item is reported, the summary says
// nothing was created, and the program fails.
func TestImportReportsFailures(t *testing.T) {
	srv := pindowntest.NewServer()
	defer srv.Close()
	srv.Inject(pindowntest.RouteBatchCreate, pindowntest.Fault{Status: 500})
	out, pins, err := importInto(t, srv)
	require.ErrorIs(t, err, pindown.ErrServer)
	require.Empty(t, pins)
	require.Equal(t, 8, strings.Count(out, "  UNKNOWN "), out)
	require.Contains(t, out, "created 0 of 8 pins\n")
	require.Equal(t, 1, srv.Stats().Requests[pindowntest.RouteBatchCreate], "a create is not retried")
}

// With no key the program starts its own server, as on a fresh clone.
func TestImportWithoutKey(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), nil, func(string) string { return "" }, &out)
	require.NoError(t, err, out.String())
	require.Contains(t, out.String(), "PINDOWN_API_KEY is not set: using an in-memory pindowntest server")
	require.Contains(t, out.String(), "created 8 of 8 pins\n")
}
