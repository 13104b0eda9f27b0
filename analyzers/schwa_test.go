package analyzers

import (
	"slices"
	"testing"
)

func TestSchwaVariants(t *testing.T) {
	for _, tt := range []struct {
		word string
		want []string
	}{
		{"जयकुमार", []string{"jayakumar"}},                                // deleted medial schwa pronounced
		{"रामकृष्णन", []string{"ramakrishnan"}},                           // before a vocalic r
		{"कमला", []string{"kamala"}},                                      // V C ə C V
		{"दीक्षित", nil},                                                  // only a final schwa deleted
		{"Jayakumar", []string{"jaykumar"}},                               // V C a C V: the a dropped
		{"Ramachandran", []string{"ramchandran"}},                         // ch is one consonant
		{"Ramakrishnan", []string{"ramkrishnan"}},                         // k + r + vowel counts as kri
		{"Kamala", []string{"kamla"}},                                     // not the final a
		{"Ganesan", nil},                                                  // a before the last consonant
		{"Sarkar", nil},                                                   // a after a cluster
		{"Arun", nil},                                                     // first syllable
		{"the", nil},                                                      // stop word
		{"Balasubramanian", []string{"balsubramanian", "balasubramnian"}}, // one a at a time
	} {
		if got := SchwaVariants(tt.word); !slices.Equal(got, tt.want) {
			t.Errorf("SchwaVariants(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

// TestSchwaVariantsMeet: the other reading of one side gives the key of
// the other side's reading.
func TestSchwaVariantsMeet(t *testing.T) {
	for _, pair := range [][2]string{{"Jayakumar", "जयकुमार"}, {"Ramakrishnan", "रामकृष्णन"}, {"Kamala", "कमला"}} {
		for _, dir := range [][2]string{pair, {pair[1], pair[0]}} {
			other := matchTerms(t, dir[1], LayerPhonetic)
			met := false
			for _, v := range SchwaVariants(dir[0]) {
				met = met || other[Form{LayerPhonetic, ReadingKey(v, ScriptLatin)}.Term()]
			}
			if !met {
				t.Errorf("no schwa variant of %q %q meets %q %v", dir[0], SchwaVariants(dir[0]), dir[1], sortedKeys(other))
			}
		}
	}
}
