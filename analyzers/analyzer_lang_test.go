package analyzers

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

func analyzeWith(t *testing.T, name, text string) analysis.TokenStream {
	t.Helper()
	a, err := registry.NewCache().AnalyzerNamed(name)
	if err != nil {
		t.Fatalf("AnalyzerNamed(%q): %v", name, err)
	}
	return a.Analyze([]byte(text))
}

// checkTokens checks the invariants of a language analyzer's output: offsets
// inside the input, and for each word, at one position that follows the
// last word's, exactly the terms that normalizing the original word and
// taking its native terms gives.
func checkTokens(t *testing.T, text string, stream analysis.TokenStream, natives func(string) []string) {
	t.Helper()
	last := 0
	for i := 0; i < len(stream); {
		tok := stream[i]
		if tok.Start < 0 || tok.End > len(text) || tok.Start >= tok.End {
			t.Fatalf("token %q: offsets %d..%d outside the input (%d bytes)", tok.Term, tok.Start, tok.End, len(text))
		}
		if tok.Position <= last {
			t.Errorf("token %q: position %d after %d", tok.Term, tok.Position, last)
		}
		last = tok.Position
		var got []string
		for ; i < len(stream) && stream[i].Position == tok.Position; i++ {
			if stream[i].Start != tok.Start || stream[i].End != tok.End {
				t.Errorf("token %q: offsets %d..%d, want its word's %d..%d", stream[i].Term, stream[i].Start, stream[i].End, tok.Start, tok.End)
			}
			got = append(got, string(stream[i].Term))
		}
		word := text[tok.Start:tok.End]
		if want := natives(NormalizeIndic(strings.ToLower(word))); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("terms for %q = %q, want %q", word, got, want)
		}
	}
}

func findToken(stream analysis.TokenStream, term string) *analysis.Token {
	for _, tok := range stream {
		if string(tok.Term) == term {
			return tok
		}
	}
	return nil
}

func TestBengaliAnalyzer(t *testing.T) {
	const text = "মোদী দীক্ষিতের সঙ্গে রাশিয়ার বৈঠকে ছিলেন। ছাত্রদের দেখতে"
	stream := analyzeWith(t, BengaliAnalyzerName, text)
	checkTokens(t, text, stream, BengaliNativeTerms)
	for _, lemma := range []string{"ছাত্র", "দেখা"} {
		if findToken(stream, lemma) == nil {
			t.Errorf("no dictionary form %s among the terms of %q", lemma, text)
		}
	}

	tok := findToken(stream, "দীক্ষিত")
	if tok == nil {
		t.Fatalf("no term দীক্ষিত in %v", stream)
	}
	start := strings.Index(text, "দীক্ষিতের")
	if tok.Start != start || tok.End != start+len("দীক্ষিতের") || tok.Position != 2 {
		t.Errorf("দীক্ষিত: start %d end %d position %d, want %d %d 2",
			tok.Start, tok.End, tok.Position, start, start+len("দীক্ষিতের"))
	}
	if findToken(stream, "সঙ্গে") != nil {
		t.Errorf("stop word সঙ্গে was indexed")
	}
	if tok := findToken(stream, NormalizeIndic("রাশিয়া")); tok == nil || tok.Position != 4 {
		t.Errorf("রাশিয়ার: want term রাশিয়া at position 4 (after the stop word's gap), got %v", tok)
	}
}

func TestHindiAnalyzer(t *testing.T) {
	const text = "रूस के सेंटरों में नमस्\u200Cते, Delhi।"
	stream := analyzeWith(t, HindiAnalyzerName, text)
	checkTokens(t, text, stream, HindiNativeTerms)

	var terms []string
	for _, tok := range stream {
		terms = append(terms, string(tok.Term))
	}
	want := []string{"रूस", "सेंटर", "सेंटरा", "नमस्ते", "नमस्ता", "delhi"}
	if strings.Join(terms, " ") != strings.Join(want, " ") {
		t.Errorf("terms %q, want %q", terms, want)
	}
	// The ZWNJ does not split नमस्‌ते: one token spanning both halves.
	word := "नमस्\u200Cते"
	start := strings.Index(text, word)
	tok := findToken(stream, "नमस्ते")
	if tok == nil || tok.Start != start || tok.End != start+len(word) {
		t.Errorf("नमस्ते: got %v, want one token at %d..%d", tok, start, start+len(word))
	}
}

func TestLanguageFiltersRegistered(t *testing.T) {
	cache := registry.NewCache()
	for _, name := range []string{
		IndicNormalizeFilterName, BengaliStemFilterName, HindiStemFilterName,
		BengaliStopFilterName, HindiStopFilterName,
	} {
		if _, err := cache.TokenFilterNamed(name); err != nil {
			t.Errorf("TokenFilterNamed(%q): %v", name, err)
		}
	}
	if _, err := cache.TokenizerNamed(TokenizerName); err != nil {
		t.Errorf("TokenizerNamed(%q): %v", TokenizerName, err)
	}
}

var wordSpanTests = []struct {
	name, text string
	words      []string
}{
	{"danda", "नमस्ते। फिर॥ ठीक", []string{"नमस्ते", "फिर", "ठीक"}},
	{"ZWJ and ZWNJ inside", "क्\u200Dष র\u200C্যাব", []string{"क्\u200Dष", "র\u200C্যাব"}},
	{"ZWSP splits", "x\u200By", []string{"x", "y"}},
	{"digits and classifier", "১২৩টি বই, २०२४", []string{"১২৩টি", "বই", "२०२४"}},
	{"hyphen splits", "২০২৪-এর", []string{"২০২৪", "এর"}},
	{"nukta and vowel signs", "রাশি\u09AF\u09BCার", []string{"রাশি\u09AF\u09BCার"}},
}

// TestWordSpans also checks that the tokenizer makes its tokens of the same
// words, numbered from 1: callers that split a query with WordSpans rely on
// it to find the words the index holds.
func TestWordSpans(t *testing.T) {
	for _, tt := range wordSpanTests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			spans := WordSpans(tt.text)
			for _, sp := range spans {
				got = append(got, tt.text[sp.Start:sp.End])
			}
			if strings.Join(got, "|") != strings.Join(tt.words, "|") {
				t.Errorf("WordSpans(%q) = %q, want %q", tt.text, got, tt.words)
			}
			tokens := WordTokenizer{}.Tokenize([]byte(tt.text))
			if len(tokens) != len(spans) {
				t.Fatalf("Tokenize(%q): %d tokens, WordSpans %d words", tt.text, len(tokens), len(spans))
			}
			for i, tok := range tokens {
				if sp := spans[i]; tok.Start != sp.Start || tok.End != sp.End || tok.Position != i+1 || string(tok.Term) != got[i] {
					t.Errorf("Tokenize(%q) token %d = %+v, want %q at %d..%d, position %d", tt.text, i, tok, got[i], sp.Start, sp.End, i+1)
				}
			}
		})
	}
	if tokens := (WordTokenizer{}).Tokenize([]byte("२०२४ साल")); len(tokens) != 2 || tokens[0].Type != analysis.Numeric || tokens[1].Type == analysis.Numeric {
		t.Errorf("Tokenize(२०२४ साल) = %v, want a number then a word", tokens)
	}
}

func BenchmarkBengaliAnalyzer(b *testing.B) {
	a, err := registry.NewCache().AnalyzerNamed(BengaliAnalyzerName)
	if err != nil {
		b.Fatal(err)
	}
	text := []byte(strings.Repeat("মোদী দীক্ষিতের সঙ্গে রাশিয়ার বৈঠকে ছিলেন। ", 50))
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		a.Analyze(text)
	}
}
