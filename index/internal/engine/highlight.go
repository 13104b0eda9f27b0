package engine

import (
	"container/heap"
	"fmt"
	"slices"
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	htmlformat "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	simplefrag "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simplehl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// HighlighterName is lipi's highlighter: the same fragments and marks as
// bleve's "html" highlighter (its simple highlighter with the html
// formatter and the simple fragmenter), for less work when a document has
// many term locations. A lipi hit has several at every matched word, one
// per layer that matched it, and the simple highlighter makes a fragment
// for each location and scores each fragment against every location: for
// a long article that names the query word often, most of a search.
const HighlighterName = "lipi-html"

// fragmentSize is the size in runes of the simple fragmenter's fragments
// (its default, which the html highlighter uses).
const fragmentSize = 200

func init() {
	err := registry.RegisterHighlighter(HighlighterName, func(config map[string]any, cache *registry.Cache) (highlight.Highlighter, error) {
		formatter, err := cache.FragmentFormatterNamed(htmlformat.Name)
		if err != nil {
			return nil, fmt.Errorf("lipi highlighter: %w", err)
		}
		fragmenter := simplefrag.NewFragmenter(fragmentSize)
		return &highlighter{
			Highlighter: simplehl.NewHighlighter(fragmenter, formatter, simplehl.DefaultSeparator),
			fragmenter:  fragmenter,
			formatter:   formatter,
		}, nil
	})
	if err != nil {
		panic(err)
	}
}

// highlighter is bleve's simple highlighter with a cheaper way to the same
// result:
//
//   - A location with the same place as the one before it (another layer's
//     term for the same word) gets the fragment the simple fragmenter would
//     give it: from its start, fragmentSize runes on, since the location
//     before ends where it does and so stops any move backwards. Only the
//     other locations go through the fragmenter, which gives them the same
//     fragments it gives them among all.
//   - A fragment's score, the number of terms with a location inside it,
//     is found per term by a binary search of its locations, not by
//     visiting every location of every term.
//
// The fragments are then queued, chosen and formatted as the simple
// highlighter does, in the same order, so that ties fall the same way.
type highlighter struct {
	*simplehl.Highlighter
	fragmenter highlight.Fragmenter
	formatter  highlight.FragmentFormatter
}

// BestFragmentsInField implements highlight.Highlighter.
func (h *highlighter) BestFragmentsInField(dm *search.DocumentMatch, doc bleveindex.Document, field string, num int) []string {
	tlm := dm.Locations[field]
	ordered := orderTermLocations(tlm)
	spans := newTermSpans(tlm, len(ordered))
	fq := make(simplehl.FragmentQueue, 0, len(ordered)+1)
	heap.Init(&fq)
	doc.VisitFields(func(f bleveindex.Field) {
		if f.Name() != field {
			return
		}
		if _, ok := f.(bleveindex.TextField); !ok {
			return
		}
		var here highlight.TermLocations
		for _, tl := range ordered {
			if tl.ArrayPositions.Equals(f.ArrayPositions()) {
				here = append(here, tl)
			}
		}
		for _, frag := range h.fragments(f.Value(), here) {
			frag.ArrayPositions = f.ArrayPositions()
			frag.Score = spans.score(frag)
			heap.Push(&fq, frag)
		}
	})

	// The best num fragments that do not overlap, best first.
	var best []*highlight.Fragment
	for len(fq) > 0 && len(best) < num {
		candidate := heap.Pop(&fq).(*highlight.Fragment)
		if !slices.ContainsFunc(best, candidate.Overlaps) {
			best = append(best, candidate)
		}
	}

	ordered.MergeOverlapping()
	formatted := make([]string, len(best))
	for i, frag := range best {
		if frag.Start != 0 {
			formatted[i] += h.Separator()
		}
		formatted[i] += h.formatter.Format(frag, ordered)
		if frag.End != len(frag.Orig) {
			formatted[i] += h.Separator()
		}
	}
	if len(formatted) > 0 {
		dm.AddFragments(field, formatted)
	}
	return formatted
}

// fragments are the simple fragmenter's fragments of text for locs, one
// per location, made in one of two ways depending on how much of the text
// walks of fragmentSize runes around each location would cover.
func (h *highlighter) fragments(text []byte, locs highlight.TermLocations) []*highlight.Fragment {
	if len(locs)*fragmentSize*4 < len(text) {
		return h.fewFragments(text, locs)
	}
	return h.manyFragments(text, locs)
}

// fewFragments is fragments for locations that are few for the length of
// the text: a location at the same place as the one before it gets the
// fragment the simple fragmenter would give it (from its start,
// fragmentSize runes on, since the location before ends where it does and
// so stops any move backwards), and the simple fragmenter makes the
// others, which it gives the same fragments among fewer.
func (h *highlighter) fewFragments(text []byte, locs highlight.TermLocations) []*highlight.Fragment {
	distinct := make(highlight.TermLocations, 0, len(locs))
	for i, tl := range locs {
		if i == 0 || !samePlace(tl, locs[i-1]) {
			distinct = append(distinct, tl)
		}
	}
	frags := h.fragmenter.Fragment(text, distinct)
	if len(distinct) == len(locs) || len(frags) != len(distinct) {
		if len(frags) != len(distinct) {
			// The fragmenter gave up on some location (text that is not
			// UTF-8): let it see them all.
			return h.fragmenter.Fragment(text, locs)
		}
		return frags
	}
	all := make([]*highlight.Fragment, 0, len(locs))
	next := 0
	for i, tl := range locs {
		if i > 0 && samePlace(tl, locs[i-1]) {
			end, ok := runesOn(text, tl.Start, fragmentSize)
			if !ok {
				return h.fragmenter.Fragment(text, locs)
			}
			all = append(all, &highlight.Fragment{Orig: text, Start: tl.Start, End: end})
			continue
		}
		all = append(all, frags[next])
		next++
	}
	return all
}

func samePlace(a, b *highlight.TermLocation) bool {
	return a.Start == b.Start && a.End == b.End
}

// runesOn is the offset n runes after start in text, or its end; false if
// the text is not UTF-8 there.
func runesOn(text []byte, start, n int) (int, bool) {
	end := start
	for used := 0; end < len(text) && used < n; used++ {
		r, size := utf8.DecodeRune(text[end:])
		if r == utf8.RuneError {
			return 0, false
		}
		end += size
	}
	return end, true
}

// manyFragments is fragments for locations that are many for the length
// of the text. The simple fragmenter walks up to fragmentSize runes
// forwards and backwards from each location; manyFragments counts runes
// with an index of where each rune starts instead, the same walk in a few
// lookups. Text it could stumble on (not UTF-8, a U+FFFD, a location
// inside a rune) goes to fewFragments.
func (h *highlighter) manyFragments(text []byte, locs highlight.TermLocations) []*highlight.Fragment {
	// The index lives as long as this call: its memory is reused, as a
	// long article's was a large share of what a search allocated.
	buf := runeIndexPool.Get().(*runeIndex)
	defer runeIndexPool.Put(buf)
	idx, ok := newRuneIndex(*buf, text, locs)
	if cap(idx) > cap(*buf) && cap(idx) <= maxPooledRunes {
		*buf = idx[:0]
	}
	if !ok {
		return h.fewFragments(text, locs)
	}
	if len(locs) == 0 {
		return []*highlight.Fragment{{Orig: text, Start: 0, End: idx.at(min(fragmentSize, idx.runes()))}}
	}
	frags := make([]*highlight.Fragment, 0, len(locs))
	slab := make([]highlight.Fragment, 0, len(locs))
	maxbegin := 0 // where the location before ends: no fragment backs up past it
	for i, tl := range locs {
		if tl.Start > len(text) {
			continue // the simple fragmenter gives up on it
		}
		// fragmentSize runes from the location's start, then as many of
		// the rest as fit before it, back to maxbegin.
		first := idx.of(tl.Start)
		last := min(first+fragmentSize, idx.runes())
		used := last - first
		back := min(fragmentSize-used, first-idx.ceil(maxbegin))
		back = max(back, 0)
		first -= back
		start, end := idx.at(first), idx.at(last)
		// Centre the locations that fit: move by half the smaller of the
		// room after the last of them and the room before the fragment.
		minend := end
		for _, inner := range locs[i:] {
			if inner.End > end {
				break
			}
			minend = inner.End
		}
		room := last - idx.of(minend)
		if start >= maxbegin {
			room = min(room, first-idx.of(maxbegin))
		} else {
			room = 0
		}
		shift := room / 2
		slab = append(slab, highlight.Fragment{Orig: text, Start: idx.at(first - shift), End: idx.at(last - shift)})
		frags = append(frags, &slab[len(slab)-1])
		maxbegin = tl.End
	}
	return frags
}

// runeIndex is where each rune of a text starts, and the text's end.
type runeIndex []int32

var runeIndexPool = sync.Pool{New: func() any { return new(runeIndex) }}

// maxPooledRunes bounds the index kept for reuse: a huge document's is
// left to the collector.
const maxPooledRunes = 1 << 20

// newRuneIndex indexes text in buf's memory (buf may be nil), or reports
// false for text the simple fragmenter could stop short in, and for
// locations not on rune boundaries.
func newRuneIndex(buf runeIndex, text []byte, locs highlight.TermLocations) (runeIndex, bool) {
	if len(text) >= 1<<31-1 {
		return nil, false
	}
	idx := buf[:0]
	for i, r := range string(text) {
		if r == utf8.RuneError {
			return nil, false
		}
		idx = append(idx, int32(i))
	}
	idx = append(idx, int32(len(text)))
	for _, tl := range locs {
		if tl.Start <= len(text) && !idx.boundary(tl.Start) || tl.End <= len(text) && !idx.boundary(tl.End) {
			return nil, false
		}
	}
	return idx, true
}

func (x runeIndex) runes() int { return len(x) - 1 }

// at is where rune i starts.
func (x runeIndex) at(i int) int { return int(x[i]) }

// of is the rune that starts at byte offset off (a boundary), or, for an
// offset past the text, its end.
func (x runeIndex) of(off int) int {
	i, _ := slices.BinarySearch(x, int32(min(off, int(x[len(x)-1]))))
	return i
}

// ceil is the first rune that starts at or after off.
func (x runeIndex) ceil(off int) int { return x.of(off) }

func (x runeIndex) boundary(off int) bool {
	_, found := slices.BinarySearch(x, int32(off))
	return found
}

// termSpans are each term's locations in a field, by start.
type termSpans [][]*search.Location

// newTermSpans makes the spans of tlm, which has n locations.
func newTermSpans(tlm search.TermLocationMap, n int) termSpans {
	spans := make(termSpans, 0, len(tlm))
	all := make([]*search.Location, 0, n) // every term's, one after another
	for _, locs := range tlm {
		from := len(all)
		all = append(all, locs...)
		sorted := all[from:len(all):len(all)]
		slices.SortFunc(sorted, func(a, b *search.Location) int { return int(a.Start) - int(b.Start) })
		spans = append(spans, sorted)
	}
	return spans
}

// orderTermLocations is highlight.OrderTermLocations with the term
// locations made in one allocation instead of one each: a hit has several
// at every matched word, one per layer that matched it.
func orderTermLocations(tlm search.TermLocationMap) highlight.TermLocations {
	n := 0
	for _, locs := range tlm {
		n += len(locs)
	}
	slab := make([]highlight.TermLocation, 0, n)
	ordered := make(highlight.TermLocations, 0, n)
	for term, locs := range tlm {
		for _, l := range locs {
			slab = append(slab, highlight.TermLocation{Term: term, ArrayPositions: l.ArrayPositions, Pos: int(l.Pos), Start: int(l.Start), End: int(l.End)})
			ordered = append(ordered, &slab[len(slab)-1])
		}
	}
	sort.Sort(ordered)
	return ordered
}

// score is the simple fragment scorer's score of f: how many terms have a
// location inside it.
func (s termSpans) score(f *highlight.Fragment) float64 {
	n := 0
	for _, locs := range s {
		i, _ := slices.BinarySearchFunc(locs, f.Start, func(l *search.Location, start int) int { return int(l.Start) - start })
		for ; i < len(locs) && int(locs[i].Start) <= f.End; i++ {
			if int(locs[i].End) <= f.End && locs[i].ArrayPositions.Equals(f.ArrayPositions) {
				n++
				break
			}
		}
	}
	return float64(n)
}
