package analyzers

import (
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// LayersFilter turns each word token into its forms (native, Latin, keys),
// all at the word's position and with the word's byte offsets, so phrase
// queries work across scripts and highlighting marks the original word.
// Stop words are dropped, leaving a gap in the positions.
type LayersFilter struct{}

// Filter implements analysis.TokenFilter.
func (LayersFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input)*4)
	for _, tok := range input {
		wa := AnalyzeWord(string(tok.Term))
		for _, f := range wa.Forms {
			out = append(out, &analysis.Token{
				Term:     []byte(f.Term()),
				Start:    tok.Start,
				End:      tok.End,
				Position: tok.Position,
				Type:     tok.Type,
			})
		}
	}
	return out
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
	registry.RegisterTokenFilter(LayersFilterName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return LayersFilter{}, nil
	})
	registry.RegisterAnalyzer(AnalyzerName, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		return NewAnalyzer(cache)
	})
}

// Analyze runs the cross-script analyzer over text, outside any index: what
// `lipi analyze` and the API's analyze route show.
func Analyze(text string) (analysis.TokenStream, error) {
	a, err := sharedAnalyzer()
	if err != nil {
		return nil, err
	}
	return a.Analyze([]byte(text)), nil
}

var sharedAnalyzer = sync.OnceValues(func() (analysis.Analyzer, error) {
	return NewAnalyzer(registry.NewCache())
})

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
// token.
// It names each token's own layer, which the index term alone cannot tell
// where two layers share a prefix.
func Tokens(text string) ([]TokenInfo, error) {
	tokenizer, err := sharedTokenizer()
	if err != nil {
		return nil, err
	}
	var out []TokenInfo
	for _, tok := range tokenizer.Tokenize([]byte(text)) {
		for _, f := range AnalyzeWord(string(tok.Term)).Forms {
			out = append(out, TokenInfo{Term: f.Text, Layer: f.Layer, Position: tok.Position, Start: tok.Start, End: tok.End})
		}
	}
	return out, nil
}
