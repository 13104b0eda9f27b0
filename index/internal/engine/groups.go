package engine

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Content groups: the documents of one group have the same content (the
// index package gives each document a digest of its title and body in a
// keyword field, Catalog.GroupBy), and a collapsed search shows each group
// once, at its best-ranked document, with the number of the others.

// NeedGroups makes the view read the content groups of its snapshot.
func (v *View) NeedGroups() { v.needGroups = true }

// Grouped tells whether the view's snapshot has content groups: an index
// built before they were has none.
func (v *View) Grouped() bool { return v.groups != nil && len(v.groups.names) > 0 }

// GroupOf is the content group of a hit of the view's search; 0 when it
// has none.
func (v *View) GroupOf(dm *search.DocumentMatch) uint32 {
	n, ok := docNumber(dm.IndexInternalID)
	if !ok || v.groups == nil {
		return 0
	}
	return v.groups.of(n)
}

// GroupCountQuery counts every document its query returns by content
// group, in Counts (made by the caller).
type GroupCountQuery struct {
	Query  query.Query
	View   *View
	Counts map[uint32]int
}

// Searcher implements query.Query.
func (q *GroupCountQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s, err := q.Query.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	return &groupCountSearcher{Searcher: s, q: q}, nil
}

type groupCountSearcher struct {
	search.Searcher
	q *GroupCountQuery
}

func (s *groupCountSearcher) note(dm *search.DocumentMatch) {
	if dm != nil {
		if g := s.q.View.GroupOf(dm); g > 0 {
			s.q.Counts[g]++
		}
	}
}

func (s *groupCountSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	s.note(dm)
	return dm, err
}

func (s *groupCountSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	s.note(dm)
	return dm, err
}
