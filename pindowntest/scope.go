package pindowntest

import (
	"fmt"
	"slices"
	"strings"
)

// The scopes an API key can hold; see Server.NewKey. Each route needs one of
// them (the spec's scope tables), and ScopeAll grants every one.
const (
	ScopePinsRead       = "pins:read"       // GET pin routes and pin batch get
	ScopePinsWrite      = "pins:write"      // pin create, update, delete and batch writes
	ScopePinsShare      = "pins:share"      // pin share
	ScopePinboardsRead  = "pinboards:read"  // GET pinboard routes and pinboard batch get
	ScopePinboardsWrite = "pinboards:write" // every other pinboard route but share
	ScopePinboardsShare = "pinboards:share" // pinboard share
	ScopePagesRead      = "pages:read"      // GET page routes but invitations
	ScopePagesWrite     = "pages:write"     // every other page route, GET invitations included
	ScopeAll            = "*"               // all scopes
)

// scopes are the valid scopes, in the order error messages list them.
var scopes = []string{
	ScopePinsRead, ScopePinsWrite, ScopePinsShare,
	ScopePinboardsRead, ScopePinboardsWrite, ScopePinboardsShare,
	ScopePagesRead, ScopePagesWrite, ScopeAll,
}

// scopeSet returns the set of scopes, nil for none (all scopes), and panics
// on a scope that is not one of the constants above.
func scopeSet(list []string) map[string]bool {
	if len(list) == 0 {
		return nil
	}
	set := make(map[string]bool, len(list))
	for _, sc := range list {
		if !slices.Contains(scopes, sc) {
			quoted := make([]string, len(scopes))
			for i, v := range scopes {
				quoted[i] = fmt.Sprintf("%q", v)
			}
			panic(fmt.Sprintf("pindowntest: NewKey: unknown scope %q; valid scopes are %s", sc, strings.Join(quoted, ", ")))
		}
		set[sc] = true
	}
	return set
}
