package engine

import (
	"cmp"
	"container/heap"
	"context"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// The coverage query runs as one flat disjunction over the leaves of every
// clause: the term searchers of its alternatives, the candidate terms of
// its fuzzy alternatives, and any other query (phrases) as a leaf of its
// own. One term searched in one field is one leaf, however many
// alternatives name it (a word's native and Latin forms are often the
// same text, a fuzzy key's candidates include the key itself, and joined
// words belong to two words), and each alternative that names it weighs
// its score by its own boost. A document is scored in one place: each
// alternative as bleve would score it (a fuzzy one the sum of its matched
// candidates times the share of them that matched), the best alternative
// of each clause plus the tie-breaker share of the others, then the
// coverage of the words. Built from bleve's disjunctions, the same query
// was a disjunction of disjunctions, each keeping a map of its children's
// scores for every document it visited, and each repeated term was read
// as often as it was named; the many documents that lipi's layers match
// made that a large part of a search.

// CoverageQuery scores documents by how much of the query they cover. Each
// query word (or phrase) has a strong clause, and maybe a weak one (short
// keys that many words share). A document is a hit when some strong clause
// matches, or when every word matches, strongly or weakly. Its score is the
// sum of its matching clauses times the share of words that matched, and
// full times that when every word did: covering the whole name must beat a
// stronger layer on part of it ("Bob Berry" should find বব বেরি before Bob
// Taylor). One pass over one disjunction does what a disjunction, a
// boosted conjunction and a boolean query of the same clauses did in three.
type CoverageQuery struct {
	Words []CoverageWord
	// Bonus clauses only add to the score of a document that is a hit
	// anyway, without counting as a word covered.
	Bonus []query.Query
	Full  float64
	// Own matches the documents that hold the query as it was typed; it
	// adds nothing to a score, but multiplies the score of a document it
	// matches by OwnFactor, which puts those documents first.
	Own       []query.Query
	OwnFactor float64
	// Sounds, when set, decides which sound-alike hits the search
	// returns; without it, every hit is returned.
	Sounds *SoundPolicy
	// SoundFactor, when not 0, multiplies the score of a hit that only
	// sounds alike (no spelling nor close fuzzy candidate matches it),
	// once Sounds has decided on it by its own score.
	SoundFactor float64
	// TieBreaker is the share of a clause's other alternatives' scores
	// added to its best one.
	TieBreaker float64
	// WeakOnly, when not 0, makes a document that only weak clauses match
	// a hit too, its score multiplied by WeakOnly.
	WeakOnly float64
	// TopK, when not 0, is how many of the best hits the search keeps, the
	// searcher's hits going to the collector unfiltered and ranked by
	// score (see coverageSearcher.competes).
	TopK int
	// Tally, when set with TopK, counts every hit, and only the hits that
	// can reach the page go to the collector.
	Tally *HitTally
	// Keep, when set, leaves out every document it refuses (by document
	// number) before it is scored, counted or weighed by the sound-alike
	// policy: a filter (KeepQuery is the same for any other query).
	Keep func(n uint64) bool
}

// Relaxed returns a copy of q under which documents that only weak
// clauses match are hits too, their scores multiplied by weakOnly, or nil
// when q has no weak clause.
func (q *CoverageQuery) Relaxed(weakOnly float64) *CoverageQuery {
	for _, w := range q.Words {
		if w.Weak != nil {
			r := *q
			r.WeakOnly = weakOnly
			return &r
		}
	}
	return nil
}

// CoverageWord holds the clauses of one word; any may be nil. Fill holds
// the part of the weak clause that may fill a short page, which the
// caller searches on its own.
type CoverageWord struct {
	Strong, Weak, Fill query.Query
}

// Searcher implements query.Query.
func (q *CoverageQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	q.Tally.bind()
	if q.Sounds != nil {
		q.Sounds.Hidden.bind()
	}
	b := &coverageBuilder{
		ctx: ctx, reader: i, mapping: m, options: options,
		s:    &coverageSearcher{words: len(q.Words), full: q.Full, tieBreaker: q.TieBreaker, weakOnly: q.WeakOnly, ownFactor: q.OwnFactor, soundFactor: cmp.Or(q.SoundFactor, 1), mark: options.IncludeTermVectors, topK: q.TopK, tally: q.Tally, keep: q.Keep},
		term: map[fieldTerm]int{},
	}
	b.snap = snapshotOf(i)
	for wi, w := range q.Words {
		for _, c := range []struct {
			q    query.Query
			weak bool
		}{{w.Strong, false}, {w.Weak, true}} {
			if c.q == nil {
				continue
			}
			alts := []query.Query{c.q}
			if mq, ok := c.q.(*MaxQuery); ok {
				alts = mq.alternatives
			}
			clause := len(b.s.clauses)
			b.s.clauses = append(b.s.clauses, clauseInfo{word: wi, weak: c.weak})
			for _, a := range alts {
				if err := b.add(a, clause); err != nil {
					b.releaseKeys()
					b.s.Close()
					return nil, err
				}
			}
		}
	}
	for _, bq := range q.Bonus {
		clause := len(b.s.clauses)
		b.s.clauses = append(b.s.clauses, clauseInfo{word: bonusClause, weak: true})
		if err := b.add(bq, clause); err != nil {
			b.releaseKeys()
			b.s.Close()
			return nil, err
		}
	}
	if len(q.Own) > 0 && q.OwnFactor != 0 {
		clause := len(b.s.clauses)
		b.s.clauses = append(b.s.clauses, clauseInfo{word: ownClause, weak: true})
		for _, oq := range q.Own {
			if err := b.add(&Kinded{Query: oq, Kind: OwnSpelling}, clause); err != nil {
				b.releaseKeys()
				b.s.Close()
				return nil, err
			}
		}
	}
	b.releaseKeys()
	s := b.finish()
	if q.Sounds != nil {
		s.sounds = newSoundState(q.Sounds)
	}
	return s, nil
}

// releaseKeys gives back the automata of the fuzzy keys expanded.
func (b *coverageBuilder) releaseKeys() {
	for _, k := range b.keys {
		k.release()
	}
}

// fieldTerm is a term in a field: one leaf.
type fieldTerm struct{ field, term string }

// coverageBuilder makes the leaves of a coverage searcher.
type coverageBuilder struct {
	ctx     context.Context
	reader  bleveindex.IndexReader
	snap    *snapshot // nil: fuzzy alternatives are leaves of their own
	mapping mapping.IndexMapping
	options search.SearcherOptions

	s     *coverageSearcher
	term  map[fieldTerm]int // → its leaf
	boost []float64         // of each leaf's searcher
	keys  []*FuzzyKey       // expanded

	stats     *termLeafStats // nil: term leaves are bleve's term searchers
	statsDone bool

	useSlab []leafUse // memory for the leaves' first uses, made a few dozen at a time
}

// add adds alternative a of clause.
func (b *coverageBuilder) add(a query.Query, clause int) error {
	alt := len(b.s.alts)
	if k, ok := a.(*Kinded); ok {
		// Every case below adds alternative alt first.
		defer func() {
			if alt < len(b.s.alts) {
				b.s.alts[alt].kind = k.Kind
			}
		}()
		a = k.Query
	}
	switch a := a.(type) {
	case *query.TermQuery:
		field := a.FieldVal
		if field == "" {
			field = b.mapping.DefaultSearchField()
		}
		b.s.alts = append(b.s.alts, altInfo{clause: clause})
		return b.addTerm(field, a.Term, a.BoostVal.Value(), alt)
	case *CompletionQuery:
		cs, err := a.completions(b.reader)
		if err != nil {
			return err
		}
		// Each completion counts in full: a document holds one word there.
		b.s.alts = append(b.s.alts, altInfo{clause: clause})
		for _, c := range cs {
			if err := b.addTerm(a.Field, c.term, c.boost, alt); err != nil {
				return err
			}
		}
		return nil
	case *FuzzyQuery:
		if b.snap == nil {
			break
		}
		if !slices.Contains(b.keys, a.Key) {
			b.keys = append(b.keys, a.Key)
		}
		terms, dists, err := a.Key.candidates(b.snap, a.Field)
		if err != nil {
			return err
		}
		// bleve's fuzzy searcher: a disjunction of the candidates, each
		// boosted by 1/(1+its distance).
		b.s.alts = append(b.s.alts, altInfo{clause: clause, group: len(terms)})
		for k, t := range terms {
			if err := b.addTerm(a.Field, t, a.Boost/float64(dists[k]+1), alt); err != nil {
				return err
			}
			if a.Close > 0 && int(dists[k]) <= a.Close && !b.s.clauses[clause].weak {
				leaf := b.term[fieldTerm{a.Field, t}]
				for len(b.s.close) <= leaf {
					b.s.close = append(b.s.close, false)
				}
				b.s.close[leaf] = true
			}
		}
		return nil
	}
	b.s.alts = append(b.s.alts, altInfo{clause: clause})
	ls, err := a.Searcher(b.ctx, b.reader, b.mapping, b.options)
	if err != nil {
		return err
	}
	b.addLeaf(ls, 0, alt)
	return nil
}

func (b *coverageBuilder) addTerm(field, term string, boost float64, alt int) error {
	k := fieldTerm{field, term}
	if leaf, ok := b.term[k]; ok {
		b.s.uses[leaf] = append(b.s.uses[leaf], leafUse{alt: alt, factor: boost / b.boost[leaf]})
		return nil
	}
	// A term leaf never reads its locations: the searcher marks which
	// terms matched, and the search locates them in its page of hits only
	// (see locateMarked).
	opts := b.options
	opts.IncludeTermVectors = false
	if !b.statsDone {
		b.statsDone = true
		var err error
		if b.stats, err = newTermLeafStats(b.ctx, b.snap, opts); err != nil {
			return err
		}
	}
	var ls search.Searcher
	if b.stats != nil {
		l, err := b.stats.newTermLeaf(b.ctx, b.snap, field, term, boost)
		if err != nil {
			return err
		}
		if l != nil {
			ls = l
		}
	}
	if ls == nil {
		var err error
		if ls, err = searcher.NewTermSearcher(b.ctx, b.reader, term, field, boost, opts); err != nil {
			return err
		}
	}
	b.term[k] = len(b.s.leaves)
	b.addLeaf(ls, boost, alt)
	b.s.termOf[len(b.s.leaves)-1] = k
	if l, ok := ls.(*termLeaf); ok {
		b.s.tl[len(b.s.leaves)-1] = l
	}
	return nil
}

// addLeaf adds a leaf; addTerm then notes the term of a term leaf.
func (b *coverageBuilder) addLeaf(ls search.Searcher, boost float64, alt int) {
	b.s.termOf = append(b.s.termOf, fieldTerm{})
	b.s.tl = append(b.s.tl, nil)
	b.s.leaves = append(b.s.leaves, ls)
	if len(b.useSlab) == 0 {
		b.useSlab = make([]leafUse, 64)
	}
	// Each leaf's list of uses has its own capacity: a second use
	// reallocates it rather than writing over the next leaf's.
	b.useSlab[0] = leafUse{alt: alt, factor: 1}
	b.s.uses = append(b.s.uses, b.useSlab[:1:1])
	b.useSlab = b.useSlab[1:]
	b.boost = append(b.boost, boost)
}

func (b *coverageBuilder) finish() *coverageSearcher {
	s := b.s
	s.curr = make([]*search.DocumentMatch, len(s.leaves))
	s.has = make([]bool, len(s.leaves))
	s.key = make([]uint64, len(s.leaves))
	s.leafScore = make([]float64, len(s.leaves))
	s.heap = make([]heapEntry, 0, len(s.leaves))
	s.matched = make([]int, 0, len(s.leaves))
	s.others = make([]*search.DocumentMatch, 0, len(s.leaves))
	s.altSum = make([]float64, len(s.alts))
	s.altN = make([]int, len(s.alts))
	s.wordSeen = make([]bool, s.words)
	// The norm bleve's disjunction sets, as if each use of a leaf were a
	// searcher of its own: the same for every document, so it changes no
	// ranking, only the scores reported.
	var sumOfSquaredWeights float64
	for leaf, l := range s.leaves {
		w := l.Weight()
		for _, u := range s.uses[leaf] {
			sumOfSquaredWeights += w * u.factor * u.factor
		}
	}
	if sumOfSquaredWeights > 0 {
		s.SetQueryNorm(1 / math.Sqrt(sumOfSquaredWeights))
	}
	s.chooseFollowers()
	return s
}

// chooseFollowers marks the leaves that need not be read through. A
// document is a hit when a strong clause matches it, or when every word
// does; so every hit is matched by a leaf of a strong clause or by a leaf
// of any one word, the leading ones. The other leaves (weak ones of the
// other words: initials and short keys, often shared by thousands of
// documents) need only be looked up at the documents the leading ones go
// through, which is cheaper when they have more documents than those. Of
// the words, the one whose weak leaves are the fewest documents leads.
func (s *coverageSearcher) chooseFollowers() {
	strong := make([]bool, len(s.leaves))
	wordOf := make([][]int, len(s.leaves)) // the words each leaf is used for
	for leaf, uses := range s.uses {
		for _, u := range uses {
			c := s.clauses[s.alts[u.alt].clause]
			strong[leaf] = strong[leaf] || !c.weak
			if c.word >= 0 && !slices.Contains(wordOf[leaf], c.word) {
				wordOf[leaf] = append(wordOf[leaf], c.word)
			}
		}
	}
	lead := -1 // one word makes no hit with weak leaves alone
	if s.words > 1 {
		cost := make([]uint64, s.words)
		for leaf, words := range wordOf {
			if !strong[leaf] {
				for _, w := range words {
					cost[w] += s.leaves[leaf].Count()
				}
			}
		}
		lead = 0
		for w := range cost {
			if cost[w] < cost[lead] {
				lead = w
			}
		}
	}
	s.follower = make([]bool, len(s.leaves))
	if s.weakOnly > 0 {
		// Documents that weak leaves alone match are hits: every leaf
		// leads.
		return
	}
	var leading uint64 // documents the leading leaves go through, at most
	for leaf, l := range s.leaves {
		s.follower[leaf] = !strong[leaf] && !slices.Contains(wordOf[leaf], lead)
		if !s.follower[leaf] {
			leading += l.Count()
		}
	}
	for leaf, l := range s.leaves {
		s.follower[leaf] = s.follower[leaf] && l.Count() > leading
		if s.follower[leaf] {
			s.following = append(s.following, leaf)
		}
	}
}

// clauseInfo is one clause of a coverage searcher: the word it stands for
// (bonusClause for a bonus, ownClause for the query as typed, which stand
// for none), and whether it is weak.
type clauseInfo struct {
	word int
	weak bool
}

const (
	bonusClause = -1
	ownClause   = -2
)

// altInfo is one alternative of a clause. A fuzzy alternative adds up the
// scores of its group candidate leaves and multiplies the sum by the share
// of them that matched, as bleve's disjunction does; group is 0 for any
// other alternative.
type altInfo struct {
	clause int
	group  int
	kind   MatchKind
}

// leafUse is an alternative that a leaf's term stands for, and the factor
// of its boost to the one the leaf's searcher was made with.
type leafUse struct {
	alt    int
	factor float64
}

// coverageSearcher is the flat disjunction of a CoverageQuery.
// Alternatives are numbered in clause order, and scores are added in that
// order, so that a document scores the same on every run.
type coverageSearcher struct {
	leaves      []search.Searcher
	uses        [][]leafUse // of each leaf
	alts        []altInfo
	clauses     []clauseInfo
	words       int
	full        float64
	ownFactor   float64
	soundFactor float64 // CoverageQuery.SoundFactor, 1 when not set
	tieBreaker  float64
	// weakOnly, when not 0, makes a document only weak leaves match a
	// hit, its score multiplied by weakOnly (see CoverageQuery.Relaxed).
	weakOnly float64
	// mark, when locations are asked for, gives a hit a marked location
	// for each term leaf on it, instead of the term's locations.
	mark   bool
	termOf []fieldTerm // the term of each term leaf; empty for other leaves
	// topK, when not 0, is how many of the best hits the search keeps:
	// a hit that scores less than the topK-th best so far (top, a
	// min-heap of the best scores) never reaches the page, and needs no
	// marks.
	topK int
	top  bestScores
	// sounds, when set, holds sound-alike hits back until it can tell
	// which of them to return (see SoundPolicy).
	sounds *soundState
	// close marks the leaves of fuzzy candidates near enough to count as
	// spellings (FuzzyQuery.Close); it may be shorter than leaves.
	close []bool
	// What score found of the last document: whether a spelling matched
	// it, whether the query's own spelling did, and whether a close
	// fuzzy candidate did.
	hitSpelled, hitOwn, hitClose, hitAll bool
	// tally, when set, counts every hit, and only those that can reach the
	// page go on to the collector.
	tally *HitTally
	keep  func(n uint64) bool // CoverageQuery.Keep

	// A term leaf's current document is only a number and a score: a
	// document match is made for a hit alone. Any other leaf's is a
	// document match in curr. Term leaves are made on scorch snapshots
	// only, whose ids are all document numbers.
	tl []*termLeaf // of each term leaf; nil for the others

	initialized bool
	has         []bool                  // each leaf's current document, if any
	curr        []*search.DocumentMatch // each leaf's current match, but a term leaf's
	key         []uint64                // the number of each leaf's current document
	leafScore   []float64               // the score of each leaf's current document
	byteIDs     bool                    // some id is not a document number: compare the bytes
	heap        []heapEntry             // the leading leaves with a current match, a min-heap by document
	follower    []bool                  // a leaf looked up at the documents the others go through
	following   []int                   // the followers that have documents left, in order
	target      []byte                  // scratch: the id followers advance to

	// Scratch space for one document.
	matched  []int // the leaves on it
	touched  []int // the alternatives it matches
	altSum   []float64
	altN     []int
	others   []*search.DocumentMatch
	wordSeen []bool
}

// setCurr makes dm leaf's current match and keeps its document number for
// the heap: scorch's internal ids are 8-byte big-endian numbers, compared
// as such far faster than as byte strings.
func (s *coverageSearcher) setCurr(leaf int, dm *search.DocumentMatch) {
	s.curr[leaf] = dm
	s.has[leaf] = dm != nil
	if dm != nil {
		s.leafScore[leaf] = dm.Score
		if n, ok := docNumber(dm.IndexInternalID); ok {
			s.key[leaf] = n
		} else {
			s.byteIDs = true
		}
	}
}

// before tells whether leaf i's current document comes before id.
func (s *coverageSearcher) before(i int, id bleveindex.IndexInternalID) bool {
	if s.byteIDs || len(id) != 8 {
		return s.curr[i].IndexInternalID.Compare(id) < 0
	}
	return s.key[i] < id.Value()
}

func (s *coverageSearcher) less(a, b int) bool {
	if s.byteIDs {
		return s.curr[a].IndexInternalID.Compare(s.curr[b].IndexInternalID) < 0
	}
	return s.key[a] < s.key[b]
}

func (s *coverageSearcher) same(a, b int) bool {
	if s.byteIDs {
		return s.curr[a].IndexInternalID.Equals(s.curr[b].IndexInternalID)
	}
	return s.key[a] == s.key[b]
}

// heapEntry is a leading leaf in the heap with the number of its current
// document, kept beside it: the heap compares numbers all the time, and
// reading them there rather than by leaf was a tenth of a search's
// matching at 337k documents (docs/BENCHMARKS.md).
type heapEntry struct {
	key  uint64
	leaf int
}

func (s *coverageSearcher) entryLess(a, b heapEntry) bool {
	if s.byteIDs {
		return s.less(a.leaf, b.leaf)
	}
	return a.key < b.key
}

func (s *coverageSearcher) push(leaf int) {
	e := heapEntry{s.key[leaf], leaf}
	s.heap = append(s.heap, e)
	i := len(s.heap) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if !s.entryLess(e, s.heap[parent]) {
			break
		}
		s.heap[i] = s.heap[parent]
		i = parent
	}
	s.heap[i] = e
}

func (s *coverageSearcher) pop() int {
	top := s.heap[0].leaf
	last := len(s.heap) - 1
	e := s.heap[last]
	s.heap = s.heap[:last]
	if last == 0 {
		return top
	}
	i := 0
	for {
		c := 2*i + 1
		if c >= last {
			break
		}
		if r := c + 1; r < last && s.entryLess(s.heap[r], s.heap[c]) {
			c = r
		}
		if !s.entryLess(s.heap[c], e) {
			break
		}
		s.heap[i] = s.heap[c]
		i = c
	}
	s.heap[i] = e
	return top
}

// step moves leaf i to its next document; it reports whether there is one.
func (s *coverageSearcher) step(ctx *search.SearchContext, i int) (bool, error) {
	if l := s.tl[i]; l != nil {
		n, score, ok, err := l.next()
		s.has[i], s.key[i], s.leafScore[i] = ok, n, score
		return ok, err
	}
	dm, err := s.leaves[i].Next(ctx)
	if err != nil {
		return false, err
	}
	s.setCurr(i, dm)
	return dm != nil, nil
}

// seek moves leaf i to the first document at or after id (number n); it
// reports whether there is one.
func (s *coverageSearcher) seek(ctx *search.SearchContext, i int, id bleveindex.IndexInternalID, n uint64) (bool, error) {
	if l := s.tl[i]; l != nil {
		n, score, ok, err := l.advance(n)
		s.has[i], s.key[i], s.leafScore[i] = ok, n, score
		return ok, err
	}
	dm, err := s.leaves[i].Advance(ctx, id)
	if err != nil {
		return false, err
	}
	s.setCurr(i, dm)
	return dm != nil, nil
}

// drop gives back leaf i's current match, unless it is keep.
func (s *coverageSearcher) drop(ctx *search.SearchContext, i int, keep *search.DocumentMatch) {
	if c := s.curr[i]; c != nil && c != keep {
		ctx.DocumentMatchPool.Put(c)
	}
	s.curr[i] = nil
	s.has[i] = false
}

func (s *coverageSearcher) init(ctx *search.SearchContext) error {
	for i := range s.leaves {
		if s.follower[i] {
			continue
		}
		ok, err := s.step(ctx, i)
		if err != nil {
			return err
		}
		if ok {
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
		for len(s.heap) > 0 && s.same(s.heap[0].leaf, first) {
			s.matched = append(s.matched, s.pop())
		}
		var rv *search.DocumentMatch
		if s.keep == nil || s.keep(s.docNumber(first)) {
			if err := s.follow(ctx, first); err != nil {
				return nil, err
			}
			slices.Sort(s.matched) // the lowest leaf's match carries the document
			rv = s.score(ctx)
		}
		for _, i := range s.matched {
			s.drop(ctx, i, rv)
			if s.follower[i] {
				continue // advanced when next needed
			}
			ok, err := s.step(ctx, i)
			if err != nil {
				return nil, err
			}
			if ok {
				s.push(i)
			}
		}
		if rv == nil {
			continue
		}
		soundOnly := !s.hitSpelled && !s.hitClose
		if st := s.sounds; st != nil {
			if soundOnly {
				if !st.sound(rv) {
					st.hide(rv)
					ctx.DocumentMatchPool.Put(rv)
					continue
				}
				// Held back until the search is over: with its marks when
				// it could still reach the page, else as a number to count.
				if s.couldCompete(rv.Score * s.soundFactor) {
					h := heldHit{n: rv.IndexInternalID.Value(), score: rv.Score, all: s.hitAll}
					if s.termLeavesOnly() {
						h.from = int32(len(st.leaves))
						for _, i := range s.matched {
							st.leaves = append(st.leaves, int32(i))
						}
						h.to = int32(len(st.leaves))
						ctx.DocumentMatchPool.Put(rv)
					} else {
						s.addMarks(rv)
						h.dm = rv
					}
					st.hold(h)
				} else {
					st.counted = append(st.counted, heldDoc{rv.IndexInternalID.Value(), rv.Score})
					ctx.DocumentMatchPool.Put(rv)
				}
				continue
			}
			if s.hitSpelled {
				st.spelled(rv, s.hitOwn, s.hitAll)
			}
		}
		if soundOnly {
			rv.Score *= s.soundFactor
		}
		competes := s.competes(rv.Score)
		if s.tally != nil {
			s.tally.add(rv)
			if !competes {
				// Counted, and of no use to the collector.
				ctx.DocumentMatchPool.Put(rv)
				continue
			}
		}
		if competes {
			s.addMarks(rv)
		}
		return rv, nil
	}
	if s.sounds != nil {
		s.sounds.count(s.tally)
		for h, ok := s.sounds.next(ctx, s.soundFactor); ok; h, ok = s.sounds.next(ctx, s.soundFactor) {
			competes := s.competes(h.score)
			if s.tally != nil {
				s.tally.addDoc(h.n)
			}
			rv := h.dm
			if s.tally != nil && !competes {
				if rv != nil {
					ctx.DocumentMatchPool.Put(rv)
				}
				continue
			}
			if rv == nil {
				rv = ctx.DocumentMatchPool.Get()
				rv.IndexInternalID = appendDocID(rv.IndexInternalID, h.n)
				if s.mark {
					for _, leaf := range s.sounds.leaves[h.from:h.to] {
						t := s.termOf[leaf]
						rv.FieldTermLocations = append(rv.FieldTermLocations, search.FieldTermLocation{Field: t.field, Term: t.term, Location: markedLocation})
					}
				}
			}
			rv.Score = h.score
			return rv, nil
		}
	}
	return nil, nil
}

// docNumber is the number of leaf's current document.
func (s *coverageSearcher) docNumber(leaf int) uint64 {
	if s.byteIDs {
		return s.curr[leaf].IndexInternalID.Value()
	}
	return s.key[leaf]
}

// termLeavesOnly tells whether every leaf on the current document is a
// term leaf, which carries no document match of its own.
func (s *coverageSearcher) termLeavesOnly() bool {
	for _, i := range s.matched {
		if s.tl[i] == nil {
			return false
		}
	}
	return true
}

// addMarks gives a hit, when locations are asked for, a marked location
// for each term leaf on it (s.matched).
func (s *coverageSearcher) addMarks(rv *search.DocumentMatch) {
	if !s.mark {
		return
	}
	for _, i := range s.matched {
		if t := s.termOf[i]; t.field != "" {
			rv.FieldTermLocations = append(rv.FieldTermLocations, search.FieldTermLocation{Field: t.field, Term: t.term, Location: markedLocation})
		}
	}
}

// follow adds to matched the followers on the document of leaf lead.
// Followers with no more documents leave the list.
func (s *coverageSearcher) follow(ctx *search.SearchContext, lead int) error {
	if len(s.following) == 0 {
		return nil
	}
	if s.byteIDs {
		s.target = append(s.target[:0], s.curr[lead].IndexInternalID...)
	} else {
		s.target = appendDocID(s.target, s.key[lead])
	}
	live := s.following[:0]
	for _, i := range s.following {
		if !s.has[i] || s.less(i, lead) {
			s.drop(ctx, i, nil)
			ok, err := s.seek(ctx, i, s.target, s.key[lead])
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
		}
		live = append(live, i)
		if s.same(i, lead) {
			s.matched = append(s.matched, i)
		}
	}
	s.following = live
	return nil
}

// score scores the document the matched leaves are on and returns it, or
// nil when it is not a hit.
func (s *coverageSearcher) score(ctx *search.SearchContext) *search.DocumentMatch {
	s.touched = s.touched[:0]
	s.hitClose = false
	for _, leaf := range s.matched {
		if leaf < len(s.close) && s.close[leaf] {
			s.hitClose = true
		}
		leafScore := s.leafScore[leaf]
		for _, u := range s.uses[leaf] {
			if s.altN[u.alt] == 0 {
				s.touched = append(s.touched, u.alt)
			}
			s.altN[u.alt]++
			if u.factor == 1 {
				s.altSum[u.alt] += leafScore
			} else {
				s.altSum[u.alt] += leafScore * u.factor
			}
		}
	}
	slices.Sort(s.touched)
	sum, strong, words, own := 0.0, false, 0, false
	s.hitSpelled, s.hitOwn = false, false
	for i := 0; i < len(s.touched); {
		clause := s.alts[s.touched[i]].clause
		best, clauseSum := 0.0, 0.0
		for ; i < len(s.touched) && s.alts[s.touched[i]].clause == clause; i++ {
			alt := s.touched[i]
			altScore := s.altSum[alt]
			if g := s.alts[alt].group; g > 0 {
				altScore *= float64(s.altN[alt]) / float64(g)
			}
			s.altSum[alt], s.altN[alt] = 0, 0
			switch s.alts[alt].kind {
			case OwnSpelling:
				s.hitOwn = true
				s.hitSpelled = s.hitSpelled || !s.clauses[clause].weak
			case Spelled:
				s.hitSpelled = s.hitSpelled || !s.clauses[clause].weak
			}
			best = max(best, altScore)
			clauseSum += altScore
		}
		c := s.clauses[clause]
		if c.word == ownClause {
			own = true
			continue
		}
		sum += best + s.tieBreaker*(clauseSum-best)
		if c.word != bonusClause && !s.wordSeen[c.word] {
			s.wordSeen[c.word] = true
			words++
		}
		strong = strong || !c.weak
	}
	clear(s.wordSeen)
	all := words == s.words
	s.hitAll = all
	score := sum * float64(words) / float64(s.words)
	if !strong && !(all && s.words > 1) {
		if s.weakOnly == 0 {
			return nil
		}
		score *= s.weakOnly
	}
	if all && s.words > 1 {
		score *= s.full
	}
	if own {
		score *= s.ownFactor
	}
	// The lowest leaf's match carries the document, or a new one when that
	// is a term leaf, which has none.
	first := s.matched[0]
	rv := s.curr[first]
	if rv == nil {
		rv = ctx.DocumentMatchPool.Get()
		rv.IndexInternalID = appendDocID(rv.IndexInternalID, s.key[first])
	}
	rv.Score = score
	s.others = s.others[:0]
	for _, i := range s.matched {
		if c := s.curr[i]; c != nil && c != rv && len(c.FieldTermLocations) > 0 {
			s.others = append(s.others, c)
		}
	}
	rv.FieldTermLocations = search.MergeFieldTermLocations(rv.FieldTermLocations, s.others)
	return rv
}

// HitTally counts the hits of a search: how many, and of each language.
type HitTally struct {
	Total  uint64
	Counts *LangCounts
	// Also counts the hits by the terms of further fields (a category).
	Also []*LangCounts
	// Keep, when set, counts only the documents it accepts: the hits a
	// filter applied after the search would keep.
	Keep func(n uint64) bool
}

// bind binds its counts to the search's languages (and further fields).
func (t *HitTally) bind() {
	if t != nil && t.Counts != nil {
		t.Counts.bind()
	}
	if t != nil {
		for _, c := range t.Also {
			c.bind()
		}
	}
}

func (t *HitTally) add(dm *search.DocumentMatch) {
	t.addDoc(dm.IndexInternalID.Value())
}

func (t *HitTally) addDoc(n uint64) {
	if t.Keep != nil && !t.Keep(n) {
		return
	}
	t.Total++
	if t.Counts != nil {
		t.Counts.addDoc(n)
	}
	for _, c := range t.Also {
		c.addDoc(n)
	}
}

// couldCompete tells whether a hit of this score could still be among the
// best topK, without counting it among them: the bar only rises. Without
// a tally, every hit must reach the collector to be counted.
func (s *coverageSearcher) couldCompete(score float64) bool {
	return s.topK <= 0 || s.tally == nil || len(s.top) < s.topK || score >= s.top[0]
}

// competes tells whether a hit of this score can still be among the best
// topK: it counts it among them when it can.
func (s *coverageSearcher) competes(score float64) bool {
	if s.topK <= 0 {
		return true
	}
	if len(s.top) < s.topK {
		heap.Push(&s.top, score)
		return true
	}
	switch {
	case score < s.top[0]:
		return false
	case score == s.top[0]:
		return true // a tie, which the collector breaks
	}
	s.top[0] = score
	heap.Fix(&s.top, 0)
	return true
}

// bestScores is a min-heap of scores: the lowest of the best ones first.
type bestScores []float64

func (h bestScores) Len() int           { return len(h) }
func (h bestScores) Less(i, j int) bool { return h[i] < h[j] }
func (h bestScores) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *bestScores) Push(x any)        { *h = append(*h, x.(float64)) }
func (h *bestScores) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Advance implements search.Searcher.
func (s *coverageSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	if s.sounds != nil {
		return nil, errSoundsAdvance
	}
	if !s.initialized {
		if err := s.init(ctx); err != nil {
			return nil, err
		}
	}
	s.heap = s.heap[:0]
	for i := range s.leaves {
		if s.follower[i] {
			continue // advanced when next needed
		}
		if s.has[i] && s.before(i, id) {
			s.drop(ctx, i, nil)
			if _, err := s.seek(ctx, i, id, id.Value()); err != nil {
				return nil, err
			}
		}
		if s.has[i] {
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

// DocumentMatchPoolSize implements search.Searcher: the matches its leaves
// hold. The one it returns is one of them, and it keeps none of its own;
// bleve's disjunctions count one per child on top, which a pool allocated
// for every search pays for.
func (s *coverageSearcher) DocumentMatchPoolSize() int {
	n := 2 // a hit's own, when it is made for a term leaf, and the one returned
	for i, l := range s.leaves {
		if s.tl[i] == nil {
			n += l.DocumentMatchPoolSize()
		}
	}
	return n
}
