package api

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

// ContentSecurityPolicy is sent with every response. The page (package ui)
// loads only its own app.js and style.css, has no inline script or style,
// calls only this server's API, and its icon is a data: URL; nothing may
// frame it.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// ReferrerPolicy keeps a search (its query is in the page's URL) from
// reaching the sites of the articles a reader opens.
const ReferrerPolicy = "no-referrer"

// Context keys set by the handlers for the access log.
const ctxErrorCode = "lipi.error_code"

// useMiddleware installs, outermost first: request ids, the access log,
// panic recovery, security headers, CORS (when configured), the rate limit
// (when configured) and the body limit.
func (s *Server) useMiddleware() {
	e := s.echo
	// A client's X-Request-ID is kept when it is a plain token (so that a
	// proxy's id follows the request); anything else is replaced.
	e.Pre(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Request().Header
			if id := h.Get(echo.HeaderXRequestID); id != "" && !validRequestID(id) {
				h.Del(echo.HeaderXRequestID)
			}
			return next(c)
		}
	})
	e.Use(middleware.RequestID())
	e.Use(middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		HandleError:     true, // the error handler writes the response first, so its status is logged
		LogLatency:      true,
		LogRemoteIP:     true,
		LogMethod:       true,
		LogURI:          true,
		LogStatus:       true,
		LogResponseSize: true,
		LogUserAgent:    true,
		LogValuesFunc:   s.logRequest,
	}))
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			s.log.Error("panic", "id", requestID(c), "method", c.Request().Method,
				"uri", clip(c.Request().RequestURI, maxLoggedURI), "err", err.Error(), "stack", string(stack))
			return err
		},
	}))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		ContentTypeNosniff:    "nosniff",
		XFrameOptions:         "DENY",
		ContentSecurityPolicy: ContentSecurityPolicy,
		ReferrerPolicy:        ReferrerPolicy,
	}))
	if len(s.opts.CORSOrigins) > 0 {
		e.Use(middleware.CORSWithConfig(middleware.CORSConfig{
			AllowOrigins:  s.opts.CORSOrigins,
			AllowMethods:  []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete},
			AllowHeaders:  []string{echo.HeaderContentType, echo.HeaderXRequestID, echo.HeaderAuthorization},
			ExposeHeaders: []string{echo.HeaderXRequestID, echo.HeaderRetryAfter},
			MaxAge:        600,
		}))
	}
	if s.opts.RateLimit > 0 {
		e.Use(s.rateLimit())
	}
	e.Use(s.readAccess)
	// The bulk write route reads its own, larger limit (postDocuments).
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{
		Limit: strconv.Itoa(maxBodyBytes),
		Skipper: func(c echo.Context) bool {
			r := c.Request()
			return r.Method == http.MethodPost && r.URL.Path == "/api/documents"
		},
	}))
}

// validRequestID accepts ids of up to 128 letters, digits and ._:- (UUIDs,
// echo's own random ids, most proxies' ids).
func validRequestID(id string) bool {
	if len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		b := id[i]
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '.' || b == '_' || b == ':' || b == '-') {
			return false
		}
	}
	return true
}

func requestID(c echo.Context) string { return c.Response().Header().Get(echo.HeaderXRequestID) }

// Logged texts are clipped: a URL may be 72 KiB long.
const (
	maxLoggedURI       = 2048
	maxLoggedUserAgent = 256
)

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// logRequest writes one access log record: level info, error for a 5xx.
func (s *Server) logRequest(c echo.Context, v middleware.RequestLoggerValues) error {
	level := slog.LevelInfo
	if v.Status >= 500 {
		level = slog.LevelError
	}
	ctx := context.Background()
	if !s.log.Enabled(ctx, level) {
		return nil
	}
	attrs := make([]slog.Attr, 0, 9)
	attrs = append(attrs,
		slog.String("id", requestID(c)),
		slog.String("method", v.Method),
		slog.String("uri", clip(v.URI, maxLoggedURI)),
		slog.Int("status", v.Status),
		slog.Int64("bytes", v.ResponseSize),
		slog.Float64("ms", math.Round(float64(v.Latency.Microseconds()))/1000),
		slog.String("ip", v.RemoteIP),
	)
	if code, ok := c.Get(ctxErrorCode).(string); ok {
		attrs = append(attrs, slog.String("error", code))
	}
	if v.UserAgent != "" {
		attrs = append(attrs, slog.String("ua", clip(v.UserAgent, maxLoggedUserAgent)))
	}
	s.log.LogAttrs(ctx, level, "request", attrs...)
	return nil
}

// rateLimit is echo's rate limiter with a token bucket per client (its IP
// address, see ipExtractor), answering 429 rate_limited with Retry-After.
func (s *Server) rateLimit() echo.MiddlewareFunc {
	limit := s.opts.RateLimit
	burst := s.opts.RateBurst
	if burst <= 0 {
		burst = int(math.Max(1, math.Ceil(limit)))
	}
	retry := strconv.Itoa(int(math.Max(1, math.Ceil(1/limit))))
	store := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate:      rate.Limit(limit),
		Burst:     burst,
		ExpiresIn: 3 * time.Minute,
	})
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		// Health checks come from a load balancer or a monitor, often many
		// through one address.
		Skipper: func(c echo.Context) bool { return c.Path() == "/api/health" },
		Store:   store,
		IdentifierExtractor: func(c echo.Context) (string, error) {
			return c.RealIP(), nil
		},
		DenyHandler: func(c echo.Context, client string, _ error) error {
			c.Response().Header().Set(echo.HeaderRetryAfter, retry)
			return newError(http.StatusTooManyRequests, codeRateLimited,
				"too many requests from %s: at most %s a second (bursts of %d); retry after %s s", client, formatRate(limit), burst, retry)
		},
		ErrorHandler: func(c echo.Context, err error) error {
			return newError(http.StatusForbidden, codeBadRequest, "the client address cannot be read")
		},
	})
}

func formatRate(r float64) string { return strconv.FormatFloat(r, 'g', -1, 64) }

// ipExtractor reads the client's address from the connection, or, when the
// connection comes from one of the trusted proxies, from X-Forwarded-For.
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// ParseCIDRs reads a comma-separated list of networks (10.0.0.0/8) or
// addresses (a single address is its own /32 or /128), for
// Options.TrustedProxies.
func ParseCIDRs(list []string) ([]*net.IPNet, error) {
	var nets []*net.IPNet
	for _, s := range list {
		if ip := net.ParseIP(s); ip != nil {
			bits := 8 * len(ip.To16())
			if ip4 := ip.To4(); ip4 != nil {
				ip, bits = ip4, 32
			}
			nets = append(nets, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or a network (10.0.0.0/8)", s)
		}
		nets = append(nets, n)
	}
	return nets, nil
}

// CheckOrigins validates Options.CORSOrigins: each is "*" or an origin
// scheme://host[:port] without a path, as a browser sends it.
func CheckOrigins(origins []string) error {
	for _, o := range origins {
		if o == "*" {
			continue
		}
		scheme, rest, ok := strings.Cut(o, "://")
		if !ok || (scheme != "http" && scheme != "https") || rest == "" {
			return fmt.Errorf("%q is not an origin such as https://example.org", o)
		}
		for _, r := range rest {
			if r == '/' || r == '?' || r == '#' || r == '@' || r == ' ' {
				return fmt.Errorf("%q is not an origin such as https://example.org (no path, query or user)", o)
			}
		}
	}
	return nil
}
