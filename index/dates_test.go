package index

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// datedDocs are four articles on one name, three dated (one with a time
// zone east of UTC, so that its day differs in UTC) and one not.
func datedDocs() []Document {
	at := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	return []Document{
		{ID: "jan10", Title: "Dikshit wins the seat", Body: "Sheila Dikshit won.", Lang: "en", Published: at("2024-01-10T00:00:00Z")},
		{ID: "jan11", Title: "दीक्षित की जीत", Body: "शीला दीक्षित जीतीं।", Lang: "hi", Published: at("2024-01-12T04:30:00+05:30")},
		{ID: "feb01", Title: "দীক্ষিত জিতলেন", Body: "শীলা দীক্ষিত জিতলেন।", Lang: "bn", Published: at("2024-02-01T23:59:59Z")},
		{ID: "undated", Title: "Dikshit, undated", Body: "No date here for Dikshit.", Lang: "en"},
		{ID: "other", Title: "Nothing to do with the name", Body: "Weather report.", Lang: "en", Published: at("2024-01-15T00:00:00Z")},
	}
}

// TestDateFilter: from_date and to_date keep the documents published
// between them, both ends included (a date as the end is its whole day,
// in UTC), leave undated documents out, and filter every kind of query.
func TestDateFilter(t *testing.T) {
	ix := buildTestIndex(t, datedDocs(), nil)
	for _, tc := range []struct {
		query, from, to string
		sort            string
		want            []string
	}{
		{"Dikshit", "", "", "", nil}, // no filter: all four, undated too
		{"Dikshit", "2024-01-11", "", "", []string{"jan11", "feb01"}},
		{"Dikshit", "", "2024-01-10", "", []string{"jan10"}},
		{"Dikshit", "2024-01-10", "2024-01-11", "", []string{"jan10", "jan11"}},
		{"Dikshit", "2024-02-01", "2024-02-01", "", []string{"feb01"}},
		{"Dikshit", "2024-01-11T23:00:00Z", "2024-01-11T23:00:00Z", "", []string{"jan11"}},
		{"Dikshit", "2024-01-11T23:00:01Z", "2024-01-31", "", []string{}},
		{"Dikshit", "2000-01-01", "", SortPublished, []string{"feb01", "jan11", "jan10"}},
		{`"Sheila Dikshit"`, "", "2024-01-31", "", []string{"jan10", "jan11"}},
		{"Dikshit weather", "2024-01-14", "2024-01-16", "", []string{"other"}},
	} {
		resp, err := ix.Search(context.Background(), Request{Query: tc.query, FromDate: tc.from, ToDate: tc.to, Sort: tc.sort})
		if err != nil {
			t.Fatalf("%q %s..%s: %v", tc.query, tc.from, tc.to, err)
		}
		got := []string{}
		for _, h := range resp.Hits {
			got = append(got, h.ID)
		}
		want := tc.want
		if want == nil {
			want = []string{"jan10", "jan11", "feb01", "undated"}
			slices.Sort(got)
			slices.Sort(want)
		} else if tc.sort == "" {
			slices.Sort(got)
			want = slices.Sorted(slices.Values(want))
		}
		if !slices.Equal(got, want) || resp.Total != uint64(len(want)) {
			t.Errorf("%q %s..%s: hits %q, total %d; want %q", tc.query, tc.from, tc.to, got, resp.Total, want)
		}
		n := 0
		for _, c := range resp.Facets.Lang {
			n += c
		}
		if n != len(want) {
			t.Errorf("%q %s..%s: facets %v count %d hits, want %d", tc.query, tc.from, tc.to, resp.Facets.Lang, n, len(want))
		}
	}
}

// TestUndatedCount: with sort=published, the response counts the matching
// documents that have no date, which come last; without it, it says
// nothing of them.
func TestUndatedCount(t *testing.T) {
	ix := buildTestIndex(t, datedDocs(), nil)
	resp, err := ix.Search(context.Background(), Request{Query: "Dikshit", Sort: SortPublished})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Undated == nil || *resp.Undated != 1 || len(resp.Hits) != 4 || resp.Hits[3].ID != "undated" || resp.Hits[0].ID != "feb01" {
		t.Errorf("sort=published: undated %v, hits %v; want 1 undated, last", resp.Undated, resp.Hits)
	}
	resp, err = ix.Search(context.Background(), Request{Query: "Dikshit", Sort: SortPublished, Langs: []string{"hi", "bn"}})
	if err != nil || resp.Undated == nil || *resp.Undated != 0 {
		t.Errorf("sort=published&lang=hi,bn: undated %v, err %v; want 0", resp.Undated, err)
	}
	resp, err = ix.Search(context.Background(), Request{Query: "Dikshit"})
	if err != nil || resp.Undated != nil {
		t.Errorf("sort=relevance: undated %v, err %v; want none", resp.Undated, err)
	}
}

// TestDateFilterErrors: a bound that is not a date, or a span that ends
// before it begins, is a request error naming the parameter.
func TestDateFilterErrors(t *testing.T) {
	for _, tc := range []struct{ from, to, code string }{
		{"yesterday", "", "bad_from_date"},
		{"", "2024-13-01", "bad_to_date"},
		{"2024-01-01T00:00:00", "", "bad_from_date"}, // no zone
		{"0001-01-01", "", "bad_from_date"},          // beyond what a date filter holds
		{"2024-02-01", "2024-01-31", "bad_date_range"},
	} {
		r := Request{Query: "Dikshit", FromDate: tc.from, ToDate: tc.to}
		var re *RequestError
		if err := r.Validate(); !errors.As(err, &re) || re.Code != tc.code {
			t.Errorf("from %q to %q: %v, want %s", tc.from, tc.to, err, tc.code)
		}
	}
}
