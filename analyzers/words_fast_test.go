package analyzers

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/segment"
)

// segmenterWords is eachWord without simpleWords: the general segmenter
// alone, as the reference.
func segmenterWords(input []byte) [][3]int {
	var out [][3]int
	seg := segment.NewWordSegmenterDirect(input)
	start := 0
	for seg.Segment() {
		end := start + len(seg.Bytes())
		if typ := seg.Type(); typ != segment.None {
			out = append(out, [3]int{start, end, typ})
		}
		start = end
	}
	return out
}

// referenceWords are the words of the whole input by the general
// segmenter alone, initials split: what eachWord must give.
func referenceWords(input []byte) [][3]int {
	var out [][3]int
	for _, w := range segmenterWords(input) {
		if w[2] == segment.Letter {
			splitInitials(input, w[0], w[1], func(s, e, typ int) { out = append(out, [3]int{s, e, typ}) })
			continue
		}
		out = append(out, w)
	}
	return out
}

// simpleWords calls f for every word of input when scanSimple takes the
// whole of it as one piece; it returns false, having called nothing, when
// it does not.
func simpleWords(input []byte, f func(start, end, typ int)) bool {
	t := wbClasses()
	if !scanSimple(input, 0, t, nil) {
		return false
	}
	scanSimple(input, 0, t, f)
	return true
}

// checkSimpleWords fails when simpleWords takes text and splits it
// otherwise than the segmenter, or when eachWord, a piece between spaces at
// a time, does; it reports whether simpleWords took the whole text.
func checkSimpleWords(t *testing.T, text string) bool {
	t.Helper()
	var each [][3]int
	eachWord([]byte(text), func(start, end, typ int) { each = append(each, [3]int{start, end, typ}) })
	// On invalid UTF-8 the segmenter sometimes stops for good ("abc \xff
	// def" is abc alone); eachWord goes on after the piece that holds it
	// (TestEachWordPastInvalidBytes), so the two are compared on valid
	// text.
	if want := referenceWords([]byte(text)); utf8.ValidString(text) && !slices.Equal(each, want) {
		t.Fatalf("eachWord(%q) = %v, the segmenter on the whole text %v", text, each, want)
	}
	var got [][3]int
	took := simpleWords([]byte(text), func(start, end, typ int) { got = append(got, [3]int{start, end, typ}) })
	if !took {
		if got != nil {
			t.Fatalf("simpleWords gave up on %q after calling back: %v", text, got)
		}
		return false
	}
	if want := segmenterWords([]byte(text)); !slices.Equal(got, want) {
		t.Fatalf("simpleWords(%q) = %v, the segmenter %v", text, got, want)
	}
	return true
}

// TestSimpleWordsAgree: on the seed articles, the sentences of every
// script, the corpus (when ../shared is there), tricky strings and random
// ones, simpleWords either gives up or splits as the segmenter does; and
// it takes most of the real text.
func TestSimpleWordsAgree(t *testing.T) {
	var texts []string
	for _, p := range goldenTexts(t) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, strings.Split(string(data), "\n")...)
	}
	corpora, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", "*.jsonl"))
	if len(corpora) == 0 {
		t.Log("../shared/corpus absent: checked on the seeds, sentences and generated strings only")
	}
	for _, p := range corpora {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		for _, line := range lines[:min(len(lines), 20000)] {
			var doc struct{ Title, Body string }
			if json.Unmarshal([]byte(line), &doc) == nil {
				texts = append(texts, doc.Title, doc.Body)
			}
		}
	}
	took := 0
	for _, text := range texts {
		if checkSimpleWords(t, text) {
			took++
		}
	}
	if took*10 < len(texts)*7 {
		t.Errorf("simpleWords took %d of %d lines of real text; it should take most", took, len(texts))
	}
	t.Logf("simpleWords took %d of %d lines", took, len(texts))
	for _, s := range []string{
		"", " ", "a", "1", "S.SURESHKUMAR", "Modi's", "12,000", "3.5", "V1", "১২৩টি", "a.b", "a. b", "a .b",
		"क्\u200Dष", "\u200Dक", "\u094Dक", "क\u094D", "a_b", "a\u00ADb", "x\u0301", "1\u0301", "a:b", "a;b", "a,b",
		"“quoted”", "‘single’", "it’s", "(India-Russia)", "।॥", "a\u200Bb", "a\u2060b", "🇮🇳", "👍🏽", "a\u200D👍",
		"שלום", "カタカナ", "漢字", "ปูติน", "a\u0640b", "کراچی،", "١٢٣", "۱۲۳", "\xff", "ab\xe0\xa4", "a\u202Fb",
		"St. Pierre & Miquelon", "Wallis & Futuna", "dumont d’urville", "c/o", "a--b", "x@y.com", "#tag",
	} {
		checkSimpleWords(t, s)
	}
	rng := rand.New(rand.NewPCG(7, 19))
	pieces := []string{"a", "Z", "é", "क", "्", "ा", "ং", "ক", "ச", "்", "ക", "ൻ", "ک", "ی", "ھ", "д", "1", "৩", "٣",
		" ", "\n", ".", ",", ":", ";", "'", "’", "\"", "-", "_", "(", "।", "\u200C", "\u200D", "\u00AD", "\u0301", "\u200B", "\u00A0", "…"}
	for n := 0; n < 50000; n++ {
		var b strings.Builder
		for k := rng.IntN(8); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		checkSimpleWords(t, b.String())
	}
}

// FuzzSimpleWords is TestSimpleWordsAgree on the fuzzer's strings.
func FuzzSimpleWords(f *testing.F) {
	f.Add("S.SURESH Modi's 12,000 V1 ১২৩টি क्\u200Dष")
	f.Add("کراچی، ١٢٣ a\u00ADb x\u0301 “q” it’s")
	f.Fuzz(func(t *testing.T, s string) {
		checkSimpleWords(t, s)
	})
}

// TestEachWordPastInvalidBytes: a malformed byte costs the piece of text
// it is in at most, never the words after it.
func TestEachWordPastInvalidBytes(t *testing.T) {
	for text, want := range map[string][]string{
		"abc \xff def":     {"abc", "def"},
		"क \xe0\xa4 ख":     {"क", "ख"},
		"Dikshit \xd90 एक": {"Dikshit", "एक"},
	} {
		var got []string
		for _, sp := range WordSpans(text) {
			if w := text[sp.Start:sp.End]; utf8.ValidString(w) {
				got = append(got, w)
			}
		}
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("WordSpans(%q) has the valid words %q, not %q", text, got, w)
			}
		}
	}
}
