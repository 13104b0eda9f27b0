package index

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestDocument(t *testing.T) {
	published := time.Date(2024, 10, 29, 9, 30, 0, 0, time.FixedZone("IST", 5*3600+1800))
	docs := []Document{
		{ID: "sub/name", Title: "দীক্ষিত ও Dikshit", Body: "সেনাপ্রধান Ashutosh Dikshit মস্কোয়।", URL: "https://example.com/a", Published: published},
		{ID: "plain", Title: "", Body: "रूस के राष्ट्रपति पुतिन"},
		{ID: "odd id %2F?#", Title: "Odd", Body: "Tianjin summit"},
	}
	for i := range docs {
		docs[i].Detect()
	}
	dir := filepath.Join(t.TempDir(), "doc.bleve")
	if err := Build(dir, docs, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	for _, want := range docs {
		got, err := ix.Document(want.ID)
		if err != nil {
			t.Fatalf("Document(%q): %v", want.ID, err)
		}
		if got.ID != want.ID || got.Title != want.Title || got.Body != want.Body || got.Lang != want.Lang || got.URL != want.URL {
			t.Errorf("Document(%q) = %+v, want %+v", want.ID, got, want)
		}
		if !got.Published.Equal(want.Published) {
			t.Errorf("Document(%q).Published = %v, want %v", want.ID, got.Published, want.Published)
		}
		if !slices.Equal(got.Scripts, want.Scripts) {
			t.Errorf("Document(%q).Scripts = %q, want %q", want.ID, got.Scripts, want.Scripts)
		}
	}
	for _, id := range []string{"nope", "", "sub", "sub/name/x", "SUB/NAME"} {
		if _, err := ix.Document(id); !errors.Is(err, ErrNoDocument) {
			t.Errorf("Document(%q) error = %v, want ErrNoDocument", id, err)
		}
	}
}
