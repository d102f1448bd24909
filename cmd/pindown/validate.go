package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pindownai/client-go/pintypes"
)

// validateJSON is what validate --json prints.
type validateJSON struct {
	Type     string        `json:"type"`
	Valid    bool          `json:"valid"`
	Problems []problemJSON `json:"problems"`
}

type problemJSON struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

func validateCommand() *command {
	types := make([]string, 0, 27)
	for _, t := range pintypes.Types() {
		types = append(types, string(t))
	}
	return &command{
		name: "validate", args: "TYPE FILE|-", summary: "check a pin config offline (no key needed)",
		help: `Checks the pin_config JSON in FILE (- for stdin) against the schema of pin type
TYPE, offline, and lists every problem with its path (exit 3 if there is any).
Types: ` + wrap(strings.Join(types, " "), 76),
		example: `pindown validate stat-cards kpis.json`,
		run: func(a *app, args []string) error {
			if len(args) != 2 {
				return usageErr("validate takes a pin type and a file")
			}
			t := pintypes.Type(args[0])
			raw, err := a.readInput(args[1])
			if err != nil {
				return err
			}
			out := validateJSON{Type: string(t), Valid: true, Problems: []problemJSON{}}
			_, err = decodeConfig(t, raw, displayName(args[1]))
			var ve *pintypes.ValidationError
			switch {
			case errors.As(err, &ve):
				for _, fe := range ve.Errors {
					out.Problems = append(out.Problems, problemJSON{Path: fe.Path, Message: fe.Message})
				}
			case err != nil:
				out.Problems = append(out.Problems, problemJSON{Path: "pin_config", Message: err.Error()})
			}
			out.Valid = len(out.Problems) == 0
			if a.json {
				if err := a.writeJSON(out); err != nil {
					return err
				}
			} else if out.Valid {
				fmt.Fprintf(a.stdout, "%s: valid %s config\n", displayName(args[1]), t)
			} else {
				for _, p := range out.Problems {
					fmt.Fprintf(a.stdout, "%s: %s\n", p.Path, p.Message)
				}
			}
			if !out.Valid {
				return inputErr("%s: the %s config has %s", displayName(args[1]), t, plural(len(out.Problems), "problem"))
			}
			return nil
		},
	}
}

// wrap breaks s into lines of at most width at spaces.
func wrap(s string, width int) string {
	var lines []string
	for _, w := range strings.Fields(s) {
		if n := len(lines); n > 0 && len(lines[n-1])+1+len(w) <= width {
			lines[n-1] += " " + w
		} else {
			lines = append(lines, w)
		}
	}
	return strings.Join(lines, "\n")
}

// plural says "1 problem", "2 problems".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
