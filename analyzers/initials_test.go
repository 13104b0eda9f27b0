package analyzers

import (
	"strings"
	"testing"
)

// TestInitialForms: a word that may stand for an initial carries that
// letter as a Latin form, whether or not it is also a stop word; a stop
// word of more than one syllable carries nothing. A letter's name that is
// also a one-syllable abbreviation carries both letters.
func TestInitialForms(t *testing.T) {
	for _, tt := range []struct {
		word, initial string
	}{
		{"के", "k"},    // letter name and stop word
		{"एस", "s"},    // letter name
		{"আর", "r"},    // Bengali letter name and stop word
		{"मु", "m"},    // one-syllable abbreviation
		{"की", "k"},    // one-syllable stop word
		{"से", "s"},    // one-syllable stop word
		{"लेकिन", ""},  // stop word of two syllables
		{"और", ""},     // stop word starting with a vowel
		{"कृष्णन", ""}, // a name
		{"सि", "c s"},  // C, and the S of MURUGAN S
		{"जी", "g j"},
		{"Md", "m"}, // the abbreviation of Mohammad, as मो. and মো.
		{"Mohd", "m"},
	} {
		wa := AnalyzeWord(tt.word)
		var letters []string
		for _, f := range wa.Forms {
			if f.Layer == LayerLatin && len(f.Text) == 1 {
				letters = append(letters, f.Text)
			}
		}
		got := strings.Join(letters, " ")
		if got != tt.initial {
			t.Errorf("%s: initial %q, want %q (forms %v)", tt.word, got, tt.initial, wa.Forms)
		}
	}
}

// TestInitialKeysApart: an initial names its letter, so initials keep
// their letters in the phonetic layer (C is not K, V is not B) while the
// same letters inside a word fold.
func TestInitialKeysApart(t *testing.T) {
	for _, pair := range [][2]string{{"C", "K"}, {"V", "B"}, {"W", "V"}, {"Z", "J"}, {"Q", "K"}, {"सी", "के"}} {
		a, b := matchTerms(t, pair[0], LayerPhonetic), matchTerms(t, pair[1], LayerPhonetic)
		if shareAny(a, b) {
			t.Errorf("initials %s %v and %s %v share a phonetic key", pair[0], sortedKeys(a), pair[1], sortedKeys(b))
		}
	}
	if ReadingKey("ca", ScriptLatin) != ReadingKey("ka", ScriptLatin) {
		t.Errorf("ReadingKey(ca, Latn) = %q, ReadingKey(ka, Latn) = %q: c and k no longer fold in words", ReadingKey("ca", ScriptLatin), ReadingKey("ka", ScriptLatin))
	}
}
