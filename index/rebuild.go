package index

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lipisearch/lipi/analyzers"
)

// RebuildOptions tune Rebuild.
type RebuildOptions struct {
	Strict   bool
	Synonyms *analyzers.SynonymMap
	// Log receives progress and the summary; Problems each skipped file or
	// line. Either may be nil.
	Log, Problems io.Writer
}

// Rebuild loads the documents of docsDir and builds a complete new index
// beside the one at path, verifies it, and swaps it in atomically: path is
// a symbolic link to a directory `path.<stamp>`, and the swap renames a new
// link over it. Searches that have the old index open keep reading it; the
// old directory is removed after the swap.
func Rebuild(docsDir, path string, opts RebuildOptions) error {
	logw := opts.Log
	if logw == nil {
		logw = io.Discard
	}
	if err := checkReplaceable(path); err != nil {
		return err
	}
	start := time.Now()
	res, err := LoadDir(docsDir, LoadOptions{Strict: opts.Strict})
	if err != nil {
		return err
	}
	if opts.Problems != nil {
		for _, p := range res.Skipped {
			fmt.Fprintln(opts.Problems, p.String())
		}
	}
	fmt.Fprintln(logw, res.Summary())
	if len(res.Docs) == 0 {
		return fmt.Errorf("no documents to index in %s", docsDir)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	dir := fmt.Sprintf("%s.%s", path, time.Now().UTC().Format("20060102T150405.000000000"))
	err = Build(dir, res.Docs, BuildOptions{
		Synonyms: opts.Synonyms,
		Progress: func(done int) {
			elapsed := time.Since(start).Seconds()
			fmt.Fprintf(logw, "\rindexed %d/%d documents (%.0f docs/s)", done, len(res.Docs), float64(done)/max(elapsed, 1e-3))
		},
	})
	fmt.Fprintln(logw)
	if err != nil {
		return err
	}
	if err := verify(dir, len(res.Docs)); err != nil {
		os.RemoveAll(dir)
		return fmt.Errorf("the new index failed verification, the live one is untouched: %w", err)
	}
	if err := swapIn(path, dir); err != nil {
		os.RemoveAll(dir)
		return err
	}
	removeStale(path, dir)
	fmt.Fprintf(logw, "index %s ready: %d documents in %.1fs\n", path, len(res.Docs), time.Since(start).Seconds())
	return nil
}

// checkReplaceable refuses to replace anything at path that is not a lipi
// index (a foreign directory or file): rebuilding must never delete data it
// did not make.
func checkReplaceable(path string) error {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		return nil // a link made by a previous rebuild; its target is checked by Open
	}
	if !st.IsDir() {
		return fmt.Errorf("%s exists and is not an index: refusing to replace it", path)
	}
	if _, err := os.Stat(filepath.Join(path, "index_meta.json")); err != nil {
		return fmt.Errorf("%s exists and is not a lipi index: refusing to replace it", path)
	}
	return nil
}

// verify opens the new index and checks that it holds every document and
// answers a query built from its own content.
func verify(dir string, want int) error {
	ix, err := Open(dir)
	if err != nil {
		return err
	}
	defer ix.Close()
	n, err := ix.Count()
	if err != nil {
		return err
	}
	if int(n) != want {
		return fmt.Errorf("index holds %d documents, %d were loaded", n, want)
	}
	probe, err := ix.probeQuery()
	if err != nil {
		return err
	}
	resp, err := ix.Search(context.Background(), Request{Query: probe, Size: 1, NoHighlight: true})
	if err != nil {
		return fmt.Errorf("probe search %q: %w", probe, err)
	}
	if resp.Total == 0 {
		return fmt.Errorf("probe search %q found nothing", probe)
	}
	return nil
}

// probeQuery takes a word from the title of one of the index's documents.
func (ix *Index) probeQuery() (string, error) {
	req := newMatchAllRequest()
	res, err := ix.bleve.Search(req)
	if err != nil {
		return "", err
	}
	for _, h := range res.Hits {
		text := fieldString(h, fieldTitle) + " " + fieldString(h, fieldBody)
		words, err := analyzers.Words(text)
		if err != nil {
			return "", err
		}
		for _, w := range words {
			if len(analyzers.AnalyzeWord(w).Forms) > 0 {
				return w, nil
			}
		}
	}
	return "", errors.New("no document has a searchable word")
}

// swapIn points path at dir by renaming a new symbolic link over it.
func swapIn(path, dir string) error {
	st, err := os.Lstat(path)
	if err == nil && st.IsDir() {
		// An index built as a plain directory (by hand or an old lipi):
		// move it aside so the link can take its place.
		aside := fmt.Sprintf("%s.%s", path, time.Now().UTC().Format("20060102T150405.000000000")+"-old")
		if err := os.Rename(path, aside); err != nil {
			return err
		}
	}
	link := path + ".link-tmp"
	os.Remove(link)
	if err := os.Symlink(filepath.Base(dir), link); err != nil {
		return fmt.Errorf("swap in the new index: %w", err)
	}
	if err := os.Rename(link, path); err != nil {
		os.Remove(link)
		return fmt.Errorf("swap in the new index: %w", err)
	}
	return nil
}

// removeStale deletes earlier index directories of path (older builds and
// builds a killed process left behind), keeping the live one.
func removeStale(path, live string) {
	matches, _ := filepath.Glob(path + ".*")
	for _, m := range matches {
		if m == live || !strings.HasPrefix(filepath.Base(m), filepath.Base(path)+".") {
			continue
		}
		os.RemoveAll(m)
	}
}

func newMatchAllRequest() *bleve.SearchRequest {
	req := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), 20, 0, false)
	req.Fields = []string{fieldTitle, fieldBody}
	return req
}
