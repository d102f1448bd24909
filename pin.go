package pindown

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"time"

	"github.com/pindownai/client-go/pintypes"
)

// Layout is a pin's size on the dashboard grid, columns × rows.
type Layout string

// The layouts the API accepts.
const (
	Layout1x1 Layout = "1x1"
	Layout1x2 Layout = "1x2"
	Layout2x1 Layout = "2x1"
	Layout2x2 Layout = "2x2"
	Layout3x1 Layout = "3x1"
	Layout3x2 Layout = "3x2"
	Layout3x3 Layout = "3x3"
	Layout4x4 Layout = "4x4"
)

// Valid reports whether l is one of the layouts the API accepts.
func (l Layout) Valid() bool {
	switch l {
	case Layout1x1, Layout1x2, Layout2x1, Layout2x2, Layout3x1, Layout3x2, Layout3x3, Layout4x4:
		return true
	}
	return false
}

// Role is what an invited person or collaborator may do with a pin or a
// page: edit it, or only view it.
type Role string

// The roles of pin invites and page collaborators.
const (
	RoleEditor Role = "editor"
	RoleViewer Role = "viewer"
)

// Metadata is a pin's title, description and tags.
type Metadata struct {
	Title       string   `json:"title"`                 // shown on the pin; required, not empty
	Description string   `json:"description,omitempty"` // a longer text under the title
	Tags        []string `json:"tags,omitempty"`        // free-form labels, for finding pins
}

// Pin is a pin as the API describes it. Pins from List are summaries (no
// Config, tags or layout; see List); Get and BatchGet return whole pins.
type Pin struct {
	ID     string        `json:"id"`                   // assigned by the server, such as "p-abc123def456"
	Type   pintypes.Type `json:"pin_type,omitempty"`   // what the pin shows; its Config's type
	Layout Layout        `json:"pin_layout,omitempty"` // its size on the grid; empty: the server's default

	Metadata Metadata `json:"metadata"` // title, description and tags

	// Config is the pin's content, always a pointer to its typed struct
	// (*pintypes.StatCards, *pintypes.Markdown, …), or *pintypes.Raw for
	// a type or shape this SDK does not model; nil when the response did
	// not carry it (list summaries).
	Config pintypes.Config `json:"pin_config,omitempty"`

	IsPublic      bool `json:"is_public"`       // anyone with the link can see it
	AllowEdit     bool `json:"allow_edit"`      // people it is shared with may edit it, not only view it
	RequireSignIn bool `json:"require_sign_in"` // viewers must sign in to Pindown, even when it is public
	AllowComments bool `json:"allow_comments"`  // viewers may comment on it

	OwnerID   string    `json:"owner_id,omitempty"` // the user who owns it, when the response says
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// URL is where the pin can be seen: by anyone when it is public, by its
// owner and the people it is shared with otherwise.
func (p *Pin) URL() string { return pinURL(p.ID) }

func pinURL(id string) string { return "https://pindown.ai/share/pin/" + url.PathEscape(id) }

// wirePin is every shape a pin has had on the wire: the newest (content in
// metadata, epoch-ms times at the root), the older one (type, layout and
// content at the root, RFC 3339 times in metadata), and mixes of them.
type wirePin struct {
	ID    string `json:"id"`
	PinID string `json:"pin_id"`
	wireFields
	OwnerID  string       `json:"owner_id"`
	Metadata wireMetadata `json:"metadata"` // zero when absent: nothing to merge
}

// wireMetadata is a pin's metadata member.
type wireMetadata struct {
	wireFields
	Tags []string `json:"tags"`
}

// wireFields are the members found both at a pin's root and in its
// metadata, depending on the shape.
type wireFields struct {
	Title         string          `json:"title"`
	Description   string          `json:"description"`
	PinType       pintypes.Type   `json:"pin_type"`
	PinLayout     Layout          `json:"pin_layout"`
	PinConfig     json.RawMessage `json:"pin_config"`
	Content       json.RawMessage `json:"content"`
	IsPublic      optBool         `json:"is_public"`
	AllowEdit     optBool         `json:"allow_edit"`
	RequireSignIn optBool         `json:"require_sign_in"`
	AllowComments optBool         `json:"allow_comments"`
	CreatedAt     timestamp       `json:"created_at"`
	UpdatedAt     timestamp       `json:"updated_at"`
}

// UnmarshalJSON decodes a pin in any shape the API has used.
func (p *Pin) UnmarshalJSON(b []byte) error {
	var w wirePin
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = w.pin()
	return nil
}

// hasID checks that a response named its pin: a create or get responded
// without an id is malformed.
func (w *wirePin) hasID() error {
	if w.ID == "" && w.PinID == "" {
		return errors.New("the response names no pin id")
	}
	return nil
}

func (w *wirePin) pin() Pin {
	p := Pin{ID: first(w.ID, w.PinID), Type: w.PinType, Layout: w.PinLayout, OwnerID: w.OwnerID}
	p.Metadata.Title, p.Metadata.Description = w.Title, w.Description
	cfg := firstRaw(w.PinConfig, w.Content)
	flags := [4]optBool{w.IsPublic, w.AllowEdit, w.RequireSignIn, w.AllowComments}
	p.CreatedAt, p.UpdatedAt = time.Time(w.CreatedAt), time.Time(w.UpdatedAt)
	// metadata holds what was sent; the root copies may be empty
	m := &w.Metadata
	p.Metadata.Title = first(m.Title, p.Metadata.Title)
	p.Metadata.Description = first(m.Description, p.Metadata.Description)
	p.Metadata.Tags = m.Tags
	p.Type = first(p.Type, m.PinType)
	p.Layout = first(p.Layout, m.PinLayout)
	cfg = firstRaw(cfg, m.PinConfig, m.Content)
	for i, f := range [4]optBool{m.IsPublic, m.AllowEdit, m.RequireSignIn, m.AllowComments} {
		if flags[i] == unset {
			flags[i] = f
		}
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = time.Time(m.CreatedAt)
	}
	if p.UpdatedAt.IsZero() {
		p.UpdatedAt = time.Time(m.UpdatedAt)
	}
	for i, dst := range [4]*bool{&p.IsPublic, &p.AllowEdit, &p.RequireSignIn, &p.AllowComments} {
		*dst = flags[i] == isTrue
	}
	if cfg != nil {
		if p.Type == "" {
			p.Type = pintypes.TypeMarkdown // the API's default type
		}
		p.Config = decodeConfig(p.Type, cfg)
	}
	return p
}

// decodeConfig decodes a config to its typed form; one that does not fit its
// type's shape is kept as Raw rather than failing the whole pin. A markdown
// pin's content sent as a bare string (old pages) is its Content.
func decodeConfig(t pintypes.Type, raw json.RawMessage) pintypes.Config {
	if t == pintypes.TypeMarkdown && bytes.HasPrefix(bytes.TrimLeft(raw, " \t\r\n"), []byte(`"`)) {
		raw = append(append([]byte(`{"content":`), raw...), '}')
	}
	cfg, err := pintypes.Decode(t, raw)
	if err != nil {
		return &pintypes.Raw{Type: t, JSON: append(json.RawMessage(nil), raw...)}
	}
	return cfg
}

// asPointer returns cfg as a pointer to its struct: a Pin's Config is
// always a pointer, however the caller passed it.
func asPointer(cfg pintypes.Config) pintypes.Config {
	v := reflect.ValueOf(cfg)
	if cfg == nil || v.Kind() == reflect.Pointer {
		return cfg
	}
	p := reflect.New(v.Type())
	p.Elem().Set(v)
	if pc, ok := p.Interface().(pintypes.Config); ok {
		return pc
	}
	return cfg
}

func first[T ~string](vs ...T) T {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// firstRaw returns the first value that is present and not null.
func firstRaw(vs ...json.RawMessage) json.RawMessage {
	for _, v := range vs {
		if len(v) > 0 && !bytes.Equal(v, []byte("null")) {
			return v
		}
	}
	return nil
}

// optBool is a JSON bool that remembers whether it was present, without
// the allocation of a *bool.
type optBool uint8

const (
	unset optBool = iota
	isFalse
	isTrue
)

func (b *optBool) UnmarshalJSON(data []byte) error {
	switch string(data) {
	case "true":
		*b = isTrue
	case "false":
		*b = isFalse
	case "null":
		*b = unset
	default:
		return fmt.Errorf("pindown: %s is not a boolean", data)
	}
	return nil
}

// or is the flag as the response said it, else as sent (false when not
// sent): the server's word wins for the flags it echoed.
func (b optBool) or(sent *bool) bool {
	if b == unset {
		return sent != nil && *sent
	}
	return b == isTrue
}

// timestamp decodes a time sent as epoch milliseconds (a number or a string
// of digits) or as RFC 3339.
type timestamp time.Time

// The epoch milliseconds of years 0 and 9999, the range time.Time encodes.
const (
	minEpochMilli = -62167219200000
	maxEpochMilli = 253402300799999
)

func (t *timestamp) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" || s == `""` {
		return nil
	}
	if len(s) >= 2 && s[0] == '"' {
		unq, err := strconv.Unquote(s)
		if err != nil {
			return fmt.Errorf("pindown: time %s is not a JSON string", s)
		}
		s = unq
	}
	if isNumber(s) {
		ms, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("pindown: time %q: %w", s, err)
		}
		if !(ms >= minEpochMilli && ms <= maxEpochMilli) {
			return fmt.Errorf("pindown: time %q is out of range (years 0 to 9999)", s)
		}
		*t = timestamp(time.UnixMilli(int64(ms)).UTC())
		return nil
	}
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("pindown: time %q is neither epoch milliseconds nor RFC 3339", s)
	}
	*t = timestamp(v.UTC())
	return nil
}

// isNumber reports whether s looks like a JSON number (digits, sign,
// point, exponent), so that epoch times are told from RFC 3339 without
// paying for a failed parse.
func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '-' && r != '+' && r != '.' && r != 'e' && r != 'E' {
			return false
		}
	}
	return true
}
