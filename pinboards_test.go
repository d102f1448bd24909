package pindown_test

import "testing"

// Every pinboard method against every error class.
func TestPinboardErrorClasses(t *testing.T) { testErrorClasses(t, "pinboard ") }
