package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBaseline: the standard-analyzer index of the benchmarks holds the
// same documents, answers a plain match query with highlights, and is
// never taken for a lipi index (nor a lipi index for it).
func TestBaseline(t *testing.T) {
	dir := t.TempDir()
	docs, path := filepath.Join(dir, "docs"), filepath.Join(dir, "baseline")
	liveDocs(t, docs, 3)
	if err := BuildBaseline(docs, path); err != nil {
		t.Fatal(err)
	}
	if err := BuildBaseline(docs, path); err == nil {
		t.Errorf("BuildBaseline over an existing directory succeeded")
	}
	b, err := OpenBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if n, err := b.Count(); n != 3 || err != nil {
		t.Errorf("Count = %d, %v", n, err)
	}
	if b.Built().IsZero() {
		t.Errorf("no build time")
	}
	resp, err := b.Search(context.Background(), Request{Query: "kestrel story", Langs: []string{"en"}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Total != 3 || len(resp.Hits) != 3 || resp.Hits[0].ID != "doc0" || resp.Facets.Lang["en"] != 3 {
		t.Fatalf("kestrel story: %+v", resp)
	}
	h := resp.Hits[0]
	if len(h.Fragments["body"]) == 0 || !strings.Contains(h.Fragments["body"][0], "<mark>Kestrel</mark>") || len(h.Matches) == 0 {
		t.Errorf("hit %+v: no highlight or matches", h)
	}
	if _, err := b.Search(context.Background(), Request{Query: " "}); err == nil {
		t.Errorf("an empty query is not refused")
	}
	if d, err := b.Document("doc1"); err != nil || !strings.Contains(d.Body, liveWords[1]) {
		t.Errorf("Document(doc1) = %v, %v", d, err)
	}
	if _, err := Open(path); err == nil {
		t.Errorf("Open accepted a baseline index")
	}
	lipi := filepath.Join(dir, "lipi.bleve")
	rebuild(t, docs, lipi)
	if _, err := OpenBaseline(lipi); err == nil {
		t.Errorf("OpenBaseline accepted a lipi index")
	}
	os.RemoveAll(lipi)
}
