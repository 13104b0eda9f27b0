package engine

import (
	"context"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
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

// Relocation is how CompleteHits finds the locations an index does not
// store (unlocated.go).
type Relocation struct {
	// Mapping is the index's: a hit's stored text is analyzed again as it
	// analyzes the field.
	Mapping mapping.IndexMapping
	// Prefixes are the search's prefix queries (bleve's, not term leaves)
	// over terms stored without locations, by field. Such a query leaves
	// no mark on a hit, so every term of a hit that one of them begins
	// gets its locations: what the query found there.
	Prefixes map[string][]string
}

// CompleteHits gives each hit the locations of its marked terms, then its
// stored fields and fragments as load asks for them, reading r: the
// snapshot the hits were found in (View), whose document numbers they
// carry. The terms the index holds without locations are found as rel
// says. The storage layer may panic on a damaged index: the caller
// recovers.
func CompleteHits(ctx context.Context, r bleveindex.IndexReader, rel Relocation, hits search.DocumentMatchCollection, load *bleve.SearchRequest) (err error) {
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
	if err := relocate(hr, hits, rel); err != nil {
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
		} else if p.Frequency() > 0 && len(p.Locations()) == 0 {
			r.unlocated = append(r.unlocated, hitTerm{h, k, p.Frequency()})
			continue
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
		if got != nil && got.ID.Equals(h.IndexInternalID) && got.Freq > 0 && len(got.Vectors) == 0 {
			r.unlocated = append(r.unlocated, hitTerm{h, k, got.Freq})
			continue
		}
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

// hitTerm is a term of a hit whose postings hold no locations, and how
// many times the hit holds it.
type hitTerm struct {
	hit  *search.DocumentMatch
	k    fieldTerm
	freq uint64
}

// relocate finds the terms that locateMarked found without locations, and
// those that rel's prefixes begin, by analysis of each hit's stored text,
// and gives them the places of the tokens that are those terms: the
// tokens the build analyzed and counted, so the same locations in the
// same order as a posting's would have been.
//
// Analyzing a hit's whole text for a few terms cost a page more than the
// search did. A key is most often a form of a word the hit's other terms
// already located (the same word's native term or reading), so those
// words are analyzed first, alone: when they hold the term as many times
// as the posting counts it, they are all of its places. Otherwise, and for
// prefixes (whose terms are not known), the whole field is analyzed.
func relocate(r *hitReader, hits search.DocumentMatchCollection, rel Relocation) error {
	if len(r.unlocated) == 0 && len(rel.Prefixes) == 0 {
		return nil
	}
	defer func() { r.unlocated, r.hit = r.unlocated[:0], nil }()
	prefixes := rel.Prefixes
	// A hit's marked terms by field, with their counts.
	marked := map[*search.DocumentMatch]map[string]map[string]uint64{}
	for _, u := range r.unlocated {
		byField := marked[u.hit]
		if byField == nil {
			byField = map[string]map[string]uint64{}
			marked[u.hit] = byField
		}
		if byField[u.k.field] == nil {
			byField[u.k.field] = map[string]uint64{}
		}
		byField[u.k.field][u.k.term] = u.freq
	}
	analyzer := func(field string) analysis.Analyzer {
		return rel.Mapping.AnalyzerNamed(rel.Mapping.AnalyzerNameForPath(field))
	}
	for _, h := range hits {
		if marked[h] == nil && len(prefixes) == 0 {
			continue
		}
		r.hit = h
		doc, err := r.Document(h.ID)
		if err != nil {
			return err
		}
		r.keep(h, doc)
		texts := fieldTexts(doc)
		var found map[fieldTerm][]search.Location
		ok := false
		if len(prefixes) == 0 {
			found, ok = locateByWords(h, marked[h], texts, analyzer)
		}
		if !ok {
			found = locateByAnalysis(marked[h], prefixes, texts, analyzer)
		}
		// A marked term is set even when it was not found again (it
		// then has none, as locateMarked leaves a term not in the hit).
		for field, terms := range marked[h] {
			for term := range terms {
				if _, ok := found[fieldTerm{field, term}]; !ok {
					setLocations(h, fieldTerm{field, term}, nil)
				}
			}
		}
		for k, at := range found {
			if h.Locations == nil {
				h.Locations = search.FieldTermLocationMap{}
			}
			if h.Locations[k.field] == nil {
				h.Locations[k.field] = search.TermLocationMap{}
			}
			setLocations(h, k, newLocations(len(at), func(j int) (uint64, uint64, uint64, []uint64) {
				l := at[j]
				return l.Pos, l.Start, l.End, nil
			}))
		}
	}
	return nil
}

// fieldTexts are a document's stored text fields by name; a field with
// several values (an array) is left out, and its terms are not found
// again: lipi's text fields have one value.
func fieldTexts(doc bleveindex.Document) map[string][]byte {
	texts := map[string][]byte{}
	many := map[string]bool{}
	if doc == nil {
		return texts
	}
	doc.VisitFields(func(f bleveindex.Field) {
		if _, seen := texts[f.Name()]; seen || len(f.ArrayPositions()) > 0 {
			many[f.Name()] = true
		}
		texts[f.Name()] = f.Value()
	})
	for name := range many {
		delete(texts, name)
	}
	return texts
}

// locateByWords finds the marked terms of hit h at the words its located
// terms stand on, each word analyzed alone; ok is false unless every
// marked term is found there as many times as its posting counts it.
func locateByWords(h *search.DocumentMatch, marked map[string]map[string]uint64, texts map[string][]byte, analyzer func(string) analysis.Analyzer) (found map[fieldTerm][]search.Location, ok bool) {
	found = map[fieldTerm][]search.Location{}
	for field, terms := range marked {
		text, a := texts[field], analyzer(field)
		if text == nil || a == nil {
			return nil, false
		}
		// The places the hit's located terms stand on, in order.
		var words []search.Location
		seen := map[uint64]bool{}
		for _, locs := range h.Locations[field] {
			for _, l := range locs {
				if !isMarked(l) && !seen[l.Pos] {
					seen[l.Pos] = true
					words = append(words, search.Location{Pos: l.Pos, Start: l.Start, End: l.End})
				}
			}
		}
		slices.SortFunc(words, func(a, b search.Location) int { return int(a.Pos) - int(b.Pos) })
		for _, w := range words {
			if w.Start > w.End || w.End > uint64(len(text)) {
				return nil, false
			}
			for _, tok := range a.Analyze(text[w.Start:w.End]) {
				if _, want := terms[string(tok.Term)]; want {
					k := fieldTerm{field, string(tok.Term)}
					found[k] = append(found[k], w)
				}
			}
		}
		for term, freq := range terms {
			if uint64(len(found[fieldTerm{field, term}])) != freq {
				return nil, false
			}
		}
	}
	return found, true
}

// locateByAnalysis finds the marked terms, and the terms that prefixes
// begin, by analyzing each field they are in.
func locateByAnalysis(marked map[string]map[string]uint64, prefixes map[string][]string, texts map[string][]byte, analyzer func(string) analysis.Analyzer) map[fieldTerm][]search.Location {
	found := map[fieldTerm][]search.Location{}
	maxBytes := 0
	if u := unlocated.Load(); u != nil {
		maxBytes = u.MaxFieldBytes
	}
	for field, text := range texts {
		terms, starts := marked[field], prefixes[field]
		if len(text) > maxBytes {
			// A long field kept its locations: the prefix queries'
			// searchers read them already.
			starts = nil
		}
		if terms == nil && starts == nil {
			continue
		}
		a := analyzer(field)
		if a == nil {
			continue
		}
		for _, tok := range a.Analyze(text) {
			if _, want := terms[string(tok.Term)]; want || hasAnyPrefix(tok.Term, starts) {
				k := fieldTerm{field, string(tok.Term)}
				found[k] = append(found[k], search.Location{Pos: uint64(tok.Position), Start: uint64(tok.Start), End: uint64(tok.End)})
			}
		}
	}
	return found
}
