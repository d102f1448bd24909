// Command gen writes the Go code derived from the pin_config schema table in
// internal/schema:
//
//   - pintypes/configs_gen.go: one struct per pin type and per nested object,
//     the enum types and constants, and their JSON and Validate methods;
//   - builders_gen.go (package pindown): one PinsService.CreateX method per
//     pin type.
//
// It runs from `go generate ./...` (the directive is in pintypes/doc.go) with
// the pintypes directory as its working directory. The flags -pintypes and
// -root name the two output directories; -check compares instead of writing
// and fails if a file is out of date.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	pintypesDir := flag.String("pintypes", ".", "directory of package pintypes")
	rootDir := flag.String("root", "..", "directory of package pindown (the module root)")
	check := flag.Bool("check", false, "report out-of-date files instead of writing them")
	flag.Parse()

	files, err := Generate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	dirs := map[string]string{PintypesDir: *pintypesDir, RootDir: *rootDir}
	stale := false
	for _, f := range files {
		path := filepath.Join(dirs[f.Dir], f.Name)
		if *check {
			old, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(old, f.Data) {
				fmt.Fprintf(os.Stderr, "gen: %s is out of date; run go generate ./...\n", path)
				stale = true
			}
			continue
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
	if stale {
		os.Exit(1)
	}
}
