package pindowntest

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
)

// Batch size limits of the API.
const (
	maxBatchGet   = 100
	maxBatchWrite = 50
)

// pinView is a pin as Get, batch get and (without pin_config) List response it.
type pinView struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	DataType    string       `json:"data_type"`
	IsPublic    bool         `json:"is_public"`
	OwnerID     string       `json:"owner_id"`
	Metadata    metadataView `json:"metadata"`
	CreatedAt   int64        `json:"created_at"`
	UpdatedAt   int64        `json:"updated_at"`
}

type metadataView struct {
	Title         string          `json:"title"`
	Description   string          `json:"description"`
	Tags          []string        `json:"tags"`
	PinType       string          `json:"pin_type"`
	PinLayout     string          `json:"pin_layout,omitempty"`
	PinConfig     json.RawMessage `json:"pin_config,omitempty"`
	AllowEdit     bool            `json:"allow_edit"`
	RequireSignIn bool            `json:"require_sign_in"`
	AllowComments bool            `json:"allow_comments"`
}

// view returns p as the API shows it; with config false, without pin_config.
// Callers hold s.mu.
func view(p *pin, config bool) pinView {
	v := pinView{
		ID: p.id, Title: p.title, Description: p.description, DataType: "pin-card",
		IsPublic: p.isPublic, OwnerID: p.owner, CreatedAt: p.createdAt, UpdatedAt: p.updatedAt,
		Metadata: metadataView{
			Title: p.title, Description: p.description, Tags: orEmpty(p.tags), PinType: p.pinType, PinLayout: p.layout,
			AllowEdit: p.allowEdit, RequireSignIn: p.requireSignIn, AllowComments: p.allowComments,
		},
	}
	if config {
		v.Metadata.PinConfig = p.config
	}
	return v
}

type createdView struct {
	ID            string `json:"id"`
	DataType      string `json:"data_type"`
	CreatedAt     int64  `json:"created_at"`
	IsPublic      bool   `json:"is_public"`
	AllowEdit     bool   `json:"allow_edit"`
	RequireSignIn bool   `json:"require_sign_in"`
	AllowComments bool   `json:"allow_comments"`
}

// listView is a page of a list: of pins, or of pinboards in the newest form.
type listView[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

type sharedView struct {
	ID            string `json:"id"`
	IsPublic      bool   `json:"is_public"`
	AllowEdit     bool   `json:"allow_edit"`
	RequireSignIn bool   `json:"require_sign_in"`
	AllowComments bool   `json:"allow_comments"`
	ShareableURL  string `json:"shareable_url"`
}

// insert stores p as a new pin of owner created at now. Callers hold s.mu.
func (s *Server) insert(p *pin, owner string, now int64) {
	p.id = freshID(s.pins, "p-", s.pinIDsRand)
	p.owner, p.createdAt, p.updatedAt = owner, now, now
	s.pins[p.id] = p
	idx := s.owners[owner]
	if idx == nil {
		idx = new(ownerIndex)
		s.owners[owner] = idx
	}
	idx.insert(p)
}

// remove deletes p from the store, and from every pinboard and page that
// holds it. Callers hold s.mu.
func (s *Server) remove(p *pin) {
	delete(s.pins, p.id)
	s.owners[p.owner].remove(p)
	for _, b := range s.boards {
		b.removePin(p.id)
	}
	for _, pg := range s.pages {
		pg.removePin(p.id)
	}
}

// readable returns the pin id if k may read it. Callers hold s.mu.
func (s *Server) readable(id string, k *apiKey) *pin {
	p := s.pins[id]
	if p == nil || p.owner != k.owner && !p.isPublic {
		return nil
	}
	return p
}

// owned returns the pin id if k owns it, or the error to respond with. Callers hold s.mu.
func (s *Server) owned(id string, k *apiKey, verb string) (*pin, *apiError) {
	p := s.readable(id, k)
	switch {
	case p == nil:
		return nil, notFound("pin", id)
	case p.owner != k.owner:
		return nil, errorf(http.StatusForbidden, codeForbidden, "only the owner of pin %q may %s it", id, verb)
	}
	return p, nil
}

func (s *Server) create(q *request) reply {
	p, err := parseCreate(q.body)
	if err != nil {
		return errReply(err)
	}
	s.mu.Lock()
	s.insert(p, q.key.owner, q.now)
	s.mu.Unlock()
	return okReply(http.StatusCreated, createdView{
		ID: p.id, DataType: "pin-card", CreatedAt: p.createdAt, IsPublic: p.isPublic,
		AllowEdit: p.allowEdit, RequireSignIn: p.requireSignIn, AllowComments: p.allowComments,
	}, "Pin created successfully")
}

func (s *Server) get(q *request) reply {
	s.mu.Lock()
	p := s.readable(q.id, q.key)
	var v pinView
	if p != nil {
		v = view(p, true)
	}
	s.mu.Unlock()
	if p == nil {
		return errReply(notFound("pin", q.id))
	}
	return okReply(http.StatusOK, v, "")
}

// queryInt reads an integer query parameter in [lo, hi] with a default.
func queryInt(q url.Values, name string, def, lo, hi int) (int, *apiError) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, invalidf("%s: must be an integer from %d to %d, got %q", name, lo, hi, s)
	}
	return n, nil
}

// pageQuery reads the limit (1..100, default 50) and offset (≥ 0, default 0)
// of a list route.
func pageQuery(r *http.Request) (limit, offset int, err *apiError) {
	q := r.URL.Query()
	if limit, err = queryInt(q, "limit", 50, 1, 100); err != nil {
		return 0, 0, err
	}
	offset, err = queryInt(q, "offset", 0, 0, math.MaxInt)
	return limit, offset, err
}

func (s *Server) list(q *request) reply {
	limit, offset, err := pageQuery(q.r)
	if err != nil {
		return errReply(err)
	}
	lv := listView[pinView]{Limit: limit, Offset: offset, Items: []pinView{}}
	s.mu.Lock()
	if idx := s.owners[q.key.owner]; idx != nil {
		lv.Total = idx.n
		for _, p := range idx.newestFirst(offset, limit) {
			lv.Items = append(lv.Items, view(p, false))
		}
	}
	s.mu.Unlock()
	return okReply(http.StatusOK, lv, "")
}

func (s *Server) update(q *request) reply {
	pa, err := parseUpdate(q.body, true)
	if err != nil {
		return errReply(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.owned(q.id, q.key, "update")
	if err == nil {
		err = pa.apply(p, q.now)
	}
	if err != nil {
		return errReply(err)
	}
	return okReply(http.StatusOK, map[string]any{"id": q.id, "updated_at": q.now}, "")
}

func (s *Server) delete(q *request) reply {
	s.mu.Lock()
	p, err := s.owned(q.id, q.key, "delete")
	if err == nil {
		s.remove(p)
	}
	s.mu.Unlock()
	if err != nil {
		return errReply(err)
	}
	return okReply(http.StatusOK, map[string]any{"deleted_at": q.now}, "")
}

func (s *Server) share(q *request) reply {
	var b shareBody
	if err := decodeBody(q.body, &b, true); err != nil {
		return errReply(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.owned(q.id, q.key, "share")
	if err != nil {
		return errReply(err)
	}
	b.apply(&p.isPublic, &p.allowEdit, &p.requireSignIn, &p.allowComments)
	p.updatedAt = q.now
	return okReply(http.StatusOK, sharedView{
		ID: p.id, IsPublic: p.isPublic, AllowEdit: p.allowEdit, RequireSignIn: p.requireSignIn,
		AllowComments: p.allowComments, ShareableURL: "https://pindown.ai/share/pin/" + url.PathEscape(p.id),
	}, "")
}

// batchOf reads {field: [...]}, an array of 1..limit items, as a batch
// route's body.
func batchOf[T any](body []byte, field string, limit int) ([]T, *apiError) {
	var m map[string]json.RawMessage
	if err := decodeBody(body, &m, false); err != nil {
		return nil, err
	}
	var items []T
	if raw := m[field]; !isNull(raw) {
		if err := decodeJSON(raw, &items, field); err != nil {
			return nil, err
		}
	}
	switch {
	case len(items) == 0:
		return nil, invalidf("%s: must hold at least one item", field)
	case len(items) > limit:
		return nil, invalidf("%s: at most %d items per call, got %d", field, limit, len(items))
	}
	return items, nil
}

// batchGetView is the response to a batch get of pins or pinboards.
type batchGetView[T any] struct {
	Found            []T      `json:"found"`
	NotFound         []string `json:"not_found"`
	PermissionDenied []string `json:"permission_denied"`
}

func (s *Server) batchGet(q *request) reply {
	ids, err := batchOf[string](q.body, "pin_ids", maxBatchGet)
	if err != nil {
		return errReply(err)
	}
	v := batchGetView[pinView]{Found: []pinView{}, NotFound: []string{}, PermissionDenied: []string{}}
	s.mu.Lock()
	for _, id := range ids {
		if p := s.readable(id, q.key); p != nil {
			v.Found = append(v.Found, view(p, true))
		} else {
			v.NotFound = append(v.NotFound, id)
		}
	}
	s.mu.Unlock()
	return okReply(http.StatusOK, v, "")
}

type batchCreated struct {
	ID        string `json:"id"`
	Index     int    `json:"index"`
	CreatedAt int64  `json:"created_at"`
}

type batchIndexFailure struct {
	Index int    `json:"index"`
	Error string `json:"error"`
}

type batchCreateView struct {
	Created []batchCreated      `json:"created"`
	Failed  []batchIndexFailure `json:"failed"`
}

func (s *Server) batchCreate(q *request) reply {
	items, err := batchOf[json.RawMessage](q.body, "pins", maxBatchWrite)
	if err != nil {
		return errReply(err)
	}
	v := batchCreateView{Created: []batchCreated{}, Failed: []batchIndexFailure{}}
	pins := make([]*pin, len(items))
	for i, raw := range items {
		if pins[i], err = parseCreate(raw); err != nil {
			v.Failed = append(v.Failed, batchIndexFailure{Index: i, Error: err.message})
		}
	}
	s.mu.Lock()
	for i, p := range pins {
		if p != nil {
			s.insert(p, q.key.owner, q.now)
			v.Created = append(v.Created, batchCreated{ID: p.id, Index: i, CreatedAt: q.now})
		}
	}
	s.mu.Unlock()
	return okReply(http.StatusOK, v, "")
}

type batchIDFailure struct {
	ID    string `json:"id"`
	Error string `json:"error"`
}

type batchUpdateView struct {
	Updated   []string         `json:"updated"`
	Failed    []batchIDFailure `json:"failed"`
	UpdatedAt int64            `json:"updated_at"`
}

func (s *Server) batchUpdate(q *request) reply {
	items, err := batchOf[json.RawMessage](q.body, "updates", maxBatchWrite)
	if err != nil {
		return errReply(err)
	}
	v := batchUpdateView{Updated: []string{}, Failed: []batchIDFailure{}, UpdatedAt: q.now}
	patches := make([]*patch, len(items))
	errs := make([]*apiError, len(items))
	for i, raw := range items {
		if patches[i], errs[i] = parseUpdate(raw, false); errs[i] == nil && patches[i].id == "" {
			errs[i] = invalidf("id is required")
		}
	}
	s.mu.Lock()
	for i, pa := range patches {
		err := errs[i]
		if err == nil {
			var p *pin
			if p, err = s.owned(pa.id, q.key, "update"); err == nil {
				err = pa.apply(p, q.now)
			}
		}
		if err != nil {
			v.Failed = append(v.Failed, batchIDFailure{ID: idOf(items[i]), Error: err.message})
			continue
		}
		v.Updated = append(v.Updated, pa.id)
	}
	s.mu.Unlock()
	return okReply(http.StatusOK, v, "")
}

// idOf returns the "id" of a batch update item, if it has one.
func idOf(raw json.RawMessage) string {
	var b struct {
		ID any `json:"id"`
	}
	_ = json.Unmarshal(raw, &b)
	if b.ID == nil {
		return ""
	}
	return fmt.Sprint(b.ID)
}

type batchDeleteView struct {
	Deleted []string         `json:"deleted"`
	Failed  []batchIDFailure `json:"failed"`
}

func (s *Server) batchDelete(q *request) reply {
	ids, err := batchOf[string](q.body, "pin_ids", maxBatchWrite)
	if err != nil {
		return errReply(err)
	}
	v := batchDeleteView{Deleted: []string{}, Failed: []batchIDFailure{}}
	s.mu.Lock()
	for _, id := range ids {
		p, err := s.owned(id, q.key, "delete")
		if err != nil {
			v.Failed = append(v.Failed, batchIDFailure{ID: id, Error: err.message})
			continue
		}
		s.remove(p)
		v.Deleted = append(v.Deleted, id)
	}
	s.mu.Unlock()
	return okReply(http.StatusOK, v, "")
}
