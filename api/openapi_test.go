package api

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/pb33f/libopenapi"
)

// TestOpenAPIDocument: the description is a valid OpenAPI 3.1 document.
func TestOpenAPIDocument(t *testing.T) {
	doc, err := libopenapi.NewDocument(openAPIDoc)
	if err != nil {
		t.Fatal(err)
	}
	if v := doc.GetVersion(); !strings.HasPrefix(v, "3.1") {
		t.Errorf("OpenAPI version %q, want 3.1", v)
	}
	v, _, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	if ok, errs := v.ValidateDocument(); !ok {
		for _, e := range errs {
			t.Errorf("openapi.json is not valid OpenAPI: %s: %s %s", e.Message, e.Reason, schemaFailures(e.SchemaValidationErrors))
		}
	}
}

// specPath is the OpenAPI path of an echo route: ":name" becomes "{name}",
// and a trailing "*" the parameter named here.
var wildcardParams = map[string]string{
	"/api/documents/*": "/api/documents/{id}",
	"/*":               "/{path}",
}

func specPath(echoPath string) string {
	if p, ok := wildcardParams[echoPath]; ok {
		return p
	}
	parts := strings.Split(echoPath, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, ":") {
			parts[i] = "{" + p[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}

// TestOpenAPICoversRoutes: every route the server registers is described,
// and every described operation is served.
func TestOpenAPICoversRoutes(t *testing.T) {
	doc, err := libopenapi.NewDocument(openAPIDoc)
	if err != nil {
		t.Fatal(err)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		t.Fatal(err)
	}
	described := map[string]bool{} // "GET /api/search"
	for path, item := range model.Model.Paths.PathItems.FromOldest() {
		for method, op := range item.GetOperations().FromOldest() {
			described[strings.ToUpper(method)+" "+path] = true
			if op.OperationId == "" || op.Summary == "" {
				t.Errorf("%s %s: no operationId or summary", method, path)
			}
			if op.Responses == nil || op.Responses.Default == nil {
				t.Errorf("%s %s: no default (error) response", method, path)
			}
		}
	}
	s := New(nil, Options{})
	served := map[string]bool{}
	for _, r := range s.Routes() {
		if r.Method == echo.RouteNotFound {
			continue
		}
		key := r.Method + " " + specPath(r.Path)
		served[key] = true
		if !described[key] {
			t.Errorf("route %s %s (%s) is not described in openapi.json", r.Method, r.Path, key)
		}
	}
	for key := range described {
		if !served[key] && key != "GET /" { // "/" is served by the "/*" route
			t.Errorf("openapi.json describes %s, which the server does not register", key)
		}
	}
	if len(served) < 7 {
		t.Errorf("only %d routes registered: %v", len(served), served)
	}
}

// TestOpenAPIServed: /api/openapi.json is the embedded description.
func TestOpenAPIServed(t *testing.T) {
	ts := seedServer(t)
	resp, body := ts.get(t, "/api/openapi.json")
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, openAPIDoc) || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("GET /api/openapi.json: %d %s, %d bytes, want the embedded %d", resp.StatusCode, resp.Header.Get("Content-Type"), len(body), len(openAPIDoc))
	}
}

// TestOpenAPIRequests: real requests the tests send are valid by the
// description (parameters and bodies).
func TestOpenAPIRequests(t *testing.T) {
	v, _, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ method, target, contentType, body string }{
		{"GET", "/api/search?q=Putin", "", ""},
		{"GET", "/api/search?q=%E0%A6%A6&from=10&size=100&lang=bn,hi&sort=published&prefix=true&fuzzy=false&highlight=false", "", ""},
		{"GET", "/api/search?q=Putin&category=sports,world&filter%5Bdesk%5D=delhi&filter%5Btopic%5D=elections", "", ""},
		{"GET", "/api/documents/000_311e7184e0d3fb2c", "", ""},
		{"GET", "/api/analyze?text=Putin", "", ""},
		{"POST", "/api/analyze", "text/plain", "Putin"},
		{"POST", "/api/analyze", "application/json", `{"text":"Putin"}`},
		{"POST", "/api/analyze", "application/x-www-form-urlencoded", "text=Putin"},
		{"GET", "/api/transliterate?text=Putin", "", ""},
		{"GET", "/api/health", "", ""},
		{"GET", "/api/openapi.json", "", ""},
		{"GET", "/", "", ""},
		{"GET", "/app.js", "", ""},
	} {
		var body io.Reader
		if tc.body != "" {
			body = strings.NewReader(tc.body)
		}
		req := httptest.NewRequest(tc.method, tc.target, body)
		if tc.contentType != "" {
			req.Header.Set("Content-Type", tc.contentType)
		}
		if ok, errs := v.ValidateHttpRequest(req); !ok {
			for _, e := range errs {
				t.Errorf("%s %s: %s: %s", tc.method, tc.target, e.Message, e.Reason)
			}
		}
	}
	// And a request the description forbids is caught.
	if ok, _ := v.ValidateHttpRequest(httptest.NewRequest("GET", "/api/search?q=a&size=1000", nil)); ok {
		t.Errorf("size=1000 passes validation: the description does not bound size")
	}
}

// TestOpenAPICatchesMismatch: the response check used by every test does
// fail a response that does not match (so passing means something).
func TestOpenAPICatchesMismatch(t *testing.T) {
	v, _, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		target string
		status int
		body   string
	}{
		{"/api/search?q=a", 200, `{"query":"a","total":0,"took_ms":0,"facets":{"lang":{}}}` + "\n"},
		{"/api/search?q=a", 200, `{"query":"a","total":"0","took_ms":0,"hits":[],"facets":{"lang":{}}}` + "\n"},
		{"/api/health", 200, `{"status":"ok","documents":3,"built":"yesterday","version":"1"}` + "\n"},
		{"/api/search?q=a", 400, `{"error":{"code":"oops","message":"x"}}` + "\n"},
		{"/api/search?q=a", 400, `{"code":"empty_query","message":"x"}` + "\n"},
	} {
		req := httptest.NewRequest("GET", tc.target, nil)
		resp := &http.Response{
			StatusCode: tc.status,
			Header:     http.Header{"Content-Type": {"application/json"}},
			Body:       io.NopCloser(strings.NewReader(tc.body)),
			Request:    req,
		}
		if ok, _ := v.ValidateHttpResponse(req, resp); ok {
			t.Errorf("%s %d %s passes validation", tc.target, tc.status, tc.body)
		}
	}
	// The headers every response must carry are checked too.
	health := `{"status":"ok","documents":3,"built":"2025-01-01T00:00:00Z","version":"1"}` + "\n"
	rateLimited := `{"error":{"code":"rate_limited","message":"slow down"}}` + "\n"
	for _, tc := range []struct {
		target string
		status int
		body   string
		header http.Header
		ok     bool
	}{
		{"/api/health", 200, health, http.Header{"X-Request-Id": {"abc"}}, true},
		{"/api/health", 200, health, http.Header{}, false},
		{"/api/search?q=a", 429, rateLimited, http.Header{"X-Request-Id": {"abc"}, "Retry-After": {"1"}}, true},
		{"/api/search?q=a", 429, rateLimited, http.Header{"X-Request-Id": {"abc"}}, false},
	} {
		req := httptest.NewRequest("GET", tc.target, nil)
		tc.header.Set("Content-Type", "application/json")
		resp := &http.Response{StatusCode: tc.status, Header: tc.header, Body: io.NopCloser(strings.NewReader(tc.body)), Request: req}
		if ok, errs := v.ValidateHttpResponse(req, resp); ok != tc.ok {
			t.Errorf("%s %d with headers %v: valid %v, want %v (%v)", tc.target, tc.status, tc.header, ok, tc.ok, errs)
		}
	}
}
