package pindowntest

import (
	"net/http"
	"net/url"
	"strings"
)

// Route names one of the ten Pins API operations, for Inject and Stats.
type Route string

// The ten routes of the Pins API. Their values are the method and path pattern.
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

// Scopes an API key can hold.
const (
	scopeRead  = "pins:read"
	scopeWrite = "pins:write"
	scopeShare = "pins:share"
	scopeAll   = "*"
)

// routeInfo is what the pipeline needs to know about a route.
type routeInfo struct {
	scope  string
	bucket bucket
}

var routes = map[Route]routeInfo{
	RouteCreate:      {scopeWrite, bucketWrite},
	RouteList:        {scopeRead, bucketRead},
	RouteGet:         {scopeRead, bucketRead},
	RouteUpdate:      {scopeWrite, bucketWrite},
	RouteDelete:      {scopeWrite, bucketWrite},
	RouteShare:       {scopeShare, bucketWrite},
	RouteBatchGet:    {scopeRead, bucketBatchRead},
	RouteBatchCreate: {scopeWrite, bucketWrite},
	RouteBatchUpdate: {scopeWrite, bucketWrite},
	RouteBatchDelete: {scopeWrite, bucketWrite},
}

// match maps a request to its route and path id. It returns ok=false with
// allow="" for an unknown path (404) and with the allowed methods for a known
// path and a wrong method (405).
func match(r *http.Request) (route Route, id string, allow string, ok bool) {
	p, found := strings.CutPrefix(r.URL.EscapedPath(), "/v1/pins")
	if !found {
		return "", "", "", false
	}
	m := r.Method
	switch {
	case p == "":
		switch m {
		case http.MethodGet:
			return RouteList, "", "", true
		case http.MethodPost:
			return RouteCreate, "", "", true
		}
		return "", "", "GET, POST", false
	case p == "/batch":
		switch m {
		case http.MethodPost:
			return RouteBatchCreate, "", "", true
		case http.MethodPatch:
			return RouteBatchUpdate, "", "", true
		case http.MethodDelete:
			return RouteBatchDelete, "", "", true
		}
		return "", "", "POST, PATCH, DELETE", false
	case p == "/batch/get":
		if m == http.MethodPost {
			return RouteBatchGet, "", "", true
		}
		return "", "", "POST", false
	case !strings.HasPrefix(p, "/"):
		return "", "", "", false
	}
	seg, rest, _ := strings.Cut(p[1:], "/")
	id, err := url.PathUnescape(seg)
	if err != nil || id == "" {
		return "", "", "", false
	}
	switch rest {
	case "":
		if !strings.Contains(p[1:], "/") {
			switch m {
			case http.MethodGet:
				return RouteGet, id, "", true
			case http.MethodPut:
				return RouteUpdate, id, "", true
			case http.MethodDelete:
				return RouteDelete, id, "", true
			}
			return "", "", "GET, PUT, DELETE", false
		}
	case "share":
		if m == http.MethodPost {
			return RouteShare, id, "", true
		}
		return "", "", "POST", false
	}
	return "", "", "", false
}
