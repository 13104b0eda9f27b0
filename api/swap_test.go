package api

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index"
)

// searchIDs runs a search and returns the ids it found.
func searchIDs(t *testing.T, base, q string) []string {
	t.Helper()
	resp, err := client.Get(base + "/api/search?" + url.Values{"q": {q}, "size": {"100"}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r index.Response
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("search %q: %d %v", q, resp.StatusCode, err)
	}
	var ids []string
	for _, h := range r.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// openFilesUnder lists the files this process has open below dir (Linux
// /proc; nil elsewhere).
func openFilesUnder(dir string) []string {
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return nil
	}
	var open []string
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && strings.HasPrefix(target, dir) {
			open = append(open, target)
		}
	}
	return open
}

// TestLiveSwap: clients search without pause while the index is rebuilt
// and swapped three times, each rebuild adding a document. No request
// fails, each new document is found after its swap, and every previous
// index is closed once its searches are done.
func TestLiveSwap(t *testing.T) {
	docs := copySeeds(t)
	ts := startServer(t, docs, Options{}, nil)
	parent := filepath.Dir(ts.indexPath)

	var (
		stop     atomic.Bool
		requests atomic.Int64
		mu       sync.Mutex
		failures []string
	)
	var wg sync.WaitGroup
	for c := range 4 {
		wg.Go(func() {
			targets := []string{
				"/api/search?q=Dikshit",
				"/api/search?" + url.Values{"q": {"দীক্ষিত"}, "lang": {"bn"}}.Encode(),
				"/api/documents/000_311e7184e0d3fb2c",
				"/api/health",
			}
			for i := c; !stop.Load(); i++ {
				target := targets[i%len(targets)]
				resp, err := client.Get(ts.base + target)
				requests.Add(1)
				if err != nil {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%s: %v", target, err))
					mu.Unlock()
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%s: %d %v %.200s", target, resp.StatusCode, err, body))
					mu.Unlock()
				}
			}
		})
	}

	words := []string{"Kestrelford", "Marigoldham", "Pemberlyton"}
	for round, word := range words {
		id := fmt.Sprintf("added-%d", round+1)
		if ids := searchIDs(t, ts.base, word); len(ids) != 0 {
			t.Fatalf("round %d: %q found %v before its document was added", round+1, word, ids)
		}
		text := fmt.Sprintf("%s opens a new bridge\n\nThe town of %s opened a bridge across the river on Monday.\n", word, word)
		if err := os.WriteFile(filepath.Join(docs, id+".txt"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		before := ts.live.Dir()
		if err := index.Rebuild(docs, ts.indexPath, index.RebuildOptions{Synonyms: analyzers.DefaultSynonyms()}); err != nil {
			t.Fatalf("round %d: rebuild: %v", round+1, err)
		}
		if _, err := os.Stat(before); !os.IsNotExist(err) {
			t.Errorf("round %d: the previous build %s is still there (%v): the test does not exercise a deleted index", round+1, before, err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for !slices.Contains(searchIDs(t, ts.base, word), id) {
			if time.Now().After(deadline) {
				t.Fatalf("round %d: %q not found 10s after its rebuild (serving %s)", round+1, word, ts.live.Dir())
			}
			time.Sleep(10 * time.Millisecond)
		}
		// Every earlier addition is there too: the swap is to the newest
		// build, not an older one.
		for _, w := range words[:round] {
			if len(searchIDs(t, ts.base, w)) != 1 {
				t.Errorf("round %d: %q no longer found", round+1, w)
			}
		}
	}
	time.Sleep(50 * time.Millisecond) // the clients keep searching the last index
	stop.Store(true)
	wg.Wait()

	t.Logf("%d requests during 3 swaps", requests.Load())
	if len(failures) > 0 {
		t.Errorf("%d failed requests, e.g. %s", len(failures), strings.Join(failures[:min(5, len(failures))], "\n"))
	}
	if requests.Load() < 20 {
		t.Errorf("only %d requests ran during the swaps", requests.Load())
	}
	// The previous indexes are closed: nothing of theirs is still open
	// (the server holds the lock of the path it serves, not of a build).
	live := ts.live.Dir()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var stale []string
		for _, f := range openFilesUnder(parent) {
			if !strings.HasPrefix(f, live+string(filepath.Separator)) && !strings.HasSuffix(f, ".writer.lock") {
				stale = append(stale, f)
			}
		}
		if len(stale) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("files of previous indexes still open after the swaps: %v", stale)
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
}
