package index

import (
	"fmt"
	"maps"
	"os"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/lipisearch/lipi/index/internal/engine"
)

// writeIndex builds an index of docs at dir with mapping m, size documents
// per batch (progress as for indexWriter), merges it into one segment and
// stores internal beside it: what lipi's index and the baseline have in
// common, so that the two stay comparable. On error the partial index is
// removed.
func writeIndex(dir string, m mapping.IndexMapping, docs []Document, size int, progress func(done int), internal map[string]string, measure []string) error {
	w := newIndexWriter(dir, m, size, progress)
	for i := range docs {
		if err := w.add(&docs[i]); err != nil {
			w.abort()
			return err
		}
	}
	return w.finish(internal, measure)
}

// indexWriter writes a new index a document at a time: it holds one batch
// of documents, never the corpus, so a build's memory does not grow with
// the documents it reads (Rebuild hands it each document as the loader
// reads it). The index is created at the first document.
//
// One batch at a time: with two in flight, scorch merges the unpersisted
// segments in memory before writing them, which was faster
// (docs/BENCHMARKS.md) but panicked inside zapx when the disk filled up
// during that merge.
type indexWriter struct {
	dir      string
	m        mapping.IndexMapping
	size     int
	progress func(done int) // after every batch, with the documents written so far
	idx      bleve.Index
	config   map[string]any // the index's, for the final merge
	batch    *bleve.Batch
	inBatch  int
	// textBytes is the text (titles and bodies) in the batch.
	textBytes int
	done      int
}

func newIndexWriter(dir string, m mapping.IndexMapping, size int, progress func(done int)) *indexWriter {
	if size <= 0 {
		size = defaultBatchSize
	}
	return &indexWriter{dir: dir, m: m, size: size, progress: progress}
}

// open creates the index at dir, once.
func (w *indexWriter) open() error {
	if w.idx != nil {
		return nil
	}
	config := engine.BuildConfig()
	idx, err := bleve.NewUsing(w.dir, w.m, scorch.Name, scorch.Name, config)
	if err != nil {
		return err
	}
	w.idx, w.config, w.batch = idx, config, idx.NewBatch()
	return nil
}

// add puts doc in the batch and writes the batch when it is full.
func (w *indexWriter) add(doc *Document) error {
	if err := w.open(); err != nil {
		return err
	}
	if err := w.batch.Index(doc.ID, indexedFields(doc)); err != nil {
		return fmt.Errorf("index document %q: %w", doc.ID, err)
	}
	w.inBatch++
	w.textBytes += len(doc.Title) + len(doc.Body)
	if w.inBatch >= w.size || w.textBytes >= maxBatchTextBytes {
		return w.flush()
	}
	return nil
}

// addRecord puts a journal record's writes in the batch.
func (w *indexWriter) addRecord(rec *journalRecord) error {
	if err := w.open(); err != nil {
		return err
	}
	if err := addToBatch(w.batch, rec); err != nil {
		return err
	}
	w.inBatch += len(rec.Put) + len(rec.Delete)
	for _, d := range rec.Put {
		w.textBytes += len(d.Title) + len(d.Body)
	}
	if w.inBatch >= w.size || w.textBytes >= maxBatchTextBytes {
		return w.flush()
	}
	return nil
}

// flush writes the batch, if it holds anything.
func (w *indexWriter) flush() error {
	if w.inBatch == 0 {
		return nil
	}
	if err := w.idx.Batch(w.batch); err != nil {
		return err
	}
	engine.UnmapSegments(w.dir)
	w.done += w.inBatch
	w.inBatch, w.textBytes = 0, 0
	w.batch = w.idx.NewBatch()
	if w.progress != nil {
		w.progress(w.done)
	}
	return nil
}

// finish writes the last batch, merges the index into one segment, stores
// internal and the token counts of the text fields named in measure
// (engine.SegmentLengths, which Open hands the index's catalog), and
// closes it. On error the partial index is removed.
func (w *indexWriter) finish(internal map[string]string, measure []string) (err error) {
	if err := w.open(); err != nil { // an index of no documents
		return err
	}
	defer func() {
		if cerr := w.idx.Close(); err == nil && cerr != nil {
			err = cerr
		}
		if err != nil {
			os.RemoveAll(w.dir)
		}
	}()
	if err := w.flush(); err != nil {
		return err
	}
	if err := engine.MergeToOneSegment(w.idx, w.dir, w.config); err != nil {
		return err
	}
	if len(measure) > 0 {
		counts, err := engine.SegmentLengths(w.idx, measure...)
		if err != nil {
			return err
		}
		withCounts := map[string]string{string(internalLengths): counts}
		maps.Copy(withCounts, internal)
		internal = withCounts
	}
	for k, v := range internal {
		if err := w.idx.SetInternal([]byte(k), []byte(v)); err != nil {
			return err
		}
	}
	return nil
}

// abort closes and removes the partial index.
func (w *indexWriter) abort() {
	if w.idx != nil {
		w.idx.Close()
	}
	os.RemoveAll(w.dir)
}
