package analyzers

import "testing"

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
	if s == ScriptLatin {
		return NormalizeLatin(word)
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
	} {
		for _, w := range l.words {
			if w == "" || !IsStopWord(normalizeForStopTest(w, l.script), l.script) {
				t.Errorf("stop word %q (%v) is not found", w, l.script)
			}
		}
	}
}
