package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lipisearch/lipi/index"
)

// TestDocuments: ids with "/" work written as is or escaped, ids with
// characters that must be escaped work escaped, and unknown ids are 404s.
func TestDocuments(t *testing.T) {
	docs := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(docs, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("top.txt", "Putin in Tianjin\nरूस के राष्ट्रपति पुतिन तियानजिन में।")
	write("sub/deep/name.md", "# দীক্ষিত\nএয়ার মার্শাল আশুতোষ দীক্ষিত মস্কোয়।")
	write("feed.jsonl", `{"id":"odd id/100%?#&+;=é","title":"Modi","body":"Modi met Putin.","lang":"en","url":"https://example.com/modi","published":"2024-10-29T09:30:00+05:30"}`+"\n")
	ts := startServer(t, docs, Options{}, nil)

	for _, tc := range []struct {
		path, id, title string
	}{
		{"/api/documents/top", "top", "Putin in Tianjin"},
		{"/api/documents/sub/deep/name", "sub/deep/name", "দীক্ষিত"},
		{"/api/documents/sub%2Fdeep%2Fname", "sub/deep/name", "দীক্ষিত"},
		{"/api/documents/sub/deep%2Fname", "sub/deep/name", "দীক্ষিত"},
		{"/api/documents/" + url.PathEscape("odd id/100%?#&+;=é"), "odd id/100%?#&+;=é", "Modi"},
		{"/api/documents/odd%20id/100%25%3F%23&+;=%C3%A9", "odd id/100%?#&+;=é", "Modi"},
	} {
		resp, body := ts.get(t, tc.path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d %s", tc.path, resp.StatusCode, body)
			continue
		}
		var d index.Document
		if err := json.Unmarshal(body, &d); err != nil {
			t.Fatal(err)
		}
		if d.ID != tc.id || d.Title != tc.title || d.Body == "" || d.Lang == "" || len(d.Scripts) == 0 {
			t.Errorf("GET %s = %+v, want id %q title %q", tc.path, d, tc.id, tc.title)
		}
	}

	_, body := ts.get(t, "/api/documents/"+url.PathEscape("odd id/100%?#&+;=é"))
	var d index.Document
	json.Unmarshal(body, &d)
	if want := time.Date(2024, 10, 29, 4, 0, 0, 0, time.UTC); !d.Published.Equal(want) || d.URL != "https://example.com/modi" || d.Lang != "en" {
		t.Errorf("jsonl document: published %v url %q lang %q", d.Published, d.URL, d.Lang)
	}
	if !strings.Contains(string(body), `"published":"2024-10-29T04:00:00Z"`) {
		t.Errorf("published is not RFC 3339 UTC: %s", body)
	}

	// Every hit of a search can be fetched by its id.
	_, body = ts.get(t, "/api/search?q=Putin")
	var r index.Response
	json.Unmarshal(body, &r)
	if len(r.Hits) < 2 {
		t.Fatalf("q=Putin: %d hits", len(r.Hits))
	}
	for _, h := range r.Hits {
		if resp, body := ts.get(t, "/api/documents/"+url.PathEscape(h.ID)); resp.StatusCode != http.StatusOK {
			t.Errorf("hit %q: %d %s", h.ID, resp.StatusCode, body)
		}
	}

	for _, path := range []string{"/api/documents/sub", "/api/documents/sub/deep", "/api/documents/sub/deep/name/", "/api/documents/odd%20id", "/api/documents/TOP", "/api/documents/top.txt"} {
		resp, body := ts.get(t, path)
		var e errorBody
		json.Unmarshal(body, &e)
		if resp.StatusCode != http.StatusNotFound || e.Error.Code != "not_found" {
			t.Errorf("GET %s: %d %s, want 404 not_found", path, resp.StatusCode, body)
		}
	}
}
