package analyzers

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// applyInOrder is what ruleIndex.apply must do, written the plain way:
// every rule in its order, over the whole string.
func applyInOrder(rules []keyRule, s string) string {
	for _, r := range rules {
		s = strings.ReplaceAll(s, r.from, r.to)
	}
	return s
}

// TestRuleIndexApply: the indexed, in-place application of a rule table
// gives what applying its rules one after the other gives, on random
// strings of the letters the rules look for (and on long ones, past the
// buffer on the stack).
func TestRuleIndexApply(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 2026))
	const alphabet = "abcdeghijklnoprstuwxyzCk"
	for _, tc := range []struct {
		name  string
		rules []keyRule
		ix    *ruleIndex
	}{
		{"consonants", consonantRules, consonantIndex},
		{"glides", glideRules, glideIndex},
		{"vowels", vowelRules, vowelIndex},
	} {
		for n := 0; n < 20000; n++ {
			length := 1 + rng.IntN(12)
			if n%100 == 0 {
				length = 60 + rng.IntN(40)
			}
			b := make([]byte, length)
			for i := range b {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
			s := string(b)
			if got, want := tc.ix.apply(s), applyInOrder(tc.rules, s); got != want {
				t.Fatalf("%s rules on %q: %q, want %q", tc.name, s, got, want)
			}
		}
	}
}

// FuzzRuleIndexApply is TestRuleIndexApply on the fuzzer's strings.
func FuzzRuleIndexApply(f *testing.F) {
	f.Add("tchchrxxsch")
	f.Add("iyaiuuiaaeeoo")
	f.Fuzz(func(t *testing.T, s string) {
		for _, tc := range []struct {
			rules []keyRule
			ix    *ruleIndex
		}{{consonantRules, consonantIndex}, {glideRules, glideIndex}, {vowelRules, vowelIndex}} {
			if got, want := tc.ix.apply(s), applyInOrder(tc.rules, s); got != want {
				t.Fatalf("rules on %q: %q, want %q", s, got, want)
			}
		}
	})
}
