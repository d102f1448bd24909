package pindown_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReadmeSnippets checks that every Go snippet in README.md is a region
// of example_test.go or redisbudget/example_test.go (marked "// README: name" … "// README: end"), or the
// body of examples/first-pin/main.go from its package clause on, so that
// every snippet compiles (and the regions run).
func TestReadmeSnippets(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	var examples []byte
	for _, name := range []string{"example_test.go", "redisbudget/example_test.go"} {
		b, err := os.ReadFile(name)
		require.NoError(t, err)
		examples = append(examples, b...)
	}
	regions := map[string]bool{}
	program, err := os.ReadFile("examples/first-pin/main.go")
	require.NoError(t, err)
	regions[strings.TrimRight(string(program[strings.Index(string(program), "package main"):]), "\n")] = true
	for _, m := range regexp.MustCompile(`(?s)// README: ([\w-]+)\n(.*?)\n\s*// README: end`).FindAllStringSubmatch(string(examples), -1) {
		regions[dedent(m[2])] = true
	}
	snippets := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	require.NotEmpty(t, snippets)
	for _, s := range snippets {
		require.True(t, regions[strings.TrimRight(s[1], "\n")], "README snippet is not a region of example_test.go:\n%s", s[1])
	}
}

func dedent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "\t")
	}
	return strings.Join(lines, "\n")
}
