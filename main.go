// Command lipi is a cross-script full-text search engine for news in
// English and the languages of India: a name typed in any script finds
// every mention of it in every other script.
//
// Usage:
//
//	lipi serve [--addr 127.0.0.1:8080] [--index data/lipi.bleve] [--docs seeds]
//	lipi index [--docs seeds] [--index data/lipi.bleve] [--synonyms FILE]
//	lipi search [--index data/lipi.bleve] [--json] [--] QUERY
//	lipi analyze [--json] TEXT
//	lipi transliterate [--json] TEXT
//	lipi version [--json]
//
// Run `lipi COMMAND -h` for a command's flags.
//
// Each command parses its own flags and makes one call into a package:
//
//   - main.go: the command table, run (which maps a command's error to
//     the exit status), the flag helpers, and what the commands set for
//     the whole process: the collector's target and where the standard
//     logger writes.
//   - layerflags.go: the layer switches that index, search and serve
//     share, and the synonym map they choose.
//   - serve.go: `lipi serve` (api.Server over index.Live, its first build).
//   - build.go: `lipi index` (index.Rebuild).
//   - search.go: `lipi search`, the readable form of its hits, and JSON
//     printed as the API writes it.
//   - analyze.go: `lipi analyze` and `lipi transliterate`.
//   - version.go: `lipi version`, what the binary was built from.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"runtime/debug"
)

// command is one subcommand: its flags are defined and parsed by run. ctx
// ends the command early (serve stops gracefully).
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"serve", "serve the web UI and JSON API (builds the index first if it is missing)", runServe},
	{"index", "build an index from a folder of documents", runIndex},
	{"search", "search an index and print the hits", runSearch},
	{"analyze", "show how a text is analyzed, layer by layer", runAnalyze},
	{"transliterate", "show a text in Latin and each Indian script", runTransliterate},
	{"version", "print the module version, the commit and the Go version of this build", runVersion},
}

// Defaults of the CLI contract (DESIGN.md).
const (
	defaultIndex = "data/lipi.bleve"
	defaultDocs  = "seeds"
)

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command line args and returns the exit status: 0 on
// success, 1 on a failure, 2 on a usage error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "--version" || args[0] == "-version" {
		args = append([]string{"version"}, args[1:]...)
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
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
	fmt.Fprintln(w, "lipi: cross-script search for news in English and the languages of India")
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

// noArgs refuses positional arguments after the flags.
func noArgs(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// collectorTarget is the garbage collector's target (GOGC) of `lipi index`
// and `lipi serve`, which set it once as they start, unless GOGC is set.
// A build allocates a great deal that lives only as long as its batch; a
// search allocates some hundreds of kilobytes that live only as long as
// it, and with searches taking turns the heap that lives on is small. At
// Go's default of 100 the collector ran far more often than either needs;
// collecting half as often made builds faster and a server answer more
// requests a second, for a little more memory (measured in
// docs/BENCHMARKS.md).
const collectorTarget = 200

// raiseCollectorTarget sets collectorTarget, unless the operator chose a
// target with GOGC.
func raiseCollectorTarget() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(collectorTarget)
	}
}

// libraryLog sends what libraries write with the standard logger to w
// while a command runs; the function it returns restores the logger. Only
// bleve's storage layer writes there: that it skipped a snapshot or segment
// it could not load (index.Open then fails with an error of its own) or a
// file it could not remove. serve keeps those lines as warnings in its
// log; search and index drop them, so that a failure stays one line.
func libraryLog(w io.Writer) (restore func()) {
	out, flags := log.Writer(), log.Flags()
	log.SetOutput(w)
	log.SetFlags(0)
	return func() {
		log.SetOutput(out)
		log.SetFlags(flags)
	}
}
