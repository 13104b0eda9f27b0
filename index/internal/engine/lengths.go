package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
)

// BM25 compares a field's length with the field's average length. bleve
// takes for that average the number of distinct terms of the field over
// the number of documents (rounded up), which is not a length at all: it
// falls as the archive grows, since the vocabulary grows more slowly than
// the documents, and stays at one once there are more documents than
// distinct terms. The same documents then rank differently in a larger
// index, and a long text weighs less and less. A catalog that measures
// lengths (Catalog.MeasureLengths) gives every search of a snapshot the
// true average instead: the tokens of the field over the documents,
// rounded up as bleve rounds its own, handed to bleve's searchers and to
// the term leaves as BM25's shared statistics (search.BM25StatsKey).
//
// A segment's tokens are counted once, by reading the frequencies of
// every posting of the field, and kept for as long as the segment is in
// the snapshots the catalog sees. A build counts its segment and stores
// the counts with the index (SegmentLengths), so that opening it counts
// nothing; a segment written later (a live index's batches and merges) is
// counted when its snapshot is first read. Deleted documents count until
// a merge drops them, on both sides of the average, as they do in bleve's
// own statistic.

// segmentLengths are one segment's tokens by measured field, and its
// documents.
type segmentLengths struct {
	Tokens []uint64 `json:"tokens"`
	Docs   uint64   `json:"docs"`
}

// lengthCounter keeps the lengths of the segments of the snapshots seen
// last, by segment id (scorch numbers an index's segments once: a segment
// keeps its id when it is written to disk, and a merge makes a new one).
type lengthCounter struct {
	fields []string

	mu    sync.Mutex
	known map[uint64]*segmentLengths
}

// storedLengths is what a build stores of its segments' lengths
// (SegmentLengths), so that opening the index need not count them.
type storedLengths struct {
	Fields   []string                   `json:"fields"`
	Segments map[uint64]*segmentLengths `json:"segments"`
}

// MeasureLengths makes the searches of the catalog's index score the
// text fields named with their true average length (see above). Other
// fields keep bleve's statistic. stored is what SegmentLengths wrote when
// the index was built ("" for none): the segments it names with as many
// documents as they hold are not counted again.
func (c *Catalog) MeasureLengths(stored string, fields ...string) {
	lc := &lengthCounter{fields: fields, known: map[uint64]*segmentLengths{}}
	var st storedLengths
	if stored != "" && json.Unmarshal([]byte(stored), &st) == nil && slices.Equal(st.Fields, fields) {
		for id, sl := range st.Segments {
			if sl != nil && len(sl.Tokens) == len(fields) {
				lc.known[id] = sl
			}
		}
	}
	c.lengths = lc
}

// SegmentLengths counts the tokens of the text fields named in every
// segment of b's current snapshot, for a build to store with the index
// and hand MeasureLengths when it is opened.
func SegmentLengths(b bleve.Index, fields ...string) (string, error) {
	st := storedLengths{Fields: fields, Segments: map[uint64]*segmentLengths{}}
	err := withReader(b, func(r bleveindex.IndexReader) error {
		snap := snapshotOf(r)
		if snap == nil {
			return fmt.Errorf("not a scorch index")
		}
		segs := segmentsOf(snap)
		for i := range segs.list {
			sl, err := countLengths(segs.segment(i), fields)
			if err != nil {
				return err
			}
			st.Segments[segs.id(i)] = sl
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	out, err := json.Marshal(st)
	return string(out), err
}

// bm25Stats are the shared statistics of the snapshot snap: its
// documents, and each field's "cardinality", which bleve divides by the
// documents and rounds up to get the average length, set so that the
// quotient is the measured average for the measured fields.
func (lc *lengthCounter) bm25Stats(snap *snapshot) (*search.BM25Stats, error) {
	docs, err := snap.DocCount()
	if err != nil {
		return nil, err
	}
	segs := segmentsOf(snap)
	tokens := make([]uint64, len(lc.fields))
	var allDocs uint64
	lc.mu.Lock()
	defer lc.mu.Unlock()
	known := make(map[uint64]*segmentLengths, len(segs.list))
	for i := range segs.list {
		seg, id := segs.segment(i), segs.id(i)
		sl := lc.known[id]
		if sl == nil || sl.Docs != seg.Count() {
			if sl, err = countLengths(seg, lc.fields); err != nil {
				return nil, err
			}
		}
		known[id] = sl
		allDocs += sl.Docs
		for i, n := range sl.Tokens {
			tokens[i] += n
		}
	}
	// Only the segments of the latest snapshot are kept: an older
	// snapshot still read counts its merged-away segments again.
	lc.known = known
	stats := &search.BM25Stats{DocCount: float64(docs), FieldCardinality: map[string]int{}}
	fields, err := snap.Fields()
	if err != nil {
		return nil, err
	}
	for _, field := range fields {
		n, err := snap.FieldCardinality(field)
		if err != nil {
			return nil, err
		}
		stats.FieldCardinality[field] = n
	}
	if docs == 0 || allDocs == 0 {
		return stats, nil
	}
	for i, field := range lc.fields {
		if tokens[i] == 0 {
			continue
		}
		avg := math.Ceil(float64(tokens[i]) / float64(allDocs))
		stats.FieldCardinality[field] = int(avg) * int(docs)
	}
	return stats, nil
}

// countLengths counts the tokens of each field in seg: the frequencies of
// every term's postings, deleted documents included. It reads every
// posting of the segment, where zap panics on some damage: that is an
// error here, as it is for a search (the index package's searchBleve).
func countLengths(seg segment.Segment, fields []string) (_ *segmentLengths, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("a segment's postings cannot be read (%v): the index is damaged", r)
		}
	}()
	sl := &segmentLengths{Tokens: make([]uint64, len(fields)), Docs: seg.Count()}
	var pl segment.PostingsList
	var it segment.PostingsIterator
	for i, field := range fields {
		dict, err := seg.Dictionary(field)
		if err != nil {
			return nil, err
		}
		var terms segment.DictionaryIterator
		if oc, ok := dict.(omitCountDictionary); ok {
			terms = oc.AutomatonIteratorOmitCount(&vellum.AlwaysMatch{}, nil, nil)
		} else {
			terms = dict.AutomatonIterator(&vellum.AlwaysMatch{}, nil, nil)
		}
		for {
			e, err := terms.Next()
			if err != nil {
				return nil, err
			}
			if e == nil {
				break
			}
			if pl, err = dict.PostingsList([]byte(e.Term), nil, pl); err != nil {
				return nil, err
			}
			it = pl.Iterator(true, false, false, it)
			for {
				p, err := it.Next()
				if err != nil {
					return nil, err
				}
				if p == nil {
					break
				}
				sl.Tokens[i] += p.Frequency()
			}
		}
	}
	return sl, nil
}

// withLengths is ctx with the shared BM25 statistics of the view's
// snapshot, when its catalog measures lengths and ctx has none already
// (bleve's presearch of an alias sets its own).
func (v *View) withLengths(ctx context.Context) context.Context {
	if v.bm25 == nil {
		return ctx
	}
	if _, ok := ctx.Value(search.BM25StatsKey).(*search.BM25Stats); ok {
		return ctx
	}
	return context.WithValue(ctx, search.BM25StatsKey, v.bm25)
}
