package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/lipisearch/lipi/api"
	"github.com/lipisearch/lipi/index"
)

// alteredIndex serves an index with a different took_ms in every response,
// and, for one query when asked, a different total.
type alteredIndex struct {
	*index.Index
	took  atomic.Int64
	query atomic.Value // string: the query whose total is changed
}

func (a *alteredIndex) Search(ctx context.Context, r index.Request) (*index.Response, error) {
	resp, err := a.Index.Search(ctx, r)
	if err != nil {
		return nil, err
	}
	resp.TookMS = a.took.Add(1)
	if q, _ := a.query.Load().(string); q == r.Query {
		resp.Total++
	}
	return resp, nil
}

// serveSeeds serves an index of the seed articles on a loopback port.
func serveSeeds(t *testing.T) (string, *alteredIndex) {
	t.Helper()
	dir := t.TempDir()
	res, err := index.LoadDir(filepath.Join("..", "..", "seeds"), index.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "seeds.bleve")
	if err := index.Build(path, res.Docs, index.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	a := &alteredIndex{Index: ix}
	a.query.Store("")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- api.New(api.Fixed(a), api.Options{}).Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
		ix.Close()
	})
	return "http://" + ln.Addr().String(), a
}

// TestResponses writes the responses of a real server twice and compares
// them: every query with every parameter set, in order, without took_ms,
// the same from one run to the next, and a changed response is reported.
func TestResponses(t *testing.T) {
	base, served := serveSeeds(t)
	dir := t.TempDir()
	queries := []string{"Dikshit", "दीक्षित", "দীক্ষিত", "Putin Moscow", "ভারত রাশিয়া", "India", "Russia", "ক্রেমলিন", "kremlin", "नई दिल्ली"}
	qfile := filepath.Join(dir, "queries.txt")
	os.WriteFile(qfile, []byte(strings.Join(queries, "\n")+"\n"), 0o644)
	first, second, changed := filepath.Join(dir, "first"), filepath.Join(dir, "second"), filepath.Join(dir, "changed")

	var out bytes.Buffer
	if code := run([]string{"-responses", first, "-url", base, "-queries", qfile}, &out, &out); code != 0 {
		t.Fatalf("loadtest -responses = %d:\n%s", code, out.String())
	}
	lines, err := readLines(first)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(queries) * len(responseSets); len(lines) != want {
		t.Fatalf("%d lines, want %d queries × %d sets = %d", len(lines), len(queries), len(responseSets), want)
	}
	hits := 0
	for i, line := range lines {
		qs, rest, _ := strings.Cut(line, "\t")
		status, body, _ := strings.Cut(rest, "\t")
		p, err := url.ParseQuery(qs)
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		q := p.Get("q")
		p.Del("q")
		want, _ := url.ParseQuery(responseSets[i%len(responseSets)])
		if q != queries[i/len(responseSets)] || p.Encode() != want.Encode() || status != "200" {
			t.Errorf("line %d asks q=%q %s (%s), want q=%q %s (200)", i+1, q, p.Encode(), status, queries[i/len(responseSets)], want.Encode())
		}
		var resp struct {
			Query string            `json:"query"`
			Total *uint64           `json:"total"`
			Hits  []json.RawMessage `json:"hits"`
		}
		if err := json.Unmarshal([]byte(body), &resp); err != nil || resp.Query != q || resp.Total == nil {
			t.Errorf("line %d: body %.100s: %v", i+1, body, err)
		}
		hits += len(resp.Hits)
		if strings.Contains(body, `"took_ms"`) {
			t.Errorf("line %d keeps took_ms: %.100s", i+1, body)
		}
	}
	if hits == 0 {
		t.Errorf("no response has a hit")
	}

	out.Reset()
	if code := run([]string{"-responses", second, "-against", first, "-url", base, "-queries", qfile}, &out, &out); code != 0 || !strings.Contains(out.String(), "0 of 100 responses differ") {
		t.Errorf("a second run of the same server = %d:\n%s", code, out.String())
	}

	served.query.Store("Putin Moscow")
	out.Reset()
	code := run([]string{"-responses", changed, "-against", first, "-url", base, "-queries", qfile}, &out, &out)
	if code != 1 || !strings.Contains(out.String(), "10 of 100 responses differ") || !strings.Contains(out.String(), "line 31 (q=Putin Moscow)") {
		t.Errorf("a changed total = %d:\n%s", code, out.String())
	}
}

func TestResponsesArgs(t *testing.T) {
	dir := t.TempDir()
	q := filepath.Join(dir, "q.txt")
	os.WriteFile(q, []byte(strings.Repeat("x\n", maxResponseRequests/len(responseSets)+1)), 0o644)
	f := filepath.Join(dir, "r")
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"-responses", f, "-compare", "-queries", q}, 2, "two different runs"},
		{[]string{"-against", f, "-queries", q}, 2, "-against needs -responses"},
		{[]string{"-responses", f, "-against", dir + "/./r", "-queries", q}, 2, "names the file"},
		{[]string{"-responses", f, "-url", "http://192.168.1.1:80", "-queries", q}, 2, "not a loopback address"},
		{[]string{"-responses", f, "-url", "http://127.0.0.1:1", "-queries", q}, 1, "401 queries × 10 parameter sets"},
	} {
		var out bytes.Buffer
		if code := run(tc.args, &out, &out); code != tc.code || !strings.Contains(out.String(), tc.out) {
			t.Errorf("loadtest %q = %d %q, want %d and %q", tc.args, code, out.String(), tc.code, tc.out)
		}
	}
}

func TestWithoutTook(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"query":"a","total":3,"took_ms":12,"hits":[]}`, `{"query":"a","total":3,"hits":[]}`},
		{`{"took_ms":0,"query":"a"}`, `{"query":"a"}`},
		{`{"query":"a","took_ms":7}`, `{"query":"a"}`},
		{`{"took_ms":7}`, `{}`},
		{`{ "query" : "\"took_ms\":1" , "took_ms" : 1 , "x":{"took_ms":2}}`, `{ "query" : "\"took_ms\":1" , "x":{"took_ms":2}}`},
		{`{"hits":[{"took_ms":1}],"took_ms":5}` + "\n", `{"hits":[{"took_ms":1}]}` + "\n"},
	} {
		got, err := withoutTook([]byte(tc.in))
		if err != nil || string(got) != tc.want {
			t.Errorf("withoutTook(%q) = %q, %v, want %q", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{`{"query":"a","x":{"took_ms":1}}`, `[{"took_ms":1}]`, `not json`} {
		if got, err := withoutTook([]byte(in)); err == nil {
			t.Errorf("withoutTook(%q) = %q, want an error", in, got)
		}
	}
}
