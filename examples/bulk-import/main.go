// Bulk-import publishes a CSV of sales lines as pins: one table pin per
// region and a stat-cards pin with the totals, all created by a single
// BatchCreate call. The SDK splits the call into requests of 50 pins, paces
// them within the write rate limit, and reports one outcome per pin.
//
// The CSV needs a header row with the columns region, date, product, units
// (a whole number) and revenue (a decimal such as 1234.50), in any order. A
// region with more lines than -rows-per-pin is split over several table pins,
// so that no pin gets unwieldy. Lines that do not parse are reported and
// skipped.
//
// With PINDOWN_API_KEY set it talks to the Pins API (PINDOWN_BASE_URL, or
// production); without it, to an in-memory pindowntest server started here,
// so it runs on a fresh clone with no account:
//
//	go run ./examples/bulk-import                   # the bundled sample.csv, 500 lines
//	go run ./examples/bulk-import -csv q1-sales.csv -rows-per-pin 50
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pindowntest"
	"github.com/pindownai/client-go/pintypes"
)

//go:generate go run gen_sample.go

// sampleCSV is the default input: 500 sales lines over seven regions.
//
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

// run is the program: args are the command-line arguments, getenv reads the
// environment, and everything but flag errors is printed to out.
func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	csvPath, rowsPerPin, err := parseFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		return nil // the flag package printed the usage
	}
	if err != nil {
		return err
	}
	source, lines, err := readInput(csvPath, out)
	if err != nil {
		return err
	}
	reqs := pinRequests(lines, rowsPerPin, source)
	fmt.Fprintf(out, "read %d lines from %s: %d pins to create\n", len(lines), source, len(reqs))

	c, requests, err := newClient(getenv, out)
	if err != nil {
		return err
	}
	defer c.close()
	return createPins(ctx, c, reqs, requests, out)
}

// parseFlags returns the -csv path and -rows-per-pin; flag.ErrHelp when
// -help was asked for.
func parseFlags(args []string) (csvPath string, rowsPerPin int, err error) {
	fs := flag.NewFlagSet("bulk-import", flag.ContinueOnError)
	fs.StringVar(&csvPath, "csv", "", "the CSV file to import (default: the bundled sample.csv)")
	fs.IntVar(&rowsPerPin, "rows-per-pin", 100, "the most rows one table pin gets; larger regions are split")
	if err := fs.Parse(args); err != nil {
		return "", 0, err
	}
	if fs.NArg() > 0 {
		return "", 0, fmt.Errorf("unexpected arguments %q; give the file with -csv", fs.Args())
	}
	if rowsPerPin < 1 {
		return "", 0, fmt.Errorf("-rows-per-pin must be at least 1, got %d", rowsPerPin)
	}
	return csvPath, rowsPerPin, nil
}

// readInput reads the sales lines of csvPath, or of the bundled sample when
// it is "", and prints the lines it skipped. It returns the input's name.
func readInput(csvPath string, out io.Writer) (source string, lines []sale, err error) {
	source, input := "sample.csv (bundled)", io.Reader(bytes.NewReader(sampleCSV))
	if csvPath != "" {
		f, err := os.Open(csvPath)
		if err != nil {
			return "", nil, err
		}
		defer f.Close()
		source, input = csvPath, f
	}
	lines, skipped, err := readSales(input)
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", source, err)
	}
	for _, s := range skipped {
		fmt.Fprintf(out, "skipped %s\n", s)
	}
	if len(lines) == 0 {
		return "", nil, fmt.Errorf("%s: no sales lines to import", source)
	}
	return source, lines, nil
}

// createPins creates reqs and prints the outcome of each; requests counts
// the HTTP requests sent.
func createPins(ctx context.Context, c *client, reqs []*pindown.CreatePinRequest, requests *atomic.Int64, out io.Writer) error {
	// One call for every pin: the SDK chunks it, 50 pins per request.
	res, err := c.Pins.BatchCreate(ctx, reqs)
	created := 0
	for i, it := range res.Items {
		title := reqs[i].Metadata.Title
		switch {
		case it.Err == nil:
			created++
			fmt.Fprintf(out, "  created %s  %-10s  %s\n", it.Value.ID, it.Value.Type, title)
		case errors.Is(it.Err, pindown.ErrMaybeCreated):
			fmt.Fprintf(out, "  UNKNOWN %q: %v (check the pins before importing again)\n", title, it.Err)
		default:
			fmt.Fprintf(out, "  FAILED  %q: %v\n", title, it.Err)
		}
	}
	fmt.Fprintf(out, "created %d of %d pins in %s\n", created, len(reqs), plural(requests.Load(), "request"))
	if err != nil {
		return fmt.Errorf("the import stopped early: %w", err)
	}
	if failed := len(reqs) - created; failed > 0 {
		return fmt.Errorf("%d of %d pins were not created", failed, len(reqs))
	}
	return nil
}

// client is a Pins API client and what to close when done with it.
type client struct {
	*pindown.Client
	close func()
}

// newClient returns a client for PINDOWN_API_KEY (at PINDOWN_BASE_URL or
// production) or, when that is not set, for an in-memory pindowntest server.
// requests counts the HTTP requests the client sends, retries included.
func newClient(getenv func(string) string, out io.Writer) (c *client, requests *atomic.Int64, err error) {
	c = &client{close: func() {}}
	requests = new(atomic.Int64)
	opts := []pindown.Option{pindown.WithHTTPClient(&http.Client{Transport: countingTransport{requests}})}
	key := getenv("PINDOWN_API_KEY")
	if key == "" {
		srv := pindowntest.NewServer()
		c.close = srv.Close
		key = srv.NewKey()
		opts = append(opts, pindown.WithBaseURL(srv.URL))
		fmt.Fprintln(out, "PINDOWN_API_KEY is not set: using an in-memory pindowntest server at", srv.URL)
	} else if u := getenv("PINDOWN_BASE_URL"); u != "" {
		opts = append(opts, pindown.WithBaseURL(u))
	}
	if c.Client, err = pindown.NewClient(key, opts...); err != nil {
		c.close()
		return nil, nil, err
	}
	return c, requests, nil
}

// countingTransport counts the requests sent through it.
type countingTransport struct{ n *atomic.Int64 }

func (t countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

// sale is one CSV line.
type sale struct {
	region, date, product string
	units                 int64
	cents                 int64 // revenue in cents, so that sums are exact
}

var columns = []string{"region", "date", "product", "units", "revenue"}

// readSales reads the CSV. A line that does not parse is described in
// skipped; a missing column or a broken file is an error.
func readSales(r io.Reader) (lines []sale, skipped []string, err error) {
	cr := csv.NewReader(r) // every line must have as many fields as the header
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("reading the header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, name := range columns {
		if _, ok := col[name]; !ok {
			return nil, nil, fmt.Errorf("the header %q has no %q column (want %s)", header, name, strings.Join(columns, ", "))
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return lines, skipped, nil
		}
		if err != nil {
			var perr *csv.ParseError
			if errors.As(err, &perr) && perr.Err == csv.ErrFieldCount {
				skipped = append(skipped, fmt.Sprintf("line %d: %v", perr.StartLine, perr.Err))
				continue
			}
			return nil, nil, err
		}
		line, _ := cr.FieldPos(0)
		s, err := parseSale(rec, col)
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("line %d: %v", line, err))
			continue
		}
		lines = append(lines, s)
	}
}

func parseSale(rec []string, col map[string]int) (sale, error) {
	field := func(name string) string {
		if i := col[name]; i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	s := sale{region: field("region"), date: field("date"), product: field("product")}
	if s.region == "" {
		return s, errors.New("no region")
	}
	if s.product == "" {
		return s, errors.New("no product")
	}
	units, err := strconv.ParseInt(field("units"), 10, 64)
	if err != nil || units < 0 {
		return s, fmt.Errorf("units %q is not a whole number ≥ 0", field("units"))
	}
	s.units = units
	if s.cents, err = parseCents(field("revenue")); err != nil {
		return s, err
	}
	return s, nil
}

// parseCents reads a non-negative decimal with at most two decimals.
func parseCents(v string) (int64, error) {
	whole, frac, _ := strings.Cut(v, ".")
	bad := fmt.Errorf("revenue %q is not an amount such as 1234.50", v)
	if whole == "" || len(frac) > 2 || strings.ContainsFunc(whole+frac, func(r rune) bool { return r < '0' || r > '9' }) {
		return 0, bad
	}
	frac += strings.Repeat("0", 2-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, bad
	}
	return n, nil
}

// region is the lines of one region, in file order.
type region struct {
	name  string
	lines []sale
	units int64
	cents int64
}

// pinRequests builds the pins: the totals first, then each region's tables,
// regions by revenue, largest first.
func pinRequests(lines []sale, rowsPerPin int, source string) []*pindown.CreatePinRequest {
	regions, units, cents := byRegion(lines)
	reqs := []*pindown.CreatePinRequest{totalsRequest(regions, len(lines), units, cents, source)}
	for _, r := range regions {
		reqs = append(reqs, regionRequests(r, rowsPerPin)...)
	}
	return reqs
}

// byRegion groups lines by region, regions by revenue, largest first (then
// by name), and returns the total units and cents too.
func byRegion(lines []sale) (regions []*region, units, cents int64) {
	byName := map[string]*region{}
	for _, s := range lines {
		r := byName[s.region]
		if r == nil {
			r = &region{name: s.region}
			byName[s.region] = r
			regions = append(regions, r)
		}
		r.lines = append(r.lines, s)
		r.units += s.units
		r.cents += s.cents
		units += s.units
		cents += s.cents
	}
	slices.SortStableFunc(regions, func(a, b *region) int {
		if a.cents != b.cents {
			if a.cents > b.cents {
				return -1
			}
			return 1
		}
		return strings.Compare(a.name, b.name)
	})
	return regions, units, cents
}

// totalsRequest is the stat-cards pin of the totals of n lines.
func totalsRequest(regions []*region, n int, units, cents int64, source string) *pindown.CreatePinRequest {
	top := regions[0]
	return &pindown.CreatePinRequest{
		Config: &pintypes.StatCards{Cards: []pintypes.StatCard{
			{Title: "Revenue", Value: money(cents)},
			{Title: "Units sold", Value: thousands(units)},
			{Title: "Sales lines", Value: thousands(int64(n)), Change: fmt.Sprintf("%d regions", len(regions))},
			{Title: "Top region", Value: top.name, Change: fmt.Sprintf("%.1f%% of revenue", 100*float64(top.cents)/float64(max(cents, 1)))},
		}},
		Layout: pindown.Layout2x1,
		Metadata: pindown.Metadata{
			Title:       "Sales totals",
			Description: "Imported from " + source,
			Tags:        []string{"bulk-import", "sales"},
		},
	}
}

// regionRequests are the table pins of r, at most rowsPerPin rows each.
func regionRequests(r *region, rowsPerPin int) []*pindown.CreatePinRequest {
	var reqs []*pindown.CreatePinRequest
	// Split evenly: 110 lines at most 100 per pin make two pins of 55.
	n := len(r.lines)
	parts := (n + rowsPerPin - 1) / rowsPerPin
	for p := range parts {
		chunk := r.lines[p*n/parts : (p+1)*n/parts]
		title := "Sales: " + r.name
		if parts > 1 {
			title += fmt.Sprintf(" (part %d of %d)", p+1, parts)
		}
		reqs = append(reqs, &pindown.CreatePinRequest{
			Config: salesTable(chunk),
			Layout: pindown.Layout2x2,
			Metadata: pindown.Metadata{
				Title: title,
				Description: fmt.Sprintf("%d of %d lines; region total %s units, %s",
					len(chunk), len(r.lines), thousands(r.units), money(r.cents)),
				Tags: []string{"bulk-import", "sales", slug(r.name)},
			},
		})
	}
	return reqs
}

func salesTable(lines []sale) *pintypes.Table {
	t := &pintypes.Table{Columns: []pintypes.TableColumn{
		{ID: "date", Name: "Date", Type: pintypes.ColumnText},
		{ID: "product", Name: "Product", Type: pintypes.ColumnText},
		{ID: "units", Name: "Units", Type: pintypes.ColumnNumber},
		{ID: "revenue", Name: "Revenue (USD)", Type: pintypes.ColumnNumber},
	}}
	for _, s := range lines {
		t.Rows = append(t.Rows, pintypes.Row{
			"date":    s.date,
			"product": s.product,
			"units":   s.units,
			// json.Number keeps the amount exact, as written ("1234.50").
			"revenue": json.Number(fmt.Sprintf("%d.%02d", s.cents/100, s.cents%100)),
		})
	}
	return t
}

// money formats cents as dollars: $1,234,567.89.
func money(cents int64) string {
	return fmt.Sprintf("$%s.%02d", thousands(cents/100), cents%100)
}

// thousands formats n with thousands separators: 1,234,567.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// slug turns a region name into a tag: "North America" → "north-america".
func slug(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), "-")
}
