package index

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index/internal/engine"
)

// Keys of what lipi stores beside the documents (bleve's internal storage).
var (
	internalFormat   = []byte("lipi.format")
	internalBuilt    = []byte("lipi.built")
	internalDocs     = []byte("lipi.docs")
	internalSynonyms = []byte("lipi.synonyms")
	internalFields   = []byte("lipi.fields")
	// internalLengths are the text fields' token counts by segment, which
	// a build stores so that opening the index need not count them
	// (engine/lengths.go).
	internalLengths = []byte("lipi.lengths")
)

// formatVersion changes when an index built by an older lipi can no longer
// be read correctly: term prefixes, layers, analysis rules.
const formatVersion = "34"

// BuildOptions tune Build.
type BuildOptions struct {
	// Synonyms is the map stored with the index, used by every later search
	// of it; nil stores an empty map.
	Synonyms *analyzers.SynonymMap
	// Progress, when set, is called after every batch with the number of
	// documents indexed so far.
	Progress func(done int)
	// BatchSize is the number of documents per batch (default
	// defaultBatchSize).
	BatchSize int
	// Mapping, when set, replaces lipi's mapping (NewMappingAnalyzedBy),
	// and Format, then required, is the index's format marker in place of
	// lipi's: an index that Open refuses and OpenPlain opens.
	Mapping mapping.IndexMapping
	Format  string
	// Fields are the extra keyword fields of the documents ([ParseFields]
	// names them), stored with the index so that every later search of it
	// knows them.
	Fields []string
}

// defaultBatchSize documents go into one batch, which scorch writes as one
// segment: with larger batches it has fewer segments to merge along the
// way (500 took a third more time to build ../shared/corpus than 2000;
// 10000 gained nothing more).
const defaultBatchSize = 2000

// maxBatchTextBytes ends a batch early when its documents' text reaches
// it. Analyzing a batch takes memory in step with its text (every form of
// every word, with its location, then zap's buffers for its segment), and
// the documents of a corpus are not alike: 2,000 headlines are about a
// quarter of a megabyte, 2,000 articles tens of megabytes, so a count
// alone let a build's memory follow where the long documents fell. At a
// megabyte, the batches of long articles still set the build's peak
// (docs/BENCHMARKS.md); at a quarter, headlines still go about 2,000 a
// batch.
const maxBatchTextBytes = 1 << 18

// Build writes a new index of docs at dir, which must not exist. On error
// the partial index is removed.
func Build(dir string, docs []Document, opts BuildOptions) error {
	b, err := startBuild(dir, opts)
	if err != nil {
		return err
	}
	for i := range docs {
		if err := b.add(&docs[i]); err != nil {
			b.abort()
			return fmt.Errorf("build index %s: %w", dir, err)
		}
	}
	return b.finish()
}

// build is an index being written a document at a time (Build; Rebuild
// hands it the documents as they are loaded).
type build struct {
	dir              string
	w                *indexWriter
	synonyms, format string
	fields           string // fieldSpecs of BuildOptions.Fields
	// count, when set, is the number of documents the index holds (the
	// journal's writes replace and delete some); journal its mark.
	count   int
	journal string
}

func startBuild(dir string, opts BuildOptions) (*build, error) {
	if _, err := os.Lstat(dir); err == nil {
		return nil, fmt.Errorf("build index: %s already exists", dir)
	}
	synonyms := ""
	if opts.Synonyms != nil {
		synonyms = opts.Synonyms.Text()
	}
	if _, err := parseFieldSpecs(fieldSpecs(opts.Fields)); err != nil {
		return nil, fmt.Errorf("build index: %w", err)
	}
	m, format := newMappingWith(opts.Fields), formatVersion
	if opts.Mapping != nil {
		if opts.Format == "" || opts.Format == formatVersion {
			return nil, fmt.Errorf("build index: an index of another mapping needs a format of its own")
		}
		m, format = opts.Mapping, opts.Format
	}
	return &build{dir: dir, w: newIndexWriter(dir, m, opts.BatchSize, opts.Progress), synonyms: synonyms, format: format, fields: fieldSpecs(opts.Fields)}, nil
}

// add indexes one document.
func (b *build) add(doc *Document) error { return b.w.add(doc) }

// docs is the number of documents added so far.
func (b *build) docs() int {
	if b.count > 0 {
		return b.count
	}
	return b.w.done + b.w.inBatch
}

// replay writes the journal's records after the documents added, up to
// where the journal ended when w was read, and records its mark.
func (b *build) replay(w *journalWrites) error {
	if w.id == "" {
		return nil
	}
	_, _, _, _, err := readJournal(w.name, w.size, func(id string, rec *journalRecord) error {
		if id != w.id {
			return fmt.Errorf("the journal %s was replaced during the rebuild", w.name)
		}
		return b.w.addRecord(rec)
	})
	if err != nil {
		return err
	}
	b.journal = w.mark()
	return nil
}

// finish completes the index: the last batch, one segment, and what Open
// reads back (synonyms, build time, document count, format).
func (b *build) finish() error {
	internal := map[string]string{
		string(internalSynonyms): b.synonyms,
		string(internalBuilt):    time.Now().UTC().Format(time.RFC3339),
		string(internalDocs):     strconv.Itoa(b.docs()),
		string(internalFormat):   b.format,
		string(internalFields):   b.fields,
	}
	if b.journal != "" {
		internal[string(internalJournal)] = b.journal
	}
	var measure []string
	if b.format == formatVersion {
		measure = textFields
	}
	err := b.w.finish(internal, measure)
	if err != nil {
		return fmt.Errorf("build index %s: %w", b.dir, err)
	}
	return nil
}

// abort removes the partial index.
func (b *build) abort() { b.w.abort() }

// Index is an index opened read-only for searching. Any number of
// processes may have one index open at once.
type Index struct {
	path     string
	bleve    bleve.Index
	built    time.Time
	synonyms *analyzers.SynonymMap
	expander *analyzers.SynonymExpander
	// The tables of the documents' languages and dates by snapshot: read
	// once for an index opened read-only. The dates are read by the first
	// search that needs them (a date filter, sort=published), not by every
	// open: most searches and every `lipi search` without a date never do.
	tables *engine.Catalog
	plain  func(text string) query.Query // OpenPlain
	access *accessLock                   // Open's hold on the path
	// languages tells that lang is a language field, tabled by document
	// number (engine.LangTable), as read at open: searches decide on it
	// without reading the tables of the latest snapshot each time.
	languages bool
	// fields are the extra keyword fields stored with the index, in the
	// order the build named them.
	fields []string
}

// langTable is the language table of the index's latest snapshot, nil
// when lang is not a language field (bleve counts the facet then).
func (ix *Index) langTable() (*engine.LangTable, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	t, err := ix.tables.Latest(adv)
	if err != nil {
		return nil, fmt.Errorf("read its tables by document: %w", err)
	}
	return t.Langs, nil
}

// ErrNotIndex is returned by Open for a directory that is not a lipi index.
var ErrNotIndex = errors.New("not a lipi index")

// Open opens the index at path read-only, for as long as no process
// writes to it (a [*HeldError] says which does).
func Open(path string) (*Index, error) {
	access, err := takeAccess(filepath.Clean(path), false)
	if err != nil {
		return nil, err
	}
	ix, err := open(path, formatVersion)
	if err != nil {
		access.release()
		return nil, err
	}
	ix.access = access
	return ix, nil
}

// OpenPlain opens read-only an index built with another mapping and
// format (BuildOptions.Mapping). Its Search runs query(r.Query), a bleve
// query on title and body, in place of lipi's, with everything else as for
// a lipi index (language filter, page, sort, language facet, stored
// fields, highlighting), and gives a hit's matched terms as native-layer
// matches: the benchmark's standard-analyzer index is searched so, like
// for like (api/loadtest/baseline).
func OpenPlain(path, format string, query func(text string) query.Query) (*Index, error) {
	ix, err := open(path, format)
	if err != nil {
		return nil, err
	}
	ix.plain = query
	return ix, nil
}

func open(path, want string) (*Index, error) {
	return openWith(path, want, map[string]any{"read_only": true})
}

// openWith opens the index at path with scorch's config.
func openWith(path, want string, config map[string]any) (*Index, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("open index %s: no index there (build one with 'lipi index --index %s')", path, path)
		}
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("open index %s: %w (not a directory)", path, ErrNotIndex)
	}
	if _, err := os.Stat(filepath.Join(path, "index_meta.json")); err != nil {
		return nil, fmt.Errorf("open index %s: %w (no index_meta.json)", path, ErrNotIndex)
	}
	b, err := openBleve(path, config)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w (corrupt or unreadable: rebuild it with 'lipi index')", path, err)
	}
	ix := &Index{path: path, bleve: b}
	format, err := b.GetInternal(internalFormat)
	if err != nil || len(format) == 0 {
		b.Close()
		return nil, fmt.Errorf("open index %s: %w (a bleve index lipi did not build)", path, ErrNotIndex)
	}
	if string(format) != want {
		b.Close()
		if want != formatVersion {
			return nil, fmt.Errorf("open index %s: format %s, want %s", path, format, want)
		}
		return nil, fmt.Errorf("open index %s: built by another version of lipi (format %s, want %s): rebuild it with 'lipi index'", path, format, want)
	}
	if v, err := b.GetInternal(internalBuilt); err == nil {
		ix.built, _ = time.Parse(time.RFC3339, string(v))
	}
	text, err := b.GetInternal(internalSynonyms)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("open index %s: read synonym map: %w", path, err)
	}
	ix.synonyms, err = analyzers.ParseSynonyms(bytes.NewReader(text), path+" (stored synonym map)")
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	ix.expander = ix.synonyms.Expander(synonymKey)
	if err := ix.readFields(); err != nil {
		b.Close()
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	ix.tables = engine.NewCatalog(fieldLang, fieldPublished, ix.keywordFields()...)
	ix.tables.GroupBy(fieldDigest)
	if want == formatVersion {
		// lipi's ranking compares a text's length with the true average
		// (engine/lengths.go); the benchmark's standard index keeps
		// bleve's. An index built before the counts were stored is
		// counted as it opens.
		stored, err := b.GetInternal(internalLengths)
		if err != nil {
			b.Close()
			return nil, fmt.Errorf("open index %s: read its token counts: %w", path, err)
		}
		ix.tables.MeasureLengths(string(stored), textFields...)
	}
	langs, err := ix.langTable()
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	ix.languages = langs != nil
	return ix, nil
}

// readFields reads the extra fields stored with the index (none in an
// index built before they were).
func (ix *Index) readFields() error {
	text, err := ix.bleve.GetInternal(internalFields)
	if err != nil {
		return fmt.Errorf("read its fields: %w", err)
	}
	if ix.fields, err = parseFieldSpecs(string(text)); err != nil {
		return fmt.Errorf("its stored fields: %w", err)
	}
	return nil
}

// keywordFields are the fields whose values are tabled by document
// number, like the language, for their filters and facets: the category
// and the extra fields.
func (ix *Index) keywordFields() []string {
	return append([]string{fieldCategory}, ix.fields...)
}

// openBleve opens with config and turns a panic of the storage layer on a
// damaged directory into an error: a corrupt index must never crash lipi.
func openBleve(path string, config map[string]any) (b bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			if b != nil {
				b.Close()
			}
			b, err = nil, fmt.Errorf("%v", r)
		}
		err = oneLine(err)
	}()
	// The newest snapshot is read before the index is opened: an index
	// opened for writing locks its files against every other reader, this
	// one too.
	newest, hasNewest, nerr := engine.NewestInternal(path, internalBuilt)
	if b, err = bleve.OpenUsing(path, config); err != nil {
		if engine.UnloadedSnapshot(path, err) {
			return nil, errSnapshotNotLoaded
		}
		return nil, err
	}
	if err := checkNewestSnapshot(b, newest, hasNewest, nerr); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// checkNewestSnapshot makes an error of what scorch only logs: that it
// could not load the newest snapshot of the index and opened an older one
// or none (engine.NewestInternal), which would serve a smaller or empty
// index as if it were whole.
func checkNewestSnapshot(b bleve.Index, want []byte, ok bool, err error) error {
	if err != nil {
		return fmt.Errorf("its newest snapshot cannot be read: %w", err)
	}
	if !ok {
		return nil
	}
	got, err := b.GetInternal(internalBuilt)
	if err != nil {
		return err
	}
	if !bytes.Equal(got, want) {
		return errSnapshotNotLoaded
	}
	return nil
}

// errSnapshotNotLoaded is a damaged index whose newest snapshot scorch
// could not load.
var errSnapshotNotLoaded = errors.New("its newest snapshot could not be loaded (a segment file is missing or damaged)")

// Close releases the index.
func (ix *Index) Close() error {
	err := ix.bleve.Close()
	ix.access.release()
	return err
}

// Path is where the index was opened.
func (ix *Index) Path() string { return ix.path }

// Built is when the index was built.
func (ix *Index) Built() time.Time { return ix.built }

// Synonyms is the synonym map stored with the index.
func (ix *Index) Synonyms() *analyzers.SynonymMap { return ix.synonyms }

// Fields are the extra keyword fields of the index's documents, in the
// order its build named them.
func (ix *Index) Fields() []string { return slices.Clone(ix.fields) }

// Count is the number of documents in the index.
func (ix *Index) Count() (uint64, error) { return ix.bleve.DocCount() }
