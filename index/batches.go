package index

import (
	"fmt"
	"os"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/lipisearch/lipi/index/internal/engine"
)

// writeIndex builds an index of docs at dir with mapping m, size documents
// per batch (progress as for indexInBatches), merges it into one segment
// and stores internal beside it: what lipi's index and the baseline have in
// common, so that the two stay comparable. On error the partial index is
// removed.
func writeIndex(dir string, m mapping.IndexMapping, docs []Document, size int, progress func(done int), internal map[string]string) (err error) {
	idx, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, engine.BuildConfig())
	if err != nil {
		return err
	}
	defer func() {
		if cerr := idx.Close(); err == nil && cerr != nil {
			err = cerr
		}
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	if err := indexInBatches(idx, docs, size, progress); err != nil {
		return err
	}
	if err := engine.MergeToOneSegment(idx, dir); err != nil {
		return err
	}
	for k, v := range internal {
		if err := idx.SetInternal([]byte(k), []byte(v)); err != nil {
			return err
		}
	}
	return nil
}

// indexInBatches indexes docs into a new idx, size documents per batch,
// and calls progress (when not nil) with the number indexed so far after
// every batch. The first error stops it.
//
// One batch at a time: with two in flight, scorch merges the unpersisted
// segments in memory before writing them, which was faster
// (docs/BENCHMARKS.md) but panicked inside zapx when the disk filled up
// during that merge.
func indexInBatches(idx bleve.Index, docs []Document, size int, progress func(done int)) error {
	if size <= 0 {
		size = defaultBatchSize
	}
	for from := 0; from < len(docs); from += size {
		to := min(from+size, len(docs))
		batch := idx.NewBatch()
		for i := from; i < to; i++ {
			if err := batch.Index(docs[i].ID, indexedFields(&docs[i])); err != nil {
				return fmt.Errorf("index document %q: %w", docs[i].ID, err)
			}
		}
		if err := idx.Batch(batch); err != nil {
			return err
		}
		if progress != nil {
			progress(to)
		}
	}
	return nil
}
