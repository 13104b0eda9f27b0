package engine

import (
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lipisearch/lipi/analyzers"
)

// TestCoverageFuzzyAlternative: a fuzzy alternative expanded into the
// coverage searcher's own leaves scores as bleve's fuzzy query does, and
// a term named twice scores as twice.
func TestCoverageFuzzyAlternative(t *testing.T) {
	idx := mergedSeedIndex(t)
	terms := keyTerms(t, idx, fieldBody, analyzers.LayerPhonetic, 11)
	if len(terms) < 5 {
		t.Fatalf("only %d key terms to try", len(terms))
	}
	for _, term := range terms {
		for fuzziness := 1; fuzziness <= 2; fuzziness++ {
			key := NewFuzzyKey(term, fuzzyKeyPrefix, fuzziness)
			bq := query.NewFuzzyQuery(term)
			bq.SetField(fieldBody)
			bq.SetFuzziness(fuzziness)
			bq.Prefix = len(key.prefix)
			bq.SetBoost(0.6)
			lq := NewMaxQuery([]query.Query{&FuzzyQuery{Key: key, Field: fieldBody, Boost: 0.6}}, testTieBreaker)
			if got, want := scoredHits(t, idx, lq), scoredHits(t, idx, bq); !slices.Equal(got, want) {
				t.Errorf("fuzzy %q ~%d in a coverage query: %v, want %v", term, fuzziness, got, want)
			}
		}
		// Twice the same term: each use is an alternative of the clause.
		tq := query.NewTermQuery(term)
		tq.SetField(fieldBody)
		twice := NewMaxQuery([]query.Query{tq, tq}, testTieBreaker)
		once := query.NewTermQuery(term)
		once.SetField(fieldBody)
		once.SetBoost(1 + testTieBreaker) // the tie-breaker share of the second use
		if got, want := idsOf(scoredHits(t, idx, twice)), idsOf(scoredHits(t, idx, once)); !slices.Equal(got, want) {
			t.Errorf("%q twice: %v, want %v", term, got, want)
		}
	}
}

// idsOf drops the scores of scoredHits' lines.
func idsOf(hits []string) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i], _, _ = strings.Cut(h, " ")
	}
	return out
}
