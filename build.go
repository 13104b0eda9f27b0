package main

import (
	"context"
	"io"
	"strings"

	"github.com/lipisearch/lipi/index"
	"github.com/lipisearch/lipi/index/opensearch"
)

// atRebuildStep is index.RebuildOptions.AtStep of every rebuild a command
// runs: nil in the product. main's tests set it when the test binary runs
// as lipi, to hold a rebuild at a step and kill it there.
var atRebuildStep func(step string)

// stringList is a flag that may be given many times.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ", ") }

func (l *stringList) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// fieldUsage is the help of --field, which index and serve share.
const fieldUsage = "index the JSON lines' key `NAME=keyword` (repeatable) as a field to filter by (search --filter NAME=VALUE, the API's filter.NAME) and count as a facet; the only type is keyword"

// runIndex is `lipi index`: a rebuild of the index from a folder of
// documents, swapped in atomically.
func runIndex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("index", "", stderr)
	docs := fs.String("docs", defaultDocs, "folder of documents (.txt, .md, .jsonl), read recursively")
	path := fs.String("index", defaultIndex, "where the index lives")
	strict := fs.Bool("strict", false, "fail on the first broken file or line instead of skipping it")
	quiet := fs.Bool("quiet", false, "no progress and no summary: print only skipped inputs and errors")
	var exclude stringList
	fs.Var(&exclude, "exclude", "leave out the files and folders matching this `glob` (repeatable): a name such as README.md or *.draft.txt at any depth, or a path below --docs such as drafts/*")
	var fieldSpecs stringList
	fs.Var(&fieldSpecs, "field", fieldUsage)
	var bf backendFlags
	bf.register(fs)
	shards := fs.Int("opensearch-shards", 3, "with --backend opensearch: primary shards of the new index")
	replicas := fs.Int("opensearch-replicas", -1, "with --backend opensearch: replicas of each shard (default: 1 when the cluster has several data nodes, else 0)")
	var lf layerFlags
	if err := lf.parse(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if err := index.CheckExcludes(exclude); err != nil {
		return usagef("--exclude: %v", err)
	}
	fields, err := index.ParseFields(fieldSpecs)
	if err != nil {
		return usagef("--field: %v", err)
	}
	cluster, err := bf.config()
	if err != nil {
		return err
	}
	if *shards < 1 || *replicas < -1 {
		return usagef("--opensearch-shards must be at least 1 and --opensearch-replicas at least 0")
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
	if cluster != nil {
		return opensearch.Rebuild(ctx, *docs, *cluster, opensearch.RebuildOptions{
			Strict: *strict, Exclude: exclude, Synonyms: synonyms, Fields: fields,
			Shards: *shards, Replicas: *replicas,
			Log: progress, Problems: stderr, AtStep: atRebuildStep,
		})
	}
	return index.Rebuild(*docs, *path, index.RebuildOptions{
		Strict:   *strict,
		Exclude:  exclude,
		Synonyms: synonyms,
		Fields:   fields,
		Log:      progress,
		Problems: stderr,
		AtStep:   atRebuildStep,
	})
}
