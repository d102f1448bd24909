package pintypes

// presence records, per modeled member (by its index in the struct), whether
// the member was present when the value was decoded, and whether it was
// null. A zero scalar that was present is written back; one that was never
// set is omitted.
type presence struct{ set, null uint64 }

func (p *presence) mark(i int, null bool) {
	bit := uint64(1) << uint(i)
	if null {
		p.null |= bit
		p.set &^= bit
	} else {
		p.set |= bit
		p.null &^= bit
	}
}

func (p presence) has(i int) bool    { return p.set&(uint64(1)<<uint(i)) != 0 }
func (p presence) isNull(i int) bool { return p.null&(uint64(1)<<uint(i)) != 0 }

// legacy remembers that a field was decoded from its older member name
// (a table column's "label"), and the value it had, so that an unchanged
// value is written back under the same name.
type legacy struct {
	used  bool
	value string
}

// key returns the member name to write a field under.
func (l legacy) key(name, alias, current string) string {
	if l.used && l.value == current {
		return alias
	}
	return name
}
