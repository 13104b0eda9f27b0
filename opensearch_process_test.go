package main

// The OpenSearch backend driven as users drive it: `lipi index|search|serve
// --backend opensearch` as processes against the real test cluster
// (index/opensearch/cluster), rebuilds killed with SIGKILL at each step,
// and a node killed and the alias moved under a search load.

import (
	"context"
	"encoding/json"
	"fmt"
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

	"github.com/lipisearch/lipi/index"
	"github.com/lipisearch/lipi/index/opensearch/cluster"
)

// clusterArgs are the flags that put a command on the cluster's alias.
func clusterArgs(urls []string, alias string) []string {
	return []string{"--backend", "opensearch", "--opensearch", strings.Join(urls, ","), "--opensearch-index", alias}
}

func testAlias(t *testing.T) string {
	name := strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()))
	return fmt.Sprintf("lipitest-%s-%d", name, time.Now().UnixNano()%1e9)
}

// dropAlias deletes the alias's indexes when t ends.
func dropAlias(t *testing.T, urls []string, alias string) {
	t.Cleanup(func() {
		req, _ := http.NewRequest(http.MethodDelete, urls[0]+"/"+alias+"-*", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	})
}

// clusterIndexes are the concrete indexes of an alias.
func clusterIndexes(t *testing.T, urls []string, alias string) []string {
	t.Helper()
	resp, err := http.Get(urls[0] + "/_cat/indices/" + alias + "-*?h=index&format=json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var rows []struct{ Index string }
	if err := json.NewDecoder(resp.Body).Decode(&rows); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.Index)
	}
	slices.Sort(out)
	return out
}

// seedAlias builds the seeds into a new alias with `lipi index` in
// process and returns the flags that name it.
func seedAlias(t *testing.T, urls []string) []string {
	t.Helper()
	alias := testAlias(t)
	dropAlias(t, urls, alias)
	osArgs := clusterArgs(urls, alias)
	if r := runIn(append([]string{"index", "--docs", "seeds"}, osArgs...)...); r.code != 0 {
		t.Fatalf("building the seeds on the cluster: %s", r.stderr)
	}
	return osArgs
}

// searchJSON runs `lipi search --json` in process.
func searchJSON(t *testing.T, args ...string) *index.Response {
	t.Helper()
	r := runIn(append([]string{"search", "--json", "--size", "100"}, args...)...)
	if r.code != 0 {
		t.Fatalf("lipi search %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	var resp index.Response
	if err := json.Unmarshal([]byte(r.stdout), &resp); err != nil {
		t.Fatal(err)
	}
	return &resp
}

// TestClusterCommands: index, search and serve on the cluster answer as
// on the embedded index; a cluster that is down is a one-line error and
// a 503 backend_unavailable.
func TestClusterCommands(t *testing.T) {
	c := cluster.ForTest(t)
	urls := c.URLs()
	alias := testAlias(t)
	dropAlias(t, urls, alias)
	osArgs := clusterArgs(urls, alias)

	r := runLipi(t, append([]string{"index", "--docs", "seeds"}, osArgs...)...)
	r.check(t, "lipi index --backend opensearch", 0, "loaded 3 documents")

	embedded := seedIndex(t)
	for _, q := range []string{"Dixit", "दीक्षित", "Putin", `"Ashutosh Dikshit"`} {
		got := searchJSON(t, append(osArgs, "--", q)...)
		want := searchJSON(t, "--index", embedded, "--", q)
		if got.Total != want.Total || !slices.Equal(sortedIDs(got), sortedIDs(want)) {
			t.Errorf("%s: the cluster finds %v (total %d), the embedded index %v (total %d)", q, sortedIDs(got), got.Total, sortedIDs(want), want.Total)
			continue
		}
		byID := map[string]index.Hit{}
		for _, h := range want.Hits {
			byID[h.ID] = h
		}
		for _, h := range got.Hits {
			w := byID[h.ID]
			gf, _ := json.Marshal(h.Fragments)
			wf, _ := json.Marshal(w.Fragments)
			gm, _ := json.Marshal(h.Matches)
			wm, _ := json.Marshal(w.Matches)
			if string(gf) != string(wf) || string(gm) != string(wm) || h.Match != w.Match {
				t.Errorf("%s, hit %s: cluster fragments %s matches %s (%s); embedded %s %s (%s)", q, h.ID, gf, gm, h.Match, wf, wm, w.Match)
			}
		}
	}

	// serve, through a relay that the test then cuts.
	relay := cluster.StartRelay(t, strings.TrimPrefix(urls[0], "http://"))
	p := startServe(t, nil, clusterArgs([]string{relay.URL()}, alias)...)
	status, body := get(t, p.base+"/api/search?q=Dixit")
	var resp index.Response
	if err := json.Unmarshal(body, &resp); status != http.StatusOK || err != nil || resp.Total != 3 {
		t.Fatalf("serve on the cluster: %d %s", status, body)
	}
	if status, body := get(t, p.base+"/api/health"); status != http.StatusOK || !strings.Contains(string(body), `"documents":3`) {
		t.Errorf("health: %d %s", status, body)
	}
	relay.Close()
	for _, path := range []string{"/api/search?q=Dixit", "/api/health", "/api/documents/001_5bda542212b799a6"} {
		status, body := get(t, p.base+path)
		if status != http.StatusServiceUnavailable || !strings.Contains(string(body), `"code":"backend_unavailable"`) {
			t.Errorf("%s with the cluster cut off: %d %s, want 503 backend_unavailable", path, status, body)
		}
	}

	// A cluster no node of which answers: one line, exit 1.
	dead := []string{relay.URL()}
	r = runLipi(t, append([]string{"search"}, append(clusterArgs(dead, alias), "--", "Dixit")...)...)
	if r.code != 1 || !r.oneLine() || !strings.Contains(r.stderr, "unavailable") {
		t.Errorf("search of a cluster that is down: exit %d, stderr %q", r.code, r.stderr)
	}
	r = runLipi(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, clusterArgs(dead, alias)...)...)
	if r.code != 1 || !strings.Contains(r.stderr, "unavailable") {
		t.Errorf("serve of a cluster that is down: exit %d, stderr %q", r.code, r.stderr)
	}
	// Usage errors: exit 2 before anything is sent.
	for _, args := range [][]string{
		{"search", "--backend", "nope", "x"},
		{"search", "--backend", "opensearch", "x"},
		{"search", "--opensearch", urls[0], "x"},
		{"index", "--backend", "opensearch", "--opensearch", urls[0], "--opensearch-index", "Upper"},
		{"serve", "--backend", "opensearch", "--opensearch", "127.0.0.1:9200"},
		{"serve", "--backend", "opensearch", "--opensearch", urls[0], "--api-keys", "/nonexistent/keys"},
	} {
		if r := runIn(args...); r.code != 2 {
			t.Errorf("lipi %s: exit %d, want 2 (%s)", strings.Join(args, " "), r.code, r.stderr)
		}
	}
}

func sortedIDs(resp *index.Response) []string {
	var out []string
	for _, h := range resp.Hits {
		out = append(out, h.ID)
	}
	slices.Sort(out)
	return out
}

// TestClusterRebuildKilled kills `lipi index --backend opensearch` with
// SIGKILL at every step: the alias answers as before (or, once moved, with
// the new build), and the next rebuild succeeds at once (the killed
// process's lock is taken over) and leaves one index.
func TestClusterRebuildKilled(t *testing.T) {
	c := cluster.ForTest(t)
	urls := c.URLs()
	osArgs := seedAlias(t, urls)
	two := t.TempDir()
	for _, name := range []string{"000_311e7184e0d3fb2c.txt", "001_5bda542212b799a6.txt"} {
		data, err := os.ReadFile(filepath.Join("seeds", name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(two, name), data, 0o644)
	}
	for _, point := range rebuildSteps {
		t.Run(point, func(t *testing.T) {
			p := startLipi(t, []string{pauseAtEnv + "=" + point, pauseForEnv + "=5m"}, append([]string{"index", "--docs", two}, osArgs...)...)
			p.log.wait(t, "paused at "+point, 2*time.Minute)
			kill(t, p)
			moved := point == "swap2" || point == "swap3"
			want := uint64(3)
			if moved {
				want = 2
			}
			if got := searchJSON(t, append(osArgs, "--", "Dixit")...); got.Total != want {
				t.Errorf("killed at %s: the alias finds %d, want %d", point, got.Total, want)
			}
			start := time.Now()
			if r := runIn(append([]string{"index", "--docs", "seeds"}, osArgs...)...); r.code != 0 {
				t.Fatalf("the rebuild after one killed at %s: exit %d: %s", point, r.code, r.stderr)
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("the rebuild after one killed at %s took %v: the lock was not taken over at once", point, d)
			}
			if got := searchJSON(t, append(osArgs, "--", "Dixit")...); got.Total != 3 {
				t.Errorf("after the next rebuild: %d, want 3", got.Total)
			}
			if left := clusterIndexes(t, urls, osArgs[len(osArgs)-1]); len(left) != 1 {
				t.Errorf("after the next rebuild: indexes %v, want one", left)
			}
		})
	}
}

// TestClusterFaults: a 60-second search load of 8 clients on `lipi serve
// --backend opensearch` loses no search while one node is killed with
// SIGKILL and while the alias moves to a new build.
func TestClusterFaults(t *testing.T) {
	c := cluster.ForFaults(t)
	urls := c.URLs()
	osArgs := seedAlias(t, urls)
	p := startServe(t, nil, osArgs...)
	queries := []string{"Dixit", "दीक्षित", "দীক্ষিত", "Putin", "Russia", `"Ashutosh Dikshit"`, "Modi", "Delhi"}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var ok, failed atomic.Int64
	var mu sync.Mutex
	var failures []string
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 30 * time.Second}
			for i := w; ctx.Err() == nil; i++ {
				resp, err := client.Get(p.base + "/api/search?q=" + url.QueryEscape(queries[i%len(queries)]))
				if err != nil {
					if ctx.Err() != nil {
						return
					}
					failed.Add(1)
					mu.Lock()
					failures = append(failures, err.Error())
					mu.Unlock()
					continue
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					failed.Add(1)
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%s: %d", queries[i%len(queries)], resp.StatusCode))
					mu.Unlock()
					continue
				}
				ok.Add(1)
			}
		}()
	}
	const victim = 1
	time.Sleep(10 * time.Second)
	if err := c.Kill(victim); err != nil {
		t.Fatal(err)
	}
	t.Logf("killed node %d at 10 s", victim)
	time.Sleep(10 * time.Second)
	if r := runIn(append([]string{"index", "--docs", "seeds"}, osArgs...)...); r.code != 0 {
		t.Errorf("rebuild (alias swap) with a node down: exit %d: %s", r.code, r.stderr)
	} else {
		t.Log("alias moved to a new build")
	}
	time.Sleep(5 * time.Second)
	if r := runIn(append([]string{"index", "--docs", "seeds"}, osArgs...)...); r.code != 0 {
		t.Errorf("second rebuild (alias swap): exit %d: %s", r.code, r.stderr)
	}
	if err := c.Restart(context.Background(), victim); err != nil {
		t.Errorf("restart node %d: %v", victim, err)
	}
	<-ctx.Done()
	wg.Wait()
	t.Logf("%d searches answered, %d lost", ok.Load(), failed.Load())
	if failed.Load() > 0 {
		t.Errorf("%d of %d searches lost; first: %v", failed.Load(), failed.Load()+ok.Load(), failures[:min(5, len(failures))])
	}
	if ok.Load() < 100 {
		t.Errorf("only %d searches answered in 60 s", ok.Load())
	}
}

// TestClusterWrites: documents written through the API of a server on the
// cluster are searchable at once, survive a rebuild run beside the
// writes and a kill -9 of the server, and a deleted one stays deleted.
func TestClusterWrites(t *testing.T) {
	c := cluster.ForTest(t)
	urls := c.URLs()
	osArgs := seedAlias(t, urls)
	keys := filepath.Join(t.TempDir(), "keys")
	if err := os.WriteFile(keys, []byte(testWriteKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := startServe(t, nil, append([]string{"--api-keys", keys}, osArgs...)...)
	const n = 10
	for i := range n {
		putDoc(t, p.base, fmt.Sprintf("k%02d", i), fmt.Sprintf("Kestrel report %d", i))
	}
	if ids := searchIDs(t, p.base, "Kestrel"); len(ids) != n {
		t.Fatalf("written documents found at once: %d, want %d", len(ids), n)
	}
	req, _ := http.NewRequest(http.MethodDelete, p.base+"/api/documents/001_5bda542212b799a6", nil)
	req.Header.Set("Authorization", "Bearer "+testWriteKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("DELETE of a seed: %d", resp.StatusCode)
	}

	rebuilt := make(chan lipiRun, 1)
	go func() { rebuilt <- runLipi(t, append([]string{"index", "--docs", "seeds"}, osArgs...)...) }()
	for i := n; i < 3*n; i++ {
		putDoc(t, p.base, fmt.Sprintf("k%02d", i), fmt.Sprintf("Kestrel report %d", i))
	}
	r := <-rebuilt
	r.check(t, "lipi index --backend opensearch beside a writing server", 0, "writes made through the API replayed")

	kill(t, p)
	p2 := startServe(t, nil, osArgs...)
	var missing []string
	for i := range 3 * n {
		if id := fmt.Sprintf("k%02d", i); !hasDoc(t, p2.base, id) {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		t.Errorf("after a rebuild beside the writes and kill -9, written documents missing: %v", missing)
	}
	if hasDoc(t, p2.base, "001_5bda542212b799a6") {
		t.Error("a document deleted through the API came back with the rebuild")
	}
	if ids := searchIDs(t, p2.base, "Kestrel"); len(ids) != 3*n {
		t.Errorf("search after the rebuild: %d hits, want %d", len(ids), 3*n)
	}
	// Without --api-keys the server on the cluster takes no writes.
	req, _ = http.NewRequest(http.MethodPut, p2.base+"/api/documents/k-refused", strings.NewReader(`{"title":"x"}`))
	req.Header.Set("Authorization", "Bearer "+testWriteKey)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a write to a server without --api-keys: %d, want 403", resp.StatusCode)
	}
}
