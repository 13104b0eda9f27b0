package index

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/mapping"
)

// benchCorpus is the shared benchmark corpus (../shared/corpus beside the
// repository): news headlines, Wikipedia articles and treebank sentences in
// Bengali, Hindi and English.
var (
	benchCorpusDir   = filepath.Join("..", "..", "shared", "corpus")
	benchCorpusFiles = []string{"l3cube-headlines.jsonl", "sipc-wikipedia.jsonl", "ud-hindi-pud.jsonl"}

	benchCorpusOnce  sync.Once
	benchCorpusDocs  []Document
	benchCorpusBytes int64
	benchCorpusErr   error
)

// loadBenchCorpus loads the corpus files once; it skips the benchmark when
// they are absent.
func loadBenchCorpus(b *testing.B) ([]Document, int64) {
	b.Helper()
	for _, f := range benchCorpusFiles {
		if _, err := os.Stat(filepath.Join(benchCorpusDir, f)); err != nil {
			b.Skipf("benchmark corpus absent (%v)", err)
		}
	}
	benchCorpusOnce.Do(func() {
		// LoadDir reads a folder: give it one holding just these files.
		dir, err := os.MkdirTemp("", "lipi-bench-corpus-")
		if err != nil {
			benchCorpusErr = err
			return
		}
		defer os.RemoveAll(dir)
		for _, f := range benchCorpusFiles {
			abs, _ := filepath.Abs(filepath.Join(benchCorpusDir, f))
			if err := os.Symlink(abs, filepath.Join(dir, f)); err != nil {
				benchCorpusErr = err
				return
			}
		}
		res, err := LoadDir(dir, LoadOptions{})
		if err != nil {
			benchCorpusErr = err
			return
		}
		benchCorpusDocs = res.Docs
		for _, d := range res.Docs {
			benchCorpusBytes += int64(len(d.Title) + len(d.Body))
		}
	})
	if benchCorpusErr != nil {
		b.Fatal(benchCorpusErr)
	}
	return benchCorpusDocs, benchCorpusBytes
}

// buildWithMapping is Build with another mapping: the same batches and
// the same final merge, no stored extras but the token counts lipi's own
// build stores (measure: textFields for lipi's mapping, nil for
// standard's, whose searches keep bleve's statistics).
func buildWithMapping(dir string, m mapping.IndexMapping, docs []Document, measure []string) error {
	return writeIndex(dir, m, docs, defaultBatchSize, nil, nil, measure)
}

// BenchmarkIndex builds the corpus into an index with bleve's standard
// analyzer and into one with lipi's cross-script analyzer, with the same
// mapping, one after the other in every round, so that a slower or busier
// moment of a noisy machine falls on both: run it with -benchtime Nx for N
// rounds. It reports each build's docs/s and MB on disk, and lipi's time
// and size as multiples of the standard build's (x-time-vs-standard: the
// sum of lipi's build times over the sum of standard's).
func BenchmarkIndex(b *testing.B) {
	// Both builds collect garbage as `lipi index` does (main sets the
	// collector's target for the command), so the figures stay comparable.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(200))
	}
	docs, textBytes := loadBenchCorpus(b)
	builds := []struct {
		name    string
		mapping mapping.IndexMapping
		measure []string
		took    time.Duration
		size    int64
	}{
		{name: "standard", mapping: NewMappingAnalyzedBy(standard.Name)},
		{name: "lipi", mapping: NewMapping(), measure: textFields},
	}
	tmp := b.TempDir()
	b.ReportAllocs()
	b.SetBytes(2 * textBytes)
	rounds := 0
	for b.Loop() {
		for i := range builds {
			dir := filepath.Join(tmp, fmt.Sprint(rounds, builds[i].name))
			start := time.Now()
			if err := buildWithMapping(dir, builds[i].mapping, docs, builds[i].measure); err != nil {
				b.Fatal(err)
			}
			builds[i].took += time.Since(start)
			b.StopTimer()
			builds[i].size = treeSize(dir)
			os.RemoveAll(dir)
			b.StartTimer()
		}
		rounds++
	}
	std, lipi := builds[0], builds[1]
	for _, r := range builds {
		b.ReportMetric(float64(r.size)/1e6, r.name+"-MB-on-disk")
		b.ReportMetric(float64(len(docs)*rounds)/r.took.Seconds(), r.name+"-docs/s")
	}
	b.ReportMetric(lipi.took.Seconds()/std.took.Seconds(), "x-time-vs-standard")
	b.ReportMetric(float64(lipi.size)/float64(std.size), "x-size-vs-standard")
}
