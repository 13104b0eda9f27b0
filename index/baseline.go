package index

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lipisearch/lipi/analyzers"
)

// The baseline is what lipi is measured against (docs/BENCHMARKS.md): the
// same documents in the same mapping (title and body stored with term
// vectors, lang and scripts keywords, published a date), analyzed by
// bleve's stock `standard` analyzer, and searched with a plain match query
// on title and body with highlighting on. It is served by the same HTTP
// handler as a lipi index (`lipi serve --baseline`), so that a load test
// compares the analysis and query, not the server.

// baselineFormat marks a baseline index; Open refuses it (it is not a lipi
// index) and OpenBaseline accepts only it.
const baselineFormat = "baseline-standard-1"

// BaselineMapping is lipi's mapping with bleve's standard analyzer in place
// of lipi's.
func BaselineMapping() mapping.IndexMapping {
	m := NewMapping().(*mapping.IndexMappingImpl)
	if m.DefaultAnalyzer == analyzers.AnalyzerName {
		m.DefaultAnalyzer = standard.Name
	}
	for _, p := range m.DefaultMapping.Properties {
		for _, f := range p.Fields {
			if f.Analyzer == analyzers.AnalyzerName {
				f.Analyzer = standard.Name
			}
		}
	}
	return m
}

// BuildBaseline writes a baseline index of the documents of docsDir at
// dir, which must not exist. On error the partial index is removed.
func BuildBaseline(docsDir, dir string) error {
	if _, err := os.Lstat(dir); err == nil {
		return fmt.Errorf("build baseline index: %s already exists", dir)
	}
	res, err := LoadDir(docsDir, LoadOptions{})
	if err != nil {
		return err
	}
	if len(res.Docs) == 0 {
		return fmt.Errorf("no documents to index in %s (%s)", docsDir, res.Summary())
	}
	return buildBaseline(dir, res.Docs)
}

// buildBaseline writes a baseline index of docs at dir.
func buildBaseline(dir string, docs []Document) error {
	err := writeIndex(dir, BaselineMapping(), docs, defaultBatchSize, nil, map[string]string{
		string(internalBuilt):  time.Now().UTC().Format(time.RFC3339),
		string(internalDocs):   strconv.Itoa(len(docs)),
		string(internalFormat): baselineFormat,
	})
	if err != nil {
		return fmt.Errorf("build baseline index %s: %w", dir, err)
	}
	return nil
}

// Baseline is a baseline index opened read-only. Document, Count and Built
// are the Index's; Search is the plain one.
type Baseline struct {
	*Index
}

// OpenBaseline opens a baseline index read-only.
func OpenBaseline(path string) (*Baseline, error) {
	b, err := openBleve(path)
	if err != nil {
		return nil, fmt.Errorf("open baseline index %s: %w", path, err)
	}
	format, err := b.GetInternal(internalFormat)
	if err != nil || string(format) != baselineFormat {
		b.Close()
		return nil, fmt.Errorf("open baseline index %s: not a baseline index (build it with 'lipi serve --baseline')", path)
	}
	ix := &Index{path: path, bleve: b}
	if v, err := b.GetInternal(internalBuilt); err == nil {
		ix.built, _ = time.Parse(time.RFC3339, string(v))
	}
	if ix.langs, err = loadLangTable(b); err != nil {
		b.Close()
		return nil, fmt.Errorf("open baseline index %s: read languages: %w", path, err)
	}
	return &Baseline{ix}, nil
}

// Search runs a request as a plain match query of the whole query text on
// title and body (either may match), with the same filters, facets, sort,
// stored fields, highlighting and match explanation as a lipi search. Every
// match is reported in the native layer, its query the analyzed term.
func (b *Baseline) Search(ctx context.Context, r Request) (*Response, error) {
	start := time.Now()
	if err := r.Validate(); err != nil {
		return nil, err
	}
	var fields []query.Query
	for _, f := range textFields {
		m := query.NewMatchQuery(r.Query)
		m.SetField(f)
		fields = append(fields, m)
	}
	resp, err := b.runQuery(ctx, query.NewDisjunctionQuery(fields), r, baselineMatches)
	if err != nil {
		return nil, err
	}
	resp.TookMS = time.Since(start).Milliseconds()
	return resp, nil
}

// baselineMatches lists the matched terms of a hit with the document's
// words at their locations.
func baselineMatches(dm *search.DocumentMatch) []Match {
	matches := []Match{}
	seen := map[Match]bool{}
	matchedWords(dm, func(term, word string) {
		m := Match{Query: term, Term: word, Layer: analyzers.LayerNative}
		if !seen[m] && len(matches) < maxMatchesPerHit {
			seen[m] = true
			matches = append(matches, m)
		}
	})
	return matches
}
