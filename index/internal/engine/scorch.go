package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapv17 "github.com/blevesearch/zapx/v17"

	"encoding/binary"
)

// Every reach past bleve's public API into scorch and zap is in this file;
// the package doc lists them with what to check when bleve is upgraded.

// Documents of equal score rank in the order of their numbers in the
// index, and scorch numbers a batch's documents in the order its analysis
// workers happened to finish them, so two builds of the same documents
// ranked ties differently: the same search could list the same hits in
// another order after a rebuild, and an evaluation's figures moved from
// one build to the next. Every new segment numbers its documents in the
// order of their ids instead (batches hold documents in the order they
// were loaded), so a build of the same documents ranks the same, and a
// merge keeps the segments in the order they were written (Merge), so
// ties rank in the order the documents were loaded, batch by batch.
//
// The format has a name of its own, segmentType, which BuildConfig asks
// scorch for and which each snapshot of an index records: scorch's
// default, and so every other index of the process, stays as bleve made
// it. Its files are zap v17's, so an index written by an earlier lipi
// (recorded as plain zap v17) reads the same; an earlier lipi does not
// know the name and refuses an index this one wrote ("unsupported segment
// type"), which it must rebuild to serve.
const (
	segmentType    = "lipi-zap"
	segmentVersion = zapv17.Version
)

func init() {
	scorch.RegisterSegmentPlugin(idOrderedPlugin{&zapv17.ZapPlugin{}}, false)
	// zap sizes a new segment's buffer up front from the last segment's
	// bytes per document times the new batch's count: after a batch of
	// long articles, a batch of 2,000 headlines reserved a buffer for
	// 2,000 articles (225 MB at four copies of the benchmark corpus, a
	// third of the build's peak memory). Without the estimate the buffer
	// grows as the segment is written.
	zapv17.NewSegmentBufferNumResultsFactor = 0
}

// idOrderedPlugin is zap v17 with each new segment's documents sorted by
// id. Reading, merging and the files are zap's own.
type idOrderedPlugin struct {
	scorch.SegmentPlugin
}

// Type implements scorch.SegmentPlugin: lipi's name for the format.
func (p idOrderedPlugin) Type() string { return segmentType }

func (p idOrderedPlugin) New(results []bleveindex.Document) (segment.Segment, uint64, error) {
	dropLocations(results)
	sortByID(results)
	return p.SegmentPlugin.New(results)
}

func (p idOrderedPlugin) NewUsing(results []bleveindex.Document, config map[string]any) (segment.Segment, uint64, error) {
	dropLocations(results)
	sortByID(results)
	return p.SegmentPlugin.NewUsing(results, config)
}

// Merge implements scorch.SegmentPlugin with the segments in the order
// scorch wrote them. zap numbers a merged segment's documents segment
// after segment in the order it is given them, and scorch gives them
// largest first, so the final merge of a build put its batches out of
// order wherever their sizes differed, and ties ranked in an order that
// any change of batch sizes reshuffled. In the order written, ties rank
// in the order the documents were loaded (each batch in id order).
//
// zap's Merge is its MergeUsing without a configuration.
func (p idOrderedPlugin) Merge(segments []segment.Segment, drops []*roaring.Bitmap, path string, closeCh chan struct{}, s segment.StatsReporter) ([][]uint64, uint64, error) {
	return p.MergeUsing(segments, drops, path, closeCh, s, nil)
}

// MergeUsing implements scorch.SegmentPlugin, as Merge.
func (p idOrderedPlugin) MergeUsing(segments []segment.Segment, drops []*roaring.Bitmap, path string, closeCh chan struct{}, s segment.StatsReporter, config map[string]any) ([][]uint64, uint64, error) {
	if _, build := config[pageCacheKey].(*pageCacheDrop); build {
		defer keepUnmapped(segments)()
	}
	order := writtenOrder(segments)
	newDocNums, n, err := p.SegmentPlugin.MergeUsing(permuted(segments, order), permuted(drops, order), path, closeCh, s, config)
	return permuted(newDocNums, inverse(order)), n, err
}

// keepUnmapped takes the pages of the segments' files out of the
// process's resident set every unmapEvery until the function it returns
// is called, and once more then. A build ends by merging every batch's
// segment into one, and zap reads them through their mappings, so every
// page it had read stayed mapped to the end: at four copies of the
// benchmark corpus, 431 MB of files for an index of 265 MB (each small
// segment repeats the vocabulary), most of the build's peak memory and
// the part that grew with the corpus (docs/BENCHMARKS.md). The pages are
// clean, so the kernel could take them back, but only by unmapping them
// from the process. Unmapped as the merge goes, only those read since
// the last time count; a page read again is still in the page cache.
func keepUnmapped(segments []segment.Segment) (stop func()) {
	paths := map[string]bool{}
	for _, seg := range segments {
		if ps, ok := seg.(segment.PersistedSegment); ok {
			if p, ok := mappedPath(ps.Path()); ok {
				paths[p] = true
			}
		}
	}
	if len(paths) == 0 {
		return func() {}
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(unmapEvery)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				unmapPasses.Add(uint64(min(1, unmapPages(paths))))
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		unmapPasses.Add(uint64(min(1, unmapPages(paths))))
	}
}

// UnmapSegments takes the pages of the segment files of the index at dir
// out of the process's resident set, as keepUnmapped does for a merge's
// inputs. A build calls it after each batch: scorch looks every new
// batch's ids up in the earlier segments, and the pages of their id
// dictionaries that it read stayed mapped, more with every segment (at
// sixteen copies of the benchmark corpus, 290 MB of files in a build's
// peak; docs/BENCHMARKS.md). It returns how many mappings it found.
func UnmapSegments(dir string) int {
	store, ok := mappedPath(filepath.Join(dir, "store"))
	if !ok {
		return 0
	}
	store += string(filepath.Separator)
	return unmapMatching(func(path string) bool {
		return strings.HasPrefix(path, store) && strings.HasSuffix(path, ".zap")
	})
}

// unmapPages is unmapMatching of the files at paths (as mappedPath gives
// them).
func unmapPages(paths map[string]bool) int {
	return unmapMatching(func(path string) bool { return paths[path] })
}

// mappedPath is path as the kernel names a mapping of it: absolute, with
// no symbolic link in it (a build's folder is one, index.go).
func mappedPath(path string) (string, bool) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", false
	}
	abs, err := filepath.Abs(real)
	return abs, err == nil
}

// unmapEvery is how often keepUnmapped unmaps: reading the process's
// mappings and advising on each takes well under a millisecond.
const unmapEvery = 200 * time.Millisecond

// unmapPasses counts the passes of keepUnmapped that found a segment
// mapped, for the tests.
var unmapPasses atomic.Uint64

// writtenOrder is the order in which scorch wrote segments, as indexes
// into them: their files are named by a number that grows with each
// segment written, in fixed-width hexadecimal. Segments that are not
// files (in memory) keep the order given.
func writtenOrder(segments []segment.Segment) []int {
	order := make([]int, len(segments))
	names := make([]string, len(segments))
	for i := range order {
		order[i] = i
	}
	for i, seg := range segments {
		ps, ok := seg.(segment.PersistedSegment)
		if !ok {
			return order
		}
		names[i] = filepath.Base(ps.Path())
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(names[a], names[b]) })
	return order
}

// permuted is list in order (indexes into it).
func permuted[T any](list []T, order []int) []T {
	if len(list) != len(order) {
		return list
	}
	out := make([]T, len(list))
	for i, j := range order {
		out[i] = list[j]
	}
	return out
}

// inverse is the order that undoes order: permuted(permuted(l, order),
// inverse(order)) is l.
func inverse(order []int) []int {
	inv := make([]int, len(order))
	for i, j := range order {
		inv[j] = i
	}
	return inv
}

// OpenUsing implements scorch.SegmentPlugin. During a build (BuildConfig)
// it first drops the file's pages from the page cache: scorch writes and
// syncs each batch's segment and then maps it, and the kernel maps a
// recently written file's pages in large blocks around any page read
// (2 MB of each 3 MB segment, for the id lookups of later batches), all of
// which counted in the build's memory: 250 MB at four copies of the
// benchmark corpus before the final merge (docs/BENCHMARKS.md). Read
// again from disk, only what is read is mapped.
func (p idOrderedPlugin) OpenUsing(path string, config map[string]any) (segment.Segment, error) {
	if drop, _ := config[pageCacheKey].(*pageCacheDrop); drop != nil && drop.on.Load() {
		dropPageCache(path)
	}
	return p.SegmentPlugin.OpenUsing(path, config)
}

// pageCacheKey names, in a build's segment configuration, whether
// OpenUsing drops a segment file from the page cache.
const pageCacheKey = "lipiDropPageCache"

// pageCacheDrop is on while a build writes its batches; MergeToOneSegment
// turns it off, so that the merged segment, which a server reads next,
// stays cached. It has no exported field: bleve records the build's
// configuration in the index (index_meta.json), where it is an empty
// object that opening the index again ignores.
type pageCacheDrop struct{ on atomic.Bool }

// dropLocations takes the locations off the analyzed terms that
// SetUnlocated names, before zap writes the segment: zap stores a
// posting's locations only when its token frequency has them (a bit per
// posting says so), so those terms keep their frequencies and norms, and
// scores do not change.
func dropLocations(docs []bleveindex.Document) {
	u := unlocated.Load()
	if u == nil || len(u.Prefixes) == 0 {
		return
	}
	for _, d := range docs {
		d.VisitFields(func(f bleveindex.Field) {
			if len(f.Value()) > u.MaxFieldBytes {
				return
			}
			for term, tf := range f.AnalyzedTokenFrequencies() {
				if hasAnyPrefix(term, u.Prefixes) {
					tf.Locations = nil
				}
			}
		})
	}
}

func sortByID(docs []bleveindex.Document) {
	slices.SortFunc(docs, func(a, b bleveindex.Document) int { return strings.Compare(a.ID(), b.ID()) })
}

// maxMergeRounds bounds MergeToOneSegment: each round merges up to
// mergeplan's SegmentsPerMergeTask segments, so a few rounds suffice for any
// build; the bound only guards against a merger that makes no progress.
const maxMergeRounds = 20

// mergeCleanupWait bounds how long MergeToOneSegment waits for scorch to
// delete the merged-away segment files.
const mergeCleanupWait = 30 * time.Second

// BuildConfig is scorch's configuration while an index is built. Its
// merge planner never merges in the background: MergeToOneSegment merges
// every segment once at the end, where background merges would have
// rewritten most documents a few times over on the way there.
//
// It also names lipi's segment format (segmentType), which writes each
// segment's documents in id order, and tells it to open the batches'
// segments uncached (idOrderedPlugin.OpenUsing).
func BuildConfig() map[string]any {
	drop := &pageCacheDrop{}
	drop.on.Store(true)
	return map[string]any{
		"forceSegmentType":    segmentType,
		"forceSegmentVersion": int(segmentVersion), // scorch takes an int or a float64 here
		"scorchMergePlanOptions": map[string]any{
			"MaxSegmentsPerTier": unboundedTier,
			// Without these, segments under the floor sizes (every
			// segment of a small index) were merged in the background,
			// when the merger happened to look: ties then ranked by
			// timing.
			"FloorSegmentSize":     1,
			"FloorSegmentFileSize": 1,
		},
		"segmentConfig": map[string]any{pageCacheKey: drop},
	}
}

// WritableConfig is the part of scorch's configuration that an index
// opened to take writes sets over the one its build recorded in the index
// (BuildConfig's, under which nothing merges in the background): scorch's
// own floor sizes, under which the planner merges the small segments that
// writes make whenever an index has more segments than its documents
// divided by the floor (2,000), as lipi's indexes did before builds
// recorded floors of their own (TestLiveWritesMerge in the index
// package).
func WritableConfig() map[string]any {
	return map[string]any{
		"scorchMergePlanOptions": map[string]any{
			"MaxSegmentsPerTier": unboundedTier,
		},
	}
}

// unboundedTier is a tier of the merge planner that is never full: only
// the floor sizes then make it merge.
const unboundedTier = 1 << 20

// MergeToOneSegment merges a freshly built index into one segment. An
// index is built once and then only read, and every term lookup and every
// fuzzy walk of a term dictionary is done once per segment: with one
// segment a search does each once (docs/BENCHMARKS.md). Every build
// calls it, the benchmark baseline's too, so that the comparison stays
// like for like. config is the one the index was made with (BuildConfig).
func MergeToOneSegment(idx bleve.Index, dir string, config map[string]any) error {
	if sc, ok := config["segmentConfig"].(map[string]any); ok {
		if drop, ok := sc[pageCacheKey].(*pageCacheDrop); ok {
			drop.on.Store(false)
		}
	}
	adv, err := idx.Advanced()
	if err != nil {
		return fmt.Errorf("merge segments: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	stats, ok := s.Stats().(*scorch.Stats)
	if !ok {
		return nil
	}
	// Every batch waited for its segment to be persisted, so all segments
	// at the root are files now, which is what the merger plans over.
	opts := mergeplan.SingleSegmentMergePlanOptions
	// All the segments in one task: the big ones are written once, not once
	// per group of ten.
	opts.SegmentsPerMergeTask = 1 << 10
	merged := false
	for range maxMergeRounds {
		if atomic.LoadUint64(&stats.TotFileSegmentsAtRoot) <= 1 {
			merged = true
			break
		}
		if err := s.ForceMerge(context.Background(), &opts); err != nil {
			return fmt.Errorf("merge segments: %w", err)
		}
	}
	if !merged {
		return fmt.Errorf("merge segments: still %d segments after %d rounds", atomic.LoadUint64(&stats.TotFileSegmentsAtRoot), maxMergeRounds)
	}
	// scorch deletes the old segment files in the background, after it has
	// persisted the merged root; closing before that would leave them in
	// the index for good, since lipi only ever opens it read-only again.
	store := filepath.Join(dir, "store")
	deadline := time.Now().Add(mergeCleanupWait)
	for segmentFiles(store) > 1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	return nil
}

// segmentFiles counts the segment files in a scorch store directory.
func segmentFiles(store string) int {
	entries, err := os.ReadDir(store)
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".zap") {
			n++
		}
	}
	return n
}

// snapshot is what a search reads of a scorch index: the searches of an
// opened index get one as their reader.
type snapshot = scorch.IndexSnapshot

// snapshotOf is r as a scorch snapshot, or nil when it is some other
// reader (the engine then leaves the work to bleve's own searchers).
func snapshotOf(r bleveindex.IndexReader) *snapshot {
	snap, _ := r.(*scorch.IndexSnapshot)
	return snap
}

// docNumber is the number of a document in a snapshot, from its internal
// id (scorch's: the number, eight bytes big-endian), and whether the id
// is one.
func docNumber(id bleveindex.IndexInternalID) (uint64, bool) {
	if len(id) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(id), true
}

// appendDocID appends the internal id of document number n to dst[:0].
func appendDocID(dst bleveindex.IndexInternalID, n uint64) bleveindex.IndexInternalID {
	return binary.BigEndian.AppendUint64(dst[:0], n)
}

// dictionaries are the term dictionaries of field in each segment.
func (s *segments) dictionaries(field string) ([]segment.TermDictionary, error) {
	return segmentDictionaries(s.list, field)
}

// snapshotDictionaries are the term dictionaries of field in each segment
// of snap.
func snapshotDictionaries(snap *snapshot, field string) ([]segment.TermDictionary, error) {
	return segmentDictionaries(snap.Segments(), field)
}

func segmentDictionaries(list []*scorch.SegmentSnapshot, field string) ([]segment.TermDictionary, error) {
	ds := make([]segment.TermDictionary, 0, len(list))
	for _, ss := range list {
		d, err := ss.Segment().Dictionary(field)
		if err != nil {
			return nil, err
		}
		ds = append(ds, d)
	}
	return ds, nil
}

// deleted is the set of deleted documents of segment i (nil: none).
func (s *segments) deleted(i int) *roaring.Bitmap { return s.list[i].Deleted() }

// segment is segment i itself, and id the number scorch gave it, which it
// keeps while it is in the index (lengths.go keys its counts by it).
func (s *segments) segment(i int) segment.Segment { return s.list[i].Segment() }
func (s *segments) id(i int) uint64               { return s.list[i].Id() }

// segments are the segments of a snapshot and the number of the first
// document of each.
type segments struct {
	list    []*scorch.SegmentSnapshot
	offsets []uint64
}

func segmentsOf(snap *snapshot) *segments {
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
	// unlocated are the marked terms whose postings hold no locations,
	// for relocate.
	unlocated []hitTerm
	// kept are the documents relocate read, by hit, read again to load
	// the hits' fields: the whole page's, since relocate reads them all
	// before any is loaded.
	kept map[*search.DocumentMatch]bleveindex.Document
}

// keep holds doc, hit h's document, for the Document calls of h.
func (r *hitReader) keep(h *search.DocumentMatch, doc bleveindex.Document) {
	if r.kept == nil {
		r.kept = map[*search.DocumentMatch]bleveindex.Document{}
	}
	r.kept[h] = doc
}

// Document implements bleveindex.IndexReader: the document of the hit
// being completed, as scorch's snapshot makes it.
func (r *hitReader) Document(id string) (bleveindex.Document, error) {
	if r.hit != nil && r.hit.ID == id {
		if doc := r.kept[r.hit]; doc != nil {
			return doc, nil
		}
	}
	if r.segs == nil || r.hit == nil || r.hit.ID != id {
		return r.IndexReader.Document(id)
	}
	number, ok := docNumber(r.hit.IndexInternalID)
	if !ok {
		return r.IndexReader.Document(id)
	}
	i, n := r.segs.find(number)
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

// NewestInternal is the value of key in the internal data (bleve's
// SetInternal) of the newest snapshot that the bleve index at dir
// records, read from its root without loading the snapshot's segments;
// ok is false when the root records no snapshot.
//
// When scorch cannot load an index's newest snapshot (a segment file
// missing or truncated), it only logs that and opens an older one, or
// none: the index then looks smaller or empty rather than damaged. An
// opened index whose internal data differ from its newest snapshot's was
// opened that way.
func NewestInternal(dir string, key []byte) (value []byte, ok bool, err error) {
	points, err := scorch.RollbackPoints(filepath.Join(dir, "store"))
	if err != nil {
		return nil, false, err
	}
	if len(points) == 0 {
		return nil, false, nil
	}
	return points[0].GetInternal(key), true, nil
}

// UnloadedSnapshot tells whether openErr, the error of opening the bleve
// index at dir, comes of scorch not loading the newest snapshot its root
// records: scorch then logs that and opens none, and bleve, finding no
// mapping in it, fails to parse an empty one. The root's newest snapshot
// holding a mapping tells that case from a root that records none.
func UnloadedSnapshot(dir string, openErr error) bool {
	if openErr == nil || !strings.Contains(openErr.Error(), "error parsing mapping JSON") {
		return false
	}
	m, ok, err := NewestInternal(dir, []byte(bleveMappingKey))
	return err == nil && ok && len(m) > 0
}

// bleveMappingKey is where bleve keeps an index's mapping in its internal
// data.
const bleveMappingKey = "_mapping"

// postingLength is the field length a posting of lipi's segment format
// stores (from which its norm is computed); false for any other posting.
func postingLength(p segment.Posting) (uint64, bool) {
	if zp, ok := p.(*zapv17.Posting); ok {
		return zp.NormUint64(), true
	}
	return 0, false
}
