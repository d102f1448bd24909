package pindowntest

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
)

// position is a pin's place on a pinboard's grid, in grid slots.
type position struct {
	X int `json:"x"`
	Y int `json:"y"`
	W int `json:"w"`
	H int `json:"h"`
}

// boardLayout maps a pin id to its position. Stored layouts are replaced,
// never changed in place.
type boardLayout map[string]position

// parsePosition reads a position object: x, y, w and h all present and
// integers, x and y at least 0, w and h at least 1. field names it in errors.
func parsePosition(raw json.RawMessage, field string) (position, *apiError) {
	var b struct {
		X *float64 `json:"x"`
		Y *float64 `json:"y"`
		W *float64 `json:"w"`
		H *float64 `json:"h"`
	}
	if err := decodeJSON(raw, &b, field+"."); err != nil {
		return position{}, err
	}
	var p position
	for _, f := range []struct {
		name string
		v    *float64
		min  int
		to   *int
	}{{"x", b.X, 0, &p.X}, {"y", b.Y, 0, &p.Y}, {"w", b.W, 1, &p.W}, {"h", b.H, 1, &p.H}} {
		switch {
		case f.v == nil:
			return position{}, invalidf("%s.%s is required", field, f.name)
		case *f.v != math.Trunc(*f.v) || *f.v < float64(f.min) || *f.v > 1e6:
			return position{}, invalidf("%s.%s: must be an integer from %d to 1000000, got %v", field, f.name, f.min, *f.v)
		}
		*f.to = int(*f.v)
	}
	return p, nil
}

// parseLayoutMap reads a layout map sent for board b: every key a pin on
// the board, every value a valid position.
func parseLayoutMap(raw json.RawMessage, field string, b *board) (boardLayout, *apiError) {
	var m map[string]json.RawMessage
	if err := decodeJSON(raw, &m, field); err != nil {
		return nil, err
	}
	out := make(boardLayout, len(m))
	for id, v := range m {
		name := fmt.Sprintf("%s[%q]", field, id)
		if !b.has(id) {
			return nil, invalidf("%s: pin %q is not on pinboard %q", name, id, b.id)
		}
		p, err := parsePosition(v, name)
		if err != nil {
			return nil, err
		}
		out[id] = p
	}
	return out, nil
}

// without returns l without id's entry: l itself if it has none.
func (l boardLayout) without(id string) boardLayout {
	if _, ok := l[id]; !ok {
		return l
	}
	c := maps.Clone(l)
	delete(c, id)
	return c
}

// with returns a copy of l with id at p.
func (l boardLayout) with(id string, p position) boardLayout {
	c := make(boardLayout, len(l)+1)
	maps.Copy(c, l)
	c[id] = p
	return c
}

// view returns l as responses show it: {} when empty, never null.
func (l boardLayout) view() boardLayout {
	if l == nil {
		return boardLayout{}
	}
	return l
}
