package analyzers

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// The standalone Hindi analyzer, HindiAnalyzerName ("lipi_hi"): words
// (TokenizerName), lower-cased, normalized by NormalizeIndic, Hindi stop words
// dropped, stemmed by StemHindi. The adapters are in analyzer_bn.go.

func init() {
	registerFilter(HindiStopFilterName, StopFilter(ScriptDevanagari))
	registerFilter(HindiStemFilterName, TermFilter(StemHindi))
	mustRegister(registry.RegisterAnalyzer(HindiAnalyzerName, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		return newLanguageAnalyzer(cache, IndicNormalizeFilterName, HindiStopFilterName, HindiStemFilterName)
	}))
}
