// Bulk-import publishes a CSV of sales lines as pins: one table pin per
// region and a stat-cards pin with the totals, all created by a single
// BatchCreate call. The SDK splits the call into requests of 50 pins, paces
// them within the write rate limit, and reports one outcome per pin.
//
// The CSV has a header row and the columns region, date, product, units and
// revenue, in that order; lines whose numbers do not parse are reported and
// skipped. For the full tool (any columns, upserts by key) see
// `pindown pins import`.
//
// With PINDOWN_API_KEY set it talks to the Pins API (PINDOWN_BASE_URL, or
// production); without it, to an in-memory pindowntest server started here,
// so it runs on a fresh clone with no account:
//
//	go run ./examples/bulk-import                # the bundled sample.csv, 500 lines
//	go run ./examples/bulk-import q1-sales.csv
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

//go:embed sample.csv
var sampleCSV []byte

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bulk-import:", err)
		os.Exit(1)
	}
}

// run imports the CSV named by args (the bundled sample when there is none)
// and prints what happened to out.
func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	input := io.Reader(bytes.NewReader(sampleCSV))
	if len(args) > 0 {
		f, err := os.Open(args[0])
		if err != nil {
			return err
		}
		defer f.Close()
		input = f
	}
	reqs, err := pinRequests(input, out)
	if err != nil {
		return err
	}

	key, opts := getenv("PINDOWN_API_KEY"), []pindown.Option{}
	if key == "" {
		srv := pindowntest.NewServer()
		defer srv.Close()
		key, opts = srv.NewKey(), append(opts, pindown.WithBaseURL(srv.URL))
		fmt.Fprintln(out, "PINDOWN_API_KEY is not set: using an in-memory pindowntest server")
	} else if u := getenv("PINDOWN_BASE_URL"); u != "" {
		opts = append(opts, pindown.WithBaseURL(u))
	}
	c, err := pindown.NewClient(key, opts...)
	if err != nil {
		return err
	}

	// One call for every pin: the SDK chunks it, 50 pins per request.
	res, err := c.Pins.BatchCreate(ctx, reqs)
	for i, it := range res.Items {
		switch {
		case it.Err == nil:
			fmt.Fprintf(out, "  created %s  %s\n", it.Value.ID, reqs[i].Metadata.Title)
		case errors.Is(it.Err, pindown.ErrMaybeCreated):
			fmt.Fprintf(out, "  UNKNOWN %s: %v (check the pins before importing again)\n", reqs[i].Metadata.Title, it.Err)
		default:
			fmt.Fprintf(out, "  FAILED  %s: %v\n", reqs[i].Metadata.Title, it.Err)
		}
	}
	fmt.Fprintf(out, "created %d of %d pins\n", len(res.Succeeded()), len(reqs))
	if err != nil {
		return fmt.Errorf("the import stopped early: %w", err)
	}
	return res.Err()
}

// columns are a region table's columns, keyed like its rows.
var columns = []pintypes.TableColumn{
	{ID: "date", Name: "Date", Type: pintypes.ColumnText},
	{ID: "product", Name: "Product", Type: pintypes.ColumnText},
	{ID: "units", Name: "Units", Type: pintypes.ColumnNumber},
	{ID: "revenue", Name: "Revenue (USD)", Type: pintypes.ColumnNumber},
}

// pinRequests reads the CSV and returns the pins to create: the totals
// first, then one table per region, in the order the regions first appear.
func pinRequests(r io.Reader, out io.Writer) ([]*pindown.CreatePinRequest, error) {
	recs, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 || !slices.Equal(recs[0], []string{"region", "date", "product", "units", "revenue"}) {
		return nil, errors.New("the header must be region,date,product,units,revenue")
	}
	var regions []string
	tables := map[string]*pintypes.Table{}
	var units int
	var revenue float64
	for i, rec := range recs[1:] {
		u, uerr := strconv.Atoi(rec[3])
		rev, rerr := strconv.ParseFloat(rec[4], 64)
		if err := errors.Join(uerr, rerr); err != nil {
			fmt.Fprintf(out, "skipped line %d: %v\n", i+2, err) // the header is line 1
			continue
		}
		t := tables[rec[0]]
		if t == nil {
			t = &pintypes.Table{Columns: columns}
			tables[rec[0]] = t
			regions = append(regions, rec[0])
		}
		t.Rows = append(t.Rows, pintypes.Row{"date": rec[1], "product": rec[2], "units": u, "revenue": rev})
		units += u
		revenue += rev
	}
	tags := []string{"bulk-import", "sales"}
	reqs := []*pindown.CreatePinRequest{{
		Config: &pintypes.StatCards{Cards: []pintypes.StatCard{
			{Title: "Revenue", Value: fmt.Sprintf("$%.2f", revenue)},
			{Title: "Units sold", Value: fmt.Sprint(units)},
			{Title: "Regions", Value: fmt.Sprint(len(regions))},
		}},
		Layout:   pindown.Layout2x1,
		Metadata: pindown.Metadata{Title: "Sales totals", Tags: tags},
	}}
	for _, name := range regions {
		reqs = append(reqs, &pindown.CreatePinRequest{
			Config:   tables[name],
			Layout:   pindown.Layout2x2,
			Metadata: pindown.Metadata{Title: "Sales: " + name, Tags: tags},
		})
	}
	return reqs, nil
}
