package engine

import (
	"context"
	"maps"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestViewHoldsItsSnapshot: an index that takes writes renumbers its
// documents when it merges; a search's view keeps reading the snapshot
// its hits came from (their stored fields are theirs, its language counts
// those of that snapshot), and the next search's view sees the writes.
func TestViewHoldsItsSnapshot(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "live.bleve")
	idx, err := bleve.NewUsing(dir, testMapping(), scorch.Name, scorch.Name, unmergingConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	docs := seedDocs(t)
	titles := map[string]string{}
	for _, d := range docs { // a segment each
		if err := idx.Index(d.id, d.fields); err != nil {
			t.Fatal(err)
		}
		titles[d.id] = d.fields[fieldTitle].(string)
	}
	cat := NewCatalog(fieldLang, "")
	search := func() (*View, *LangCounts, *bleve.SearchResult) {
		t.Helper()
		view := NewView(cat, false)
		counts := NewLangCounts(view)
		q := &PinQuery{Query: &CountingQuery{Query: query.NewMatchAllQuery(), Counts: counts}, View: view}
		res, err := idx.Search(bleve.NewSearchRequestOptions(q, len(docs)+10, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		return view, counts, res
	}
	view, counts, res := search()
	defer view.Release()
	if len(res.Hits) != len(docs) {
		t.Fatalf("%d hits, want %d", len(res.Hits), len(docs))
	}

	// Writes after the search: the first documents go, others come in
	// another language, and one merge renumbers every document.
	for _, d := range docs[:2] {
		if err := idx.Delete(d.id); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range docs[:3] {
		if err := idx.Index(d.id+"-new", map[string]any{fieldTitle: "new " + d.id, fieldLang: "yy"}); err != nil {
			t.Fatal(err)
		}
	}
	adv, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	opts := mergeplan.SingleSegmentMergePlanOptions
	opts.SegmentsPerMergeTask = 1 << 10
	if err := adv.(*scorch.Scorch).ForceMerge(context.Background(), &opts); err != nil {
		t.Fatal(err)
	}

	if err := CompleteHits(context.Background(), view.Reader(), Relocation{Mapping: idx.Mapping()}, res.Hits, &bleve.SearchRequest{Fields: []string{fieldTitle}}); err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if got := h.Fields[fieldTitle]; got != titles[h.ID] {
			t.Errorf("hit %s completed with title %q, want %q", h.ID, got, titles[h.ID])
		}
	}
	if got, want := counts.Facet(10), map[string]int{"xx": len(docs)}; !maps.Equal(got, want) {
		t.Errorf("counts of the pinned snapshot %v, want %v", got, want)
	}

	next, counts, res := search()
	defer next.Release()
	if got, want := counts.Facet(10), map[string]int{"xx": len(docs) - 2, "yy": 3}; !maps.Equal(got, want) {
		t.Errorf("counts after the writes %v, want %v", got, want)
	}
	if len(res.Hits) != len(docs)+1 {
		t.Errorf("%d hits after the writes, want %d", len(res.Hits), len(docs)+1)
	}
}
