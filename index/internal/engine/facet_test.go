package engine

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// TestKeywordTableEntries: a keyword table gives every document its own
// term, with few terms (languages, kept a byte a document) and with more
// than a byte can number (a keyword field of many terms, content groups);
// a document without the field, or past the table's end, has none.
func TestKeywordTableEntries(t *testing.T) {
	for _, terms := range []int{3, 255, 256, 700} {
		t.Run(fmt.Sprint(terms), func(t *testing.T) {
			m := bleve.NewIndexMapping()
			m.DefaultMapping.AddFieldMappingsAt("tag", bleve.NewKeywordFieldMapping())
			idx, err := bleve.NewUsing(filepath.Join(t.TempDir(), "tags.bleve"), m, scorch.Name, scorch.Name, BuildConfig())
			if err != nil {
				t.Fatal(err)
			}
			defer idx.Close()
			batch := idx.NewBatch()
			docs := terms + 50 // the last 50 repeat terms, and every tenth of them has none
			untagged := func(i int) bool { return i >= terms && i%10 == 9 }
			for i := range docs {
				fields := map[string]any{"n": i}
				if !untagged(i) {
					fields["tag"] = fmt.Sprintf("t%04d", i%terms)
				}
				if err := batch.Index(fmt.Sprintf("d%05d", i), fields); err != nil {
					t.Fatal(err)
				}
			}
			if err := idx.Batch(batch); err != nil {
				t.Fatal(err)
			}
			r := readerOf(t, idx)
			tab, err := loadKeywordTable(r, "tag")
			if err != nil {
				t.Fatal(err)
			}
			if len(tab.names) != terms {
				t.Fatalf("%d terms tabled, want %d", len(tab.names), terms)
			}
			for i := range docs {
				n := docNumberOf(t, r, fmt.Sprintf("d%05d", i))
				got := ""
				if k := tab.of(n); k > 0 {
					got = tab.names[k-1]
				}
				want := fmt.Sprintf("t%04d", i%terms)
				if untagged(i) {
					want = ""
				}
				if got != want {
					t.Fatalf("document d%05d (number %d): %q, want %q", i, n, got, want)
				}
			}
			if k := tab.of(uint64(docs) + 1000); k != 0 {
				t.Errorf("a document past the table's end has entry %d", k)
			}
		})
	}
}

// docNumberOf is the document number of the document with id.
func docNumberOf(t *testing.T, r bleveindex.IndexReader, id string) uint64 {
	t.Helper()
	internal, err := r.InternalID(id)
	if err != nil || internal == nil {
		t.Fatalf("document %s: %v", id, err)
	}
	n, ok := docNumber(internal)
	if !ok {
		t.Fatalf("document %s: id %x is not a document number", id, internal)
	}
	return n
}
