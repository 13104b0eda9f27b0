package engine

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
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
// the snapshots the catalog sees: a batch's new segment is counted when a
// search first reads it, a merged one likewise. Deleted documents count
// until a merge drops them, on both sides of the average, as they do in
// bleve's own statistic.

// segmentLengths are one segment's tokens by measured field, and its
// documents.
type segmentLengths struct {
	tokens []uint64
	docs   uint64
}

// lengthCounter keeps the lengths of the segments of the snapshots seen
// last.
type lengthCounter struct {
	fields []string

	mu    sync.Mutex
	known map[segment.Segment]*segmentLengths
}

// MeasureLengths makes the searches of the catalog's index score the
// text fields named with their true average length (see above). Other
// fields keep bleve's statistic.
func (c *Catalog) MeasureLengths(fields ...string) {
	c.lengths = &lengthCounter{fields: fields, known: map[segment.Segment]*segmentLengths{}}
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
	list := snap.Segments()
	tokens := make([]uint64, len(lc.fields))
	var allDocs uint64
	lc.mu.Lock()
	defer lc.mu.Unlock()
	known := make(map[segment.Segment]*segmentLengths, len(list))
	for _, ss := range list {
		seg := ss.Segment()
		sl := lc.known[seg]
		if sl == nil {
			if sl, err = countLengths(seg, lc.fields); err != nil {
				return nil, err
			}
		}
		known[seg] = sl
		allDocs += sl.docs
		for i, n := range sl.tokens {
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
	sl := &segmentLengths{tokens: make([]uint64, len(fields)), docs: seg.Count()}
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
				sl.tokens[i] += p.Frequency()
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

// lengthStats reads the shared statistics of snapshot r, once.
func (t *Tables) lengthStats(lc *lengthCounter, r *scorch.IndexSnapshot) (*search.BM25Stats, error) {
	t.bm25Once.Do(func() { t.bm25, t.bm25Err = lc.bm25Stats(r) })
	return t.bm25, t.bm25Err
}
