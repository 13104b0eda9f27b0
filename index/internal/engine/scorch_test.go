package engine

import (
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
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
