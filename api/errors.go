package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/lipisearch/lipi/index"
)

// Error is the only error the handlers return: an HTTP status and the
// body {"error":{"code","message"}}. Code is stable (clients may switch on
// it; the OpenAPI description lists every code), Message is for people.
type Error struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// Line is the line of a request body the error is about (a bad
	// document of POST /api/documents), from 1; 0 for none.
	Line int `json:"line,omitempty"`
}

func (e *Error) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

func newError(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Error codes that api itself gives (the index adds its own request codes:
// invalid_utf8, query_too_long, empty_query, bad_size, bad_from, bad_sort,
// bad_lang, bad_category, bad_filter, unknown_field).
const (
	codeBadQueryString = "bad_query_string"
	codeRepeatedParam  = "repeated_param"
	codeBadFilter      = "bad_filter"
	codeEmptyText      = "empty_text"
	codeTextTooLong    = "text_too_long"
	codeInvalidUTF8    = "invalid_utf8"
	codeBadJSON        = "bad_json"
	codeBadRequest     = "bad_request"
	codeNotFound       = "not_found"
	codeMethod         = "method_not_allowed"
	codeBodyTooLarge   = "body_too_large"
	codeMediaType      = "unsupported_media_type"
	codeTimeout        = "timeout"
	codeRateLimited    = "rate_limited"
	codeUnavailable    = "unavailable"
	// codeBackendDown: the cluster that holds the index answers no request.
	codeBackendDown = "backend_unavailable"
	codeInternal    = "internal"
	// codeCancelled is logged, never read: the client is gone.
	codeCancelled = "cancelled"
)

// statusClientClosed is the status logged for a request whose client went
// away before its answer (nginx's 499).
const statusClientClosed = 499

// toError turns any error a handler, the router or a middleware returned
// into an *Error. Unexpected errors become a 500 whose message hides the
// cause; internal reports whether the cause should be logged.
func toError(err error, c echo.Context) (e *Error, internal bool) {
	var ae *Error
	var re *index.RequestError
	var he *echo.HTTPError
	switch {
	case errors.As(err, &ae):
		return ae, ae.Code == codeInternal
	case errors.As(err, &re):
		return &Error{Status: http.StatusBadRequest, Code: re.Code, Message: re.Message}, false
	case errors.Is(err, index.ErrUnavailable):
		return newError(http.StatusServiceUnavailable, codeBackendDown, "the search backend cannot be reached; try again shortly"), true
	case errors.Is(err, context.DeadlineExceeded):
		return newError(http.StatusServiceUnavailable, codeTimeout, "the search took too long and was stopped; try fewer or longer words"), false
	case errors.Is(err, context.Canceled) && c.Request().Context().Err() != nil:
		// The client went away (or the server cut the connection at the end
		// of a shutdown): nobody reads this answer, but the access log
		// records it as what it is (nginx's 499), not as a server error.
		return newError(statusClientClosed, codeCancelled, "the request was cancelled by the client"), false
	case errors.Is(err, context.Canceled):
		return newError(http.StatusServiceUnavailable, codeTimeout, "the request was cancelled"), false
	case errors.As(err, &he):
		return fromHTTPError(he, c), he.Code >= 500
	}
	return newError(http.StatusInternalServerError, codeInternal, "internal error"), true
}

// fromHTTPError translates echo's own errors (no route, wrong method, body
// limit) into lipi's codes.
func fromHTTPError(he *echo.HTTPError, c echo.Context) *Error {
	req := c.Request()
	switch he.Code {
	case http.StatusNotFound:
		return newError(he.Code, codeNotFound, "nothing at %s", req.URL.Path)
	case http.StatusMethodNotAllowed:
		msg := fmt.Sprintf("%s is not allowed on %s", req.Method, req.URL.Path)
		if allow := c.Response().Header().Get(echo.HeaderAllow); allow != "" {
			msg += " (allowed: " + allow + ")"
		}
		return &Error{Status: he.Code, Code: codeMethod, Message: msg}
	case http.StatusRequestEntityTooLarge:
		return newError(he.Code, codeBodyTooLarge, "the request body is larger than %d bytes", maxBodyBytes)
	case http.StatusUnsupportedMediaType:
		return newError(he.Code, codeMediaType, "unsupported Content-Type %q", req.Header.Get(echo.HeaderContentType))
	}
	if he.Code >= 500 {
		return newError(http.StatusInternalServerError, codeInternal, "internal error")
	}
	if he.Code >= 400 {
		return newError(http.StatusBadRequest, codeBadRequest, "%v", he.Message)
	}
	return newError(http.StatusInternalServerError, codeInternal, "internal error")
}

// errorHandler is echo's HTTPErrorHandler: the one place that writes error
// responses.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	e, internal := toError(err, c)
	c.Set(ctxErrorCode, e.Code)
	if internal {
		s.log.Error("internal error", "id", requestID(c), "method", c.Request().Method,
			"uri", clip(c.Request().RequestURI, maxLoggedURI), "err", err.Error())
	}
	body := struct {
		Error *Error `json:"error"`
	}{e}
	if werr := writeJSON(c, e.Status, body); werr != nil {
		s.log.Warn("write error response", "id", requestID(c), "err", werr.Error())
	}
}
