package analyzers

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Registered names are stored inside every index mapping on disk: never rename
// one without a migration.
const (
	// AnalyzerName is the cross-script analyzer: every word as its native,
	// Latin and phonetic-key forms at one position.
	AnalyzerName = "lipi"
	// BengaliAnalyzerName and HindiAnalyzerName are the standalone,
	// single-layer analyzers for one language (normalize, stop words, stem).
	BengaliAnalyzerName = "lipi_bn"
	HindiAnalyzerName   = "lipi_hi"

	// Token filters and the tokenizer the analyzers are assembled from.
	TokenizerName            = "lipi_words"
	IndicNormalizeFilterName = "lipi_indic_normalize"
	BengaliStemFilterName    = "lipi_stem_bn"
	HindiStemFilterName      = "lipi_stem_hi"
	BengaliStopFilterName    = "lipi_stop_bn"
	HindiStopFilterName      = "lipi_stop_hi"
	LayersFilterName         = "lipi_layers"
)

// mustRegister stops the program at init when a registration fails. The
// only failure is a name already taken, by lipi twice or by another package,
// and an index whose mapping names that analyzer would then be analyzed by
// something else without a word said.
func mustRegister(err error) {
	if err != nil {
		panic("analyzers: " + err.Error())
	}
}

// registerFilter registers a filter that needs no configuration: every
// registry cache shares f, so f must be safe for concurrent use.
func registerFilter(name string, f analysis.TokenFilter) {
	mustRegister(registry.RegisterTokenFilter(name, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return f, nil
	}))
}
