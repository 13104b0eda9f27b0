package index

import (
	"container/heap"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	htmlformat "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	simplefrag "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simplehl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// highlighterName is lipi's highlighter: the same fragments and marks as
// bleve's "html" highlighter (its simple highlighter with the html
// formatter and the simple fragmenter), for less work when a document has
// many term locations. A lipi hit has several at every matched word, one
// per layer that matched it, and the simple highlighter makes a fragment
// for each location and scores each fragment against every location: for
// a long article that names the query word often, most of a search.
const highlighterName = "lipi-html"

// fragmentSize is the size in runes of the simple fragmenter's fragments
// (its default, which the html highlighter uses).
const fragmentSize = 200

func init() {
	err := registry.RegisterHighlighter(highlighterName, func(config map[string]any, cache *registry.Cache) (highlight.Highlighter, error) {
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
	ordered := highlight.OrderTermLocations(tlm)
	spans := newTermSpans(tlm)
	fq := make(simplehl.FragmentQueue, 0)
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
// per location.
func (h *highlighter) fragments(text []byte, locs highlight.TermLocations) []*highlight.Fragment {
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

// termSpans are each term's locations in a field, by start.
type termSpans [][]*search.Location

func newTermSpans(tlm search.TermLocationMap) termSpans {
	spans := make(termSpans, 0, len(tlm))
	for _, locs := range tlm {
		sorted := slices.Clone(locs)
		slices.SortFunc(sorted, func(a, b *search.Location) int { return int(a.Start) - int(b.Start) })
		spans = append(spans, sorted)
	}
	return spans
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
