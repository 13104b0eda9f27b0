package analyzers

import (
	"slices"
	"testing"
)

var stopWordTests = []struct {
	word   string
	script Script
	stop   bool
}{
	{"the", ScriptLatin, true},
	{"and", ScriptLatin, true},
	{"dikshit", ScriptLatin, false},
	{"us", ScriptLatin, false},
	{"के", ScriptDevanagari, true},
	{"में", ScriptDevanagari, true},
	{"नहीं", ScriptDevanagari, true},
	{"जहाँ", ScriptDevanagari, true}, // chandrabindu spelling, folded
	{"दीक्षित", ScriptDevanagari, false},
	{"भारत", ScriptDevanagari, false},
	{"घर", ScriptDevanagari, false}, // a noun in Savoy's list, left out
	{"এবং", ScriptBengali, true},
	{"থেকে", ScriptBengali, true},
	{"হয়", ScriptBengali, true},
	{"দীক্ষিত", ScriptBengali, false},
	{"ভারত", ScriptBengali, false},
	{"কাজ", ScriptBengali, false}, // a noun in Savoy's list, left out
	{"के", ScriptBengali, false},  // Hindi word, Bengali list
	{"и", ScriptCyrillic, false},  // no Russian list
	{"ਅਤੇ", ScriptGurmukhi, true},
	{"ਅੰਮ੍ਰਿਤਸਰ", ScriptGurmukhi, false},
	{"અને", ScriptGujarati, true},
	{"અમદાવાદ", ScriptGujarati, false},
	{"ଏବଂ", ScriptOriya, true},
	{"ମଧ୍ୟ", ScriptOriya, false}, // also "middle": ମଧ୍ୟ ଆମେରିକା
	{"மற்றும்", ScriptTamil, true},
	{"சென்னை", ScriptTamil, false},
	{"మరియు", ScriptTelugu, true},
	{"హైదరాబాద్", ScriptTelugu, false},
	{"ಮತ್ತು", ScriptKannada, true},
	{"ಬೆಂಗಳೂರು", ScriptKannada, false},
	{"ഒരു", ScriptMalayalam, true},
	{"കൊച്ചി", ScriptMalayalam, false},
	{"اور", ScriptArabic, true},
	{"كى", ScriptArabic, true}, // Arabic letters, folded to Urdu's کی
	{"کراچی", ScriptArabic, false},
	{"மற்றும்", ScriptTelugu, false}, // Tamil word, Telugu list
}

func TestIsStopWord(t *testing.T) {
	for _, tt := range stopWordTests {
		w := normalizeForStopTest(tt.word, tt.script)
		if got := IsStopWord(w, tt.script); got != tt.stop {
			t.Errorf("IsStopWord(%q, %v) = %v, want %v", w, tt.script, got, tt.stop)
		}
	}
}

// normalizeForStopTest normalizes the way callers of IsStopWord do.
func normalizeForStopTest(word string, s Script) string {
	switch s {
	case ScriptLatin:
		return NormalizeLatin(word)
	case ScriptArabic:
		return NormalizeUrdu(word)
	}
	return NormalizeIndic(word)
}

// TestStopListsNormalized: every list entry is found again after the
// normalizer its callers use, and no entry is empty.
func TestStopListsNormalized(t *testing.T) {
	for _, l := range []struct {
		words  []string
		script Script
	}{
		{englishStopWords, ScriptLatin},
		{hindiStopWords, ScriptDevanagari},
		{bengaliStopWords, ScriptBengali},
		{punjabiStopWords, ScriptGurmukhi},
		{gujaratiStopWords, ScriptGujarati},
		{odiaStopWords, ScriptOriya},
		{tamilStopWords, ScriptTamil},
		{teluguStopWords, ScriptTelugu},
		{kannadaStopWords, ScriptKannada},
		{malayalamStopWords, ScriptMalayalam},
		{urduStopWords, ScriptArabic},
	} {
		for _, w := range l.words {
			if ScriptOf(w) != l.script {
				t.Errorf("stop word %q is not in %v", w, l.script)
			}
			if w == "" || !IsStopWord(normalizeForStopTest(w, l.script), l.script) {
				t.Errorf("stop word %q (%v) is not found", w, l.script)
			}
		}
	}
}

func TestStopWordsReadAs(t *testing.T) {
	for _, tc := range []struct {
		word string
		want string // one stop word it must read as, or "" for none
	}{
		{"kaun", "कौन"},
		{"ham", "हम"},
		{"kuch", "कुछ"},
		{"Dikshit", ""},
		{"in", ""},  // an English stop word reads as none (इन)
		{"हम", ""},  // nor does a stop word of its own script
		{"टॅश", ""}, // English stop words are not read into ("these")
		{"k", ""},   // a letter's name is not a reading (के)
	} {
		got := StopWordsReadAs(AnalyzeWord(tc.word))
		if tc.want == "" && len(got) > 0 || tc.want != "" && !slices.Contains(got, NormalizeIndic(tc.want)) {
			t.Errorf("StopWordsReadAs(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}
