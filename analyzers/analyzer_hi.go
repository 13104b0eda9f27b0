package analyzers

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// The standalone Hindi analyzer, HindiAnalyzerName ("lipi_hi"): words
// (TokenizerName), lower-cased, normalized by NormalizeIndic, Hindi stop words
// dropped, and each word's native terms (HindiNativeTerms: its stem by
// StemHindi, the dictionary forms its ending points to, and their spellings
// without nukta), as lipi's layered analyzer indexes them. The adapters are
// in analyzer_bn.go.

func init() {
	registerFilter(HindiStopFilterName, StopFilter(ScriptDevanagari))
	registerFilter(HindiStemFilterName, TermsFilter(HindiNativeTerms))
	mustRegister(registry.RegisterAnalyzer(HindiAnalyzerName, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		return newLanguageAnalyzer(cache, IndicNormalizeFilterName, HindiStopFilterName, HindiStemFilterName)
	}))
}
