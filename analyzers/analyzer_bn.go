package analyzers

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"
)

// The standalone Bengali analyzer, BengaliAnalyzerName ("lipi_bn"): one layer,
// the native form only. Words (TokenizerName), lower-cased (for the Latin
// words in Bengali text), normalized by NormalizeIndic, Bengali stop words
// dropped, and each word's native terms (BengaliNativeTerms: its stem by
// StemBengali and the dictionary forms its ending points to), as lipi's
// layered analyzer indexes them. The Hindi analyzer in analyzer_hi.go has
// the same shape and shares the adapters below.
//
// The adapters change the term only: Start, End and Position stay as the
// tokenizer set them, byte offsets into the original input. A dropped stop
// word leaves a gap in the positions, as bleve's own stop filters do.

// TermFilter is a bleve token filter that rewrites each term with a pure
// function over one word (NormalizeIndic).
type TermFilter func(word string) string

// Filter implements analysis.TokenFilter.
func (f TermFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		term := string(tok.Term)
		if out := f(term); out != term {
			tok.Term = []byte(out)
		}
	}
	return input
}

// TermsFilter is a bleve token filter that rewrites each term into the terms
// a pure function over one word returns (HindiNativeTerms,
// BengaliNativeTerms): the first replaces the term, the others follow it as
// tokens at the same position and offsets, as synonyms do. A word with no
// terms keeps its own.
type TermsFilter func(word string) []string

// Filter implements analysis.TokenFilter.
func (f TermsFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0:0]
	for _, tok := range input {
		terms := f(string(tok.Term))
		if len(terms) == 0 {
			out = append(out, tok)
			continue
		}
		for i, term := range terms {
			t := tok
			if i > 0 {
				copied := *tok
				t = &copied
			}
			t.Term = []byte(term)
			out = append(out, t)
		}
	}
	return out
}

// StopFilter is a bleve token filter that drops the stop words (IsStopWord)
// of one script; the terms must already be normalized.
type StopFilter Script

// Filter implements analysis.TokenFilter.
func (s StopFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	for _, tok := range input {
		if !IsStopWord(string(tok.Term), Script(s)) {
			out = append(out, tok)
		}
	}
	return out
}

// newLanguageAnalyzer assembles words → lower case → the named filters.
func newLanguageAnalyzer(cache *registry.Cache, filters ...string) (analysis.Analyzer, error) {
	tokenizer, err := cache.TokenizerNamed(TokenizerName)
	if err != nil {
		return nil, err
	}
	chain := make([]analysis.TokenFilter, 0, len(filters)+1)
	for _, name := range append([]string{lowercase.Name}, filters...) {
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, err
		}
		chain = append(chain, f)
	}
	return &analysis.DefaultAnalyzer{Tokenizer: tokenizer, TokenFilters: chain}, nil
}

func init() {
	registerFilter(IndicNormalizeFilterName, TermFilter(NormalizeIndic))
	registerFilter(BengaliStopFilterName, StopFilter(ScriptBengali))
	registerFilter(BengaliStemFilterName, TermsFilter(BengaliNativeTerms))
	mustRegister(registry.RegisterAnalyzer(BengaliAnalyzerName, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		return newLanguageAnalyzer(cache, IndicNormalizeFilterName, BengaliStopFilterName, BengaliStemFilterName)
	}))
}
