package engine

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// MaxQuery matches what any of its alternatives matches and scores a
// document by its best alternative alone (a "dis-max" query, which bleve
// does not have). The alternatives of one query word are its layers: a
// document word written in the query's own script matches every layer,
// while a transliterated one matches only some, and a plain disjunction
// would add those up and then multiply by the share that matched, so that
// same-script documents won by a square. With the best layer alone, a
// same-script document still ranks first, all else equal, but a
// cross-script document that matches the whole name beats a same-script
// one that matches a part of it.
type MaxQuery struct {
	alternatives []query.Query
	// tieBreaker is the share of the other alternatives' scores added to
	// the best one, so that of two documents with the same best layer the
	// one that also matches more layers ranks first.
	tieBreaker float64
}

func NewMaxQuery(alternatives []query.Query, tieBreaker float64) *MaxQuery {
	return &MaxQuery{alternatives: alternatives, tieBreaker: tieBreaker}
}

// Searcher implements query.Query: a coverage searcher of one word.
func (q *MaxQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	return (&CoverageQuery{Words: []CoverageWord{{Strong: q}}, Full: 1, TieBreaker: q.tieBreaker}).Searcher(ctx, i, m, options)
}

// Alternatives and TieBreaker let another backend's compiler read the
// query (index's OpenSearch query DSL).
func (q *MaxQuery) Alternatives() []query.Query { return q.alternatives }
func (q *MaxQuery) TieBreaker() float64         { return q.tieBreaker }
