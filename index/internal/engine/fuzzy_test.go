package engine

import (
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lipisearch/lipi/analyzers"
)

// keyTerms are some of the key terms of field, of the given layer.
func keyTerms(t *testing.T, idx bleve.Index, field string, layer analyzers.Layer, every int) []string {
	t.Helper()
	d, err := idx.FieldDict(field)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var terms []string
	want := analyzers.LayerTerm(layer, "")
	for i := 0; ; i++ {
		e, err := d.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e == nil {
			break
		}
		if strings.HasPrefix(e.Term, want) && i%every == 0 {
			terms = append(terms, e.Term)
		}
	}
	return terms
}

// scoredHits runs q and lists its hits with their scores.
func scoredHits(t *testing.T, idx bleve.Index, q query.Query) []string {
	t.Helper()
	res, err := idx.Search(bleve.NewSearchRequestOptions(q, 1000, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, fmt.Sprintf("%s %.12g", h.ID, h.Score))
	}
	return out
}

// stableHits runs a and b (scoredHits) on one set of segments: scorch
// may still merge segments of a fresh index in the background, and a merge
// between the two searches changes the BM25 field lengths of one of them,
// so the pair is run again until no merge fell between them.
func stableHits(t *testing.T, idx bleve.Index, a, b query.Query) (hitsA, hitsB []string) {
	t.Helper()
	adv, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	s, _ := adv.(*scorch.Scorch)
	merges := func() uint64 {
		if s == nil {
			return 0
		}
		st := s.Stats().(*scorch.Stats)
		return atomic.LoadUint64(&st.TotFileMergeIntroductionsDone) + atomic.LoadUint64(&st.TotMemMergeDone) + segmentsAtRoot(s)
	}
	for try := 0; ; try++ {
		before := merges()
		hitsA, hitsB = scoredHits(t, idx, a), scoredHits(t, idx, b)
		if merges() == before || try == 10 {
			return hitsA, hitsB
		}
	}
}

// TestFuzzyQueryMatchesBleve: a FuzzyQuery finds the documents bleve's
// fuzzy query with the same term, prefix and fuzziness finds, with the
// same scores, in one segment and in many.
func TestFuzzyQueryMatchesBleve(t *testing.T) {
	merged := mergedSeedIndex(t)
	for name, idx := range map[string]bleve.Index{"merged": merged, "unmerged": unmergedSeedIndex(t)} {
		t.Run(name, func(t *testing.T) {
			var terms []string
			for _, l := range []analyzers.Layer{analyzers.LayerPhonetic, analyzers.LayerFrame} {
				terms = append(terms, keyTerms(t, idx, fieldBody, l, 7)...)
			}
			if len(terms) < 10 {
				t.Fatalf("only %d key terms to try", len(terms))
			}
			found := 0
			for _, term := range terms {
				for fuzziness := 1; fuzziness <= 2; fuzziness++ {
					for _, field := range textFields {
						bq := query.NewFuzzyQuery(term)
						bq.SetField(field)
						bq.SetFuzziness(fuzziness)
						bq.Prefix = fuzzyKeyPrefix
						bq.SetBoost(0.6)
						lq := &FuzzyQuery{Key: NewFuzzyKey(term, fuzzyKeyPrefix, fuzziness), Field: field, Boost: 0.6}
						want, got := stableHits(t, idx, bq, lq)
						if !slices.Equal(got, want) {
							t.Errorf("FuzzyQuery(%q, %s, %d) = %v, want %v", term, field, fuzziness, got, want)
						}
						found += len(got)
					}
				}
			}
			t.Logf("%d key terms, %d hits", len(terms), found)
			if found == 0 {
				t.Error("no fuzzy query found anything")
			}
		})
	}
}
