package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// writeScaleDocs writes a small corpus: two .jsonl files, one with a line
// that is not a document.
func writeScaleDocs(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	var a, b strings.Builder
	for i := range 30 {
		// Titles of several lengths, so that the documents do not all tie.
		fmt.Fprintf(&a, `{"id":"a%d","title":"Dikshit meets Putin%s %d","body":"दीक्षित और पुतिन"}`+"\n", i, strings.Repeat(" in Moscow", i%4), i)
		fmt.Fprintf(&b, `{"id":"b%d","title":"দীক্ষিত %d","body":"சென்னை کراچی"}`+"\n", i, i)
	}
	b.WriteString("not json\n")
	for name, text := range map[string]string{"a.jsonl": a.String(), "sub/b.jsonl": b.String(), "readme.txt": "not copied"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWriteCopies: every document once per copy with its id suffixed,
// a line that is not a document once, and a second call with the same
// request reuses the copies.
func TestWriteCopies(t *testing.T) {
	dir := t.TempDir()
	docs, out := filepath.Join(dir, "docs"), filepath.Join(dir, "x3")
	writeScaleDocs(t, docs)
	n, err := writeCopies(docs, out, 3)
	if err != nil || n != 180 {
		t.Fatalf("writeCopies = %d, %v; want 180 documents", n, err)
	}
	var ids []string
	files, _ := filepath.Glob(filepath.Join(out, "*.jsonl"))
	notJSON := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			var doc struct{ ID string }
			if json.Unmarshal(sc.Bytes(), &doc) != nil {
				notJSON++
				continue
			}
			ids = append(ids, doc.ID)
		}
	}
	if len(ids) != 180 || notJSON != 1 || !slices.Contains(ids, "a7-r2") || !slices.Contains(ids, "b0-r0") {
		t.Errorf("%d documents (a7-r2: %v), %d other lines; want 180 and 1", len(ids), slices.Contains(ids, "a7-r2"), notJSON)
	}
	slices.Sort(ids)
	if len(slices.Compact(ids)) != 180 {
		t.Errorf("ids are not unique")
	}
	stamp, _ := os.Stat(files[0])
	time.Sleep(10 * time.Millisecond)
	if n, err := writeCopies(docs, out, 3); err != nil || n != 180 {
		t.Fatalf("writeCopies again = %d, %v", n, err)
	}
	if again, _ := os.Stat(files[0]); !again.ModTime().Equal(stamp.ModTime()) {
		t.Errorf("the copies were written again, not reused")
	}
	if n, err := writeCopies(docs, out, 2); err != nil || n != 120 {
		t.Errorf("writeCopies of 2 over 3 = %d, %v; want 120", n, err)
	}
}

// TestScale is a smoke run of the scale run at a small size: both sizes
// built and loaded, and the ratios printed.
func TestScale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds lipi and four indexes")
	}
	work := t.TempDir()
	docs := filepath.Join(work, "docs")
	writeScaleDocs(t, docs)
	bin := filepath.Join(work, "lipi")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/lipisearch/lipi").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cfg := config{conns: 2, duration: time.Second, warmup: 100 * time.Millisecond, queries: []string{"Dikshit", "দীক্ষিত", "சென்னை"}}
	var log bytes.Buffer
	sizes, err := runScale(cfg, scaleOptions{docs: docs, work: filepath.Join(work, "scale"), times: 2, lipi: bin, rounds: 1, latency: time.Second, log: &log})
	if err != nil {
		t.Fatalf("runScale: %v\n%s", err, log.String())
	}
	if len(sizes) != 2 || sizes[0].Docs != 60 || sizes[1].Docs != 120 {
		t.Fatalf("sizes %+v", sizes)
	}
	for _, s := range sizes {
		// Each index is some tens of kilobytes at least (the lipi one is a
		// link to its folder).
		if s.LipiBuild <= 0 || s.StandardBuild <= 0 || s.LipiSize < 0.01 || s.StandardSize < 0.01 {
			t.Errorf("x%d: %+v", s.Copies, s)
		}
		if runtime.GOOS == "linux" && s.LipiBuildRSS <= 0 {
			t.Errorf("x%d: no peak RSS for the build", s.Copies)
		}
		for _, r := range append(s.Latency, s.Throughput...) {
			if r.Requests == 0 || r.Errors != 0 {
				t.Errorf("x%d %s: %+v", s.Copies, r.Name, r)
			}
		}
	}
	// Every query finds the same documents, each twice, in two copies.
	if f := sizes[1].Found; f == nil || f.Queries != len(cfg.queries) || f.Differ != 0 {
		t.Errorf("found at scale: %+v, want all %d queries compared, none differing", f, len(cfg.queries))
	}
	var out bytes.Buffer
	printScale(&out, sizes)
	for _, want := range []string{"lipi at x2 against x1", "mean 1-client latency", "x2: throughput", "found at scale: 0 of 3"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("printScale has no %q:\n%s", want, out.String())
		}
	}
	t.Logf("\n%s", out.String())
}

// diffFound: the copies of the one-copy page's documents are the same
// documents; a document that only ties with a page's last hit may be in
// one and not the other; one that scores within 5 % of it counts as near
// the edge; any other is a difference.
func TestDiffFound(t *testing.T) {
	one := []scoredHit{{"a-r0", 1}, {"b-r0", 0.5}, {"c-r0", 0.2}}
	same := []scoredHit{{"a-r0", 1}, {"a-r1", 1}, {"b-r0", 0.5}, {"b-r1", 0.5}, {"c-r0", 0.2}, {"c-r1", 0.2}}
	if exact, near := diffFound(one, same); len(exact)+len(near) != 0 {
		t.Errorf("the same documents differ: %v, %v", exact, near)
	}
	tied := []scoredHit{{"a-r0", 1}, {"a-r1", 1}, {"b-r0", 0.5}, {"b-r1", 0.5}, {"c-r0", 0.2}, {"d-r0", 0.2}}
	if exact, near := diffFound(one, tied); len(exact)+len(near) != 0 {
		t.Errorf("a tie at the edge differs: %v, %v", exact, near)
	}
	nearEdge := []scoredHit{{"a-r0", 1}, {"a-r1", 1}, {"b-r0", 0.5}, {"b-r1", 0.5}, {"d-r0", 0.205}, {"d-r1", 0.2}}
	if exact, near := diffFound(one, nearEdge); len(exact) != 1 || len(near) != 0 {
		t.Errorf("a hit 2.5 %% over the edge: exact %v, near %v; want one exact difference, none beyond 5 %%", exact, near)
	}
	moved := []scoredHit{{"a-r0", 1}, {"e-r0", 0.9}, {"a-r1", 1}, {"e-r1", 0.9}, {"b-r0", 0.5}, {"b-r1", 0.5}}
	if exact, near := diffFound([]scoredHit{{"a-r0", 1}, {"c-r0", 0.6}, {"b-r0", 0.5}}, moved); len(exact) != 2 || len(near) != 2 {
		t.Errorf("e rose to the top and c fell off: exact %v, near %v; want both, twice", exact, near)
	}
	// A document whose own id ends in -r1 is x-r1-r0 in one copy.
	if exact, _ := diffFound([]scoredHit{{"x-r1-r0", 1}}, []scoredHit{{"x-r1-r0", 1}, {"x-r1-r1", 1}}); len(exact) != 0 {
		t.Errorf("an id that ends in -r1 itself: %v", exact)
	}
}
