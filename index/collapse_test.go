package index

import (
	"fmt"
	"strings"
	"testing"
)

// TestCollapse: with Collapse, the documents of one title and body are
// one hit, the best-ranked, with the number of the others; pages count
// hits so collapsed; total and facets still count every document.
func TestCollapse(t *testing.T) {
	docs := []Document{
		{ID: "a1", Title: "Dikshit sworn in", Body: "Sheila Dikshit took the oath.", Lang: "en"},
		{ID: "a2", Title: "Dikshit sworn in", Body: "Sheila Dikshit took the oath.", Lang: "en"},
		{ID: "a3", Title: "Dikshit sworn in", Body: "Sheila Dikshit took the oath.", Lang: "en"},
		// The same title with another body is another story.
		{ID: "b1", Title: "Dikshit sworn in", Body: "Dikshit was sworn in on Monday, again.", Lang: "en"},
		{ID: "c1", Title: "दीक्षित ने शपथ ली", Body: "शीला दीक्षित ने शपथ ली।", Lang: "hi"},
		{ID: "c2", Title: "दीक्षित ने शपथ ली", Body: "शीला दीक्षित ने शपथ ली।", Lang: "hi"},
		{ID: "d1", Title: "Rain in Delhi", Body: "It rained.", Lang: "en"},
	}
	ix := buildTestIndex(t, docs, nil)
	plain := doSearch(t, ix, Request{Query: "Dikshit", Size: 10})
	if plain.Total != 6 || len(plain.Hits) != 6 || plain.Collapsed != nil {
		t.Fatalf("without collapse: %d of %d hits, collapsed %v", len(plain.Hits), plain.Total, plain.Collapsed)
	}
	got := doSearch(t, ix, Request{Query: "Dikshit", Size: 10, Collapse: true})
	var hits []string
	groups := map[string]string{"a1": "a", "a2": "a", "a3": "a", "b1": "b", "c1": "c", "c2": "c"}
	seen := map[string]bool{}
	for _, h := range got.Hits {
		hits = append(hits, fmt.Sprintf("%s+%d", h.ID, h.Duplicates))
		if seen[groups[h.ID]] {
			t.Errorf("group %s shown twice", groups[h.ID])
		}
		seen[groups[h.ID]] = true
	}
	want := map[string]int{"a": 2, "b": 0, "c": 1}
	for _, h := range got.Hits {
		if h.Duplicates != want[groups[h.ID]] {
			t.Errorf("hit %s: %d duplicates, want %d", h.ID, h.Duplicates, want[groups[h.ID]])
		}
	}
	if len(got.Hits) != 3 || got.Total != 6 || got.Collapsed == nil || *got.Collapsed != 3 {
		t.Errorf("collapsed: hits %v of %d, collapsed %v; want 3 hits of 6, 3 collapsed", hits, got.Total, got.Collapsed)
	}
	if got.Facets.Lang["en"] != 4 || got.Facets.Lang["hi"] != 2 {
		t.Errorf("facets under collapse: %v, want every document counted", got.Facets.Lang)
	}
	// Each hit is the first of its group in the uncollapsed ranking.
	rank := map[string]int{}
	for i, h := range plain.Hits {
		rank[h.ID] = i
	}
	for _, h := range got.Hits {
		for id, g := range groups {
			if g == groups[h.ID] && rank[id] < rank[h.ID] {
				t.Errorf("group %s shown as %s, ranked under %s", g, h.ID, id)
			}
		}
	}
	// Pages of collapsed hits.
	var paged []string
	for from := range 4 {
		r := doSearch(t, ix, Request{Query: "Dikshit", From: from, Size: 1, Collapse: true})
		for _, h := range r.Hits {
			paged = append(paged, fmt.Sprintf("%s+%d", h.ID, h.Duplicates))
		}
	}
	if strings.Join(paged, " ") != strings.Join(hits, " ") {
		t.Errorf("page by page: %v, want %v", paged, hits)
	}
}
