package main

import (
	"encoding/json"
	"testing"
)

// decodeJSON decodes what a --json run printed, rejecting unknown fields
// so that the documented shape is the printed one.
func decodeJSON[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decoding %q: %v", s, err)
	}
	return v
}
