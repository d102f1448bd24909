//go:build ignore

// gen_sample writes sample.csv: 500 daily sales lines of an outdoor-gear shop
// in the first quarter of 2025, deterministically (same seed, same file).
// Regenerate with `go generate ./examples/bulk-import`.
package main

import (
	"encoding/csv"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"slices"
	"time"
)

// Region sizes are uneven on purpose: North America needs two table pins.
var regions = []struct {
	name  string
	lines int
}{
	{"North America", 190}, {"Europe", 110}, {"Asia Pacific", 85}, {"Latin America", 50},
	{"Middle East", 30}, {"Africa", 20}, {"Oceania", 15},
}

var products = []struct {
	name  string
	cents int64
}{
	{"Trail Runner 2", 8900}, {"City Sneaker", 7450}, {"Hiking Boot GTX", 15900},
	{"Rain Shell", 12999}, {"Down Vest", 9900}, {"Merino Tee", 4500},
	{"Wool Socks, 3-pack", 1999}, {"Daypack 24L", 6900}, {`Headlamp "Nova" 400`, 3499},
}

// line is one sales line of the sample.
type line struct {
	region, date, product string
	units                 int64
	cents                 int64
}

func main() {
	if err := writeSample("sample.csv", sampleLines()); err != nil {
		log.Fatal(err)
	}
}

// sampleLines draws the lines of every region from a fixed seed and sorts
// them by date, keeping the drawn order within a day.
func sampleLines() []line {
	r := rand.New(rand.NewPCG(2025, 1))
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var lines []line
	for _, reg := range regions {
		for range reg.lines {
			p := products[r.IntN(len(products))]
			units := 1 + r.Int64N(40) + r.Int64N(40)
			discount := r.Int64N(16) // percent
			lines = append(lines, line{
				region:  reg.name,
				date:    start.AddDate(0, 0, r.IntN(90)).Format(time.DateOnly),
				product: p.name,
				units:   units,
				cents:   units * p.cents * (100 - discount) / 100,
			})
		}
	}
	slices.SortStableFunc(lines, func(a, b line) int {
		if a.date != b.date {
			if a.date < b.date {
				return -1
			}
			return 1
		}
		return 0
	})
	return lines
}

// writeSample writes lines to the CSV file name, with a header row.
func writeSample(name string, lines []line) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"region", "date", "product", "units", "revenue"})
	for _, l := range lines {
		w.Write([]string{l.region, l.date, l.product, fmt.Sprint(l.units), fmt.Sprintf("%d.%02d", l.cents/100, l.cents%100)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return f.Close()
}
