package pindown

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
)

// Invitation is a pending invitation to a page: an e-mail sent, not yet
// accepted.
type Invitation struct {
	Email     string    // the address invited
	Role      Role      // what the person may do once they accept
	InvitedAt time.Time // zero when the server did not say
}

// Collaborator is a user with a role on a page (an accepted invitation, or a
// role set with SetUserRole).
type Collaborator struct {
	UserID  string    // the user's Pindown id
	Email   string    // the user's address, when the server says
	Role    Role      // what the user may do with the page
	AddedAt time.Time // zero when the server did not say
}

// Invitations are a page's pending invitations and active collaborators.
type Invitations struct {
	Pending []Invitation   // never nil
	Active  []Collaborator // never nil
}

type wireInvitation struct {
	Email     string    `json:"email"`
	Role      Role      `json:"role"`
	InvitedAt timestamp `json:"invited_at"`
}

type wireCollaborator struct {
	UserID  string    `json:"user_id"`
	Email   string    `json:"email"`
	Role    Role      `json:"role"`
	AddedAt timestamp `json:"added_at"`
}

// Invite sends an invitation to the page id to email, with the role
// RoleEditor or RoleViewer, and returns it. Each call may send an e-mail,
// so Invite is not safe to repeat: it is never retried once the request may
// have reached the server, and such an error matches ErrMaybeCreated (check
// ListInvitations before sending again). Scope: pages:write. Bucket: pages-write.
func (s *PagesService) Invite(ctx context.Context, id, email string, role Role, opts ...RequestOption) (*Invitation, error) {
	path, err := pagePath(id)
	if err == nil {
		err = checkEmail(email)
	}
	if err == nil {
		err = checkRole(role)
	}
	body := map[string]string{"email": email, "role": string(role)}
	var w wireInvitation
	if err = s.client.doChecked(ctx, err, opPageInvite, http.MethodPost, path+"/invitations/send", body, &w, opts, emptyOK()); err != nil {
		return nil, err
	}
	return &Invitation{Email: email, Role: role, InvitedAt: time.Time(w.InvitedAt)}, nil
}

// ListInvitations returns the page's pending invitations and its active
// collaborators. It needs the pages:write scope, as the API documents,
// although it only reads. Scope: pages:write. Bucket: pages-read.
func (s *PagesService) ListInvitations(ctx context.Context, id string, opts ...RequestOption) (*Invitations, error) {
	path, err := pagePath(id)
	var data struct {
		Pending []wireInvitation   `json:"pending"`
		Active  []wireCollaborator `json:"active"`
	}
	if err = s.client.doChecked(ctx, err, opPageListInvitations, http.MethodGet, path+"/invitations", nil, &data, opts); err != nil {
		return nil, err
	}
	res := &Invitations{Pending: make([]Invitation, 0, len(data.Pending)), Active: make([]Collaborator, 0, len(data.Active))}
	for _, w := range data.Pending {
		res.Pending = append(res.Pending, Invitation{Email: w.Email, Role: w.Role, InvitedAt: time.Time(w.InvitedAt)})
	}
	for _, w := range data.Active {
		res.Active = append(res.Active, Collaborator{UserID: w.UserID, Email: w.Email, Role: w.Role, AddedAt: time.Time(w.AddedAt)})
	}
	return res, nil
}

// CancelInvitation withdraws the pending invitation of email to the page
// id. An invitation that does not exist is an error matching ErrNotFound,
// except when a retry gets the 404 after an earlier attempt's answer was
// lost. Scope: pages:write. Bucket: pages-write.
func (s *PagesService) CancelInvitation(ctx context.Context, id, email string, opts ...RequestOption) error {
	path, err := pagePath(id)
	if err == nil {
		err = checkEmail(email)
	}
	return s.client.doChecked(ctx, err, opPageCancelInvitation, http.MethodDelete, path+"/invitations/"+url.PathEscape(email), nil, nil, opts)
}

// SetUserRole gives the user userID (a Collaborator's UserID) the role
// RoleEditor or RoleViewer on the page id. Scope: pages:write. Bucket: pages-write.
func (s *PagesService) SetUserRole(ctx context.Context, id, userID string, role Role, opts ...RequestOption) error {
	path, err := pagePath(id)
	var user string
	if err == nil {
		user, err = segment("userID", userID)
	}
	if err == nil {
		err = checkRole(role)
	}
	return s.client.doChecked(ctx, err, opPageSetUserRole, http.MethodPut, path+"/users/"+user+"/role", map[string]string{"role": string(role)}, nil, opts, emptyOK())
}

// checkEmail refuses what cannot be an e-mail address: something before and
// after one "@", no white space or control characters, no "/" (it goes into
// a path as one segment).
func checkEmail(email string) error {
	at := strings.LastIndex(email, "@")
	switch {
	case email == "":
		return invalidf("email", "empty")
	case at <= 0 || at == len(email)-1:
		return invalidf("email", "%q is not an e-mail address", email)
	case strings.ContainsFunc(email, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == '/' }):
		return invalidf("email", "%q contains white space, control characters or '/'", email)
	}
	return nil
}

// checkRole accepts the roles of page collaborators: editor and viewer.
func checkRole(role Role) error {
	if role != RoleEditor && role != RoleViewer {
		return invalidf("role", "%q is not editor or viewer", role)
	}
	return nil
}
