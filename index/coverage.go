package index

import (
	"context"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// The coverage query runs as one flat disjunction over the leaves of every
// clause (a clause's alternatives, or the clause itself when it is not a
// maxQuery), scoring each document in one place: the best alternative of
// each clause plus the tie-breaker share of the others, then the coverage
// of the words. Built from bleve's disjunctions, the same query was a
// disjunction of disjunctions, each keeping a map of its children's scores
// for every document it visited, and the many documents that lipi's layers
// match made that bookkeeping a large part of a search.

// Searcher implements query.Query.
func (q *coverageQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s := &coverageSearcher{words: len(q.words), full: q.full}
	add := func(qs []query.Query, clause int) error {
		for _, lq := range qs {
			ls, err := lq.Searcher(ctx, i, m, options)
			if err != nil {
				return err
			}
			s.leaves = append(s.leaves, ls)
			s.leafClause = append(s.leafClause, clause)
		}
		return nil
	}
	for wi, w := range q.words {
		for _, c := range []struct {
			q    query.Query
			weak bool
		}{{w.strong, false}, {w.weak, true}} {
			if c.q == nil {
				continue
			}
			alts := []query.Query{c.q}
			if mq, ok := c.q.(*maxQuery); ok {
				alts = mq.alternatives
			}
			if err := add(alts, len(s.clauses)); err != nil {
				s.Close()
				return nil, err
			}
			s.clauses = append(s.clauses, clauseInfo{word: wi, weak: c.weak})
		}
	}
	s.curr = make([]*search.DocumentMatch, len(s.leaves))
	s.heap = make([]int, 0, len(s.leaves))
	s.matched = make([]int, 0, len(s.leaves))
	s.others = make([]*search.DocumentMatch, 0, len(s.leaves))
	s.wordSeen = make([]bool, len(q.words))
	// The norm bleve's disjunction sets: the same for every document, so it
	// changes no ranking, only the scores reported.
	var sumOfSquaredWeights float64
	for _, l := range s.leaves {
		sumOfSquaredWeights += l.Weight()
	}
	if sumOfSquaredWeights > 0 {
		s.SetQueryNorm(1 / math.Sqrt(sumOfSquaredWeights))
	}
	return s, nil
}

// clauseInfo is one clause of a coverage searcher: the word it stands for,
// and whether it is weak.
type clauseInfo struct {
	word int
	weak bool
}

// coverageSearcher is the flat disjunction of a coverageQuery. Its leaves
// are in clause order, and a clause's leaves in the order of its
// alternatives; scores are added in that order, so that a document scores
// the same on every run.
type coverageSearcher struct {
	leaves     []search.Searcher
	leafClause []int
	clauses    []clauseInfo
	words      int
	full       float64

	initialized bool
	curr        []*search.DocumentMatch // each leaf's current match; nil when done
	heap        []int                   // the leaves with a current match, a min-heap by document

	// Scratch space for one document.
	matched  []int // the leaves on it
	others   []*search.DocumentMatch
	wordSeen []bool
}

func (s *coverageSearcher) less(a, b int) bool {
	return s.curr[a].IndexInternalID.Compare(s.curr[b].IndexInternalID) < 0
}

func (s *coverageSearcher) push(leaf int) {
	s.heap = append(s.heap, leaf)
	for i := len(s.heap) - 1; i > 0; {
		parent := (i - 1) / 2
		if !s.less(s.heap[i], s.heap[parent]) {
			break
		}
		s.heap[i], s.heap[parent] = s.heap[parent], s.heap[i]
		i = parent
	}
}

func (s *coverageSearcher) pop() int {
	top := s.heap[0]
	last := len(s.heap) - 1
	s.heap[0] = s.heap[last]
	s.heap = s.heap[:last]
	for i := 0; ; {
		small, l, r := i, 2*i+1, 2*i+2
		if l < last && s.less(s.heap[l], s.heap[small]) {
			small = l
		}
		if r < last && s.less(s.heap[r], s.heap[small]) {
			small = r
		}
		if small == i {
			break
		}
		s.heap[i], s.heap[small] = s.heap[small], s.heap[i]
		i = small
	}
	return top
}

func (s *coverageSearcher) init(ctx *search.SearchContext) error {
	for i, l := range s.leaves {
		dm, err := l.Next(ctx)
		if err != nil {
			return err
		}
		s.curr[i] = dm
		if dm != nil {
			s.push(i)
		}
	}
	s.initialized = true
	return nil
}

// Next implements search.Searcher.
func (s *coverageSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.initialized {
		if err := s.init(ctx); err != nil {
			return nil, err
		}
	}
	for len(s.heap) > 0 {
		first := s.pop()
		s.matched = append(s.matched[:0], first)
		for len(s.heap) > 0 && s.curr[s.heap[0]].IndexInternalID.Equals(s.curr[first].IndexInternalID) {
			s.matched = append(s.matched, s.pop())
		}
		slices.Sort(s.matched)
		rv := s.score()
		for _, i := range s.matched {
			if s.curr[i] != rv {
				ctx.DocumentMatchPool.Put(s.curr[i])
			}
			dm, err := s.leaves[i].Next(ctx)
			if err != nil {
				return nil, err
			}
			s.curr[i] = dm
			if dm != nil {
				s.push(i)
			}
		}
		if rv != nil {
			return rv, nil
		}
	}
	return nil, nil
}

// score scores the document the matched leaves are on and returns it, or
// nil when it is not a hit.
func (s *coverageSearcher) score() *search.DocumentMatch {
	sum, strong, words := 0.0, false, 0
	for i := 0; i < len(s.matched); {
		clause := s.leafClause[s.matched[i]]
		best, clauseSum := 0.0, 0.0
		for ; i < len(s.matched) && s.leafClause[s.matched[i]] == clause; i++ {
			leafScore := s.curr[s.matched[i]].Score
			best = max(best, leafScore)
			clauseSum += leafScore
		}
		sum += best + tieBreaker*(clauseSum-best)
		c := s.clauses[clause]
		if !s.wordSeen[c.word] {
			s.wordSeen[c.word] = true
			words++
		}
		strong = strong || !c.weak
	}
	clear(s.wordSeen)
	all := words == s.words
	if !strong && !(all && s.words > 1) {
		return nil
	}
	score := sum * float64(words) / float64(s.words)
	if all && s.words > 1 {
		score *= s.full
	}
	rv := s.curr[s.matched[0]]
	rv.Score = score
	if len(s.matched) > 1 {
		s.others = s.others[:0]
		for _, i := range s.matched[1:] {
			s.others = append(s.others, s.curr[i])
		}
		rv.FieldTermLocations = search.MergeFieldTermLocations(rv.FieldTermLocations, s.others)
	}
	return rv
}

// Advance implements search.Searcher.
func (s *coverageSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.initialized {
		if err := s.init(ctx); err != nil {
			return nil, err
		}
	}
	s.heap = s.heap[:0]
	for i, l := range s.leaves {
		if s.curr[i] != nil && s.curr[i].IndexInternalID.Compare(id) < 0 {
			ctx.DocumentMatchPool.Put(s.curr[i])
			dm, err := l.Advance(ctx, id)
			if err != nil {
				return nil, err
			}
			s.curr[i] = dm
		}
		if s.curr[i] != nil {
			s.push(i)
		}
	}
	return s.Next(ctx)
}

// Weight implements search.Searcher.
func (s *coverageSearcher) Weight() float64 {
	var w float64
	for _, l := range s.leaves {
		w += l.Weight()
	}
	return w
}

// SetQueryNorm implements search.Searcher.
func (s *coverageSearcher) SetQueryNorm(qnorm float64) {
	for _, l := range s.leaves {
		l.SetQueryNorm(qnorm)
	}
}

// Count implements search.Searcher.
func (s *coverageSearcher) Count() uint64 {
	var n uint64
	for _, l := range s.leaves {
		n += l.Count()
	}
	return n
}

// Close implements search.Searcher.
func (s *coverageSearcher) Close() error {
	var first error
	for _, l := range s.leaves {
		if err := l.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Min implements search.Searcher.
func (s *coverageSearcher) Min() int { return 0 }

// Size implements search.Searcher.
func (s *coverageSearcher) Size() int {
	n := 0
	for _, l := range s.leaves {
		n += l.Size()
	}
	return n
}

// DocumentMatchPoolSize implements search.Searcher.
func (s *coverageSearcher) DocumentMatchPoolSize() int {
	n := len(s.leaves)
	for _, l := range s.leaves {
		n += l.DocumentMatchPoolSize()
	}
	return n
}
