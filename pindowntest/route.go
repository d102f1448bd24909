package pindowntest

import (
	"net/http"
	"net/url"
	"strings"
)

// Route names one operation of the API, for Inject and Stats. Its value is
// the method and the path pattern, relative to the base URL.
type Route string

// The ten routes of the Pins API.
const (
	RouteCreate      Route = "POST /pins"
	RouteList        Route = "GET /pins"
	RouteGet         Route = "GET /pins/{id}"
	RouteUpdate      Route = "PUT /pins/{id}"
	RouteDelete      Route = "DELETE /pins/{id}"
	RouteShare       Route = "POST /pins/{id}/share"
	RouteBatchGet    Route = "POST /pins/batch/get"
	RouteBatchCreate Route = "POST /pins/batch"
	RouteBatchUpdate Route = "PATCH /pins/batch"
	RouteBatchDelete Route = "DELETE /pins/batch"
)

// The twelve pinboard routes.
const (
	RoutePinboardCreate          Route = "POST /pinboards"
	RoutePinboardList            Route = "GET /pinboards"
	RoutePinboardGet             Route = "GET /pinboards/{id}"
	RoutePinboardUpdate          Route = "PUT /pinboards/{id}"
	RoutePinboardDelete          Route = "DELETE /pinboards/{id}"
	RoutePinboardAddPin          Route = "POST /pinboards/{id}/pins"
	RoutePinboardRemovePin       Route = "DELETE /pinboards/{id}/pins/{pinId}"
	RoutePinboardUpdateLayout    Route = "PUT /pinboards/{id}/layout"
	RoutePinboardShare           Route = "POST /pinboards/{id}/share"
	RoutePinboardBatchGet        Route = "POST /pinboards/batch/get"
	RoutePinboardBatchAddPins    Route = "POST /pinboards/{id}/pins/batch"
	RoutePinboardBatchRemovePins Route = "DELETE /pinboards/{id}/pins/batch"
)

// The fourteen page routes.
const (
	RoutePageCreate           Route = "POST /pages"
	RoutePageList             Route = "GET /pages"
	RoutePageGet              Route = "GET /pages/{id}"
	RoutePageUpdate           Route = "PUT /pages/{id}"
	RoutePageDelete           Route = "DELETE /pages/{id}"
	RoutePageAddPin           Route = "POST /pages/{id}/pins"
	RoutePageListPins         Route = "GET /pages/{id}/pins"
	RoutePageRemovePin        Route = "DELETE /pages/{id}/pins/{pinId}"
	RoutePagePublish          Route = "POST /pages/{id}/publish"
	RoutePageUnpublish        Route = "POST /pages/{id}/unpublish"
	RoutePageInvite           Route = "POST /pages/{id}/invitations/send"
	RoutePageListInvitations  Route = "GET /pages/{id}/invitations"
	RoutePageCancelInvitation Route = "DELETE /pages/{id}/invitations/{email}"
	RoutePageSetUserRole      Route = "PUT /pages/{id}/users/{userId}/role"
)

// request is an admitted, authorised request as a handler sees it.
type request struct {
	r    *http.Request
	id   string // the first path parameter ({id}), unescaped
	sub  string // the second ({pinId}, {email}, {userId}), unescaped
	body []byte // read only for routes with a body
	key  *apiKey
	now  int64 // epoch ms
}

// routeInfo is what the pipeline needs to know about a route.
type routeInfo struct {
	scope  string
	bucket bucket
	body   bool // the handler reads a request body
	handle func(*Server, *request) reply
}

var routes = map[Route]routeInfo{
	RouteCreate:      {ScopePinsWrite, bucketWrite, true, (*Server).create},
	RouteList:        {ScopePinsRead, bucketRead, false, (*Server).list},
	RouteGet:         {ScopePinsRead, bucketRead, false, (*Server).get},
	RouteUpdate:      {ScopePinsWrite, bucketWrite, true, (*Server).update},
	RouteDelete:      {ScopePinsWrite, bucketWrite, false, (*Server).delete},
	RouteShare:       {ScopePinsShare, bucketWrite, true, (*Server).share},
	RouteBatchGet:    {ScopePinsRead, bucketBatchRead, true, (*Server).batchGet},
	RouteBatchCreate: {ScopePinsWrite, bucketWrite, true, (*Server).batchCreate},
	RouteBatchUpdate: {ScopePinsWrite, bucketWrite, true, (*Server).batchUpdate},
	RouteBatchDelete: {ScopePinsWrite, bucketWrite, true, (*Server).batchDelete},

	RoutePinboardCreate:          {ScopePinboardsWrite, bucketPinboardWrite, true, (*Server).boardCreate},
	RoutePinboardList:            {ScopePinboardsRead, bucketPinboardRead, false, (*Server).boardList},
	RoutePinboardGet:             {ScopePinboardsRead, bucketPinboardRead, false, (*Server).boardGet},
	RoutePinboardUpdate:          {ScopePinboardsWrite, bucketPinboardWrite, true, (*Server).boardUpdate},
	RoutePinboardDelete:          {ScopePinboardsWrite, bucketPinboardWrite, false, (*Server).boardDelete},
	RoutePinboardAddPin:          {ScopePinboardsWrite, bucketPinboardWrite, true, (*Server).boardAddPin},
	RoutePinboardRemovePin:       {ScopePinboardsWrite, bucketPinboardWrite, false, (*Server).boardRemovePin},
	RoutePinboardUpdateLayout:    {ScopePinboardsWrite, bucketPinboardWrite, true, (*Server).boardUpdateLayout},
	RoutePinboardShare:           {ScopePinboardsShare, bucketPinboardWrite, true, (*Server).boardShare},
	RoutePinboardBatchGet:        {ScopePinboardsRead, bucketPinboardBatchRead, true, (*Server).boardBatchGet},
	RoutePinboardBatchAddPins:    {ScopePinboardsWrite, bucketPinboardWrite, true, (*Server).boardBatchAddPins},
	RoutePinboardBatchRemovePins: {ScopePinboardsWrite, bucketPinboardWrite, true, (*Server).boardBatchRemovePins},

	RoutePageCreate:           {ScopePagesWrite, bucketPageWrite, true, (*Server).pageCreate},
	RoutePageList:             {ScopePagesRead, bucketPageRead, false, (*Server).pageList},
	RoutePageGet:              {ScopePagesRead, bucketPageRead, false, (*Server).pageGet},
	RoutePageUpdate:           {ScopePagesWrite, bucketPageWrite, true, (*Server).pageUpdate},
	RoutePageDelete:           {ScopePagesWrite, bucketPageWrite, false, (*Server).pageDelete},
	RoutePageAddPin:           {ScopePagesWrite, bucketPageWrite, true, (*Server).pageAddPin},
	RoutePageListPins:         {ScopePagesRead, bucketPageRead, false, (*Server).pageListPins},
	RoutePageRemovePin:        {ScopePagesWrite, bucketPageWrite, false, (*Server).pageRemovePin},
	RoutePagePublish:          {ScopePagesWrite, bucketPageWrite, false, (*Server).pagePublish},
	RoutePageUnpublish:        {ScopePagesWrite, bucketPageWrite, false, (*Server).pageUnpublish},
	RoutePageInvite:           {ScopePagesWrite, bucketPageWrite, true, (*Server).pageInvite},
	RoutePageListInvitations:  {ScopePagesWrite, bucketPageRead, false, (*Server).pageListInvitations},
	RoutePageCancelInvitation: {ScopePagesWrite, bucketPageWrite, false, (*Server).pageCancelInvitation},
	RoutePageSetUserRole:      {ScopePagesWrite, bucketPageWrite, true, (*Server).pageSetUserRole},
}

// pattern is a route's path pattern split into segments; a segment in braces
// is a parameter.
type pattern struct {
	route  Route
	method string
	segs   []string
}

// methodOrder orders the methods of an Allow header.
var methodOrder = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// patterns are the routes' patterns, grouped by method in methodOrder.
var patterns = func() []pattern {
	var ps []pattern
	for _, m := range methodOrder {
		for r := range routes {
			method, path, _ := strings.Cut(string(r), " ")
			if method == m {
				ps = append(ps, pattern{route: r, method: method, segs: strings.Split(path[1:], "/")})
			}
		}
	}
	return ps
}()

// fit reports whether the escaped path segments segs fit p, with the
// unescaped parameters and the number of literal segments.
func (p *pattern) fit(segs []string) (params [2]string, literals int, ok bool) {
	if len(segs) != len(p.segs) {
		return params, 0, false
	}
	n := 0
	for i, ps := range p.segs {
		if !strings.HasPrefix(ps, "{") {
			if segs[i] != ps {
				return params, 0, false
			}
			literals++
			continue
		}
		v, err := url.PathUnescape(segs[i])
		if err != nil || v == "" {
			return params, 0, false
		}
		params[n] = v
		n++
	}
	return params, literals, true
}

// noRoute is the response to a request that matches no route: 405 with the
// methods allow names, or 404 when there are none.
func noRoute(r *http.Request, allow string) reply {
	if allow != "" {
		rp := errReply(errorf(http.StatusMethodNotAllowed, codeMethodNotAllowed,
			"method %s is not allowed on %s (allowed: %s)", r.Method, r.URL.Path, allow))
		rp.setHeader("Allow", allow)
		return rp
	}
	hint := ""
	if !strings.HasPrefix(r.URL.Path, "/v1/") {
		hint = ": the API's paths start with /v1/ (is the base URL right?)"
	}
	return errReply(errorf(http.StatusNotFound, codeNoRoute, "no route for %s %s%s", r.Method, r.URL.Path, hint))
}

// match maps a request to its route and path parameters. Of the patterns a
// path fits, those with the most literal segments win (so /pins/batch is the
// batch path, never a pin called "batch"). It returns ok=false with allow=""
// for a path that fits no pattern (404) and with the allowed methods for a
// known path and a wrong method (405).
func match(r *http.Request) (route Route, params [2]string, allow string, ok bool) {
	p, found := strings.CutPrefix(r.URL.EscapedPath(), "/v1/")
	if !found {
		return "", params, "", false
	}
	segs := strings.Split(p, "/")
	best := -1
	var methods []string
	for i := range patterns {
		pt := &patterns[i]
		ps, lit, fits := pt.fit(segs)
		switch {
		case !fits || lit < best:
			continue
		case lit > best:
			best, methods, route, params, ok = lit, methods[:0], "", [2]string{}, false
		}
		methods = append(methods, pt.method)
		if pt.method == r.Method {
			route, params, ok = pt.route, ps, true
		}
	}
	if ok {
		return route, params, "", true
	}
	return "", [2]string{}, strings.Join(methods, ", "), false
}
