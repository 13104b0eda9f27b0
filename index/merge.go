package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// maxMergeRounds bounds mergeToOneSegment: each round merges up to
// mergeplan's SegmentsPerMergeTask segments, so a few rounds suffice for any
// build; the bound only guards against a merger that makes no progress.
const maxMergeRounds = 20

// mergeCleanupWait bounds how long mergeToOneSegment waits for scorch to
// delete the merged-away segment files.
const mergeCleanupWait = 30 * time.Second

// buildConfig is scorch's configuration while an index is built. Its
// merge planner never merges in the background: mergeToOneSegment merges
// every segment once at the end, where background merges would have
// rewritten most documents a few times over on the way there.
func buildConfig() map[string]any {
	return map[string]any{
		"scorchMergePlanOptions": map[string]any{
			"MaxSegmentsPerTier": 1 << 20,
		},
	}
}

// mergeToOneSegment merges a freshly built index into one segment. An
// index is built once and then only read, and every term lookup and every
// fuzzy walk of a term dictionary is done once per segment: with one
// segment a search does each once (docs/BENCHMARKS.md). Build and the
// baseline both call it, so that the comparison stays like for like.
func mergeToOneSegment(idx bleve.Index, dir string) error {
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
