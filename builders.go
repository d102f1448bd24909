package pindown

import (
	"context"

	"github.com/pindownai/client-go/pintypes"
)

// A PinOption sets an optional field of a pin made by a typed builder such
// as CreateStatCards.
type PinOption func(*CreatePinRequest)

// WithLayout sets the pin's layout.
func WithLayout(l Layout) PinOption { return func(r *CreatePinRequest) { r.Layout = l } }

// WithTags sets the pin's tags.
func WithTags(tags ...string) PinOption {
	return func(r *CreatePinRequest) { r.Metadata.Tags = tags }
}

// WithDescription sets the pin's description.
func WithDescription(d string) PinOption {
	return func(r *CreatePinRequest) { r.Metadata.Description = d }
}

// WithPublic makes the pin public (or not): visible to anyone with its link.
func WithPublic(public bool) PinOption { return func(r *CreatePinRequest) { r.IsPublic = public } }

// WithInvites invites people by e-mail address, each with a role.
func WithInvites(invites map[string]Role) PinOption {
	return func(r *CreatePinRequest) { r.Invites = invites }
}

// createConfig is every typed builder: a pin of cfg's type titled title.
func (s *PinsService) createConfig(ctx context.Context, title string, cfg pintypes.Config, opts []PinOption) (*Pin, error) {
	req := &CreatePinRequest{Config: cfg, Metadata: Metadata{Title: title}}
	for _, o := range opts {
		o(req)
	}
	return s.Create(ctx, req)
}
