package engine

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/util"
	bolt "go.etcd.io/bbolt"
)

// newestSegmentType is the segment format the newest snapshot of the
// closed bleve index at dir records.
func newestSegmentType(t *testing.T, dir string) string {
	t.Helper()
	db, err := bolt.Open(filepath.Join(dir, "store", "root.bolt"), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var typ string
	err = db.View(func(tx *bolt.Tx) error {
		snapshots := tx.Bucket(util.BoltSnapshotsBucket)
		if snapshots == nil {
			t.Fatal("no snapshots")
		}
		k, _ := snapshots.Cursor().Last()
		meta := snapshots.Bucket(k).Bucket(util.BoltMetaDataKey)
		typ = string(meta.Get(util.BoltMetaDataSegmentTypeKey))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return typ
}

// An index built with BuildConfig writes lipi's id-ordered format, under
// its own name; any other index of the process keeps scorch's default.
func TestSegmentFormatIsNamed(t *testing.T) {
	lipi := writeSeedIndex(t, 1<<20, BuildConfig())
	other := writeSeedIndex(t, 1<<20, nil)
	dirs := map[string]string{}
	for name, idx := range map[string]bleve.Index{"lipi": lipi, "other": other} {
		dirs[name] = idx.Name()
		if err := idx.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if got := newestSegmentType(t, dirs["lipi"]); got != segmentType {
		t.Errorf("built with BuildConfig: segment type %q, want %q", got, segmentType)
	}
	if got := newestSegmentType(t, dirs["other"]); got == segmentType || got == "" {
		t.Errorf("built with scorch's defaults: segment type %q, want scorch's default", got)
	}
}

// A build's merged segment holds the documents in the order they were
// written, batch after batch (each batch in id order), whatever the
// batches' sizes: ties rank in that order. scorch hands the merge its
// segments largest first, which put batches of other sizes out of order.
func TestMergeKeepsBatchOrder(t *testing.T) {
	m := mapping.NewIndexMapping()
	m.DefaultAnalyzer = "standard"
	config := BuildConfig()
	dir := filepath.Join(t.TempDir(), "idx")
	idx, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, config)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	var want []string
	next := 0
	// Batches of 1 to 20 documents, their ids out of order within each,
	// so that both the batches' order and the order inside them show.
	for size := 1; size <= 20; size++ {
		b := idx.NewBatch()
		var ids []string
		for i := range size {
			id := fmt.Sprintf("d%04d", next+(size-1-i))
			ids = append(ids, id)
			if err := b.Index(id, map[string]any{"body": "same words"}); err != nil {
				t.Fatal(err)
			}
		}
		next += size
		slices.Sort(ids)
		want = append(want, ids...)
		if err := idx.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := MergeToOneSegment(idx, dir, config); err != nil {
		t.Fatal(err)
	}
	r := readerOf(t, idx)
	defer r.Close()
	var got []string
	for n := range uint64(len(want)) {
		id, err := r.ExternalID(appendDocID(nil, n))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, id)
	}
	if !slices.Equal(got, want) {
		t.Errorf("documents of the merged segment, in number order:\n%v\nwant\n%v", got, want)
	}
}

// Merge hands zap its segments reordered and gives scorch zap's new
// document numbers back in scorch's order: inverse undoes permuted.
func TestPermutedInverse(t *testing.T) {
	list := []string{"a", "b", "c", "d", "e"}
	order := []int{3, 0, 4, 2, 1}
	got := permuted(list, order)
	if want := []string{"d", "a", "e", "c", "b"}; !slices.Equal(got, want) {
		t.Fatalf("permuted: %v, want %v", got, want)
	}
	if back := permuted(got, inverse(order)); !slices.Equal(back, list) {
		t.Errorf("permuted back: %v, want %v", back, list)
	}
}
