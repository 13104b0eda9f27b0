package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const testWriteKey = "process-test-key-0123456789"

// putDoc writes one document through the server at base and fails the
// test unless it is acknowledged.
func putDoc(t *testing.T, base, id, title string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPut, base+"/api/documents/"+id, strings.NewReader(fmt.Sprintf(`{"title":%q}`, title)))
	req.Header.Set("Authorization", "Bearer "+testWriteKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("PUT %s: %v", id, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PUT %s: %d %s", id, resp.StatusCode, body)
	}
}

// hasDoc tells whether the server at base has the document id.
func hasDoc(t *testing.T, base, id string) bool {
	t.Helper()
	resp, err := http.Get(base + "/api/documents/" + id)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// TestServeWrites: what other processes do beside a server that writes
// to an index — lipi search and a second lipi serve fail at once with
// one line naming it, lipi index rebuilds it and the server goes on with
// every write — and kill -9 after a write's 200 loses nothing.
func TestServeWrites(t *testing.T) {
	path := seedIndex(t)
	keys := filepath.Join(t.TempDir(), "keys")
	if err := os.WriteFile(keys, []byte(testWriteKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := startServe(t, nil, "--index", path, "--api-keys", keys, "--watch", "50ms")
	pid := fmt.Sprintf("pid %d", p.cmd.Process.Pid)
	const n = 20
	for i := range n {
		putDoc(t, p.base, fmt.Sprintf("k%02d", i), fmt.Sprintf("Kestrel report %d", i))
	}

	r := runLipi(t, "search", "--index", path, "Kestrel")
	r.check(t, "lipi search beside a writing server", 1, pid)
	if !r.oneLine() || !strings.Contains(r.stderr, "held by a writing lipi serve") {
		t.Errorf("lipi search beside a writing server: %q, want one line naming the server", r.stderr)
	}
	for _, extra := range [][]string{nil, {"--api-keys", keys}} {
		second := startLipi(t, nil, append([]string{"serve", "--addr", "127.0.0.1:0", "--index", path}, extra...)...)
		if code := second.waitExit(t, 30*time.Second); code != 1 {
			t.Errorf("a second lipi serve %v beside a writing one: exit %d, want 1", extra, code)
		}
		if _, ok := second.log.find(pid); !ok {
			t.Errorf("a second lipi serve %v: its error does not name the writing server:\n%s", extra, second.log)
		}
	}

	// A rebuild while the server writes: it replays the writes, and the
	// server switches to it with those made meanwhile.
	rebuilt := make(chan lipiRun, 1)
	go func() { rebuilt <- runLipi(t, "index", "--docs", "seeds", "--index", path) }()
	for i := n; i < 2*n; i++ {
		putDoc(t, p.base, fmt.Sprintf("k%02d", i), fmt.Sprintf("Kestrel report %d", i))
	}
	if r := <-rebuilt; r.code != 0 {
		t.Fatalf("lipi index beside a writing server: exit %d\n%s", r.code, r.stderr)
	}
	p.log.wait(t, "index swapped", 30*time.Second)
	putDoc(t, p.base, "k-last", "Kestrel report last")

	kill(t, p)
	p2 := startServe(t, nil, "--index", path, "--api-keys", keys)
	missing := []string{}
	for i := range 2 * n {
		if id := fmt.Sprintf("k%02d", i); !hasDoc(t, p2.base, id) {
			missing = append(missing, id)
		}
	}
	if !hasDoc(t, p2.base, "k-last") {
		missing = append(missing, "k-last")
	}
	if len(missing) > 0 {
		t.Errorf("after kill -9 and a restart, written documents missing: %v", missing)
	}
	if ids := searchIDs(t, p2.base, "Kestrel"); len(ids) != 2*n+1 {
		t.Errorf("search after the restart: %d hits, want %d", len(ids), 2*n+1)
	}
}
