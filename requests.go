package pindown

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pindownai/client-go/pintypes"
)

// CreatePinRequest is a new pin. Only Metadata.Title is required.
type CreatePinRequest struct {
	// Config is the pin's content, and its type: &pintypes.StatCards{…}
	// makes a stat-cards pin. Nil makes an empty markdown pin.
	Config   pintypes.Config
	Layout   Layout   // empty: the server's default
	Metadata Metadata // the title (required), description and tags

	IsPublic      bool // anyone with the link can see it
	AllowEdit     bool // people it is shared with may edit it
	RequireSignIn bool // viewers must sign in to Pindown
	AllowComments bool // viewers may comment

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
	Tags        []string `json:"tags,omitzero"` // nil: unchanged, not sent; empty: cleared, sent as []
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

// Ptr returns a pointer to v, for the optional fields of requests:
// &ShareSettings{IsPublic: pindown.Ptr(true)}.
func Ptr[T any](v T) *T { return &v }
