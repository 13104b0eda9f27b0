package api

import (
	"encoding/json"
	"maps"
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

// TestSearchCategories: the category facet and filter, and an extra
// field's (filter[NAME]), through the API on loopback: the facets count
// the hits by value (a label counts as a category), each filter keeps the
// hits with one of its values, and a filter on a field the index lacks
// or of another form is a 400 with its code.
func TestSearchCategories(t *testing.T) {
	dated := filepath.Join("testdata", "dated")
	ts := startServerFields(t, dated, []string{"desk"}, Options{}, nil)
	all, _ := searchHits(t, ts, "q=Dikshit")
	if want := map[string]int{"politics": 2, "elections": 1}; !maps.Equal(all.Facets.Category, want) {
		t.Errorf("category facet %v, want %v", all.Facets.Category, want)
	}
	if want := map[string]int{"delhi": 2, "kolkata": 1}; !maps.Equal(all.Facets.Fields["desk"], want) {
		t.Errorf("desk facet %v, want %v", all.Facets.Fields, want)
	}
	for _, tc := range []struct {
		params string
		want   []string
	}{
		{"category=politics", []string{"jan10", "jan11"}},
		{"category=elections", []string{"feb01"}},
		{"category=elections,+politics", []string{"feb01", "jan10", "jan11"}},
		{"category=Politics", []string{}},
		{"category=politics&lang=hi", []string{"jan11"}},
		{"filter%5Bdesk%5D=delhi", []string{"jan10", "jan11"}},
		{"filter[desk]=kolkata,delhi&category=elections", []string{"feb01"}},
		{"filter[desk]=", []string{"feb01", "jan10", "jan11", "undated"}},
		{"category=politics&sort=published", []string{"jan10", "jan11"}},
	} {
		r, got := searchHits(t, ts, "q=Dikshit&"+tc.params)
		slices.Sort(got)
		if !slices.Equal(got, tc.want) || r.Total != uint64(len(tc.want)) {
			t.Errorf("%s: hits %q, total %d; want %q", tc.params, got, r.Total, tc.want)
		}
		n := 0
		for _, h := range r.Hits {
			if h.Category != "" {
				n++
			}
		}
		for _, c := range r.Facets.Category {
			n -= c
		}
		if n != 0 {
			t.Errorf("%s: category facet %v does not count the hits' categories", tc.params, r.Facets.Category)
		}
	}
	for _, tc := range []struct{ params, code string }{
		{"filter[topic]=x", "unknown_field"},
		{"filter.desk=delhi", "bad_filter"},
		{"filter[]=delhi", "bad_filter"},
		{"filter=delhi", "bad_filter"},
		{"filter[desk]=delhi&filter[desk]=kolkata", "repeated_param"},
		{"category=a&category=b", "repeated_param"},
		{"category=%FF", "bad_category"},
	} {
		resp, body := ts.get(t, "/api/search?q=Dikshit&"+tc.params)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"code":"`+tc.code+`"`) {
			t.Errorf("%s: %d %s, want 400 %s", tc.params, resp.StatusCode, body, tc.code)
		}
	}
	// The hits and the stored document carry the category and the field.
	r, _ := searchHits(t, ts, "q=Dikshit&category=elections")
	if h := r.Hits[0]; h.Category != "elections" || h.Fields["desk"] != "kolkata" {
		t.Errorf("hit %s: category %q, fields %v", h.ID, h.Category, h.Fields)
	}
	resp, body := ts.get(t, "/api/documents/jan11")
	var doc index.Document
	if err := json.Unmarshal(body, &doc); err != nil || resp.StatusCode != http.StatusOK || doc.Category != "politics" || doc.Fields["desk"] != "delhi" {
		t.Errorf("GET /api/documents/jan11: %d %s", resp.StatusCode, body)
	}

	// Without extra fields, any filter is unknown, and the facets have no
	// fields; the categories are there all the same.
	plain := startServer(t, dated, Options{}, nil)
	if r, _ := searchHits(t, plain, "q=Dikshit"); r.Facets.Fields != nil || r.Facets.Category["politics"] != 2 {
		t.Errorf("index without fields: facets %+v", r.Facets)
	}
	resp, body = plain.get(t, "/api/search?q=Dikshit&filter[desk]=delhi")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"code":"unknown_field"`) {
		t.Errorf("filter on an index without fields: %d %s", resp.StatusCode, body)
	}
	// The seeds have no category: no category facet at all.
	if _, body := seedServer(t).get(t, "/api/search?q=Dikshit"); strings.Contains(string(body), `"category"`) {
		t.Errorf("seeds: a category in %s", body)
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
