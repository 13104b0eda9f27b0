package api

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	liberrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/helpers"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	"github.com/pb33f/libopenapi/datamodel/high/base"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index"
)

// seedsDir holds the documents of the default index.
const seedsDir = "../seeds"

// testServer is a real lipi server on a loopback port over a real index.
type testServer struct {
	base      string
	indexPath string
	srv       *Server
	live      *index.Live
}

// startServer builds an index of docsDir in t.TempDir() and serves it on
// 127.0.0.1:0, following rebuilds of it (index.Live), until the test ends.
// setup, when not nil, may change the server (add a route) before it
// starts.
func startServer(t *testing.T, docsDir string, opts Options, setup func(*Server)) *testServer {
	t.Helper()
	return startServerFields(t, docsDir, nil, opts, setup)
}

// startServerFields is startServer of an index with extra fields.
func startServerFields(t *testing.T, docsDir string, fields []string, opts Options, setup func(*Server)) *testServer {
	t.Helper()
	path := filepath.Join(t.TempDir(), "lipi.bleve")
	if err := index.Rebuild(docsDir, path, index.RebuildOptions{Synonyms: analyzers.DefaultSynonyms(), Fields: fields}); err != nil {
		t.Fatalf("build the test index from %s: %v", docsDir, err)
	}
	// As lipi serve does: keys for writes open the index for them.
	live, err := index.OpenLive(path, index.LiveOptions{Log: opts.Logger, Writable: opts.WriteKeys != nil})
	if err != nil {
		t.Fatal(err)
	}
	if opts.WriteKeys != nil {
		opts.Writer = live
	}
	s := New(Live(live), opts)
	if setup != nil {
		setup(s)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go live.Watch(ctx, watchInterval)
	go func() { done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
		live.Close()
	})
	return &testServer{base: "http://" + ln.Addr().String(), indexPath: path, srv: s, live: live}
}

// watchInterval is how often a test server checks its index path for a
// rebuild (lipi serve: every second).
const watchInterval = 20 * time.Millisecond

// seedServer serves the seed articles with default options.
func seedServer(t *testing.T) *testServer {
	return startServer(t, seedsDir, Options{}, nil)
}

var client = &http.Client{
	Timeout:   30 * time.Second,
	Transport: &http.Transport{Proxy: nil}, // loopback, whatever proxy the environment names
}

// do sends a request and returns the response with its body read. Every
// response is checked against the OpenAPI description.
func (ts *testServer) do(t *testing.T, method, target, contentType string, body []byte) (*http.Response, []byte) {
	t.Helper()
	return ts.send(t, method, target, "", contentType, body)
}

// send is do with key as the request's bearer token ("" for none).
func (ts *testServer) send(t *testing.T, method, target, key, contentType string, body []byte) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ts.base+target, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body == nil {
		req.Body = nil
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, target, err)
	}
	if body != nil { // the description's check reads the request's body too
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	checkOpenAPIResponse(t, req, resp, got)
	return resp, got
}

func (ts *testServer) get(t *testing.T, target string) (*http.Response, []byte) {
	t.Helper()
	return ts.do(t, http.MethodGet, target, "", nil)
}

// The OpenAPI description, parsed once.
var (
	specOnce      sync.Once
	specValidator validator.Validator
	errorSchema   *base.Schema
	specErr       error
)

func loadSpec() (validator.Validator, *base.Schema, error) {
	specOnce.Do(func() {
		doc, err := libopenapi.NewDocument(openAPIDoc)
		if err != nil {
			specErr = err
			return
		}
		v, errs := validator.NewValidator(doc, config.WithFormatAssertions())
		if len(errs) > 0 {
			specErr = errors.Join(errs...)
			return
		}
		model, err := doc.BuildV3Model()
		if err != nil {
			specErr = err
			return
		}
		proxy, ok := model.Model.Components.Schemas.Get("Error")
		if !ok {
			specErr = errors.New("openapi.json has no components.schemas.Error")
			return
		}
		specValidator, errorSchema = v, proxy.Schema()
	})
	return specValidator, errorSchema, specErr
}

// checkOpenAPIResponse validates a real response against the description:
// its status, content type and body schema for the operation of the
// request. An error answer to a path or method the description does not
// have (a 404 for /api/nope, a 405 for POST /api/search) is validated
// against the Error schema directly.
func checkOpenAPIResponse(t *testing.T, req *http.Request, resp *http.Response, body []byte) {
	t.Helper()
	v, errSchema, err := loadSpec()
	if err != nil {
		t.Fatalf("load openapi.json: %v", err)
	}
	// A path template cannot hold a value with "/" in it, so a document or
	// page path is located by a one-segment stand-in; only the response is
	// validated.
	vreq := req.Clone(context.Background())
	switch p := vreq.URL.Path; {
	case strings.HasPrefix(p, "/api/documents/"):
		vreq.URL.Path = "/api/documents/x"
	case !strings.HasPrefix(p, "/api/") && strings.Count(p, "/") > 1:
		vreq.URL.Path = "/x"
	}
	vreq.URL.RawPath = ""
	vresp := *resp
	vresp.Body = io.NopCloser(bytes.NewReader(body))
	ok, verrs := v.ValidateHttpResponse(vreq, &vresp)
	if ok {
		return
	}
	onlyRouting := true
	for _, e := range verrs {
		if e.ValidationType != helpers.PathValidation {
			onlyRouting = false
		}
	}
	if onlyRouting && (resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusMethodNotAllowed) {
		sv := schema_validation.NewSchemaValidator(config.WithFormatAssertions())
		if ok, serrs := sv.ValidateSchemaBytes(errSchema, body); !ok {
			for _, e := range serrs {
				t.Errorf("%s %s: %d response does not match the Error schema: %s %v", req.Method, req.URL, resp.StatusCode, e.Message, e.SchemaValidationErrors)
			}
		}
		return
	}
	for _, e := range verrs {
		t.Errorf("%s %s: %d response does not match openapi.json: %s: %s (%s) %v", req.Method, req.URL, resp.StatusCode, e.ValidationType, e.Message, e.Reason, schemaFailures(e.SchemaValidationErrors))
	}
}

func schemaFailures(fs []*liberrors.SchemaValidationFailure) string {
	var msgs []string
	for _, f := range fs {
		msgs = append(msgs, f.Error())
	}
	return strings.Join(msgs, "; ")
}

// errorBody is the decoded {"error":{"code","message"}}.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// sharedPath is a file of ../shared beside the checkout; the test is
// skipped when it is absent.
func sharedPath(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join("..", "..", "shared", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s is absent (a clone without ../shared beside it): skipping the check against it", p)
	}
	return p
}

// syncWriter serializes writes of the server's goroutines to a buffer.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
