package main

import (
	"context"
	"errors"
	"fmt"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pintypes"
)

// Exit codes: one per class of failure, so that a script can tell "fix the
// input" from "try again later". They are part of the command's interface:
// documented in --help and the README, and never renumbered.
const (
	exitOK          = 0   // success
	exitOther       = 1   // a local failure not classed below (writing $GITHUB_OUTPUT, say)
	exitUsage       = 2   // bad command line or configuration: unknown command or flag, missing argument, bad base URL
	exitInvalid     = 3   // invalid input: a bad pin config, JSON Lines file, CSV or layout; the API responded 400
	exitAuth        = 4   // no API key, or the key was refused (401) or lacks a scope (403)
	exitNotFound    = 5   // no such pin (404 from the API)
	exitRateLimited = 6   // rate limited for longer than --max-wait
	exitServer      = 7   // server error (5xx) or network failure, or a response that is not the API's
	exitMaybe       = 8   // a create failed after it may have reached the server: the pin may exist
	exitInterrupted = 130 // interrupted (Ctrl-C, SIGTERM)
)

// exitCodesHelp is the exit-code table printed by every --help.
const exitCodesHelp = `Exit codes:
  0 ok   2 usage   3 invalid input   4 auth or scope   5 not found
  6 rate limited beyond --max-wait   7 server or network   8 may have been created
  1 other local failure   130 interrupted
`

// cliError is an error with the exit code it ends the command with.
type cliError struct {
	code int
	err  error
}

func (e *cliError) Error() string { return e.err.Error() }
func (e *cliError) Unwrap() error { return e.err }

// usageErr is a command-line mistake (exit 2).
func usageErr(format string, args ...any) error {
	return &cliError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// inputErr is bad input: a file, a config, a value (exit 3).
func inputErr(format string, args ...any) error {
	return &cliError{code: exitInvalid, err: fmt.Errorf(format, args...)}
}

// withCode gives err the exit code code.
func withCode(code int, err error) error { return &cliError{code: code, err: err} }

// notAll is the error of a command that failed on failed of its total
// items, first the first failure (nil: none failed, no error); what says
// what was not done, such as "pins were not deleted".
func (a *app) notAll(first error, failed, total int, what string) error {
	if first == nil {
		return nil
	}
	return withCode(exitCode(first), fmt.Errorf("%d of %d %s (first: %s)", failed, total, what, a.redact(first.Error())))
}

// exitCode maps an error to the command's exit code, by the SDK's sentinels
// and error types. The order matters: a create that may have reached the
// server is reported as such even when its cause was a server error, and a
// rate-limit error is also an *APIError.
func exitCode(err error) int {
	var ce *cliError
	var rl *pindown.RateLimitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ce):
		return ce.code
	case errors.Is(err, pindown.ErrMaybeCreated):
		return exitMaybe
	case notTheAPI(err):
		return exitServer
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &rl), errors.Is(err, pindown.ErrRateLimited):
		return exitRateLimited
	case errors.Is(err, pindown.ErrUnauthorized), errors.Is(err, pindown.ErrForbidden):
		return exitAuth
	case errors.Is(err, pindown.ErrNotFound):
		return exitNotFound
	case errors.Is(err, pindown.ErrInvalidRequest), errors.Is(err, pintypes.ErrInvalidConfig):
		return exitInvalid
	default:
		// ErrServer, network errors, deadlines, and a 404 that reached no API
		// route (a base URL without /v1): none is the caller's input.
		return exitServer
	}
}

// notTheAPI reports a 404 whose body was not one of the API's error
// envelopes: the request reached no API route (typically a base URL without
// /v1), which must not pass for a pin that does not exist.
func notTheAPI(err error) bool {
	var ae *pindown.APIError
	return errors.As(err, &ae) && ae.StatusCode == 404 && ae.Code == ""
}
