package index

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
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
// hit every location a search of that term alone finds there, in an index
// that stores every term's locations. The frame and skeleton keys have
// none stored in lipi's index, and are found by analyzing the hit again.
func TestCompleteHitsLocatesMarkedTerms(t *testing.T) {
	docs := []Document{
		{ID: "en", Title: "Tendulkar and Dravid", Body: "Sachin Tendulkar met Rahul Dravid. Later Tendulkar left, and Dravid's team won.", Lang: "en"},
		{ID: "hi", Title: "सचिन तेंदुलकर", Body: "सचिन तेंदुलकर और राहुल द्रविड़ मिले। तेंदुलकर चले गए।", Lang: "hi"},
		{ID: "bn", Title: "শচীন তেন্ডুলকর", Body: "শচীন তেন্ডুলকর ও রাহুল দ্রাবিড়। তেন্ডুলকরের দল জিতল।", Lang: "bn"},
		{ID: "other", Title: "Weather", Body: "Rain fell on the ground all day.", Lang: "en"},
	}
	ix := buildTestIndex(t, slices.Clone(docs), nil)
	located := buildEveryLocation(t, slices.Clone(docs), nil)
	relocated := 0
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
		if err := ix.completeHits(ctx, view, res.Hits, &bleve.SearchRequest{}, nil); err != nil {
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
				want := termLocations(t, located, ft, h.ID)
				if len(termLocations(t, ix, ft, h.ID)) == 0 {
					relocated++
				}
				if len(want) == 0 || !slices.EqualFunc(got, want, func(a, b *search.Location) bool {
					return a.Pos == b.Pos && a.Start == b.Start && a.End == b.End
				}) {
					t.Errorf("%q: %s: %s:%s at %v, want %v", q, h.ID, ft.field, ft.term, got, want)
				}
			}
		}
	}
	if relocated == 0 {
		t.Error("no marked term was stored without locations: nothing was found again by analysis")
	}
}

// buildEveryLocation builds docs into an index that stores the locations
// of every term, the frame and skeleton keys' too, as lipi's index did
// before it left them out: what completing a page must give back.
func buildEveryLocation(t testing.TB, docs []Document, synonyms *analyzers.SynonymMap) *Index {
	t.Helper()
	engine.SetUnlocated(engine.Unlocated{})
	defer engine.SetUnlocated(engine.Unlocated{Prefixes: unlocatedPrefixes, MaxFieldBytes: unlocatedFieldBytes})
	return buildTestIndex(t, docs, synonyms)
}

// An index that stores the frame and skeleton keys without locations must
// answer every search as one that stores them does: the same hits, scores,
// matches (their layers too) and fragments. The queries are the titles of
// the seed articles and of a few names written in several scripts, whole
// and word by word, so that hits are found by every layer, by sound alone
// across scripts included.
func TestUnlocatedKeysAnswerAsLocated(t *testing.T) {
	seedIndex(t) // loads seedDocs
	docs := slices.Clone(seedDocs)
	for i, title := range []string{
		"Sheila Dikshit", "शीला दीक्षित", "শীলা দীক্ষিত", "Madhuri Dixit",
		"Sourav Ganguly", "सौरव गांगुली", "সৌরভ গাঙ্গুলী", "Saurabh Ganguli",
		"Tendulkar and Dravid", "तेंदुलकर ने कहा", "তেন্ডুলকরের দল জিতল",
		"Calcutta High Court", "Kolkata police", "Mohammed Rafi", "Muhammad Rafee sang",
	} {
		docs = append(docs, Document{ID: fmt.Sprintf("name-%02d", i), Title: title, Body: title + " spoke to reporters on Monday."})
	}
	ix := buildTestIndex(t, slices.Clone(docs), analyzers.DefaultSynonyms())
	located := buildEveryLocation(t, slices.Clone(docs), analyzers.DefaultSynonyms())

	queries := map[string]bool{}
	for _, d := range docs {
		words := strings.Fields(d.Title)
		if len(words) > 6 {
			words = words[:6]
		}
		queries[strings.Join(words, " ")] = true
		for _, w := range words {
			queries[w] = true
		}
	}
	frames := 0
	for _, q := range slices.Sorted(maps.Keys(queries)) {
		for _, r := range []Request{{Query: q}, {Query: q, Size: 3, From: 2}} {
			got, want := doSearch(t, ix, r), doSearch(t, located, r)
			got.TookMS, want.TookMS = 0, 0
			if !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(want)
				t.Errorf("%q from %d: the index without key locations answers\n%s\nwhere one with them answers\n%s", q, r.From, g, w)
				continue
			}
			for _, h := range got.Hits {
				for _, m := range h.Matches {
					if m.Layer == analyzers.LayerFrame || m.Layer == analyzers.LayerSkeleton {
						frames++
					}
				}
			}
		}
	}
	if frames == 0 {
		t.Error("no hit matched by a frame or skeleton key: the test does not reach what it checks")
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
