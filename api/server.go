package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/ui"
)

// Limits of the server. A search's own limits (query length, size, from)
// are the index's.
const (
	// maxBodyBytes bounds every request body (POST /api/analyze); a larger
	// body is a 413.
	maxBodyBytes = 64 << 10
	// MaxTextBytes bounds the text of /api/analyze and /api/transliterate.
	MaxTextBytes = 16 << 10
	// maxHeaderBytes bounds the request line and headers: Go's default,
	// 1 MiB, far above lipi's own limits on what a URL carries (a query of
	// index.MaxQueryBytes, a text of MaxTextBytes percent-encoded). Past it
	// Go's server answers 431 in plain text before any handler runs; below
	// it an over-long query or text reaches lipi's checks and gets lipi's
	// error JSON.
	maxHeaderBytes = http.DefaultMaxHeaderBytes

	DefaultSearchTimeout = 10 * time.Second
	readHeaderTimeout    = 5 * time.Second
	readTimeout          = 15 * time.Second
	writeTimeout         = 30 * time.Second
	idleTimeout          = 60 * time.Second

	// DefaultShutdownTimeout is how long a stopping server waits for
	// requests in flight: a search's own time limit and a little more.
	DefaultShutdownTimeout = DefaultSearchTimeout + 5*time.Second
)

// Options configure a Server.
type Options struct {
	// SearchTimeout bounds each search (DefaultSearchTimeout when zero); a
	// search that runs out of time is a 503 with code "timeout".
	SearchTimeout time.Duration
	// ShutdownTimeout bounds how long Serve waits for requests in flight
	// once it is asked to stop (DefaultShutdownTimeout when zero); those
	// still running then are cut off.
	ShutdownTimeout time.Duration
	// NoSynonyms, NoFuzzy and SkipLayers apply to every search the server
	// runs (the same switches as `lipi search`, for evaluation).
	NoSynonyms bool
	NoFuzzy    bool
	SkipLayers []analyzers.Layer
	// Version is reported by /api/health (default: from the build info).
	Version string
	// Logger receives the access log (one JSON record a request at level
	// info, error for a 5xx), internal errors and recovered panics; nil
	// discards them.
	Logger *slog.Logger
	// CORSOrigins are the origins (scheme://host[:port], or "*") whose
	// pages may call the API from a browser; empty: no CORS headers, so
	// browsers allow only the server's own page.
	CORSOrigins []string
	// RateLimit is the number of requests a second one client may send
	// (0: no limit); RateBurst how many it may send at once (default: the
	// rate rounded up). A client over its limit gets 429 rate_limited.
	// /api/health is not limited.
	RateLimit float64
	RateBurst int
	// TrustedProxies are the networks of reverse proxies whose
	// X-Forwarded-For names the client (for the rate limit and the log);
	// empty: the client is the peer address.
	TrustedProxies []*net.IPNet
	// Writer, with WriteKeys, takes documents through PUT, POST and
	// DELETE /api/documents; without either, those answer 403
	// writes_disabled. WriteKeys are the keys a write must show
	// (Authorization: Bearer KEY); ReadKeys, when set, are those a read
	// of /api/ must show (a write key reads too), except /api/health and
	// /api/openapi.json.
	Writer    DocumentWriter
	WriteKeys *Keys
	ReadKeys  *Keys
	// MaxSearches is how many searches run at once (DefaultMaxSearches
	// when zero; negative: no limit). The others wait for their turn in
	// the order they came, within their time limit; one that runs out of
	// it while waiting is a 503 timeout saying the server is busy.
	MaxSearches int
}

// DefaultMaxSearches is Options.MaxSearches when zero: one search for each
// processor the runtime uses, and one more to take over a processor while
// another search waits on the disk. A search is CPU work from start to
// end; with every request searching at once, each got a share of the
// processors and was stretched by the number running, so the tail latency
// was several times what it is with searches taking turns, for the same
// throughput (docs/BENCHMARKS.md).
func DefaultMaxSearches() int { return runtime.GOMAXPROCS(0) + 1 }

// Server is lipi's HTTP server over a source of indexes.
type Server struct {
	src  Source
	opts Options
	log  *slog.Logger
	echo *echo.Echo
	// searchTurns holds a token for each search running (nil: no limit).
	searchTurns chan struct{}
}

// New makes a server that searches the indexes src hands out. It does not
// close them.
func New(src Source, opts Options) *Server {
	if opts.SearchTimeout <= 0 {
		opts.SearchTimeout = DefaultSearchTimeout
	}
	if opts.ShutdownTimeout <= 0 {
		opts.ShutdownTimeout = DefaultShutdownTimeout
	}
	if opts.Version == "" {
		opts.Version = buildVersion()
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{src: src, opts: opts, log: log, echo: echo.New()}
	if opts.MaxSearches == 0 {
		opts.MaxSearches = DefaultMaxSearches()
	}
	if opts.MaxSearches > 0 {
		s.searchTurns = make(chan struct{}, opts.MaxSearches)
	}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.Logger.SetOutput(io.Discard) // everything worth saying goes to s.log
	e.HTTPErrorHandler = s.errorHandler
	e.IPExtractor = ipExtractor(opts.TrustedProxies)
	s.useMiddleware()

	e.GET("/api/search", s.search)
	e.GET("/api/documents/*", s.document)
	e.PUT("/api/documents/*", s.putDocument)
	e.DELETE("/api/documents/*", s.deleteDocument)
	e.POST("/api/documents", s.postDocuments)
	e.GET("/api/analyze", s.analyze)
	e.POST("/api/analyze", s.analyze)
	e.GET("/api/transliterate", s.transliterate)
	e.GET("/api/health", s.health)
	e.GET("/api/openapi.json", s.openAPI)
	// The page. Its catch-all route also answers the rest of /api/ (a JSON
	// 404: ui.FS has no api folder, and echo's not-found goes through
	// errorHandler), and lets the router answer a wrong method on an API
	// route with 405 (a RouteNotFound("/api/*") would turn those into 404s).
	e.StaticFS("/", ui.FS)
	return s
}

// Handler is the server's http.Handler (echo).
func (s *Server) Handler() http.Handler { return s.echo }

// Routes lists the registered routes (for tests and documentation).
func (s *Server) Routes() []*echo.Route { return s.echo.Routes() }

// ErrShutdownTimeout is returned by Serve when requests were still running
// at the end of the shutdown timeout and were cut off.
var ErrShutdownTimeout = errors.New("requests still running at the end of the shutdown timeout were cut off")

// Serve answers requests on ln until ctx is done, then shuts down
// gracefully: it stops accepting connections at once (a new connection is
// refused), closes idle ones, and lets requests in flight finish for up to
// the shutdown timeout, after which it closes their connections and returns
// ErrShutdownTimeout.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.echo,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down: no new connections; waiting for requests in flight", "timeout", s.opts.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), s.opts.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		srv.Close()
		err = fmt.Errorf("after %v: %w", s.opts.ShutdownTimeout, ErrShutdownTimeout)
	}
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err == nil {
		s.log.Info("stopped")
	}
	return err
}

// buildVersion is the module version of the binary, or "devel" with the
// commit it was built from.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	v, dirty := "devel", false
	for _, s := range bi.Settings {
		switch {
		case s.Key == "vcs.revision" && len(s.Value) >= 12:
			v += "-" + s.Value[:12]
		case s.Key == "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty {
		v += "-dirty"
	}
	return v
}
