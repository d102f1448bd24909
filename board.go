package pindown

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Position is a pin's place on a pinboard's grid, in grid slots (logical
// units, not pixels): X and Y from the top left corner, W and H its width
// and height. X and Y must be at least 0, W and H at least 1; the client
// checks this before sending. The grid's column count is the UI's business:
// the client does not check collisions or widths.
type Position struct {
	X int `json:"x"` // column of the left edge, from 0
	Y int `json:"y"` // row of the top edge, from 0
	W int `json:"w"` // width in grid slots, at least 1
	H int `json:"h"` // height in grid slots, at least 1
}

// Validate reports a coordinate out of range, as an error matching
// ErrInvalidRequest.
func (p Position) Validate() error { return p.check("position") }

func (p Position) check(field string) error {
	switch {
	case p.X < 0:
		return invalidf(field+".x", "must not be negative, got %d", p.X)
	case p.Y < 0:
		return invalidf(field+".y", "must not be negative, got %d", p.Y)
	case p.W < 1:
		return invalidf(field+".w", "must be at least 1, got %d", p.W)
	case p.H < 1:
		return invalidf(field+".h", "must be at least 1, got %d", p.H)
	}
	return nil
}

// UnmarshalJSON decodes a position tolerantly: unknown members are
// ignored, a missing one is 0 and a fractional one is truncated toward zero.
func (p *Position) UnmarshalJSON(b []byte) error {
	var w struct{ X, Y, W, H float64 }
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = Position{X: truncInt(w.X), Y: truncInt(w.Y), W: truncInt(w.W), H: truncInt(w.H)}
	return nil
}

func truncInt(f float64) int {
	if f != f || math.Abs(f) > math.MaxInt32 {
		return 0
	}
	return int(math.Trunc(f))
}

// BoardLayout maps a pin id to its position on a pinboard: a board has one
// for desktop and one for mobile. (Layout names a pin's size, such as
// Layout2x1.)
type BoardLayout map[string]Position

// UnmarshalJSON decodes a layout map; null is an empty layout. An entry
// whose value is not a position object is dropped rather than failing the
// whole pinboard.
func (l *BoardLayout) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(BoardLayout, len(raw))
	for id, v := range raw {
		var p Position
		if !bytes.HasPrefix(bytes.TrimSpace(v), []byte("{")) || json.Unmarshal(v, &p) != nil {
			continue
		}
		out[id] = p
	}
	*l = out
	return nil
}

// check validates every entry of a layout sent as field.
func (l BoardLayout) check(field string) error {
	for _, id := range slices.Sorted(maps.Keys(l)) {
		if id == "" {
			return invalidf(field, "an empty pin id as a key")
		}
		if err := l[id].check(fmt.Sprintf("%s[%q]", field, id)); err != nil {
			return err
		}
	}
	return nil
}

// Pinboard is a dashboard: pins placed on a grid.
type Pinboard struct {
	ID          string   // assigned by the server, such as "pb-abc123"
	Title       string   // its name
	Description string   // a longer text
	Tags        []string // free-form labels

	Pins     []string // the ids of its pins, in the order they were added; never nil
	PinCount int      // how many pins it holds: the server's count, else len(Pins)

	Layout       BoardLayout // desktop positions by pin id; never nil
	MobileLayout BoardLayout // mobile positions by pin id; never nil

	IsPublic      bool // anyone with the link can see it
	RequireSignIn bool // viewers must sign in
	AllowComments bool // viewers may comment

	OwnerID string // the user who owns it, when the response says

	// ShareableURL is where the board can be seen: by anyone when it is
	// public, by its owner and collaborators otherwise.
	ShareableURL string

	CreatedAt time.Time // zero when the response did not say
	UpdatedAt time.Time // zero when the response did not say
}

// pinboardURL is the address of the pinboard id on pindown.ai.
func pinboardURL(id string) string { return "https://pindown.ai/share/pinboard/" + url.PathEscape(id) }

// wirePinboard is every form a pinboard has had on the wire: the newest
// (title, owner_id, epoch-ms times) and the pre-v1 one (name, author,
// RFC 3339 times), and mixes of them.
type wirePinboard struct {
	ID            string      `json:"id"`
	Title         string      `json:"title"`
	Name          string      `json:"name"`
	Description   *string     `json:"description"`
	Tags          []string    `json:"tags"`
	Pins          pinRefs     `json:"pins"`
	PinCount      *int        `json:"pin_count"`
	Layout        BoardLayout `json:"layout"`
	MobileLayout  BoardLayout `json:"mobile_layout"`
	IsPublic      optBool     `json:"is_public"`
	RequireSignIn optBool     `json:"require_sign_in"`
	AllowComments optBool     `json:"allow_comments"`
	OwnerID       string      `json:"owner_id"`
	Author        string      `json:"author"`
	ShareableURL  string      `json:"shareable_url"`
	CreatedAt     timestamp   `json:"created_at"`
	UpdatedAt     timestamp   `json:"updated_at"`
}

func (w *wirePinboard) hasID() error {
	if w.ID == "" {
		return fmt.Errorf("the response names no pinboard id")
	}
	return nil
}

func (w *wirePinboard) pinboard() Pinboard {
	b := Pinboard{
		ID: w.ID, Title: first(w.Title, w.Name), Tags: w.Tags,
		Pins: w.Pins.ids(), Layout: w.Layout, MobileLayout: w.MobileLayout,
		IsPublic: w.IsPublic == isTrue, RequireSignIn: w.RequireSignIn == isTrue, AllowComments: w.AllowComments == isTrue,
		OwnerID: first(w.OwnerID, w.Author), ShareableURL: w.ShareableURL,
		CreatedAt: time.Time(w.CreatedAt), UpdatedAt: time.Time(w.UpdatedAt),
	}
	if w.Description != nil {
		b.Description = *w.Description
	}
	b.PinCount = len(b.Pins)
	if w.PinCount != nil && *w.PinCount >= 0 {
		b.PinCount = *w.PinCount
	}
	if b.Layout == nil {
		b.Layout = BoardLayout{}
	}
	if b.MobileLayout == nil {
		b.MobileLayout = BoardLayout{}
	}
	if b.ShareableURL == "" && b.ID != "" {
		b.ShareableURL = pinboardURL(b.ID)
	}
	return b
}

// entry is a list entry's pinboard; one without an id names none.
func (w *wirePinboard) entry() (*Pinboard, bool) {
	b := w.pinboard()
	return &b, b.ID != ""
}

// UnmarshalJSON decodes a pinboard in any form the API has used.
func (b *Pinboard) UnmarshalJSON(data []byte) error {
	var w wirePinboard
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*b = w.pinboard()
	return nil
}

// pinRefs is a list of pins given as ids or as objects carrying "id" (or
// "pin_id"); entries of neither kind are dropped.
type pinRefs []string

func (r *pinRefs) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(pinRefs, 0, len(raw))
	for _, v := range raw {
		if id := pinRefID(v); id != "" {
			out = append(out, id)
		}
	}
	*r = out
	return nil
}

// pinRefID returns the id a list entry names: a string, or an object's id
// or pin_id; "" for anything else.
func pinRefID(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var o struct {
		ID    string `json:"id"`
		PinID string `json:"pin_id"`
	}
	if json.Unmarshal(v, &o) == nil {
		return first(o.ID, o.PinID)
	}
	return ""
}

func (r pinRefs) ids() []string {
	if r == nil {
		return []string{}
	}
	return []string(r)
}

// segment checks an id that goes into a pinboard or page path and returns it
// escaped as one path segment. Empty, ".", "..", an id containing "/" and
// "batch" (a pinboard route's literal segment) are refused.
func segment(field, id string) (string, error) {
	switch {
	case id == "":
		return "", invalidf(field, "empty")
	case id == "." || id == "..":
		return "", invalidf(field, "%q is not an id", id)
	case strings.Contains(id, "/"):
		return "", invalidf(field, "%q contains '/'", id)
	case id == "batch":
		return "", invalidf(field, `"batch" is a route's name, not an id`)
	}
	return url.PathEscape(id), nil
}

// bodyIDs checks the ids sent in a JSON body: none may be empty.
func bodyIDs(field string, ids []string) error {
	for i, id := range ids {
		if id == "" {
			return invalidf(fmt.Sprintf("%s[%d]", field, i), "empty")
		}
	}
	return nil
}
