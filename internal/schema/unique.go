package schema

import "fmt"

// uniqueness tracks, along a list of objects, the values of the members that
// must be unique (Field.Unique) among them. A nil *uniqueness checks nothing.
type uniqueness struct {
	names []string
	first []map[string]int // per name: value → index of the first object with it
}

// uniqueness returns the tracker of the list f (of effective status st), or
// nil if it has nothing to track.
func (w *walker) uniqueness(f *Field, st Status) *uniqueness {
	if !w.full() || st == Provisional || f.Elem.Kind != KindObject {
		return nil
	}
	var u *uniqueness
	for _, ef := range f.Elem.Object.Fields {
		if ef.Unique && ef.Effective(st) != Provisional {
			if u == nil {
				u = &uniqueness{}
			}
			u.names = append(u.names, ef.JSON)
			u.first = append(u.first, map[string]int{})
		}
	}
	return u
}

// check reports e, the element at index i of the list being walked (which
// w has entered), where it repeats a unique string member of an earlier
// element.
func (u *uniqueness) check(w *walker, i int, e any) {
	if u == nil {
		return
	}
	m, _ := e.(map[string]any)
	for k, name := range u.names {
		s, _ := m[name].(string)
		if s == "" {
			continue
		}
		j, dup := u.first[k][s]
		if !dup {
			u.first[k][s] = i
			continue
		}
		first := Index(spell(w.path[:len(w.path)-1]), j)
		w.push(name)
		w.add(fmt.Sprintf("must be unique: %q is also the %s of %s", s, name, first))
		w.pop()
	}
}
