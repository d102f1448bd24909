package pindown_test

import "testing"

// Every page method against every error class.
func TestPageErrorClasses(t *testing.T) { testErrorClasses(t, "page ") }
