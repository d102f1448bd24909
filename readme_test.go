package pindown_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReadmeSnippets checks that every Go snippet in README.md (and in
// docs_boards_pages.md, the pinboards and pages sections waiting to be
// merged into it) is a region of an example*_test.go file (marked
// "// README: name" … "// README: end"), so that every snippet compiles and
// runs.
func TestReadmeSnippets(t *testing.T) {
	files, err := filepath.Glob("example*_test.go")
	require.NoError(t, err)
	regions := map[string]bool{}
	for _, f := range files {
		examples, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range regexp.MustCompile(`(?s)// README: ([\w-]+)\n(.*?)\n\s*// README: end`).FindAllStringSubmatch(string(examples), -1) {
			regions[dedent(m[2])] = true
		}
	}
	for _, doc := range []string{"README.md", "docs_boards_pages.md"} {
		readme, err := os.ReadFile(doc)
		if os.IsNotExist(err) && doc != "README.md" {
			continue
		}
		require.NoError(t, err)
		snippets := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
		require.NotEmpty(t, snippets, doc)
		for _, s := range snippets {
			require.True(t, regions[strings.TrimRight(s[1], "\n")], "%s snippet is not a region of an example*_test.go file:\n%s", doc, s[1])
		}
	}
}

func dedent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "\t")
	}
	return strings.Join(lines, "\n")
}
