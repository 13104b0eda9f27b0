package engine

import (
	"context"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// CompletionQuery is search-as-you-type for a half-typed word: the Max
// words of Field that start with Prefix and most documents hold, each a
// term of its own whose weight is set so that, all else equal, a more
// frequent completion scores higher. A half-typed word most likely ends
// as the word most documents hold, and BM25 alone would rank the rarest
// completion first.
type CompletionQuery struct {
	Prefix string
	Field  string
	Boost  float64
	Max    int
	// Decay is the share of a completion's weight that the next most
	// frequent one gets.
	Decay float64
	// NotNext leaves out the words whose next byte after Prefix is one
	// of these (a half-typed conjunct goes on with a consonant).
	NotNext string
}

// completion is one term that completes a prefix, and its weight.
type completion struct {
	term  string
	boost float64
}

// completions are the Max most frequent terms of the field that start
// with the prefix, most frequent first (ties in term order), with their
// weights: Boost·Decay^k for the k-th, times the first one's idf over its
// own, so that its idf no longer lifts a rarer completion.
func (q *CompletionQuery) completions(r bleveindex.IndexReader) ([]completion, error) {
	if q.Max <= 0 || q.Prefix == "" {
		return nil, nil
	}
	docs, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	dict, err := r.FieldDictPrefix(q.Field, []byte(q.Prefix))
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	type counted struct {
		term  string
		count uint64
	}
	// The best Max so far, most frequent first (ties in term order, which
	// is the dictionary's): a short prefix begins thousands of words.
	better := func(a, b counted) bool { return a.count > b.count }
	found := make([]counted, 0, q.Max)
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		if !strings.HasPrefix(e.Term, q.Prefix) {
			continue
		}
		if rest := e.Term[len(q.Prefix):]; rest != "" && strings.IndexByte(q.NotNext, rest[0]) >= 0 {
			continue
		}
		c := counted{e.Term, e.Count}
		if len(found) == q.Max && !better(c, found[len(found)-1]) {
			continue
		}
		// After every one it does not beat: an equal count came first in
		// term order.
		at := len(found)
		for at > 0 && better(c, found[at-1]) {
			at--
		}
		if len(found) == q.Max {
			found = found[:len(found)-1]
		}
		found = slices.Insert(found, at, c)
	}
	idf := func(df uint64) float64 { return bm25IDF(docs, df) }
	out := make([]completion, len(found))
	weight := q.Boost
	for k, f := range found {
		boost := weight
		if first, own := idf(found[0].count), idf(f.count); own > 0 {
			boost *= first / own
		}
		out[k] = completion{f.term, boost}
		weight *= q.Decay
	}
	return out, nil
}

// Searcher implements query.Query: outside a coverage query, a
// disjunction of the completions' terms.
func (q *CompletionQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	cs, err := q.completions(i)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return searcher.NewMatchNoneSearcher(i)
	}
	var ss []search.Searcher
	for _, c := range cs {
		s, err := searcher.NewTermSearcher(ctx, i, c.term, q.Field, c.boost, options)
		if err != nil {
			for _, s := range ss {
				s.Close()
			}
			return nil, err
		}
		ss = append(ss, s)
	}
	return searcher.NewDisjunctionSearcher(ctx, i, ss, 1, options)
}
