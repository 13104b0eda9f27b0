package analyzers

import (
	"os"
	"testing"
)

func BenchmarkZZUniqueWords(b *testing.B) {
	seen := map[string]bool{}
	var words []string
	for _, p := range goldenTexts(b) {
		d, _ := os.ReadFile(p)
		for _, sp := range WordSpans(string(d)) {
			w := string(d)[sp.Start:sp.End]
			if !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	b.Logf("%d unique words", len(words))
	var buf [16]Form
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range words {
			analyzeWord(w, buf[:0])
		}
	}
}
