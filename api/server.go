package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index"
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
	// maxHeaderBytes bounds the request line and headers: room for a text
	// of MaxTextBytes percent-encoded in the URL.
	maxHeaderBytes = 4*MaxTextBytes + 8<<10

	DefaultSearchTimeout = 10 * time.Second
	readHeaderTimeout    = 5 * time.Second
	readTimeout          = 15 * time.Second
	writeTimeout         = 30 * time.Second
	idleTimeout          = 60 * time.Second
	shutdownTimeout      = 10 * time.Second
)

// Options configure a Server.
type Options struct {
	// SearchTimeout bounds each search (DefaultSearchTimeout when zero); a
	// search that runs out of time is a 503 with code "timeout".
	SearchTimeout time.Duration
	// NoSynonyms, NoFuzzy and SkipLayers apply to every search the server
	// runs (the same switches as `lipi search`, for evaluation).
	NoSynonyms bool
	NoFuzzy    bool
	SkipLayers []analyzers.Layer
	// Version is reported by /api/health (default: from the build info).
	Version string
	// Log receives internal errors and recovered panics; nil discards them.
	Log io.Writer
}

// Server is lipi's HTTP server over one open index.
type Server struct {
	ix   *index.Index
	opts Options
	echo *echo.Echo
}

// New makes a server that searches ix. It does not close ix.
func New(ix *index.Index, opts Options) *Server {
	if opts.SearchTimeout <= 0 {
		opts.SearchTimeout = DefaultSearchTimeout
	}
	if opts.Version == "" {
		opts.Version = buildVersion()
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	s := &Server{ix: ix, opts: opts, echo: echo.New()}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.Logger.SetOutput(opts.Log)
	e.HTTPErrorHandler = s.errorHandler
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			s.logf("panic in %s %s: %v\n%s", c.Request().Method, c.Request().URL.RequestURI(), err, stack)
			return err
		},
	}))
	e.Use(middleware.BodyLimit(strconv.Itoa(maxBodyBytes)))

	e.GET("/api/search", s.search)
	e.GET("/api/documents/*", s.document)
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

// Serve answers requests on ln until ctx is done, then shuts down
// gracefully: requests in flight get up to shutdownTimeout to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.echo,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

func (s *Server) logf(format string, args ...any) {
	fmt.Fprintf(s.opts.Log, "lipi serve: "+format+"\n", args...)
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
