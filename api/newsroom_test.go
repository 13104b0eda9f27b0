package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lipisearch/lipi/index"
)

// TestSearchDates: from_date and to_date filter a search served on
// loopback, both ends included; sort=published puts the newest first and
// counts the undated hits, which come last; a bad date is a 400 naming
// the parameter.
func TestSearchDates(t *testing.T) {
	ts := startServer(t, filepath.Join("testdata", "dated"), Options{}, nil)
	ids := func(t *testing.T, params string) (index.Response, []string) { return searchHits(t, ts, params) }
	for _, tc := range []struct {
		params string
		want   []string
	}{
		{"q=Dikshit&sort=published", []string{"feb01", "jan11", "jan10", "undated"}},
		{"q=Dikshit&sort=published&from_date=2024-01-11", []string{"feb01", "jan11"}},
		{"q=Dikshit&sort=published&to_date=2024-01-11", []string{"jan11", "jan10"}},
		{"q=Dikshit&sort=published&from_date=2024-01-10&to_date=2024-01-10", []string{"jan10"}},
		{"q=Dikshit&sort=published&from_date=2024-02-01T23:59:59Z", []string{"feb01"}},
		{"q=दीक्षित&sort=published&to_date=2024-01-12T04:30:00%2B05:30", []string{"jan11", "jan10"}},
	} {
		r, got := ids(t, tc.params)
		if !slices.Equal(got, tc.want) || r.Total != uint64(len(tc.want)) {
			t.Errorf("%s: hits %q, total %d; want %q", tc.params, got, r.Total, tc.want)
		}
		wantUndated := uint64(0)
		if slices.Contains(tc.want, "undated") {
			wantUndated = 1
		}
		if r.Undated == nil || *r.Undated != wantUndated {
			t.Errorf("%s: undated %v, want %d", tc.params, r.Undated, wantUndated)
		}
	}
	if r, _ := ids(t, "q=Dikshit"); r.Undated != nil {
		t.Errorf("sort=relevance: undated %d, want no count", *r.Undated)
	}
	for _, tc := range []struct{ params, code string }{
		{"q=Dikshit&from_date=last+week", "bad_from_date"},
		{"q=Dikshit&to_date=2024-02-30", "bad_to_date"},
		{"q=Dikshit&from_date=2024-02-01&to_date=2024-01-01", "bad_date_range"},
		{"q=Dikshit&from_date=2024-01-01&from_date=2024-01-02", "repeated_param"},
	} {
		resp, body := ts.get(t, "/api/search?"+tc.params)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"code":"`+tc.code+`"`) {
			t.Errorf("%s: %d %s, want 400 %s", tc.params, resp.StatusCode, body, tc.code)
		}
	}
}

// TestSearchOperators: "-word" excludes across scripts and "a OR b"
// finds either, through the API on loopback; stray operators are text.
func TestSearchOperators(t *testing.T) {
	ts := startServer(t, filepath.Join("testdata", "dated"), Options{}, nil)
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"Dikshit -undated", []string{"feb01", "jan10", "jan11"}},
		{"Dikshit -शीला", []string{"undated"}},
		{"seat OR जीतीं", []string{"jan10", "jan11"}},
		{`Dikshit -"Sheila Dikshit"`, []string{"undated"}},
		{"-Dikshit", []string{}},
		{"Dikshit OR", []string{"feb01", "jan10", "jan11", "undated"}},
	} {
		_, got := searchHits(t, ts, "q="+url.QueryEscape(tc.q))
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: %q, want %q", tc.q, got, tc.want)
		}
	}
}

// searchHits searches the server and returns the response with its hits'
// ids, in order (empty, not nil, when there are none).
func searchHits(t *testing.T, ts *testServer, params string) (index.Response, []string) {
	t.Helper()
	resp, body := ts.get(t, "/api/search?"+params)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/search?%s: %d %s", params, resp.StatusCode, body)
	}
	var r index.Response
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, h := range r.Hits {
		got = append(got, h.ID)
	}
	return r, got
}
