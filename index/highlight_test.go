package index

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	htmlhl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index/internal/engine"
)

// TestHighlighterMatchesBleve: lipi's highlighter gives the fragments of
// bleve's html highlighter, on long documents where a name recurs in three
// scripts among other words, so that fragments are cut, overlap and tie.
func TestHighlighterMatchesBleve(t *testing.T) {
	names := []string{"Sachin Tendulkar", "सचिन तेंदुलकर", "শচীন তেন্ডুলকর", "Tendulkars", "Rahul Dravid", "राहुल द्रविड़"}
	filler := strings.Fields("the match was played at the ground in front of a large crowd and ended late in the evening after rain")
	var docs []Document
	for d := range 6 {
		var b strings.Builder
		for i := range 120 + 40*d {
			if (i*7+d)%9 == 0 {
				b.WriteString(names[(i+d)%len(names)])
			} else {
				b.WriteString(filler[(i*3+d)%len(filler)])
			}
			b.WriteString(" ")
		}
		docs = append(docs, Document{ID: fmt.Sprint("long", d), Title: names[d%len(names)], Body: b.String(), Lang: "en"})
	}
	// One fragment names both words once, a later one one word often:
	// the best fragment is the one with more distinct terms.
	repeated := strings.Repeat(strings.Join(filler, " ")+" ", 3) + "Sachin Tendulkar " +
		strings.Repeat(strings.Join(filler, " ")+" ", 3) + strings.Repeat("Tendulkar ", 12) +
		strings.Repeat(strings.Join(filler, " ")+" ", 3)
	docs = append(docs, Document{ID: "repeated", Title: "a match", Body: repeated, Lang: "en"})
	// Few locations in a long text, and a location at its very start.
	long := strings.Repeat(strings.Join(filler, " ")+" ", 60)
	docs = append(docs, Document{ID: "sparse", Title: "a long report", Body: "Tendulkar " + long + "Sachin Tendulkar " + long + "Dravid", Lang: "en"})
	ix := buildTestIndex(t, docs, nil)
	for _, q := range []string{"Sachin Tendulkar", "तेंदुलकर", "Rahul", "শচীন", "Dravid Tendulkar"} {
		c := compile(q, compileOptions{fuzzy: true, skip: map[analyzers.Layer]bool{}})
		fragments := map[string]map[string][]string{}
		for _, style := range []string{htmlhl.Name, engine.HighlighterName} {
			view := ix.newView(Request{})
			defer view.Release()
			req := bleve.NewSearchRequestOptions(&engine.PinQuery{Query: c.query, View: view}, 10, 0, false)
			req.IncludeLocations = true
			res, err := ix.bleve.Search(req)
			if err != nil {
				t.Fatal(err)
			}
			load := &bleve.SearchRequest{Fields: []string{fieldTitle, fieldBody}, Highlight: bleve.NewHighlightWithStyle(style)}
			load.Highlight.Fields = []string{fieldTitle, fieldBody}
			if err := ix.completeHits(context.Background(), view, res.Hits, load, nil); err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 {
				t.Fatalf("%q: no hits", q)
			}
			for _, h := range res.Hits {
				key := style + " " + h.ID
				fragments[key] = map[string][]string{}
				for field, frags := range h.Fragments {
					fragments[key][field] = slices.Clone(frags)
				}
			}
		}
		for _, d := range docs {
			want, got := fragments[htmlhl.Name+" "+d.ID], fragments[engine.HighlighterName+" "+d.ID]
			if !maps.EqualFunc(got, want, slices.Equal) {
				t.Errorf("%q in %s: fragments\n%v\nwant\n%v", q, d.ID, got, want)
			}
		}
	}
}
