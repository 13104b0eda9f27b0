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
// scripts (a name's own script scores its native layer). A sound-alike
// that is returned ranks under every hit of its language that a spelling
// matched and that covers as much of the query (all of it, or not): a
// guess never outranks a reading of the name, while a whole name found by
// sound may still outrank a part of it spelled. With both bars at 0 every
// sound-alike is returned, ranked the same way.
type SoundPolicy struct {
	Langs          LangSource
	Against, Alone float64
	// Blocked languages hide every sound-alike hit: a page that is
	// filled after a search that found hits in them.
	Blocked []string
	// Hidden counts the hits left out, by language when Counts is set.
	Hidden *HitTally
	// Spelled counts the hits that a spelling matched (the query's own
	// or a reading of it), the filters applied around the search aside:
	// a search with none found nothing strong, only sound-alikes.
	Spelled uint64
}

// errSoundsAdvance: a searcher that holds sound-alike hits back until it
// knows the best scores of every language cannot be advanced to a
// document (it is not used under a conjunction).
var errSoundsAdvance = errors.New("coverage search with a sound-alike policy cannot be advanced")

// soundState is one search's view of its SoundPolicy.
type soundState struct {
	p           *SoundPolicy
	langs       *LangTable // p.Langs's, nil for none
	blocked     []bool     // by language index (0: no language)
	bestSpelled []float64  // by language index
	// leastSpelled is the lowest score of a spelled hit, by whether it
	// covers every query word and by language index.
	leastSpelled [2][]float64
	bestSound    []float64
	// Sound-alike hits not decided yet: those that could still reach
	// the page whole, the others as a document number and a score, which
	// is all that counting them needs.
	pending []heldHit
	leaves  []int32 // the term leaves of the pending hits that need no match
	counted []heldDoc
	flushed int
}

// heldHit is a sound-alike hit held back whole: its document, score and
// coverage, and either its document match (when a leaf other than a term
// leaf is on it, whose match carries locations) or the term leaves on it,
// leaves[from:to] of its soundState, from which its marks are made if it
// reaches the page. Most held hits never do, and need no match.
type heldHit struct {
	n        uint64
	score    float64
	all      bool
	dm       *search.DocumentMatch
	from, to int32
}

type heldDoc struct {
	n     uint64
	score float64
}

func newSoundState(p *SoundPolicy) *soundState {
	var langs *LangTable
	if p.Langs != nil {
		langs = p.Langs.langTable()
	}
	n := 1
	if langs != nil {
		n += len(langs.names)
	}
	st := &soundState{p: p, langs: langs, blocked: make([]bool, n), bestSpelled: make([]float64, n), bestSound: make([]float64, n)}
	st.leastSpelled = [2][]float64{make([]float64, n), make([]float64, n)}
	if langs != nil {
		for k, name := range langs.names {
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
	if st.langs != nil {
		return int(st.langs.of(n))
	}
	return 0
}

// spelled notes a hit that a spelling matches; own tells whether the
// query's own spelling is among them.
func (st *soundState) spelled(dm *search.DocumentMatch, own, all bool) {
	st.p.Spelled++
	l := st.lang(dm)
	least := st.leastSpelled[b2i(all)]
	if least[l] == 0 || dm.Score < least[l] {
		least[l] = dm.Score
	}
	if own {
		return
	}
	if dm.Score > st.bestSpelled[l] {
		st.bestSpelled[l] = dm.Score
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// hold keeps a sound-alike hit that could reach the page until the
// search is over.
func (st *soundState) hold(h heldHit) {
	st.pending = append(st.pending, h)
}

// under is the score a returned sound-alike of language l may have: its
// own, or less than the weakest hit of its language that a spelling
// matched and that covers as much of the query (all of it, or not), so
// that a guess never ranks above a reading of the name.
func (st *soundState) under(score, factor float64, l int, all bool) float64 {
	if least := st.leastSpelled[b2i(all)][l]; least > 0 && score*factor >= least {
		return least * (1 - 1e-9)
	}
	return score * factor
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
// search, its score times factor and under the readings of its language,
// counting the others as hidden; false when none is left.
func (st *soundState) next(ctx *search.SearchContext, factor float64) (heldHit, bool) {
	for st.flushed < len(st.pending) {
		h := st.pending[st.flushed]
		st.pending[st.flushed].dm = nil
		st.flushed++
		if l := st.langOf(h.n); st.passes(h.score, l) {
			h.score = st.under(h.score, factor, l, h.all)
			return h, true
		}
		if st.p.Hidden != nil {
			st.p.Hidden.addDoc(h.n)
		}
		if h.dm != nil {
			ctx.DocumentMatchPool.Put(h.dm)
		}
	}
	return heldHit{}, false
}
