package index

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/vellum/levenshtein"

	"github.com/lipisearch/lipi/analyzers"
)

// unmergingConfig is a scorch configuration under which not even a small
// index's segments are merged: buildConfig's planner still merges every
// segment of an index smaller than its floor sizes into one.
func unmergingConfig() map[string]any {
	return map[string]any{
		"scorchMergePlanOptions": map[string]any{
			"MaxSegmentsPerTier":   1 << 20,
			"FloorSegmentSize":     1,
			"FloorSegmentFileSize": 1,
		},
	}
}

// unmergedSeedIndex is the seed articles in several segments, as an index
// looks before Build merges it.
func unmergedSeedIndex(t *testing.T) bleve.Index {
	t.Helper()
	seedIndex(t) // loads seedDocs
	// No background merges: a merge between two searches of a comparison
	// would change the segments' BM25 lengths under it.
	idx, err := bleve.NewUsing(filepath.Join(t.TempDir(), "unmerged.bleve"), NewMapping(), scorch.Name, scorch.Name, unmergingConfig())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	docs := slices.Clone(seedDocs)
	for i := range docs {
		// A batch a document: a segment each.
		batch := idx.NewBatch()
		docs[i].Detect()
		if err := batch.Index(docs[i].ID, indexedFields(&docs[i])); err != nil {
			t.Fatal(err)
		}
		if err := idx.Batch(batch); err != nil {
			t.Fatal(err)
		}
	}
	adv, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	if n := segmentsAtRoot(adv.(*scorch.Scorch)); n < 2 {
		t.Fatalf("%d segments, want several", n)
	}
	return idx
}

func segmentsAtRoot(s *scorch.Scorch) uint64 {
	st := s.Stats().(*scorch.Stats)
	return atomic.LoadUint64(&st.TotFileSegmentsAtRoot) + atomic.LoadUint64(&st.TotMemorySegmentsAtRoot)
}

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

// TestFuzzyQueryMatchesBleve: a fuzzyQuery finds the documents bleve's
// fuzzy query with the same term, prefix and fuzziness finds, with the
// same scores, in one segment and in many.
func TestFuzzyQueryMatchesBleve(t *testing.T) {
	merged := seedIndex(t).bleve
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
						bq.Prefix = analyzers.PrefixLen + fuzzyPrefix
						bq.SetBoost(0.6)
						lq := &fuzzyQuery{key: newFuzzyKey(term, analyzers.PrefixLen+fuzzyPrefix, fuzziness), field: field, boost: 0.6}
						want, got := stableHits(t, idx, bq, lq)
						if !slices.Equal(got, want) {
							t.Errorf("fuzzyQuery(%q, %s, %d) = %v, want %v", term, field, fuzziness, got, want)
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

// TestLevAutomatonPrefix: the prefix is matched exactly, the rest within the
// distance, and the distance is that of the whole words.
func TestLevAutomatonPrefix(t *testing.T) {
	for _, tc := range []struct {
		term, input string
		fuzziness   int
		match       bool
		dist        uint8
	}{
		{"p|sikandar", "p|sikandar", 2, true, 0},
		{"p|sikandar", "p|sikander", 2, true, 1},
		{"p|sikandar", "p|sikndr", 2, true, 2},
		{"p|sikandar", "p|sikndr", 1, false, 0},
		{"p|sikandar", "p|siknadar", 1, true, 1}, // a transposition
		{"p|sikandar", "p|ikandar", 2, false, 0}, // an edit in the prefix
		{"p|sikandar", "p|sxkandar", 2, false, 0},
		{"p|sikandar", "f|sikandar", 2, false, 0},
		{"p|sikandar", "p|si", 2, false, 0},
		{"p|si", "p|si", 1, true, 0},
		{"p|si", "p|sia", 1, true, 1},
	} {
		k := newFuzzyKey(tc.term, analyzers.PrefixLen+fuzzyPrefix, tc.fuzziness)
		match, dist := k.automaton().MatchAndDistance(tc.input)
		if match != tc.match || dist != tc.dist {
			t.Errorf("%q ~%d: MatchAndDistance(%q) = %v, %d, want %v, %d", tc.term, tc.fuzziness, tc.input, match, dist, tc.match, tc.dist)
		}
	}
}

// TestLevAutomatonMatchesVellum: levAutomaton accepts what vellum's
// Levenshtein automaton (the one bleve's fuzzy query uses) accepts, with
// the same distance, on random words over a small alphabet, where edits
// and transpositions are frequent, some of them in Bengali letters.
func TestLevAutomatonMatchesVellum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("abcdr.কখ")
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	for d := 1; d <= 2; d++ {
		lb, err := levenshtein.NewLevenshteinAutomatonBuilder(uint8(d), true)
		if err != nil {
			t.Fatal(err)
		}
		for range 300 {
			q := word(1 + rng.IntN(8))
			dfa, err := lb.BuildDfa(q, uint8(d))
			if err != nil {
				t.Fatal(err)
			}
			lev := newLevAutomaton("", q, d)
			for range 60 {
				// Mostly near misses of q, some unrelated words.
				input := string(nearMiss(rng, []rune(q), alphabet, rng.IntN(4)))
				if rng.IntN(10) == 0 {
					input = word(rng.IntN(9))
				}
				wantMatch, wantDist := dfa.MatchAndDistance(input)
				gotMatch, gotDist := lev.MatchAndDistance(input)
				if gotMatch != wantMatch || gotMatch && gotDist != wantDist {
					t.Errorf("%q ~%d: MatchAndDistance(%q) = %v, %d; vellum: %v, %d", q, d, input, gotMatch, gotDist, wantMatch, wantDist)
				}
			}
		}
	}
}

// nearMiss is word after n random edits (insertions, deletions,
// substitutions, transpositions) with letters from alphabet.
func nearMiss(rng *rand.Rand, word, alphabet []rune, n int) []rune {
	for range n {
		switch i := rng.IntN(len(word) + 1); rng.IntN(4) {
		case 0:
			word = slices.Insert(word, i, alphabet[rng.IntN(len(alphabet))])
		case 1:
			if i < len(word) {
				word = slices.Delete(word, i, i+1)
			}
		case 2:
			if i < len(word) {
				word[i] = alphabet[rng.IntN(len(alphabet))]
			}
		case 3:
			if i+1 < len(word) {
				word[i], word[i+1] = word[i+1], word[i]
			}
		}
	}
	return word
}
