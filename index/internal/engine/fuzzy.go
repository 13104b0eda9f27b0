package engine

import (
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"

	"github.com/lipisearch/lipi/index/internal/levenshtein"
)

// FuzzyKey is the edit-distance expansion of one key term, shared by its
// fuzzy queries on every text field. It finds the same terms as bleve's
// fuzzy query with the same prefix and fuzziness, for less: bleve builds a
// whole Levenshtein automaton per field and over the whole term, while the
// letters of the prefix must match exactly anyway; FuzzyKey walks each
// field's dictionary inside the prefix's range with one automaton for the
// rest of the term, whose states are made as the walk reaches them
// (the levenshtein package). Nothing outlives the query it belongs to.
type FuzzyKey struct {
	term      string
	prefix    string // matched exactly: term's first bytes, whole runes
	fuzziness int

	aut levenshtein.Automaton // while expanding; a query is run by one goroutine
}

// A fuzzy key walks vellum's dictionaries with lipi's automata.
var _ vellum.FuzzyAutomaton = levenshtein.Automaton(nil)

func NewFuzzyKey(term string, prefixLen, fuzziness int) *FuzzyKey {
	// Cut at the first rune boundary at or after prefixLen bytes, as bleve
	// does.
	prefix := term
	for i := range term {
		if i >= prefixLen {
			prefix = term[:i]
			break
		}
	}
	return &FuzzyKey{term: term, prefix: prefix, fuzziness: fuzziness}
}

func (k *FuzzyKey) automaton() levenshtein.Automaton {
	if k.aut == nil {
		k.aut = levenshtein.New(k.prefix, k.term[len(k.prefix):], k.fuzziness)
	}
	return k.aut
}

// release gives back the automaton's memory once every field's candidates
// are found; a later expansion makes a new one.
func (k *FuzzyKey) release() {
	if k.aut != nil {
		k.aut.Release()
		k.aut = nil
	}
}

// candidates are the terms of field within the key's edit distance, in
// term order, with their distances.
func (k *FuzzyKey) candidates(snap *snapshot, field string) ([]string, []uint8, error) {
	aut := k.automaton()
	start := []byte(k.prefix)
	end := prefixEnd(start)
	found := map[string]uint8{}
	dicts, err := snapshotDictionaries(snap, field)
	if err != nil {
		return nil, nil, err
	}
	for _, dict := range dicts {
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

// FuzzyQuery is one field's share of a FuzzyKey: the terms of the field
// within the key's edit distance, each weighted by its distance as bleve's
// fuzzy query weights them.
type FuzzyQuery struct {
	Key   *FuzzyKey
	Field string
	Boost float64
	// Close is the largest edit distance at which a candidate is as good
	// as a spelling to a SoundPolicy (0: none is): one edit in a long key
	// is a spelling variant, not another word.
	Close int
}

// Searcher implements query.Query.
func (q *FuzzyQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	snap := snapshotOf(i)
	if snap == nil {
		fq := query.NewFuzzyQuery(q.Key.term)
		fq.SetField(q.Field)
		fq.SetFuzziness(q.Key.fuzziness)
		fq.Prefix = len(q.Key.prefix)
		fq.SetBoost(q.Boost)
		return fq.Searcher(ctx, i, m, options)
	}
	terms, dists, err := q.Key.candidates(snap, q.Field)
	if err != nil {
		return nil, err
	}
	if len(terms) == 0 || len(terms) == 1 && terms[0] == q.Key.term {
		return searcher.NewTermSearcher(ctx, i, q.Key.term, q.Field, q.Boost, options)
	}
	return searcher.NewMultiTermSearcherBoosted(ctx, i, terms, q.Field, q.Boost, dists, options, true)
}

// Term, Prefix and Fuzziness describe the key to another backend's
// compiler (index's OpenSearch query DSL): the whole term, the part of it
// matched exactly, and the edits allowed in the rest.
func (k *FuzzyKey) Term() string   { return k.term }
func (k *FuzzyKey) Prefix() string { return k.prefix }
func (k *FuzzyKey) Fuzziness() int { return k.fuzziness }
