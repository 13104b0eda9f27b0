package index

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum/levenshtein"
)

// fuzzyKey is the edit-distance expansion of one key term, shared by its
// fuzzy queries on every text field. It finds the same terms as bleve's
// fuzzy query with the same prefix and fuzziness, for less: bleve builds a
// Levenshtein automaton per field and over the whole term, while the
// letters of the prefix must match exactly anyway; fuzzyKey builds one, for
// the rest of the term only, and walks each field's dictionary with it
// inside the prefix's range. Nothing outlives the query it belongs to.
type fuzzyKey struct {
	term      string
	prefix    string // matched exactly: term's first bytes, whole runes
	fuzziness int

	once sync.Once
	aut  *prefixedDFA
	err  error
}

func newFuzzyKey(term string, prefixLen, fuzziness int) *fuzzyKey {
	// Cut at the first rune boundary at or after prefixLen bytes, as bleve
	// does.
	prefix := term
	for i := range term {
		if i >= prefixLen {
			prefix = term[:i]
			break
		}
	}
	return &fuzzyKey{term: term, prefix: prefix, fuzziness: fuzziness}
}

// levBuilders hold the parametric automata for one and two edits, with
// transpositions, as bleve's; building them takes a while, so once.
var levBuilders struct {
	once sync.Once
	b    [3]*levenshtein.LevenshteinAutomatonBuilder
	err  error
}

func levBuilder(fuzziness int) (*levenshtein.LevenshteinAutomatonBuilder, error) {
	levBuilders.once.Do(func() {
		for d := 1; d <= 2; d++ {
			b, err := levenshtein.NewLevenshteinAutomatonBuilder(uint8(d), true)
			if err != nil {
				levBuilders.err = err
				return
			}
			levBuilders.b[d] = b
		}
	})
	if levBuilders.err != nil {
		return nil, levBuilders.err
	}
	if fuzziness < 1 || fuzziness > 2 {
		return nil, fmt.Errorf("fuzziness %d is not 1 or 2", fuzziness)
	}
	return levBuilders.b[fuzziness], nil
}

func (k *fuzzyKey) automaton() (*prefixedDFA, error) {
	k.once.Do(func() {
		b, err := levBuilder(k.fuzziness)
		if err != nil {
			k.err = err
			return
		}
		dfa, err := b.BuildDfa(k.term[len(k.prefix):], uint8(k.fuzziness))
		if err != nil {
			k.err = err
			return
		}
		k.aut = &prefixedDFA{prefix: k.prefix, dfa: dfa}
	})
	return k.aut, k.err
}

// candidates are the terms of field within the key's edit distance, in
// term order, with their distances.
func (k *fuzzyKey) candidates(snap *scorch.IndexSnapshot, field string) ([]string, []uint8, error) {
	aut, err := k.automaton()
	if err != nil {
		return nil, nil, err
	}
	start := []byte(k.prefix)
	end := prefixEnd(start)
	found := map[string]uint8{}
	for _, ss := range snap.Segments() {
		dict, err := ss.Segment().Dictionary(field)
		if err != nil {
			return nil, nil, err
		}
		var it segment.DictionaryIterator
		if oc, ok := dict.(omitCountDictionary); ok {
			// Only the terms are needed, not their document counts.
			it = oc.AutomatonIteratorOmitCount(aut, start, end)
		} else {
			it = dict.AutomatonIterator(aut, start, end)
		}
		for {
			e, err := it.Next()
			if err != nil {
				return nil, nil, err
			}
			if e == nil {
				break
			}
			found[e.Term] = e.EditDistance
		}
	}
	terms := make([]string, 0, len(found))
	for t := range found {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	dists := make([]uint8, len(terms))
	for i, t := range terms {
		dists[i] = found[t]
	}
	return terms, dists, nil
}

// omitCountDictionary is a segment dictionary that can walk its terms
// without reading their postings (zap's does).
type omitCountDictionary interface {
	AutomatonIteratorOmitCount(a segment.Automaton, startKeyInclusive, endKeyExclusive []byte) segment.DictionaryIterator
}

// prefixEnd is the first key after every key that starts with prefix, or
// nil when there is none.
func prefixEnd(prefix []byte) []byte {
	end := slices.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// fuzzyQuery is one field's share of a fuzzyKey: the terms of the field
// within the key's edit distance, each weighted by its distance as bleve's
// fuzzy query weights them.
type fuzzyQuery struct {
	key   *fuzzyKey
	field string
	boost float64
}

// Searcher implements query.Query.
func (q *fuzzyQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	snap, ok := i.(*scorch.IndexSnapshot)
	if !ok {
		fq := query.NewFuzzyQuery(q.key.term)
		fq.SetField(q.field)
		fq.SetFuzziness(q.key.fuzziness)
		fq.Prefix = len(q.key.prefix)
		fq.SetBoost(q.boost)
		return fq.Searcher(ctx, i, m, options)
	}
	terms, dists, err := q.key.candidates(snap, q.field)
	if err != nil {
		return nil, err
	}
	if len(terms) == 0 || len(terms) == 1 && terms[0] == q.key.term {
		return searcher.NewTermSearcher(ctx, i, q.key.term, q.field, q.boost, options)
	}
	return searcher.NewMultiTermSearcherBoosted(ctx, i, terms, q.field, q.boost, dists, options, true)
}

// prefixedDFA accepts the bytes of prefix, then what dfa accepts. States
// below len(prefix) count the prefix bytes read; from len(prefix) on they
// are dfa's states shifted by len(prefix); deadState accepts nothing.
type prefixedDFA struct {
	prefix string
	dfa    *levenshtein.DFA
}

const deadState = -1

func (a *prefixedDFA) inner(state int) int { return state - len(a.prefix) }

func (a *prefixedDFA) Start() int {
	if a.prefix == "" {
		return a.dfa.Start()
	}
	return 0
}

func (a *prefixedDFA) IsMatch(state int) bool {
	return state >= len(a.prefix) && a.dfa.IsMatch(a.inner(state))
}

func (a *prefixedDFA) CanMatch(state int) bool {
	return state >= 0 && (state < len(a.prefix) || a.dfa.CanMatch(a.inner(state)))
}

func (a *prefixedDFA) WillAlwaysMatch(state int) bool {
	return state >= len(a.prefix) && a.dfa.WillAlwaysMatch(a.inner(state))
}

func (a *prefixedDFA) Accept(state int, b byte) int {
	switch {
	case state < 0:
		return deadState
	case state < len(a.prefix):
		if a.prefix[state] != b {
			return deadState
		}
		if state+1 == len(a.prefix) {
			return len(a.prefix) + a.dfa.Start()
		}
		return state + 1
	}
	return len(a.prefix) + a.dfa.Accept(a.inner(state), b)
}

// EditDistance is the distance of a matching state: a common prefix adds
// no edits.
func (a *prefixedDFA) EditDistance(state int) uint8 {
	return a.dfa.EditDistance(a.inner(state))
}

// MatchAndDistance runs the automaton over input.
func (a *prefixedDFA) MatchAndDistance(input string) (bool, uint8) {
	state := a.Start()
	for i := 0; i < len(input) && a.CanMatch(state); i++ {
		state = a.Accept(state, input[i])
	}
	if a.IsMatch(state) {
		return true, a.EditDistance(state)
	}
	return false, 0
}
