package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/lipisearch/lipi/api"
	"github.com/lipisearch/lipi/index"
	"github.com/lipisearch/lipi/index/opensearch"
)

// wrapSource wraps the source of the indexes `lipi serve` searches: nil in
// the product. main's tests set it when the test binary runs as lipi, to
// make searches slow enough to stop the server during one.
var wrapSource func(api.Source) api.Source

// runServe is `lipi serve`: the API and the page over the index at --index,
// built first from --docs when it is missing, following its rebuilds. It
// stops gracefully on SIGINT or SIGTERM, or when ctx ends.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseServe(args, stderr)
	if err != nil {
		return err
	}
	defer libraryLog(api.LogLines(cfg.log, slog.LevelWarn, "storage"))()
	stopProfile, err := startCPUProfile(cfg.cpuProfile)
	if err != nil {
		return err
	}
	defer stopProfile()
	raiseCollectorTarget()
	if cfg.cluster != nil {
		return serveCluster(ctx, cfg)
	}
	if err := buildIfMissing(cfg); err != nil {
		return err
	}
	// From here on, SIGINT and SIGTERM stop the server gracefully (during
	// a first build they kill it: a rebuild is crash-safe).
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	live, err := index.OpenLive(cfg.path, index.LiveOptions{Log: cfg.log, Writable: cfg.opts.WriteKeys != nil})
	if err != nil {
		return err
	}
	defer live.Close()
	if cfg.opts.WriteKeys != nil {
		cfg.opts.Writer = live
	}
	go live.Watch(ctx, cfg.watch)
	defer kickOnSIGHUP(ctx, live)()
	var src api.Source = api.Live(live)
	if wrapSource != nil {
		src = wrapSource(src)
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	cfg.log.Info("serving", "url", "http://"+ln.Addr().String(), "addr", ln.Addr().String(), "index", cfg.path, "pid", os.Getpid())
	return api.New(src, cfg.opts).Serve(ctx, ln)
}

// serveCluster serves an index on an OpenSearch cluster, built from
// --docs first when the alias names none.
func serveCluster(ctx context.Context, cfg *serveConfig) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	backend, err := opensearch.Open(ctx, *cfg.cluster)
	if errors.Is(err, opensearch.ErrNoIndex) {
		cfg.log.Info("no index on the cluster: building it", "alias", cfg.cluster.Index, "docs", cfg.docs)
		synonyms, serr := cfg.layers.synonymMap()
		if serr != nil {
			return serr
		}
		err = opensearch.Rebuild(ctx, cfg.docs, *cfg.cluster, opensearch.RebuildOptions{
			Synonyms: synonyms, Fields: cfg.fields, Replicas: -1,
			Log:      api.LogLines(cfg.log, slog.LevelInfo, "index built"),
			Problems: api.LogLines(cfg.log, slog.LevelWarn, "input skipped"),
			AtStep:   atRebuildStep,
		})
		if err == nil {
			backend, err = opensearch.Open(ctx, *cfg.cluster)
		}
	}
	if err != nil {
		return err
	}
	defer backend.Close()
	if cfg.opts.WriteKeys != nil {
		cfg.opts.Writer = backend
	}
	var src api.Source = api.Fixed(backend)
	if wrapSource != nil {
		src = wrapSource(src)
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	cfg.log.Info("serving", "url", "http://"+ln.Addr().String(), "addr", ln.Addr().String(), "backend", "opensearch", "alias", cfg.cluster.Index, "pid", os.Getpid())
	return api.New(src, cfg.opts).Serve(ctx, ln)
}

// serveConfig is a `lipi serve` command line, checked.
type serveConfig struct {
	addr, path, docs string
	watch            time.Duration // how often to look for a rebuilt index
	cpuProfile       string        // hidden: for api/loadtest
	layers           layerFlags
	backend          backendFlags
	cluster          *opensearch.Config // --backend opensearch
	log              *slog.Logger
	opts             api.Options

	// fields (--field) are the extra fields of the index built when it is
	// missing.
	fields []string
}

// parseServe reads and checks the flags of `lipi serve`; a mistake is a
// usage error.
func parseServe(args []string, stderr io.Writer) (*serveConfig, error) {
	cfg := &serveConfig{}
	fs := newFlags("serve", "", stderr)
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&cfg.path, "index", defaultIndex, "the index to serve; built from --docs when missing")
	fs.StringVar(&cfg.docs, "docs", defaultDocs, "folder of documents to build the index from when it is missing")
	timeout := fs.Duration("search-timeout", api.DefaultSearchTimeout, "time limit of one search")
	maxSearches := fs.Int("max-searches", api.DefaultMaxSearches(), "searches run at once `N` (the rest wait their turn); -1: no limit")
	logLevel := fs.String("log-level", "info", "least level logged: debug, info (one access record a request), warn or error")
	shutdown := fs.Duration("shutdown-timeout", api.DefaultShutdownTimeout, "on SIGINT/SIGTERM, how long requests in flight may take to finish")
	fs.DurationVar(&cfg.watch, "watch", time.Second, "how often to check --index for a rebuilt index (0: only on SIGHUP)")
	cors := fs.String("cors-origins", "", "comma-separated `ORIGINS` (https://example.org) whose pages may call the API; none by default")
	rateLimit := fs.Float64("rate-limit", 0, "requests a second allowed per client `N` (0: no limit); over it, 429")
	rateBurst := fs.Int("rate-burst", 0, "requests one client may send at once (default: --rate-limit rounded up)")
	proxies := fs.String("trusted-proxies", "", "comma-separated `NETWORKS` of reverse proxies whose X-Forwarded-For names the client")
	apiKeys := fs.String("api-keys", "", "take documents through PUT/POST/DELETE /api/documents from clients with a key in `FILE` (one a line); writes are off without it")
	readKeys := fs.String("read-keys", "", "ask every read of /api/ for a key in `FILE` (or an --api-keys key); reads are open without it")
	fs.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run to `FILE`")
	var fieldSpecs stringList
	fs.Var(&fieldSpecs, "field", fieldUsage+" (when the index is built from --docs)")
	cfg.backend.register(fs)
	hideFromUsage(fs, stderr, "cpuprofile")
	if err := cfg.layers.parse(fs, args); err != nil {
		return nil, err
	}
	if err := noArgs(fs); err != nil {
		return nil, err
	}
	var err error
	if cfg.cluster, err = cfg.backend.config(); err != nil {
		return nil, err
	}
	if cfg.fields, err = index.ParseFields(fieldSpecs); err != nil {
		return nil, usagef("--field: %v", err)
	}
	if cfg.log, err = api.NewLogger(stderr, *logLevel); err != nil {
		return nil, usageError{err.Error()}
	}
	cfg.opts = api.Options{
		SearchTimeout:   *timeout,
		ShutdownTimeout: *shutdown,
		NoSynonyms:      cfg.layers.noSynonyms,
		NoFuzzy:         cfg.layers.noFuzzy,
		SkipLayers:      cfg.layers.skipLayers(),
		Logger:          cfg.log,
		RateLimit:       *rateLimit,
		RateBurst:       *rateBurst,
		MaxSearches:     *maxSearches,
	}
	if *cors != "" {
		cfg.opts.CORSOrigins = strings.Split(*cors, ",")
		if err := api.CheckOrigins(cfg.opts.CORSOrigins); err != nil {
			return nil, usagef("--cors-origins: %v", err)
		}
	}
	if *proxies != "" {
		if cfg.opts.TrustedProxies, err = api.ParseCIDRs(strings.Split(*proxies, ",")); err != nil {
			return nil, usagef("--trusted-proxies: %v", err)
		}
	}
	if *apiKeys != "" {
		if cfg.opts.WriteKeys, err = api.LoadKeys(*apiKeys); err != nil {
			return nil, usagef("--api-keys: %v", err)
		}
	}
	if *readKeys != "" {
		if cfg.opts.ReadKeys, err = api.LoadKeys(*readKeys); err != nil {
			return nil, usagef("--read-keys: %v", err)
		}
	}
	if *maxSearches == 0 || *maxSearches < -1 {
		return nil, usagef("--max-searches must be at least 1, or -1 for no limit")
	}
	if *rateLimit < 0 || *rateBurst < 0 {
		return nil, usagef("--rate-limit and --rate-burst must not be negative")
	}
	return cfg, nil
}

// hideFromUsage leaves the flags named out of the usage text of fs: flags
// for tools, not for operators.
func hideFromUsage(fs *flag.FlagSet, stderr io.Writer, names ...string) {
	name := strings.TrimPrefix(fs.Name(), "lipi ")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: lipi %s [flags]\n\nFlags:\n", name)
		shown := flag.NewFlagSet("", flag.ContinueOnError)
		shown.SetOutput(stderr)
		fs.VisitAll(func(f *flag.Flag) {
			for _, n := range names {
				if f.Name == n {
					return
				}
			}
			shown.Var(f.Value, f.Name, f.Usage)
			shown.Lookup(f.Name).DefValue = f.DefValue
		})
		shown.PrintDefaults()
	}
}

// startCPUProfile writes a CPU profile of the run to file ("": none); the
// function it returns ends the profile.
func startCPUProfile(file string) (stop func(), err error) {
	if file == "" {
		return func() {}, nil
	}
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// buildIfMissing builds the index to serve from the documents when there is
// none yet, logging its progress and skipped inputs.
func buildIfMissing(cfg *serveConfig) error {
	if _, err := os.Stat(cfg.path); !errors.Is(err, os.ErrNotExist) {
		return nil
	}
	cfg.log.Info("no index: building it", "index", cfg.path, "docs", cfg.docs)
	synonyms, err := cfg.layers.synonymMap()
	if err != nil {
		return err
	}
	return index.Rebuild(cfg.docs, cfg.path, index.RebuildOptions{
		Synonyms: synonyms,
		Fields:   cfg.fields,
		Log:      api.LogLines(cfg.log, slog.LevelInfo, "index built"),
		Problems: api.LogLines(cfg.log, slog.LevelWarn, "input skipped"),
		AtStep:   atRebuildStep,
	})
}

// kickOnSIGHUP makes live check its path for a rebuilt index at once on
// every SIGHUP until ctx ends; the function it returns stops catching the
// signal.
func kickOnSIGHUP(ctx context.Context, live *index.Live) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		for {
			select {
			case <-hup:
				live.Kick("SIGHUP")
			case <-ctx.Done():
				return
			}
		}
	}()
	return func() { signal.Stop(hup) }
}
