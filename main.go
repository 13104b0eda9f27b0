// Command lipi is a cross-script full-text search engine for news in
// Bengali, Hindi and English: a name typed in any script finds every mention
// of it in every other script.
//
// Usage:
//
//	lipi serve [--addr 127.0.0.1:8080] [--index data/lipi.bleve] [--docs seeds]
//	lipi index [--docs seeds] [--index data/lipi.bleve] [--synonyms FILE]
//	lipi search [--index data/lipi.bleve] [--json] [--] QUERY
//	lipi analyze [--json] TEXT
//	lipi transliterate [--json] TEXT
//
// Run `lipi COMMAND -h` for a command's flags.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/api"
	"github.com/lipisearch/lipi/index"
)

// command is one subcommand: its flags are defined and parsed by run.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"serve", "serve the web UI and JSON API (builds the index first if it is missing)", runServe},
	{"index", "build an index from a folder of documents", runIndex},
	{"search", "search an index and print the hits", runSearch},
	{"analyze", "show how a text is analyzed, layer by layer", runAnalyze},
	{"transliterate", "show a text in Latin, Devanagari and Bengali", runTransliterate},
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(args[1:], stdout, stderr)
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, new(usageError)):
			fmt.Fprintf(stderr, "lipi %s: %v\n", c.name, err)
			return 2
		default:
			fmt.Fprintf(stderr, "lipi %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "lipi: unknown command %q (run 'lipi help')\n", args[0])
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "lipi: cross-script search for news in Bengali, Hindi and English")
	fmt.Fprintln(w, "\nUsage: lipi COMMAND [flags] [args]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nExample:\n  lipi serve                       # index seeds/ and serve http://127.0.0.1:8080\n  lipi search --json -- 'দীক্ষিত'")
}

// newFlags makes a subcommand's flag set that reports errors instead of
// exiting, so run decides the exit status.
func newFlags(name, argsUsage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("lipi "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: lipi %s [flags] %s\n\nFlags:\n", name, argsUsage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning a flag error into a usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

func runAnalyze(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("analyze", "TEXT", stderr)
	asJSON := fs.Bool("json", false, "print JSON: {\"tokens\": [{term, layer, position, start, end}]}")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	text, err := textArg(fs)
	if err != nil {
		return err
	}
	tokens, err := analyzers.Tokens(text)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, struct {
			Tokens []analyzers.TokenInfo `json:"tokens"`
		}{tokens})
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "POS\tLAYER\tTERM\tSTART\tEND\tWORD")
	for _, t := range tokens {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%s\n", t.Position, t.Layer, t.Term, t.Start, t.End, text[t.Start:t.End])
	}
	return tw.Flush()
}

func runTransliterate(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("transliterate", "TEXT", stderr)
	asJSON := fs.Bool("json", false, "print JSON keyed by ISO 15924 script code: {\"Latn\", \"Deva\", \"Beng\"}")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	text, err := textArg(fs)
	if err != nil {
		return err
	}
	out, err := analyzers.Transliterate(text)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, out)
	}
	for _, code := range []string{"Latn", "Deva", "Beng"} {
		fmt.Fprintf(stdout, "%s  %s\n", code, out[code])
	}
	return nil
}

// textArg joins the positional arguments into one text, which must be valid
// UTF-8 and not empty.
func textArg(fs *flag.FlagSet) (string, error) {
	text := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(text) == "" {
		return "", usagef("missing TEXT (run 'lipi %s -h')", strings.TrimPrefix(fs.Name(), "lipi "))
	}
	if !utf8.ValidString(text) {
		return "", usagef("TEXT is not valid UTF-8")
	}
	return text, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// serveGCPercent is the garbage collector's target while serving, unless
// GOGC is set. A search allocates some hundreds of kilobytes that live
// only as long as it, and with searches taking turns the heap that lives
// on is small, so at Go's default of 100 the collector ran dozens of times
// a second: at 200, under 32 connections on two cores, a lipi server
// answered 20-30 % more requests a second (865-897 to 1080-1139) for 6 %
// more memory (114 to 121 MB peak RSS); the standard baseline, served by
// the same command, gained 35-45 % (docs/BENCHMARKS.md).
const serveGCPercent = 200

func runServe(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	path := fs.String("index", defaultIndex, "the index to serve; built from --docs when missing")
	docs := fs.String("docs", defaultDocs, "folder of documents to build the index from when it is missing")
	timeout := fs.Duration("search-timeout", api.DefaultSearchTimeout, "time limit of one search")
	maxSearches := fs.Int("max-searches", api.DefaultMaxSearches(), "searches run at once `N` (the rest wait their turn); -1: no limit")
	logLevel := fs.String("log-level", "info", "least level logged: debug, info (one access record a request), warn or error")
	shutdown := fs.Duration("shutdown-timeout", api.DefaultShutdownTimeout, "on SIGINT/SIGTERM, how long requests in flight may take to finish")
	watch := fs.Duration("watch", time.Second, "how often to check --index for a rebuilt index (0: only on SIGHUP)")
	cors := fs.String("cors-origins", "", "comma-separated `ORIGINS` (https://example.org) whose pages may call the API; none by default")
	rateLimit := fs.Float64("rate-limit", 0, "requests a second allowed per client `N` (0: no limit); over it, 429")
	rateBurst := fs.Int("rate-burst", 0, "requests one client may send at once (default: --rate-limit rounded up)")
	proxies := fs.String("trusted-proxies", "", "comma-separated `NETWORKS` of reverse proxies whose X-Forwarded-For names the client")
	// Hidden, for docs/BENCHMARKS.md.
	baseline := fs.Bool("baseline", false, "serve a bleve standard-analyzer index with a plain match query (built from --docs when missing)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to `FILE`")
	hidden := map[string]bool{"baseline": true, "cpuprofile": true}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: lipi serve [flags]\n\nFlags:\n")
		shown := flag.NewFlagSet("", flag.ContinueOnError)
		shown.SetOutput(stderr)
		fs.VisitAll(func(f *flag.Flag) {
			if !hidden[f.Name] {
				shown.Var(f.Value, f.Name, f.Usage)
				shown.Lookup(f.Name).DefValue = f.DefValue
			}
		})
		shown.PrintDefaults()
	}
	var lf layerFlags
	lf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	log, err := api.NewLogger(stderr, *logLevel)
	if err != nil {
		return usageError{err.Error()}
	}
	opts := api.Options{
		SearchTimeout:   *timeout,
		ShutdownTimeout: *shutdown,
		NoSynonyms:      lf.noSynonyms,
		NoFuzzy:         lf.noFuzzy,
		SkipLayers:      lf.skipLayers(),
		Logger:          log,
		RateLimit:       *rateLimit,
		RateBurst:       *rateBurst,
		MaxSearches:     *maxSearches,
	}
	if *cors != "" {
		opts.CORSOrigins = strings.Split(*cors, ",")
		if err := api.CheckOrigins(opts.CORSOrigins); err != nil {
			return usagef("--cors-origins: %v", err)
		}
	}
	if *proxies != "" {
		if opts.TrustedProxies, err = api.ParseCIDRs(strings.Split(*proxies, ",")); err != nil {
			return usagef("--trusted-proxies: %v", err)
		}
	}
	if *maxSearches == 0 || *maxSearches < -1 {
		return usagef("--max-searches must be at least 1, or -1 for no limit")
	}
	if *rateLimit < 0 || *rateBurst < 0 {
		return usagef("--rate-limit and --rate-burst must not be negative")
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if _, err := os.Stat(*path); errors.Is(err, os.ErrNotExist) {
		log.Info("no index: building it", "index", *path, "docs", *docs, "baseline", *baseline)
		if *baseline {
			err = index.BuildBaseline(*docs, *path)
		} else {
			var synonyms *analyzers.SynonymMap
			if synonyms, err = lf.synonymMap(); err != nil {
				return err
			}
			err = index.Rebuild(*docs, *path, index.RebuildOptions{Synonyms: synonyms,
				Log: api.LogLines(log, slog.LevelInfo, "index built"), Problems: api.LogLines(log, slog.LevelWarn, "input skipped")})
		}
		if err != nil {
			return err
		}
	}
	// From here on, SIGINT and SIGTERM stop the server gracefully (during
	// a first build they kill it: a rebuild is crash-safe).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var src api.Source
	if *baseline {
		b, err := index.OpenBaseline(*path)
		if err != nil {
			return err
		}
		defer b.Close()
		src = api.Fixed(b)
	} else {
		// Follow rebuilds of --index: poll it, and check at once on SIGHUP.
		live, err := index.OpenLive(*path, index.LiveOptions{Log: log})
		if err != nil {
			return err
		}
		defer live.Close()
		go live.Watch(ctx, *watch)
		hup := make(chan os.Signal, 1)
		signal.Notify(hup, syscall.SIGHUP)
		defer signal.Stop(hup)
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
		src = api.Live(live)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	log.Info("serving", "url", "http://"+ln.Addr().String(), "addr", ln.Addr().String(), "index", *path, "pid", os.Getpid())
	return api.New(src, opts).Serve(ctx, ln)
}

// Defaults of the CLI contract (DESIGN.md).
const (
	defaultIndex = "data/lipi.bleve"
	defaultDocs  = "seeds"
)

// layerFlags are accepted by index, search and serve alike, so an evaluation
// can pass the same switch to every command.
type layerFlags struct {
	synonymsFile string
	noSynonyms   bool
	noLatin      bool
	noPhonetic   bool
	noFrame      bool
	noSkeleton   bool
	noFuzzy      bool
}

func (lf *layerFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&lf.synonymsFile, "synonyms", "", "a synonym `FILE` (Solr format) merged into the default map when indexing")
	fs.BoolVar(&lf.noSynonyms, "no-synonyms", false, "no synonym map: none is stored when indexing, and a search ignores the stored one")
	fs.BoolVar(&lf.noLatin, "no-latin", false, "do not search the Latin-reading layer")
	fs.BoolVar(&lf.noPhonetic, "no-phonetic", false, "do not search the phonetic-key layer")
	fs.BoolVar(&lf.noFrame, "no-frame", false, "do not search the consonant-frame layer")
	fs.BoolVar(&lf.noSkeleton, "no-skeleton", false, "do not search the consonant-skeleton layer")
	fs.BoolVar(&lf.noFuzzy, "no-fuzzy", false, "no edit-distance matching on the phonetic key")
}

func (lf *layerFlags) skipLayers() []analyzers.Layer {
	var skip []analyzers.Layer
	for l, off := range map[analyzers.Layer]bool{analyzers.LayerLatin: lf.noLatin, analyzers.LayerPhonetic: lf.noPhonetic, analyzers.LayerFrame: lf.noFrame, analyzers.LayerSkeleton: lf.noSkeleton} {
		if off {
			skip = append(skip, l)
		}
	}
	return skip
}

// synonymMap is the map an index stores: the default plus --synonyms, or
// none with --no-synonyms.
func (lf *layerFlags) synonymMap() (*analyzers.SynonymMap, error) {
	if lf.noSynonyms {
		return &analyzers.SynonymMap{}, nil
	}
	m := analyzers.DefaultSynonyms()
	if lf.synonymsFile != "" {
		f, err := os.Open(lf.synonymsFile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		extra, err := analyzers.ParseSynonyms(f, lf.synonymsFile)
		if err != nil {
			return nil, err
		}
		m = m.Merge(extra)
	}
	return m, nil
}

func runIndex(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("index", "", stderr)
	docs := fs.String("docs", defaultDocs, "folder of documents (.txt, .md, .jsonl), read recursively")
	path := fs.String("index", defaultIndex, "where the index lives")
	strict := fs.Bool("strict", false, "fail on the first broken file or line instead of skipping it")
	quiet := fs.Bool("quiet", false, "no progress and no summary: print only skipped inputs and errors")
	var lf layerFlags
	lf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	synonyms, err := lf.synonymMap()
	if err != nil {
		return err
	}
	progress := io.Writer(stderr)
	if *quiet {
		progress = io.Discard
	}
	return index.Rebuild(*docs, *path, index.RebuildOptions{
		Strict:   *strict,
		Synonyms: synonyms,
		Log:      progress,
		Problems: stderr,
	})
}

func runSearch(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("search", "[--] QUERY", stderr)
	path := fs.String("index", defaultIndex, "the index to search")
	size := fs.Int("size", index.DefaultSize, "number of hits (1-100)")
	from := fs.Int("from", 0, "hits to skip")
	langs := fs.String("lang", "", "only these languages (comma-separated codes, e.g. bn,hi)")
	sortBy := fs.String("sort", index.SortRelevance, "relevance or published (newest first)")
	prefix := fs.Bool("prefix", false, "let the last word match as a prefix")
	asJSON := fs.Bool("json", false, "print the JSON response of the search API")
	var lf layerFlags
	lf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	q := strings.Join(fs.Args(), " ")
	req := index.Request{
		Query: q, Size: *size, From: *from, Sort: *sortBy, Prefix: *prefix,
		NoSynonyms: lf.noSynonyms, NoFuzzy: lf.noFuzzy, SkipLayers: lf.skipLayers(),
	}
	if *langs != "" {
		req.Langs = strings.Split(*langs, ",")
	}
	if err := req.Validate(); err != nil {
		return usageError{err.Error()}
	}
	ix, err := index.Open(*path)
	if err != nil {
		return err
	}
	defer ix.Close()
	resp, err := ix.Search(context.Background(), req)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, resp)
	}
	printHits(stdout, resp)
	return nil
}

// printHits is the readable form of a search response.
func printHits(w io.Writer, resp *index.Response) {
	fmt.Fprintf(w, "%d hits for %q (%d ms)\n", resp.Total, resp.Query, resp.TookMS)
	for i, h := range resp.Hits {
		fmt.Fprintf(w, "\n%2d. %s  [%s]  %s  (score %.3f)\n", i+1, h.Title, h.Lang, h.ID, h.Score)
		for _, frag := range h.Fragments["body"] {
			fmt.Fprintf(w, "    %s\n", markToTerminal(frag))
		}
		var ms []string
		for _, m := range h.Matches {
			ms = append(ms, fmt.Sprintf("%s ↔ %s (%s)", m.Query, m.Term, m.Layer))
		}
		if len(ms) > 0 {
			fmt.Fprintf(w, "    matched: %s\n", strings.Join(ms, ", "))
		}
	}
}

// markToTerminal turns a highlighted HTML fragment into plain text with the
// matched words in [brackets].
func markToTerminal(frag string) string {
	frag = strings.NewReplacer("<mark>", "[", "</mark>", "]", "\n", " ").Replace(frag)
	return html.UnescapeString(frag)
}
