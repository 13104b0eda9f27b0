package main

// The tests here run `lipi serve` and `lipi search` as real processes (this
// test binary run as lipi, see TestMain) and signal them; they skip under
// -short.

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index"
)

// startServe starts `lipi serve --addr 127.0.0.1:0 args…` with the extra
// environment env and waits until it logs that it is serving.
func startServe(t *testing.T, env []string, args ...string) *lipiProc {
	t.Helper()
	p := startLipi(t, env, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	p.base = servingURL(t, p.log)
	return p
}

// searchIDs returns the ids of the hits of q, a plain word, from the
// server at base.
func searchIDs(t *testing.T, base, q string) []string {
	t.Helper()
	r := <-getAsync(base + "/api/search?size=100&q=" + q)
	var resp index.Response
	if err := json.Unmarshal(r.body, &resp); r.err != nil || err != nil || r.status != http.StatusOK {
		t.Fatalf("search %q: %d %v %v", q, r.status, r.err, err)
	}
	var ids []string
	for _, h := range resp.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// refused reports whether a new connection to the server is refused.
func refused(base string) bool {
	c, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), time.Second)
	if err == nil {
		c.Close()
		return false
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}

// TestShutdownGraceful: SIGTERM during a slow search stops new connections
// at once, lets the search finish with its full answer, and then exits 0;
// a request after the shutdown is refused.
func TestShutdownGraceful(t *testing.T) {
	const delay = 3 * time.Second
	p := startServe(t, []string{searchDelayEnv + "=" + delay.String()},
		"--index", filepath.Join(t.TempDir(), "idx"), "--docs", "seeds")
	slow := getAsync(p.base + "/api/search?q=Dikshit")
	p.log.wait(t, "search delayed", 10*time.Second)
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	signalled := time.Now()
	p.log.wait(t, "shutting down", 5*time.Second)
	for !refused(p.base) {
		if time.Since(signalled) > time.Second {
			t.Fatalf("new connections still accepted %v after SIGTERM", time.Since(signalled))
		}
		time.Sleep(10 * time.Millisecond)
	}
	stoppedAccepting := time.Now()
	if _, err := fresh.Get(p.base + "/api/health"); err == nil {
		t.Errorf("a request during the shutdown was answered")
	}

	r := <-slow
	if r.err != nil || r.status != http.StatusOK {
		t.Fatalf("the slow search in flight at SIGTERM: %d %v %s", r.status, r.err, r.body)
	}
	var resp index.Response
	if err := json.Unmarshal(r.body, &resp); err != nil || resp.Total != 3 {
		t.Errorf("the slow search's answer: total %d, %v", resp.Total, err)
	}
	if !stoppedAccepting.Before(r.at) {
		t.Errorf("new connections were refused only after the slow request finished")
	}
	if code := p.waitExit(t, 10*time.Second); code != 0 {
		t.Errorf("exit status %d after a graceful shutdown", code)
	}
	if _, err := fresh.Get(p.base + "/api/health"); err == nil {
		t.Errorf("a request after the shutdown was answered")
	}
	out := p.log.String()
	if !strings.Contains(out, `"msg":"stopped"`) || !strings.Contains(out, `"uri":"/api/search?q=Dikshit","status":200`) {
		t.Errorf("the log lacks the stop or the slow request's record:\n%s", out)
	}
}

// TestShutdownBounded: a request still running at the end of
// --shutdown-timeout is cut off, and the server exits (status 1, saying
// so) instead of waiting for it.
func TestShutdownBounded(t *testing.T) {
	p := startServe(t, []string{searchDelayEnv + "=1m"},
		"--index", filepath.Join(t.TempDir(), "idx"), "--docs", "seeds",
		"--shutdown-timeout", "300ms", "--search-timeout", "2m")
	slow := getAsync(p.base + "/api/search?q=Dikshit")
	p.log.wait(t, "search delayed", 10*time.Second)
	start := time.Now()
	p.cmd.Process.Signal(syscall.SIGTERM)
	code := p.waitExit(t, 10*time.Second)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("exit %v after SIGTERM with a 300ms shutdown timeout", took)
	}
	if code != 1 || !strings.Contains(p.log.String(), "cut off") {
		t.Errorf("exit status %d; want 1 and a message about cut-off requests", code)
	}
	if r := <-slow; r.err == nil && r.status == http.StatusOK {
		t.Errorf("the cut-off request was answered 200")
	}
}

// TestSIGHUP: with polling off (--watch 0), a rebuilt index is served after
// SIGHUP, not before; the previous one was deleted by the rebuild meanwhile
// and still answered.
func TestSIGHUP(t *testing.T) {
	docs := t.TempDir()
	if err := os.CopyFS(docs, os.DirFS("seeds")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "idx")
	p := startServe(t, nil, "--index", path, "--docs", docs, "--watch", "0")
	if ids := searchIDs(t, p.base, "Kestrelford"); len(ids) != 0 {
		t.Fatalf("found %v before the document was added", ids)
	}
	os.WriteFile(filepath.Join(docs, "added.txt"), []byte("Kestrelford bridge opens\n\nThe town of Kestrelford opened a bridge.\n"), 0o644)
	if err := index.Rebuild(docs, path, index.RebuildOptions{Synonyms: analyzers.DefaultSynonyms()}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if ids := searchIDs(t, p.base, "Kestrelford"); len(ids) != 0 {
		t.Errorf("without SIGHUP or polling, the new index is already served (%v)", ids)
	}
	if ids := searchIDs(t, p.base, "Dikshit"); len(ids) != 3 {
		t.Errorf("the previous index (deleted by the rebuild) answers %v", ids)
	}
	p.cmd.Process.Signal(syscall.SIGHUP)
	p.log.wait(t, `"msg":"index swapped"`, 10*time.Second)
	if ids := searchIDs(t, p.base, "Kestrelford"); len(ids) != 1 || ids[0] != "added" {
		t.Errorf("after SIGHUP: %v, want [added]", ids)
	}
	p.cmd.Process.Signal(syscall.SIGHUP)
	p.log.wait(t, `"msg":"index unchanged"`, 10*time.Second)
	p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.waitExit(t, 10*time.Second); code != 0 {
		t.Errorf("exit status %d", code)
	}
}

// TestServeMaxSearches: with --max-searches 1 a second search waits for
// the first to end before it starts, and both answer; 0 is refused.
func TestServeMaxSearches(t *testing.T) {
	p := startServe(t, []string{searchDelayEnv + "=700ms"},
		"--index", filepath.Join(t.TempDir(), "idx"), "--docs", "seeds", "--max-searches", "1")
	first := getAsync(p.base + "/api/search?q=Dikshit")
	p.log.wait(t, "search delayed", 10*time.Second)
	second := getAsync(p.base + "/api/search?q=Dixit")
	time.Sleep(200 * time.Millisecond)
	started := func() int { return strings.Count(p.log.String(), "search delayed") }
	if n := started(); n != 1 {
		t.Errorf("%d searches started while the one turn was taken", n)
	}
	for _, ch := range []<-chan result{first, second} {
		if r := <-ch; r.err != nil || r.status != http.StatusOK {
			t.Errorf("search: %d %v %s", r.status, r.err, r.body)
		}
	}
	if n := started(); n != 2 {
		t.Errorf("%d searches started, want 2", n)
	}

	if r := runLipi(t, "serve", "--max-searches", "0"); r.code != 2 || !strings.Contains(r.stderr, "--max-searches") {
		t.Errorf("serve --max-searches 0: exit %d\n%s", r.code, r.stderr)
	}
}

// TestSharedOpen: a search process answers while another process holds the
// same index open.
func TestSharedOpen(t *testing.T) {
	ix, err := index.Open(seedIndex(t))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	r := runLipi(t, "search", "--index", ix.Path(), "--json", "--", "Dikshit")
	if r.code != 0 {
		t.Fatalf("lipi search while the index is open here: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, `"total":3`) {
		t.Errorf("lipi search: %s, want 3 hits", r.stdout)
	}
	resp, err := ix.Search(context.Background(), index.Request{Query: "Dikshit"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Total != 3 {
		t.Errorf("in-process search while another process had it open: %d hits, want 3", resp.Total)
	}
}
