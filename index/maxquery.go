package index

import (
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// maxQuery matches what any of its alternatives matches and scores a
// document by its best alternative alone (a "dis-max" query, which bleve
// does not have). The alternatives of one query word are its layers: a
// document word written in the query's own script matches every layer,
// while a transliterated one matches only some, and a plain disjunction
// would add those up and then multiply by the share that matched, so that
// same-script documents won by a square. With the best layer alone, a
// same-script document still ranks first, all else equal, but a
// cross-script document that matches the whole name beats a same-script
// one that matches a part of it.
type maxQuery struct {
	alternatives []query.Query
}

func newMaxQuery(alternatives []query.Query) *maxQuery {
	return &maxQuery{alternatives: alternatives}
}

// Searcher implements query.Query.
func (q *maxQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	d := query.NewDisjunctionQuery(q.alternatives)
	d.RetrieveScoreBreakdown(true)
	s, err := d.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	return &maxSearcher{Searcher: s}, nil
}

// tieBreaker is the share of the other alternatives' scores added to the
// best one, so that of two documents with the same best layer the one that
// also matches more layers ranks first.
const tieBreaker = 0.05

// maxSearcher replaces a disjunction's per-alternative score breakdown by
// its maximum.
type maxSearcher struct {
	search.Searcher
}

func (s *maxSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	return bestScore(dm), err
}

func (s *maxSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	return bestScore(dm), err
}

func bestScore(dm *search.DocumentMatch) *search.DocumentMatch {
	if dm == nil || dm.ScoreBreakdown == nil {
		return dm
	}
	// Summed in a fixed order: map order would change the last bits of the
	// score from run to run, and with them the order of tied hits.
	idx := make([]int, 0, len(dm.ScoreBreakdown))
	for i := range dm.ScoreBreakdown {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	best, sum := 0.0, 0.0
	for _, i := range idx {
		s := dm.ScoreBreakdown[i]
		best = max(best, s)
		sum += s
	}
	dm.Score = best + tieBreaker*(sum-best)
	dm.ScoreBreakdown = nil
	return dm
}

// scaledQuery multiplies the scores of its query by a factor: bleve's
// conjunction query ignores its boost.
type scaledQuery struct {
	query  query.Query
	factor float64
}

// Searcher implements query.Query.
func (q *scaledQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s, err := q.query.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	return &scaledSearcher{Searcher: s, factor: q.factor}, nil
}

type scaledSearcher struct {
	search.Searcher
	factor float64
}

func (s *scaledSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	if dm != nil {
		dm.Score *= s.factor
	}
	return dm, err
}

func (s *scaledSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if dm != nil {
		dm.Score *= s.factor
	}
	return dm, err
}
