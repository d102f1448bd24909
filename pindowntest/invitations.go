package pindowntest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// invitation is a pending invitation to a page, kept as responses show it.
type invitation struct {
	Email     string `json:"email"`
	Role      string `json:"role"`
	InvitedAt string `json:"invited_at"`
}

// member is a user with a role on a page (an "active" collaborator), kept as
// responses show it.
type member struct {
	UserID  string `json:"user_id"`
	Email   string `json:"email"`
	Role    string `json:"role"`
	AddedAt string `json:"added_at"`
}

// userEmail is the e-mail pindowntest gives a user: keys have no e-mail of
// their own, so an active collaborator's is made from the user id.
func userEmail(userID string) string { return userID + "@users.pindowntest.invalid" }

// parseRole reads a role: editor or viewer.
func parseRole(raw json.RawMessage) (string, *apiError) {
	role, err := requiredString(raw, "role", ": editor or viewer")
	if err != nil {
		return "", err
	}
	if role != "editor" && role != "viewer" {
		return "", invalidf("role: must be editor or viewer, got %q", role)
	}
	return role, nil
}

// pageInvite records a pending invitation. A second invitation to the same
// e-mail replaces the first (its role and time), as a resent e-mail would.
func (s *Server) pageInvite(q *request) reply {
	var body struct {
		Email json.RawMessage `json:"email"`
		Role  json.RawMessage `json:"role"`
	}
	if err := decodeBody(q.body, &body, false); err != nil {
		return errReply(err)
	}
	email, err := requiredString(body.Email, "email", "")
	if err != nil {
		return errReply(err)
	}
	if at := strings.Index(email, "@"); at <= 0 || at == len(email)-1 || strings.ContainsAny(email, " \t\r\n/") {
		return errReply(invalidf("email: %q is not an e-mail address", email))
	}
	role, err := parseRole(body.Role)
	if err != nil {
		return errReply(err)
	}
	return locked(s, q, s.pageFor, accessEdit, func(pg *page) reply {
		inv := invitation{Email: email, Role: role, InvitedAt: rfc3339(q.now)}
		pending := slices.Clone(pg.pending)
		if i := slices.IndexFunc(pending, func(v invitation) bool { return strings.EqualFold(v.Email, email) }); i >= 0 {
			pending[i] = inv
		} else {
			pending = append(pending, inv)
		}
		pg.pending = pending
		return okReply(http.StatusOK, inv, "Invitation sent")
	})
}

type invitationsView struct {
	Pending []invitation `json:"pending"`
	Active  []member     `json:"active"`
}

func (s *Server) pageListInvitations(q *request) reply {
	return locked(s, q, s.pageFor, accessEdit, func(pg *page) reply {
		return okReply(http.StatusOK, invitationsView{Pending: orEmpty(pg.pending), Active: orEmpty(pg.active)}, "")
	})
}

func (s *Server) pageCancelInvitation(q *request) reply {
	return locked(s, q, s.pageFor, accessEdit, func(pg *page) reply {
		i := slices.IndexFunc(pg.pending, func(v invitation) bool { return strings.EqualFold(v.Email, q.sub) })
		if i < 0 {
			return errReply(errorf(http.StatusNotFound, codeNotFound, "no pending invitation for %q on page %q", q.sub, pg.id))
		}
		pg.pending = slices.Delete(slices.Clone(pg.pending), i, i+1)
		return okReply(http.StatusOK, nil, "Invitation cancelled")
	})
}

// pageSetUserRole sets the role of a user on a page: any user of this server
// (the user id of a minted key, see Server.UserID) becomes, or stays, an
// active collaborator with that role.
func (s *Server) pageSetUserRole(q *request) reply {
	var body struct {
		Role json.RawMessage `json:"role"`
	}
	if err := decodeBody(q.body, &body, false); err != nil {
		return errReply(err)
	}
	role, err := parseRole(body.Role)
	if err != nil {
		return errReply(err)
	}
	return locked(s, q, s.pageFor, accessEdit, func(pg *page) reply {
		if q.sub == pg.owner {
			return errReply(invalidf("user %q owns page %q: the owner's role cannot be changed", q.sub, pg.id))
		}
		s.keysMu.RLock()
		known := s.users[q.sub]
		s.keysMu.RUnlock()
		if !known {
			return errReply(errorf(http.StatusNotFound, codeNotFound, "user %q not found", q.sub))
		}
		active := slices.Clone(pg.active)
		if i := slices.IndexFunc(active, func(m member) bool { return m.UserID == q.sub }); i >= 0 {
			active[i].Role = role
		} else {
			active = append(active, member{UserID: q.sub, Email: userEmail(q.sub), Role: role, AddedAt: rfc3339(q.now)})
		}
		pg.active = active
		return okReply(http.StatusOK, map[string]any{"user_id": q.sub, "role": role}, "")
	})
}
