package api

import (
	"net/url"
	"strings"
	"testing"
)

// TestSearchSuggestions: through the API on loopback, a seed name with
// one letter wrong in each script is answered with the name as the seeds
// write it, first among the suggestions, and searching that suggestion
// finds hits that match by spelling; a query with strong hits has no
// "suggestions" key at all.
func TestSearchSuggestions(t *testing.T) {
	ts := seedServer(t)
	for _, tc := range []struct{ q, want string }{
		{"Dikshat", "Dikshit"},
		{"दीक्षिक", "दीक्षित"},
		{"দীক্ষত", "দীক্ষিত"},
	} {
		r, _ := searchHits(t, ts, "q="+url.QueryEscape(tc.q))
		if len(r.Suggestions) == 0 || r.Suggestions[0] != tc.want {
			t.Errorf("%q: suggestions %q, want %q first", tc.q, r.Suggestions, tc.want)
			continue
		}
		again, ids := searchHits(t, ts, "q="+url.QueryEscape(r.Suggestions[0]))
		if len(ids) == 0 || again.Hits[0].Match == "sounds_alike" || len(again.Suggestions) > 0 {
			t.Errorf("%q: the suggestion %q finds %q (first %+v), suggestions %q", tc.q, r.Suggestions[0], ids, again.Hits, again.Suggestions)
		}
	}
	if _, body := ts.get(t, "/api/search?q=Dikshit"); strings.Contains(string(body), `"suggestions"`) {
		t.Errorf("Dikshit: suggestions in %s", body)
	}
}
