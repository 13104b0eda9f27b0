package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/lipisearch/lipi/analyzers"
)

// encode is what `lipi analyze --json` and `lipi transliterate --json`
// print for v.
func encode(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestAnalyze(t *testing.T) {
	ts := seedServer(t)
	for _, text := range []string{"দীক্ষিতের", "रूस के राष्ट्रपति पुतिन", "Putin & <Modi>", "Путин", "a\u200cb"} {
		tokens := analyzers.Tokens(text)
		want := encode(t, struct {
			Tokens []analyzers.TokenInfo `json:"tokens"`
		}{tokens})
		jsonBody, _ := json.Marshal(map[string]string{"text": text})
		for _, req := range []struct {
			method, target, contentType string
			body                        []byte
		}{
			{"GET", "/api/analyze?" + url.Values{"text": {text}}.Encode(), "", nil},
			{"POST", "/api/analyze", "text/plain; charset=utf-8", []byte(text)},
			{"POST", "/api/analyze", "", []byte(text)},
			{"POST", "/api/analyze", "application/json", jsonBody},
			{"POST", "/api/analyze", "application/x-www-form-urlencoded", []byte(url.Values{"text": {text}}.Encode())},
		} {
			resp, body := ts.do(t, req.method, req.target, req.contentType, req.body)
			if resp.StatusCode != http.StatusOK || string(body) != want {
				t.Errorf("%s %s (%s) %q: %d\n%s\nwant\n%s", req.method, req.target, req.contentType, text, resp.StatusCode, body, want)
			}
		}
	}
}

func TestTransliterate(t *testing.T) {
	ts := seedServer(t)
	for _, tc := range []struct {
		text string
		want map[string]string // a subset of the answer
	}{
		{"Putin", map[string]string{"Latn": "Putin", "Deva": "पुतिन", "Beng": "পুতিন"}},
		{"पुतिन", map[string]string{"Beng": "পুতিন"}},
		{"Путин", map[string]string{"Latn": "putin"}},
		{"Modi, Putin!", map[string]string{"Deva": "मोदी, पुतिन!"}},
	} {
		full := analyzers.Transliterate(tc.text)
		resp, body := ts.get(t, "/api/transliterate?"+url.Values{"text": {tc.text}}.Encode())
		if resp.StatusCode != http.StatusOK || string(body) != encode(t, full) {
			t.Errorf("transliterate %q: %d %s, want %s", tc.text, resp.StatusCode, body, encode(t, full))
			continue
		}
		var got map[string]string
		json.Unmarshal(body, &got)
		for code, want := range tc.want {
			if got[code] != want {
				t.Errorf("transliterate %q: %s = %q, want %q", tc.text, code, got[code], want)
			}
		}
	}
}

func TestHealth(t *testing.T) {
	ts := startServer(t, seedsDir, Options{Version: "v9.9.9-test"}, nil)
	resp, body := ts.get(t, "/api/health")
	var h struct {
		Status    string `json:"status"`
		Documents int    `json:"documents"`
		Built     string `json:"built"`
		Version   string `json:"version"`
	}
	if err := json.Unmarshal(body, &h); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("health: %d %s %v", resp.StatusCode, body, err)
	}
	if h.Status != "ok" || h.Documents != 3 || h.Built == "" || h.Version != "v9.9.9-test" {
		t.Errorf("health = %+v", h)
	}
	if buildVersion() == "" {
		t.Errorf("buildVersion() is empty")
	}
}

func TestPage(t *testing.T) {
	ts := seedServer(t)
	for _, path := range []string{"/", "/index.html"} {
		resp, body := ts.get(t, path)
		if resp.StatusCode != http.StatusOK || !bytes.Contains(bytes.ToLower(body), []byte("<html")) {
			t.Errorf("GET %s: %d %.100s", path, resp.StatusCode, body)
		}
	}
}
