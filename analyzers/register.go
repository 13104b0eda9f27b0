package analyzers

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
