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
}

// relaxed returns a copy of q under which documents that only weak
// clauses match are hits too, or nil when q has no weak clause.
func (q *coverageQuery) relaxed() *coverageQuery {
	for _, w := range q.words {
		if w.weak != nil {
			r := *q
			r.weakOnly = 1
			return &r
		}
	}
	return nil
}

// coverageWord holds the clauses of one word; either may be nil.
type coverageWord struct {
	strong, weak query.Query
}

// Searcher implements query.Query.
func (q *coverageQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	var clauses []query.Query
	var word []int  // clause index → word index
	var weak []bool // clause index → a weak clause
	for wi, w := range q.words {
		for _, c := range []struct {
			q    query.Query
			weak bool
		}{{w.strong, false}, {w.weak, true}} {
			if c.q != nil {
				clauses = append(clauses, c.q)
				word = append(word, wi)
				weak = append(weak, c.weak)
			}
		}
	}
	for _, b := range q.bonus {
		clauses = append(clauses, b)
		word = append(word, -1)
		weak = append(weak, true)
	}
	d := query.NewDisjunctionQuery(clauses)
	d.RetrieveScoreBreakdown(true)
	s, err := d.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	return &coverageSearcher{Searcher: s, words: len(q.words), word: word, weak: weak, full: q.full, weakOnly: q.weakOnly}, nil
}

type coverageSearcher struct {
	search.Searcher
	weakOnly float64
	words    int
	word     []int
	weak     []bool
	full     float64
}

func (s *coverageSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		dm, err := s.Searcher.Next(ctx)
		if dm == nil || err != nil || s.score(dm) {
			return dm, err
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

func (s *coverageSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if dm == nil || err != nil || s.score(dm) {
		return dm, err
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}

// score sets dm's score and reports whether it is a hit at all.
func (s *coverageSearcher) score(dm *search.DocumentMatch) bool {
	if dm.ScoreBreakdown == nil {
		return true
	}
	idx := make([]int, 0, len(dm.ScoreBreakdown))
	for i := range dm.ScoreBreakdown {
		idx = append(idx, i)
	}
	slices.Sort(idx) // a fixed order of addition: the same score every run
	sum, strong := 0.0, false
	matched := make(map[int]bool, s.words)
	for _, i := range idx {
		sum += dm.ScoreBreakdown[i]
		if s.word[i] >= 0 {
			matched[s.word[i]] = true
		}
		strong = strong || !s.weak[i]
	}
	all := len(matched) == s.words
	score := sum * float64(len(matched)) / float64(s.words)
	if !strong && !(all && s.words > 1) {
		if s.weakOnly == 0 {
			return false
		}
		score *= s.weakOnly
	}
	if all && s.words > 1 {
		score *= s.full
	}
	dm.Score = score
	dm.ScoreBreakdown = nil
	return true
}
