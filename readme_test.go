package pindown_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReadmeSnippets checks that every Go snippet in README.md is a region
// of an example*_test.go file here or in redisbudget (marked "// README:
// name" … "// README: end"), or the program examples/first-pin/main.go from
// its package clause on, so that every snippet compiles (and the regions
// run).
func TestReadmeSnippets(t *testing.T) {
	files, err := filepath.Glob("example*_test.go")
	require.NoError(t, err)
	regions := map[string]bool{}
	for _, f := range append(files, "redisbudget/example_test.go") {
		examples, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range regexp.MustCompile(`(?s)// README: ([\w-]+)\n(.*?)\n\s*// README: end`).FindAllStringSubmatch(string(examples), -1) {
			regions[dedent(m[2])] = true
		}
	}
	program, err := os.ReadFile("examples/first-pin/main.go")
	require.NoError(t, err)
	regions[strings.TrimRight(string(program[strings.Index(string(program), "package main"):]), "\n")] = true

	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	snippets := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	require.NotEmpty(t, snippets)
	for _, s := range snippets {
		require.True(t, regions[strings.TrimRight(s[1], "\n")], "README snippet is not a region of an example file:\n%s", s[1])
	}
}

func dedent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "\t")
	}
	return strings.Join(lines, "\n")
}
