package schema

import "strconv"

// step is a member name, or a list index when index is not -1.
type step struct {
	key   string
	index int
}

// spell spells a path as Join and Index do ("" for the root).
func spell(path []step) string {
	var p string
	for _, s := range path {
		if s.index >= 0 {
			p = Index(p, s.index)
		} else {
			p = Join(p, s.key)
		}
	}
	return p
}

// identifier reports whether key is written bare in a path:
// [A-Za-z_$][A-Za-z0-9_$-]*.
func identifier(key string) bool {
	for i := 0; i < len(key); i++ {
		switch c := key[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_', c == '$':
		case i > 0 && ('0' <= c && c <= '9' || c == '-'):
		default:
			return false
		}
	}
	return key != ""
}

// Join appends a member name to a path: a.b, or a["odd key"] for names
// that are not identifiers.
func Join(path, key string) string {
	if !identifier(key) {
		return path + "[" + strconv.Quote(key) + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

// Index appends a list index to a path: a[2].
func Index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}
