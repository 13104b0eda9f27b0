package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
)

// indexInBatches indexes docs into a new idx, size documents per batch,
// and calls progress (when not nil) with the number indexed so far after
// every batch. The first error stops it.
//
// One batch at a time: with two in flight, scorch merges the unpersisted
// segments in memory before writing them, which was 10 % faster but
// panicked inside zapx when the disk filled up during that merge.
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
