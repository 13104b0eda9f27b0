package analyzers

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/registry"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// formsOf returns the forms AnalyzeWord gives a word, as "layer:text".
func formsOf(word string) []string {
	var out []string
	for _, f := range AnalyzeWord(word).Forms {
		out = append(out, string(f.Layer)+":"+f.Text)
	}
	return out
}

func hasForm(word string, l Layer, text string) bool {
	for _, f := range AnalyzeWord(word).Forms {
		if f.Layer == l && f.Text == text {
			return true
		}
	}
	return false
}

// TestAnalyzeInflected is the acceptance example: দীক্ষিতের has the native
// term দীক্ষিত plus Latin and key forms, all spanning the whole input.
func TestAnalyzeInflected(t *testing.T) {
	const input = "দীক্ষিতের"
	tokens := Tokens(input)
	layers := map[Layer]bool{}
	for _, tok := range tokens {
		layers[tok.Layer] = true
		if tok.Start != 0 || tok.End != len(input) || tok.Position != 1 {
			t.Errorf("token %+v: want start 0, end %d, position 1", tok, len(input))
		}
	}
	if !hasForm(input, LayerNative, "দীক্ষিত") {
		t.Errorf("AnalyzeWord(%q) = %v, want native দীক্ষিত", input, formsOf(input))
	}
	if !hasForm(input, LayerLatin, "dikshit") {
		t.Errorf("AnalyzeWord(%q) = %v, want latin dikshit", input, formsOf(input))
	}
	for _, l := range []Layer{LayerNative, LayerLatin, LayerPhonetic, LayerSkeleton} {
		if !layers[l] {
			t.Errorf("no %s token for %q", l, input)
		}
	}
}

var readingTests = []struct {
	word  string
	latin string // one of the Latin readings
}{
	{"दीक्षित", "dikshit"},
	{"দীক্ষিত", "dikshit"},
	{"ওলোফ", "woloph"}, // initial ও for English wo (Wolof)
	{"উড", "wud"},      // Wood
	{"सिंह", "singh"},  // anusvara before h is ng
	{"সিং", "sing"},    // Bengali final ং is ng
	{"সোয়ান", "swan"}, // ো + য় + vowel after a consonant is w (Swann)
	{"नरेन्द्र", "narendra"},
	{"नरेंद्र", "narendra"},
	{"মোদী", "modi"},
	{"पुतिन", "putin"},
	{"কমলা", "kamla"},
	{"सरकार", "sarkar"},
	{"व्लादिमीर", "vladimir"},
	{"রাশিয়া", "rashiya"},
	{"ইগর", "igor"},
	{"আশুতোষ", "ashutosh"},
	{"मार्शल", "marshal"},
	{"Путин", "putin"},
	{"Dikshit", "dikshit"},
	{"Café", "cafe"},
}

func TestLatinReadings(t *testing.T) {
	for _, tt := range readingTests {
		s := ScriptOf(tt.word)
		readings := ToLatin(NormalizeWordForScript(tt.word, s), s)
		if !slices.Contains(readings, tt.latin) {
			t.Errorf("ToLatin(%q) = %q, want %q among the readings", tt.word, readings, tt.latin)
		}
		// Every reading is indexed through its phonetic key.
		if !hasForm(tt.word, LayerPhonetic, ReadingKey(tt.latin, ScriptLatin)) {
			t.Errorf("AnalyzeWord(%q) = %v, want phonetic %q", tt.word, formsOf(tt.word), ReadingKey(tt.latin, ScriptLatin))
		}
	}
}

var keyTests = []struct{ a, b string }{
	{"Dikshit", "Dixit"},
	{"Barua", "बरुवा"},  // a w glide between u and a final a
	{"Sylhet", "সিলেট"}, // y between consonants is i
	{"Kyrgyz", "किर्गिज़"},
	{"Czechia", "चेकिया"},       // Polish and Czech cz
	{"Chellakani", "सेलक्कानी"}, // an initial ch is also read s
	{"Chagos", "शागोस"},
	{"Saminathan", "स्वामीनाथन"}, // sw read s too
	{"Kuppusamy", "Kuppuswamy"},
	{"Dikshit", "दीक्षित"},
	{"Vladimir", "ভ্লাদিমির"},
	{"Banerjee", "Banerji"},
	{"Dilyavsky", "Dilyavskiy"},
	{"Tianjin", "তিয়ানজিন"},
	{"Ukraine", "यूक्रेन"},
	{"Ukraine", "ইউক্রেন"},
	{"Moscow", "मॉस्को"},
	{"Manekshaw", "मानेकशॉ"},
	{"Shrivastava", "Srivastava"},
	{"Temple", "टेम्पल"},    // consonant + le is a syllable
	{"Pringle", "প্রিঙ্গল"}, // and ng before it stays ng
	{"Wright", "রাইট"},      // silent w, igh is ai
	{"Knight", "नाइट"},      // silent k
	{"Monique", "মনিক"},     // final -que
	{"Graeme", "গ্রেম"},     // ae is e
	{"Cuba", "क्यूबा"},      // u as yu after a consonant
	{"Newman", "নিউম্যান"},  // ew as yu
	{"Sewa", "सेवा"},        // but not before a vowel, even a final a
	{"Harvey", "हार्वी"},    // final -ey as i
	{"Johnson", "জনসন"},     // silent h before a consonant
	{"Ahmed", "আহমেদ"},      // light h
	{"Singh", "सिंह"},
	{"Singh", "সিং"},
	{"Goa", "গোয়া"},    // a y glide after o or u, written or not
	{"Aakhon", "आँखों"}, // ँ is an n or nothing (Aankhon too)
	{"Aankhon", "आँखों"},
	{"Chhav", "छाँव"},
	{"Ball", "बॉल"},      // ॉ is the a of ball as well as the o of hot
	{"Warner", "वॉर्नर"}, // (with the unstressed -er of english.go)
	{"Raabi", "रॉबी"},    // and Indian romanizations write it a
	{"Ball", "બૉલ"},      // Gujarati's ૉ too
	{"Noakhali", "নোয়াখালী"},
	{"Parua", "পারুয়া"},
	{"Cheung", "চেউং"},
	{"Roy", "রায়"}, // final oy
	{"Chinmoy", "চিন্ময়"},
	{"Rowland", "রোল্যান্ড"}, // ow before a consonant is a vowel
	{"Shawn", "শন"},
	{"Downey", "ডাউনি"},
	{"Dzongkha", "জোংখা"},
	{"Anbu", "अंबु"},           // n before b is m
	{"McMurdo", "ম্যাকমুর্ডো"}, // Mc is Mac
}

// TestPhoneticKeysMeet: spelling variants of one name share their
// vowel-keeping key.
func TestPhoneticKeysMeet(t *testing.T) {
	for _, tt := range keyTests {
		ka := matchTerms(t, tt.a, LayerPhonetic)
		kb := matchTerms(t, tt.b, LayerPhonetic)
		if !shareAny(ka, kb) {
			t.Errorf("%q %v and %q %v share no phonetic key", tt.a, sortedKeys(ka), tt.b, sortedKeys(kb))
		}
	}
}

// TestKeysApart: different names keep different phonetic keys.
func TestKeysApart(t *testing.T) {
	for _, pair := range [][2]string{{"Modi", "Mehta"}, {"Putin", "Patna"}, {"Delhi", "Dhaka"}, {"Ram", "Rim"}, {"भारत", "बिहार"}} {
		ka := matchTerms(t, pair[0], LayerPhonetic)
		kb := matchTerms(t, pair[1], LayerPhonetic)
		if shareAny(ka, kb) {
			t.Errorf("%q %v and %q %v share a phonetic key", pair[0], sortedKeys(ka), pair[1], sortedKeys(kb))
		}
	}
}

// TestNoEnglishStemOnIndicLatin: the Latin form of an Indic word is never
// stemmed as English (नरेश would otherwise lose its -sh to nothing, and
// रमेश "ramesh" is not "rame").
func TestNoEnglishStemOnIndicLatin(t *testing.T) {
	for _, w := range []string{"नरेश", "रमेश", "দীক্ষিতের", "कैलाश"} {
		for _, f := range AnalyzeWord(w).Forms {
			if f.Layer == LayerLatin && strings.HasSuffix(f.Text, "e") && !strings.HasSuffix(w, "े") {
				t.Errorf("AnalyzeWord(%q): latin %q looks stemmed", w, f.Text)
			}
		}
	}
}

// TestNuktaForms: precomposed and decomposed nukta letters give the same
// terms in every layer.
func TestNuktaForms(t *testing.T) {
	pairs := [][2]string{
		{"\u095Bमीन", "\u091C\u093Cमीन"},     // ज़ U+095B vs ज + nukta
		{"\u095Eरहान", "\u092B\u093Cरहान"},   // फ़ U+095E
		{"রা\u09DC", "রা\u09A1\u09BC"},       // ড় U+09DC vs ড + nukta
		{"রাশি\u09DFা", "রাশি\u09AF\u09BCা"}, // য় U+09DF vs য + nukta
		{"\u0958ानून", "\u0915\u093Cानून"},   // क़ U+0958
		{"দি\u09DCি", "দি\u09A1\u09BCি"},
	}
	for _, p := range pairs {
		a, b := strings.Join(formsOf(p[0]), " "), strings.Join(formsOf(p[1]), " ")
		if a != b {
			t.Errorf("AnalyzeWord(%q) = %s, AnalyzeWord(%q) = %s: want equal", p[0], a, p[1], b)
		}
	}
}

// goldenLines renders a token stream one token a line: term, layer,
// position, start, end.
func goldenLines(tokens []TokenInfo) []byte {
	var b bytes.Buffer
	for _, t := range tokens {
		fmt.Fprintf(&b, "%s\t%s\t%d\t%d\t%d\n", t.Term, t.Layer, t.Position, t.Start, t.End)
	}
	return b.Bytes()
}

// TestGolden compares the full token stream of each seed article with
// testdata/NAME.golden; -update rewrites them (review the diff like code).
// goldenTexts are the texts of the golden files and of BenchmarkAnalyze:
// the seed articles (Latin, Devanagari, Bengali) and a sentence in each
// other script, testdata/sentences/CODE.txt by ISO 15924 code.
func goldenTexts(tb testing.TB) []string {
	seeds, err := filepath.Glob(filepath.Join("..", "seeds", "*.txt"))
	if err != nil || len(seeds) == 0 {
		tb.Fatalf("no seed articles: %v", err)
	}
	sentences, err := filepath.Glob(filepath.Join("testdata", "sentences", "*.txt"))
	if err != nil || len(sentences) == 0 {
		tb.Fatalf("no sentences in testdata/sentences: %v", err)
	}
	return append(seeds, sentences...)
}

func TestGolden(t *testing.T) {
	paths := goldenTexts(t)
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".txt")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			got := goldenLines(Tokens(string(data)))
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./analyzers -run TestGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
				for i := 0; i < len(gl) && i < len(wl); i++ {
					if gl[i] != wl[i] {
						t.Fatalf("%s differs from the golden file at line %d:\n got  %s\n want %s\n(a deliberate rule change: -update and review the diff)", name, i+1, gl[i], wl[i])
					}
				}
				t.Fatalf("%s: %d tokens, golden file has %d", name, len(gl), len(wl))
			}
		})
	}
}

// checkStream holds the fuzz invariants of one analysis of input.
func checkStream(t *testing.T, input []byte, stream analysis.TokenStream) {
	t.Helper()
	lastPos := 0
	for _, tok := range stream {
		if !utf8.Valid(tok.Term) {
			t.Fatalf("invalid UTF-8 term %q from %q", tok.Term, input)
		}
		if tok.Start < 0 || tok.Start > tok.End || tok.End > len(input) {
			t.Fatalf("offsets %d..%d outside input of %d bytes (term %q)", tok.Start, tok.End, len(input), tok.Term)
		}
		if !utf8.Valid(input[tok.Start:tok.End]) && utf8.Valid(input) {
			t.Fatalf("offsets %d..%d cut a character of %q", tok.Start, tok.End, input)
		}
		if tok.Position < lastPos {
			t.Fatalf("position %d after %d (term %q)", tok.Position, lastPos, tok.Term)
		}
		lastPos = tok.Position
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, tt := range readingTests {
		f.Add(tt.word)
	}
	for _, tt := range keyTests {
		f.Add(tt.a + " " + tt.b)
	}
	f.Add("\xff\xfe\xfd দীক্ষিত \xc3")                 // malformed UTF-8
	f.Add("\u093C\u09BC\u0301 ি া")                    // lone combining marks
	f.Add("क\u200D\u200D\u200D\u200Cष ক\u200C\u200Dষ") // ZWJ/ZWNJ runs
	f.Add("\u200D\u200C\u200D")
	f.Add("।॥ १२३ ১২৩ India-Russia's \"quoted\"")
	f.Add(strings.Repeat("দীক্ষিতের दीक्षित Dikshit\u200D S.R. ", 1<<20/60)) // about 1 MB
	a, err := NewAnalyzer(registry.NewCache())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		input := []byte(s)
		checkStream(t, input, a.Analyze(input))
	})
}

// BenchmarkAnalyze analyzes the seed articles with bleve's standard
// analyzer, with lipi's (a new analyzer every round: its word cache starts
// empty, so only the repetition within the articles helps, as when a text
// is analyzed once) and with one lipi analyzer kept for the whole run
// (warm: as when a corpus is indexed, where most words have been seen
// before), one after the other in every round, so that a busier moment
// of a noisy machine falls on all three. Run it with -benchtime Nx for N
// rounds. It reports each analyzer's MB/s and lipi's time as a multiple
// of standard's: x-time-vs-standard (new analyzers) and
// warm-x-time-vs-standard, each the sum of lipi's times over the sum of
// standard's.
func BenchmarkAnalyze(b *testing.B) {
	paths := goldenTexts(b)
	var texts [][]byte
	total := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, data)
		total += len(data)
	}
	if total == 0 {
		b.Fatal("no seed articles in ../seeds")
	}
	warm, err := registry.NewCache().AnalyzerNamed(AnalyzerName)
	if err != nil {
		b.Fatal(err)
	}
	runs := []struct {
		name string
		new  bool // a new analyzer every round, made within the timing
		took time.Duration
	}{
		{name: standard.Name, new: true},
		{name: AnalyzerName, new: true},
		{name: "lipi-warm"},
	}
	b.SetBytes(int64(len(runs) * total))
	b.ReportAllocs()
	rounds := 0
	for b.Loop() {
		for i := range runs {
			start := time.Now()
			a := warm
			if runs[i].new {
				if a, err = registry.NewCache().AnalyzerNamed(runs[i].name); err != nil {
					b.Fatal(err)
				}
			}
			for _, t := range texts {
				a.Analyze(t)
			}
			runs[i].took += time.Since(start)
		}
		rounds++
	}
	for _, r := range runs {
		b.ReportMetric(float64(total*rounds)/1e6/r.took.Seconds(), r.name+"-MB/s")
	}
	b.ReportMetric(runs[1].took.Seconds()/runs[0].took.Seconds(), "x-time-vs-standard")
	b.ReportMetric(runs[2].took.Seconds()/runs[0].took.Seconds(), "warm-x-time-vs-standard")
}

// TestReadingKeyNoEnglishSilentLetters: the reading of an Indic word
// spells what is pronounced; English silent letters are not looked for in
// it.
func TestReadingKeyNoEnglishSilentLetters(t *testing.T) {
	for _, tt := range []struct {
		latin             string
		english, indicKey string
	}{
		{"pande", "pand", "pande"},       // पांडे: the final e is said
		{"bright", "bret", "brigt"},      // no English igh in a reading
		{"dighi", "digi", "digi"},        // before a vowel, gh is said in English spelling too (Dighi দিঘি)
		{"knoblej", "noblej", "knoblej"}, // no silent k
		{"rahman", "raman", "raman"},     // rules common to all readings still apply
	} {
		if got := ReadingKey(tt.latin, ScriptLatin); got != tt.english {
			t.Errorf("ReadingKey(%q, Latn) = %q, want %q", tt.latin, got, tt.english)
		}
		for _, s := range []Script{ScriptDevanagari, ScriptBengali} {
			if got := ReadingKey(tt.latin, s); got != tt.indicKey {
				t.Errorf("ReadingKey(%q, %v) = %q, want %q", tt.latin, s, got, tt.indicKey)
			}
		}
	}
}

// TestDemonymReadings: Hindi -ियाई and Bengali -ীয় adjectives of places
// meet English -ian.
func TestDemonymReadings(t *testing.T) {
	for _, pair := range [][2]string{{"Romanian", "रोमानियाई"}, {"Romanian", "রোমানীয়"}, {"Estonian", "एस्टोनियाई"}, {"Asturian", "আস্তুরিয়"}} {
		if !shareAny(matchTerms(t, pair[0], LayerPhonetic), matchTerms(t, pair[1], LayerPhonetic)) {
			t.Errorf("%q %v and %q %v share no phonetic key", pair[0], sortedKeys(matchTerms(t, pair[0], LayerPhonetic)), pair[1], sortedKeys(matchTerms(t, pair[1], LayerPhonetic)))
		}
	}
	if got := demonymReadings(NormalizeIndic("लड़ाई")); got != nil {
		t.Errorf("demonymReadings(लड़ाई) = %q: -ाई alone is not the adjective suffix", got)
	}
}
