// Package api owns lipi's HTTP server: the echo routes under /api/, the
// handlers that turn HTTP requests into calls of the index and analyzers
// packages and their results back into JSON, the one error type and error
// handler, and the OpenAPI description served at /api/openapi.json. It also
// serves the web page (package ui) at /.
//
// It sits between main (`lipi serve`) and the index package, and decides
// nothing about search: limits and defaults of a search are the index's
// ([index.Request.Validate]); api only reads parameters, and reports what
// the index refuses with the index's error code.
//
// Files:
//
//   - server.go: [New], [Options], the routes and the http.Server with
//     its timeouts and graceful shutdown ([Server.Serve]).
//   - source.go: [Source], which hands each request its index: [Fixed], or
//     [Live] to follow rebuilds (index.Live: a request keeps the index it
//     started with, the previous one is closed after its last request).
//   - middleware.go: request ids (X-Request-ID), the access log, panic
//     recovery, security headers (CSP, nosniff, Referrer-Policy), CORS
//     (off unless origins are listed), the per-client rate limit (429
//     rate_limited) and the body limit.
//   - log.go: the JSON logger ([NewLogger]) and [LogLines].
//   - errors.go: [Error], the only error type the handlers return, and the
//     HTTPErrorHandler that writes every 4xx and 5xx as
//     {"error":{"code","message"}}.
//   - params.go: reading query parameters (numbers, booleans, lists, the
//     filter[NAME] filters of extra fields; a repeated or malformed
//     parameter is a 400).
//   - handlers.go: one thin handler per route.
//   - writes.go: the write routes (PUT, POST, DELETE /api/documents), the
//     API keys ([Keys], [LoadKeys]) that writes and, with read keys,
//     reads must show, and [DocumentWriter], what they need of the index.
//   - openapi.json, openapi.go: the hand-written OpenAPI 3.1 description,
//     embedded and served as is.
//
// JSON bodies are written like `lipi search --json` writes them (HTML
// characters not escaped, a trailing newline), so the CLI and the API give
// byte-identical bodies for the same search, took_ms aside.
package api
