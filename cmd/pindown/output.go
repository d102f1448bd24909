package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	pindown "github.com/pindownai/client-go"
)

// pinJSON is a pin as --json prints it. Its field names are stable: scripts
// depend on them (documented in README_SECTION.md).
type pinJSON struct {
	ID            string          `json:"id"`
	Type          string          `json:"type,omitempty"`
	Layout        string          `json:"layout,omitempty"`
	Title         string          `json:"title"`
	Description   string          `json:"description,omitempty"`
	Tags          []string        `json:"tags,omitempty"`
	Config        json.RawMessage `json:"config,omitempty"`
	IsPublic      bool            `json:"is_public"`
	AllowEdit     bool            `json:"allow_edit"`
	RequireSignIn bool            `json:"require_sign_in"`
	AllowComments bool            `json:"allow_comments"`
	CreatedAt     string          `json:"created_at,omitempty"`
	UpdatedAt     string          `json:"updated_at,omitempty"`
	URL           string          `json:"url"`
}

func toPinJSON(p *pindown.Pin) (pinJSON, error) {
	j := pinJSON{
		ID: p.ID, Type: string(p.Type), Layout: string(p.Layout),
		Title: p.Metadata.Title, Description: p.Metadata.Description, Tags: p.Metadata.Tags,
		IsPublic: p.IsPublic, AllowEdit: p.AllowEdit, RequireSignIn: p.RequireSignIn, AllowComments: p.AllowComments,
		CreatedAt: timeString(p.CreatedAt), UpdatedAt: timeString(p.UpdatedAt), URL: shareURL(p.ID),
	}
	if p.Config != nil {
		b, err := json.Marshal(p.Config)
		if err != nil {
			return j, fmt.Errorf("encoding the config of %s: %w", p.ID, err)
		}
		j.Config = b
	}
	return j, nil
}

// toPinsJSON converts pins: never nil, so that JSON prints [] for none.
func toPinsJSON(pins []*pindown.Pin) ([]pinJSON, error) {
	out := make([]pinJSON, 0, len(pins))
	for _, p := range pins {
		j, err := toPinJSON(p)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, nil
}

func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// shareURL is where a public pin is seen.
func shareURL(id string) string {
	return "https://pindown.ai/share/pin/" + url.PathEscape(id)
}

// writeJSON prints v as indented JSON on stdout.
func (a *app) writeJSON(v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// printPin prints one pin: as JSON, or as "field: value" lines with the
// config as indented JSON last.
func (a *app) printPin(p *pindown.Pin) error {
	j, err := toPinJSON(p)
	if err != nil {
		return err
	}
	if a.json {
		return a.writeJSON(j)
	}
	err = a.printFields("id", j.ID, "type", j.Type, "title", j.Title, "description", j.Description,
		"tags", strings.Join(j.Tags, ", "), "layout", j.Layout,
		"sharing", sharing(p.IsPublic, p.AllowEdit, p.RequireSignIn, p.AllowComments),
		"created", j.CreatedAt, "updated", j.UpdatedAt, "url", j.URL)
	if err != nil {
		return err
	}
	if len(j.Config) > 0 {
		var b bytes.Buffer
		if err := json.Indent(&b, j.Config, "  ", "  "); err == nil {
			fmt.Fprintf(a.stdout, "config:\n  %s\n", b.String())
		}
	}
	return nil
}

// printFields prints pairs of names and values as aligned "name: value"
// lines, leaving out the empty values.
func (a *app) printFields(pairs ...string) error {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 1, ' ', 0)
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			fmt.Fprintf(tw, "%s:\t%s\n", pairs[i], pairs[i+1])
		}
	}
	return tw.Flush()
}

// printResult prints what a command did: v with --json, else the text
// format makes of args.
func (a *app) printResult(v any, format string, args ...any) error {
	if a.json {
		return a.writeJSON(v)
	}
	_, err := fmt.Fprintf(a.stdout, format, args...)
	return err
}

// printShared prints the sharing flags of a pin or board after a share: v
// with --json, else its id, its settings and its URL.
func (a *app) printShared(v any, id, settings, url string) error {
	return a.printResult(v, "id:       %s\nsharing:  %s\nurl:      %s\n", id, settings, url)
}

// mapSlice returns f of each item: never nil, so that JSON prints [] for
// no items.
func mapSlice[T, J any](items []T, f func(T) J) []J {
	out := make([]J, 0, len(items))
	for _, it := range items {
		out = append(out, f(it))
	}
	return out
}

// sharing describes sharing flags, such as "public, comments".
func sharing(public, edit, signIn, comments bool) string {
	s := "private"
	if public {
		s = "public"
	}
	for _, f := range []struct {
		on   bool
		name string
	}{{edit, "edit"}, {signIn, "sign-in required"}, {comments, "comments"}} {
		if f.on {
			s += ", " + f.name
		}
	}
	return s
}

// printPinTable prints pins as a table (text) or a JSON array.
func (a *app) printPinTable(pins []*pindown.Pin) error {
	if a.json {
		out, err := toPinsJSON(pins)
		if err != nil {
			return err
		}
		return a.writeJSON(out)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTYPE\tTITLE\tPUBLIC\tCREATED")
	for _, p := range pins {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.ID, orDash(string(p.Type)), oneLine(p.Metadata.Title),
			yesNo(p.IsPublic), orDash(timeString(p.CreatedAt)))
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// oneLine keeps a table cell on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// githubOutput appends pin_id and pin_url to the file $GITHUB_OUTPUT names,
// when it is set: a later step of a GitHub Actions job reads them as
// steps.<id>.outputs.pin_id and pin_url.
func (a *app) githubOutput(p *pindown.Pin) error {
	path := a.env("GITHUB_OUTPUT")
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err == nil {
		_, err = fmt.Fprintf(f, "pin_id=%s\npin_url=%s\n", p.ID, shareURL(p.ID))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return withCode(exitOther, fmt.Errorf("GITHUB_OUTPUT: %w", err))
	}
	return nil
}

// openInput opens a file, or stdin for "-".
func (a *app) openInput(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(a.stdin), nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, inputErr("%v", err)
	}
	return f, nil
}

// readInput reads a whole file, or stdin for "-".
func (a *app) readInput(name string) ([]byte, error) {
	r, err := a.openInput(name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, inputErr("reading %s: %v", displayName(name), err)
	}
	return b, nil
}

func displayName(name string) string {
	if name == "-" {
		return "stdin"
	}
	return name
}
