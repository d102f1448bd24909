package pindowntest

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
)

// collection is what a pinboard and a page share: an owner's titled list of
// pins. Its fields are guarded by Server.mu; slices are replaced, never
// changed in place, so views may share them.
type collection struct {
	id, owner string
	title     string
	tags      []string
	pins      []string
	isPublic  bool
	createdAt int64 // epoch ms
	updatedAt int64 // epoch ms
}

func (c *collection) base() *collection { return c }

// set sets the title and the tags that a body sent (not nil).
func (c *collection) set(title *string, tags *[]string) {
	if title != nil {
		c.title = *title
	}
	if tags != nil {
		c.tags = *tags
	}
}

func (c *collection) has(pinID string) bool { return slices.Contains(c.pins, pinID) }

// removePin takes every occurrence of pinID off c, and reports whether there
// was one.
func (c *collection) removePin(pinID string) bool {
	if !c.has(pinID) {
		return false
	}
	c.pins = slices.DeleteFunc(slices.Clone(c.pins), func(id string) bool { return id == pinID })
	return true
}

// access is what a caller wants to do with a pinboard or page.
type access int

const (
	accessRead  access = iota // view it
	accessEdit                // change its content: owner, or a page's editor
	accessOwner               // delete or share it: owner (a page's editor may share)
)

// locked runs f under s.mu with the pinboard or page that q names, if find
// says q's key may act on it as want says; otherwise it responds find's error.
func locked[T any](s *Server, q *request, find func(string, *apiKey, access) (T, *apiError), want access, f func(T) reply) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := find(q.id, q.key, want)
	if err != nil {
		return errReply(err)
	}
	return f(c)
}

// newestOwned returns the window [offset, offset+limit) of owner's items
// among all, newest first (created_at descending, ties by id descending), as
// view shows them, and how many items owner has. Callers hold s.mu.
func newestOwned[T interface{ base() *collection }, V any](all map[string]T, owner string, offset, limit int, view func(T) V) ([]V, int) {
	var owned []T
	for _, c := range all {
		if c.base().owner == owner {
			owned = append(owned, c)
		}
	}
	slices.SortFunc(owned, func(a, b T) int {
		x, y := a.base(), b.base()
		return cmp.Or(cmp.Compare(y.createdAt, x.createdAt), strings.Compare(y.id, x.id))
	})
	items := []V{}
	for i := offset; i < len(owned) && i-offset < limit; i++ {
		items = append(items, view(owned[i]))
	}
	return items, len(owned)
}

// stamp is a time in a response: epoch ms, or RFC 3339 in the legacy forms.
func (s *Server) stamp(ms int64) any {
	if s.legacy {
		return rfc3339(ms)
	}
	return ms
}

// addPinBody reads an add-pin body: a non-empty pin_id and, for a pinboard,
// a position, left raw because a page ignores it.
func addPinBody(raw []byte) (pinID string, pos json.RawMessage, err *apiError) {
	var body struct {
		PinID    json.RawMessage `json:"pin_id"`
		Position json.RawMessage `json:"position"`
	}
	if err := decodeBody(raw, &body, false); err != nil {
		return "", nil, err
	}
	if pinID, err = requiredString(body.PinID, "pin_id", ""); err == nil && pinID == "" {
		err = invalidf("pin_id must not be empty")
	}
	return pinID, body.Position, err
}
