package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index"
)

// writeJSON writes v the way `lipi search --json` prints it: HTML
// characters as they are (fragments hold <mark>), a trailing newline.
func writeJSON(c echo.Context, status int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(buf.Len()))
	return c.Blob(status, echo.MIMEApplicationJSON, buf.Bytes())
}

// search: GET /api/search?q=&from=&size=&lang=&category=&filter[NAME]=&sort=&prefix=&fuzzy=&highlight=&sounds_alike=&collapse=&from_date=&to_date=
func (s *Server) search(c echo.Context) error {
	p, err := queryParams(c)
	if err != nil {
		return err
	}
	req, err := s.searchRequest(p)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), s.opts.SearchTimeout)
	defer cancel()
	done, err := s.searchTurn(ctx)
	if err != nil {
		if errors.Is(err, errBusy) {
			c.Response().Header().Set("Retry-After", "1")
		}
		return err
	}
	defer done()
	ix, release, err := s.acquire()
	if err != nil {
		return err
	}
	defer release()
	resp, err := ix.Search(ctx, req)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, resp)
}

// searchTurn waits until fewer than Options.MaxSearches searches run, or
// until ctx ends; the function it returns ends the turn.
func (s *Server) searchTurn(ctx context.Context) (done func(), err error) {
	if s.searchTurns == nil {
		return func() {}, nil
	}
	select {
	case s.searchTurns <- struct{}{}:
		return func() { <-s.searchTurns }, nil
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, errBusy
		}
		return nil, ctx.Err()
	}
}

// errBusy answers a search that waited its whole time limit for a turn.
var errBusy = newError(http.StatusServiceUnavailable, codeTimeout, "the server is busy: the search waited too long for its turn; try again")

// searchRequest reads the parameters of a search; the index validates
// their values.
func (s *Server) searchRequest(p params) (index.Request, error) {
	req := index.Request{NoSynonyms: s.opts.NoSynonyms, SkipLayers: s.opts.SkipLayers}
	var err error
	if req.Query, err = p.str("q"); err != nil {
		return req, err
	}
	var given bool
	if req.Size, given, err = p.int("size", index.DefaultSize, "bad_size"); err != nil {
		return req, err
	}
	if given && req.Size == 0 { // the index reads Size 0 as "the default"
		return req, &index.RequestError{Code: "bad_size", Message: fmt.Sprintf("size must be between 1 and %d", index.MaxSize)}
	}
	if req.From, _, err = p.int("from", 0, "bad_from"); err != nil {
		return req, err
	}
	if req.Langs, err = p.list("lang"); err != nil {
		return req, err
	}
	if req.Categories, err = p.list("category"); err != nil {
		return req, err
	}
	if req.Filters, err = p.filters(); err != nil {
		return req, err
	}
	if req.Sort, err = p.str("sort"); err != nil {
		return req, err
	}
	if req.Prefix, err = p.bool("prefix", false); err != nil {
		return req, err
	}
	fuzzy, err := p.bool("fuzzy", true)
	if err != nil {
		return req, err
	}
	req.NoFuzzy = s.opts.NoFuzzy || !fuzzy
	highlight, err := p.bool("highlight", true)
	if err != nil {
		return req, err
	}
	req.NoHighlight = !highlight
	if req.SoundsAlike, err = p.bool("sounds_alike", false); err != nil {
		return req, err
	}
	if req.Collapse, err = p.bool("collapse", false); err != nil {
		return req, err
	}
	if req.FromDate, err = p.str("from_date"); err != nil {
		return req, err
	}
	if req.ToDate, err = p.str("to_date"); err != nil {
		return req, err
	}
	return req, nil
}

// document: GET /api/documents/{id}. The id is taken from the escaped path,
// so that it may contain "/" written as is or as %2F, and "%" as %25.
func (s *Server) document(c echo.Context) error {
	const prefix = "/api/documents/"
	escaped := c.Request().URL.EscapedPath()
	raw, ok := strings.CutPrefix(escaped, prefix)
	if !ok {
		return echo.ErrNotFound
	}
	id, err := url.PathUnescape(raw)
	if err != nil || id == "" {
		return newError(http.StatusNotFound, codeNotFound, "no document with id %q", raw)
	}
	ix, release, err := s.acquire()
	if err != nil {
		return err
	}
	defer release()
	d, err := ix.Document(id)
	if errors.Is(err, index.ErrNoDocument) {
		return newError(http.StatusNotFound, codeNotFound, "no document with id %q", id)
	}
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, d)
}

// analyze: GET /api/analyze?text= or POST /api/analyze with the text as the
// body (text/plain), a form field "text", or JSON {"text": …}.
func (s *Server) analyze(c echo.Context) error {
	text, err := textOf(c)
	if err != nil {
		return err
	}
	tokens := analyzers.Tokens(text) // never nil: a text with no word gives []
	return writeJSON(c, http.StatusOK, struct {
		Tokens []analyzers.TokenInfo `json:"tokens"`
	}{tokens})
}

// transliterate: GET /api/transliterate?text=
func (s *Server) transliterate(c echo.Context) error {
	text, err := textOf(c)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, analyzers.Transliterate(text))
}

// textOf reads the text of an analyze or transliterate request and checks
// it like `lipi analyze` does: not blank, valid UTF-8, at most MaxTextBytes.
func textOf(c echo.Context) (string, error) {
	var text string
	if c.Request().Method == http.MethodPost {
		var err error
		if text, err = bodyText(c); err != nil {
			return "", err
		}
	} else {
		p, err := queryParams(c)
		if err != nil {
			return "", err
		}
		if text, err = p.str("text"); err != nil {
			return "", err
		}
	}
	switch {
	case len(text) > MaxTextBytes:
		return "", newError(http.StatusBadRequest, codeTextTooLong, "the text is %d bytes; at most %d are allowed", len(text), MaxTextBytes)
	case !utf8.ValidString(text):
		return "", newError(http.StatusBadRequest, codeInvalidUTF8, "the text is not valid UTF-8")
	case strings.TrimSpace(text) == "":
		return "", newError(http.StatusBadRequest, codeEmptyText, "the text is empty (give it as the text parameter or the request body)")
	}
	return text, nil
}

// mediaType is the media type of the request's body, one of allowed
// (the first when the request names none); any other is a 415 whose
// message ends with hint.
func mediaType(c echo.Context, hint string, allowed ...string) (string, error) {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if ct == "" {
		return allowed[0], nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", newError(http.StatusUnsupportedMediaType, codeMediaType, "unreadable Content-Type %q", ct)
	}
	if !slices.Contains(allowed, mt) {
		return "", newError(http.StatusUnsupportedMediaType, codeMediaType, "unsupported Content-Type %q: %s", mt, hint)
	}
	return mt, nil
}

// bodyText reads the text from a POST body by its Content-Type.
func bodyText(c echo.Context) (string, error) {
	req := c.Request()
	mt, err := mediaType(c, "send text/plain, application/json {\"text\": …} or a form field text",
		"text/plain", echo.MIMEApplicationJSON, echo.MIMEApplicationForm)
	if err != nil {
		return "", err
	}
	body, err := io.ReadAll(req.Body) // bounded by the BodyLimit middleware
	if err != nil {
		return "", err
	}
	switch mt {
	case echo.MIMEApplicationJSON:
		var v struct {
			Text *string `json:"text"`
		}
		if err := json.Unmarshal(body, &v); err != nil {
			return "", newError(http.StatusBadRequest, codeBadJSON, "the body is not a JSON object {\"text\": …}: %v", err)
		}
		if v.Text == nil {
			return "", newError(http.StatusBadRequest, codeEmptyText, "the JSON body has no \"text\"")
		}
		return *v.Text, nil
	case echo.MIMEApplicationForm:
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return "", newError(http.StatusBadRequest, codeBadQueryString, "the form body is malformed: %v", err)
		}
		if _, ok := form["text"]; !ok {
			return "", newError(http.StatusBadRequest, codeEmptyText, "the form body has no field text (send text=… or the text itself as Content-Type: text/plain)")
		}
		return params(form).str("text")
	}
	return string(body), nil
}

// health: GET /api/health
func (s *Server) health(c echo.Context) error {
	ix, release, err := s.acquire()
	if err != nil {
		return err
	}
	defer release()
	n, err := ix.Count()
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, struct {
		Status    string    `json:"status"`
		Documents uint64    `json:"documents"`
		Built     time.Time `json:"built"`
		Version   string    `json:"version"`
	}{"ok", n, ix.Built(), s.opts.Version})
}

// openAPI: GET /api/openapi.json
func (s *Server) openAPI(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, openAPIDoc)
}
