package api

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/lipisearch/lipi/index"
)

// Limits of the write routes. PUT and DELETE take the 64 KiB of every
// other route; the bulk route reads more, and a batch is one write (one
// journal record, one index batch), so its size bounds the time the
// writes that queue behind it wait.
const (
	// MaxBulkBytes bounds the body of POST /api/documents; a larger one
	// is a 413.
	MaxBulkBytes = 32 << 20
	// MaxBulkDocuments bounds the documents of one POST /api/documents.
	MaxBulkDocuments = 10000
	// minKeyLength is the shortest API key accepted: shorter ones are
	// guessable.
	minKeyLength = 16
)

// Error codes of the write routes and the keys.
const (
	codeUnauthorized   = "unauthorized"
	codeWritesDisabled = "writes_disabled"
	codeBadDocument    = "bad_document"
	codeIDMismatch     = "id_mismatch"
	codeTooMany        = "too_many_documents"
	codeNoDocuments    = "no_documents"
)

// DocumentWriter is what the write routes need of the index
// (*index.Live opened writable).
type DocumentWriter interface {
	// ParseDocuments reads documents in the loader's JSONL format, all or
	// nothing (a *index.LoadProblem names the first bad line).
	ParseDocuments(r io.Reader, source string) ([]index.Document, error)
	Put(docs []index.Document) error
	Delete(id string) error
}

// Keys are the API keys a server accepts, from a file of one key a line.
// Only their SHA-256 sums are kept, and a key is compared with every one
// of them in constant time, so that neither the time an answer takes nor
// the memory of the process tells anything of a key.
type Keys struct {
	sums [][sha256.Size]byte
}

// LoadKeys reads the keys in the file at path: one a line, blank lines
// and lines starting with # ignored, each of at least 16 characters with
// no space inside.
func LoadKeys(path string) (*Keys, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	k := &Keys{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		key := strings.TrimSpace(sc.Text())
		if key == "" || strings.HasPrefix(key, "#") {
			continue
		}
		if len(key) < minKeyLength || strings.ContainsAny(key, " \t") {
			return nil, fmt.Errorf("keys %s:%d: a key is one word of at least %d characters", path, n, minKeyLength)
		}
		k.sums = append(k.sums, sha256.Sum256([]byte(key)))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("keys %s: %w", path, err)
	}
	if len(k.sums) == 0 {
		return nil, fmt.Errorf("keys %s: no key in the file", path)
	}
	return k, nil
}

// allows tells whether key is one of k.
func (k *Keys) allows(key string) bool {
	if k == nil || key == "" {
		return false
	}
	sum := sha256.Sum256([]byte(key))
	found := 0
	for i := range k.sums {
		found |= subtle.ConstantTimeCompare(sum[:], k.sums[i][:])
	}
	return found == 1
}

// bearer is the key of a request's Authorization header ("" for none).
func bearer(c echo.Context) string {
	scheme, key, ok := strings.Cut(c.Request().Header.Get(echo.HeaderAuthorization), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(key)
}

func unauthorized(c echo.Context, what string) error {
	c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="lipi"`)
	if bearer(c) == "" {
		return newError(http.StatusUnauthorized, codeUnauthorized, "%s needs an API key: Authorization: Bearer KEY", what)
	}
	return newError(http.StatusUnauthorized, codeUnauthorized, "the API key is not one of the server's")
}

// readAccess is the middleware that asks reads for a key when the server
// has read keys: every /api/ route but health and the API's description.
// A write key reads too.
func (s *Server) readAccess(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p := c.Request().URL.Path
		if s.opts.ReadKeys == nil || !strings.HasPrefix(p, "/api/") || p == "/api/health" || p == "/api/openapi.json" || isWrite(c.Request()) {
			return next(c)
		}
		if key := bearer(c); !s.opts.ReadKeys.allows(key) && !s.opts.WriteKeys.allows(key) {
			return unauthorized(c, "reading")
		}
		return next(c)
	}
}

// isWrite tells whether r is one of the write routes (which check their
// own keys).
func isWrite(r *http.Request) bool {
	switch r.Method {
	case http.MethodPut, http.MethodDelete:
		return strings.HasPrefix(r.URL.Path, "/api/documents/")
	case http.MethodPost:
		return r.URL.Path == "/api/documents"
	}
	return false
}

// writer returns the index to write to, once the request showed a write
// key.
func (s *Server) writer(c echo.Context) (DocumentWriter, error) {
	if s.opts.Writer == nil || s.opts.WriteKeys == nil {
		return nil, newError(http.StatusForbidden, codeWritesDisabled, "writes are off on this server: start lipi serve with --api-keys FILE to take documents through the API")
	}
	if !s.opts.WriteKeys.allows(bearer(c)) {
		return nil, unauthorized(c, "writing")
	}
	return s.opts.Writer, nil
}

// writeTarget is the index to write to and the document id of a write
// to /api/documents/{id}.
func (s *Server) writeTarget(c echo.Context) (DocumentWriter, string, error) {
	w, err := s.writer(c)
	if err != nil {
		return nil, "", err
	}
	id, err := documentID(c)
	return w, id, err
}

// documentID is the id in the path /api/documents/{id} (percent-decoded).
func documentID(c echo.Context) (string, error) {
	raw, ok := strings.CutPrefix(c.Request().URL.EscapedPath(), "/api/documents/")
	if !ok {
		return "", echo.ErrNotFound
	}
	id, err := url.PathUnescape(raw)
	if err != nil || id == "" {
		return "", newError(http.StatusNotFound, codeNotFound, "no document with id %q", raw)
	}
	return id, nil
}

// badDocument is the 400 of a document the loader would skip.
func badDocument(err error) error {
	var p index.LoadProblem
	if errors.As(err, &p) {
		e := newError(http.StatusBadRequest, codeBadDocument, "%s", p.String())
		e.Line = p.Line
		return e
	}
	return err
}

// writeError turns an error of the index's write into the response.
func writeError(err error) error {
	switch {
	case errors.Is(err, index.ErrNoDocument):
		return newError(http.StatusNotFound, codeNotFound, "%v", err)
	case errors.Is(err, index.ErrLiveClosed):
		return newError(http.StatusServiceUnavailable, codeUnavailable, "the index is closed: the server is stopping")
	}
	return err
}

// putDocument: PUT /api/documents/{id}, one document in the loader's JSON
// format; its "id", when given, must be the path's.
func (s *Server) putDocument(c echo.Context) error {
	w, id, err := s.writeTarget(c)
	if err != nil {
		return err
	}
	if _, err := mediaType(c, "send the document as JSON", echo.MIMEApplicationJSON, "text/plain"); err != nil {
		return err
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
		return newError(http.StatusBadRequest, codeBadJSON, "the body is not a JSON object")
	}
	if raw, ok := fields["id"]; ok {
		var given string
		if json.Unmarshal(raw, &given) != nil || given != id {
			return newError(http.StatusBadRequest, codeIDMismatch, "the document's id %s is not the path's %q", raw, id)
		}
	}
	fields["id"], _ = json.Marshal(id)
	line, _ := json.Marshal(fields)
	docs, err := w.ParseDocuments(bytes.NewReader(line), "document")
	if err != nil {
		return badDocument(err)
	}
	if err := w.Put(docs); err != nil {
		return writeError(err)
	}
	return writeJSON(c, http.StatusOK, writeResult{Written: 1, IDs: []string{id}})
}

// postDocuments: POST /api/documents, documents in the loader's JSONL
// format, all written or none.
func (s *Server) postDocuments(c echo.Context) error {
	w, err := s.writer(c)
	if err != nil {
		return err
	}
	if _, err := mediaType(c, "send JSON lines (application/x-ndjson)",
		"application/x-ndjson", "application/jsonl", echo.MIMEApplicationJSON, "text/plain"); err != nil {
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), c.Request().Body, MaxBulkBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return newError(http.StatusRequestEntityTooLarge, codeBodyTooLarge, "the request body is larger than %d bytes: send fewer documents at once", MaxBulkBytes)
	}
	if err != nil {
		return err
	}
	docs, err := w.ParseDocuments(bytes.NewReader(body), "body")
	if err != nil {
		return badDocument(err)
	}
	switch {
	case len(docs) == 0:
		return newError(http.StatusBadRequest, codeNoDocuments, "the body holds no document: send one JSON object a line")
	case len(docs) > MaxBulkDocuments:
		return newError(http.StatusRequestEntityTooLarge, codeTooMany, "%d documents in one request; at most %d", len(docs), MaxBulkDocuments)
	}
	if err := w.Put(docs); err != nil {
		return writeError(err)
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return writeJSON(c, http.StatusOK, writeResult{Written: len(docs), IDs: ids})
}

// deleteDocument: DELETE /api/documents/{id}.
func (s *Server) deleteDocument(c echo.Context) error {
	w, id, err := s.writeTarget(c)
	if err != nil {
		return err
	}
	if err := w.Delete(id); err != nil {
		return writeError(err)
	}
	return writeJSON(c, http.StatusOK, deleteResult{Deleted: id})
}

// writeResult answers a put: how many documents were written, and their
// ids in the order given.
type writeResult struct {
	Written int      `json:"written"`
	IDs     []string `json:"ids"`
}

type deleteResult struct {
	Deleted string `json:"deleted"`
}
