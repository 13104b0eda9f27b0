package engine

import (
	"context"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// The tables by document number (languages, dates) hold for one snapshot
// of an index: an index opened read-only has one for as long as it is
// open, but an index that takes writes gets a new snapshot with every
// batch and every merge, and a merge renumbers documents. So every search
// reads its tables and its page through one snapshot, the one bleve hands
// its query (PinQuery), and the tables are those of that snapshot
// (Catalog).

// Tables are the tables of one snapshot of an index.
type Tables struct {
	// Langs is nil when the language field is not one (too many terms):
	// bleve counts its facet.
	Langs *LangTable
	// Keywords are the tables of the catalog's keyword fields (a
	// category), by field name.
	Keywords map[string]*LangTable

	datesOnce sync.Once
	dates     *DateTable
	datesErr  error

	groupsOnce sync.Once
	groups     *LangTable
	groupsErr  error

	// bm25 are the snapshot's shared BM25 statistics when the catalog
	// measures lengths (lengths.go); nil: bleve's own.
	bm25 *search.BM25Stats
}

// Catalog hands out the tables of an index's snapshots. It keeps those of
// the last snapshot asked for: a read-only index's are read once.
type Catalog struct {
	langField, dateField string
	keywordFields        []string
	// groupField is the keyword field whose value a document shares with
	// the documents of the same content (collapse); "" for none.
	groupField string
	// lengths counts the text fields' tokens (MeasureLengths); nil:
	// searches keep bleve's statistics.
	lengths *lengthCounter

	mu   sync.Mutex
	snap bleveindex.IndexReader // the snapshot cur describes (identity only)
	cur  *Tables
}

// NewCatalog makes the catalog of an index whose languages are in
// langField and dates in dateField; with langField "" it has no language
// table (bleve counts the facet). Each of keywordFields, a keyword field
// with at most one term a document, is tabled like the languages.
func NewCatalog(langField, dateField string, keywordFields ...string) *Catalog {
	return &Catalog{langField: langField, dateField: dateField, keywordFields: keywordFields}
}

// GroupBy names the field of the documents' content groups; the table
// is read by the first search that asks for it (View.NeedGroups).
func (c *Catalog) GroupBy(field string) { c.groupField = field }

// For returns the tables of the snapshot r.
func (c *Catalog) For(r bleveindex.IndexReader) (*Tables, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	// A snapshot is a pointer (*scorch.IndexSnapshot) that scorch hands
	// to every reader of it; holding it here keeps its address from being
	// reused by a later one.
	if c.cur != nil && c.snap == r {
		return c.cur, nil
	}
	var langs *LangTable
	if c.langField != "" {
		var err error
		if langs, err = loadLangTable(r, c.langField); err != nil {
			return nil, err
		}
	}
	keywords := map[string]*LangTable{}
	for _, field := range c.keywordFields {
		t, err := loadKeywordTable(r, field)
		if err != nil {
			return nil, err
		}
		keywords[field] = t
	}
	t := &Tables{Langs: langs, Keywords: keywords}
	if snap := snapshotOf(r); snap != nil && c.lengths != nil {
		// Counted now, with the other tables: opening an index counts its
		// segments, not its first search.
		var err error
		if t.bm25, err = c.lengths.bm25Stats(snap); err != nil {
			return nil, err
		}
	}
	c.snap, c.cur = r, t
	return c.cur, nil
}

// Latest returns the tables of the snapshot read last, reading the
// index's current one when none was.
func (c *Catalog) Latest(b interface {
	Reader() (bleveindex.IndexReader, error)
}) (*Tables, error) {
	c.mu.Lock()
	cur := c.cur
	c.mu.Unlock()
	if cur != nil {
		return cur, nil
	}
	r, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return c.For(r)
}

// groupTable reads the content groups of the snapshot r, once.
func (t *Tables) groupTable(r bleveindex.IndexReader, field string) (*LangTable, error) {
	t.groupsOnce.Do(func() {
		if field != "" {
			t.groups, t.groupsErr = loadKeywordTable(r, field)
		}
	})
	return t.groups, t.groupsErr
}

// dateTable reads the dates of the snapshot r, once.
func (t *Tables) dateTable(r bleveindex.IndexReader, field string) (*DateTable, error) {
	t.datesOnce.Do(func() { t.dates, t.datesErr = loadDateTable(r, field) })
	return t.dates, t.datesErr
}

// View is one search's snapshot: the reader its query ran on, kept open
// (PinQuery) until the page is completed from it and Release is called,
// and that snapshot's tables. The queries that use tables take the View
// and read them when their searcher is made, which is after PinQuery
// bound it.
type View struct {
	cat        *Catalog
	needDates  bool
	needGroups bool
	groups     *LangTable

	reader bleveindex.IndexReader
	langs  *LangTable
	dates  *DateTable
	bm25   *search.BM25Stats // the snapshot's measured lengths; nil: bleve's

	keywords map[string]*LangTable // the catalog's keyword fields'
}

// NewView makes a search's view over the catalog's index; needDates
// reads its dates too.
func NewView(c *Catalog, needDates bool) *View {
	return &View{cat: c, needDates: needDates}
}

// bind pins r, once; a second search through the same view reads the
// same snapshot.
func (v *View) bind(r bleveindex.IndexReader) error {
	if v.reader != nil {
		return nil
	}
	t, err := v.cat.For(r)
	if err != nil {
		return err
	}
	if v.needDates {
		if v.dates, err = t.dateTable(r, v.cat.dateField); err != nil {
			return err
		}
	}
	if v.needGroups {
		if v.groups, err = t.groupTable(r, v.cat.groupField); err != nil {
			return err
		}
	}
	if snap := snapshotOf(r); snap != nil {
		snap.AddRef()
	}
	v.reader, v.langs, v.keywords, v.bm25 = r, t.Langs, t.Keywords, t.bm25
	return nil
}

// Reader is the pinned snapshot, nil before the search started.
func (v *View) Reader() bleveindex.IndexReader { return v.reader }

// Release lets the pinned snapshot go.
func (v *View) Release() {
	if v.reader == nil {
		return
	}
	if snap := snapshotOf(v.reader); snap != nil {
		_ = snap.DecRef()
	}
	v.reader = nil
}

func (v *View) langTable() *LangTable { return v.langs }
func (v *View) dateTable() *DateTable { return v.dates }

// Within is DateTable.Within on the view's dates, which it reads when it
// is called: after the search bound the view.
func (v *View) Within(from, to int64) func(n uint64) bool {
	var within func(n uint64) bool
	return func(n uint64) bool {
		if within == nil {
			within = v.dates.Within(from, to)
		}
		return within(n)
	}
}

// LangSource gives the language table a search reads: a *LangTable
// itself, or a *View's once bound.
type LangSource interface{ langTable() *LangTable }

func (t *LangTable) langTable() *LangTable { return t }

// DateSource is the same for dates.
type DateSource interface{ dateTable() *DateTable }

func (t *DateTable) dateTable() *DateTable { return t }

// PinQuery binds View to the snapshot its search runs on, before any
// query under it makes its searcher.
type PinQuery struct {
	Query query.Query
	View  *View
}

// Searcher implements query.Query.
func (q *PinQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	if err := q.View.bind(i); err != nil {
		return nil, err
	}
	return q.Query.Searcher(q.View.withLengths(ctx), i, m, options)
}
