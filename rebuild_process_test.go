package main

// The tests here run `lipi index` and `lipi search` as processes (this test
// binary run as lipi, see TestMain) on real directories, and kill rebuilds
// with SIGKILL; they skip under -short. The rebuild's own tests, in
// process, are index's.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lipisearch/lipi/index"
	"github.com/lipisearch/lipi/index/indextest"
)

// rebuildSteps are the steps of a rebuild, in order
// (index.RebuildOptions.AtStep).
var rebuildSteps = []string{"load", "build", "verify", "swap1", "swap2", "swap3"}

// mustIndex runs `lipi index` and fails the test unless it succeeds.
func mustIndex(t *testing.T, docs, path string) lipiRun {
	t.Helper()
	r := runLipi(t, "index", "--docs", docs, "--index", path)
	if r.code != 0 {
		t.Fatalf("lipi index --docs %s --index %s: exit %d\n%s", docs, path, r.code, r.stderr)
	}
	return r
}

// hitsOf returns the hits of q in the index at path as indextest.HitLines,
// from `lipi search` run in process.
func hitsOf(t *testing.T, path, q string) []string {
	t.Helper()
	r := runIn("search", "--index", path, "--size", "100", "--json", "--", q)
	var resp index.Response
	if err := json.Unmarshal([]byte(r.stdout), &resp); err != nil || r.code != 0 {
		t.Fatalf("lipi search --index %s -- %s: exit %d, %v\n%s", path, q, r.code, err, r.stderr)
	}
	hits := make([]indextest.Hit, len(resp.Hits))
	for i, h := range resp.Hits {
		hits[i] = indextest.Hit{ID: h.ID, Score: h.Score}
	}
	return indextest.HitLines(resp.Total, hits)
}

// startPaused starts `lipi index` held at the rebuild step point and
// returns once it has printed "paused at POINT".
func startPaused(t *testing.T, point, docs, path string) *lipiProc {
	t.Helper()
	p := startLipi(t, []string{pauseAtEnv + "=" + point, pauseForEnv + "=5m"}, "index", "--docs", docs, "--index", path)
	p.log.wait(t, "paused at "+point, time.Minute)
	return p
}

// kill ends p with SIGKILL and waits until it is gone.
func kill(t *testing.T, p *lipiProc) {
	t.Helper()
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.exited:
	case <-time.After(5 * time.Second):
		t.Fatalf("pid %d still running after SIGKILL", p.cmd.Process.Pid)
	}
}

// TestRebuildKilled kills `lipi index` with SIGKILL at every step of a
// rebuild: the index keeps answering the same query with the same hits,
// and the next rebuild succeeds and clears what the killed one left.
func TestRebuildKilled(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	indextest.WriteDocs(t, docs, 3000, 3, 30)
	path := filepath.Join(dir, "data", "lipi.bleve")
	mustIndex(t, docs, path)
	want := hitsOf(t, path, indextest.Query)
	if len(want) < 100 {
		t.Fatalf("query %q: %d hits, want at least 99 to compare", indextest.Query, len(want)-1)
	}
	// Not the index's: a later rebuild must leave it alone.
	foreign := filepath.Join(dir, "data", "lipi.bleve.backup")
	if err := os.WriteFile(foreign, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, point := range rebuildSteps {
		t.Run(point, func(t *testing.T) {
			before := indextest.LiveDir(t, path)
			// What an older killed build left: the next rebuild removes it.
			stale := filepath.Join(dir, "data", "lipi.bleve.20000101T000000.000000000")
			if err := os.MkdirAll(filepath.Join(stale, "store"), 0o755); err != nil {
				t.Fatal(err)
			}
			p := startPaused(t, point, docs, path)
			switch point {
			case "build":
				if n := len(indextest.Siblings(t, path)); n < 5 {
					t.Errorf("paused in the build: %q, want a partial build directory", indextest.Siblings(t, path))
				}
			case "swap1":
				if _, err := os.Lstat(path + ".link-tmp"); err != nil {
					t.Errorf("paused at swap1: %v, want the new link", err)
				}
			case "swap3":
				if _, err := os.Stat(filepath.Join(dir, "data", before)); err == nil {
					t.Errorf("paused at swap3: the previous index %s is still there", before)
				}
			}
			kill(t, p)

			after := indextest.LiveDir(t, path)
			swapped := point == "swap2" || point == "swap3"
			if swapped == (after == before) {
				t.Errorf("killed at %s: the index points at %s (before: %s), want it swapped: %v", point, after, before, swapped)
			}
			if got := hitsOf(t, path, indextest.Query); !slices.Equal(got, want) {
				t.Errorf("killed at %s: hits of %q changed:\n got %q\nwant %q", point, indextest.Query, got, want)
			}
			mustIndex(t, docs, path)
			if got := hitsOf(t, path, indextest.Query); !slices.Equal(got, want) {
				t.Errorf("the rebuild after a kill at %s: hits of %q changed:\n got %q\nwant %q", point, indextest.Query, got, want)
			}
			indextest.CheckClean(t, path, filepath.Base(foreign))
		})
	}
}

// TestRebuildLock: a second rebuild of an index refuses at once, naming
// the running one, and leaves its partial build alone; once the first is
// killed, its lock no longer blocks.
func TestRebuildLock(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	indextest.WriteDocs(t, docs, 1500, 2, 20)
	path := filepath.Join(dir, "lipi.bleve")
	mustIndex(t, docs, path)
	want := hitsOf(t, path, indextest.Query)

	holder := startPaused(t, "build", docs, path)
	partial := indextest.Siblings(t, path)
	start := time.Now()
	r := runLipi(t, "index", "--docs", docs, "--index", path)
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the second rebuild took %v to refuse, want at once", took)
	}
	host, _ := os.Hostname()
	msg := strings.TrimSpace(r.stderr)
	if r.code != 1 || strings.Contains(msg, "\n") {
		t.Errorf("second rebuild: exit %d, stderr %q; want exit 1 and one line", r.code, r.stderr)
	}
	for _, s := range []string{"another rebuild of " + path + " is running", fmt.Sprintf("pid %d", holder.cmd.Process.Pid), host, "started"} {
		if !strings.Contains(msg, s) {
			t.Errorf("second rebuild said %q, want it to name %q", msg, s)
		}
	}
	if got := indextest.Siblings(t, path); !slices.Equal(got, partial) {
		t.Errorf("the refused rebuild changed the directory: %q, want %q (the running build's directory kept)", got, partial)
	}
	if got := hitsOf(t, path, indextest.Query); !slices.Equal(got, want) {
		t.Errorf("hits changed while two rebuilds ran:\n got %q\nwant %q", got, want)
	}

	kill(t, holder)
	mustIndex(t, docs, path)
	indextest.CheckClean(t, path)
	if got := hitsOf(t, path, indextest.Query); !slices.Equal(got, want) {
		t.Errorf("hits changed after the rebuild:\n got %q\nwant %q", got, want)
	}
}

// TestRebuildOutput: off a terminal, `lipi index` prints one summary line
// (and a line per skipped input); --quiet prints nothing.
func TestRebuildOutput(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	indextest.WriteDocs(t, docs, 600, 2, 10)
	os.WriteFile(filepath.Join(docs, "broken.jsonl"), []byte("{not json\n"), 0o644)
	path := filepath.Join(dir, "lipi.bleve")

	r := mustIndex(t, docs, path)
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	summary := regexp.MustCompile(`^index .*lipi\.bleve ready: 600 documents from 3 files in [0-9.]+s \([0-9]+ docs/s\), [0-9.]+ [KM]?B on disk; skipped 1 \(1 bad JSON\)$`)
	if len(lines) != 2 || !strings.Contains(lines[0], "broken.jsonl:1: bad JSON") || !summary.MatchString(lines[1]) {
		t.Errorf("stderr off a terminal:\n%s\nwant the skipped line and a summary matching %s", r.stderr, summary)
	}
	if strings.Contains(r.stderr, "\r") || r.stdout != "" {
		t.Errorf("stdout %q, stderr %q: want no status line off a terminal, nothing on stdout", r.stdout, r.stderr)
	}

	os.Remove(filepath.Join(docs, "broken.jsonl"))
	r = runLipi(t, "index", "--quiet", "--docs", docs, "--index", path)
	if r.code != 0 || r.stderr != "" || r.stdout != "" {
		t.Errorf("lipi index --quiet: exit %d, stdout %q, stderr %q; want 0 and nothing", r.code, r.stdout, r.stderr)
	}
}

// TestIndexRefusesForeign: `lipi index` over a folder that is not an index
// exits 1 with one line refusing.
func TestIndexRefusesForeign(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	indextest.WriteDocs(t, docs, 30, 1, 10)
	folder := filepath.Join(dir, "folder")
	if err := os.MkdirAll(filepath.Join(folder, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(folder, "notes.txt"), []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(folder, "sub", "more.txt"), []byte("mine too"), 0o644)
	r := runLipi(t, "index", "--docs", docs, "--index", folder)
	if r.code != 1 || !strings.Contains(r.stderr, "refusing") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("lipi index over a folder: exit %d, stderr %q; want 1 and one line refusing", r.code, r.stderr)
	}
}

// TestSearchDamaged: `lipi search` on a damaged, missing or foreign index
// exits 1 with one line on stderr, never a panic.
func TestSearchDamaged(t *testing.T) {
	cases := indextest.DamagedIndexes(t, t.TempDir(), func(docs, path string) { mustIndex(t, docs, path) })
	noticed := 0 // searches of noisy segments that failed
	for name, path := range cases {
		t.Run(name, func(t *testing.T) {
			queries := indextest.DamagedQueries
			if !strings.HasPrefix(name, "noisy segment") {
				queries = queries[:1] // these fail to open
			}
			for _, q := range queries {
				r := runLipi(t, "search", "--index", path, "--", q)
				lines := strings.Count(r.stderr, "\n")
				switch {
				case strings.HasPrefix(name, "noisy segment") && r.code == 0 && r.stderr == "":
					t.Logf("%s: the noise missed what this query reads", q)
				case r.code != 1 || lines != 1 || !strings.HasPrefix(r.stderr, "lipi search: ") || strings.Contains(r.stderr, "panic"):
					t.Errorf("lipi search --index %q -- %s: exit %d, stderr:\n%s\nwant exit 1 and one line", path, q, r.code, r.stderr)
				default:
					if strings.HasPrefix(name, "noisy segment") {
						noticed++
					}
					t.Logf("%s: %s", q, strings.TrimSpace(r.stderr))
				}
			}
		})
	}
	if noticed == 0 {
		t.Errorf("no search of a noisy segment failed: the noise no longer tests anything")
	}
}
