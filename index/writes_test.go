package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lipisearch/lipi/index/indextest"
)

func parseOne(t *testing.T, line string) Document {
	t.Helper()
	docs, err := ParseDocuments(strings.NewReader(line), "test", nil)
	if err != nil || len(docs) != 1 {
		t.Fatalf("parse %q: %v (%d documents)", line, err, len(docs))
	}
	return docs[0]
}

// TestParseDocuments: the loader's format, all or nothing, the first bad
// line named.
func TestParseDocuments(t *testing.T) {
	docs, err := ParseDocuments(strings.NewReader(`{"id":"a","title":"Dikshit wins","lang":"en","category":"politics","desk":"Delhi"}`+"\n\n"+`{"id":"b","body":"दीक्षित जीते"}`+"\n"), "request", []string{"desk"})
	if err != nil || len(docs) != 2 {
		t.Fatalf("got %d documents, %v", len(docs), err)
	}
	if docs[0].Category != "politics" || docs[0].Fields["desk"] != "Delhi" {
		t.Errorf("first document's category and desk: %+v", docs[0])
	}
	if docs[1].Lang != "hi" || len(docs[1].Scripts) == 0 {
		t.Errorf("second document not detected: %+v", docs[1])
	}
	for _, tt := range []struct{ body, want string }{
		{`{"id":"a","title":"x"}` + "\n" + `{"id":"b","title":3}`, "request:2: bad JSON"},
		{`{"id":"a","title":"x"}` + "\n" + `{"id":"a","title":"y"}`, "request:2: duplicate id"},
		{`{"title":"x"}`, "request:1: missing id"},
		{"{\"id\":\"a\",\"title\":\"\xff\"}", "request:1: malformed UTF-8"},
		{`{"id":"a","title":"x","published":"yesterday"}`, "request:1: bad published date"},
	} {
		docs, err := ParseDocuments(strings.NewReader(tt.body), "request", nil)
		var p LoadProblem
		if !errors.As(err, &p) || !strings.HasPrefix(err.Error(), tt.want) || docs != nil {
			t.Errorf("%q: %v (%d documents), want a problem %q and nothing", tt.body, err, len(docs), tt.want)
		}
	}
}

// TestJournalTail: a record cut off by a crash was never acknowledged: the
// writer cuts it off and goes on; a damaged record before others is an
// error, not a silent loss.
func TestJournalTail(t *testing.T) {
	name := filepath.Join(t.TempDir(), "x.journal")
	j, err := openJournal(name)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a", "b"} {
		if err := j.append(&journalRecord{Put: []Document{{ID: id, Title: id}}}); err != nil {
			t.Fatal(err)
		}
	}
	j.close()
	f, _ := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"seq":3,"put":[{"id":"c"`)
	f.Close()

	j, err = openJournal(name)
	if err != nil {
		t.Fatal(err)
	}
	if j.seq != 2 {
		t.Errorf("after a cut-off record: seq %d, want 2", j.seq)
	}
	if err := j.append(&journalRecord{Delete: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	j.close()
	var got []string
	_, last, _, ok, err := readJournal(name, 0, func(_ string, rec *journalRecord) error {
		for _, d := range rec.Put {
			got = append(got, "put "+d.ID)
		}
		for _, id := range rec.Delete {
			got = append(got, "delete "+id)
		}
		return nil
	})
	if err != nil || !ok || last != 3 || strings.Join(got, ",") != "put a,put b,delete a" {
		t.Errorf("read back %q up to %d (%v, %v)", got, last, ok, err)
	}

	data, _ := os.ReadFile(name)
	lines := strings.SplitAfter(string(data), "\n")
	lines[2] = "{damaged\n"
	os.WriteFile(name, []byte(strings.Join(lines, "")), 0o644)
	if _, err := openJournal(name); err == nil || !strings.Contains(err.Error(), "line 3 is damaged") {
		t.Errorf("a damaged record before others: %v", err)
	}
}

func openWritableLive(t *testing.T, path string) *Live {
	t.Helper()
	l, err := OpenLive(path, LiveOptions{Writable: true})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// writableLiveOf3 builds an index of three liveDocs and opens it for
// writing, closed when the test ends; it returns the index's path too.
func writableLiveOf3(t *testing.T) (*Live, string) {
	t.Helper()
	dir := t.TempDir()
	docs, path := filepath.Join(dir, "docs"), filepath.Join(dir, "lipi.bleve")
	liveDocs(t, docs, 3)
	rebuild(t, docs, path)
	l := openWritableLive(t, path)
	t.Cleanup(func() { l.Close() })
	return l, path
}

func liveTotal(t *testing.T, l *Live, q string) uint64 {
	t.Helper()
	ix, release := l.Acquire()
	defer release()
	return total(t, ix, q)
}

// TestLiveWrites: a put is searchable when Put returns, replaces a
// document of the same id, a delete removes it; all of it is on disk for
// the next process, reader or writer.
func TestLiveWrites(t *testing.T) {
	dir := t.TempDir()
	docs, path := filepath.Join(dir, "docs"), filepath.Join(dir, "lipi.bleve")
	liveDocs(t, docs, 3)
	rebuild(t, docs, path)
	l := openWritableLive(t, path)
	if err := l.Put([]Document{parseOne(t, `{"id":"new","title":"Pelican sighted","body":"A common bird."}`)}); err != nil {
		t.Fatal(err)
	}
	if n := liveTotal(t, l, "Pelican"); n != 1 {
		t.Errorf("Pelican: %d hits after the put, want 1", n)
	}
	if err := l.Put([]Document{parseOne(t, `{"id":"new","title":"Albatross sighted","body":"A common bird."}`)}); err != nil {
		t.Fatal(err)
	}
	if p, a := liveTotal(t, l, "Pelican"), liveTotal(t, l, "Albatross"); p != 0 || a != 1 {
		t.Errorf("after replacing: Pelican %d, Albatross %d hits, want 0 and 1", p, a)
	}
	if err := l.Delete("doc0"); err != nil {
		t.Fatal(err)
	}
	if err := l.Delete("doc0"); !errors.Is(err, ErrNoDocument) {
		t.Errorf("deleting a missing document: %v, want ErrNoDocument", err)
	}
	if n := liveTotal(t, l, "common"); n != 3 {
		t.Errorf("common: %d hits, want 3 (two of the folder's, the new one)", n)
	}
	l.Close()

	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := total(t, ix, "common"); n != 3 {
		t.Errorf("opened by the next process: %d hits, want 3", n)
	}
	ix.Close()
}

// TestLiveCatchesUp: writes in the journal that the index does not hold
// (a crash before scorch persisted them) are applied when it is opened.
func TestLiveCatchesUp(t *testing.T) {
	dir := t.TempDir()
	docs, path := filepath.Join(dir, "docs"), filepath.Join(dir, "lipi.bleve")
	liveDocs(t, docs, 2)
	rebuild(t, docs, path)
	// Written to the journal only, as a crash between the append and
	// the index would leave it.
	j, err := openJournal(journalPath(path))
	if err != nil {
		t.Fatal(err)
	}
	j.append(&journalRecord{Put: []Document{parseOne(t, `{"id":"n1","title":"Pelican one"}`)}})
	j.append(&journalRecord{Delete: []string{"doc1"}})
	j.close()
	l := openWritableLive(t, path)
	defer l.Close()
	if p, c := liveTotal(t, l, "Pelican"), liveTotal(t, l, "common"); p != 1 || c != 1 {
		t.Errorf("after catching up: Pelican %d, common %d hits, want 1 and 1", p, c)
	}
}

// TestRebuildKeepsWrites: a rebuild while a server writes replays the
// journal after the folder, the server serves the new index with the
// writes made since, and removes the build it let go of.
func TestRebuildKeepsWrites(t *testing.T) {
	l, path := writableLiveOf3(t)
	dir := filepath.Dir(path)
	docs := filepath.Join(dir, "docs")
	first := indextest.LiveDir(t, path)
	if err := l.Put([]Document{parseOne(t, `{"id":"p1","title":"Pelican"}`)}); err != nil {
		t.Fatal(err)
	}
	if err := l.Delete("doc0"); err != nil {
		t.Fatal(err)
	}
	// A write the rebuild does not see: made after it read the journal.
	err := Rebuild(docs, path, RebuildOptions{AtStep: func(step string) {
		if step == "verify" {
			if err := l.Put([]Document{parseOne(t, `{"id":"p2","title":"Heron"}`)}); err != nil {
				t.Error(err)
			}
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, first)); err != nil {
		t.Errorf("the build the server still writes to was removed: %v", err)
	}
	if swapped, err := l.Check(); !swapped || err != nil {
		t.Fatalf("check: %v, %v", swapped, err)
	}
	for q, want := range map[string]uint64{"Pelican": 1, "Heron": 1, "common": 2} {
		if n := liveTotal(t, l, q); n != want {
			t.Errorf("%s: %d hits after the rebuild, want %d", q, n, want)
		}
	}
	ix, release := l.Acquire()
	n, _ := ix.Count()
	release()
	if n != 4 {
		t.Errorf("%d documents after the rebuild, want 4", n)
	}
	if _, err := os.Stat(filepath.Join(dir, first)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the previous build is still there after the switch: %v", err)
	}
}

// TestHeldIndex: while a server writes to an index, no other process may
// open it, and the message names the server; while one reads it, no
// server may open it for writes.
func TestHeldIndex(t *testing.T) {
	dir := t.TempDir()
	docs, path := filepath.Join(dir, "docs"), filepath.Join(dir, "lipi.bleve")
	liveDocs(t, docs, 2)
	rebuild(t, docs, path)
	l := openWritableLive(t, path)
	var held *HeldError
	_, err := Open(path)
	if !errors.As(err, &held) || held.Writer.PID != os.Getpid() || !strings.Contains(err.Error(), "held by a writing lipi serve") {
		t.Errorf("search while a server writes: %v", err)
	}
	for _, writable := range []bool{false, true} {
		if _, err := OpenLive(path, LiveOptions{Writable: writable}); !errors.As(err, &held) || held.Writer.PID != os.Getpid() {
			t.Errorf("second server (writable %v) while one writes: %v", writable, err)
		}
	}
	l.Close()

	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	reader, err := OpenLive(path, LiveOptions{})
	if err != nil {
		t.Errorf("a read-only server beside a search: %v", err)
	} else {
		reader.Close()
	}
	if _, err := OpenLive(path, LiveOptions{Writable: true}); !errors.As(err, &held) || held.Writer.PID != 0 || !strings.Contains(err.Error(), "open in another process") {
		t.Errorf("a writing server while a search reads: %v", err)
	}
	ix.Close()
	l = openWritableLive(t, path)
	l.Close()
}

// TestLiveWritesMerge: the small segments that live writes make are
// merged in the background, as scorch's planner merges them, although the
// build that made the index merged only once, at its end.
func TestLiveWritesMerge(t *testing.T) {
	l, path := writableLiveOf3(t)
	const writes = 30
	for i := range writes {
		if err := l.Put([]Document{parseOne(t, fmt.Sprintf(`{"id":"w%d","title":"Write %d","body":"A common note."}`, i, i))}); err != nil {
			t.Fatal(err)
		}
	}
	segments := func() int {
		files, err := filepath.Glob(filepath.Join(path, "store", "*.zap"))
		if err != nil {
			t.Fatal(err)
		}
		return len(files)
	}
	deadline := time.Now().Add(20 * time.Second)
	for segments() > writes/3 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := segments(); n > writes/3 {
		t.Errorf("%d segment files after %d writes: the small segments were not merged", n, writes)
	}
	if n := liveTotal(t, l, "common"); n != 3+writes {
		t.Errorf("common: %d hits, want %d", n, 3+writes)
	}
}
