package engine

import (
	"context"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A coverage searcher walks every document its terms match, and reading
// each term's locations there (for highlighting and for a hit's matches)
// was a large part of a search's time and of its garbage, while only a
// page of hits is shown. So its term leaves read no locations: a hit
// carries a marked location for each of its terms instead, and once the
// page is known, CompleteHits reads the locations of the marked terms in
// those hits alone, then loads their stored fields and fragments as bleve
// would have.

// markedLocation stands for the locations of a term in a hit that were not
// read: no token starts and ends at 0.
var markedLocation = search.Location{}

func isMarked(l *search.Location) bool {
	return l.Start == 0 && l.End == 0 && l.Pos == 0
}

// CompleteHits gives each hit the locations of its marked terms, then its
// stored fields and fragments as load asks for them, reading r: the
// snapshot the hits were found in (View), whose document numbers they
// carry. The storage layer may panic on a damaged index: the caller
// recovers.
func CompleteHits(ctx context.Context, r bleveindex.IndexReader, hits search.DocumentMatchCollection, load *bleve.SearchRequest) (err error) {
	if len(hits) == 0 {
		return nil
	}
	hr := &hitReader{IndexReader: r}
	if snap := snapshotOf(r); snap != nil {
		hr.segs = segmentsOf(snap)
	}
	if err := locateMarked(ctx, hr, hits); err != nil {
		return err
	}
	var hl highlight.Highlighter
	if load.Highlight != nil && load.Highlight.Style != nil {
		if hl, err = bleve.Config.Cache.HighlighterNamed(*load.Highlight.Style); err != nil {
			return err
		}
	}
	for _, h := range hits {
		hr.hit = h
		if err, _ := bleve.LoadAndHighlightFields(h, load, "", hr, hl); err != nil {
			return err
		}
	}
	return nil
}

// locateMarked replaces the marked locations of the hits with the term's
// locations in each: every one of them, in the order of the postings, as
// a term searcher would have given them.
func locateMarked(ctx context.Context, r *hitReader, hits search.DocumentMatchCollection) error {
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
	if len(marked) == 0 {
		return nil
	}
	// One term at a time, in a fixed order, its hits by document number.
	keys := make([]fieldTerm, 0, len(marked))
	for k := range marked {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b fieldTerm) int {
		if a.field != b.field {
			return strings.Compare(a.field, b.field)
		}
		return strings.Compare(a.term, b.term)
	})
	locate := locateInSegments
	if r.segs == nil {
		locate = locateByReader
	}
	dicts := map[string][]segment.TermDictionary{}
	for _, k := range keys {
		in := marked[k]
		slices.SortFunc(in, func(a, b *search.DocumentMatch) int { return a.IndexInternalID.Compare(b.IndexInternalID) })
		if err := locate(ctx, r, dicts, k, in); err != nil {
			return err
		}
	}
	return nil
}

// newLocations makes n locations of a term in a hit, the j-th from at, in
// one block.
func newLocations(n int, at func(j int) (pos, start, end uint64, arrayPositions []uint64)) search.Locations {
	all := make([]search.Location, n)
	locs := make(search.Locations, n)
	for j := range all {
		pos, start, end, ap := at(j)
		all[j] = search.Location{Pos: pos, Start: start, End: end}
		if len(ap) > 0 {
			all[j].ArrayPositions = append(search.ArrayPositions(nil), ap...)
		}
		locs[j] = &all[j]
	}
	return locs
}

// setLocations gives hit h the locations of term k, or none.
func setLocations(h *search.DocumentMatch, k fieldTerm, locs search.Locations) {
	if len(locs) == 0 {
		delete(h.Locations[k.field], k.term)
	} else {
		h.Locations[k.field][k.term] = locs
	}
}

// locateInSegments locates term k in hits (in document order) by reading
// its postings in their segments.
func locateInSegments(_ context.Context, r *hitReader, dicts map[string][]segment.TermDictionary, k fieldTerm, hits []*search.DocumentMatch) error {
	ds, ok := dicts[k.field]
	if !ok {
		var err error
		if ds, err = r.segs.dictionaries(k.field); err != nil {
			return err
		}
		dicts[k.field] = ds
	}
	seg := -1
	var it segment.PostingsIterator
	for _, h := range hits {
		i, n := r.segs.find(h.IndexInternalID.Value())
		if i != seg {
			seg = i
			pl, err := ds[i].PostingsList([]byte(k.term), r.segs.deleted(i), nil)
			if err != nil {
				return err
			}
			it = pl.Iterator(false, false, true, nil)
		}
		p, err := it.Advance(n)
		if err != nil {
			return err
		}
		var locs search.Locations
		if p == nil || p.Number() != n {
			// Not in this hit, which a mark says it is: the iterator has
			// gone past the next hits too, so the next one starts over.
			seg = -1
		} else {
			found := p.Locations()
			locs = newLocations(len(found), func(j int) (uint64, uint64, uint64, []uint64) {
				l := found[j]
				return l.Pos(), l.Start(), l.End(), l.ArrayPositions()
			})
		}
		setLocations(h, k, locs)
	}
	return nil
}

// locateByReader locates term k in hits (in document order) through a
// term reader, for an index that is not a scorch snapshot.
func locateByReader(ctx context.Context, r *hitReader, _ map[string][]segment.TermDictionary, k fieldTerm, hits []*search.DocumentMatch) error {
	tfr, err := r.TermFieldReader(ctx, []byte(k.term), k.field, false, false, true)
	if err != nil {
		return err
	}
	defer tfr.Close()
	var d bleveindex.TermFieldDoc
	for _, h := range hits {
		got, err := tfr.Advance(h.IndexInternalID, d.Reset())
		if err != nil {
			return err
		}
		var locs search.Locations
		if got != nil && got.ID.Equals(h.IndexInternalID) {
			locs = newLocations(len(got.Vectors), func(j int) (uint64, uint64, uint64, []uint64) {
				v := got.Vectors[j]
				return v.Pos, v.Start, v.End, v.ArrayPositions
			})
		}
		setLocations(h, k, locs)
	}
	return nil
}
