package pintypes

import (
	"time"

	"github.com/pindownai/client-go/internal/schema"
)

// Time is the value of a time field (calendar events, timeline dates, chat
// timestamps, …): an RFC 3339 time such as "2026-01-31T09:00:00Z" or a plain
// date such as "2026-01-31". It is a string so that it round-trips exactly;
// build one with TimeOf or DateOf and read one with Parse.
type Time string

// TimeOf returns t as an RFC 3339 time in UTC, with fractional seconds only
// when t has them.
func TimeOf(t time.Time) Time {
	return Time(t.UTC().Format(time.RFC3339Nano))
}

// DateOf returns the calendar date of t, in t's own location, as a plain
// YYYY-MM-DD date.
func DateOf(t time.Time) Time {
	return Time(t.Format(schema.DateLayout))
}

// Parse returns the time t holds. A plain date is midnight UTC of that day.
// An empty or malformed Time is an error.
func (t Time) Parse() (time.Time, error) {
	v, _, err := schema.ParseTime(string(t))
	return v, err
}

// IsDate reports whether t is a plain YYYY-MM-DD date.
func (t Time) IsDate() bool {
	_, date, err := schema.ParseTime(string(t))
	return err == nil && date
}
