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
