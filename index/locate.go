package index

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
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
			err = ix.damaged(r)
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
	hr := &hitReader{IndexReader: r}
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		hr.segs = segmentsOf(snap)
	}
	if err := locateMarked(ctx, hr, hits); err != nil {
		return oneLine(err)
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
			return oneLine(err)
		}
	}
	return nil
}

// segments are the segments of a snapshot and the number of the first
// document of each.
type segments struct {
	list    []*scorch.SegmentSnapshot
	offsets []uint64
}

func segmentsOf(snap *scorch.IndexSnapshot) *segments {
	s := &segments{list: snap.Segments()}
	var offset uint64
	for _, ss := range s.list {
		s.offsets = append(s.offsets, offset)
		offset += ss.Segment().Count()
	}
	return s
}

// find is the segment of document number n and n's number in it.
func (s *segments) find(n uint64) (int, uint64) {
	i := max(0, sort.Search(len(s.offsets), func(i int) bool { return s.offsets[i] > n })-1)
	return i, n - s.offsets[i]
}

// hitReader is a search's reader that reads a hit's stored fields by its
// document number, known already, where bleve would look its id up first.
type hitReader struct {
	bleveindex.IndexReader
	segs *segments // nil: not a scorch snapshot
	hit  *search.DocumentMatch
}

// Document implements bleveindex.IndexReader: the document of the hit
// being completed, as scorch's snapshot makes it.
func (r *hitReader) Document(id string) (bleveindex.Document, error) {
	if r.segs == nil || r.hit == nil || r.hit.ID != id || len(r.hit.IndexInternalID) != 8 {
		return r.IndexReader.Document(id)
	}
	i, n := r.segs.find(r.hit.IndexInternalID.Value())
	doc := document.NewDocument(id)
	err := r.segs.list[i].VisitDocument(n, func(name string, typ byte, val []byte, pos []uint64) bool {
		if name == "_id" {
			return true
		}
		doc.StoredFieldsSize += uint64(len(val))
		value := append([]byte(nil), val...)
		arrayPos := append([]uint64(nil), pos...)
		switch typ {
		case 't':
			doc.AddField(document.NewTextField(name, arrayPos, value))
		case 'n':
			doc.AddField(document.NewNumericFieldFromBytes(name, arrayPos, value))
		case 'i':
			doc.AddField(document.NewIPFieldFromBytes(name, arrayPos, value))
		case 'd':
			doc.AddField(document.NewDateTimeFieldFromBytes(name, arrayPos, value))
		case 'b':
			doc.AddField(document.NewBooleanFieldFromBytes(name, arrayPos, value))
		case 'g':
			doc.AddField(document.NewGeoPointFieldFromBytes(name, arrayPos, value))
		case 's':
			doc.AddField(document.NewGeoShapeFieldFromBytes(name, arrayPos, value))
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
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
		for _, ss := range r.segs.list {
			d, err := ss.Segment().Dictionary(k.field)
			if err != nil {
				return err
			}
			ds = append(ds, d)
		}
		dicts[k.field] = ds
	}
	seg := -1
	var it segment.PostingsIterator
	for _, h := range hits {
		i, n := r.segs.find(h.IndexInternalID.Value())
		if i != seg {
			seg = i
			pl, err := ds[i].PostingsList([]byte(k.term), r.segs.list[i].Deleted(), nil)
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
