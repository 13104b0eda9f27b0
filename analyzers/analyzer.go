package analyzers

import (
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// LayersFilter turns each word token into its forms (native, Latin, keys),
// all at the word's position and with the word's byte offsets, so phrase
// queries work across scripts and highlighting marks the original word.
// A stop word keeps its native form only (no reading, no key): enough to
// find a name or title made of such words, or to hold its place in a
// phrase, for a small share of the index (docs/BENCHMARKS.md).
//
// News repeats its words, and analyzing a word takes far longer than
// looking it up, so the filter remembers the terms of the words it has
// seen (a bounded cache, safe for the concurrent use bleve makes of it).
type LayersFilter struct {
	cache *wordCache
}

// NewLayersFilter returns a filter with an empty cache.
func NewLayersFilter() *LayersFilter {
	return &LayersFilter{cache: newWordCache()}
}

// Filter implements analysis.TokenFilter.
func (lf *LayersFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	termsOf := make([][][]byte, len(input))
	n, more := 0, 0
	for i, tok := range input {
		termsOf[i] = lf.cache.terms(tok.Term)
		n += len(termsOf[i])
		more += max(len(termsOf[i])-1, 0)
	}
	// A word's first term takes over the word's token; the others get one
	// allocation for all of them instead of one each. Their fields are set
	// one by one: copying whole tokens costs a write barrier on every
	// word of them while the collector runs.
	tokens := make([]analysis.Token, more)
	out := make(analysis.TokenStream, 0, n)
	k := 0
	for i, tok := range input {
		terms := termsOf[i]
		if len(terms) == 0 {
			continue
		}
		tok.Term, tok.KeyWord = terms[0], false
		out = append(out, tok)
		for _, term := range terms[1:] {
			t := &tokens[k]
			k++
			t.Term = term
			t.Start, t.End, t.Position, t.Type = tok.Start, tok.End, tok.Position, tok.Type
			out = append(out, t)
		}
	}
	return out
}

// wordCache maps a word as written to its indexed terms. The terms are
// shared between tokens: nothing downstream of the analyzer changes a
// token's bytes.
type wordCache struct {
	shards [wordCacheShards]wordCacheShard
}

const (
	wordCacheShards   = 16
	wordCacheShardMax = 1 << 14 // words per shard before it is emptied
)

type wordCacheShard struct {
	mu    sync.Mutex
	words map[string][][]byte
}

func newWordCache() *wordCache {
	c := &wordCache{}
	for i := range c.shards {
		c.shards[i].words = map[string][][]byte{}
	}
	return c
}

func (c *wordCache) terms(word []byte) [][]byte {
	var h uint32 = 2166136261 // FNV-1a
	for _, b := range word {
		h = (h ^ uint32(b)) * 16777619
	}
	sh := &c.shards[h%wordCacheShards]
	sh.mu.Lock()
	terms, ok := sh.words[string(word)]
	sh.mu.Unlock()
	if ok {
		return terms
	}
	key := string(word)
	var formBuf [16]Form
	_, forms := analyzeWord(key, formBuf[:0], true)
	// The terms of a word share one backing array, written on the stack
	// first.
	var scratch [256]byte
	var endBuf [16]int
	b, ends := scratch[:0], endBuf[:0]
	for _, f := range forms {
		b = append(b, layerPrefix(f.Layer)...)
		b = append(b, f.Text...)
		ends = append(ends, len(b))
	}
	buf := append([]byte(nil), b...)
	terms = make([][]byte, len(forms))
	start := 0
	for i, end := range ends {
		terms[i] = buf[start:end:end]
		start = end
	}
	sh.mu.Lock()
	if len(sh.words) >= wordCacheShardMax {
		clear(sh.words)
	}
	sh.words[key] = terms
	sh.mu.Unlock()
	return terms
}

// NewAnalyzer assembles the cross-script analyzer from the registry.
func NewAnalyzer(cache *registry.Cache) (analysis.Analyzer, error) {
	tokenizer, err := cache.TokenizerNamed(TokenizerName)
	if err != nil {
		return nil, err
	}
	layers, err := cache.TokenFilterNamed(LayersFilterName)
	if err != nil {
		return nil, err
	}
	return &analysis.DefaultAnalyzer{
		Tokenizer:    tokenizer,
		TokenFilters: []analysis.TokenFilter{layers},
	}, nil
}

func init() {
	// Each registry cache gets a filter of its own, with its own word cache.
	mustRegister(registry.RegisterTokenFilter(LayersFilterName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return NewLayersFilter(), nil
	}))
	mustRegister(registry.RegisterAnalyzer(AnalyzerName, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		return NewAnalyzer(cache)
	}))
}

// TokenInfo is one token of an analyzed text, as `lipi analyze --json` and
// the analyze API show it: Term without its layer prefix, byte offsets into
// the text.
type TokenInfo struct {
	Term     string `json:"term"`
	Layer    Layer  `json:"layer"`
	Position int    `json:"position"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

// Tokens analyzes text with the cross-script analyzer and describes each
// token; a text with no word gives an empty list, never nil. It names each
// token's own layer, which the index term alone cannot tell where two
// layers share a prefix.
func Tokens(text string) []TokenInfo {
	out := []TokenInfo{}
	for i, sp := range WordSpans(text) {
		for _, f := range AnalyzeWord(text[sp.Start:sp.End]).Forms {
			out = append(out, TokenInfo{Term: f.Text, Layer: f.Layer, Position: i + 1, Start: sp.Start, End: sp.End})
		}
	}
	return out
}
