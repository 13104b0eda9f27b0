package engine

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lipisearch/lipi/analyzers"
)

// seedTokens are the tokens the analyzer makes of each text field of the
// seed articles, summed, and the number of articles.
func seedTokens(t *testing.T) (map[string]int, int) {
	t.Helper()
	an := testMapping().AnalyzerNamed(analyzers.AnalyzerName)
	if an == nil {
		t.Fatal("no lipi analyzer")
	}
	tokens := map[string]int{}
	docs := seedDocs(t)
	for _, d := range docs {
		for _, field := range textFields {
			tokens[field] += len(an.Analyze([]byte(d.fields[field].(string))))
		}
	}
	return tokens, len(docs)
}

// boundStats binds a view of a catalog that measures lengths to idx's
// newest snapshot and returns the statistics it hands its searches.
func boundStats(t *testing.T, c *Catalog, idx bleve.Index) (*search.BM25Stats, *scorch.IndexSnapshot) {
	t.Helper()
	r := readerOf(t, idx)
	v := NewView(c, false)
	if _, err := (&PinQuery{Query: query.NewMatchNoneQuery(), View: v}).Searcher(t.Context(), r, testMapping(), search.SearcherOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(v.Release)
	if v.bm25 == nil {
		t.Fatal("a catalog that measures lengths gave its view no statistics")
	}
	return v.bm25, r.(*scorch.IndexSnapshot)
}

// A catalog that measures lengths gives its searches each text field's
// average length in tokens (every token the analyzer made, over every
// document, rounded up as bleve rounds), whatever the segments and with a
// deleted document still counted until a merge drops it; other fields
// keep bleve's statistic.
func TestMeasuredLengths(t *testing.T) {
	tokens, n := seedTokens(t)
	withDeletion := newSeedIndex(t, 2, unmergingConfig(), seedDocs(t)[1].id)
	for name, idx := range map[string]bleve.Index{"merged": mergedSeedIndex(t), "unmerged": unmergedSeedIndex(t), "deleted": withDeletion} {
		t.Run(name, func(t *testing.T) {
			c := NewCatalog(fieldLang, "")
			c.MeasureLengths("", textFields...)
			stats, snap := boundStats(t, c, idx)
			docs, err := snap.DocCount()
			if err != nil {
				t.Fatal(err)
			}
			if stats.DocCount != float64(docs) {
				t.Errorf("documents %v, want the snapshot's %d", stats.DocCount, docs)
			}
			for _, field := range textFields {
				want := math.Ceil(float64(tokens[field]) / float64(n))
				if got := float64(stats.FieldCardinality[field]) / stats.DocCount; got != want {
					t.Errorf("%s: average length %v, want %v (%d tokens, %d documents)", field, got, want, tokens[field], n)
				}
			}
			langs, err := snap.FieldCardinality(fieldLang)
			if err != nil {
				t.Fatal(err)
			}
			if got, ok := stats.FieldCardinality[fieldLang]; !ok || got != langs {
				t.Errorf("lang: %d (given %v), want bleve's %d", got, ok, langs)
			}
			if k := len(c.lengths.known); k != len(snap.Segments()) {
				t.Errorf("%d segments' counts kept, want the snapshot's %d", k, len(snap.Segments()))
			}
		})
	}
}

// The measured average does not move when the same documents are
// indexed several times over, where bleve's own (distinct terms over
// documents) falls: the statistic that keeps a ranking the same as the
// archive grows.
func TestMeasuredLengthsHoldAsTheIndexGrows(t *testing.T) {
	averages := func(copies int) (measured, bleves map[string]float64) {
		idx, err := bleve.NewUsing(filepath.Join(t.TempDir(), "seeds.bleve"), testMapping(), scorch.Name, scorch.Name, BuildConfig())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { idx.Close() })
		batch := idx.NewBatch()
		for r := range copies {
			for _, d := range seedDocs(t) {
				if err := batch.Index(fmt.Sprintf("%s-r%d", d.id, r), d.fields); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := idx.Batch(batch); err != nil {
			t.Fatal(err)
		}
		c := NewCatalog(fieldLang, "")
		c.MeasureLengths("", textFields...)
		stats, snap := boundStats(t, c, idx)
		measured, bleves = map[string]float64{}, map[string]float64{}
		for _, field := range textFields {
			measured[field] = float64(stats.FieldCardinality[field]) / stats.DocCount
			card, err := snap.FieldCardinality(field)
			if err != nil {
				t.Fatal(err)
			}
			bleves[field] = math.Ceil(float64(card) / stats.DocCount)
		}
		return measured, bleves
	}
	one, oneBleve := averages(1)
	three, threeBleve := averages(3)
	for _, field := range textFields {
		if one[field] != three[field] {
			t.Errorf("%s: measured average %v in one copy, %v in three", field, one[field], three[field])
		}
		if !(threeBleve[field] < oneBleve[field]) {
			t.Errorf("%s: bleve's average %v in one copy, %v in three: the test no longer shows what it is for", field, oneBleve[field], threeBleve[field])
		}
	}
}

// A build's stored counts (SegmentLengths) stand in for counting: the
// catalog takes a segment's counts from them when the segment holds as
// many documents as they say, and counts a segment again otherwise.
func TestStoredLengths(t *testing.T) {
	idx := mergedSeedIndex(t)
	stored, err := SegmentLengths(idx, textFields...)
	if err != nil {
		t.Fatal(err)
	}
	counted := NewCatalog(fieldLang, "")
	counted.MeasureLengths("", textFields...)
	want, _ := boundStats(t, counted, idx)

	fromStore := NewCatalog(fieldLang, "")
	fromStore.MeasureLengths(stored, textFields...)
	if got, _ := boundStats(t, fromStore, idx); got.FieldCardinality[fieldBody] != want.FieldCardinality[fieldBody] || got.FieldCardinality[fieldTitle] != want.FieldCardinality[fieldTitle] {
		t.Errorf("from the stored counts %v, counted %v", got.FieldCardinality, want.FieldCardinality)
	}

	// Counts that say ten times the tokens are taken as they are (so the
	// store is read, not the segment), unless the documents differ.
	var st storedLengths
	if err := json.Unmarshal([]byte(stored), &st); err != nil || len(st.Segments) != 1 {
		t.Fatalf("stored %q (%v), want one segment", stored, err)
	}
	for _, sl := range st.Segments {
		for i := range sl.Tokens {
			sl.Tokens[i] *= 10
		}
	}
	inflated, _ := json.Marshal(st)
	taken := NewCatalog(fieldLang, "")
	taken.MeasureLengths(string(inflated), textFields...)
	if got, _ := boundStats(t, taken, idx); got.FieldCardinality[fieldBody] < 9*want.FieldCardinality[fieldBody] {
		t.Errorf("stored counts ten times over gave %v, counted %v: the store was not read", got.FieldCardinality, want.FieldCardinality)
	}
	for _, sl := range st.Segments {
		sl.Docs++
	}
	stale, _ := json.Marshal(st)
	recounted := NewCatalog(fieldLang, "")
	recounted.MeasureLengths(string(stale), textFields...)
	if got, _ := boundStats(t, recounted, idx); got.FieldCardinality[fieldBody] != want.FieldCardinality[fieldBody] {
		t.Errorf("counts of a segment with other documents were taken: %v, want %v", got.FieldCardinality, want.FieldCardinality)
	}
	// Counts of other fields, or none readable, are not taken.
	other := NewCatalog(fieldLang, "")
	other.MeasureLengths(string(inflated), fieldTitle)
	if len(other.lengths.known) != 0 {
		t.Errorf("counts of title and body taken for title alone")
	}
}
