package engine

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/lipisearch/lipi/analyzers"
)

// The engine's tests search indexes of the seed articles made here, with
// the fields lipi's mapping gives them, so that they need nothing of the
// index package (which imports this one).

const (
	fieldTitle = "title"
	fieldBody  = "body"
	fieldLang  = "lang"
)

var textFields = []string{fieldTitle, fieldBody}

// fuzzyKeyPrefix is the prefix of a fuzzy key that must match exactly, as the
// index package asks: the layer's and two letters more.
const fuzzyKeyPrefix = analyzers.PrefixLen + 2

// testTieBreaker is the tie-breaker of the tests' coverage and max
// queries, the index package's.
const testTieBreaker = 0.05

// testMapping is lipi's mapping of the text fields: title and body through
// the "lipi" analyzer, stored with term vectors; lang a keyword.
func testMapping() mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = analyzers.AnalyzerName
	text := bleve.NewTextFieldMapping()
	text.Analyzer = analyzers.AnalyzerName
	text.Store, text.IncludeTermVectors = true, true
	m.DefaultMapping.AddFieldMappingsAt(fieldTitle, text)
	m.DefaultMapping.AddFieldMappingsAt(fieldBody, text)
	m.DefaultMapping.AddFieldMappingsAt(fieldLang, bleve.NewKeywordFieldMapping())
	return m
}

type testDoc struct {
	id     string
	fields map[string]any
}

// seedDocs are the seed articles: the first line with letters is the
// title, the rest the body.
func seedDocs(t *testing.T) []testDoc {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "..", "seeds", "*.txt"))
	if err != nil || len(paths) < 3 {
		t.Fatalf("seed articles: %v (%d found)", err, len(paths))
	}
	slices.Sort(paths)
	var docs []testDoc
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.TrimSpace(string(data))
		title, body := text, ""
		for line := range strings.Lines(text) {
			if strings.IndexFunc(line, unicode.IsLetter) >= 0 && len([]rune(line)) > 3 {
				title = strings.TrimSpace(line)
				_, body, _ = strings.Cut(text, line)
				break
			}
		}
		id := strings.TrimSuffix(filepath.Base(p), ".txt")
		docs = append(docs, testDoc{id, map[string]any{fieldTitle: title, fieldBody: body, fieldLang: "xx"}})
	}
	return docs
}

// unmergingConfig is a scorch configuration under which not even a small
// index's segments are merged (scorch's default planner merges every
// segment of an index smaller than its floor sizes into one), as under
// BuildConfig, but in scorch's own segment format.
func unmergingConfig() map[string]any {
	return map[string]any{
		"scorchMergePlanOptions": map[string]any{
			"MaxSegmentsPerTier":   1 << 20,
			"FloorSegmentSize":     1,
			"FloorSegmentFileSize": 1,
		},
	}
}

// newSeedIndex indexes the seed articles, perBatch documents a batch (a
// segment each), and deletes the documents named.
func newSeedIndex(t *testing.T, perBatch int, config map[string]any, deleted ...string) bleve.Index {
	t.Helper()
	idx := writeSeedIndex(t, perBatch, config, deleted...)
	t.Cleanup(func() { idx.Close() })
	return idx
}

// writeSeedIndex is newSeedIndex for a caller that closes the index.
func writeSeedIndex(t *testing.T, perBatch int, config map[string]any, deleted ...string) bleve.Index {
	t.Helper()
	idx, err := bleve.NewUsing(filepath.Join(t.TempDir(), "seeds.bleve"), testMapping(), scorch.Name, scorch.Name, config)
	if err != nil {
		t.Fatal(err)
	}
	docs := seedDocs(t)
	for i := 0; i < len(docs); i += perBatch {
		batch := idx.NewBatch()
		for _, d := range docs[i:min(i+perBatch, len(docs))] {
			if err := batch.Index(d.id, d.fields); err != nil {
				t.Fatal(err)
			}
		}
		if err := idx.Batch(batch); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range deleted {
		if err := idx.Delete(id); err != nil {
			t.Fatal(err)
		}
	}
	return idx
}

// mergedSeedIndex is the seed articles in one segment.
func mergedSeedIndex(t *testing.T) bleve.Index {
	return newSeedIndex(t, 1<<20, BuildConfig())
}

// unmergedSeedIndex is the seed articles in several segments, as an index
// looks before a build merges it. No background merges: a merge between
// two searches of a comparison would change the segments' BM25 lengths
// under it.
func unmergedSeedIndex(t *testing.T) bleve.Index {
	t.Helper()
	idx := newSeedIndex(t, 1, unmergingConfig())
	adv, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	if n := segmentsAtRoot(adv.(*scorch.Scorch)); n < 2 {
		t.Fatalf("%d segments, want several", n)
	}
	return idx
}

func segmentsAtRoot(s *scorch.Scorch) uint64 {
	st := s.Stats().(*scorch.Stats)
	return atomic.LoadUint64(&st.TotFileSegmentsAtRoot) + atomic.LoadUint64(&st.TotMemorySegmentsAtRoot)
}

// readerOf opens a reader of idx's newest snapshot, closed when the test
// ends.
func readerOf(t *testing.T, idx bleve.Index) bleveindex.IndexReader {
	t.Helper()
	adv, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}
