package index

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lipisearch/lipi/analyzers"
)

// RebuildOptions tune Rebuild.
type RebuildOptions struct {
	Strict bool
	// Exclude is LoadOptions.Exclude.
	Exclude  []string
	Synonyms *analyzers.SynonymMap
	// Fields are the extra keyword fields, read by the loader and stored
	// with the index (BuildOptions.Fields).
	Fields []string
	// Log receives progress and the summary: a live status line when it is
	// a terminal, else only the one-line summary. Problems receives each
	// skipped file or line. Either may be nil (nothing is printed).
	Log, Problems io.Writer
	// AtStep, when not nil, is called as the rebuild reaches each of its
	// steps, in this order, after the status line is cleared (so that
	// whatever it prints stands on a line of its own):
	//
	//   - "load": when the first document is read, before it is indexed;
	//   - "build": after the first batch is written into the new directory
	//     (the documents are indexed as they are read, so loading may go
	//     on);
	//   - "verify": while the new index is open for verification;
	//   - "swap1": the new link `path.link-tmp` exists, path is unchanged;
	//   - "swap2": path points at the new index, the previous one still
	//     exists;
	//   - "swap3": the previous index is removed, other leftovers not yet.
	//
	// The rebuild waits for it to return. Tests stop a rebuild there, or
	// kill the process running it, to check that every step leaves a
	// complete index at path.
	AtStep func(step string)
}

// Rebuild loads the documents of docsDir, builds a complete new index beside
// the one at path, verifies it, and swaps it in atomically.
//
// On disk, path is a symbolic link to a sibling directory `path.<stamp>`
// (a UTC time to the nanosecond, so the names sort by age). A rebuild:
//
//  1. takes the lock `path.lock`, so that two rebuilds of one index never
//     run at once (a second one fails at once with a [*LockedError]), and
//     removes what killed rebuilds left: every `path.<stamp>` directory that
//     path does not point to, and `path.link-tmp`;
//  2. loads the documents and builds them into a new `path.<stamp>` as
//     they are read, a batch at a time: its memory is a batch's and the
//     final merge's, not the corpus's;
//  3. verifies it: it holds every loaded document, and a probe query made
//     of a word of its own documents finds something;
//  4. swaps: it writes a new link `path.link-tmp` and renames it over path,
//     the one atomic step; then removes the previous directory.
//
// A crash or a kill at any point leaves path pointing at a complete index:
// the previous one until the rename, the new one after it. Searches that
// have the previous index open keep reading it until they close it (its
// files are unlinked, not overwritten). When the build fails (a full disk)
// the partial build is removed and the live index is untouched.
//
// path may also be a plain directory holding a lipi index (an index built
// by hand or by an older lipi): it is exchanged with the new link in one
// atomic step where the system can (Linux), and then removed. Anything else
// at path (a file, a folder that is not a lipi index) is never replaced.
func Rebuild(docsDir, path string, opts RebuildOptions) (err error) {
	start := time.Now()
	path = filepath.Clean(path)
	if err := checkReplaceable(path); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("index folder: %w", err)
	}
	lock, err := acquireLock(path)
	if err != nil {
		return err
	}
	defer lock.release()
	// A rebuild that held the lock a moment ago may have changed path.
	if err := checkReplaceable(path); err != nil {
		return err
	}

	pr := newProgress(opts.Log, start)
	summary := ""
	defer func() { pr.finish(summary) }()
	step := func(name string) {
		if opts.AtStep != nil {
			pr.clear()
			opts.AtStep(name)
		}
	}

	// Free the space of builds killed earlier before taking more. A
	// server writing to the index may still have a previous build open:
	// it removes that one itself when it lets it go.
	served := writerHolds(path)
	recoverAside(path)
	if !served {
		removeStale(path)
	}
	// The writes made through the API since (journal.go) are replayed
	// after the folder's documents: which ids they leave, and where the
	// journal ends now; a server that writes on catches up from there.
	writes, err := journalOutcome(journalPath(path))
	if err != nil {
		return err
	}
	dir := fmt.Sprintf("%s.%s", path, newStamp())
	buildStepped := false
	b, err := startBuild(dir, BuildOptions{
		Synonyms: opts.Synonyms,
		Fields:   opts.Fields,
		Progress: func(done int) {
			pr.indexed(done)
			if !buildStepped {
				buildStepped = true
				step("build")
			}
		},
	})
	if err != nil {
		return err
	}
	// The documents are indexed as they are loaded, a batch at a time, so
	// that the build's memory does not grow with the corpus.
	pr.setPhase("indexing", 0)
	loadStepped := false
	var buildErr error
	res, err := LoadDir(docsDir, LoadOptions{
		Strict:  opts.Strict,
		Exclude: opts.Exclude,
		Fields:  opts.Fields,
		OnFile:  func(files, _ int) { pr.setFiles(files) },
		OnDoc: func(doc Document) error {
			if !loadStepped {
				loadStepped = true
				step("load")
			}
			writes.inFolder(doc.ID)
			buildErr = b.add(&doc)
			return buildErr
		},
	})
	if err != nil {
		b.abort()
		if buildErr != nil {
			return buildError(path, fmt.Errorf("build index %s: %w", dir, buildErr))
		}
		return err
	}
	pr.clear()
	if opts.Problems != nil {
		for _, p := range res.Skipped {
			fmt.Fprintln(opts.Problems, p.String())
		}
	}
	want := res.Loaded + writes.change()
	if want == 0 {
		b.abort()
		return fmt.Errorf("no documents to index in %s (%s)", docsDir, res.Summary())
	}
	if err := b.replay(writes); err != nil {
		b.abort()
		return buildError(path, err)
	}
	b.count = want
	pr.setPhase("merging", want)
	if err := b.finish(); err != nil {
		return buildError(path, err)
	}
	pr.setPhase("verifying", want)
	if err := verify(dir, want, func() { step("verify") }); err != nil {
		os.RemoveAll(dir)
		return fmt.Errorf("the new index failed verification and was removed; the live one at %s is untouched: %w", path, err)
	}
	if err := syncTree(dir); err != nil {
		os.RemoveAll(dir)
		return buildError(path, err)
	}
	size := treeSize(dir)

	pr.setPhase("swapping", 0)
	old, err := swapIn(path, dir, step)
	if err != nil {
		os.RemoveAll(dir)
		return err
	}
	// path now points at dir: nothing below may fail the rebuild. A
	// server that started writing meanwhile has the previous build open.
	served = served || writerHolds(path)
	if old != "" && !served {
		os.RemoveAll(old)
	}
	step("swap3")
	if !served {
		removeStale(path, filepath.Base(dir))
	}

	elapsed := time.Since(start)
	summary = fmt.Sprintf("index %s ready: %s from %s in %.1fs (%.0f docs/s), %s on disk",
		path, plural(want, "document"), plural(res.Files, "file"),
		elapsed.Seconds(), float64(want)/max(elapsed.Seconds(), 1e-3), formatSize(size))
	if writes.records > 0 {
		summary += fmt.Sprintf(" (with %s through the API)", plural(writes.records, "write"))
	}
	if res.Excluded > 0 {
		summary += fmt.Sprintf(" (%d excluded)", res.Excluded)
	}
	if s := res.Summary(); strings.Contains(s, "; skipped") {
		summary += s[strings.Index(s, "; skipped"):]
	}
	return nil
}

// buildError explains a failed build of the index at path; the partial build
// has been removed.
func buildError(path string, err error) error {
	if isNoSpace(err) {
		return fmt.Errorf("out of disk space while building the new index beside %s: the partial build was removed and the live index is untouched (free some space and rebuild)", path)
	}
	return fmt.Errorf("building the new index failed; the partial build was removed and the live index at %s is untouched: %w", path, err)
}

// isNoSpace reports whether err is a full disk or an exhausted quota. The
// storage layer does not always wrap the system error, so its text counts
// too.
func isNoSpace(err error) bool {
	if errors.Is(err, syscall.ENOSPC) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "no space left on device") || strings.Contains(msg, "disk quota exceeded")
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
	if st.Mode()&fs.ModeSymlink != 0 || writerHolds(path) {
		// A link made by a previous rebuild, or an index a server is
		// writing to (which no other process may open to look). Only the link is replaced:
		// its target is removed later only when it is one of path's own
		// `path.<stamp>` directories.
		return nil
	}
	if !st.IsDir() {
		return fmt.Errorf("%s exists and is not an index: refusing to replace it", path)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(entries) == 0 {
		return nil // an empty folder: nothing to lose
	}
	if _, err := os.Stat(filepath.Join(path, indexMarker)); err != nil {
		return fmt.Errorf("%s exists and is not a lipi index: refusing to replace it (move it away or choose another --index)", path)
	}
	if !isLipiIndex(path) {
		return fmt.Errorf("%s holds a bleve index that lipi did not build or cannot read: refusing to replace it (move it away or delete it first)", path)
	}
	return nil
}

// isLipiIndex reports whether the directory path is a readable bleve index
// that lipi built (of any format version).
func isLipiIndex(path string) bool {
	b, err := openBleve(path, map[string]any{"read_only": true})
	if err != nil {
		return false
	}
	defer b.Close()
	v, err := b.GetInternal(internalFormat)
	return err == nil && len(v) > 0
}

// verify opens the new index and checks that it holds every document and
// answers a query built from its own content. opened is called while the
// index is open.
func verify(dir string, want int, opened func()) error {
	ix, err := open(dir, formatVersion)
	if err != nil {
		return err
	}
	defer ix.Close()
	if opened != nil {
		opened()
	}
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
		for _, sp := range analyzers.WordSpans(text) {
			w := text[sp.Start:sp.End]
			if wa := analyzers.AnalyzeWord(w); !wa.Stop && len(wa.Forms) > 0 {
				return w, nil
			}
		}
	}
	return "", errors.New("no document has a searchable word")
}

// linkTmp is the new link of a swap before it is renamed over path.
func linkTmp(path string) string { return path + ".link-tmp" }

// swapIn points path at dir, a sibling directory, by renaming a new symbolic
// link over it, and returns the previous index directory that is now to be
// removed ("" if none). When it fails, path is as it was.
//
// The steps, each reported to step once done (RebuildOptions.AtStep):
// write the link `path.link-tmp` (swap1), rename it over path (swap2);
// Rebuild then removes the previous directory (swap3) and other leftovers.
func swapIn(path, dir string, step func(string)) (old string, err error) {
	link := linkTmp(path)
	os.RemoveAll(link) // left by a killed rebuild: we hold the lock
	if err := os.Symlink(filepath.Base(dir), link); err != nil {
		return "", fmt.Errorf("swap in the new index: %w", err)
	}
	step("swap1")
	parent := filepath.Dir(path)
	st, err := os.Lstat(path)
	if err == nil && st.IsDir() {
		// A plain directory index (checkReplaceable accepted it).
		old, err = swapDir(path, link)
		if err != nil {
			os.Remove(link)
			return "", fmt.Errorf("swap in the new index: %w", err)
		}
	} else {
		if err == nil && st.Mode()&fs.ModeSymlink != 0 {
			if target, err := os.Readlink(path); err == nil && filepath.Base(target) == target && isStamped(path, target) {
				old = filepath.Join(parent, target)
			}
		}
		if err := os.Rename(link, path); err != nil {
			os.Remove(link)
			return "", fmt.Errorf("swap in the new index: %w", err)
		}
	}
	// Make the rename durable; a failure here cannot undo it.
	syncDir(parent)
	step("swap2")
	return old, nil
}

// swapDir replaces the directory at path by the link at link: atomically
// where the system can exchange two names, else by moving the directory
// aside first (a crash between the two renames leaves no index at path, but
// the previous one intact beside it as `path.<stamp>-old`).
func swapDir(path, link string) (old string, err error) {
	if exchange(link, path) == nil {
		return link, nil // link now names the previous directory
	}
	aside := fmt.Sprintf("%s.%s-old", path, newStamp())
	if err := os.Rename(path, aside); err != nil {
		return "", err
	}
	if err := os.Rename(link, path); err != nil {
		os.Rename(aside, path)
		return "", err
	}
	return aside, nil
}

// recoverAside puts back a plain directory index that swapDir moved aside
// when a crash kept it from putting the link in its place.
func recoverAside(path string) {
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		return
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	for i := len(entries) - 1; i >= 0; i-- { // newest first
		if name := entries[i].Name(); isStamped(path, name) && strings.HasSuffix(name, "-old") {
			os.Rename(filepath.Join(filepath.Dir(path), name), path)
			return
		}
	}
}

// stampPattern matches what follows "path." in the name of a build
// directory: a UTC time to the nanosecond, and "-old" for a plain directory
// index moved aside.
var stampPattern = regexp.MustCompile(`^[0-9]{8}T[0-9]{6}\.[0-9]{9}(-old)?$`)

func newStamp() string { return time.Now().UTC().Format("20060102T150405.000000000") }

// isStamped reports whether name (a base name) is a build directory of path.
func isStamped(path, name string) bool {
	rest, ok := strings.CutPrefix(name, filepath.Base(path)+".")
	return ok && stampPattern.MatchString(rest)
}

// removeStale deletes what earlier rebuilds of path left beside it: build
// directories `path.<stamp>` other than the one path points to and those
// named in keep (base names), and the temporary link. Only a holder of the
// rebuild lock may call it, so no build in progress is ever removed. When
// path exists but cannot be read, it removes nothing.
func removeStale(path string, keep ...string) {
	live, lerr := os.Lstat(path)
	if lerr != nil && !errors.Is(lerr, fs.ErrNotExist) {
		return
	}
	liveName := ""
	var liveInfo fs.FileInfo
	if lerr == nil && live.Mode()&fs.ModeSymlink != 0 {
		target, err := os.Readlink(path)
		if err != nil {
			return
		}
		liveName = filepath.Base(target)
		liveInfo, _ = os.Stat(path)
	}
	parent := filepath.Dir(path)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(parent, name)
		if p == linkTmp(path) {
			os.RemoveAll(p)
			continue
		}
		if !isStamped(path, name) || name == liveName || slices.Contains(keep, name) {
			continue
		}
		if liveInfo != nil {
			if st, err := os.Stat(p); err == nil && os.SameFile(st, liveInfo) {
				continue
			}
		}
		os.RemoveAll(p)
	}
}

// syncTree flushes every file and folder of the new index to disk, so that
// after the swap a power loss cannot leave path pointing at files the disk
// never received.
func syncTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := f.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
			return fmt.Errorf("sync %s: %w", p, err)
		}
		return nil
	})
}

// syncDir flushes the entries of the folder dir (a rename in it).
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}

// treeSize is the total size of the files below dir.
func treeSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

func newMatchAllRequest() *bleve.SearchRequest {
	req := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), 20, 0, false)
	req.Fields = []string{fieldTitle, fieldBody}
	return req
}
