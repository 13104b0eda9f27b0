package index

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index/internal/engine"
	"github.com/lipisearch/lipi/index/internal/levenshtein"
)

// A cluster's page is completed (fragments, matches) by lipi's own
// highlighter over an in-memory index of the page's documents alone. Most
// of a cluster search's own CPU went to writing that index's segment:
// every form of every word of ten articles (docs/SCALING.md has the
// profile). Only the terms the query can match are needed, so the page
// index keeps those alone, at their positions and offsets: the query
// finds the same terms at the same places, and the rest is never read.

// queryTerms is what a query can match of a document's terms.
type queryTerms struct {
	exact    map[string]bool
	prefixes []string
	fuzzy    []levenshtein.Automaton
	// every: the query has a part not read here; keep every term.
	every bool
}

// termsOf collects what q can match.
func termsOf(q query.Query) *queryTerms {
	t := &queryTerms{exact: map[string]bool{}}
	t.add(q)
	return t
}

func (t *queryTerms) add(q query.Query) {
	switch q := q.(type) {
	case nil:
	case *engine.CoverageQuery:
		for _, w := range q.Words {
			t.add(w.Strong)
			t.add(w.Weak)
			t.add(w.Fill)
		}
		for _, b := range q.Bonus {
			t.add(b)
		}
		for _, o := range q.Own {
			t.add(o)
		}
	case *engine.Kinded:
		t.add(q.Query)
	case *engine.MaxQuery:
		for _, a := range q.Alternatives() {
			t.add(a)
		}
	case *engine.FuzzyQuery:
		term, prefix := q.Key.Term(), q.Key.Prefix()
		t.fuzzy = append(t.fuzzy, levenshtein.New(prefix, term[len(prefix):], q.Key.Fuzziness()))
	case *engine.CompletionQuery:
		t.prefixes = append(t.prefixes, q.Prefix)
	case *query.TermQuery:
		t.exact[q.Term] = true
	case *query.PrefixQuery:
		t.prefixes = append(t.prefixes, q.Prefix)
	case *query.PhraseQuery:
		for _, term := range q.Terms {
			t.exact[term] = true
		}
	case *query.MultiPhraseQuery:
		for _, pos := range q.Terms {
			for _, term := range pos {
				t.exact[term] = true
			}
		}
	case *query.DisjunctionQuery:
		for _, d := range q.Disjuncts {
			t.add(d)
		}
	case *query.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			t.add(c)
		}
	case *query.MatchNoneQuery, *query.DocIDQuery:
	default:
		t.every = true
	}
}

func (t *queryTerms) keeps(term string) bool {
	if t.every || t.exact[term] {
		return true
	}
	for _, p := range t.prefixes {
		if strings.HasPrefix(term, p) {
			return true
		}
	}
	for _, a := range t.fuzzy {
		if ok, _ := a.MatchAndDistance(term); ok {
			return true
		}
	}
	return false
}

func (t *queryTerms) release() {
	for _, a := range t.fuzzy {
		a.Release()
	}
	t.fuzzy = nil
}

// keepingAnalyzer is an analyzer's token stream without the terms keep
// refuses; the others keep their positions and offsets.
type keepingAnalyzer struct {
	analysis.Analyzer
	keep func(string) bool
}

func (k keepingAnalyzer) Analyze(input []byte) analysis.TokenStream {
	ts := k.Analyzer.Analyze(input)
	out := ts[:0]
	for _, tok := range ts {
		if k.keep(string(tok.Term)) {
			out = append(out, tok)
		}
	}
	return out
}

// pageIndex is an in-memory index of docs, their text analyzed by lipi's
// analyzer with only the terms keep accepts (nil: every term). The caller
// closes it.
func pageIndex(docs []*Document, fields []string, expander *analyzers.SynonymExpander, keep func(string) bool) (*Index, error) {
	m := newMappingWith(fields)
	// scorch in memory (no path), which the engine reads as it reads a
	// built index; bleve's NewMemOnly is another index type.
	mem, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, err
	}
	impl, _ := m.(*mapping.IndexMappingImpl)
	var text analysis.Analyzer
	if keep != nil && impl != nil {
		a, err := formsAnalyzer()
		if err != nil {
			mem.Close()
			return nil, err
		}
		text = keepingAnalyzer{a, keep}
	}
	batch := mem.NewBatch()
	for _, d := range docs {
		if text == nil {
			err = batch.Index(d.ID, indexedFields(d))
		} else {
			var doc *document.Document
			if doc, err = keptDocument(impl, d, text); err == nil {
				err = batch.IndexAdvanced(doc)
			}
		}
		if err != nil {
			mem.Close()
			return nil, fmt.Errorf("document %q: %w", d.ID, err)
		}
	}
	if err := mem.Batch(batch); err != nil {
		mem.Close()
		return nil, err
	}
	page := &Index{bleve: mem, fields: fields, expander: expander}
	page.tables = engine.NewCatalog(fieldLang, fieldPublished, page.keywordFields()...)
	return page, nil
}

// keptDocument is d as the mapping writes it, with its title and body
// analyzed by text.
func keptDocument(m *mapping.IndexMappingImpl, d *Document, text analysis.Analyzer) (*document.Document, error) {
	doc := document.NewDocument(d.ID)
	if err := m.MapDocument(doc, indexedFields(d)); err != nil {
		return nil, err
	}
	for i, f := range doc.Fields {
		tf, ok := f.(*document.TextField)
		if !ok || (tf.Name() != fieldTitle && tf.Name() != fieldBody) {
			continue
		}
		doc.Fields[i] = document.NewTextFieldCustom(tf.Name(), tf.ArrayPositions(), tf.Value(), tf.Options(), text)
	}
	return doc, nil
}
