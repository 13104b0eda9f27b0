package analyzers

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzNormalizeIndic: normalization never panics, keeps valid UTF-8 valid,
// and is idempotent; stemming a normalized word gives valid UTF-8.
func FuzzNormalizeIndic(f *testing.F) {
	for _, tt := range indicNormalizeTests {
		f.Add(tt.in)
	}
	f.Add("\u093C\u0901\u200D")
	f.Add("\xff\u0995\u09CD")
	f.Fuzz(func(t *testing.T, s string) {
		once := NormalizeIndic(s)
		if utf8.ValidString(s) && !utf8.ValidString(once) {
			t.Fatalf("NormalizeIndic(%q) = %q: invalid UTF-8", s, once)
		}
		if twice := NormalizeIndic(once); twice != once {
			t.Fatalf("NormalizeIndic not idempotent on %q: %q then %q", s, once, twice)
		}
		for _, stem := range []string{StemBengali(once), StemHindi(once)} {
			if utf8.ValidString(once) && !utf8.ValidString(stem) {
				t.Fatalf("stem of %q = %q: invalid UTF-8", once, stem)
			}
		}
	})
}

// FuzzTransliterate: every reading and key is ASCII, and writing a text in
// every script never panics and keeps what is between words.
func FuzzTransliterate(f *testing.F) {
	for _, tt := range readingTests {
		f.Add(tt.word)
	}
	f.Add("ক্ষ্য্ৎ অ্যা ওয়া উই ং ঃ ঁ")
	f.Add("क़ॉ ॅ ऽ ॐ १२")
	f.Add("Putin, Дикшит!")
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range strings.Fields(s) {
			sc := ScriptOf(w)
			for _, r := range ToLatin(NormalizeWordForScript(w, sc), sc) {
				key := ReadingKey(r, ScriptLatin)
				frame, skeleton := frameAndSkeleton(key)
				for _, k := range []string{key, frame, skeleton} {
					for i := 0; i < len(k); i++ {
						if k[i] >= utf8.RuneSelf {
							t.Fatalf("key %q of %q is not ASCII", k, w)
						}
					}
				}
			}
			for _, v := range SchwaVariants(w) {
				if v == "" || !utf8.ValidString(v) {
					t.Fatalf("SchwaVariants(%q) has %q", w, v)
				}
			}
		}
		for code, text := range Transliterate(s) {
			if utf8.ValidString(s) && !utf8.ValidString(text) {
				t.Fatalf("Transliterate(%q)[%s] = %q: invalid UTF-8", s, code, text)
			}
		}
	})
}

// fuzzScript is the fuzz target of one script's table: its normalizer is
// idempotent and keeps UTF-8 valid, the keys of a word of the script are
// ASCII, a word written back from its reading is in the script, and
// nothing panics.
func fuzzScript(f *testing.F, s Script, seeds ...string) {
	for _, seed := range seeds {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, w := range strings.Fields(text) {
			StopWordsReadAs(AnalyzeWord(w))
			AnalyzeAsContent(w)
			if ScriptOf(w) != s {
				continue
			}
			once := NormalizeWordForScript(w, s)
			if utf8.ValidString(w) && !utf8.ValidString(once) {
				t.Fatalf("normalizing %q gives %q: invalid UTF-8", w, once)
			}
			if twice := NormalizeWordForScript(once, s); twice != once {
				t.Fatalf("normalizing %q is not idempotent: %q then %q", w, once, twice)
			}
			for _, r := range ToLatin(once, s) {
				if !utf8.ValidString(r) {
					t.Fatalf("reading %q of %q: invalid UTF-8", r, w)
				}
				key := ReadingKey(r, s)
				for i := 0; i < len(key); i++ {
					if key[i] >= utf8.RuneSelf {
						t.Fatalf("key %q of %q is not ASCII", key, w)
					}
				}
				var back string
				if s == ScriptArabic {
					back = LatinToUrdu(r)
				} else {
					back = LatinToIndic(r, s)
				}
				for _, c := range back {
					if sc := ScriptOfRune(c); sc != s && sc != ScriptOther {
						t.Fatalf("%q written back from %q has %q of %v", back, r, c, sc)
					}
				}
			}
		}
	})
}

func FuzzGurmukhi(f *testing.F) {
	fuzzScript(f, ScriptGurmukhi, "ਅੰਮ੍ਰਿਤਸਰ ਮੱਧ ੲਿ ੳੁ ਅਾ", "ਸ਼ਹਿਰ ਖ਼ਬਰ ੴ ੱ ੰ", "\u0A71\u0A70\u0A4D\u0A3C")
}

func FuzzGujarati(f *testing.F) {
	fuzzScript(f, ScriptGujarati, "અમદાવાદ ઍ ઑ ૉ ૅ", "અા ક્ષ જ્ઞ ૐ ૧૨")
}

func FuzzOriya(f *testing.F) {
	fuzzScript(f, ScriptOriya, "ଭୁବନେଶ୍ୱର ଯ ୟ ୱ", "ଡ଼ ଢ଼ ୖ ୗ ୈ ୌ ଅା")
}

func FuzzTamil(f *testing.F) {
	fuzzScript(f, ScriptTamil, "சென்னை பமாகோ அர்ஜென்டினா", "ஃப ஃ ற்ற ன்ற க்க ங்க ொ ௌ ௗ")
}

func FuzzTelugu(f *testing.F) {
	fuzzScript(f, ScriptTelugu, "హైదరాబాద్\u200cలో ప్రాంతం", "ఁ ం ః ౖ ఱ ్")
}

func FuzzKannada(f *testing.F) {
	fuzzScript(f, ScriptKannada, "ಬೆಂಗಳೂರು ಕ್ರಿಕೆಟ್", "ಀ ೞ ೕ ೖ ಃ ್")
}

func FuzzMalayalam(f *testing.F) {
	fuzzScript(f, ScriptMalayalam, "തിരുവനന്തപുരം ലാറ്റിൻ അർജന്റീന", "ന്\u200D ൻ ർ ൽ ൾ ൺ ൿ ൎ റ്റ ്")
}

func FuzzUrdu(f *testing.F) {
	fuzzScript(f, ScriptArabic, "کراچی غزہ افغانستان", "ي ك ه ة أ ؤ ئ ۓ ـ َ ِ ُ ٰ ﻻ ٣ ۴", "ھ ں ع ء آ او ای")
}
