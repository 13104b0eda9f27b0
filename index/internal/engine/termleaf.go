package engine

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A coverage searcher has dozens of term leaves (a word's forms in each
// field, and the candidates of its fuzzy keys), and goes through every
// document they match. Through bleve's term searcher each posting was
// copied into a term-field document, then scored into a document match,
// and each leaf looked its field's dictionaries up again, a large share
// of a search. A termLeaf reads the segments' postings itself and scores them
// as bleve's term searcher does with BM25, to the bit: the same idf,
// query weight and saturation, in the same order of operations.

// termLeafStats are what the term leaves of one search share: the
// snapshot's segments, each field's dictionaries, and BM25's statistics.
type termLeafStats struct {
	segs     *segments
	docTotal uint64
	fields   map[string]*leafField
	// shared are the statistics the search was given (BM25StatsKey): a
	// measured average length (lengths.go) or an alias's presearch. nil:
	// the snapshot's own.
	shared *search.BM25Stats
}

// leafField is one field's dictionaries and average length; ok is false
// when a field has no lengths, which bleve scores with tf-idf instead.
type leafField struct {
	dicts  []segment.TermDictionary
	avgLen float64
	ok     bool
}

// newTermLeafStats returns the statistics for term leaves of snap: the
// shared ones the search was given, else snap's own; or nil when bleve
// would not score them with BM25 (or not score them at all), in which
// case bleve's term searchers are used.
func newTermLeafStats(ctx context.Context, snap *snapshot, options search.SearcherOptions) (*termLeafStats, error) {
	if snap == nil || options.Score == "none" || options.Explain || options.IncludeTermVectors || !bm25Scoring(ctx) {
		return nil, nil
	}
	st := &termLeafStats{segs: segmentsOf(snap), fields: map[string]*leafField{}}
	if shared, ok := ctx.Value(search.BM25StatsKey).(*search.BM25Stats); ok {
		st.shared, st.docTotal = shared, uint64(shared.DocCount)
		return st, nil
	}
	var err error
	if st.docTotal, err = snap.DocCount(); err != nil {
		return nil, err
	}
	return st, nil
}

// bm25Scoring tells whether a search scores with BM25, as bleve's term
// searchers decide it.
func bm25Scoring(ctx context.Context) bool {
	model, ok := ctx.Value(search.GetScoringModelCallbackKey).(search.GetScoringModelCallbackFn)
	return ok && model() == bleveindex.BM25Scoring
}

func (st *termLeafStats) field(snap *snapshot, name string) (*leafField, error) {
	if f, ok := st.fields[name]; ok {
		return f, nil
	}
	f := &leafField{}
	st.fields[name] = f
	var cardinality int
	if st.shared != nil {
		// bleve's term searcher fails on a field the statistics lack.
		var ok bool
		if cardinality, ok = st.shared.FieldCardinality[name]; !ok {
			return nil, fmt.Errorf("field stat for bm25 not present %s", name)
		}
	} else {
		var err error
		if cardinality, err = snap.FieldCardinality(name); err != nil {
			return nil, err
		}
	}
	if st.docTotal == 0 || cardinality == 0 {
		return f, nil
	}
	f.avgLen = math.Ceil(float64(cardinality) / float64(st.docTotal))
	var err error
	if f.dicts, err = st.segs.dictionaries(name); err != nil {
		return nil, err
	}
	f.ok = true
	return f, nil
}

// termLeaf is one term of one field: a searcher over its postings in
// every segment, scored with BM25 as bleve's term searcher scores them.
type termLeaf struct {
	st      *termLeafStats
	its     []segment.PostingsIterator // by segment; nil where the term is not
	seg     int                        // the segment being read
	count   uint64
	idf     float64
	boost   float64
	avgLen  float64
	qWeight float64
	reused  []*postings // to give back on Close

	// The lists above for an index of one segment, as a built index is:
	// a search makes dozens of leaves.
	oneIt     [1]segment.PostingsIterator
	oneReused [1]*postings
}

// newTermLeaf returns a leaf of term in field, or nil when bleve's term
// searcher must score it (see leafField.ok).
func (st *termLeafStats) newTermLeaf(ctx context.Context, snap *snapshot, field, term string, boost float64) (*termLeaf, error) {
	f, err := st.field(snap, field)
	if err != nil || !f.ok {
		return nil, err
	}
	if err := search.RecordTermSearcher(ctx); err != nil {
		return nil, err
	}
	l := &termLeaf{st: st, boost: boost, avgLen: f.avgLen, qWeight: 1}
	if len(f.dicts) <= len(l.oneIt) {
		l.its, l.reused = l.oneIt[:len(f.dicts)], l.oneReused[:0]
	} else {
		l.its = make([]segment.PostingsIterator, len(f.dicts))
	}
	for i, d := range f.dicts {
		reuse := postingsPool.Get().(*postings)
		l.reused = append(l.reused, reuse)
		pl, err := d.PostingsList([]byte(term), st.segs.deleted(i), reuse.list)
		if err != nil {
			l.Close()
			return nil, err
		}
		reuse.list = pl
		if n := pl.Count(); n > 0 {
			l.count += n
			l.its[i] = pl.Iterator(true, true, false, reuse.it)
			reuse.it = l.its[i]
		}
	}
	l.idf = bm25IDF(st.docTotal, l.count)
	return l, nil
}

// bm25IDF is BM25's idf of a term in df of docs documents, as bleve's term
// scorer computes it.
func bm25IDF(docs, df uint64) float64 {
	return math.Log(1 + (float64(docs)-float64(df)+0.5)/(float64(df)+0.5))
}

// score is posting p's score, as bleve's term scorer computes it.
func (l *termLeaf) score(p segment.Posting) float64 {
	var tf float64
	if freq := p.Frequency(); freq < uint64(len(sqrts)) {
		tf = sqrts[freq]
	} else {
		tf = math.Sqrt(float64(freq))
	}
	var fieldLength float64
	if n, ok := postingLength(p); ok && n < uint64(len(fieldLengths)) {
		fieldLength = fieldLengths[n]
	} else {
		norm := p.Norm()
		fieldLength = 1 / (norm * norm)
	}
	score := l.idf * (tf * search.BM25_k1) /
		(tf + search.BM25_k1*(1-search.BM25_b+(search.BM25_b*fieldLength/l.avgLen)))
	if l.qWeight != 1.0 {
		score = score * l.qWeight
	}
	return score
}

// fieldLengths are the field lengths BM25 reads from the norms of short
// fields, by the length the segment stores: its norm is rounded to a
// float32 and squared back, so the length scored is not quite the one
// stored, and computing it took a square root and a division for every
// posting a search reads (a tenth of the scoring, measured in
// docs/BENCHMARKS.md).
var fieldLengths = func() []float64 {
	s := make([]float64, 1024)
	for n := range s {
		norm := float64(float32(1.0 / math.Sqrt(float64(n)))) // zap's Posting.Norm
		s[n] = 1 / (norm * norm)
	}
	return s
}()

// sqrts are the square roots of small term frequencies.
var sqrts = func() []float64 {
	s := make([]float64, 64)
	for i := range s {
		s[i] = math.Sqrt(float64(i))
	}
	return s
}()

// next moves to the next document: its number and score, or ok false at
// the end.
func (l *termLeaf) next() (n uint64, score float64, ok bool, err error) {
	for ; l.seg < len(l.its); l.seg++ {
		it := l.its[l.seg]
		if it == nil {
			continue
		}
		p, err := it.Next()
		if err != nil {
			return 0, 0, false, err
		}
		if p != nil {
			return l.st.segs.offsets[l.seg] + p.Number(), l.score(p), true, nil
		}
	}
	return 0, 0, false, nil
}

// advance moves to the first document numbered n or more (past the
// current one): its number and score, or ok false at the end.
func (l *termLeaf) advance(n uint64) (uint64, float64, bool, error) {
	for ; l.seg < len(l.its); l.seg++ {
		it := l.its[l.seg]
		if it == nil {
			continue
		}
		var p segment.Posting
		var err error
		if off := l.st.segs.offsets[l.seg]; n > off {
			p, err = it.Advance(n - off)
		} else {
			p, err = it.Next() // the segment starts after n
		}
		if err != nil {
			return 0, 0, false, err
		}
		if p != nil {
			return l.st.segs.offsets[l.seg] + p.Number(), l.score(p), true, nil
		}
	}
	return 0, 0, false, nil
}

// match is a document match of document n with score.
func match(ctx *search.SearchContext, n uint64, score float64) *search.DocumentMatch {
	dm := ctx.DocumentMatchPool.Get()
	dm.Score = score
	dm.IndexInternalID = appendDocID(dm.IndexInternalID, n)
	return dm
}

// Next implements search.Searcher.
func (l *termLeaf) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	n, score, ok, err := l.next()
	if !ok || err != nil {
		return nil, err
	}
	return match(ctx, n, score), nil
}

// Advance implements search.Searcher.
func (l *termLeaf) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	n, score, ok, err := l.advance(id.Value())
	if !ok || err != nil {
		return nil, err
	}
	return match(ctx, n, score), nil
}

// Weight implements search.Searcher: bleve's term searcher's.
func (l *termLeaf) Weight() float64 {
	w := l.boost * l.idf
	return w * w
}

// SetQueryNorm implements search.Searcher.
func (l *termLeaf) SetQueryNorm(qnorm float64) {
	l.qWeight = l.boost * l.idf * qnorm
}

// Count implements search.Searcher.
func (l *termLeaf) Count() uint64 { return l.count }

// Min implements search.Searcher.
func (l *termLeaf) Min() int { return 0 }

// Size implements search.Searcher.
func (l *termLeaf) Size() int { return 128 + 16*len(l.its) }

// DocumentMatchPoolSize implements search.Searcher.
func (l *termLeaf) DocumentMatchPoolSize() int { return 1 }

// Close implements search.Searcher: the leaf's postings lists and
// iterators go back to the pool.
func (l *termLeaf) Close() error {
	for _, p := range l.reused {
		postingsPool.Put(p)
	}
	l.reused, l.its = nil, nil
	return nil
}

// postings is a postings list and an iterator of it, kept for reuse: a
// search makes dozens of each, and their buffers were a large share of what
// it allocated.
type postings struct {
	list segment.PostingsList
	it   segment.PostingsIterator
}

var postingsPool = sync.Pool{New: func() any { return &postings{} }}
