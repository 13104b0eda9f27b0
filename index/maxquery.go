package index

import (
	"context"

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

// Searcher implements query.Query: a coverage searcher of one word.
func (q *maxQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	return (&coverageQuery{words: []coverageWord{{strong: q}}, full: 1}).Searcher(ctx, i, m, options)
}

// tieBreaker is the share of the other alternatives' scores added to the
// best one, so that of two documents with the same best layer the one that
// also matches more layers ranks first.
const tieBreaker = 0.05

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

// coverageQuery scores documents by how much of the query they cover. Each
// query word (or phrase) has a strong clause, and maybe a weak one (short
// keys that many words share). A document is a hit when some strong clause
// matches, or when every word matches, strongly or weakly. Its score is the
// sum of its matching clauses times the share of words that matched, and
// full times that when every word did: covering the whole name must beat a
// stronger layer on part of it ("Bob Berry" should find বব বেরি before Bob
// Taylor). One pass over one disjunction does what a disjunction, a
// boosted conjunction and a boolean query of the same clauses did in three.
type coverageQuery struct {
	words []coverageWord
	// bonus clauses only add to the score of a document that is a hit
	// anyway, without counting as a word covered.
	bonus []query.Query
	full  float64
	// weakOnly, when not 0, makes a document that only weak clauses match
	// a hit too, its score multiplied by weakOnly.
	weakOnly float64
	// topK, when not 0, is how many of the best hits the search keeps, the
	// searcher's hits going to the collector unfiltered and ranked by
	// score (see coverageSearcher.competes).
	topK int
	// tally, when set with topK, counts every hit, and only the hits that
	// can reach the page go to the collector.
	tally *hitTally
}

// weakOnlyFactor scales the score of a document that only weak clauses
// match, so that it ranks after every document a strong clause matches
// (and shows as much in its score).
const weakOnlyFactor = 1e-3

// relaxed returns a copy of q under which documents that only weak
// clauses match are hits too, ranked after the others, or nil when q has
// no weak clause.
func (q *coverageQuery) relaxed() *coverageQuery {
	for _, w := range q.words {
		if w.weak != nil {
			r := *q
			r.weakOnly = weakOnlyFactor
			return &r
		}
	}
	return nil
}

// coverageWord holds the clauses of one word; any may be nil. fill holds
// the part of the weak clause that may fill a short page (see
// wordClause.fill).
type coverageWord struct {
	strong, weak, fill query.Query
}
