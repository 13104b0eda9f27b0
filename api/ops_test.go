package api

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lipisearch/lipi/index"
)

// get sends a GET with extra headers and returns the response with its
// body read and checked against the OpenAPI description.
func (ts *testServer) getWith(t *testing.T, target string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ts.base+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	checkOpenAPIResponse(t, req, resp, body)
	return resp, body
}

// logRecords decodes JSON log lines.
func logRecords(t *testing.T, log string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	sc := bufio.NewScanner(strings.NewReader(log))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r map[string]any
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("log line is not JSON: %q: %v", sc.Text(), err)
		}
		recs = append(recs, r)
	}
	return recs
}

var randomID = regexp.MustCompile(`^[A-Za-z0-9]{32}$`)

// TestRequestID: every response has an id; a client's plain token is kept,
// anything else replaced.
func TestRequestID(t *testing.T) {
	ts := seedServer(t)
	seen := map[string]bool{}
	for _, target := range []string{"/api/health", "/api/search?q=Dikshit", "/api/nope", "/", "/api/search?size=0"} {
		resp, _ := ts.get(t, target)
		id := resp.Header.Get(echo.HeaderXRequestID)
		if !randomID.MatchString(id) || seen[id] {
			t.Errorf("GET %s: X-Request-ID %q (want a new random id)", target, id)
		}
		seen[id] = true
	}
	for _, tc := range []struct{ sent, want string }{
		{"abc-123", "abc-123"},
		{"7f1c2e9a-55b4-4c1e-9d6b-0c8e1f2a3b4c", "7f1c2e9a-55b4-4c1e-9d6b-0c8e1f2a3b4c"},
		{"lb:1.2_3", "lb:1.2_3"},
		{"has space", ""},
		{"<script>", ""},
		{"ü", ""},
		{strings.Repeat("a", 129), ""},
	} {
		resp, _ := ts.getWith(t, "/api/health", http.Header{"X-Request-Id": {tc.sent}})
		got := resp.Header.Get(echo.HeaderXRequestID)
		if tc.want != "" && got != tc.want || tc.want == "" && !randomID.MatchString(got) {
			t.Errorf("X-Request-ID %.40q sent: got %q back, want %q (empty: a new id)", tc.sent, got, tc.want)
		}
	}
}

// TestAccessLog: one JSON record a request, with the id the response
// carries, at level info (error for a 5xx); --log-level warn drops them.
func TestAccessLog(t *testing.T) {
	var buf bytes.Buffer
	sw := &syncWriter{w: &buf}
	logger, err := NewLogger(sw, "info")
	if err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, seedsDir, Options{Logger: logger}, func(s *Server) {
		s.echo.GET("/test/panic", func(echo.Context) error { panic("boom") })
	})
	ok, _ := ts.get(t, "/api/search?q=Dikshit&size=1")
	bad, _ := ts.get(t, "/api/search?size=0&q=a")
	boom, err := client.Get(ts.base + "/test/panic")
	if err != nil {
		t.Fatal(err)
	}
	boom.Body.Close()
	sw.mu.Lock()
	log := buf.String()
	sw.mu.Unlock()
	byID := map[string]map[string]any{}
	for _, r := range logRecords(t, log) {
		if r["msg"] == "request" {
			byID[r["id"].(string)] = r
		}
	}
	check := func(resp *http.Response, level, uri string, status int, code string) {
		t.Helper()
		id := resp.Header.Get(echo.HeaderXRequestID)
		r, found := byID[id]
		if !found {
			t.Errorf("no access record with id %q in the log:\n%s", id, log)
			return
		}
		if r["level"] != level || r["method"] != "GET" || r["uri"] != uri || r["status"] != float64(status) || r["ip"] != "127.0.0.1" {
			t.Errorf("access record %v, want level %s GET %s %d from 127.0.0.1", r, level, uri, status)
		}
		if _, ok := r["ms"].(float64); !ok {
			t.Errorf("access record without ms: %v", r)
		}
		if n, _ := r["bytes"].(float64); int64(n) != resp.ContentLength && resp.ContentLength >= 0 {
			t.Errorf("access record bytes %v, response Content-Length %d", r["bytes"], resp.ContentLength)
		}
		if got, _ := r["error"].(string); got != code {
			t.Errorf("access record error %q, want %q", got, code)
		}
	}
	check(ok, "INFO", "/api/search?q=Dikshit&size=1", 200, "")
	check(bad, "INFO", "/api/search?size=0&q=a", 400, "bad_size")
	check(boom, "ERROR", "/test/panic", 500, "internal")
	if !strings.Contains(log, `"msg":"panic"`) || !strings.Contains(log, "boom") {
		t.Errorf("the panic is not logged:\n%s", log)
	}

	t.Run("warn level", func(t *testing.T) {
		var buf bytes.Buffer
		sw := &syncWriter{w: &buf}
		logger, _ := NewLogger(sw, "warn")
		ts := startServer(t, seedsDir, Options{Logger: logger}, nil)
		ts.get(t, "/api/health")
		sw.mu.Lock()
		defer sw.mu.Unlock()
		if buf.Len() != 0 {
			t.Errorf("at level warn, a request was logged: %s", buf.String())
		}
	})
	if _, err := NewLogger(io.Discard, "loud"); err == nil {
		t.Errorf("NewLogger accepted level %q", "loud")
	}
}

// TestSecurityHeaders: every response, page or API, error or not, carries
// the CSP, nosniff and the referrer policy.
func TestSecurityHeaders(t *testing.T) {
	ts := seedServer(t)
	for _, target := range []string{"/", "/app.js", "/style.css", "/api/search?q=Putin", "/api/search", "/api/nope", "/api/openapi.json"} {
		resp, _ := ts.get(t, target)
		for h, want := range map[string]string{
			"Content-Security-Policy": ContentSecurityPolicy,
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         ReferrerPolicy,
			"X-Frame-Options":         "DENY",
		} {
			if got := resp.Header.Get(h); got != want {
				t.Errorf("GET %s: %s %q, want %q", target, h, got, want)
			}
		}
	}
}

// TestPageWithinCSP: the page has nothing the policy forbids (inline
// scripts or styles, event-handler attributes, other origins), so the CSP
// costs it nothing.
func TestPageWithinCSP(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("..", "ui", "static", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`(?i)<style`),
		regexp.MustCompile(`(?i)\sstyle\s*=`),
		regexp.MustCompile(`(?i)\son[a-z]+\s*=`),
		regexp.MustCompile(`(?i)(src|href)\s*=\s*"(https?:)?//`),
		regexp.MustCompile(`(?i)javascript:`),
	} {
		if m := bad.Find(page); m != nil {
			t.Errorf("index.html has %q, which the Content-Security-Policy forbids", m)
		}
	}
	scripts := regexp.MustCompile(`(?is)<script([^>]*)>(.*?)</script>`).FindAllSubmatch(page, -1)
	if len(scripts) == 0 {
		t.Errorf("index.html loads no script")
	}
	for _, m := range scripts {
		if !regexp.MustCompile(`\ssrc="[a-z][a-z0-9./-]*"`).Match(m[1]) || len(bytes.TrimSpace(m[2])) > 0 {
			t.Errorf("index.html has %q: only same-origin <script src> is allowed", m[0])
		}
	}
	js, err := os.ReadFile(filepath.Join("..", "ui", "static", "app.js"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"eval(", "new Function", "setAttribute('style'", `setAttribute("style"`, "https://", "http://"} {
		if bytes.Contains(js, []byte(bad)) {
			t.Errorf("app.js has %q, which the Content-Security-Policy forbids", bad)
		}
	}
}

// TestCORS: off by default (no Access-Control-Allow-Origin for anyone);
// with an allow-list, only the listed origins get it.
func TestCORS(t *testing.T) {
	preflight := func(t *testing.T, ts *testServer, origin string) *http.Response {
		req, _ := http.NewRequest(http.MethodOptions, ts.base+"/api/search?q=Putin", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "GET")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	t.Run("off by default", func(t *testing.T) {
		ts := seedServer(t)
		resp, _ := ts.getWith(t, "/api/search?q=Putin", http.Header{"Origin": {"https://example.org"}})
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("cross-origin GET: Access-Control-Allow-Origin %q", got)
		}
		if got := preflight(t, ts, "https://example.org").Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("preflight: Access-Control-Allow-Origin %q", got)
		}
	})
	t.Run("allow-list", func(t *testing.T) {
		ts := startServer(t, seedsDir, Options{CORSOrigins: []string{"https://example.org", "http://localhost:3000"}}, nil)
		for origin, allowed := range map[string]bool{
			"https://example.org":   true,
			"http://localhost:3000": true,
			"https://evil.example":  false,
			"http://example.org":    false,
		} {
			resp, _ := ts.getWith(t, "/api/search?q=Putin", http.Header{"Origin": {origin}})
			got := resp.Header.Get("Access-Control-Allow-Origin")
			if allowed && got != origin || !allowed && got != "" {
				t.Errorf("GET from %s: Access-Control-Allow-Origin %q", origin, got)
			}
			if allowed && !strings.Contains(resp.Header.Get("Access-Control-Expose-Headers"), "X-Request-Id") &&
				!strings.Contains(resp.Header.Get("Access-Control-Expose-Headers"), "X-Request-ID") {
				t.Errorf("GET from %s: X-Request-ID not exposed (%q)", origin, resp.Header.Get("Access-Control-Expose-Headers"))
			}
			p := preflight(t, ts, origin)
			got = p.Header.Get("Access-Control-Allow-Origin")
			if allowed && (got != origin || p.StatusCode != http.StatusNoContent || !strings.Contains(p.Header.Get("Access-Control-Allow-Methods"), "GET")) ||
				!allowed && got != "" {
				t.Errorf("preflight from %s: %d, Access-Control-Allow-Origin %q, methods %q", origin, p.StatusCode, got, p.Header.Get("Access-Control-Allow-Methods"))
			}
		}
	})
	t.Run("origins checked", func(t *testing.T) {
		for o, ok := range map[string]bool{
			"https://example.org": true, "http://localhost:3000": true, "*": true,
			"example.org": false, "https://example.org/": false, "ftp://example.org": false, "https://": false, "https://a@b": false,
		} {
			if err := CheckOrigins([]string{o}); (err == nil) != ok {
				t.Errorf("CheckOrigins(%q) = %v, want ok %v", o, err, ok)
			}
		}
	})
}

// TestRateLimit: a client over its limit gets 429 rate_limited with
// Retry-After (checked against the OpenAPI description); /api/health is not
// limited; X-Forwarded-For counts only from a trusted proxy.
func TestRateLimit(t *testing.T) {
	count := func(t *testing.T, ts *testServer, target string, n int, header http.Header) (ok, limited int) {
		t.Helper()
		for range n {
			resp, body := ts.getWith(t, target, header)
			switch resp.StatusCode {
			case http.StatusOK:
				ok++
			case http.StatusTooManyRequests:
				limited++
				var e errorBody
				if err := json.Unmarshal(body, &e); err != nil || e.Error.Code != "rate_limited" || e.Error.Message == "" {
					t.Errorf("429 body %s", body)
				}
				if ra, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || ra < 1 {
					t.Errorf("429 with Retry-After %q", resp.Header.Get("Retry-After"))
				}
			default:
				t.Errorf("GET %s: %d %s", target, resp.StatusCode, body)
			}
		}
		return ok, limited
	}
	// One request a minute after a burst of 3: a slow machine cannot earn
	// a fourth within the test.
	opts := Options{RateLimit: 1.0 / 60, RateBurst: 3}
	t.Run("limited", func(t *testing.T) {
		ts := startServer(t, seedsDir, opts, nil)
		if ok, limited := count(t, ts, "/api/search?q=Putin", 6, nil); ok != 3 || limited != 3 {
			t.Errorf("6 searches with a burst of 3: %d ok, %d limited", ok, limited)
		}
		if ok, _ := count(t, ts, "/api/health", 5, nil); ok != 5 {
			t.Errorf("/api/health was limited: %d of 5 ok", ok)
		}
		// Without a trusted proxy, X-Forwarded-For does not make a new client.
		if ok, _ := count(t, ts, "/api/search?q=Putin", 2, http.Header{"X-Forwarded-For": {"203.0.113.9"}}); ok != 0 {
			t.Errorf("a spoofed X-Forwarded-For escaped the limit: %d ok", ok)
		}
	})
	t.Run("behind a trusted proxy", func(t *testing.T) {
		o := opts
		var err error
		if o.TrustedProxies, err = ParseCIDRs([]string{"127.0.0.1"}); err != nil {
			t.Fatal(err)
		}
		ts := startServer(t, seedsDir, o, nil)
		a := http.Header{"X-Forwarded-For": {"203.0.113.1"}}
		b := http.Header{"X-Forwarded-For": {"203.0.113.2"}}
		if ok, limited := count(t, ts, "/api/search?q=Putin", 4, a); ok != 3 || limited != 1 {
			t.Errorf("client a: %d ok, %d limited", ok, limited)
		}
		if ok, _ := count(t, ts, "/api/search?q=Putin", 3, b); ok != 3 {
			t.Errorf("client b was limited by a's requests: %d ok", ok)
		}
	})
	t.Run("off by default", func(t *testing.T) {
		ts := seedServer(t)
		if ok, _ := count(t, ts, "/api/search?q=Putin", 30, nil); ok != 30 {
			t.Errorf("no limit set, yet %d of 30 ok", ok)
		}
	})
	t.Run("proxies parsed", func(t *testing.T) {
		for s, ok := range map[string]bool{"10.0.0.0/8": true, "192.0.2.1": true, "::1": true, "fd00::/8": true, "10.0.0.0/33": false, "proxy": false} {
			if _, err := ParseCIDRs([]string{s}); (err == nil) != ok {
				t.Errorf("ParseCIDRs(%q) = %v, want ok %v", s, err, ok)
			}
		}
	})
}

// TestLogLines: each line written becomes one record.
func TestLogLines(t *testing.T) {
	var buf bytes.Buffer
	w := LogLines(slog.New(slog.NewJSONHandler(&buf, nil)), slog.LevelWarn, "input skipped")
	io.WriteString(w, "a.txt: empty\nb.jsonl:3: bad")
	io.WriteString(w, " JSON\r\n\n")
	recs := logRecords(t, buf.String())
	if len(recs) != 2 || recs[0]["text"] != "a.txt: empty" || recs[1]["text"] != "b.jsonl:3: bad JSON" || recs[1]["level"] != "WARN" {
		t.Errorf("records %v", recs)
	}
}

// TestClientGone: a search whose client disconnects is logged as 499
// cancelled at level info, not as a server error.
func TestClientGone(t *testing.T) {
	var buf bytes.Buffer
	sw := &syncWriter{w: &buf}
	logger, _ := NewLogger(sw, "info")
	ts := startServer(t, seedsDir, Options{Logger: logger}, func(s *Server) { s.src = stalledSource{s.src} })
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.base+"/api/search?q=Dikshit", nil)
	if resp, err := client.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("the delayed search answered %d", resp.StatusCode)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		sw.mu.Lock()
		log := buf.String()
		sw.mu.Unlock()
		if strings.Contains(log, `"msg":"request"`) {
			recs := logRecords(t, log)
			r := recs[len(recs)-1]
			if r["status"] != float64(statusClientClosed) || r["error"] != "cancelled" || r["level"] != "INFO" {
				t.Errorf("access record of a search whose client left: %v", r)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no access record 5s after the client left:\n%s", log)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// stalledSource hands out its indexes with searches that never end before
// their request does: a search its client gives up on.
type stalledSource struct{ src Source }

func (s stalledSource) Acquire() (Searcher, func()) {
	ix, release := s.src.Acquire()
	if ix != nil {
		ix = stalledSearcher{ix}
	}
	return ix, release
}

type stalledSearcher struct{ Searcher }

func (stalledSearcher) Search(ctx context.Context, _ index.Request) (*index.Response, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestSearchTurns: searches beyond Options.MaxSearches wait for a turn,
// and one whose time runs out while it waits is a 503 saying the server
// is busy; other requests do not wait.
func TestSearchTurns(t *testing.T) {
	ts := startServer(t, seedsDir, Options{MaxSearches: 1, SearchTimeout: time.Second}, nil)
	if got := cap(ts.srv.searchTurns); got != 1 {
		t.Fatalf("MaxSearches 1 gave %d turns", got)
	}
	ts.srv.searchTurns <- struct{}{} // a search that runs on and on

	resp, body := ts.get(t, "/api/search?q=Dikshit")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), `"timeout"`) || !strings.Contains(string(body), "busy") {
		t.Errorf("search while the only turn is taken: %d %s", resp.StatusCode, body)
	}
	if ra := resp.Header.Get("Retry-After"); ra != "1" {
		t.Errorf("busy 503 with Retry-After %q, want 1", ra)
	}
	if resp, body := ts.get(t, "/api/analyze?text=Dikshit"); resp.StatusCode != http.StatusOK {
		t.Errorf("analyze waited for a search turn: %d %s", resp.StatusCode, body)
	}

	// A search that gets its turn within its time runs.
	answered := make(chan int, 1)
	go func() {
		resp, err := client.Get(ts.base + "/api/search?q=Dikshit")
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	time.Sleep(100 * time.Millisecond)
	select {
	case code := <-answered:
		t.Fatalf("the search answered %d while the only turn was taken", code)
	default:
	}
	<-ts.srv.searchTurns
	if code := <-answered; code != http.StatusOK {
		t.Errorf("search after waiting for its turn: %d", code)
	}
	if n := len(ts.srv.searchTurns); n != 0 {
		t.Errorf("%d turns still taken after every search ended", n)
	}
}

func TestMaxSearchesDefault(t *testing.T) {
	if s := New(nil, Options{}); cap(s.searchTurns) != DefaultMaxSearches() {
		t.Errorf("default: %d turns, want %d", cap(s.searchTurns), DefaultMaxSearches())
	}
	if s := New(nil, Options{MaxSearches: -1}); s.searchTurns != nil {
		t.Errorf("MaxSearches -1: %d turns, want no limit", cap(s.searchTurns))
	}
}
