package pindowntest

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/pindownai/client-go/pintypes"
)

// pinBody is a create body, an update body or a batch update item. pin_type,
// pin_config and pin_layout may also come inside metadata; the root wins.
// Update ignores the create-only fields.
type pinBody struct {
	ID             string            `json:"id"` // batch update only
	PinType        json.RawMessage   `json:"pin_type"`
	PinConfig      json.RawMessage   `json:"pin_config"`
	Content        json.RawMessage   `json:"content"` // legacy alias of pin_config
	PinLayout      json.RawMessage   `json:"pin_layout"`
	IsPublic       *bool             `json:"is_public"`
	Metadata       json.RawMessage   `json:"metadata"`
	AllowEdit      *bool             `json:"allow_edit"`
	RequireSignIn  *bool             `json:"require_sign_in"`
	AllowComments  *bool             `json:"allow_comments"`
	PendingInvites map[string]string `json:"pending_invites"`
	DataType       *string           `json:"data_type"`
}

type metadataBody struct {
	Title       *string         `json:"title"`
	Description *string         `json:"description"`
	Tags        *[]string       `json:"tags"`
	PinType     json.RawMessage `json:"pin_type"`
	PinConfig   json.RawMessage `json:"pin_config"`
	PinLayout   json.RawMessage `json:"pin_layout"`
}

type shareBody struct {
	IsPublic      *bool `json:"is_public"`
	AllowEdit     *bool `json:"allow_edit"`
	RequireSignIn *bool `json:"require_sign_in"`
	AllowComments *bool `json:"allow_comments"`
}

// apply sets each flag that b sent; a nil target is a flag the shared item
// does not have.
func (b *shareBody) apply(isPublic, allowEdit, requireSignIn, allowComments *bool) {
	for _, f := range []struct{ from, to *bool }{
		{b.IsPublic, isPublic}, {b.AllowEdit, allowEdit}, {b.RequireSignIn, requireSignIn}, {b.AllowComments, allowComments},
	} {
		if f.from != nil && f.to != nil {
			*f.to = *f.from
		}
	}
}

// layouts are the pin_layout values the API accepts.
var layouts = []string{"1x1", "1x2", "2x1", "2x2", "3x1", "3x2", "3x3", "4x4"}

// dataTypes are the legacy data_type values the API accepts.
var dataTypes = []string{"json", "markdown", "text", "pin-card"}

// patch is a parsed update: nil fields were not sent (or sent as null).
type patch struct {
	id          string
	pinType     *pintypes.Type
	config      json.RawMessage
	layout      *string
	isPublic    *bool
	title       *string
	description *string
	tags        *[]string
}

// isNull reports whether a raw field is absent or JSON null.
func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}

// pick returns the first of raws that was sent and is not null.
func pick(raws ...json.RawMessage) json.RawMessage {
	for _, r := range raws {
		if !isNull(r) {
			return r
		}
	}
	return nil
}

// decodeJSON decodes raw into v, describing a failure as a VALIDATION_FAILED
// response whose message names the field (prefixed by prefix).
func decodeJSON(raw []byte, v any, prefix string) *apiError {
	err := json.Unmarshal(raw, v)
	if err == nil {
		return nil
	}
	var typ *json.UnmarshalTypeError
	if !errors.As(err, &typ) {
		return invalidf("malformed JSON: %v", err)
	}
	field := prefix + typ.Field
	if typ.Field == "" {
		field = strings.TrimSuffix(prefix, ".")
	}
	if field == "" {
		field = "request body"
	}
	return invalidf("%s: expected %s, got %s", field, kindOf(typ.Type), typ.Value)
}

// requiredString reads the string a body sent as its field name; when not
// sent, the error says "name is required" and then hint.
func requiredString(raw json.RawMessage, name, hint string) (string, *apiError) {
	if isNull(raw) {
		return "", invalidf("%s is required%s", name, hint)
	}
	var s string
	if err := decodeJSON(raw, &s, name); err != nil {
		return "", err
	}
	return s, nil
}

// kindOf names the JSON kind a Go type decodes from.
func kindOf(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool:
		return "a boolean"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	default:
		return "a number"
	}
}

// decodeBody decodes a request body that must be a JSON object; an empty body
// is an empty object when emptyOK, an error otherwise.
func decodeBody(raw []byte, v any, emptyOK bool) *apiError {
	if len(bytes.TrimSpace(raw)) == 0 {
		if emptyOK {
			return nil
		}
		return invalidf("request body is required: a JSON object")
	}
	return decodeJSON(raw, v, "")
}

func parseType(raw json.RawMessage) (pintypes.Type, *apiError) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", invalidf("pin_type: expected a string, got %s", raw)
	}
	t := pintypes.Type(s)
	if !t.Known() {
		return "", errorf(http.StatusBadRequest, codeInvalidPinType, "pin_type: unknown pin type %q", s)
	}
	return t, nil
}

func parseLayout(raw json.RawMessage) (string, *apiError) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", invalidf("pin_layout: expected a string, got %s", raw)
	}
	if slices.Contains(layouts, s) {
		return s, nil
	}
	return "", invalidf("pin_layout: must be one of %s, got %q", strings.Join(layouts, ", "), s)
}

// checkConfig validates raw (absent or null meaning {}) as the pin_config of
// type t with pintypes, and returns it compacted for storage.
func checkConfig(t pintypes.Type, raw json.RawMessage) (json.RawMessage, *apiError) {
	if isNull(raw) {
		raw = json.RawMessage("{}")
	}
	cfg, err := pintypes.Decode(t, raw)
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		return nil, errorf(http.StatusBadRequest, codeConfigInvalid, "pin_config: %v", err)
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil { // raw came out of a decoded body, so it is valid JSON
		return nil, invalidf("pin_config: %v", err)
	}
	return buf.Bytes(), nil
}

// parseCreate reads one create body into a pin without id, owner or times.
func parseCreate(raw []byte) (*pin, *apiError) {
	var b pinBody
	if err := decodeBody(raw, &b, false); err != nil {
		return nil, err
	}
	pa, err := b.patch(true)
	if err != nil {
		return nil, err
	}
	if pa.pinType == nil { // the default type, whose config is checked like any other
		t := pintypes.TypeMarkdown
		pa.pinType = &t
	}
	p := &pin{allowEdit: deref(b.AllowEdit), requireSignIn: deref(b.RequireSignIn), allowComments: deref(b.AllowComments)}
	if err := pa.apply(p, 0); err != nil {
		return nil, err
	}
	for email, role := range b.PendingInvites {
		if !strings.Contains(email, "@") {
			return nil, invalidf("pending_invites: %q is not an email address", email)
		}
		if role != "editor" && role != "viewer" {
			return nil, invalidf("pending_invites[%q]: role must be editor or viewer, got %q", email, role)
		}
	}
	if b.DataType != nil && !slices.Contains(dataTypes, *b.DataType) {
		return nil, invalidf("data_type: must be one of %s, got %q", strings.Join(dataTypes, ", "), *b.DataType)
	}
	return p, nil
}

// parseUpdate reads one update body (or batch update item).
func parseUpdate(raw []byte, emptyOK bool) (*patch, *apiError) {
	var b pinBody
	if err := decodeBody(raw, &b, emptyOK); err != nil {
		return nil, err
	}
	return b.patch(false)
}

// patch reads the fields of b that a create and an update share; a create
// requires metadata and its title.
func (b *pinBody) patch(create bool) (*patch, *apiError) {
	var m metadataBody
	if isNull(b.Metadata) {
		if create {
			return nil, invalidf("metadata is required")
		}
	} else if err := decodeJSON(b.Metadata, &m, "metadata."); err != nil {
		return nil, err
	}
	switch {
	case create && (m.Title == nil || *m.Title == ""):
		return nil, invalidf("metadata.title is required")
	case m.Title != nil && *m.Title == "":
		return nil, invalidf("metadata.title must not be empty")
	}
	pa := &patch{id: b.ID, isPublic: b.IsPublic, title: m.Title, description: m.Description, tags: m.Tags,
		config: pick(b.PinConfig, b.Content, m.PinConfig)}
	if raw := pick(b.PinType, m.PinType); raw != nil {
		t, err := parseType(raw)
		if err != nil {
			return nil, err
		}
		pa.pinType = &t
	}
	if raw := pick(b.PinLayout, m.PinLayout); raw != nil {
		l, err := parseLayout(raw)
		if err != nil {
			return nil, err
		}
		pa.layout = &l
	}
	return pa, nil
}

// apply validates pa against p and, if valid, changes p. A new type or config
// is checked as a whole: the resulting config must be valid for the resulting type.
func (pa *patch) apply(p *pin, now int64) *apiError {
	config := p.config
	if pa.pinType != nil || pa.config != nil {
		t := pintypes.Type(p.pinType)
		if pa.pinType != nil {
			t = *pa.pinType
		}
		raw := pa.config
		if raw == nil {
			raw = p.config
		}
		var err *apiError
		if config, err = checkConfig(t, raw); err != nil {
			return err
		}
		p.pinType = string(t)
	}
	p.config = config
	if pa.layout != nil {
		p.layout = *pa.layout
	}
	if pa.isPublic != nil {
		p.isPublic = *pa.isPublic
	}
	if pa.title != nil {
		p.title = *pa.title
	}
	if pa.description != nil {
		p.description = *pa.description
	}
	if pa.tags != nil {
		p.tags = *pa.tags
	}
	p.updatedAt = now
	return nil
}

func deref(b *bool) bool { return b != nil && *b }
