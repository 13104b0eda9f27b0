package index

import (
	"fmt"
	"slices"
	"testing"
)

// coverageDocs are short documents naming a few people in three scripts,
// each word shared by several of them, so that a query's words match
// overlapping sets of documents through different layers.
func coverageDocs() []Document {
	names := []struct{ lang, text string }{
		{"en", "Sachin Tendulkar"}, {"hi", "सचिन तेंदुलकर"}, {"bn", "শচীন তেন্ডুলকর"},
		{"en", "Sachin Pilot"}, {"hi", "सचिन पायलट"}, {"en", "Arjun Tendulkar"},
		{"bn", "অর্জুন তেন্ডুলকর"}, {"en", "Rahul Dravid"}, {"hi", "राहुल द्रविड़"},
		{"bn", "রাহুল দ্রাবিড়"}, {"en", "Rahul Gandhi"}, {"hi", "राहुल गांधी"},
	}
	var docs []Document
	for i := range 4 {
		for j, n := range names {
			docs = append(docs, Document{
				ID:    fmt.Sprintf("d%02d-%02d", i, j),
				Title: n.text,
				Body:  fmt.Sprintf("%s %s", n.text, names[(j+i+1)%len(names)].text),
				Lang:  n.lang,
			})
		}
	}
	return docs
}

// TestCoverageAdvance: a language filter drives the coverage searcher by
// Advance (a conjunction with the language terms); it must find exactly
// the unfiltered hits in that language, in the same order.
func TestCoverageAdvance(t *testing.T) {
	ix := buildTestIndex(t, coverageDocs(), nil)
	for _, q := range []string{"Sachin Tendulkar", "राहुल", "তেন্ডুলকর অর্জুন", "Rahul Dravid Gandhi", `"Sachin Pilot"`} {
		all := doSearch(t, ix, Request{Query: q, Size: MaxSize})
		if all.Total == 0 {
			t.Errorf("%q: no hits", q)
		}
		for _, lang := range []string{"en", "hi", "bn"} {
			var want []string
			for _, h := range all.Hits {
				if h.Lang == lang {
					want = append(want, h.ID)
				}
			}
			got := hitIDs(doSearch(t, ix, Request{Query: q, Size: MaxSize, Langs: []string{lang}}))
			if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("%q lang=%s: %v, want %v", q, lang, got, want)
			}
			if n := all.Facets.Lang[lang]; n != len(want) {
				t.Errorf("%q: facet %s=%d, want %d", q, lang, n, len(want))
			}
		}
	}
}

// TestInitials: an initial lifts the documents that match the rest of the
// query, but does not make a hit of every document with that letter;
// alone, it still finds them.
func TestInitials(t *testing.T) {
	ix := buildTestIndex(t, []Document{
		{ID: "both", Title: "K Sreedharan", Body: "K Sreedharan spoke.", Lang: "en"},
		{ID: "name", Title: "Sreedharan", Body: "Sreedharan spoke.", Lang: "en"},
		{ID: "letter", Title: "Plan K", Body: "Plan K was chosen.", Lang: "en"},
	}, nil)
	if got, want := hitIDs(doSearch(t, ix, Request{Query: "K Sreedharan"})), []string{"both", "name"}; !slices.Equal(got, want) {
		t.Errorf("K Sreedharan: %v, want %v", got, want)
	}
	if got := hitIDs(doSearch(t, ix, Request{Query: "K"})); !slices.Contains(got, "letter") {
		t.Errorf("K alone: %v, want letter among them", got)
	}
}
