package pindown

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"7", 7 * time.Second, true},
		{" 0.25 ", 250 * time.Millisecond, true},
		{"0", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"", 0, false},
		{"-3", 0, false},
		{"soon", 0, false},
		{"NaN", 0, false},
		{"1e300", maxAdvice, true},
	} {
		got, ok := parseRetryAfter(tc.in, now)
		require.Equal(t, tc.ok, ok, tc.in)
		require.Equal(t, tc.want, got, tc.in)
	}
}

func TestParseReset(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"1795348800", time.Unix(1795348800, 0)},
		{"1795348800500", time.UnixMilli(1795348800500)},
		{"30", now.Add(30 * time.Second)},
		{"2026-11-21T12:01:00Z", now.Add(time.Minute)},
		{"garbage", time.Time{}},
		{"", time.Time{}},
	} {
		require.True(t, tc.want.Equal(parseReset(tc.in, now)), "%q: got %v", tc.in, parseReset(tc.in, now))
	}
}
