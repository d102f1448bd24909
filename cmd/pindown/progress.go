package main

import (
	"fmt"
	"io"
	"os"
)

// isTerminal reports whether w is a terminal (a character device), the
// default of app.isTerminal. Only an *os.File can be one.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	return fi.Mode()&os.ModeCharDevice != 0
}

// progressf rewrites the progress line on stderr.
func (a *app) progressf(format string, args ...any) { a.printProgress("\r\x1b[K"+format, args...) }

// progressDone ends the progress line.
func (a *app) progressDone() { a.printProgress("\n") }

// printProgress prints on stderr when it is a terminal; otherwise it does
// nothing, so logs of CI runs stay clean.
func (a *app) printProgress(format string, args ...any) {
	if !a.isTerminal(a.stderr) {
		return
	}
	a.errMu.Lock()
	defer a.errMu.Unlock()
	fmt.Fprintf(a.stderr, format, args...)
}
