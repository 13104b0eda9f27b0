// Command baseline serves what lipi is measured against in
// docs/BENCHMARKS.md: the same documents in lipi's mapping, analyzed by
// bleve's stock standard analyzer and searched with a plain match query of
// the text on title and body, through the same api.Server as `lipi serve`
// with the same serving settings, so that a load test compares the
// analysis and the query, not the server. `loadtest -compare` builds it
// and runs it as a process of its own; it is no part of lipi.
//
// Usage:
//
//	go run ./api/loadtest/baseline [--addr 127.0.0.1:8080] [--index data/loadtest/standard.bleve] [--docs ../shared/corpus]
//
// A missing --index is built from --docs first. The index carries a
// format marker of its own: lipi refuses to open it, and baseline refuses
// a lipi index.
//
// Everything is in main.go.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lipisearch/lipi/api"
	"github.com/lipisearch/lipi/index"
)

// format marks a baseline index in place of lipi's format version, so that
// neither program opens the other's index.
const format = "baseline-standard-1"

// serveGCPercent is `lipi serve`'s garbage-collector target (main.go),
// which the baseline must share for the ratios to compare the searches
// alone: the standard server gained more from it than lipi's
// (docs/BENCHMARKS.md).
const serveGCPercent = 200

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stderr))
}

// run serves until ctx is done or SIGINT or SIGTERM comes.
func run(ctx context.Context, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("baseline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	path := fs.String("index", filepath.Join("data", "loadtest", "standard.bleve"), "the standard-analyzer index; built from --docs when missing")
	docs := fs.String("docs", filepath.Join("..", "shared", "corpus"), "folder of documents to build the index from when it is missing")
	logLevel := fs.String("log-level", "info", "least level logged: debug, info (one access record a request), warn or error")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "baseline: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	log, err := api.NewLogger(stderr, *logLevel)
	if err != nil {
		fmt.Fprintf(stderr, "baseline: %v\n", err)
		return 2
	}
	// The settings of `lipi serve` by default: time limits, searches at once.
	if err := serve(ctx, *addr, *path, *docs, api.Options{Logger: log}); err != nil {
		fmt.Fprintf(stderr, "baseline: %v\n", err)
		return 1
	}
	return 0
}

// serve builds the index at path from docs when it is missing, then
// serves it on addr until ctx is done or a signal stops it.
func serve(ctx context.Context, addr, path, docs string, opts api.Options) error {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	log := opts.Logger
	if _, err := os.Stat(path); os.IsNotExist(err) {
		log.Info("no index: building it", "index", path, "docs", docs)
		if err := build(docs, path); err != nil {
			return err
		}
	}
	ix, err := index.OpenPlain(path, format, matchQuery)
	if err != nil {
		return err
	}
	defer ix.Close()
	// From here on, SIGINT and SIGTERM stop the server gracefully, as they
	// stop `lipi serve`.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	log.Info("serving", "url", "http://"+ln.Addr().String(), "addr", ln.Addr().String(), "index", path, "pid", os.Getpid())
	return api.New(api.Fixed(ix), opts).Serve(ctx, ln)
}

// build writes a standard-analyzer index of the documents of docs at path.
func build(docs, path string) error {
	res, err := index.LoadDir(docs, index.LoadOptions{})
	if err != nil {
		return err
	}
	if len(res.Docs) == 0 {
		return fmt.Errorf("no documents to index in %s (%s)", docs, res.Summary())
	}
	return index.Build(path, res.Docs, index.BuildOptions{Mapping: index.NewMappingAnalyzedBy(standard.Name), Format: format})
}

// matchQuery is the baseline's query: the whole text as a match query on
// title and body, either of which may match.
func matchQuery(text string) query.Query {
	var fields []query.Query
	for _, f := range []string{"title", "body"} {
		m := query.NewMatchQuery(text)
		m.SetField(f)
		fields = append(fields, m)
	}
	return query.NewDisjunctionQuery(fields)
}
