package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lipisearch/lipi/index"
)

// mixedRequest is one request of the concurrency test and the status it
// must get.
type mixedRequest struct {
	method, target, contentType, body string
	status                            int
	// minTotal, for a search, is the least number of hits it must find.
	minTotal uint64
}

func search(params url.Values, status int, minTotal uint64) mixedRequest {
	return mixedRequest{method: "GET", target: "/api/search?" + params.Encode(), status: status, minTotal: minTotal}
}

// mixedRequests: searches in the three scripts, phrases, filters, sorts,
// pages, the other routes, and bad requests.
var mixedRequests = []mixedRequest{
	search(url.Values{"q": {"Dikshit"}}, 200, 3),
	search(url.Values{"q": {"दीक्षित"}}, 200, 3),
	search(url.Values{"q": {"দীক্ষিত"}}, 200, 3),
	search(url.Values{"q": {`"Ashutosh Dikshit"`}}, 200, 3),
	search(url.Values{"q": {`"আশুতোষ দীক্ষিত"`}, "lang": {"bn"}}, 200, 1),
	search(url.Values{"q": {"Russia"}, "lang": {"bn,hi"}}, 200, 3),
	search(url.Values{"q": {"रूस"}, "sort": {"published"}}, 200, 1),
	search(url.Values{"q": {"Moscow"}, "lang": {"en"}, "sort": {"published"}}, 200, 1),
	search(url.Values{"q": {"Dilya"}, "prefix": {"true"}, "size": {"1"}}, 200, 1),
	search(url.Values{"q": {"Dikshit"}, "from": {"2"}, "size": {"100"}, "highlight": {"false"}}, 200, 3),
	search(url.Values{"q": {"Tianjim"}, "fuzzy": {"true"}}, 200, 0),
	search(url.Values{"q": {"?!।"}}, 200, 0),
	search(url.Values{"q": {"Kolkata Trump"}}, 200, 0),
	{method: "GET", target: "/api/documents/000_311e7184e0d3fb2c", status: 200},
	{method: "GET", target: "/api/documents/extra%2Fen-1", status: 200},
	{method: "GET", target: "/api/analyze?text=" + url.QueryEscape("দীক্ষিতের Dixit"), status: 200},
	{method: "POST", target: "/api/analyze", contentType: "text/plain", body: "पुतिन से मिले", status: 200},
	{method: "GET", target: "/api/transliterate?text=Putin", status: 200},
	{method: "GET", target: "/api/health", status: 200},
	{method: "GET", target: "/", status: 200},
	// Bad requests.
	search(url.Values{"q": {"Putin"}, "size": {"0"}}, 400, 0),
	search(url.Values{"q": {"Putin"}, "lang": {"english"}}, 400, 0),
	search(url.Values{"q": {"Putin"}, "sort": {"date"}}, 400, 0),
	search(url.Values{"q": {strings.Repeat("দ", 400)}}, 400, 0),
	{method: "GET", target: "/api/search", status: 400},
	{method: "GET", target: "/api/search?q=%ZZ", status: 400},
	{method: "GET", target: "/api/search?q=a&q=b", status: 400},
	{method: "POST", target: "/api/search?q=Putin", status: 405},
	{method: "GET", target: "/api/documents/nope", status: 404},
	{method: "POST", target: "/api/analyze", contentType: "image/png", body: "x", status: 415},
}

// writeExtraDocs adds to dir a JSON-lines file of English documents with
// dates (ids extra/en-N, with a slash), so that lang and sort have something to do.
func writeExtraDocs(t *testing.T, dir string) {
	t.Helper()
	var b strings.Builder
	for i, title := range []string{
		"Moscow talks on defence cooperation end",
		"Dikshit meets officials in Moscow",
		"Kolkata markets open after the holiday",
	} {
		fmt.Fprintf(&b, `{"id":"extra/en-%d","lang":"en","title":%q,"body":"A short English report number %d.","published":"2025-10-%02dT10:00:00Z"}`+"\n", i+1, title, i+1, 20+i)
	}
	if err := os.MkdirAll(filepath.Join(dir, "extra"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "extra", "en.jsonl"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// copySeeds copies the seed articles into a new folder and returns it.
func copySeeds(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(seedsDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(seedsDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestConcurrentClients: 50 clients send 200 mixed requests each at once;
// every one gets its expected status, every search its hits, every
// response a request id of its own. Run under -race by .ci/run.
func TestConcurrentClients(t *testing.T) {
	const clients, perClient = 50, 200
	docs := copySeeds(t)
	writeExtraDocs(t, docs)
	ts := startServer(t, docs, Options{}, nil)
	hc := &http.Client{
		Timeout:   time.Minute,
		Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: clients},
	}

	var (
		mu         sync.Mutex
		ids        = map[string]bool{}
		unexpected []string // the first 20
		failures   int
		counts     = map[int]int{}
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		failures++
		if len(unexpected) < 20 {
			unexpected = append(unexpected, fmt.Sprintf(format, args...))
		}
	}
	start := time.Now()
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for i := range perClient {
				r := mixedRequests[(c*7+i)%len(mixedRequests)]
				var body io.Reader
				if r.body != "" {
					body = strings.NewReader(r.body)
				}
				req, err := http.NewRequest(r.method, ts.base+r.target, body)
				if err != nil {
					fail("%v", err)
					return
				}
				if r.contentType != "" {
					req.Header.Set("Content-Type", r.contentType)
				}
				resp, err := hc.Do(req)
				if err != nil {
					fail("%s %s: %v", r.method, r.target, err)
					continue
				}
				got, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil {
					fail("%s %s: read: %v", r.method, r.target, err)
					continue
				}
				id := resp.Header.Get(echo.HeaderXRequestID)
				mu.Lock()
				dup := ids[id]
				ids[id] = true
				counts[resp.StatusCode]++
				mu.Unlock()
				if id == "" || dup {
					fail("%s %s: request id %q (empty or repeated)", r.method, r.target, id)
				}
				if resp.StatusCode != r.status {
					fail("%s %.80s: %d, want %d: %.200s", r.method, r.target, resp.StatusCode, r.status, got)
					continue
				}
				switch {
				case r.status >= 400:
					var e errorBody
					if json.Unmarshal(got, &e) != nil || e.Error.Code == "" {
						fail("%s %.80s: %d with body %.200s", r.method, r.target, resp.StatusCode, got)
					}
				case strings.HasPrefix(r.target, "/api/search"):
					var sr index.Response
					if err := json.Unmarshal(got, &sr); err != nil || sr.Total < r.minTotal || sr.Hits == nil {
						fail("%s %.80s: total %d (want ≥ %d), err %v: %.200s", r.method, r.target, sr.Total, r.minTotal, err, got)
					}
				case strings.HasPrefix(r.target, "/api/"):
					if !json.Valid(got) {
						fail("%s %.80s: not JSON: %.200s", r.method, r.target, got)
					}
				default:
					if !bytes.Contains(got, []byte("<html")) {
						fail("%s %s: not the page", r.method, r.target)
					}
				}
			}
		})
	}
	wg.Wait()
	t.Logf("%d requests from %d clients in %v; statuses %v", clients*perClient, clients, time.Since(start).Round(time.Millisecond), counts)
	if failures > 0 {
		t.Errorf("%d unexpected responses, e.g.:\n%s", failures, strings.Join(unexpected, "\n"))
	}
	if len(ids) != clients*perClient {
		t.Errorf("%d distinct request ids for %d requests", len(ids), clients*perClient)
	}
	// The server is still well.
	if resp, body := ts.get(t, "/api/health"); resp.StatusCode != http.StatusOK {
		t.Errorf("after the load: /api/health %d %s", resp.StatusCode, body)
	}
}
