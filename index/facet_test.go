package index

import (
	"maps"
	"testing"

	"github.com/lipisearch/lipi/index/internal/engine"
)

// TestLangFacetMatchesBleve: the language facet counted from the language
// table is the one bleve's terms facet counts, with and without a
// language filter.
func TestLangFacetMatchesBleve(t *testing.T) {
	ix := buildTestIndex(t, coverageDocs(), nil)
	if langs, err := ix.langTable(); err != nil || langs == nil {
		t.Fatalf("no language table (%v)", err)
	}
	plain := *ix
	plain.tables, plain.languages = engine.NewCatalog("", fieldPublished), false
	for _, r := range []Request{
		{Query: "Sachin Tendulkar"},
		{Query: "राहुल"},
		{Query: "তেন্ডুলকর", Langs: []string{"bn", "hi"}},
		{Query: "Rahul", Sort: SortPublished},
		{Query: "nobody"},
	} {
		got, want := doSearch(t, ix, r), doSearch(t, &plain, r)
		if !maps.Equal(got.Facets.Lang, want.Facets.Lang) || got.Total != want.Total {
			t.Errorf("%+v: facet %v of %d hits, want %v of %d", r, got.Facets.Lang, got.Total, want.Facets.Lang, want.Total)
		}
	}
}
