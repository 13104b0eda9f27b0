package main

import (
	"context"
	"io"

	"github.com/lipisearch/lipi/index"
)

// atRebuildStep is index.RebuildOptions.AtStep of every rebuild a command
// runs: nil in the product. main's tests set it when the test binary runs
// as lipi, to hold a rebuild at a step and kill it there.
var atRebuildStep func(step string)

// runIndex is `lipi index`: a rebuild of the index from a folder of
// documents, swapped in atomically.
func runIndex(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("index", "", stderr)
	docs := fs.String("docs", defaultDocs, "folder of documents (.txt, .md, .jsonl), read recursively")
	path := fs.String("index", defaultIndex, "where the index lives")
	strict := fs.Bool("strict", false, "fail on the first broken file or line instead of skipping it")
	quiet := fs.Bool("quiet", false, "no progress and no summary: print only skipped inputs and errors")
	var lf layerFlags
	if err := lf.parse(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	synonyms, err := lf.synonymMap()
	if err != nil {
		return err
	}
	progress := io.Writer(stderr)
	if *quiet {
		progress = io.Discard
	}
	raiseCollectorTarget()
	defer libraryLog(io.Discard)()
	return index.Rebuild(*docs, *path, index.RebuildOptions{
		Strict:   *strict,
		Synonyms: synonyms,
		Log:      progress,
		Problems: stderr,
		AtStep:   atRebuildStep,
	})
}
