package index

import (
	"fmt"
	"slices"
	"testing"
)

// TestTiesRankInIDOrder: documents of equal score rank batch by batch and,
// within a batch, in the order of their ids, however scorch's analysis
// workers happen to finish them, so that every build of the same documents
// ranks them alike.
func TestTiesRankInIDOrder(t *testing.T) {
	const n, batch = 60, 16
	var docs []Document
	for i := range n {
		// The same text under ids that come out of order.
		docs = append(docs, Document{ID: fmt.Sprintf("d%02d", i*37%n), Lang: "en", Title: "Dikshit", Body: "Dikshit spoke."})
	}
	var want []string
	for from := 0; from < n; from += batch {
		var ids []string
		for _, d := range docs[from:min(from+batch, n)] {
			ids = append(ids, d.ID)
		}
		slices.Sort(ids)
		want = append(want, ids...)
	}
	for build := range 3 {
		resp := doSearch(t, buildTestIndexWith(t, docs, BuildOptions{BatchSize: batch}), Request{Query: "Dikshit", Size: n})
		var got []string
		for _, h := range resp.Hits {
			if h.Score != resp.Hits[0].Score {
				t.Fatalf("build %d: scores differ (%v, %v): not a tie", build, h.Score, resp.Hits[0].Score)
			}
			got = append(got, h.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("build %d ranks the ties\n%v, want\n%v", build, got, want)
		}
	}
}
