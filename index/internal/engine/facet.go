package engine

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// LangTable is the language of every document of an opened index, by
// document number, so that the language facet is counted with a lookup
// per hit. bleve's facet reads each hit's language from the stored doc
// values, decoding a chunk of them whenever a hit falls in the next one,
// and lipi's queries match hits all over the index, so that decoding was
// a large share of a search. An index is opened read-only, so its document numbers never
// change while it is open. Any keyword field with one term a document (a
// category) is tabled the same way (loadKeywordTable), for the same
// reasons.
type LangTable struct {
	names []string
	// By document number, 1 + the index of its term in names, or 0 for
	// none: in a byte while there are fewer than 256 names, as there are
	// languages. A search looks up every sound-alike it goes through, in
	// document order but far apart: at a byte a document, the table of a
	// large index stays in the processor's cache, where at four bytes
	// most lookups missed it (docs/BENCHMARKS.md).
	small []uint8
	wide  []uint32 // when there are 256 names or more
}

// of is document n's entry: 1 + the index of its term in names, or 0.
func (t *LangTable) of(n uint64) uint32 {
	if t.wide != nil {
		if n < uint64(len(t.wide)) {
			return t.wide[n]
		}
		return 0
	}
	if n < uint64(len(t.small)) {
		return uint32(t.small[n])
	}
	return 0
}

// set makes k document n's entry.
func (t *LangTable) set(n uint64, k uint32) {
	if t.wide != nil {
		t.wide = reaching(t.wide, n)
		t.wide[n] = k
		return
	}
	t.small = reaching(t.small, n)
	t.small[n] = uint8(k)
}

// reaching is s long enough to hold index n.
func reaching[T any](s []T, n uint64) []T {
	if n >= uint64(len(s)) {
		s = slices.Grow(s, int(n+1)-len(s))[:n+1]
	}
	return s
}

// LoadLangTable reads the documents of each language term of b's current
// snapshot.
func LoadLangTable(b bleve.Index, field string) (t *LangTable, err error) {
	err = withReader(b, func(r bleveindex.IndexReader) error {
		t, err = loadLangTable(r, field)
		return err
	})
	return t, err
}

// loadLangTable reads the documents of each language term of r; nil when
// the field has too many terms to be a language field (bleve counts it).
func loadLangTable(r bleveindex.IndexReader, field string) (*LangTable, error) {
	return loadTable(r, field, 1<<16-1)
}

// loadKeywordTable reads the documents of each term of a keyword field of
// r, however many terms it has.
func loadKeywordTable(r bleveindex.IndexReader, field string) (*LangTable, error) {
	return loadTable(r, field, math.MaxUint32)
}

// loadTable reads the documents of each term of field; nil when it has
// most terms or more.
func loadTable(r bleveindex.IndexReader, field string, most int) (*LangTable, error) {
	names, err := fieldTerms(r, field, func(string) bool { return true })
	if err != nil {
		return nil, err
	}
	if len(names) >= most {
		return nil, nil
	}
	t := &LangTable{names: names}
	if len(names) > math.MaxUint8 {
		t.wide = []uint32{}
	}
	for k, name := range t.names {
		err := eachDoc(r, field, name, func(n uint64) {
			t.set(n, uint32(k+1))
		})
		if err != nil {
			return nil, err
		}
	}
	return t, nil
}

// withReader runs f on a reader of b's current snapshot.
func withReader(b bleve.Index, f func(r bleveindex.IndexReader) error) error {
	adv, err := b.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	return f(r)
}

// fieldTerms lists the terms of field that keep accepts, in order.
func fieldTerms(r bleveindex.IndexReader, field string, keep func(term string) bool) ([]string, error) {
	dict, err := r.FieldDict(field)
	if err != nil {
		return nil, err
	}
	var terms []string
	for {
		e, err := dict.Next()
		if err != nil {
			dict.Close()
			return nil, err
		}
		if e == nil {
			break
		}
		if keep(e.Term) {
			terms = append(terms, e.Term)
		}
	}
	return terms, dict.Close()
}

// eachDoc calls f with the number of every document that holds term in
// field, in order.
func eachDoc(r bleveindex.IndexReader, field, term string, f func(n uint64)) error {
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		return err
	}
	var d bleveindex.TermFieldDoc
	for {
		got, err := tfr.Next(&d)
		if err != nil {
			tfr.Close()
			return err
		}
		if got == nil {
			break
		}
		f(got.ID.Value())
	}
	return tfr.Close()
}

// LangCounts counts the hits of one search by language.
type LangCounts struct {
	src   LangSource
	table *LangTable
	n     []int // by index in table.names
}

// Names are the languages of the table's documents.
func (t *LangTable) Names() []string {
	return slices.Clone(t.names)
}

func (t *LangTable) Counter() *LangCounts {
	c := NewLangCounts(t)
	c.bind()
	return c
}

// keeps returns a test of whether a document's term is one of values; a
// document without one never is.
func (t *LangTable) keeps(values []string) func(n uint64) bool {
	if t == nil {
		return func(uint64) bool { return false }
	}
	keep := make([]bool, len(t.names))
	for k, name := range t.names {
		keep[k] = slices.Contains(values, name)
	}
	return func(n uint64) bool {
		k := t.of(n)
		return k > 0 && keep[k-1]
	}
}

// Keyword is the table of the keyword field the view's catalog names, as
// a source for LangCounts (a facet of that field).
func (v *View) Keyword(field string) LangSource { return keywordSource{v, field} }

type keywordSource struct {
	v     *View
	field string
}

func (s keywordSource) langTable() *LangTable { return s.v.keywords[s.field] }

// Keeps returns a test of whether a document's term of the keyword field
// is one of values, which reads the view's table when it is first called:
// after the search bound the view.
func (v *View) Keeps(field string, values []string) func(n uint64) bool {
	var keeps func(n uint64) bool
	return func(n uint64) bool {
		if keeps == nil {
			keeps = v.keywords[field].keeps(values)
		}
		return keeps(n)
	}
}

// NewLangCounts counts by the languages src gives when the search that
// counts starts (a View's are known only then).
func NewLangCounts(src LangSource) *LangCounts { return &LangCounts{src: src} }

// bind takes the table to count by, once.
func (c *LangCounts) bind() {
	if c.table == nil {
		if c.table = c.src.langTable(); c.table == nil {
			c.table = &LangTable{}
		}
		c.n = make([]int, len(c.table.names))
	}
}

func (c *LangCounts) add(dm *search.DocumentMatch) {
	c.addDoc(dm.IndexInternalID.Value())
}

// addDoc counts document number n.
func (c *LangCounts) addDoc(n uint64) {
	if k := c.table.of(n); k > 0 {
		c.n[k-1]++
	}
}

// Facet is the language Facet as bleve's terms Facet gives it: the
// languages with hits, the most frequent most.
func (c *LangCounts) Facet(most int) map[string]int {
	type count struct {
		lang string
		n    int
	}
	var counts []count
	for k, n := range c.n {
		if n > 0 {
			counts = append(counts, count{c.table.names[k], n})
		}
	}
	slices.SortFunc(counts, func(a, b count) int {
		return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.lang, b.lang))
	})
	out := make(map[string]int, min(len(counts), most))
	for _, x := range counts[:min(len(counts), most)] {
		out[x.lang] = x.n
	}
	return out
}

// CountingQuery counts every document its query returns, which is every
// hit of the search.
type CountingQuery struct {
	Query  query.Query
	Counts *LangCounts
}

// Searcher implements query.Query.
func (q *CountingQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s, err := q.Query.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	q.Counts.bind()
	return &countingSearcher{Searcher: s, counts: q.Counts}, nil
}

type countingSearcher struct {
	search.Searcher
	counts *LangCounts
}

func (s *countingSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	if dm != nil {
		s.counts.add(dm)
	}
	return dm, err
}

func (s *countingSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if dm != nil {
		s.counts.add(dm)
	}
	return dm, err
}

// LangFilterQuery returns the documents of its query whose language is one
// of Langs, with the scores and order its query gives them: a filter that
// filters. A conjunction with the language terms would add their scores
// to every hit's and change the query's norm, and so reorder the hits
// that pass.
type LangFilterQuery struct {
	Query query.Query
	Table LangSource
	Langs []string
}

// Searcher implements query.Query.
func (q *LangFilterQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s, err := q.Query.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	table := q.Table.langTable()
	if table == nil {
		table = &LangTable{}
	}
	keep := make([]bool, len(table.names))
	for k, name := range table.names {
		keep[k] = slices.Contains(q.Langs, name)
	}
	return &langFilterSearcher{Searcher: s, table: table, keep: keep}, nil
}

type langFilterSearcher struct {
	search.Searcher
	table *LangTable
	keep  []bool // by language
}

// kept tells whether dm's language is one the filter keeps; a document
// without a language is not.
func (s *langFilterSearcher) kept(dm *search.DocumentMatch) bool {
	k := s.table.of(dm.IndexInternalID.Value())
	return k > 0 && s.keep[k-1]
}

func (s *langFilterSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		dm, err := s.Searcher.Next(ctx)
		if err != nil || dm == nil || s.kept(dm) {
			return dm, err
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

func (s *langFilterSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if err != nil || dm == nil || s.kept(dm) {
		return dm, err
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}
