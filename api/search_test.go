package api

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lipisearch/lipi/index"
)

// queryRow is one row of queries-dev.tsv: a query and the ids it must
// return, no more and no fewer.
type queryRow struct {
	line     int
	query    string
	expected []string
}

func readQueries(t *testing.T, path string) []queryRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []queryRow
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || line == "query\texpected" {
			continue
		}
		q, exp, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("%s:%d: no tab in %q", path, n, line)
		}
		row := queryRow{line: n, query: q, expected: []string{}}
		if exp = strings.TrimSpace(exp); exp != "-" {
			row.expected = strings.Fields(exp)
		}
		slices.Sort(row.expected)
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s has no queries", path)
	}
	return rows
}

// runQueries sends every row through GET /api/search and compares the set
// of returned ids with the expected set.
func runQueries(t *testing.T, ts *testServer, path string) {
	for _, row := range readQueries(t, path) {
		t.Run(row.query, func(t *testing.T) {
			resp, body := ts.get(t, "/api/search?"+url.Values{"q": {row.query}, "size": {"100"}}.Encode())
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s:%d: GET /api/search q=%q: %d %s", path, row.line, row.query, resp.StatusCode, body)
			}
			var r index.Response
			if err := json.Unmarshal(body, &r); err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, h := range r.Hits {
				got = append(got, h.ID)
			}
			slices.Sort(got)
			if !slices.Equal(got, row.expected) {
				t.Errorf("%s:%d: q=%q returned %q, want %q", path, row.line, row.query, got, row.expected)
			}
			if r.Query != row.query || r.Total != uint64(len(r.Hits)) {
				t.Errorf("q=%q: query %q, total %d for %d hits", row.query, r.Query, r.Total, len(r.Hits))
			}
		})
	}
}

// TestQueriesDev runs the development queries through the API, from the
// copy in testdata (so the test runs on any clone).
func TestQueriesDev(t *testing.T) {
	runQueries(t, seedServer(t), filepath.Join("testdata", "queries-dev.tsv"))
}

// TestQueriesDevShared runs ../shared's current queries-dev.tsv, which the
// testdata copy was taken from, when it is there.
func TestQueriesDevShared(t *testing.T) {
	path := sharedPath(t, filepath.Join("eval", "queries-dev.tsv"))
	runQueries(t, seedServer(t), path)
}

// TestSearchParams: each parameter reaches the index.
func TestSearchParams(t *testing.T) {
	ts := seedServer(t)
	search := func(t *testing.T, params string) index.Response {
		t.Helper()
		resp, body := ts.get(t, "/api/search?"+params)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /api/search?%s: %d %s", params, resp.StatusCode, body)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type %q", ct)
		}
		var r index.Response
		if err := json.Unmarshal(body, &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	all := search(t, "q=Dikshit")
	if all.Total != 3 || len(all.Hits) != 3 {
		t.Fatalf("q=Dikshit: %d hits, total %d, want 3", len(all.Hits), all.Total)
	}
	t.Run("size and from", func(t *testing.T) {
		r := search(t, "q=Dikshit&size=1&from=1")
		if r.Total != 3 || len(r.Hits) != 1 || r.Hits[0].ID != all.Hits[1].ID {
			t.Errorf("size=1&from=1: total %d, hits %v; want the second of %v", r.Total, r.Hits, all.Hits)
		}
		if r := search(t, "q=Dikshit&from=10000"); len(r.Hits) != 0 || r.Total != 3 {
			t.Errorf("from=10000: %d hits, total %d", len(r.Hits), r.Total)
		}
	})
	t.Run("lang", func(t *testing.T) {
		r := search(t, "q=Dikshit&lang=hi")
		for _, h := range r.Hits {
			if h.Lang != "hi" {
				t.Errorf("lang=hi returned a %s document", h.Lang)
			}
		}
		if len(r.Hits) == 0 || len(r.Hits) == 3 {
			t.Errorf("lang=hi: %d hits", len(r.Hits))
		}
		if r2 := search(t, "q=Dikshit&lang="+url.QueryEscape(" hi, ,")); len(r2.Hits) != len(r.Hits) {
			t.Errorf("lang=' hi, ,': %d hits, lang=hi %d", len(r2.Hits), len(r.Hits))
		}
		if r := search(t, "q=Dikshit&lang=bn,hi"); r.Total != 3 {
			t.Errorf("lang=bn,hi: total %d, want 3", r.Total)
		}
	})
	t.Run("highlight", func(t *testing.T) {
		if len(all.Hits[0].Fragments) == 0 {
			t.Errorf("default: no fragments")
		}
		r := search(t, "q=Dikshit&highlight=false")
		for _, h := range r.Hits {
			if len(h.Fragments) != 0 {
				t.Errorf("highlight=false: fragments %v", h.Fragments)
			}
		}
	})
	// differ reports whether any of the queries finds more with the
	// parameters on than with off (and never fewer).
	differ := func(t *testing.T, off, on string, queries ...string) bool {
		found := false
		for _, q := range queries {
			without, with := search(t, "q="+q+off), search(t, "q="+q+on)
			if with.Total < without.Total {
				t.Errorf("q=%s%s found %d, fewer than q=%s%s (%d)", q, on, with.Total, q, off, without.Total)
			}
			found = found || with.Total > without.Total
		}
		return found
	}
	t.Run("prefix", func(t *testing.T) {
		if !differ(t, "&fuzzy=false", "&fuzzy=false&prefix=true", "Tianj", "Manek", "Dilyav") {
			t.Errorf("prefix=true never found more than without it")
		}
	})
	t.Run("fuzzy", func(t *testing.T) {
		if !differ(t, "&fuzzy=false", "&fuzzy=true", "Tianjim", "Tiamjin", "Ukrane") {
			t.Errorf("fuzzy=true never found more than fuzzy=false")
		}
	})
	t.Run("no searchable word", func(t *testing.T) {
		for _, q := range []string{"?!", "।", "--"} {
			r := search(t, "q="+url.QueryEscape(q))
			if r.Total != 0 || len(r.Hits) != 0 || r.Hits == nil {
				t.Errorf("q=%q: total %d, hits %v; want 0 and []", q, r.Total, r.Hits)
			}
		}
	})
	t.Run("stop words alone", func(t *testing.T) {
		// A query of stop words searches them as written.
		for _, q := range []string{"the", "और"} {
			if r := search(t, "q="+url.QueryEscape(q)); r.Total == 0 {
				t.Errorf("q=%q: no hits, want the seed articles that hold it", q)
			}
		}
	})
	t.Run("fuzzy and sort accepted", func(t *testing.T) {
		search(t, "q=Dikshit&fuzzy=false&sort=published&prefix=0&highlight=1")
	})
}

// TestServerLayerSwitches: the server's own switches (lipi serve
// --no-fuzzy …) apply to every search, whatever the request asks.
func TestServerLayerSwitches(t *testing.T) {
	plain := seedServer(t)
	noFuzzy := startServer(t, seedsDir, Options{NoFuzzy: true}, nil)
	for _, q := range []string{"Tianjim", "Tiamjin", "Ukrane"} {
		var with, without index.Response
		_, b1 := plain.get(t, "/api/search?fuzzy=false&q="+q)
		_, b2 := noFuzzy.get(t, "/api/search?fuzzy=true&q="+q)
		if err := json.Unmarshal(b1, &without); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b2, &with); err != nil {
			t.Fatal(err)
		}
		if with.Total != without.Total {
			t.Errorf("q=%s: a --no-fuzzy server found %d with fuzzy=true, %d expected as with fuzzy=false", q, with.Total, without.Total)
		}
	}
}
