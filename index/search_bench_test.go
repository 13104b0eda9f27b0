package index

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lipisearch/lipi/analyzers"
)

// The shared load queries: 400 names in Latin, Devanagari and Bengali.
var benchQueriesFile = filepath.Join(benchCorpusDir, "load-queries.txt")

// searchIndexes builds the corpus with both analyzers into dir and opens
// them.
func searchIndexes(b *testing.B, dir string) (*Index, *Index, []string) {
	b.Helper()
	docs, _ := loadBenchCorpus(b)
	f, err := os.Open(benchQueriesFile)
	if err != nil {
		b.Skipf("load queries absent (%v)", err)
	}
	defer f.Close()
	var queries []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if q := strings.TrimSpace(sc.Text()); q != "" {
			queries = append(queries, q)
		}
	}
	lipiDir, stdDir := filepath.Join(dir, "lipi"), filepath.Join(dir, "standard")
	if err := Build(lipiDir, docs, BuildOptions{Synonyms: analyzers.DefaultSynonyms()}); err != nil {
		b.Fatal(err)
	}
	if err := Build(stdDir, docs, BuildOptions{Mapping: NewMappingAnalyzedBy(standard.Name), Format: standardFormat}); err != nil {
		b.Fatal(err)
	}
	lipi, err := Open(lipiDir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { lipi.Close() })
	std, err := OpenPlain(stdDir, standardFormat, plainMatchQuery)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { std.Close() })
	return lipi, std, queries
}

// standardFormat marks the benchmark's standard-analyzer index, as the
// baseline command under api/loadtest marks its own.
const standardFormat = "baseline-standard-1"

// plainMatchQuery is the standard side's query: a match query on title and
// body, as the baseline command searches.
func plainMatchQuery(text string) query.Query {
	var fields []query.Query
	for _, f := range textFields {
		m := query.NewMatchQuery(text)
		m.SetField(f)
		fields = append(fields, m)
	}
	return query.NewDisjunctionQuery(fields)
}

// BenchmarkSearch runs the shared load queries, one per operation in turn,
// against the corpus indexed with bleve's standard analyzer (a plain match
// query) and with lipi's (the cross-script query), both with highlighting,
// facets and the API's default size; the lipi run reports its time per
// query as a multiple of the standard run's (x-time-vs-standard). This is
// the in-process cost of a search, without HTTP; docs/BENCHMARKS.md has the
// served figures under load.
func BenchmarkSearch(b *testing.B) {
	lipi, std, qs := searchIndexes(b, b.TempDir())
	perOp := map[string]time.Duration{}
	for _, tc := range []struct {
		name   string
		search func(context.Context, Request) (*Response, error)
	}{
		{"standard", std.Search},
		{"lipi", lipi.Search},
		{"lipi-nofuzzy", func(ctx context.Context, r Request) (*Response, error) {
			r.NoFuzzy = true
			return lipi.Search(ctx, r)
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			ctx := context.Background()
			i := 0
			for b.Loop() {
				if _, err := tc.search(ctx, Request{Query: qs[i%len(qs)]}); err != nil {
					b.Fatal(err)
				}
				i++
			}
			perOp[tc.name] = b.Elapsed() / time.Duration(b.N)
			if std, ok := perOp["standard"]; ok && tc.name != "standard" {
				b.ReportMetric(perOp[tc.name].Seconds()/std.Seconds(), "x-time-vs-standard")
			}
		})
	}
}
