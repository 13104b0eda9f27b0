package engine

import (
	"context"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/lipisearch/lipi/analyzers"
)

// A term leaf must go through the same documents as bleve's term searcher,
// with the same scores to the bit, by Next and by Advance, in one segment
// or several, and with deleted documents.
func TestTermLeafMatchesTermSearcher(t *testing.T) {
	// Two segments, and a document deleted from the one with two: a
	// segment that is not empty, which scorch would merge away at once.
	withDeletion := newSeedIndex(t, 2, unmergingConfig(), seedDocs(t)[1].id)
	indexes := []struct {
		name        string
		idx         bleve.Index
		minSegments int
	}{
		{"merged", mergedSeedIndex(t), 1},
		{"unmerged", unmergedSeedIndex(t), 2},
		{"deleted", withDeletion, 2},
	}
	for _, tc := range indexes {
		for _, shared := range []bool{false, true} {
			name := tc.name
			if shared {
				name += "/shared"
			}
			t.Run(name, func(t *testing.T) { compareTermLeaves(t, tc.idx, tc.name == "deleted", tc.minSegments, shared) })
		}
	}
}

// compareTermLeaves compares term leaves with bleve's term searchers on
// idx; with shared, both read BM25 statistics from the context (as a
// catalog that measures lengths hands them out) with other averages than
// the snapshot's own.
func compareTermLeaves(t *testing.T, idx bleve.Index, deleted bool, minSegments int, shared bool) {
	// The snapshot first: scorch may merge the segments later.
	r := readerOf(t, idx)
	snap := r.(*scorch.IndexSnapshot)
	if n := len(snap.Segments()); n < minSegments {
		t.Fatalf("%d segments, want at least %d", n, minSegments)
	}
	if deleted && !slices.ContainsFunc(snap.Segments(), func(ss *scorch.SegmentSnapshot) bool { return ss.Deleted() != nil && !ss.Deleted().IsEmpty() }) {
		t.Fatal("no segment has a deleted document")
	}
	var terms []string
	for _, l := range []analyzers.Layer{analyzers.LayerNative, analyzers.LayerPhonetic, analyzers.LayerFrame} {
		terms = append(terms, keyTerms(t, idx, fieldBody, l, 5)...)
	}
	ctx := context.WithValue(context.Background(), search.GetScoringModelCallbackKey,
		search.GetScoringModelCallbackFn(func() string { return bleveindex.BM25Scoring }))
	if shared {
		docs, err := snap.DocCount()
		if err != nil {
			t.Fatal(err)
		}
		// Averages of 7 and 40 tokens, far from the snapshot's.
		stats := &search.BM25Stats{DocCount: float64(docs), FieldCardinality: map[string]int{
			fieldTitle: 7 * int(docs), fieldBody: 40 * int(docs)}}
		ctx = context.WithValue(ctx, search.BM25StatsKey, stats)
	}
	st, err := newTermLeafStats(ctx, snap, search.SearcherOptions{})
	if err != nil || st == nil {
		t.Fatalf("no term leaf statistics (%v)", err)
	}
	if f, err := st.field(snap, fieldBody); err != nil || (shared && f.avgLen != 40) {
		t.Fatalf("body's average length %v (%v), want 40 from the shared statistics", f.avgLen, err)
	}
	compared := 0
	for _, term := range terms {
		for _, field := range textFields {
			leaf, err := st.newTermLeaf(ctx, snap, field, term, 1.7)
			if err != nil || leaf == nil {
				t.Fatalf("%s:%s: no term leaf (%v)", field, term, err)
			}
			ts, err := searcher.NewTermSearcher(ctx, snap, term, field, 1.7, search.SearcherOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if leaf.Count() != ts.Count() || leaf.Weight() != ts.Weight() {
				t.Errorf("%s:%s: count %d weight %v, want %d %v", field, term, leaf.Count(), leaf.Weight(), ts.Count(), ts.Weight())
			}
			leaf.SetQueryNorm(0.37)
			ts.SetQueryNorm(0.37)
			got, want := walk(t, leaf), walk(t, ts)
			if len(got) != len(want) {
				t.Errorf("%s:%s: %d documents, want %d", field, term, len(got), len(want))
				continue
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s:%s: document %d is %v, want %v", field, term, i, got[i], want[i])
				}
			}
			compared += len(got)
			ts.Close()
		}
	}
	if compared < 50 {
		t.Fatalf("only %d documents compared", compared)
	}
}

type scoredDoc struct {
	n     uint64
	score float64
}

// walk goes through s's documents, by Next, then again by Advance to
// every other document a Next found, each one past the last.
func walk(t *testing.T, s search.Searcher) []scoredDoc {
	t.Helper()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(10, 0)}
	var out []scoredDoc
	// keep records a match; false at the end.
	keep := func(dm *search.DocumentMatch, err error) bool {
		if err != nil {
			t.Fatal(err)
		}
		if dm == nil {
			return false
		}
		out = append(out, scoredDoc{dm.IndexInternalID.Value(), dm.Score})
		sctx.DocumentMatchPool.Put(dm)
		return true
	}
	for keep(s.Next(sctx)) {
		if len(out)%2 == 1 {
			// Skip a document: Advance past it to the one after.
			if !keep(s.Advance(sctx, bleveindex.NewIndexInternalID(nil, out[len(out)-1].n+2))) {
				break
			}
		}
	}
	return out
}
