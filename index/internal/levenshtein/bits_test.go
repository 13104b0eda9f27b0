package levenshtein

import (
	"math/bits"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// osaDistance is the optimal string alignment distance of a and b in
// runes, by the textbook table: the reference both automata must agree
// with.
func osaDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

// checkBitAutomaton compares bitAutomaton with the reference and with
// levAutomaton on input and on every rune-boundary prefix of it.
func checkBitAutomaton(t *testing.T, prefix, query string, max int, input string) {
	t.Helper()
	bit := newBitAutomaton(prefix, query, max)
	if bit == nil {
		t.Fatalf("newBitAutomaton(%q, %q, %d) = nil", prefix, query, max)
	}
	lev := newLevAutomaton(prefix, query, max)
	defer lev.Release()
	for end := 0; end <= len(input); end++ {
		if end < len(input) && !utf8.RuneStart(input[end]) {
			continue
		}
		in := input[:end]
		wantMatch, wantDist := false, 0
		if rest, ok := strings.CutPrefix(in, prefix); ok {
			wantDist = osaDistance(query, rest)
			wantMatch = wantDist <= max
		}
		gotMatch, gotDist := bit.MatchAndDistance(in)
		levMatch, levDist := lev.MatchAndDistance(in)
		if gotMatch != wantMatch || gotMatch && int(gotDist) != wantDist {
			t.Errorf("%q+%q ~%d: MatchAndDistance(%q) = %v, %d; want %v, %d", prefix, query, max, in, gotMatch, gotDist, wantMatch, wantDist)
		}
		if levMatch != gotMatch || gotMatch && levDist != gotDist {
			t.Errorf("%q+%q ~%d: MatchAndDistance(%q) = %v, %d; levAutomaton: %v, %d", prefix, query, max, in, gotMatch, gotDist, levMatch, levDist)
		}
	}
}

// TestBitAutomaton: bitAutomaton accepts what the textbook distance
// accepts and what levAutomaton accepts, with the same distances, on
// random words over a small alphabet (where edits and transpositions are
// frequent), with letters of two, three and four bytes among them, for
// queries of every length it takes.
func TestBitAutomaton(t *testing.T) {
	if bits.UintSize < 64 {
		t.Skip("no bitAutomaton on a 32-bit platform")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	queryLetters := []rune("abcdr.")
	inputLetters := []rune("abcdr.éক😀")
	word := func(letters []rune, n int) string {
		var b strings.Builder
		for range n {
			b.WriteRune(letters[rng.IntN(len(letters))])
		}
		return b.String()
	}
	for _, prefix := range []string{"", "p|ab"} {
		for max := 0; max <= 3; max++ {
			for range 200 {
				q := word(queryLetters, rng.IntN(maxBitQuery+1))
				for range 30 {
					in := nearMiss(rng, []rune(q), inputLetters, rng.IntN(5))
					input := prefix + string(in)
					switch rng.IntN(10) {
					case 0:
						input = prefix + word(inputLetters, rng.IntN(maxBitQuery+4))
					case 1:
						input = word(inputLetters, 2) + string(in) // another prefix
					}
					checkBitAutomaton(t, prefix, q, max, input)
				}
			}
		}
	}
}

// TestBitAutomatonFallsBack: a query that does not fit a bitAutomaton gets
// none, and its fuzzy key walks with a levAutomaton.
func TestBitAutomatonFallsBack(t *testing.T) {
	for _, tc := range []struct {
		query string
		max   int
		fits  bool
	}{
		{"sikandar", 2, true},
		{strings.Repeat("a", maxBitQuery), 2, true},
		{strings.Repeat("a", maxBitQuery+1), 2, false},
		{"দীক্ষিত", 1, false},
		{"café", 1, false},
		{"", 1, true},
	} {
		tc.fits = tc.fits && bits.UintSize == 64 // states are 64-bit ints
		if got := newBitAutomaton("p|", tc.query, tc.max) != nil; got != tc.fits {
			t.Errorf("newBitAutomaton(%q, %d) fits = %v, want %v", tc.query, tc.max, got, tc.fits)
		}
		a := New("p|", tc.query, tc.max)
		_, isBit := a.(*bitAutomaton)
		if isBit != tc.fits {
			t.Errorf("New(%q) is a bitAutomaton: %v, want %v", tc.query, isBit, tc.fits)
		}
		if m, d := a.MatchAndDistance("p|" + tc.query + "x"); !m || d != 1 {
			t.Errorf("New(%q): MatchAndDistance of one letter more = %v, %d", tc.query, m, d)
		}
		a.Release()
	}
}

// FuzzBitAutomaton: bitAutomaton agrees with the textbook distance and
// with levAutomaton on any query it takes and any input.
func FuzzBitAutomaton(f *testing.F) {
	f.Add("sikandar", "siknadar", 2)
	f.Add("dikshit", "dixit", 1)
	f.Add("", "a", 1)
	f.Fuzz(func(t *testing.T, query, input string, max int) {
		max = (max%3 + 3) % 3
		if newBitAutomaton("", query, max) == nil || !utf8.ValidString(input) {
			return
		}
		checkBitAutomaton(t, "", query, max, input)
	})
}
