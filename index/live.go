package index

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// Live is the index at a path as rebuilds swap it: a long-running reader
// (lipi serve) searches whatever [Live.Acquire] hands it, and [Live.Check]
// moves it to the index path points to now.
//
// Rebuild swaps an index by renaming a new symbolic link over path and then
// deletes the previous build directory. Live notices the new target (Check,
// called by [Live.Watch] every few seconds or when [Live.Kick] asks), opens
// it and switches to it atomically: requests that start after the switch
// get the new index, requests already running keep the one they acquired,
// and the previous index is closed when the last of them releases it
// (reference counting). No request sees a closed index. The previous build's
// files may be unlinked while it is still open: scorch opens every segment
// and its root file when the index is opened and reads them through their
// open descriptors and memory maps, which outlive the names.
//
// Opened writable ([LiveOptions].Writable), it also takes documents (Put,
// Delete): each write is appended to the journal beside the index and
// synced before it is applied, so that it survives a crash and the next
// rebuild (journal.go). When a rebuild swaps in a new index, Live opens it
// and applies the writes the rebuild did not see before it serves it,
// with writes held meanwhile: none is lost, and none is applied twice.
type Live struct {
	path     string
	log      *slog.Logger
	cur      atomic.Pointer[liveRef]
	kick     chan string
	access   *accessLock
	writable bool
	journal  *journal // writable only

	mu       sync.Mutex // serializes Check and Close
	wmu      sync.Mutex // serializes writes, and writes with a switch
	closed   bool
	lastFail string // the target that last failed to open, to log it once
}

// liveRef is one opened index with its reference count: one reference for
// being Live's current index, one for each request that acquired it.
type liveRef struct {
	ix   *Index
	dir  string      // the directory opened (path's target)
	info os.FileInfo // its identity, to notice a replaced directory
	refs atomic.Int64
	log  *slog.Logger
	// discard, when set, removes dir once the index is closed: a previous
	// build a rebuild left for the writing server to let go of.
	discard bool
}

// LiveOptions tune OpenLive.
type LiveOptions struct {
	// Log receives swaps and failed checks; nil discards them.
	Log *slog.Logger
	// Writable opens the index for writes (Put, Delete). Only one process
	// may have an index open for writes, and no other may have it open
	// at all meanwhile (a [*HeldError] says who does); rebuilds may run.
	Writable bool
}

// ErrLiveClosed is returned by Check after Close.
var ErrLiveClosed = errors.New("live index closed")

// OpenLive opens the index at path (a link made by Rebuild, or a plain
// index directory) and follows it as it is swapped.
func OpenLive(path string, opts LiveOptions) (_ *Live, err error) {
	l := &Live{path: path, log: opts.Log, kick: make(chan string, 1), writable: opts.Writable}
	if l.log == nil {
		l.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if l.access, err = takeAccess(filepath.Clean(path), opts.Writable); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			if l.journal != nil {
				l.journal.close()
			}
			l.access.release()
		}
	}()
	if opts.Writable {
		if l.journal, err = openJournal(journalPath(filepath.Clean(path))); err != nil {
			return nil, err
		}
	}
	// A rebuild may swap (and delete the target) between resolving path
	// and opening what it named: then try again with the new target.
	for range 3 {
		var r *liveRef
		var tried string
		if r, tried, err = l.open(); err == nil {
			l.cur.Store(r)
			return l, nil
		}
		if now, _, rerr := l.resolve(); rerr != nil || now == tried {
			break
		}
	}
	return nil, err
}

// resolve returns the directory path points to now, and its identity.
func (l *Live) resolve() (string, os.FileInfo, error) {
	dir, err := filepath.EvalSymlinks(l.path)
	if err != nil {
		return "", nil, err
	}
	info, err := os.Stat(dir)
	if err != nil {
		return "", nil, err
	}
	return dir, info, nil
}

// open opens the index path points to now; dir is the directory it tried.
func (l *Live) open() (r *liveRef, dir string, err error) {
	dir, info, err := l.resolve()
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, "", fmt.Errorf("open index %s: no index there (build one with 'lipi index --index %s')", l.path, l.path)
		}
		return nil, "", fmt.Errorf("open index %s: %w", l.path, err)
	}
	var ix *Index
	if l.writable {
		ix, err = openWritable(dir)
	} else {
		ix, err = open(dir, formatVersion)
	}
	if err != nil {
		return nil, dir, err
	}
	if l.writable {
		// The writes the index does not hold yet: those a crash kept
		// from being persisted, or those made during its rebuild.
		n, err := ix.catchUp(l.journal.path)
		if err != nil {
			ix.Close()
			return nil, dir, fmt.Errorf("open index %s: %w", dir, err)
		}
		if n > 0 {
			l.log.Info("index caught up with the journal", "dir", dir, "writes", n)
		}
	}
	r = &liveRef{ix: ix, dir: dir, info: info, log: l.log}
	r.refs.Store(1)
	return r, dir, nil
}

// Path is the path Live follows.
func (l *Live) Path() string { return l.path }

// Dir is the directory of the index that new requests get ("" after
// Close).
func (l *Live) Dir() string {
	if r := l.cur.Load(); r != nil {
		return r.dir
	}
	return ""
}

// Acquire returns the current index and a function that releases it; the
// caller must call release exactly once, when it no longer uses the index.
// After Close it returns nil (and a release that does nothing).
func (l *Live) Acquire() (ix *Index, release func()) {
	for {
		r := l.cur.Load()
		if r == nil {
			return nil, func() {}
		}
		// A reference count of zero means r was replaced and closed after
		// we loaded it: load the current one again.
		n := r.refs.Load()
		if n > 0 && r.refs.CompareAndSwap(n, n+1) {
			return r.ix, r.release
		}
	}
}

func (r *liveRef) release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	if err := r.ix.Close(); err != nil {
		r.log.Error("close the previous index", "dir", r.dir, "err", err)
		return
	}
	r.log.Debug("previous index closed", "dir", r.dir)
	if r.discard {
		if err := os.RemoveAll(r.dir); err != nil {
			r.log.Warn("remove the previous index", "dir", r.dir, "err", err)
		}
	}
}

// Check switches to the index path points to now if that is not the one
// served; it reports whether it switched. When the new index cannot be
// opened (path is missing, or a foreign or damaged directory), the current
// one goes on serving and Check returns the error.
func (l *Live) Check() (swapped bool, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return false, ErrLiveClosed
	}
	cur := l.cur.Load()
	dir, info, err := l.resolve()
	if err != nil {
		return false, fmt.Errorf("index %s: %w", l.path, err)
	}
	if dir == cur.dir && os.SameFile(info, cur.info) {
		return false, nil
	}
	// No write between catching the new index up and serving it.
	l.wmu.Lock()
	defer l.wmu.Unlock()
	next, _, err := l.open()
	if err != nil {
		return false, err
	}
	l.cur.Store(next)
	// A rebuild leaves the build a writing server has open for it to
	// remove (a stamped sibling of path that path no longer names).
	cur.discard = l.writable && isStamped(l.path, filepath.Base(cur.dir)) && cur.dir != next.dir
	cur.release() // closed now, or when its last request releases it
	n, _ := next.ix.Count()
	l.log.Info("index swapped", "path", l.path, "dir", next.dir, "previous", cur.dir,
		"documents", n, "built", next.ix.Built().Format(time.RFC3339))
	return true, nil
}

// Kick asks Watch to check path now (for SIGHUP); reason is logged.
func (l *Live) Kick(reason string) {
	select {
	case l.kick <- reason:
	default: // a check is already due
	}
}

// Watch checks path every interval (never when interval is zero or less)
// and whenever Kick asks, until ctx is done. A failed check is logged once
// per target and the current index goes on serving.
func (l *Live) Watch(ctx context.Context, interval time.Duration) {
	var tick <-chan time.Time
	if interval > 0 {
		t := time.NewTicker(interval)
		defer t.Stop()
		tick = t.C
	}
	for {
		reason := ""
		select {
		case <-ctx.Done():
			return
		case <-tick:
		case reason = <-l.kick:
		}
		swapped, err := l.Check()
		switch {
		case errors.Is(err, ErrLiveClosed):
			return
		case err != nil:
			l.mu.Lock()
			repeated := l.lastFail == err.Error()
			l.lastFail = err.Error()
			l.mu.Unlock()
			if !repeated || reason != "" {
				l.log.Warn("index check failed; still serving the previous index", "path", l.path, "dir", l.Dir(), "err", err)
			}
		default:
			l.mu.Lock()
			l.lastFail = ""
			l.mu.Unlock()
			if !swapped && reason != "" {
				l.log.Info("index unchanged", "path", l.path, "dir", l.Dir(), "reason", reason)
			}
		}
	}
}

// Close stops handing out the index; it is closed once every request that
// acquired it has released it.
func (l *Live) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	l.wmu.Lock()
	defer l.wmu.Unlock()
	if r := l.cur.Swap(nil); r != nil {
		r.release()
	}
	if l.journal != nil {
		l.journal.close()
	}
	l.access.release()
	return nil
}

// ErrReadOnly is returned by Put and Delete on a Live opened read-only.
var ErrReadOnly = errors.New("the index is open read-only")

// Put adds docs to the index, replacing those with the same ids, all or
// none: once it returns nil they are on disk (in the journal) and
// searchable.
func (l *Live) Put(docs []Document) error {
	if len(docs) == 0 {
		return nil
	}
	return l.write(&journalRecord{Put: docs})
}

// Delete removes the document id; [ErrNoDocument] when there is none.
func (l *Live) Delete(id string) error {
	return l.write(&journalRecord{Delete: []string{id}})
}

func (l *Live) write(rec *journalRecord) error {
	if !l.writable {
		return ErrReadOnly
	}
	l.wmu.Lock()
	defer l.wmu.Unlock()
	r := l.cur.Load()
	if r == nil {
		return ErrLiveClosed
	}
	for _, id := range rec.Delete {
		if _, err := r.ix.Document(id); err != nil {
			return err
		}
	}
	if err := l.journal.append(rec); err != nil {
		return err
	}
	return r.ix.apply(l.journal.id, []*journalRecord{rec})
}

// ParseDocuments is the package's ParseDocuments with the extra fields of
// the index served now.
func (l *Live) ParseDocuments(r io.Reader, source string) ([]Document, error) {
	var fields []string
	if ix, release := l.Acquire(); ix != nil {
		fields = ix.Fields()
		release()
	}
	return ParseDocuments(r, source, fields)
}
