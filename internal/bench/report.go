package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// A report is what one scenario measured, in one or more sections.
type report struct {
	scenario string
	elapsed  time.Duration
	sections []*section
}

// A section is one part of a report: a table for people, and the metrics
// and target checks that make one bench line.
type section struct {
	label   string // "headers=on"; empty when the scenario has one section
	header  []string
	rows    [][]string
	metrics []metric
	checks  []check
	notes   []string
}

type metric struct{ key, value string }

// A check is a target and whether the measurement met it.
type check struct {
	target string // "sdk_429s = 0"
	got    string
	pass   bool
}

// newSection adds a section with the given label and table header.
func (r *report) newSection(label string, header ...string) *section {
	s := &section{label: label, header: header}
	r.sections = append(r.sections, s)
	return s
}

// row adds a table row.
func (s *section) row(cells ...string) { s.rows = append(s.rows, cells) }

// metric adds key=value to the bench line, value formatted with format.
func (s *section) metric(key, format string, v any) {
	s.metrics = append(s.metrics, metric{key, fmt.Sprintf(format, v)})
}

// check records whether a target was met; got describes the measurement.
func (s *section) check(target string, pass bool, got string) {
	s.checks = append(s.checks, check{target, got, pass})
}

// note adds a line of explanation below the table.
func (s *section) note(format string, args ...any) {
	s.notes = append(s.notes, fmt.Sprintf(format, args...))
}

// value returns the value of the metric key, or "" if there is none.
func (s *section) value(key string) string {
	for _, m := range s.metrics {
		if m.key == key {
			return m.value
		}
	}
	return ""
}

// passed reports whether every check of s passed.
func (s *section) passed() bool {
	for _, c := range s.checks {
		if !c.pass {
			return false
		}
	}
	return true
}

// print writes the report's tables, checks and notes for people.
func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "\n== %s (%.1fs)\n", r.scenario, r.elapsed.Seconds())
	for _, s := range r.sections {
		if s.label != "" {
			fmt.Fprintf(w, "\n-- %s\n", s.label)
		}
		if len(s.header) > 0 {
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, strings.Join(s.header, "\t")+"\t")
			for _, row := range s.rows {
				fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
			}
			tw.Flush()
		}
		for _, c := range s.checks {
			verdict := "PASS"
			if !c.pass {
				verdict = "FAIL"
			}
			fmt.Fprintf(w, "%s  %s (got %s)\n", verdict, c.target, c.got)
		}
		for _, n := range s.notes {
			fmt.Fprintln(w, "note:", n)
		}
	}
}

// lines returns the report's bench lines, one per section.
func (r *report) lines() []string {
	var out []string
	for _, s := range r.sections {
		var b strings.Builder
		fmt.Fprintf(&b, "bench: scenario=%s", r.scenario)
		if s.label != "" {
			b.WriteString(" " + s.label)
		}
		fmt.Fprintf(&b, " elapsed_s=%.1f", r.elapsed.Seconds())
		for _, m := range s.metrics {
			fmt.Fprintf(&b, " %s=%s", m.key, m.value)
		}
		if len(s.checks) > 0 {
			verdict := "pass"
			if !s.passed() {
				verdict = "fail"
			}
			b.WriteString(" targets=" + verdict)
		}
		out = append(out, b.String())
	}
	return out
}
