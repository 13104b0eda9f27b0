package api

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// badRequests are requests lipi must refuse, each with the status and code
// it answers. None may be a 5xx.
var badRequests = []struct {
	name        string
	method      string
	target      string
	contentType string
	body        []byte
	status      int
	code        string
}{
	{"no q", "GET", "/api/search", "", nil, 400, "empty_query"},
	{"empty q", "GET", "/api/search?q=", "", nil, 400, "empty_query"},
	{"blank q", "GET", "/api/search?q=%20%09%20", "", nil, 400, "empty_query"},
	{"q not UTF-8", "GET", "/api/search?q=%FF%FE", "", nil, 400, "invalid_utf8"},
	{"q over 1024 bytes", "GET", "/api/search?q=" + strings.Repeat("a", 1025), "", nil, 400, "query_too_long"},
	{"q over 1024 bytes of Bengali", "GET", "/api/search?" + url.Values{"q": {strings.Repeat("দ", 342)}}.Encode(), "", nil, 400, "query_too_long"},
	{"q twice", "GET", "/api/search?q=a&q=b", "", nil, 400, "repeated_param"},
	{"size 0", "GET", "/api/search?q=Putin&size=0", "", nil, 400, "bad_size"},
	{"size 101", "GET", "/api/search?q=Putin&size=101", "", nil, 400, "bad_size"},
	{"size negative", "GET", "/api/search?q=Putin&size=-1", "", nil, 400, "bad_size"},
	{"size not a number", "GET", "/api/search?q=Putin&size=ten", "", nil, 400, "bad_size"},
	{"size a fraction", "GET", "/api/search?q=Putin&size=1.5", "", nil, 400, "bad_size"},
	{"size overflows", "GET", "/api/search?q=Putin&size=99999999999999999999999", "", nil, 400, "bad_size"},
	{"size with spaces", "GET", "/api/search?q=Putin&size=%201", "", nil, 400, "bad_size"},
	{"size twice", "GET", "/api/search?q=Putin&size=1&size=2", "", nil, 400, "repeated_param"},
	{"from negative", "GET", "/api/search?q=Putin&from=-1", "", nil, 400, "bad_from"},
	{"from over 10000", "GET", "/api/search?q=Putin&from=10001", "", nil, 400, "bad_from"},
	{"from in exponent form", "GET", "/api/search?q=Putin&from=1e3", "", nil, 400, "bad_from"},
	{"from twice", "GET", "/api/search?q=Putin&from=1&from=1", "", nil, 400, "repeated_param"},
	{"lang not a code", "GET", "/api/search?q=Putin&lang=english", "", nil, 400, "bad_lang"},
	{"lang one bad of two", "GET", "/api/search?q=Putin&lang=bn,h1", "", nil, 400, "bad_lang"},
	{"lang not UTF-8", "GET", "/api/search?q=Putin&lang=%FF", "", nil, 400, "bad_lang"},
	{"lang twice", "GET", "/api/search?q=Putin&lang=bn&lang=hi", "", nil, 400, "repeated_param"},
	{"unknown sort", "GET", "/api/search?q=Putin&sort=date", "", nil, 400, "bad_sort"},
	{"prefix not a boolean", "GET", "/api/search?q=Putin&prefix=yes", "", nil, 400, "bad_prefix"},
	{"fuzzy not a boolean", "GET", "/api/search?q=Putin&fuzzy=maybe", "", nil, 400, "bad_fuzzy"},
	{"highlight not a boolean", "GET", "/api/search?q=Putin&highlight=2", "", nil, 400, "bad_highlight"},
	{"sounds_alike not a boolean", "GET", "/api/search?q=Putin&sounds_alike=some", "", nil, 400, "bad_sounds_alike"},
	{"malformed escape", "GET", "/api/search?q=%ZZ", "", nil, 400, "bad_query_string"},
	{"semicolon separator", "GET", "/api/search?q=Putin;size=1", "", nil, 400, "bad_query_string"},
	{"unknown document", "GET", "/api/documents/nope", "", nil, 404, "not_found"},
	{"unknown document with a slash", "GET", "/api/documents/sub%2Fnope", "", nil, 404, "not_found"},
	{"no document id", "GET", "/api/documents/", "", nil, 404, "not_found"},
	{"unknown API route", "GET", "/api/nope", "", nil, 404, "not_found"},
	{"API root", "GET", "/api/", "", nil, 404, "not_found"},
	{"unknown page file", "GET", "/nope.html", "", nil, 404, "not_found"},
	{"page path with dot segments", "GET", "/static/../index.html", "", nil, 404, "not_found"},
	{"POST search", "POST", "/api/search?q=Putin", "", nil, 405, "method_not_allowed"},
	{"PATCH document", "PATCH", "/api/documents/000_311e7184e0d3fb2c", "", nil, 405, "method_not_allowed"},
	{"DELETE document, writes off", "DELETE", "/api/documents/000_311e7184e0d3fb2c", "", nil, 403, "writes_disabled"},
	{"PUT analyze", "PUT", "/api/analyze", "text/plain", []byte("Putin"), 405, "method_not_allowed"},
	{"POST health", "POST", "/api/health", "", nil, 405, "method_not_allowed"},
	{"POST page", "POST", "/", "", nil, 405, "method_not_allowed"},
	{"analyze without text", "GET", "/api/analyze", "", nil, 400, "empty_text"},
	{"analyze blank text", "GET", "/api/analyze?text=%20", "", nil, 400, "empty_text"},
	{"analyze text not UTF-8", "GET", "/api/analyze?text=%C0%80", "", nil, 400, "invalid_utf8"},
	{"analyze text too long", "GET", "/api/analyze?text=" + strings.Repeat("a", MaxTextBytes+1), "", nil, 400, "text_too_long"},
	{"analyze text twice", "GET", "/api/analyze?text=a&text=b", "", nil, 400, "repeated_param"},
	{"analyze body over the limit", "POST", "/api/analyze", "text/plain", bytes.Repeat([]byte("a"), maxBodyBytes+1), 413, "body_too_large"},
	{"analyze text body too long", "POST", "/api/analyze", "text/plain", bytes.Repeat([]byte("a"), MaxTextBytes+1), 400, "text_too_long"},
	{"analyze empty body", "POST", "/api/analyze", "text/plain", nil, 400, "empty_text"},
	{"analyze body not UTF-8", "POST", "/api/analyze", "text/plain", []byte{'a', 0xff}, 400, "invalid_utf8"},
	{"analyze broken JSON", "POST", "/api/analyze", "application/json", []byte(`{"text":`), 400, "bad_json"},
	{"analyze JSON text not a string", "POST", "/api/analyze", "application/json", []byte(`{"text":5}`), 400, "bad_json"},
	{"analyze JSON without text", "POST", "/api/analyze", "application/json", []byte(`{}`), 400, "empty_text"},
	{"analyze form without text", "POST", "/api/analyze", "application/x-www-form-urlencoded", []byte("Putin"), 400, "empty_text"},
	{"analyze malformed form", "POST", "/api/analyze", "application/x-www-form-urlencoded", []byte("text=%ZZ"), 400, "bad_query_string"},
	{"analyze unsupported type", "POST", "/api/analyze", "image/png", []byte("\x89PNG"), 415, "unsupported_media_type"},
	{"analyze unreadable type", "POST", "/api/analyze", "text/plain; charset", []byte("Putin"), 415, "unsupported_media_type"},
	{"transliterate without text", "GET", "/api/transliterate", "", nil, 400, "empty_text"},
	{"transliterate text too long", "GET", "/api/transliterate?text=" + strings.Repeat("%E0%A6%A6", MaxTextBytes/3+1), "", nil, 400, "text_too_long"},
	{"transliterate malformed query", "GET", "/api/transliterate?text=%", "", nil, 400, "bad_query_string"},
	{"search with a body over the limit", "GET", "/api/search?q=Putin", "text/plain", bytes.Repeat([]byte("a"), maxBodyBytes+1), 413, "body_too_large"},
}

func TestBadRequests(t *testing.T) {
	ts := seedServer(t)
	for _, tc := range badRequests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := ts.do(t, tc.method, tc.target, tc.contentType, tc.body)
			if resp.StatusCode >= 500 {
				t.Fatalf("%s %.80s: %d (a 5xx for bad input) %s", tc.method, tc.target, resp.StatusCode, body)
			}
			var e errorBody
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("%s %.80s: body %q is not the error JSON: %v", tc.method, tc.target, body, err)
			}
			if resp.StatusCode != tc.status || e.Error.Code != tc.code {
				t.Errorf("%s %.80s = %d %s (%s), want %d %s", tc.method, tc.target, resp.StatusCode, e.Error.Code, e.Error.Message, tc.status, tc.code)
			}
			if e.Error.Message == "" {
				t.Errorf("%s %.80s: empty message", tc.method, tc.target)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("%s %.80s: Content-Type %q", tc.method, tc.target, ct)
			}
			if tc.status == http.StatusMethodNotAllowed && resp.Header.Get("Allow") == "" {
				t.Errorf("%s %.80s: 405 without an Allow header", tc.method, tc.target)
			}
		})
	}
}

// TestBodyLimitWithoutLength: a body over the limit sent without a
// Content-Length (chunked) is cut off while it is read, also a 413.
func TestBodyLimitWithoutLength(t *testing.T) {
	ts := seedServer(t)
	body := io.MultiReader(strings.NewReader("Putin "), bytes.NewReader(bytes.Repeat([]byte("x"), 2*maxBodyBytes)))
	req, err := http.NewRequest(http.MethodPost, ts.base+"/api/analyze", io.NopCloser(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "text/plain")
	req.ContentLength = -1
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	var e errorBody
	json.Unmarshal(got, &e)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || e.Error.Code != "body_too_large" {
		t.Errorf("chunked body of %d bytes: %d %s, want 413 body_too_large", 2*maxBodyBytes, resp.StatusCode, got)
	}
}

// TestOddQueries: queries that are strange but valid are searches, not
// errors, and never a 5xx.
func TestOddQueries(t *testing.T) {
	ts := seedServer(t)
	for _, q := range []string{
		"\x00", "a\x00b", "\u200d\u200c", "\ufeff", "🙂", "\"", `""`, `"""`, `"a`, `a"b"c"`,
		"*", "?", "~", "+-", "a:b", "title:Putin", "Putin^2", "Putin~1", "/regex/", "(a OR b)", "\\", "%",
		strings.Repeat("দীক্ষিত ", 1024/len("দীক্ষিত ")),
		`"` + strings.Repeat("Putin Modi ", 90) + `"`,
		strings.Repeat("a ", 512),
		strings.Repeat("x", 200),
		"Путин", "Ⅻ", "ক্‌", "्", "\u0301",
	} {
		resp, body := ts.get(t, "/api/search?"+url.Values{"q": {q}, "prefix": {"true"}}.Encode())
		if resp.StatusCode != http.StatusOK {
			t.Errorf("q=%.60q: %d %s", q, resp.StatusCode, body)
		}
		for _, path := range []string{"/api/analyze", "/api/transliterate"} {
			resp, body := ts.get(t, path+"?"+url.Values{"text": {q}}.Encode())
			if resp.StatusCode >= 500 || resp.StatusCode != http.StatusOK && strings.TrimSpace(q) != "" && q != "\ufeff" {
				t.Errorf("%s text=%.60q: %d %s", path, q, resp.StatusCode, body)
			}
		}
	}
}

// TestPanicRecovered: a panic in a handler is a 500 with the error JSON,
// and the server goes on answering.
func TestPanicRecovered(t *testing.T) {
	var log bytes.Buffer
	ts := startServer(t, seedsDir, Options{Logger: slog.New(slog.NewJSONHandler(&syncWriter{w: &log}, nil))}, func(s *Server) {
		s.echo.GET("/test/panic", func(echo.Context) error { panic("boom") })
	})
	req, _ := http.NewRequest(http.MethodGet, ts.base+"/test/panic", nil)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var e errorBody
	json.Unmarshal(body, &e)
	if resp.StatusCode != http.StatusInternalServerError || e.Error.Code != "internal" || strings.Contains(string(body), "boom") {
		t.Errorf("panicking handler: %d %s, want 500 internal without the panic's text", resp.StatusCode, body)
	}
	if resp, body := ts.get(t, "/api/health"); resp.StatusCode != http.StatusOK {
		t.Errorf("after a panic: /api/health %d %s", resp.StatusCode, body)
	}
	if !strings.Contains(log.String(), "boom") {
		t.Errorf("the panic was not logged: %q", log.String())
	}
}

// TestSearchTimeout: a search that runs out of its time is a 503 timeout.
func TestSearchTimeout(t *testing.T) {
	ts := startServer(t, seedsDir, Options{SearchTimeout: time.Nanosecond}, nil)
	resp, body := ts.get(t, "/api/search?q=Dikshit")
	var e errorBody
	json.Unmarshal(body, &e)
	if resp.StatusCode != http.StatusServiceUnavailable || e.Error.Code != "timeout" {
		t.Errorf("search with a 1ns timeout: %d %s, want 503 timeout", resp.StatusCode, body)
	}
}

// TestLongWordQuery: a query of one very long word is valid (the index
// does not fuzz keys longer than a name: bleve refuses an edit-distance
// automaton that large).
func TestLongWordQuery(t *testing.T) {
	ts := seedServer(t)
	for _, q := range []string{strings.Repeat("x", 1024), strings.Repeat("ab", 300), strings.Repeat("দী", 150)} {
		resp, body := ts.get(t, "/api/search?q="+url.QueryEscape(q))
		if resp.StatusCode != http.StatusOK {
			t.Errorf("q=%.20s… (%d bytes): %d %s", q, len(q), resp.StatusCode, body)
		}
	}
}
