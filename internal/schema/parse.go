package schema

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ParseInt returns the value of a JSON number literal if it is an integer
// that fits in a Go int. Integral literals in other notations ("2.0", "1e3")
// count. The error is a validation message.
func ParseInt(lit string) (int, error) {
	if n, err := strconv.ParseInt(lit, 10, 0); err == nil {
		return int(n), nil
	}
	f, err := strconv.ParseFloat(lit, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange), f != math.Trunc(f):
		return 0, errors.New("must be an integer")
	case err != nil, f < math.MinInt, f >= -math.MinInt:
		return 0, errors.New("must be an integer that fits in a Go int")
	}
	return int(f), nil
}

// ValidURL reports whether s is an absolute http or https URL with a host.
func ValidURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	return strings.EqualFold(u.Scheme, "http") || strings.EqualFold(u.Scheme, "https")
}

// DateLayout is the layout of plain dates.
const DateLayout = "2006-01-02"

// ParseTime parses an RFC 3339 time or a plain YYYY-MM-DD date (returned as
// midnight UTC, with dateOnly set).
func ParseTime(s string) (t time.Time, dateOnly bool, err error) {
	if t, err = time.Parse(time.RFC3339, s); err == nil {
		return t, false, nil
	}
	if t, err = time.Parse(DateLayout, s); err == nil {
		return t, true, nil
	}
	return time.Time{}, false, fmt.Errorf("%q is neither an RFC 3339 time nor a YYYY-MM-DD date", s)
}
