package pindown

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pindownai/client-go/internal/jsonscan"
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

// Role is what an invited person may do with a pin.
type Role string

// The roles of pending invites.
const (
	RoleEditor Role = "editor"
	RoleViewer Role = "viewer"
)

// Metadata is a pin's title, description and tags.
type Metadata struct {
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Tags        []string `json:"tags,omitempty"`
}

// Pin is a pin as the API describes it. Pins from List are summaries: their
// Config is usually nil; Get returns the whole pin.
type Pin struct {
	ID            string          `json:"id"`
	Type          pintypes.Type   `json:"pin_type,omitempty"`
	Layout        Layout          `json:"pin_layout,omitempty"`
	Metadata      Metadata        `json:"metadata"`
	Config        pintypes.Config `json:"pin_config,omitempty"` // typed, e.g. *pintypes.StatCards; *pintypes.Raw for types the SDK does not model
	IsPublic      bool            `json:"is_public"`
	AllowEdit     bool            `json:"allow_edit"`
	RequireSignIn bool            `json:"require_sign_in"`
	AllowComments bool            `json:"allow_comments"`
	OwnerID       string          `json:"owner_id,omitempty"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
}

// wirePin is every shape a pin has had on the wire: the newest (content in
// metadata, epoch-ms times at the root), the older one (type, layout and
// content at the root, RFC 3339 times in metadata), and mixes of them.
type wirePin struct {
	ID    string `json:"id"`
	PinID string `json:"pin_id"`
	wireFields
	OwnerID  string        `json:"owner_id"`
	Metadata *wireMetadata `json:"metadata"`
}

// wireMetadata is a pin's metadata member.
type wireMetadata struct {
	wireFields
	Tags []string `json:"tags"`
}

// wireFields are the members found both at a pin's root and in its
// metadata, depending on the shape.
type wireFields struct {
	Title         *string         `json:"title"`
	Description   *string         `json:"description"`
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
	if s := (jsonscan.Scanner{Data: b}); !w.fastFrom(&s) || !s.End() {
		w = wirePin{}
		if err := json.Unmarshal(b, &w); err != nil {
			return err
		}
	}
	*p = w.pin()
	return nil
}

func (w *wirePin) pin() Pin {
	p := Pin{ID: first(w.ID, w.PinID), Type: w.PinType, Layout: w.PinLayout, OwnerID: w.OwnerID}
	if w.Title != nil {
		p.Metadata.Title = *w.Title
	}
	if w.Description != nil {
		p.Metadata.Description = *w.Description
	}
	cfg := firstRaw(w.PinConfig, w.Content)
	flags := [4]optBool{w.IsPublic, w.AllowEdit, w.RequireSignIn, w.AllowComments}
	p.CreatedAt, p.UpdatedAt = time.Time(w.CreatedAt), time.Time(w.UpdatedAt)
	if m := w.Metadata; m != nil {
		// metadata holds what was sent; the root copies may be empty
		if m.Title != nil && (*m.Title != "" || p.Metadata.Title == "") {
			p.Metadata.Title = *m.Title
		}
		if m.Description != nil && (*m.Description != "" || p.Metadata.Description == "") {
			p.Metadata.Description = *m.Description
		}
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

// CreatePinRequest is a new pin. Only Metadata.Title is required.
type CreatePinRequest struct {
	// Config is the pin's content, and its type: &pintypes.StatCards{…}
	// makes a stat-cards pin. Nil makes an empty markdown pin.
	Config   pintypes.Config
	Layout   Layout // empty: the server's default
	Metadata Metadata

	IsPublic      bool
	AllowEdit     bool
	RequireSignIn bool
	AllowComments bool

	// Invites maps e-mail addresses to the role each is invited with.
	Invites map[string]Role
}

// createBody is CreatePinRequest on the wire, in the newest documented form
// (type, config and layout at the root).
type createBody struct {
	PinType        pintypes.Type   `json:"pin_type,omitempty"`
	PinConfig      json.RawMessage `json:"pin_config,omitempty"`
	PinLayout      Layout          `json:"pin_layout,omitempty"`
	IsPublic       bool            `json:"is_public,omitempty"`
	AllowEdit      bool            `json:"allow_edit,omitempty"`
	RequireSignIn  bool            `json:"require_sign_in,omitempty"`
	AllowComments  bool            `json:"allow_comments,omitempty"`
	Metadata       Metadata        `json:"metadata"`
	PendingInvites map[string]Role `json:"pending_invites,omitempty"`
}

// MarshalJSON writes the body with the already encoded config spliced in,
// rather than have encoding/json scan the config's bytes once more.
func (b *createBody) MarshalJSON() ([]byte, error) {
	type plain createBody
	rest := plain(*b)
	rest.PinConfig = nil
	return spliceConfig(json.Marshal(&rest))(b.PinConfig)
}

// spliceConfig returns a function that puts "pin_config":cfg first in the
// encoded object obj (cfg empty: obj unchanged).
func spliceConfig(obj []byte, err error) func(cfg json.RawMessage) ([]byte, error) {
	return func(cfg json.RawMessage) ([]byte, error) {
		if err != nil || len(cfg) == 0 {
			return obj, err
		}
		out := make([]byte, 0, len(obj)+len(cfg)+16)
		out = append(append(append(out, `{"pin_config":`...), cfg...), ',')
		if len(obj) > 2 {
			return append(out, obj[1:]...), nil
		}
		return append(out[:len(out)-1], '}'), nil
	}
}

// encode validates r, naming each field the server would reject, and
// returns its wire form. The config is encoded once, by the validation.
func (r *CreatePinRequest) encode() (*createBody, error) {
	var problems []string
	if strings.TrimSpace(r.Metadata.Title) == "" {
		problems = append(problems, "metadata.title: required")
	}
	if r.Layout != "" && !r.Layout.Valid() {
		problems = append(problems, fmt.Sprintf("pin_layout: %q is not one of 1x1 1x2 2x1 2x2 3x1 3x2 3x3 4x4", r.Layout))
	}
	problems = append(problems, inviteProblems(r.Invites)...)
	cfg, err := encodeConfig(problems, r.Config)
	if err != nil {
		return nil, err
	}
	b := &createBody{PinConfig: cfg, PinLayout: r.Layout, IsPublic: r.IsPublic, AllowEdit: r.AllowEdit,
		RequireSignIn: r.RequireSignIn, AllowComments: r.AllowComments, Metadata: r.Metadata, PendingInvites: r.Invites}
	if r.Config != nil {
		b.PinType = r.Config.PinType()
	}
	return b, nil
}

func inviteProblems(invites map[string]Role) []string {
	var problems []string
	for email, role := range invites {
		if !strings.Contains(email, "@") {
			problems = append(problems, fmt.Sprintf("pending_invites[%q]: not an e-mail address", email))
		}
		if role != RoleEditor && role != RoleViewer {
			problems = append(problems, fmt.Sprintf("pending_invites[%q]: role %q is not editor or viewer", email, role))
		}
	}
	return problems
}

// encodeConfig encodes and validates cfg (nil stays nil) and joins the
// request's problems and the config's into one error matching
// ErrInvalidRequest (and ErrInvalidConfig for the config).
func encodeConfig(problems []string, cfg pintypes.Config) (json.RawMessage, error) {
	var raw json.RawMessage
	var cfgErr error
	if cfg != nil {
		raw, cfgErr = pintypes.Encode(cfg)
	}
	switch {
	case cfgErr != nil && len(problems) > 0:
		return nil, fmt.Errorf("%w: %s; %w", ErrInvalidRequest, strings.Join(problems, "; "), cfgErr)
	case cfgErr != nil:
		return nil, fmt.Errorf("%w: %w", ErrInvalidRequest, cfgErr)
	case len(problems) > 0:
		return nil, fmt.Errorf("%w: %s", ErrInvalidRequest, strings.Join(problems, "; "))
	}
	return raw, nil
}

// UpdatePinRequest changes some of a pin's fields; only the fields set are
// sent, the others keep their values.
type UpdatePinRequest struct {
	Config      pintypes.Config // new content (and type); nil: unchanged
	Layout      Layout          // "": unchanged
	IsPublic    *bool           // nil: unchanged
	Title       *string         // nil: unchanged
	Description *string         // nil: unchanged
	Tags        []string        // nil: unchanged; an empty non-nil slice removes all tags
}

type updateBody struct {
	ID        string          `json:"id,omitempty"` // batch update only
	PinType   pintypes.Type   `json:"pin_type,omitempty"`
	PinConfig json.RawMessage `json:"pin_config,omitempty"`
	PinLayout Layout          `json:"pin_layout,omitempty"`
	IsPublic  *bool           `json:"is_public,omitempty"`
	Metadata  *updateMetadata `json:"metadata,omitempty"`
}

type updateMetadata struct {
	Title       *string  `json:"title,omitempty"`
	Description *string  `json:"description,omitempty"`
	Tags        []string `json:"tags"`
}

// MarshalJSON writes the body with the already encoded config spliced in.
func (b *updateBody) MarshalJSON() ([]byte, error) {
	type plain updateBody
	rest := plain(*b)
	rest.PinConfig = nil
	return spliceConfig(json.Marshal(&rest))(b.PinConfig)
}

// MarshalJSON leaves tags out when they are nil (unchanged) but sends an
// empty list when they are to be cleared.
func (m *updateMetadata) MarshalJSON() ([]byte, error) {
	type plain updateMetadata
	if m.Tags == nil {
		return json.Marshal(&struct {
			*plain
			Tags []string `json:"tags,omitempty"`
		}{plain: (*plain)(m)})
	}
	return json.Marshal((*plain)(m))
}

// encode validates r and returns its wire form, for the pin id in a batch
// ("" for a single update, whose id is in the path).
func (r *UpdatePinRequest) encode(id string) (*updateBody, error) {
	if r.Config == nil && r.Layout == "" && r.IsPublic == nil && r.Title == nil && r.Description == nil && r.Tags == nil {
		return nil, fmt.Errorf("%w: UpdatePinRequest: no field is set, nothing would change", ErrInvalidRequest)
	}
	var problems []string
	if r.Title != nil && strings.TrimSpace(*r.Title) == "" {
		problems = append(problems, "metadata.title: must not be empty")
	}
	if r.Layout != "" && !r.Layout.Valid() {
		problems = append(problems, fmt.Sprintf("pin_layout: %q is not one of 1x1 1x2 2x1 2x2 3x1 3x2 3x3 4x4", r.Layout))
	}
	cfg, err := encodeConfig(problems, r.Config)
	if err != nil {
		return nil, err
	}
	b := &updateBody{ID: id, PinConfig: cfg, PinLayout: r.Layout, IsPublic: r.IsPublic}
	if r.Config != nil {
		b.PinType = r.Config.PinType()
	}
	if r.Title != nil || r.Description != nil || r.Tags != nil {
		b.Metadata = &updateMetadata{Title: r.Title, Description: r.Description, Tags: r.Tags}
	}
	return b, nil
}

// apply returns p with the update's fields set.
func (r *UpdatePinRequest) apply(p *Pin) {
	if r.Config != nil {
		p.Config, p.Type = r.Config, r.Config.PinType()
	}
	if r.Layout != "" {
		p.Layout = r.Layout
	}
	if r.IsPublic != nil {
		p.IsPublic = *r.IsPublic
	}
	if r.Title != nil {
		p.Metadata.Title = *r.Title
	}
	if r.Description != nil {
		p.Metadata.Description = *r.Description
	}
	if r.Tags != nil {
		p.Metadata.Tags = r.Tags
	}
}

// ShareSettings changes a pin's sharing flags; nil fields keep their value.
type ShareSettings struct {
	IsPublic      *bool `json:"is_public,omitempty"`
	AllowEdit     *bool `json:"allow_edit,omitempty"`
	RequireSignIn *bool `json:"require_sign_in,omitempty"`
	AllowComments *bool `json:"allow_comments,omitempty"`
}

// ShareResult is a pin's sharing state after Share.
type ShareResult struct {
	ID            string `json:"id"`
	IsPublic      bool   `json:"is_public"`
	AllowEdit     bool   `json:"allow_edit"`
	RequireSignIn bool   `json:"require_sign_in"`
	AllowComments bool   `json:"allow_comments"`
	URL           string `json:"shareable_url"` // where a public pin can be seen
}

// ListOptions selects a page of List. Zero values mean the server's
// defaults (50 pins from offset 0).
type ListOptions struct {
	Limit  int // 1..100
	Offset int // ≥ 0
}

// PinList is one page of pins, newest first.
type PinList struct {
	Items  []*Pin
	Total  int // pins the caller has in all
	Limit  int
	Offset int
}

// UnmarshalJSON accepts the page under "items" (newest) or "pins" (older).
func (l *PinList) UnmarshalJSON(b []byte) error {
	var w wireList
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*l = *w.list()
	return nil
}

// wireList is a page in either shape.
type wireList struct {
	Items  []wirePin `json:"items"`
	Pins   []wirePin `json:"pins"`
	Total  int       `json:"total"`
	Limit  int       `json:"limit"`
	Offset int       `json:"offset"`
}

func (w *wireList) list() *PinList {
	items := w.Items
	if items == nil {
		items = w.Pins
	}
	l := &PinList{Items: make([]*Pin, 0, len(items)), Total: w.Total, Limit: w.Limit, Offset: w.Offset}
	pins := make([]Pin, len(items)) // one allocation for the page
	for i := range items {
		if pins[i] = items[i].pin(); pins[i].ID != "" { // a null or id-less entry names no pin
			l.Items = append(l.Items, &pins[i])
		}
	}
	return l
}

// Ptr returns a pointer to v, for the optional fields of requests:
// &ShareSettings{IsPublic: pindown.Ptr(true)}.
func Ptr[T any](v T) *T { return &v }
