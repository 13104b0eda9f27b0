package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lipisearch/lipi/index/indextest"
)

// liveWords are the words of their own of the documents of liveDocs.
var liveWords = []string{"Kestrel", "Marigold", "Zeppelin", "Juniper", "Quokka", "Bramble", "Tortuga"}

// liveDocs writes n small documents, each with the word "common" and one
// word of its own (liveWords[i]), into dir.
func liveDocs(t *testing.T, dir string, n int) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		text := fmt.Sprintf("Report number %d\n\nA common story about %s and its town.\n", i, liveWords[i])
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("doc%d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func rebuild(t *testing.T, docs, path string) {
	t.Helper()
	if err := Rebuild(docs, path, RebuildOptions{}); err != nil {
		t.Fatal(err)
	}
}

func total(t *testing.T, ix *Index, q string) uint64 {
	t.Helper()
	resp, err := ix.Search(context.Background(), Request{Query: q, NoHighlight: true, NoFuzzy: true})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return resp.Total
}

// TestLiveSwap: after a rebuild, Check switches to the new index; a request
// that acquired the previous one keeps using it, although its files were
// deleted, and it is closed when that request releases it.
func TestLiveSwap(t *testing.T) {
	dir := t.TempDir()
	docs, path := filepath.Join(dir, "docs"), filepath.Join(dir, "lipi.bleve")
	liveDocs(t, docs, 3)
	rebuild(t, docs, path)
	l, err := OpenLive(path, LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if swapped, err := l.Check(); swapped || err != nil {
		t.Fatalf("Check with nothing rebuilt = %v, %v", swapped, err)
	}
	old, releaseOld := l.Acquire()
	oldDir := l.Dir()

	liveDocs(t, docs, 4)
	rebuild(t, docs, path)
	if _, err := os.Stat(oldDir); !os.IsNotExist(err) {
		t.Fatalf("the rebuild left the previous build %s (%v)", oldDir, err)
	}
	if ix, release := l.Acquire(); ix != old {
		t.Errorf("Acquire before Check gave another index")
		release()
	} else {
		release()
	}
	if swapped, err := l.Check(); !swapped || err != nil {
		t.Fatalf("Check after a rebuild = %v, %v", swapped, err)
	}
	if l.Dir() == oldDir {
		t.Fatalf("still serving %s", oldDir)
	}
	cur, release := l.Acquire()
	if cur == old {
		t.Fatal("Acquire after the swap gave the previous index")
	}
	if n := total(t, cur, liveWords[3]); n != 1 {
		t.Errorf("new index: %s found %d times, want 1", liveWords[3], n)
	}
	if n := total(t, old, liveWords[3]); n != 0 {
		t.Errorf("previous index: %s found %d times, want 0", liveWords[3], n)
	}
	// The previous index still answers its request, from deleted files.
	if n := total(t, old, "common"); n != 3 {
		t.Errorf("previous index after the swap: common found %d times, want 3", n)
	}
	if n, err := old.Count(); err != nil || n != 3 {
		t.Errorf("previous index: Count = %d, %v", n, err)
	}
	releaseOld()
	if _, err := old.Count(); err == nil {
		t.Errorf("the previous index is still open after its last release")
	}
	if n := total(t, cur, "common"); n != 4 {
		t.Errorf("new index: common found %d times, want 4", n)
	}
	release()
	if swapped, err := l.Check(); swapped || err != nil {
		t.Errorf("second Check = %v, %v", swapped, err)
	}
}

// TestLiveBadTarget: when path stops naming a usable index, the current one
// goes on serving and Check says why.
func TestLiveBadTarget(t *testing.T) {
	dir := t.TempDir()
	docs, path := filepath.Join(dir, "docs"), filepath.Join(dir, "lipi.bleve")
	liveDocs(t, docs, 2)
	rebuild(t, docs, path)
	l, err := OpenLive(path, LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	serving := l.Dir()
	target, _ := os.Readlink(path)
	foreign := filepath.Join(dir, "foreign")
	os.Mkdir(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("hello"), 0o644)

	for name, point := range map[string]string{"missing": filepath.Join(dir, "nothing"), "foreign": "foreign"} {
		os.Remove(path)
		if err := os.Symlink(point, path); err != nil {
			t.Fatal(err)
		}
		swapped, err := l.Check()
		if swapped || err == nil {
			t.Errorf("%s: Check = %v, %v; want an error", name, swapped, err)
		}
		ix, release := l.Acquire()
		if l.Dir() != serving || ix == nil {
			t.Errorf("%s: serving %s, want %s", name, l.Dir(), serving)
		} else if n := total(t, ix, "common"); n != 2 {
			t.Errorf("%s: common found %d times", name, n)
		}
		release()
	}
	os.Remove(path)
	os.Symlink(target, path)
	if swapped, err := l.Check(); swapped || err != nil {
		t.Errorf("link restored: Check = %v, %v", swapped, err)
	}
}

// TestLiveClose: Close hands out nothing more, but a request that holds
// the index keeps it until it releases it.
func TestLiveClose(t *testing.T) {
	dir := t.TempDir()
	docs, path := filepath.Join(dir, "docs"), filepath.Join(dir, "lipi.bleve")
	liveDocs(t, docs, 2)
	rebuild(t, docs, path)
	l, err := OpenLive(path, LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	held, release := l.Acquire()
	l.Close()
	if ix, r := l.Acquire(); ix != nil {
		t.Errorf("Acquire after Close returned an index")
		r()
	}
	if _, err := l.Check(); !errors.Is(err, ErrLiveClosed) {
		t.Errorf("Check after Close = %v", err)
	}
	if n := total(t, held, "common"); n != 2 {
		t.Errorf("held index after Close: %d hits", n)
	}
	release()
	if _, err := held.Count(); err == nil {
		t.Errorf("index still open after Close and the last release")
	}
	l.Close() // twice is fine
}

// TestLiveOpenErrors: no index, or a foreign directory, is an error.
func TestLiveOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := OpenLive(filepath.Join(dir, "none"), LiveOptions{}); err == nil {
		t.Errorf("OpenLive of nothing succeeded")
	}
	if _, err := OpenLive(dir, LiveOptions{}); !errors.Is(err, ErrNotIndex) {
		t.Errorf("OpenLive of an empty folder = %v, want ErrNotIndex", err)
	}
}

// TestLivePlainDirectory: an index that is a plain directory (built by
// hand) is followed too when a rebuild turns it into a link.
func TestLivePlainDirectory(t *testing.T) {
	dir := t.TempDir()
	docs, path := filepath.Join(dir, "docs"), filepath.Join(dir, "lipi.bleve")
	liveDocs(t, docs, 2)
	res, err := LoadDir(docs, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := Build(path, res.Docs, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	l, err := OpenLive(path, LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	liveDocs(t, docs, 3)
	rebuild(t, docs, path)
	if swapped, err := l.Check(); !swapped || err != nil {
		t.Fatalf("Check after rebuilding a plain index = %v, %v", swapped, err)
	}
	ix, release := l.Acquire()
	defer release()
	if n := total(t, ix, "common"); n != 3 {
		t.Errorf("common found %d times, want 3", n)
	}
}

// TestLiveConcurrent: searches acquire and release while Watch swaps in
// rebuilds; no search sees a closed index (run under -race in CI).
func TestLiveConcurrent(t *testing.T) {
	dir := t.TempDir()
	docs, path := filepath.Join(dir, "docs"), filepath.Join(dir, "lipi.bleve")
	liveDocs(t, docs, 3)
	rebuild(t, docs, path)
	l, err := OpenLive(path, LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go l.Watch(ctx, time.Hour) // only Kick checks

	var stop atomic.Bool
	var searches, failed atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for !stop.Load() {
				ix, release := l.Acquire()
				_, err := ix.Search(context.Background(), Request{Query: "common", NoHighlight: true})
				if _, cerr := ix.Count(); err == nil {
					err = cerr
				}
				release()
				searches.Add(1)
				if err != nil {
					failed.Add(1)
					t.Errorf("search: %v", err)
				}
			}
		})
	}
	for n := 4; n <= 6; n++ {
		liveDocs(t, docs, n)
		rebuild(t, docs, path)
		want := filepath.Base(indextest.LiveDir(t, path))
		l.Kick("test")
		deadline := time.Now().Add(10 * time.Second)
		for filepath.Base(l.Dir()) != want {
			if time.Now().After(deadline) {
				t.Fatalf("Watch did not swap to %s after Kick (serving %s)", want, l.Dir())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	stop.Store(true)
	wg.Wait()
	if searches.Load() == 0 || failed.Load() > 0 {
		t.Errorf("%d searches, %d failed", searches.Load(), failed.Load())
	}
	ix, release := l.Acquire()
	defer release()
	if n := total(t, ix, "common"); n != 6 {
		t.Errorf("after three swaps: common found %d times, want 6", n)
	}
}
