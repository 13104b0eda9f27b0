package engine

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lipisearch/lipi/analyzers"
)

// formsQuery is a coverage query of the words of text, each word's
// alternatives the terms of its forms in both text fields and a fuzzy key
// of its phonetic key, as the index package makes them (without its
// weights and phrases).
func formsQuery(text string) *CoverageQuery {
	cq := &CoverageQuery{Full: 4, TieBreaker: testTieBreaker}
	for _, w := range strings.Fields(text) {
		var alts []query.Query
		for _, f := range analyzers.AnalyzeWord(w).Forms {
			for _, field := range textFields {
				tq := query.NewTermQuery(f.Term())
				tq.SetField(field)
				alts = append(alts, tq)
				if f.Layer == analyzers.LayerPhonetic {
					alts = append(alts, &FuzzyQuery{Key: NewFuzzyKey(f.Term(), fuzzyKeyPrefix, 1), Field: field, Boost: 0.6})
				}
			}
		}
		if len(alts) > 0 {
			cq.Words = append(cq.Words, CoverageWord{Strong: NewMaxQuery(alts, testTieBreaker)})
		}
	}
	return cq
}

// In an index of several segments, reading a hit's postings and stored
// fields by its document number must give what bleve's readers give by
// its id.
func TestCompleteHitsBySegment(t *testing.T) {
	idx := unmergedSeedIndex(t)
	ctx := context.Background()
	compared := 0
	for _, q := range []string{"Sachin Tendulkar", "তেন্ডুলকর", "भारत"} {
		cq := formsQuery(q)
		search := func() *bleve.SearchResult {
			req := bleve.NewSearchRequestOptions(cq, 10, 0, false)
			req.IncludeLocations = true
			res, err := idx.Search(req)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		load := &bleve.SearchRequest{Fields: []string{fieldTitle, fieldBody, fieldLang}, Highlight: bleve.NewHighlightWithStyle(HighlighterName)}
		load.Highlight.Fields = []string{fieldTitle, fieldBody}
		got, want := search(), search()
		if len(got.Hits) == 0 {
			continue
		}
		// The snapshot is read first: scorch may merge the segments later.
		adv, _ := idx.Advanced()
		r, err := adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		if n := len(r.(*scorch.IndexSnapshot).Segments()); n < 2 {
			t.Fatalf("%d segments, want several", n)
		}
		err = CompleteHits(ctx, r, Relocation{Mapping: idx.Mapping()}, got.Hits, load)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		r, err = adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		if err := locateMarked(ctx, &hitReader{IndexReader: r}, want.Hits); err != nil {
			t.Fatal(err)
		}
		hl, err := bleve.Config.Cache.HighlighterNamed(HighlighterName)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range want.Hits {
			if err, _ := bleve.LoadAndHighlightFields(h, load, "", r, hl); err != nil {
				t.Fatal(err)
			}
		}
		r.Close()
		compared += len(want.Hits)
		for i := range want.Hits {
			g, w := got.Hits[i], want.Hits[i]
			if !reflect.DeepEqual(g.Locations, w.Locations) || !reflect.DeepEqual(g.Fields, w.Fields) || !reflect.DeepEqual(g.Fragments, w.Fragments) {
				t.Errorf("%q: hit %s:\n%v %v %v\nwant\n%v %v %v", q, w.ID, g.Locations, g.Fields, g.Fragments, w.Locations, w.Fields, w.Fragments)
			}
		}
	}
	if compared < 2 {
		t.Fatalf("%d hits compared", compared)
	}
}
