package analyzers

import (
	"slices"
	"strings"
	"testing"
)

// stemPairTest is two words that must (same) or must not (!same) stem to the
// same form after NormalizeIndic.
type stemPairTest struct {
	a, b string
	same bool
}

var bengaliStemPairs = []stemPairTest{
	// genitive -ের, -র, -য়ের
	{"দীক্ষিতের", "দীক্ষিত", true},
	{"রাশিয়ার", "রাশিয়া", true},
	{"রাশি\u09DFার", "রাশি\u09AF\u09BCা", true}, // precomposed and decomposed য়
	{"দিল্লির", "দিল্লি", true},
	{"ভারতের", "ভারত", true},
	{"মোদীর", "মোদী", true},
	{"প্রধানমন্ত্রীর", "প্রধানমন্ত্রী", true},
	{"পুতিনের", "পুতিন", true},
	{"দেশের", "দেশ", true},
	{"ভাইয়ের", "ভাই", true},
	{"কাশ্মীরের", "কাশ্মীর", true},
	{"ভ্লাদিমিরের", "ভ্লাদিমির", true},
	{"আহমেদের", "আহমেদ", true},
	{"হায়দরাবাদের", "হায়দরাবাদ", true},
	{"উপায়ের", "উপায়", true},
	// locative -ে, -তে, -য়
	{"দিল্লিতে", "দিল্লি", true},
	{"ভারতে", "ভারত", true},
	{"দেশে", "দেশ", true},
	{"চীনে", "চীন", true},
	{"বাংলাদেশে", "বাংলাদেশ", true},
	{"সেন্টারে", "সেন্টার", true},
	{"বৈঠকে", "বৈঠক", true},
	{"ভবিষ্যতে", "ভবিষ্যৎ", true},
	{"কলকাতায়", "কলকাতা", true},
	{"রাশিয়ায়", "রাশিয়া", true},
	// objective -কে
	{"ভারতকে", "ভারত", true},
	{"মোদীকে", "মোদী", true},
	{"পুতিনকে", "পুতিন", true},
	// plurals -রা, -েরা, -গুলো, -গুলি, -গণ
	{"ছাত্ররা", "ছাত্র", true},
	{"নেতারা", "নেতা", true},
	{"লোকেরা", "লোক", true},
	{"মেয়েরা", "মেয়ে", true},
	{"বইগুলো", "বই", true},
	{"বইগুলির", "বই", true},
	{"শহরগুলোতে", "শহর", true},
	{"সদস্যগণ", "সদস্য", true},
	// classifiers -টি, -টা
	{"ছেলেটি", "ছেলে", true},
	{"দেশটা", "দেশ", true},

	// words that differ in meaning stay apart
	{"ভারতীয়", "ভারত", false}, // Indian / India
	{"ভারতে", "ভার", false},    // in India / weight
	{"দিল্লি", "দিল", false},
	{"পার্টি", "পার", false},
	{"কোটি", "কোট", false},     // crore / coat
	{"তারা", "তার", false},     // they / his
	{"সেরা", "সে", false},      // best / he
	{"ছাত্রী", "ছাত্র", false}, // female / male student
	{"সরকারি", "সরকার", false},
	{"রাজা", "রাজ", false},
	{"গীতা", "গীত", false},
	{"মন্দির", "মন্দ", false}, // temple / bad
	{"আমরা", "আম", false},     // we / mango
	{"কারখানা", "কার", false}, // factory / whose
	{"সময়", "সম", false},
	{"জাপানি", "জাপান", false},
	{"মীরা", "মীর", false},
	{"কুমার", "কুমারী", false},
	{"কমিটি", "কমি", false},
	{"ডেপুটি", "ডেপু", false},
}

var hindiStemPairs = []stemPairTest{
	{"सेंटरों", "सेंटर", true},
	{"लोगों", "लोग", true},
	{"बातें", "बात", true},
	{"बातों", "बात", true},
	{"किताबें", "किताब", true},
	{"किताबों", "किताब", true},
	{"लड़कियों", "लड़की", true},
	{"लड़कियाँ", "लड़की", true},
	{"ल\u095Cकियां", "ल\u0921\u093Cकी", true}, // precomposed and decomposed ड़
	{"पार्टियों", "पार्टी", true},
	{"कंपनियों", "कंपनी", true},
	{"अधिकारियों", "अधिकारी", true},
	{"मंत्रियों", "मंत्री", true},
	{"माताओं", "माता", true},
	{"माताएँ", "माता", true},
	{"महिलाओं", "महिला", true},
	{"नेताओं", "नेता", true},
	{"सेनाओं", "सेना", true},
	{"वस्तुओं", "वस्तु", true},
	{"हिंदुओं", "हिंदू", true},
	{"पहलुओं", "पहलू", true},
	{"बिंदुओं", "बिंदु", true},
	{"भाइयों", "भाई", true},
	{"भारतीयों", "भारतीय", true},
	{"देशों", "देश", true},
	{"शहरों", "शहर", true},
	{"राज्यों", "राज्य", true},
	{"चुनावों", "चुनाव", true},
	{"सदस्यों", "सदस्य", true},
	{"सड़कों", "सड़क", true},
	{"करोड़ों", "करोड़", true},
	{"ऑफिसों", "ऑफिस", true},
	{"डॉक्टरों", "डॉक्टर", true},

	{"भारतीय", "भारत", false}, // Indian / India
	{"रूसी", "रूस", false},
	{"दिल्ली", "दिल", false},
	{"पार्टी", "पार", false},
	{"गीता", "गीत", false},
	{"राजा", "राज", false},
	{"छात्रा", "छात्र", false},
	{"लड़की", "लड़का", false},
	{"सरकारी", "सरकार", false},
	{"माता", "मात", false},
	{"बाला", "बाल", false},
	{"हिंदी", "हिंद", false},
	{"चीनी", "चीन", false},
	{"पाकिस्तानी", "पाकिस्तान", false},
	{"सेना", "सेन", false},
	{"कमला", "कमल", false},
	{"मोदी", "मोद", false},
	{"जिसमें", "जिसम", false},
}

// Names and base words that the stemmers must leave exactly as they are.
var (
	bengaliStemUnchanged = []string{
		"মোদী", "পুতিন", "ভারত", "দীক্ষিত", "দিল্লি", "রাশিয়া", "মমতা",
		"কলকাতা", "ঢাকা", "রাহুল", "গান্ধী", "ইন্দিরা", "মীরা", "কুমার",
		"সরকার", "সেন্টার", "ভ্লাদিমির", "কাশ্মীর", "দুবে", "পার্টি",
		"কমিটি", "ভারতীয়", "বীর", "আমরা",
	}
	hindiStemUnchanged = []string{
		"मोदी", "पुतिन", "भारत", "दिल्ली", "रूस", "ममता", "कोलकाता", "राहुल",
		"गांधी", "दीक्षित", "भारतीय", "सेना", "सेंटर", "दुबे",
	}
)

// bengaliStemTests and hindiStemTests spell out some stems.
var bengaliStemTests = []normalizeTest{
	{"genitive", "দীক্ষিতের", "দীক্ষিত"},
	{"vowel genitive", "রাশিয়ার", "রাশিয়া"},
	{"locative", "দিল্লিতে", "দিল্লি"},
	{"stacked", "বইগুলোর", "বই"},
	{"plural genitive keeps the দ", "ছাত্রদের", "ছাত্রদ"},
}

var hindiStemTests = []normalizeTest{
	{"oblique plural", "सेंटरों", "सेंटर"},
	{"feminine plural", "लड़कियों", "लड़की"},
	{"a-final plural", "महिलाएं", "महिला"},
}

func testStemPairs(t *testing.T, fname string, stem func(string) string, pairs []stemPairTest) {
	t.Helper()
	neg := 0
	for _, p := range pairs {
		if !p.same {
			neg++
		}
		sa, sb := stem(NormalizeIndic(p.a)), stem(NormalizeIndic(p.b))
		if (sa == sb) != p.same {
			rel := "!="
			if p.same {
				rel = "=="
			}
			t.Errorf("%s(%q) = %q, %s(%q) = %q, want %s", fname, p.a, sa, fname, p.b, sb, rel)
		}
	}
	if len(pairs) < 30 || neg*3 < len(pairs) {
		t.Errorf("%s: %d pairs, %d negative: want at least 30, a third negative", fname, len(pairs), neg)
	}
}

func testStemUnchanged(t *testing.T, fname string, stem func(string) string, words []string) {
	t.Helper()
	for _, w := range words {
		n := NormalizeIndic(w)
		if got := stem(n); got != n {
			t.Errorf("%s(%q) = %q, want it unchanged", fname, n, got)
		}
	}
}

func testStemTable(t *testing.T, fname string, stem func(string) string, tests []normalizeTest) {
	t.Helper()
	for _, tt := range tests {
		in, want := NormalizeIndic(tt.in), NormalizeIndic(tt.want)
		got := stem(in)
		if got != want {
			t.Errorf("%s(%q) = %q, want %q", fname, in, got, want)
		}
		if again := stem(got); again != got {
			t.Errorf("%s(%q) = %q, not idempotent: %q", fname, in, got, again)
		}
	}
}

func TestStemBengali(t *testing.T) {
	testStemPairs(t, "StemBengali", StemBengali, bengaliStemPairs)
	testStemUnchanged(t, "StemBengali", StemBengali, bengaliStemUnchanged)
	testStemTable(t, "StemBengali", StemBengali, bengaliStemTests)
}

func TestStemHindi(t *testing.T) {
	testStemPairs(t, "StemHindi", StemHindi, hindiStemPairs)
	testStemUnchanged(t, "StemHindi", StemHindi, hindiStemUnchanged)
	testStemTable(t, "StemHindi", StemHindi, hindiStemTests)
}

// TestStemRulesShrink: every rule makes the word shorter, or leaves an ending
// no rule takes, so stemming ends; and its suffix is written in NormalizeIndic
// form, so it can match.
func TestStemRulesShrink(t *testing.T) {
	for name, rules := range map[string][]suffixRule{"bengali": bengaliRules, "hindi": hindiRules} {
		for _, r := range rules {
			if len(r.replace) >= len(r.suffix) {
				for _, other := range rules {
					if strings.HasSuffix(r.replace, other.suffix) {
						t.Errorf("%s rule %q → %q does not shrink the word and feeds rule %q", name, r.suffix, r.replace, other.suffix)
					}
				}
			}
			if n := NormalizeIndic(r.suffix); n != r.suffix {
				t.Errorf("%s rule suffix %q is not normalized (%q)", name, r.suffix, n)
			}
		}
	}
}

// TestStemOtherScripts: words of other scripts pass through.
func TestStemOtherScripts(t *testing.T) {
	for _, w := range []string{"putin", "Путин", "দীক্ষিতের", "2024", ""} {
		if !strings.ContainsAny(w, "দ") {
			if got := StemBengali(w); got != w {
				t.Errorf("StemBengali(%q) = %q, want it unchanged", w, got)
			}
		}
		if got := StemHindi(w); got != w {
			t.Errorf("StemHindi(%q) = %q, want it unchanged", w, got)
		}
	}
}

func BenchmarkStemBengali(b *testing.B) {
	words := make([]string, len(bengaliStemPairs))
	for i, p := range bengaliStemPairs {
		words[i] = NormalizeIndic(p.a)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range words {
			StemBengali(w)
		}
	}
}

// TestLemmaForms: an inflected form shares a native term with its
// dictionary form: a Hindi masculine -ा noun or adjective, an ordinal, the
// plural of an -ि noun, an English plural in -्स, a spelling without the
// nukta or with the anusvara; a Bengali plural genitive -দের, a genitive
// -র after া, a word with the emphatic -ই or inclusive -ও, a verb form.
// A consonant-final noun keeps its own stem beside it, and words of other
// classes (names above all) get no extra form.
func TestLemmaForms(t *testing.T) {
	natives := func(word string) []string {
		var out []string
		for _, f := range AnalyzeWord(word).Forms {
			if f.Layer == LayerNative {
				out = append(out, f.Text)
			}
		}
		return out
	}
	for _, tt := range []struct{ inflected, lemma string }{
		{"लड़के", "लड़का"},
		{"लड़कों", "लड़का"},
		{"अच्छे", "अच्छा"},
		{"कमरों", "कमरा"},
		{"शक्तियों", "शक्ति"},
		{"व्यक्तियों", "व्यक्ति"},
		{"आठवीं", "आठवाँ"},
		{"पांचवें", "पाँचवाँ"},
		{"मोटर्स", "मोटर"},
		{"बाज़ार", "बाजार"},
		{"बाजार", "बाज़ार"},
		{"केन्द्रित", "केंद्रित"},
		{"ছাত্রদের", "ছাত্র"},
		{"মেয়েদের", "মেয়ে"},
		{"বাবার", "বাবা"},
		{"পতাকার", "পতাকা"},
		{"ফলেই", "ফল"},
		{"বছরেরও", "বছর"},
		{"দেখতে", "দেখা"},
		{"করছেন", "করা"},
		{"বুঝিয়াছে", "বোঝা"},
		{"উঠেছে", "ওঠা"},
		{"চালাচ্ছে", "চালানো"},
		{"জমিয়ে", "জমানো"},
	} {
		lemma, got := natives(tt.lemma), natives(tt.inflected)
		if !slices.ContainsFunc(got, func(term string) bool { return slices.Contains(lemma, term) }) {
			t.Errorf("%s: native terms %v share none with %s's %v", tt.inflected, got, tt.lemma, lemma)
		}
	}
	for word, stem := range map[string]string{"सेंटरों": "सेंटर", "সরকার": "সরকার", "আহমেদের": "আহমেদ"} {
		if got := natives(word); !slices.Contains(got, NormalizeIndic(stem)) {
			t.Errorf("%s: native terms %v, want %s kept", word, got, stem)
		}
	}
	for _, w := range []string{
		"लड़की", "बात", "नीति", "भारत", "के", "अमेरिकी",
		"ভারত", "দিল্লি", "রাশিয়া", "মারিয়া", "অমিত", "অনিল", "ইসলাম",
		"জামাল", "নিতাই", "লড়াই", "রেডিও", "দীক্ষিত", "হোসেন",
	} {
		if got := natives(w); len(got) > 1 && (len(got) > 2 || got[1] != foldHindiSpelling(got[0])) {
			t.Errorf("%s: native terms %v, want its stem alone (and that stem's folded spelling)", w, got)
		}
	}
}
