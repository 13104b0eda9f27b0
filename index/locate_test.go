package index

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index/internal/engine"
)

// A coverage search marks the terms its hits match instead of reading
// their locations; completing the page must give each marked term of a
// hit every location a search of that term alone finds there.
func TestCompleteHitsLocatesMarkedTerms(t *testing.T) {
	docs := []Document{
		{ID: "en", Title: "Tendulkar and Dravid", Body: "Sachin Tendulkar met Rahul Dravid. Later Tendulkar left, and Dravid's team won.", Lang: "en"},
		{ID: "hi", Title: "सचिन तेंदुलकर", Body: "सचिन तेंदुलकर और राहुल द्रविड़ मिले। तेंदुलकर चले गए।", Lang: "hi"},
		{ID: "bn", Title: "শচীন তেন্ডুলকর", Body: "শচীন তেন্ডুলকর ও রাহুল দ্রাবিড়। তেন্ডুলকরের দল জিতল।", Lang: "bn"},
		{ID: "other", Title: "Weather", Body: "Rain fell on the ground all day.", Lang: "en"},
	}
	ix := buildTestIndex(t, docs, nil)
	ctx := context.Background()
	for _, q := range []string{"Tendulkar", "সচীন তেন্ডুলকর", "Dravid Tendulkar", "तेंदुलकर"} {
		c := compile(q, compileOptions{fuzzy: true, skip: map[analyzers.Layer]bool{}})
		view := ix.newView(Request{})
		defer view.Release()
		req := bleve.NewSearchRequestOptions(&engine.PinQuery{Query: c.query, View: view}, 10, 0, false)
		req.IncludeLocations = true
		res, err := ix.bleve.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		marked := map[string][]markedTerm{}
		for _, h := range res.Hits {
			for field, terms := range h.Locations {
				for term, locs := range terms {
					if slices.ContainsFunc(locs, isMarked) {
						marked[h.ID] = append(marked[h.ID], markedTerm{field, term})
					}
				}
			}
		}
		if len(marked) == 0 {
			t.Fatalf("%q: no hit has a marked term", q)
		}
		if err := ix.completeHits(ctx, view, res.Hits, &bleve.SearchRequest{}); err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			for _, terms := range h.Locations {
				for term, locs := range terms {
					if slices.ContainsFunc(locs, isMarked) {
						t.Errorf("%q: %s: %s still marked", q, h.ID, term)
					}
				}
			}
			for _, ft := range marked[h.ID] {
				got := h.Locations[ft.field][ft.term]
				want := termLocations(t, ix, ft, h.ID)
				if len(want) == 0 || !slices.EqualFunc(got, want, func(a, b *search.Location) bool {
					return a.Pos == b.Pos && a.Start == b.Start && a.End == b.End
				}) {
					t.Errorf("%q: %s: %s:%s at %v, want %v", q, h.ID, ft.field, ft.term, got, want)
				}
			}
		}
	}
}

// markedTerm is a term of a field that a hit carries marked.
type markedTerm struct{ field, term string }

// isMarked tells the engine's mark for locations not read yet: no token
// starts and ends at 0.
func isMarked(l *search.Location) bool { return l.Start == 0 && l.End == 0 && l.Pos == 0 }

// termLocations is where a search of term alone finds it in document id.
func termLocations(t *testing.T, ix *Index, ft markedTerm, id string) search.Locations {
	t.Helper()
	tq := query.NewTermQuery(ft.term)
	tq.SetField(ft.field)
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{tq, query.NewDocIDQuery([]string{id})}), 1, 0, false)
	req.IncludeLocations = true
	res, err := ix.bleve.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		return nil
	}
	return res.Hits[0].Locations[ft.field][ft.term]
}

// A page's hits are located however the page cuts the ranking: a search
// leaves unmarked only the hits that cannot reach its page, so each page's
// fragments and matches must be those of the same hits in one long page,
// and its total and facets the same.
func TestEveryPageIsLocated(t *testing.T) {
	var docs []Document
	filler := "the rain fell on the ground and the match was stopped"
	for i := range 40 {
		body := strings.Repeat(filler+". ", 1+i%5)
		switch i % 4 {
		case 0:
			body += "Sachin Tendulkar scored. " + strings.Repeat("Tendulkar ", i%3)
		case 1:
			body += "सचिन तेंदुलकर " + strings.Repeat(filler+" ", i%2)
		case 2:
			body += "Tendulkar alone, then " + filler
		case 3:
			body += "শচীন তেন্ডুলকর " + filler
		}
		docs = append(docs, Document{ID: fmt.Sprintf("d%02d", i), Title: fmt.Sprintf("Report %d", i), Body: body, Lang: "en"})
	}
	ix := buildTestIndex(t, docs, nil)
	for _, q := range []string{"Sachin Tendulkar", "তেন্ডুলকর"} {
		all := doSearch(t, ix, Request{Query: q, Size: 40})
		if len(all.Hits) < 20 {
			t.Fatalf("%q: %d hits, want 20 or more", q, len(all.Hits))
		}
		// Every document is in English: filtered by language, the same
		// search goes through bleve's own count.
		counted := doSearch(t, ix, Request{Query: q, Size: 1, Langs: []string{"en"}})
		for _, page := range []struct{ from, size int }{{0, 1}, {0, 3}, {2, 5}, {7, 4}, {15, 10}} {
			got := doSearch(t, ix, Request{Query: q, From: page.from, Size: page.size})
			want := all.Hits[page.from:min(page.from+page.size, len(all.Hits))]
			if len(got.Hits) != len(want) {
				t.Fatalf("%q from %d size %d: %d hits, want %d", q, page.from, page.size, len(got.Hits), len(want))
			}
			// Every hit counts, those that could not reach the page too.
			if got.Total != counted.Total || !reflect.DeepEqual(got.Facets, counted.Facets) {
				t.Errorf("%q from %d size %d: total %d, facets %v; want %d, %v", q, page.from, page.size, got.Total, got.Facets, counted.Total, counted.Facets)
			}
			for i := range want {
				if !reflect.DeepEqual(got.Hits[i], want[i]) {
					t.Errorf("%q from %d size %d: hit %d is\n%+v\nwant\n%+v", q, page.from, page.size, i, got.Hits[i], want[i])
				}
			}
		}
	}
}
