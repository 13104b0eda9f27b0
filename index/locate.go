package index

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// A coverage searcher walks every document its terms match, and reading
// each term's locations there (for highlighting and for a hit's matches)
// was a large part of a search's time and of its garbage, while only a
// page of hits is shown. So its term leaves read no locations: a hit
// carries a marked location for each of its terms instead, and once the
// page is known, completeHits reads the locations of the marked terms in
// those hits alone, then loads their stored fields and fragments as bleve
// would have.

// markedLocation stands for the locations of a term in a hit that were not
// read: no token starts and ends at 0.
var markedLocation = search.Location{}

func isMarked(l *search.Location) bool {
	return l.Start == 0 && l.End == 0 && l.Pos == 0
}

// completeHits gives each hit the locations of its marked terms, then its
// stored fields and fragments as load asks for them.
func (ix *Index) completeHits(ctx context.Context, hits search.DocumentMatchCollection, load *bleve.SearchRequest) (err error) {
	if len(hits) == 0 {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("index %s is damaged (%v): rebuild it with 'lipi index'", ix.path, r)
		}
	}()
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return oneLine(err)
	}
	defer r.Close()
	if err := locateMarked(ctx, r, hits); err != nil {
		return oneLine(err)
	}
	var hl highlight.Highlighter
	if load.Highlight != nil && load.Highlight.Style != nil {
		if hl, err = bleve.Config.Cache.HighlighterNamed(*load.Highlight.Style); err != nil {
			return err
		}
	}
	for _, h := range hits {
		if err, _ := bleve.LoadAndHighlightFields(h, load, "", r, hl); err != nil {
			return oneLine(err)
		}
	}
	return nil
}

// locateMarked replaces the marked locations of the hits with the term's
// locations in each: every one of them, in the order of the postings, as
// a term searcher would have given them.
func locateMarked(ctx context.Context, r bleveindex.IndexReader, hits search.DocumentMatchCollection) error {
	marked := map[fieldTerm][]*search.DocumentMatch{}
	for _, h := range hits {
		for field, terms := range h.Locations {
			for term, locs := range terms {
				if slices.ContainsFunc(locs, isMarked) {
					k := fieldTerm{field, term}
					marked[k] = append(marked[k], h)
				}
			}
		}
	}
	// One term at a time, in a fixed order, its hits by document number.
	keys := make([]fieldTerm, 0, len(marked))
	for k := range marked {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b fieldTerm) int {
		if a.field != b.field {
			return compareStrings(a.field, b.field)
		}
		return compareStrings(a.term, b.term)
	})
	var d bleveindex.TermFieldDoc
	for _, k := range keys {
		in := marked[k]
		slices.SortFunc(in, func(a, b *search.DocumentMatch) int { return a.IndexInternalID.Compare(b.IndexInternalID) })
		tfr, err := r.TermFieldReader(ctx, []byte(k.term), k.field, false, false, true)
		if err != nil {
			return err
		}
		for _, h := range in {
			got, err := tfr.Advance(h.IndexInternalID, d.Reset())
			if err != nil {
				tfr.Close()
				return err
			}
			var locs search.Locations
			if got != nil && got.ID.Equals(h.IndexInternalID) {
				locs = make(search.Locations, len(got.Vectors))
				all := make([]search.Location, len(got.Vectors))
				for i, v := range got.Vectors {
					all[i] = search.Location{Pos: v.Pos, Start: v.Start, End: v.End}
					if len(v.ArrayPositions) > 0 {
						all[i].ArrayPositions = append(search.ArrayPositions(nil), v.ArrayPositions...)
					}
					locs[i] = &all[i]
				}
			}
			if len(locs) == 0 {
				delete(h.Locations[k.field], k.term)
			} else {
				h.Locations[k.field][k.term] = locs
			}
		}
		if err := tfr.Close(); err != nil {
			return err
		}
	}
	return nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
