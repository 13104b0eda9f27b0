package index

import (
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapv17 "github.com/blevesearch/zapx/v17"
)

// Documents of equal score rank in the order of their numbers in the
// index, and scorch numbers a batch's documents in the order its analysis
// workers happened to finish them, so two builds of the same documents
// ranked ties differently: the same search could list the same hits in
// another order after a rebuild, and an evaluation moved by ±0.003 from
// one build to the next. Every new segment numbers its documents in the
// order of their ids instead (batches hold documents in the order they
// were loaded), so a build of the same documents ranks the same.
//
// zap v17 is the format scorch writes by default in the bleve of go.mod.
// Registered as the default, the wrapper keeps scorch writing v17 even
// under a newer bleve that defaults to a newer format: when upgrading
// bleve, wrap its default format here instead.
func init() {
	scorch.RegisterSegmentPlugin(idOrderedPlugin{&zapv17.ZapPlugin{}}, true)
}

// idOrderedPlugin is scorch's default segment format with each new
// segment's documents sorted by id. Reading, merging and the files are
// the format's own.
type idOrderedPlugin struct {
	scorch.SegmentPlugin
}

func (p idOrderedPlugin) New(results []bleveindex.Document) (segment.Segment, uint64, error) {
	sortByID(results)
	return p.SegmentPlugin.New(results)
}

func (p idOrderedPlugin) NewUsing(results []bleveindex.Document, config map[string]any) (segment.Segment, uint64, error) {
	sortByID(results)
	return p.SegmentPlugin.NewUsing(results, config)
}

func sortByID(docs []bleveindex.Document) {
	slices.SortFunc(docs, func(a, b bleveindex.Document) int { return strings.Compare(a.ID(), b.ID()) })
}
