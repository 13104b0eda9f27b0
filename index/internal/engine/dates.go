package engine

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// DateTable is the date of every document of an opened index, by document
// number, so that a date filter is a lookup per hit and the undated hits
// of a search can be counted. Like LangTable, it holds for as long as the
// index is open (read-only, its numbers never change).
type DateTable struct {
	of []int64 // document number → nanoseconds since 1970 UTC; undated when noDate
}

const noDate = math.MinInt64

// LoadDateTable reads a date-time field's exact terms (bleve indexes a
// date as prefix-coded numbers at several precisions; shift 0 is the
// date itself) and the documents of each.
func LoadDateTable(b bleve.Index, field string) (t *DateTable, err error) {
	err = withReader(b, func(r bleveindex.IndexReader) error {
		t, err = loadDateTable(r, field)
		return err
	})
	return t, err
}

// loadDateTable reads the dates of r.
func loadDateTable(r bleveindex.IndexReader, field string) (*DateTable, error) {
	t := &DateTable{}
	err := func() error {
		exact, err := fieldTerms(r, field, func(term string) bool {
			shift, err := numeric.PrefixCoded(term).Shift()
			return err == nil && shift == 0
		})
		if err != nil {
			return err
		}
		for _, term := range exact {
			v, err := numeric.PrefixCoded(term).Int64()
			if err != nil {
				continue
			}
			err = eachDoc(r, field, term, func(n uint64) {
				for uint64(len(t.of)) <= n {
					t.of = append(t.of, noDate)
				}
				t.of[n] = v
			})
			if err != nil {
				return err
			}
		}
		return nil
	}()
	if err != nil {
		return nil, err
	}
	return t, nil
}

// Dated tells whether document number n has a date.
func (t *DateTable) Dated(n uint64) bool {
	return n < uint64(len(t.of)) && t.of[n] != noDate
}

// Within returns a test of whether a document's date lies between from and
// to (nanoseconds since 1970 UTC), both included; an undated document
// never does.
func (t *DateTable) Within(from, to int64) func(n uint64) bool {
	return func(n uint64) bool {
		if n >= uint64(len(t.of)) {
			return false
		}
		d := t.of[n]
		return d != noDate && d >= from && d <= to
	}
}

// KeepQuery returns the documents of its query that Keep accepts (by
// document number), with the scores and order its query gives them. A
// CoverageQuery takes the same test itself (CoverageQuery.Keep), before
// it scores or counts a document.
type KeepQuery struct {
	Query query.Query
	Keep  func(n uint64) bool
}

// Searcher implements query.Query.
func (q *KeepQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s, err := q.Query.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	return &keepSearcher{Searcher: s, keep: q.Keep}, nil
}

type keepSearcher struct {
	search.Searcher
	keep func(n uint64) bool
}

func (s *keepSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		dm, err := s.Searcher.Next(ctx)
		if err != nil || dm == nil || s.keep(dm.IndexInternalID.Value()) {
			return dm, err
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

func (s *keepSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if err != nil || dm == nil || s.keep(dm.IndexInternalID.Value()) {
		return dm, err
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}

// UndatedQuery counts the documents its query returns that have no date.
type UndatedQuery struct {
	Query   query.Query
	Dates   DateSource
	Undated *uint64
}

// Searcher implements query.Query.
func (q *UndatedQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s, err := q.Query.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	return &undatedSearcher{Searcher: s, dates: q.Dates.dateTable(), undated: q.Undated}, nil
}

type undatedSearcher struct {
	search.Searcher
	dates   *DateTable
	undated *uint64
}

func (s *undatedSearcher) note(dm *search.DocumentMatch) {
	if dm != nil && !s.dates.Dated(dm.IndexInternalID.Value()) {
		*s.undated++
	}
}

func (s *undatedSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	s.note(dm)
	return dm, err
}

func (s *undatedSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	s.note(dm)
	return dm, err
}
