package index

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index/internal/engine"
)

// Field names in the index.
const (
	fieldTitle     = "title"
	fieldBody      = "body"
	fieldLang      = "lang"
	fieldScripts   = "scripts"
	fieldPublished = "published"
	fieldURL       = "url"
	fieldCategory  = "category"
	// fieldDigest holds a digest of a document's title and body: the
	// documents that share it have the same content (collapse).
	fieldDigest = "digest"
)

// textFields are the analyzed fields a query searches.
var textFields = []string{fieldTitle, fieldBody}

// The frame and skeleton keys are a third of an index's tokens, and their
// locations a seventh of its size, for nothing a search reads while it
// scores: in a field of up to unlocatedFieldBytes they are stored without
// locations, and a page's hits find theirs by analyzing the field again
// (engine.SetUnlocated). The phonetic keys keep theirs, which phrases of
// key halves and the order bonus read (query.go).
func init() {
	engine.SetUnlocated(engine.Unlocated{Prefixes: unlocatedPrefixes, MaxFieldBytes: unlocatedFieldBytes})
}

// unlocatedPrefixes are the prefixes of the terms stored without
// locations.
var unlocatedPrefixes = []string{analyzers.LayerTerm(analyzers.LayerFrame, "")}

// unlocatedFieldBytes bounds what completing a hit analyzes again: a
// headline or a paragraph, not an article.
const unlocatedFieldBytes = 1024

// unlocatedLayer tells whether a layer's terms are stored without
// locations (the frame and the skeleton share their prefix).
func unlocatedLayer(l analyzers.Layer) bool {
	return slices.Contains(unlocatedPrefixes, analyzers.LayerTerm(l, ""))
}

// NewMapping returns the bleve mapping of a lipi index: title and body
// through the cross-script analyzer, stored with term vectors for
// highlighting (but for the frame and skeleton keys, above), without doc
// values; lang, scripts and category as keywords for facets and filters;
// published as a date; url stored only.
func NewMapping() mapping.IndexMapping { return NewMappingAnalyzedBy(analyzers.AnalyzerName) }

// newMappingWith is lipi's mapping with the extra fields, each a keyword
// like category, under its own name.
func newMappingWith(fields []string) mapping.IndexMapping {
	m := NewMapping()
	doc := m.(*mapping.IndexMappingImpl).DefaultMapping
	for _, name := range fields {
		doc.AddFieldMappingsAt(name, keywordField())
	}
	return m
}

// keywordField is a field whose whole value is one term, stored, with doc
// values for bleve's own facet.
func keywordField() *mapping.FieldMapping {
	kw := bleve.NewKeywordFieldMapping()
	kw.Analyzer = keyword.Name
	kw.Store = true
	kw.IncludeInAll = false
	kw.DocValues = true
	return kw
}

// NewMappingAnalyzedBy is lipi's mapping with title and body analyzed by
// the named analyzer instead of lipi's: what lipi is measured against is
// the same documents in the same mapping with bleve's standard analyzer
// (api/loadtest/baseline, BenchmarkIndex).
func NewMappingAnalyzedBy(analyzer string) mapping.IndexMapping {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = analyzer
	text.Store = true
	text.IncludeTermVectors = true
	text.IncludeInAll = false
	// No doc values: nothing sorts or facets on a text field, and they
	// held every distinct term of every document again: with lipi's
	// several forms a word, a large share of the index (measured in
	// docs/BENCHMARKS.md).
	text.DocValues = false

	kw := keywordField()

	date := bleve.NewDateTimeFieldMapping()
	date.Store = true
	date.IncludeInAll = false
	date.DocValues = true

	stored := bleve.NewTextFieldMapping()
	stored.Index = false
	stored.Store = true
	stored.IncludeInAll = false
	stored.IncludeTermVectors = false

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldTitle, text)
	doc.AddFieldMappingsAt(fieldBody, text)
	doc.AddFieldMappingsAt(fieldLang, kw)
	doc.AddFieldMappingsAt(fieldScripts, kw)
	doc.AddFieldMappingsAt(fieldCategory, kw)
	digest := bleve.NewKeywordFieldMapping()
	digest.Analyzer = keyword.Name
	digest.IncludeInAll = false
	// Only its terms are read (a table by document number): nothing
	// stored, no vectors, no doc values.
	digest.Store, digest.IncludeTermVectors, digest.DocValues = false, false, false
	doc.AddFieldMappingsAt(fieldDigest, digest)
	doc.AddFieldMappingsAt(fieldPublished, date)
	doc.AddFieldMappingsAt(fieldURL, stored)

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analyzer
	m.ScoringModel = bleveindex.BM25Scoring
	m.StoreDynamic = false
	m.IndexDynamic = false
	return m
}

// contentDigest names a document's content: the same for the documents of
// the same title and body, and for no others short of a hash collision.
func contentDigest(d *Document) string {
	h := sha256.New()
	h.Write([]byte(d.Title))
	h.Write([]byte{0})
	h.Write([]byte(d.Body))
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// indexedFields is what bleve indexes for d: absent fields are left out, so
// a document without a date has no published field at all.
func indexedFields(d *Document) map[string]any {
	f := map[string]any{
		fieldTitle:   d.Title,
		fieldBody:    d.Body,
		fieldLang:    d.Lang,
		fieldScripts: d.Scripts,
		fieldDigest:  contentDigest(d),
	}
	if d.URL != "" {
		f[fieldURL] = d.URL
	}
	if !d.Published.IsZero() {
		f[fieldPublished] = d.Published.UTC().Format(time.RFC3339)
	}
	if d.Category != "" {
		f[fieldCategory] = d.Category
	}
	// A value of a field the mapping lacks is dropped by bleve (the
	// mapping is static): only the index's extra fields are kept.
	for name, v := range d.Fields {
		if !slices.Contains(reservedFields, name) {
			f[name] = v
		}
	}
	return f
}
