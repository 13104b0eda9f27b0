package engine

import (
	"errors"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// MatchKind says what a match through an alternative tells of a
// document.
type MatchKind uint8

const (
	// Spelled: a reading of the query word (a transliteration, a key that
	// keeps the vowels, a synonym, a completion).
	Spelled MatchKind = iota
	// OwnSpelling: the query word as it was typed.
	OwnSpelling
	// SoundsAlike: a frame, a skeleton or an edit-distance key, which keep
	// too little of a word to say it is the same word.
	SoundsAlike
)

// Kinded is an alternative of a coverage query with the kind of match it
// makes; an alternative that is not wrapped is Spelled.
type Kinded struct {
	query.Query
	Kind MatchKind
}

// SoundPolicy decides which sound-alike hits a search returns: hits that
// only SoundsAlike alternatives and weak clauses match. One is returned
// when it scores at least Against times the best hit of its language that
// a spelling other than the query's own matches, and at least Alone times
// the best sound-alike hit of its language; the others are counted in
// Hidden. A sound-alike is a guess, and a guess is worth showing where it
// is about as strong as the readings found in its language, or where it
// is the best there is; in a language whose documents already hold a far
// stronger reading of the name, a common word that sounds alike is noise.
// Languages are compared apart because scores are not comparable across
// scripts (a name's own script scores its native layer).
type SoundPolicy struct {
	Langs          *LangTable
	Against, Alone float64
	// Blocked languages hide every sound-alike hit: a page that is
	// filled after a search that found hits in them.
	Blocked []string
	// Hidden counts the hits left out, by language when Counts is set.
	Hidden *HitTally
}

// errSoundsAdvance: a searcher that holds sound-alike hits back until it
// knows the best scores of every language cannot be advanced to a
// document (it is not used under a conjunction).
var errSoundsAdvance = errors.New("coverage search with a sound-alike policy cannot be advanced")

// soundState is one search's view of its SoundPolicy.
type soundState struct {
	p           *SoundPolicy
	blocked     []bool    // by language index (0: no language)
	bestSpelled []float64 // by language index
	bestSound   []float64
	// Sound-alike hits not decided yet: those that could still reach
	// the page whole, the others as a document number and a score, which
	// is all that counting them needs.
	pending []*search.DocumentMatch
	counted []heldDoc
	flushed int
}

type heldDoc struct {
	n     uint64
	score float64
}

func newSoundState(p *SoundPolicy) *soundState {
	n := 1
	if p.Langs != nil {
		n += len(p.Langs.names)
	}
	st := &soundState{p: p, blocked: make([]bool, n), bestSpelled: make([]float64, n), bestSound: make([]float64, n)}
	if p.Langs != nil {
		for k, name := range p.Langs.names {
			for _, b := range p.Blocked {
				if b == name {
					st.blocked[k+1] = true
				}
			}
		}
	}
	return st
}

func (st *soundState) lang(dm *search.DocumentMatch) int {
	return st.langOf(dm.IndexInternalID.Value())
}

func (st *soundState) langOf(n uint64) int {
	if st.p.Langs != nil && n < uint64(len(st.p.Langs.of)) {
		return int(st.p.Langs.of[n])
	}
	return 0
}

// spelled notes a hit that a spelling matches; own tells whether the
// query's own spelling is among them.
func (st *soundState) spelled(dm *search.DocumentMatch, own bool) {
	if own {
		return
	}
	if l := st.lang(dm); dm.Score > st.bestSpelled[l] {
		st.bestSpelled[l] = dm.Score
	}
}

// sound notes a sound-alike hit and tells whether it may still be
// returned. The bars only rise as the search goes on, so a hit under them
// now is under them at the end.
func (st *soundState) sound(dm *search.DocumentMatch) bool {
	l := st.lang(dm)
	if dm.Score > st.bestSound[l] {
		st.bestSound[l] = dm.Score
	}
	return st.passes(dm.Score, l)
}

func (st *soundState) passes(score float64, l int) bool {
	return !st.blocked[l] && score >= st.p.Against*st.bestSpelled[l] && score >= st.p.Alone*st.bestSound[l]
}

// hide counts a hit left out.
func (st *soundState) hide(dm *search.DocumentMatch) {
	if st.p.Hidden != nil {
		st.p.Hidden.add(dm)
	}
}

// count decides the held-back hits that cannot reach the page, at the
// end of the search: each is counted as a hit or as left out.
func (st *soundState) count(tally *HitTally) {
	for _, d := range st.counted {
		l := st.langOf(d.n)
		switch {
		case !st.passes(d.score, l):
			if st.p.Hidden != nil {
				st.p.Hidden.addDoc(d.n)
			}
		case tally != nil:
			tally.addDoc(d.n)
		}
	}
	st.counted = nil
}

// next returns the next pending hit that passes at the end of the
// search, counting the others as hidden, or nil.
func (st *soundState) next(ctx *search.SearchContext) *search.DocumentMatch {
	for st.flushed < len(st.pending) {
		dm := st.pending[st.flushed]
		st.pending[st.flushed] = nil
		st.flushed++
		if st.passes(dm.Score, st.lang(dm)) {
			return dm
		}
		st.hide(dm)
		ctx.DocumentMatchPool.Put(dm)
	}
	return nil
}
