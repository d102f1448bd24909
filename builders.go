package pindown

import (
	"context"

	"github.com/pindownai/client-go/pintypes"
)

// A PinOption sets an optional field of a pin made by a typed builder such
// as CreateStatCards, or adjusts the call (WithRequestOptions).
type PinOption func(*builderCall)

// builderCall is what a typed builder sends.
type builderCall struct {
	req  CreatePinRequest
	opts []RequestOption
}

// WithLayout sets the pin's layout.
func WithLayout(l Layout) PinOption { return func(b *builderCall) { b.req.Layout = l } }

// WithTags sets the pin's tags.
func WithTags(tags ...string) PinOption {
	return func(b *builderCall) { b.req.Metadata.Tags = tags }
}

// WithDescription sets the pin's description.
func WithDescription(d string) PinOption {
	return func(b *builderCall) { b.req.Metadata.Description = d }
}

// WithPublic makes the pin public (or not): visible to anyone with its link.
func WithPublic(public bool) PinOption { return func(b *builderCall) { b.req.IsPublic = public } }

// WithInvites invites people by e-mail address, each with a role.
func WithInvites(invites map[string]Role) PinOption {
	return func(b *builderCall) { b.req.Invites = invites }
}

// WithRequestOptions passes per-call options, such as WithResponseInfo, to
// a typed builder's Create call.
func WithRequestOptions(opts ...RequestOption) PinOption {
	return func(b *builderCall) { b.opts = append(b.opts, opts...) }
}

// createConfig is every typed builder: a pin of cfg's type titled title.
func (s *PinsService) createConfig(ctx context.Context, title string, cfg pintypes.Config, opts []PinOption) (*Pin, error) {
	b := builderCall{req: CreatePinRequest{Config: cfg, Metadata: Metadata{Title: title}}}
	for _, o := range opts {
		o(&b)
	}
	return s.Create(ctx, &b.req, b.opts...)
}
