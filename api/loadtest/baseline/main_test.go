package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index"
)

// words are the words of their own of the test documents.
var words = []string{"Kestrel", "Marigold", "Zeppelin"}

// writeDocs writes a small document for each of words, each with the word
// "story" too, into dir.
func writeDocs(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, w := range words {
		text := "Report number " + strconv.Itoa(i) + "\n\nA common story about " + w + " and its town.\n"
		if err := os.WriteFile(filepath.Join(dir, "doc"+strconv.Itoa(i)+".txt"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// start runs the command on a free loopback port until the test ends.
func start(t *testing.T, args ...string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var log bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, append([]string{"--addr", addr, "--log-level", "warn"}, args...), &log) }()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("baseline exited %d: %s", code, log.String())
		}
	})
	base := "http://" + addr
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		select {
		case code := <-done:
			done <- code
			t.Fatalf("baseline exited %d: %s", code, log.String())
		default:
		}
		if resp, err := http.Get(base + "/api/health"); err == nil {
			resp.Body.Close()
			return base
		}
		if time.Now().After(deadline) {
			t.Fatalf("baseline does not answer: %s", log.String())
		}
	}
}

func get(t *testing.T, u string, v any) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("%s: %d: %v", u, resp.StatusCode, err)
	}
	return resp.StatusCode
}

// TestBaseline: the command builds a standard-analyzer index of the same
// documents and serves it through lipi's API: a plain match query with
// highlights and matches, the facet, the documents; and the index is
// never taken for a lipi index, nor a lipi index for it.
func TestBaseline(t *testing.T) {
	dir := t.TempDir()
	docs, path := filepath.Join(dir, "docs"), filepath.Join(dir, "standard.bleve")
	writeDocs(t, docs)
	base := start(t, "--index", path, "--docs", docs)

	var health struct {
		Documents uint64 `json:"documents"`
		Built     string `json:"built"`
	}
	if get(t, base+"/api/health", &health); health.Documents != 3 || health.Built == "" {
		t.Errorf("health %+v", health)
	}
	var resp index.Response
	if code := get(t, base+"/api/search?lang=en&q="+url.QueryEscape("kestrel story"), &resp); code != 200 {
		t.Fatalf("search: %d", code)
	}
	if resp.Total != 3 || len(resp.Hits) != 3 || resp.Hits[0].ID != "doc0" || resp.Facets.Lang["en"] != 3 {
		t.Fatalf("kestrel story: %+v", resp)
	}
	h := resp.Hits[0]
	if len(h.Fragments["body"]) == 0 || !strings.Contains(h.Fragments["body"][0], "<mark>Kestrel</mark>") {
		t.Errorf("hit %+v: no highlight", h)
	}
	want := index.Match{Query: "kestrel", Term: "Kestrel", Layer: analyzers.LayerNative}
	if len(h.Matches) == 0 || h.Matches[0] != want {
		t.Errorf("matches %+v, want %+v first", h.Matches, want)
	}
	// The standard analyzer: no other script, no stop word.
	for _, q := range []string{"केस्ट्रेल", "the"} {
		if get(t, base+"/api/search?q="+url.QueryEscape(q), &resp); resp.Total != 0 {
			t.Errorf("%s: %d hits, want none", q, resp.Total)
		}
	}
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	if code := get(t, base+"/api/search?q=%20", &e); code != 400 || e.Error.Code != "empty_query" {
		t.Errorf("an empty query: %d %+v", code, e)
	}
	var d index.Document
	if code := get(t, base+"/api/documents/doc1", &d); code != 200 || !strings.Contains(d.Body, "Marigold") {
		t.Errorf("doc1: %d %+v", code, d)
	}

	if _, err := index.Open(path); err == nil {
		t.Errorf("lipi opens a baseline index")
	}
	lipi := filepath.Join(dir, "lipi.bleve")
	res, err := index.LoadDir(docs, index.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := index.Build(lipi, res.Docs, index.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	if code := run(stopped(), []string{"--addr", "127.0.0.1:0", "--index", lipi}, &log); code != 1 || !strings.Contains(log.String(), lipi) {
		t.Errorf("baseline on a lipi index = %d: %s", code, log.String())
	}
}

// stopped is a context that has ended: a run that should refuse to start
// but serves stops at once, and the test fails on its exit status instead
// of waiting for it.
func stopped() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestBaselineArgs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"extra"}, 2, "unexpected argument"},
		{[]string{"--log-level", "loud"}, 2, "log level"},
		{[]string{"--nope"}, 2, "not defined"},
		{[]string{"--index", filepath.Join(t.TempDir(), "x"), "--docs", filepath.Join(t.TempDir(), "none")}, 1, "none"},
	} {
		var out bytes.Buffer
		if code := run(stopped(), append([]string{"--addr", "127.0.0.1:0"}, tc.args...), &out); code != tc.code || !strings.Contains(out.String(), tc.out) {
			t.Errorf("baseline %q = %d %q, want %d and %q", tc.args, code, out.String(), tc.code, tc.out)
		}
	}
}
