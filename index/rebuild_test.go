package index

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lipisearch/lipi/index/indextest"
)

// The rebuild's process tests (a rebuild killed at each of its steps, two
// rebuilds at once, what `lipi index` prints) are package main's: they run
// the lipi command.

// hitsOf opens the index at path and returns the hits of q as
// indextest.HitLines.
func hitsOf(t *testing.T, path, q string) []string {
	t.Helper()
	ix, err := Open(path)
	if err != nil {
		t.Fatalf("the index no longer opens: %v", err)
	}
	defer ix.Close()
	resp, err := ix.Search(context.Background(), Request{Query: q, Size: 100, NoHighlight: true})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	hits := make([]indextest.Hit, len(resp.Hits))
	for i, h := range resp.Hits {
		hits[i] = indextest.Hit{ID: h.ID, Score: h.Score}
	}
	return indextest.HitLines(resp.Total, hits)
}

// TestRebuildSteps: a rebuild reports its steps to AtStep in the order
// RebuildOptions documents, each once, with the index at path still the
// previous one until swap2; a rebuild that fails reports none past its
// failure.
func TestRebuildSteps(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	indextest.WriteDocs(t, docs, 300, 2, 10)
	path := filepath.Join(dir, "lipi.bleve")
	rebuild(t, docs, path)
	before := indextest.LiveDir(t, path)
	want := hitsOf(t, path, indextest.Query)

	var steps []string
	err := Rebuild(docs, path, RebuildOptions{AtStep: func(step string) {
		steps = append(steps, step)
		swapped := step == "swap2" || step == "swap3"
		if got := indextest.LiveDir(t, path); swapped == (got == before) {
			t.Errorf("at %s the index points at %s (before: %s), want it swapped: %v", step, got, before, swapped)
		}
		if got := hitsOf(t, path, indextest.Query); !slices.Equal(got, want) {
			t.Errorf("at %s the hits of %q changed:\n got %q\nwant %q", step, indextest.Query, got, want)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if all := []string{"load", "build", "verify", "swap1", "swap2", "swap3"}; !slices.Equal(steps, all) {
		t.Errorf("steps %q, want %q", steps, all)
	}

	steps = nil
	err = Rebuild(filepath.Join(dir, "missing"), path, RebuildOptions{AtStep: func(step string) { steps = append(steps, step) }})
	if err == nil || len(steps) != 0 {
		t.Errorf("a rebuild of a missing folder: %v, steps %q; want an error and no step", err, steps)
	}
}

// TestLockHeld: the lock refuses a second holder, even in the same process,
// names the first, and is free again once released.
func TestLockHeld(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.bleve")
	l, err := acquireLock(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = acquireLock(path)
	var le *LockedError
	if !errors.As(err, &le) || !errors.Is(err, ErrLocked) {
		t.Fatalf("second acquireLock: %v, want a *LockedError", err)
	}
	if le.Holder.PID != os.Getpid() || le.Holder.Started.IsZero() {
		t.Errorf("holder = %+v, want this process and a start time", le.Holder)
	}
	l.release()
	l, err = acquireLock(path)
	if err != nil {
		t.Fatalf("acquireLock after release: %v", err)
	}
	l.release()
}

// TestRebuildRefusesForeign: a rebuild never replaces what is not a lipi
// index (main's tests check what `lipi index` says then).
func TestRebuildRefusesForeign(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	indextest.WriteDocs(t, docs, 30, 1, 10)

	folder := filepath.Join(dir, "folder")
	writeFiles(t, folder, map[string]string{"notes.txt": "mine", "sub/more.txt": "mine too"})
	file := filepath.Join(dir, "file")
	writeFiles(t, dir, map[string]string{"file": "mine"})
	otherBleve := filepath.Join(dir, "other.bleve")
	indextest.ForeignBleve(t, otherBleve, "mine")

	for _, path := range []string{folder, file, otherBleve} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			before := treeContents(t, path)
			err := Rebuild(docs, path, RebuildOptions{})
			if err == nil || !strings.Contains(err.Error(), "refusing to replace it") {
				t.Errorf("Rebuild over %s: %v, want a refusal", path, err)
			}
			if after := treeContents(t, path); !maps.Equal(before, after) {
				t.Errorf("Rebuild changed %s", path)
			}
			if got := indextest.Siblings(t, path); !slices.Equal(got, []string{filepath.Base(path)}) {
				t.Errorf("Rebuild left %q beside %s", got, path)
			}
		})
	}
}

// treeContents maps every file below path (or path itself) to its content.
func treeContents(t *testing.T, path string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.Walk(path, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if fi.Mode().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[p] = string(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRebuildOverPlainIndex: an index that is a plain directory (built by
// hand or an older lipi), or an empty folder, is replaced by the link.
func TestRebuildOverPlainIndex(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	indextest.WriteDocs(t, docs, 300, 1, 10)
	res, err := LoadDir(docs, LoadOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain.bleve")
	if err := Build(plain, res.Docs, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.bleve")
	os.Mkdir(empty, 0o755)
	for _, path := range []string{plain, empty} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			if err := Rebuild(docs, path, RebuildOptions{}); err != nil {
				t.Fatal(err)
			}
			indextest.CheckClean(t, path)
			if got := hitsOf(t, path, indextest.Query); len(got) < 2 {
				t.Errorf("hits of %q: %q, want some", indextest.Query, got)
			}
		})
	}
}

// TestOpenDamaged: Open answers a damaged, missing or foreign index with
// one clear line, never a panic. An index with noise inside a segment may
// open; its searches then answer or fail, never panic.
func TestOpenDamaged(t *testing.T) {
	cases := indextest.DamagedIndexes(t, t.TempDir(), func(docs, path string) { rebuild(t, docs, path) })
	noticed := 0 // searches of noisy segments that failed
	for name, path := range cases {
		t.Run(name, func(t *testing.T) {
			ix, err := Open(path)
			if strings.HasPrefix(name, "noisy segment") && err == nil {
				for _, q := range indextest.DamagedQueries {
					_, err := ix.Search(context.Background(), Request{Query: q})
					if err != nil {
						noticed++
						if strings.Contains(err.Error(), "\n") {
							t.Errorf("search %q: %q, want one line", q, err)
						}
					}
				}
				ix.Close()
				return
			}
			if err == nil {
				ix.Close()
				t.Fatalf("Open(%s) succeeded, want an error", path)
			}
			if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, path) {
				t.Errorf("Open(%s) = %q, want one line naming the path", path, msg)
			}
		})
	}
	if noticed == 0 {
		t.Errorf("no search of a noisy segment failed: the noise no longer tests anything")
	}
}
