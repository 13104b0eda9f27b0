package analyzers

import "testing"

func TestEndsInVirama(t *testing.T) {
	for _, tc := range []struct {
		word string
		want bool
	}{
		{"कृष्", true},   // Devanagari, cut inside the conjunct ष्ण
		{"কৃষ্", true},   // Bengali
		{"कृष", false},   // a bare consonant: its inherent vowel
		{"कृष्ण", false}, // a whole word
		{"krish", false},
		{"", false},
	} {
		if got := EndsInVirama(tc.word); got != tc.want {
			t.Errorf("EndsInVirama(%q) = %v, want %v", tc.word, got, tc.want)
		}
	}
}
