package pintypes

import (
	"errors"
	"strings"

	"github.com/pindownai/client-go/internal/schema"
)

// ErrInvalidConfig is matched (with errors.Is) by every error this package
// returns for a pin_config or pin_type that fails its schema.
var ErrInvalidConfig = errors.New("invalid pin config")

// FieldError is one problem with a config: the member path and what is wrong.
type FieldError struct {
	// Path is the member path in a.b[2].c form; "pin_config" for the whole
	// config and "pin_type" for the type.
	Path string
	// Message says what is wrong, such as "required".
	Message string
}

// String returns "path: message".
func (e FieldError) String() string { return e.Path + ": " + e.Message }

// ValidationError is the error of Decode and of every Validate method: all
// the problems found in one config. It matches ErrInvalidConfig.
type ValidationError struct {
	Type   Type         // the pin type the config was checked against
	Errors []FieldError // every problem, in document order
}

// Error returns all problems in one line, such as
// `invalid stat-cards config: cards[1].value: required; cards[0].trend: must be one of up, down, neutral`.
func (e *ValidationError) Error() string {
	if e == nil {
		return "<nil>"
	}
	var b strings.Builder
	if e.Type == "" {
		b.WriteString("invalid pin config")
	} else {
		b.WriteString("invalid " + string(e.Type) + " config")
	}
	for i, fe := range e.Errors {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(fe.String())
	}
	return b.String()
}

// Unwrap returns ErrInvalidConfig, so errors.Is(err, ErrInvalidConfig) holds.
func (e *ValidationError) Unwrap() error { return ErrInvalidConfig }

// invalid returns a *ValidationError for t with the given problems, or nil
// if there are none.
func invalid(t Type, errs ...FieldError) error {
	if len(errs) == 0 {
		return nil
	}
	return &ValidationError{Type: t, Errors: errs}
}

// pathError is an encoding or decoding error at a member path.
type pathError struct {
	path string
	err  error
}

// Error returns "path: problem".
func (e *pathError) Error() string { return e.path + ": " + e.err.Error() }

// Unwrap returns the problem.
func (e *pathError) Unwrap() error { return e.err }

// at prefixes err's path (if it has one) with prefix.
func at(prefix string, err error) error {
	var pe *pathError
	if errors.As(err, &pe) {
		p := pe.path
		if !strings.HasPrefix(p, "[") {
			p = "." + p
		}
		return &pathError{path: prefix + p, err: pe.err}
	}
	return &pathError{path: prefix, err: err}
}

// fieldErrorOf turns an encoding or decoding error into a FieldError.
func fieldErrorOf(err error) FieldError {
	var pe *pathError
	if errors.As(err, &pe) {
		return FieldError{Path: pe.path, Message: pe.err.Error()}
	}
	return FieldError{Path: schema.RootPath, Message: err.Error()}
}
