package engine

import (
	"slices"

	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/lipisearch/lipi/index/internal/levenshtein"
)

// NearTerm is a term of a field's dictionary near a word, as NearTerms
// finds it.
type NearTerm struct {
	Term string
	// Count is the number of postings of the term, summed over the
	// segments; documents deleted but not yet merged away are counted,
	// which is close enough for ranking candidates.
	Count uint64
	// Distance is the term's edit distance from the word.
	Distance uint8
}

// NearTerms are the terms of field that start with prefix (matched
// exactly; "" for none) and whose rest is within fuzziness edits of word,
// in term order. Unlike a FuzzyKey, which only needs the terms, it reads
// each term's count, by which a caller ranks them: a "did you mean" walk,
// made for the rare search that found nothing strong, not for every one.
func NearTerms(r bleveindex.IndexReader, field, prefix, word string, fuzziness int) ([]NearTerm, error) {
	snap := snapshotOf(r)
	if snap == nil {
		return nearTermsBleve(r, field, prefix, word, fuzziness)
	}
	dicts, err := snapshotDictionaries(snap, field)
	if err != nil {
		return nil, err
	}
	aut := levenshtein.New(prefix, word, fuzziness)
	defer aut.Release()
	start := []byte(prefix)
	end := prefixEnd(start)
	found := map[string]NearTerm{}
	for _, dict := range dicts {
		it := dict.AutomatonIterator(aut, start, end)
		for {
			e, err := it.Next()
			if err != nil {
				return nil, err
			}
			if e == nil {
				break
			}
			t := found[e.Term]
			t.Term, t.Distance = e.Term, e.EditDistance
			t.Count += e.Count
			found[e.Term] = t
		}
	}
	return sortedNear(found), nil
}

// nearTermsBleve is NearTerms on a reader that is not a scorch snapshot,
// through bleve's own fuzzy dictionary (its automaton spans the prefix
// too, so the distance it reports is that of the whole term, which is the
// distance of the rest); none from a reader without one.
func nearTermsBleve(r bleveindex.IndexReader, field, prefix, word string, fuzziness int) ([]NearTerm, error) {
	fr, ok := r.(bleveindex.IndexReaderFuzzy)
	if !ok {
		return nil, nil
	}
	d, err := fr.FieldDictFuzzy(field, prefix+word, fuzziness, prefix)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	found := map[string]NearTerm{}
	for {
		e, err := d.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		found[e.Term] = NearTerm{Term: e.Term, Count: e.Count, Distance: e.EditDistance}
	}
	return sortedNear(found), nil
}

func sortedNear(found map[string]NearTerm) []NearTerm {
	out := make([]NearTerm, 0, len(found))
	for _, t := range found {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b NearTerm) int {
		switch {
		case a.Term < b.Term:
			return -1
		case a.Term > b.Term:
			return 1
		}
		return 0
	})
	return out
}
