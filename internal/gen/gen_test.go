package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedFilesUpToDate fails when the checked-in generated files differ
// from what the schema table produces: run `go generate ./...`.
func TestGeneratedFilesUpToDate(t *testing.T) {
	files, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	dirs := map[string]string{
		PintypesDir: filepath.Join("..", "..", "pintypes"),
		RootDir:     filepath.Join("..", ".."),
	}
	if len(files) != 2 {
		t.Fatalf("Generate returned %d files, want 2", len(files))
	}
	for _, f := range files {
		path := filepath.Join(dirs[f.Dir], f.Name)
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v (run go generate ./...)", path, err)
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("%s is out of date: run go generate ./...", path)
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, err := Generate()
		if err != nil {
			t.Fatal(err)
		}
		for i := range a {
			if !bytes.Equal(a[i].Data, b[i].Data) {
				t.Fatalf("%s differs between two runs", a[i].Name)
			}
		}
	}
}

func TestComment(t *testing.T) {
	got := comment("\t", "one two three\n\nfour")
	want := "\t// one two three\n\t//\n\t// four\n"
	if got != want {
		t.Errorf("comment = %q, want %q", got, want)
	}
}

func TestArticle(t *testing.T) {
	for word, want := range map[string]string{
		"image": "n", "embed": "n", "excel-viewer": "n", "intro": "n",
		"user-story": "", "markdown": "", "stat-cards": "",
	} {
		if got := article(word); got != want {
			t.Errorf("article(%q) = %q, want %q", word, got, want)
		}
	}
}
