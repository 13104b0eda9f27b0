package analyzers

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalizeTest is one row of a normalizer table: in normalizes to want.
type normalizeTest struct {
	name, in, want string
}

// Tables per phenomenon, as in Lucene's TestBengaliNormalizer. They are
// package-level so that fuzz seeds and benchmarks can reuse them.

// indicNuktaTests: the composition-excluded nukta letters and the three that
// NFC composes all end as base + nukta, whether written precomposed or not.
var indicNuktaTests = []normalizeTest{
	{"ka nukta precomposed", "\u0958ानून", "\u0915\u093Cानून"},
	{"ka nukta decomposed", "\u0915\u093Cानून", "\u0915\u093Cानून"},
	{"za precomposed", "\u095Bिंदगी", "\u091C\u093Cिंदगी"},
	{"fa precomposed", "\u095Eिल्म", "\u092B\u093Cिल्म"},
	{"dda precomposed", "पे\u095C", "पे\u0921\u093C"},
	{"dda decomposed", "पे\u0921\u093C", "पे\u0921\u093C"},
	{"yya precomposed", "\u095F", "\u092F\u093C"},
	{"nnna composed by NFC", "\u0929", "\u0928\u093C"},
	{"nnna decomposed", "\u0928\u093C", "\u0928\u093C"},
	{"rra composed by NFC", "\u0931", "\u0930\u093C"},
	{"llla composed by NFC", "\u0934", "\u0933\u093C"},
	{"bengali rra precomposed", "ব\u09DC", "ব\u09A1\u09BC"},
	{"bengali rha precomposed", "আ\u09DDা", "আ\u09A2\u09BCা"},
	{"bengali yya precomposed", "রাশি\u09DFা", "রাশি\u09AF\u09BCা"},
	{"bengali yya decomposed", "রাশি\u09AF\u09BCা", "রাশি\u09AF\u09BCা"},
	{"ya without nukta stays ja", "যমুনা", "যমুনা"},
	{"nukta after ZWNJ joins its letter", "\u0921\u200C\u093C", "\u0921\u093C"},
}

// indicChandrabinduTests: chandrabindu folds to anusvara.
var indicChandrabinduTests = []normalizeTest{
	{"devanagari haan", "हाँ", "हां"},
	{"devanagari chaand", "चाँद", "चांद"},
	{"devanagari plural", "ल\u095Cकियाँ", "ल\u0921\u093Cकियां"},
	{"bengali chaand kept", "চাঁদ", "চাঁদ"},
	{"bengali aanka kept", "আঁকা", "আঁকা"},
	{"anusvara unchanged", "हिंदी", "हिंदी"},
}

// indicFormatTests: ZWJ, ZWNJ and the other format characters vanish inside
// the word, never leaving a space.
var indicFormatTests = []normalizeTest{
	{"ZWNJ devanagari", "नमस्\u200Cते", "नमस्ते"},
	{"ZWJ half form", "क्\u200Dष", "क्ष"},
	{"ZWNJ bengali ra-phala", "র\u200C্যাব", "র্যাব"},
	{"ZWJ bengali", "শ্\u200Dরী", "শ্রী"},
	{"soft hyphen", "भा\u00ADरत", "भारत"},
	{"BOM", "\uFEFFভারত", "ভারত"},
	{"ZWSP", "दि\u200Bल्ली", "दिल्ली"},
	{"word joiner", "ভা\u2060রত", "ভারত"},
	{"combining grapheme joiner", "भा\u034Fरत", "भारत"},
	{"latin left alone", "Delhi\u200D", "Delhi"},
}

// indicCandraVowelTests: Devanagari candra vowels fold to the nearest native
// vowel.
var indicCandraVowelTests = []normalizeTest{
	{"candra o sign", "डॉक्टर", "डोक्टर"},
	{"candra O", "ऑफिस", "ओफिस"},
	{"candra e sign", "बॅंक", "बेंक"},
	{"candra E", "ऍ", "ए"},
	{"native o unchanged", "डोर", "डोर"},
}

// indicDigitTests: native digits become ASCII.
var indicDigitTests = []normalizeTest{
	{"devanagari", "२०२४", "2024"},
	{"bengali", "২০২৪", "2024"},
	{"bengali with classifier", "১২৩টি", "123টি"},
	{"fullwidth", "２０", "20"},
	{"arabic-indic", "٣٤", "34"},
	{"ascii", "2024", "2024"},
}

// indicKhandaTaTests: khanda ta is ta + hasanta.
var indicKhandaTaTests = []normalizeTest{
	{"utsab", "উৎসব", "উত্সব"},
	{"bhabishyat", "ভবিষ্যৎ", "ভবিষ্যত্"},
	{"hathat", "হঠাৎ", "হঠাত্"},
	{"ta hasanta ZWJ", "হঠাত্\u200D", "হঠাত্"},
	{"already decomposed", "উত্সব", "উত্সব"},
}

// indicNormalizeTests holds every NormalizeIndic row.
var indicNormalizeTests = concatNormalizeTests(
	indicNuktaTests, indicChandrabinduTests, indicFormatTests,
	indicCandraVowelTests, indicDigitTests, indicKhandaTaTests,
)

var latinNormalizeTests = []normalizeTest{
	{"acute", "Café", "cafe"},
	{"sharp s", "Straße", "strasse"},
	{"ae and o slash", "Ærø", "aero"},
	{"polish", "Łódź", "lodz"},
	{"vietnamese", "Đặng", "dang"},
	{"diaeresis", "naïve", "naive"},
	{"thorn", "Þór", "thor"},
	{"dotted capital I", "İstanbul", "istanbul"},
	{"decomposed input", "Cafe\u0301", "cafe"},
	{"soft hyphen", "SOFT\u00ADWARE", "software"},
	{"ascii", "Dikshit", "dikshit"},
	{"ascii lower", "dikshit", "dikshit"},
	{"fullwidth digits", "２０２４", "2024"},
	{"cyrillic short i kept", "aй", "aй"},
	{"indic vowel sign kept", "xहि", "xहि"},
}

var cyrillicNormalizeTests = []normalizeTest{
	{"yo", "Ёлка", "елка"},
	{"short i kept", "ЙОГУРТ", "йогурт"},
	{"stress", "приве́т", "привет"},
	{"ie grave", "ѐ", "е"},
	{"plain", "Путин", "путин"},
	{"ukrainian yi kept", "їжак", "їжак"},
	{"ZWJ", "Мо\u200Dсква", "москва"},
}

func concatNormalizeTests(tables ...[]normalizeTest) []normalizeTest {
	var all []normalizeTest
	for _, t := range tables {
		all = append(all, t...)
	}
	return all
}

// runNormalizeTests checks every row and that normalizing twice changes
// nothing more.
func runNormalizeTests(t *testing.T, fname string, f func(string) string, tests []normalizeTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := f(tt.in)
			if got != tt.want {
				t.Errorf("%s(%q) = %q, want %q", fname, tt.in, got, tt.want)
			}
			if again := f(got); again != got {
				t.Errorf("%s(%q) = %q, not idempotent: %s(%q) = %q", fname, tt.in, got, fname, got, again)
			}
		})
	}
}

func TestNormalizeIndicNukta(t *testing.T) {
	runNormalizeTests(t, "NormalizeIndic", NormalizeIndic, indicNuktaTests)
}

func TestNormalizeIndicChandrabindu(t *testing.T) {
	runNormalizeTests(t, "NormalizeIndic", NormalizeIndic, indicChandrabinduTests)
}

// indicVowelLetterTests: a vowel sign after अ/আ/অ is the independent vowel
// it looks like; a sign after another letter, or অ alone, stays.
var indicVowelLetterTests = []normalizeTest{
	{"aa", "अाम", "आम"},
	{"au in two signs", "अाैर", "और"},
	{"au in one sign", "अौर", "और"},
	{"o", "अोम", "ओम"},
	{"aa then e", "आेम", "ओम"},
	{"candra o", "अॉफिस", "ओफिस"},
	{"bengali aa", "অামি", "আমি"},
	{"a alone", "अमर", "अमर"},
	{"sign after consonant", "काम", "काम"},
	{"bengali o kept", "অসলো", "অসলো"},
}

func TestNormalizeIndicVowelLetters(t *testing.T) {
	runNormalizeTests(t, "NormalizeIndic", NormalizeIndic, indicVowelLetterTests)
}

func TestNormalizeIndicFormatChars(t *testing.T) {
	runNormalizeTests(t, "NormalizeIndic", NormalizeIndic, indicFormatTests)
}

func TestNormalizeIndicCandraVowels(t *testing.T) {
	runNormalizeTests(t, "NormalizeIndic", NormalizeIndic, indicCandraVowelTests)
}

func TestNormalizeIndicDigits(t *testing.T) {
	runNormalizeTests(t, "NormalizeIndic", NormalizeIndic, indicDigitTests)
}

func TestNormalizeIndicKhandaTa(t *testing.T) {
	runNormalizeTests(t, "NormalizeIndic", NormalizeIndic, indicKhandaTaTests)
}

func TestNormalizeLatin(t *testing.T) {
	runNormalizeTests(t, "NormalizeLatin", NormalizeLatin, latinNormalizeTests)
}

func TestNormalizeCyrillic(t *testing.T) {
	runNormalizeTests(t, "NormalizeCyrillic", NormalizeCyrillic, cyrillicNormalizeTests)
}

// TestNormalizeIndicNuktaEqual: every precomposed nukta letter and its base +
// nukta spelling normalize to the same base + nukta.
func TestNormalizeIndicNuktaEqual(t *testing.T) {
	pairs := []struct {
		composed rune
		base     rune
		nukta    rune
	}{
		{0x0929, 0x0928, 0x093C}, {0x0931, 0x0930, 0x093C}, {0x0934, 0x0933, 0x093C},
		{0x0958, 0x0915, 0x093C}, {0x0959, 0x0916, 0x093C}, {0x095A, 0x0917, 0x093C},
		{0x095B, 0x091C, 0x093C}, {0x095C, 0x0921, 0x093C}, {0x095D, 0x0922, 0x093C},
		{0x095E, 0x092B, 0x093C}, {0x095F, 0x092F, 0x093C},
		{0x09DC, 0x09A1, 0x09BC}, {0x09DD, 0x09A2, 0x09BC}, {0x09DF, 0x09AF, 0x09BC},
	}
	for _, p := range pairs {
		composed := string(p.composed) + "\u093E" // followed by a vowel sign
		decomposed := string([]rune{p.base, p.nukta}) + "\u093E"
		want := decomposed
		if got := NormalizeIndic(composed); got != want {
			t.Errorf("NormalizeIndic(%q) = %q, want %q", composed, got, want)
		}
		if got := NormalizeIndic(decomposed); got != want {
			t.Errorf("NormalizeIndic(%q) = %q, want %q", decomposed, got, want)
		}
	}
}

// TestNormalizeInvalidUTF8: invalid bytes come out as U+FFFD, valid UTF-8.
func TestNormalizeInvalidUTF8(t *testing.T) {
	for _, in := range []string{"\xff", "ভা\xffরত", "Caf\xe9", "пр\xd0"} {
		for name, f := range map[string]func(string) string{
			"NormalizeIndic": NormalizeIndic, "NormalizeLatin": NormalizeLatin,
			"NormalizeCyrillic": NormalizeCyrillic,
		} {
			got := f(in)
			if !utf8.ValidString(got) {
				t.Errorf("%s(%q) = %q, not valid UTF-8", name, in, got)
			}
			if again := f(got); again != got {
				t.Errorf("%s(%q) = %q, not idempotent: %q", name, in, got, again)
			}
		}
	}
}

// TestIndicQuickNFC checks the shortcut of indicNeedsWork: a word it lets
// through without asking norm is NFC. It tries every pair of ASCII,
// Devanagari and Bengali runes, and every letter followed by two marks.
func TestIndicQuickNFC(t *testing.T) {
	var runes, marks []rune
	for r := rune(0x20); r < 0x7F; r++ {
		runes = append(runes, r)
	}
	for r := rune(0x0900); r <= 0x09FF; r++ {
		runes = append(runes, r)
		if norm.NFC.PropertiesString(string(r)).CCC() != 0 || !norm.NFC.PropertiesString(string(r)).BoundaryBefore() {
			marks = append(marks, r)
		}
	}
	marks = append(marks, 0x0300, 0x0301, 0x200D)
	check := func(w string) {
		if !indicNeedsWork(w) && !norm.NFC.IsNormalString(w) {
			t.Errorf("indicNeedsWork(%+q) = false, but it is not NFC", w)
		}
	}
	for _, a := range runes {
		for _, b := range runes {
			check(string([]rune{a, b}))
		}
		for _, m1 := range marks {
			for _, m2 := range marks {
				check(string([]rune{a, m1, m2}))
			}
		}
	}
}

// TestDigitRuns checks what asciiDigit relies on: unicode.Nd is made of whole
// runs of ten digits, zero first.
func TestDigitRuns(t *testing.T) {
	check := func(lo, hi, stride uint32) {
		if stride != 1 || (hi-lo+1)%10 != 0 {
			t.Errorf("Nd range %U–%U stride %d is not whole runs of ten", lo, hi, stride)
		}
	}
	for _, r := range unicode.Nd.R16 {
		check(uint32(r.Lo), uint32(r.Hi), uint32(r.Stride))
	}
	for _, r := range unicode.Nd.R32 {
		check(r.Lo, r.Hi, r.Stride)
	}
	for in, want := range map[rune]byte{'७': '7', '৯': '9', '๓': '3', '５': '5', '\U0001D7D7': '9', '\U0001D7D8': '0', '٠': '0'} {
		if got, ok := asciiDigit(in); !ok || got != want {
			t.Errorf("asciiDigit(%q) = %q, %v, want %q", in, got, ok, want)
		}
	}
	if _, ok := asciiDigit('x'); ok {
		t.Errorf("asciiDigit('x') reports a digit")
	}
}

func TestFoldDigits(t *testing.T) {
	for in, want := range map[string]string{
		"২০২৪-এর": "2024-এর",
		"१२ बजे":  "12 बजे",
		"2024":    "2024",
		"ক্ষ":     "ক্ষ",
	} {
		if got := FoldDigits(in); got != want {
			t.Errorf("FoldDigits(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkNormalizeIndic(b *testing.B) {
	n := 0
	for _, tt := range indicNormalizeTests {
		n += len(tt.in)
	}
	b.ReportAllocs()
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, tt := range indicNormalizeTests {
			NormalizeIndic(tt.in)
		}
	}
}
