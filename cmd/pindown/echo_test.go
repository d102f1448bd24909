package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// newEchoServer returns the base URL of a server whose every response is a 500
// error page that echoes the request's Authorization header, as a badly
// configured proxy might.
func newEchoServer(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotImplemented)
		io.WriteString(w, "<html>bad auth: "+r.Header.Get("Authorization")+"</html>")
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/v1"
}
