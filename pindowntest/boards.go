package pindowntest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
)

// board is one stored pinboard. Its pins are in the order they were added,
// each at most once. Its layouts, like its slices, are replaced, never changed
// in place, so views may share them.
type board struct {
	collection
	description   string
	layout        boardLayout
	mobileLayout  boardLayout
	requireSignIn bool
	allowComments bool
}

// removePin takes pinID off the board with its layout entries, and reports
// whether it was there.
func (b *board) removePin(pinID string) bool {
	if !b.collection.removePin(pinID) {
		return false
	}
	b.layout = b.layout.without(pinID)
	b.mobileLayout = b.mobileLayout.without(pinID)
	return true
}

func boardURL(id string) string { return "https://pindown.ai/share/pinboard/" + url.PathEscape(id) }

// boardView is a pinboard in the newest form (a batch get item, plus the
// fields client-js reads: pin_count, shareable_url).
type boardView struct {
	ID            string      `json:"id"`
	Title         string      `json:"title"`
	Description   string      `json:"description"`
	Tags          []string    `json:"tags"`
	Pins          []string    `json:"pins"`
	PinCount      int         `json:"pin_count"`
	Layout        boardLayout `json:"layout"`
	MobileLayout  boardLayout `json:"mobile_layout"`
	IsPublic      bool        `json:"is_public"`
	RequireSignIn bool        `json:"require_sign_in"`
	AllowComments bool        `json:"allow_comments"`
	OwnerID       string      `json:"owner_id"`
	ShareableURL  string      `json:"shareable_url"`
	CreatedAt     int64       `json:"created_at"`
	UpdatedAt     int64       `json:"updated_at"`
}

// legacyBoardView is a pinboard in the pre-v1 form (WithLegacyForms).
type legacyBoardView struct {
	ID            string      `json:"id"`
	Name          string      `json:"name"`
	Description   string      `json:"description"`
	Tags          []string    `json:"tags"`
	Pins          []string    `json:"pins"`
	Layout        boardLayout `json:"layout,omitempty"`
	MobileLayout  boardLayout `json:"mobile_layout,omitempty"`
	IsPublic      bool        `json:"is_public"`
	RequireSignIn bool        `json:"require_sign_in"`
	AllowComments bool        `json:"allow_comments"`
	Author        string      `json:"author"`
	Views         int         `json:"views"`
	CreatedAt     string      `json:"created_at"`
	UpdatedAt     string      `json:"updated_at"`
}

// viewBoard returns b as responses show it, in the server's form. Callers hold s.mu.
func (s *Server) viewBoard(b *board) any {
	tags, pins := orEmpty(b.tags), orEmpty(b.pins)
	if s.legacy {
		return legacyBoardView{
			ID: b.id, Name: b.title, Description: b.description, Tags: tags, Pins: pins,
			Layout: b.layout, MobileLayout: b.mobileLayout, IsPublic: b.isPublic,
			RequireSignIn: b.requireSignIn, AllowComments: b.allowComments, Author: b.owner,
			CreatedAt: rfc3339(b.createdAt), UpdatedAt: rfc3339(b.updatedAt),
		}
	}
	return boardView{
		ID: b.id, Title: b.title, Description: b.description, Tags: tags, Pins: pins, PinCount: len(pins),
		Layout: b.layout.view(), MobileLayout: b.mobileLayout.view(), IsPublic: b.isPublic,
		RequireSignIn: b.requireSignIn, AllowComments: b.allowComments, OwnerID: b.owner,
		ShareableURL: boardURL(b.id), CreatedAt: b.createdAt, UpdatedAt: b.updatedAt,
	}
}

// boardFor returns the board if k may act on it as want says, or the
// error to respond with: 404 for no such board, 403 PERMISSION_DENIED for a board
// of another owner that k may not see (private) or change (any). Callers hold s.mu.
func (s *Server) boardFor(id string, k *apiKey, want access) (*board, *apiError) {
	b := s.boards[id]
	switch {
	case b == nil:
		return nil, notFound("pinboard", id)
	case b.owner == k.owner, want == accessRead && b.isPublic:
		return b, nil
	case want == accessRead:
		return nil, errorf(http.StatusForbidden, codePermissionDenied, "no access to pinboard %q", id)
	}
	return nil, errorf(http.StatusForbidden, codePermissionDenied, "only the owner of pinboard %q may change it", id)
}

// boardBody is a pinboard create or update body. name is the pre-v1 title.
type boardBody struct {
	Title       *string   `json:"title"`
	Name        *string   `json:"name"`
	Description *string   `json:"description"`
	Tags        *[]string `json:"tags"`
	IsPublic    *bool     `json:"is_public"`
}

func parseBoardBody(raw []byte, emptyOK bool) (*boardBody, *apiError) {
	var b boardBody
	if err := decodeBody(raw, &b, emptyOK); err != nil {
		return nil, err
	}
	if b.Title == nil {
		b.Title = b.Name
	}
	if b.Title != nil && *b.Title == "" {
		return nil, invalidf("title must not be empty")
	}
	return &b, nil
}

// apply sets on b the fields body sent.
func (body *boardBody) apply(b *board) {
	b.set(body.Title, body.Tags)
	if body.Description != nil {
		b.description = *body.Description
	}
	if body.IsPublic != nil {
		b.isPublic = *body.IsPublic
	}
}

func (s *Server) boardCreate(q *request) reply {
	body, err := parseBoardBody(q.body, false)
	if err != nil {
		return errReply(err)
	}
	b := &board{collection: collection{owner: q.key.owner, createdAt: q.now, updatedAt: q.now}}
	body.apply(b)
	s.mu.Lock()
	defer s.mu.Unlock()
	b.id = freshID(s.boards, "pb-", s.boardsRand)
	s.boards[b.id] = b
	status := http.StatusCreated
	if s.legacy {
		status = http.StatusOK
	}
	return okReply(status, s.viewBoard(b), "Pinboard created successfully")
}

func (s *Server) boardGet(q *request) reply {
	return locked(s, q, s.boardFor, accessRead, func(b *board) reply {
		return okReply(http.StatusOK, s.viewBoard(b), "")
	})
}

type legacyBoardListView struct {
	Pinboards []any `json:"pinboards"`
	Total     int   `json:"total"`
}

func (s *Server) boardList(q *request) reply {
	limit, offset, err := pageQuery(q.r)
	if err != nil {
		return errReply(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	items, total := newestOwned(s.boards, q.key.owner, offset, limit, s.viewBoard)
	if s.legacy {
		return okReply(http.StatusOK, legacyBoardListView{Pinboards: items, Total: total}, "")
	}
	return okReply(http.StatusOK, listView[any]{Items: items, Total: total, Limit: limit, Offset: offset}, "")
}

func (s *Server) boardUpdate(q *request) reply {
	body, err := parseBoardBody(q.body, true)
	if err != nil {
		return errReply(err)
	}
	return locked(s, q, s.boardFor, accessEdit, func(b *board) reply {
		body.apply(b)
		b.updatedAt = q.now
		return okReply(http.StatusOK, map[string]any{"id": b.id, "updated_at": s.stamp(q.now)}, "")
	})
}

func (s *Server) boardDelete(q *request) reply {
	return locked(s, q, s.boardFor, accessOwner, func(b *board) reply {
		delete(s.boards, b.id)
		return okReply(http.StatusOK, map[string]any{"deleted_at": s.stamp(q.now)}, "")
	})
}

func (s *Server) boardAddPin(q *request) reply {
	pinID, rawPos, err := addPinBody(q.body)
	if err != nil {
		return errReply(err)
	}
	var pos *position
	if !isNull(rawPos) {
		p, err := parsePosition(rawPos, "position")
		if err != nil {
			return errReply(err)
		}
		pos = &p
	}
	return locked(s, q, s.boardFor, accessEdit, func(b *board) reply {
		if s.readable(pinID, q.key) == nil {
			return errReply(notFound("pin", pinID))
		}
		if b.has(pinID) { // a board holds a pin once: a second add changes nothing
			return okReply(http.StatusOK, nil, "")
		}
		b.pins = append(slices.Clip(b.pins), pinID)
		if pos != nil {
			b.layout = b.layout.with(pinID, *pos)
		}
		b.updatedAt = q.now
		return okReply(http.StatusOK, nil, "")
	})
}

func (s *Server) boardRemovePin(q *request) reply {
	return locked(s, q, s.boardFor, accessEdit, func(b *board) reply {
		if !b.removePin(q.sub) {
			return errReply(errorf(http.StatusNotFound, codeNotFound, "pin %q is not on pinboard %q", q.sub, b.id))
		}
		b.updatedAt = q.now
		return okReply(http.StatusOK, nil, "")
	})
}

func (s *Server) boardUpdateLayout(q *request) reply {
	var body struct {
		Layout       json.RawMessage `json:"layout"`
		MobileLayout json.RawMessage `json:"mobile_layout"`
	}
	if err := decodeBody(q.body, &body, false); err != nil {
		return errReply(err)
	}
	if isNull(body.Layout) && isNull(body.MobileLayout) {
		return errReply(invalidf("layout or mobile_layout is required"))
	}
	return locked(s, q, s.boardFor, accessEdit, func(b *board) reply {
		// Each map sent replaces that whole map; a map not sent is kept.
		layout, mobile := b.layout, b.mobileLayout
		var err *apiError
		if !isNull(body.Layout) {
			if layout, err = parseLayoutMap(body.Layout, "layout", b); err != nil {
				return errReply(err)
			}
		}
		if !isNull(body.MobileLayout) {
			if mobile, err = parseLayoutMap(body.MobileLayout, "mobile_layout", b); err != nil {
				return errReply(err)
			}
		}
		b.layout, b.mobileLayout, b.updatedAt = layout, mobile, q.now
		return okReply(http.StatusOK, nil, "")
	})
}

type boardSharedView struct {
	ID            string `json:"id"`
	IsPublic      bool   `json:"is_public"`
	RequireSignIn bool   `json:"require_sign_in"`
	AllowComments bool   `json:"allow_comments"`
}

func (s *Server) boardShare(q *request) reply {
	var body shareBody // allow_edit is not a pinboard flag: ignored
	if err := decodeBody(q.body, &body, true); err != nil {
		return errReply(err)
	}
	return locked(s, q, s.boardFor, accessOwner, func(b *board) reply {
		body.apply(&b.isPublic, nil, &b.requireSignIn, &b.allowComments)
		b.updatedAt = q.now
		return okReply(http.StatusOK, boardSharedView{
			ID: b.id, IsPublic: b.isPublic, RequireSignIn: b.requireSignIn, AllowComments: b.allowComments,
		}, "")
	})
}

func (s *Server) boardBatchGet(q *request) reply {
	ids, err := batchOf[string](q.body, "pinboard_ids", maxBatchGet)
	if err != nil {
		return errReply(err)
	}
	v := batchGetView[any]{Found: []any{}, NotFound: []string{}, PermissionDenied: []string{}}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		b, err := s.boardFor(id, q.key, accessRead)
		switch {
		case err == nil:
			v.Found = append(v.Found, s.viewBoard(b))
		case err.status == http.StatusForbidden:
			v.PermissionDenied = append(v.PermissionDenied, id)
		default:
			v.NotFound = append(v.NotFound, id)
		}
	}
	return okReply(http.StatusOK, v, fmt.Sprintf("Retrieved %d pinboards", len(v.Found)))
}

// boardBatchAddView is the response to a batch add. Skipped holds the pins that were
// already on the board (pindowntest's own field: the spec does not say where
// they go, so they are in neither added nor failed).
type boardBatchAddView struct {
	Added   []string         `json:"added"`
	Failed  []batchIDFailure `json:"failed"`
	Skipped []string         `json:"skipped"`
}

func (s *Server) boardBatchAddPins(q *request) reply {
	ids, err := batchOf[string](q.body, "pin_ids", maxBatchWrite)
	if err != nil {
		return errReply(err)
	}
	return locked(s, q, s.boardFor, accessEdit, func(b *board) reply {
		v := boardBatchAddView{Added: []string{}, Failed: []batchIDFailure{}, Skipped: []string{}}
		pins := slices.Clone(b.pins)
		for _, id := range ids {
			switch {
			case id == "" || s.readable(id, q.key) == nil:
				v.Failed = append(v.Failed, batchIDFailure{ID: id, Error: "Pin not found"})
			case slices.Contains(pins, id):
				v.Skipped = append(v.Skipped, id)
			default:
				pins = append(pins, id)
				v.Added = append(v.Added, id)
			}
		}
		if len(v.Added) > 0 {
			b.pins, b.updatedAt = pins, q.now
		}
		return okReply(http.StatusOK, v, fmt.Sprintf("Added %d pins", len(v.Added)))
	})
}

type boardBatchRemoveView struct {
	Removed []string         `json:"removed"`
	Failed  []batchIDFailure `json:"failed"`
}

func (s *Server) boardBatchRemovePins(q *request) reply {
	ids, err := batchOf[string](q.body, "pin_ids", maxBatchWrite)
	if err != nil {
		return errReply(err)
	}
	return locked(s, q, s.boardFor, accessEdit, func(b *board) reply {
		v := boardBatchRemoveView{Removed: []string{}, Failed: []batchIDFailure{}}
		for _, id := range ids {
			if !b.removePin(id) {
				v.Failed = append(v.Failed, batchIDFailure{ID: id, Error: "Pin not found on pinboard"})
				continue
			}
			v.Removed = append(v.Removed, id)
		}
		if len(v.Removed) > 0 {
			b.updatedAt = q.now
		}
		return okReply(http.StatusOK, v, fmt.Sprintf("Removed %d pins", len(v.Removed)))
	})
}
