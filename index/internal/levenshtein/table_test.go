package levenshtein

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/vellum/levenshtein"
)

// keyPrefixLen is the exact prefix of a fuzzy key's automaton, as the
// engine makes it: the layer's two bytes ("p|") and two letters more.
const keyPrefixLen = 4

// TestPrefix: the prefix is matched exactly, the rest within the
// distance, and the distance is that of the whole words.
func TestPrefix(t *testing.T) {
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
		a := New(tc.term[:keyPrefixLen], tc.term[keyPrefixLen:], tc.fuzziness)
		match, dist := a.MatchAndDistance(tc.input)
		a.Release()
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
			defer lev.Release()
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
