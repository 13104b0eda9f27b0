package index

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/lipisearch/lipi/index/internal/engine"
)

// Writes: an index open for writing takes documents through the API
// (Live.Put, Live.Delete), each write journaled first (journal.go). Only
// one process may write to an index, and while it does no other process
// may open it: scorch locks an index's files for as long as a process has
// it open, exclusively for a writer, and a second process would wait on
// that lock without a word. So every process that opens an index by its
// path says so first in `path.writer.lock`: a writer takes it exclusively
// and writes its name into it, a reader shares it; whoever comes second
// fails at once with a message naming the first.

// ParseDocuments reads documents in the loader's JSON format, one a line,
// all or nothing: the first bad line is returned as a [LoadProblem] naming
// source and the line, as the loader names a line of a .jsonl file. Empty
// lines are skipped; an id given twice is a problem. fields are the
// extra keyword fields a line may carry (the index's, [Index.Fields]).
func ParseDocuments(r io.Reader, source string, fields []string) ([]Document, error) {
	l := &loader{strict: true, fields: fields, res: &LoadResult{SkippedByReason: map[string]int{}}}
	var docs []Document
	l.onDoc = func(d Document) error {
		docs = append(docs, d)
		return nil
	}
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		line, tooLong, err := l.readLine(br)
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("read %s: %w", source, err)
		}
		if err == io.EOF && len(line) == 0 && !tooLong {
			return docs, nil
		}
		if n == 1 {
			line = bytes.TrimPrefix(line, utf8BOM)
		}
		if perr := l.loadLine(source, n, line, tooLong); perr != nil {
			return nil, perr
		}
		if err == io.EOF {
			return docs, nil
		}
	}
}

// writerLockPath is the lock that says who has the index at path open.
func writerLockPath(path string) string { return path + ".writer.lock" }

// ErrHeld is returned (wrapped in a [*HeldError]) when an index cannot be
// opened because another process has it open in a way that excludes it.
var ErrHeld = errors.New("index held by another process")

// HeldError says who holds an index.
type HeldError struct {
	Path string
	// Writer is the writing process, when one holds the index; zero when
	// readers hold it and a writer was refused.
	Writer LockHolder
}

func (e *HeldError) Error() string {
	if e.Writer.PID != 0 {
		return fmt.Sprintf("index %s is held by a writing lipi serve (%s): search it through that server's API, or stop it first", e.Path, e.Writer)
	}
	return fmt.Sprintf("index %s is open in another process (lipi search, or lipi serve without --api-keys): stop it before serving the index for writes", e.Path)
}

func (e *HeldError) Unwrap() error { return ErrHeld }

// accessLock is a process's hold on path.writer.lock.
type accessLock struct{ f *os.File }

// takeAccess takes the writer lock of the index at path: exclusively for
// a writer, shared for a reader. It never waits.
func takeAccess(path string, write bool) (*accessLock, error) {
	name := writerLockPath(path)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open index %s: lock %s: %w", path, name, err)
	}
	held, err := tryLockFileMode(f, write)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open index %s: lock %s: %w", path, name, err)
	}
	if held {
		f.Close()
		e := &HeldError{Path: path}
		// A shared lock that is refused means a writer; an exclusive one
		// may be refused by readers only.
		if g, err := os.Open(name); err == nil {
			byWriter, _ := tryLockFileMode(g, false)
			g.Close()
			if byWriter || !write {
				for range 10 { // the writer names itself just after locking
					if e.Writer, _ = readHolder(name); e.Writer.PID != 0 {
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
				if e.Writer.PID == 0 {
					e.Writer = LockHolder{PID: -1}
				}
			}
		}
		return nil, e
	}
	if write {
		host, _ := os.Hostname()
		info := fmt.Sprintf(`{"pid":%d,"host":%q,"started":%q}`+"\n", os.Getpid(), host, time.Now().UTC().Truncate(time.Second).Format(time.RFC3339))
		if f.Truncate(0) == nil {
			f.WriteAt([]byte(info), 0)
		}
	}
	return &accessLock{f: f}, nil
}

// writerHolds tells whether a writing process holds the index at path.
func writerHolds(path string) bool {
	f, err := os.Open(writerLockPath(path))
	if err != nil {
		return false
	}
	defer f.Close()
	held, err := tryLockFileMode(f, false)
	if err == nil && !held {
		unlockFile(f)
	}
	return held
}

func (l *accessLock) release() {
	if l == nil || l.f == nil {
		return
	}
	unlockFile(l.f)
	l.f.Close()
	l.f = nil
}

// openWritable opens the index in dir for writing, with the merge
// planner of engine.WritableConfig. Each batch returns
// once scorch has persisted it, so that whoever opens the index after the
// writer stops finds every write in it, not only the journal.
func openWritable(dir string) (*Index, error) {
	config := engine.WritableConfig()
	config["read_only"] = false
	config["bolt_timeout"] = "2s"
	return openWith(dir, formatVersion, config)
}

// journalMark is where the index stands in the journal.
func (ix *Index) journalMark() (journalMark, error) {
	v, err := ix.bleve.GetInternal(internalJournal)
	if err != nil {
		return journalMark{}, err
	}
	return parseMark(string(v)), nil
}

// apply writes records of journal id to the index in one batch, with the
// mark of the last.
func (ix *Index) apply(id string, recs []*journalRecord) error {
	if len(recs) == 0 {
		return nil
	}
	b := ix.bleve.NewBatch()
	for _, rec := range recs {
		if err := addToBatch(b, rec); err != nil {
			return err
		}
	}
	b.SetInternal(internalJournal, []byte(journalMark{id: id, seq: recs[len(recs)-1].Seq}.String()))
	if err := ix.bleve.Batch(b); err != nil {
		return fmt.Errorf("write to index %s: %w", ix.path, err)
	}
	return nil
}

// addToBatch adds a record's writes to a batch; a later write of an id in
// the same batch wins.
func addToBatch(b *bleve.Batch, rec *journalRecord) error {
	for i := range rec.Put {
		if err := b.Index(rec.Put[i].ID, indexedFields(&rec.Put[i])); err != nil {
			return fmt.Errorf("index document %q: %w", rec.Put[i].ID, err)
		}
	}
	for _, id := range rec.Delete {
		b.Delete(id)
	}
	return nil
}

// replayBatch is how many documents a replay writes in one batch.
const replayBatch = 2000

// catchUp applies the records of the journal at name that the index does
// not hold yet, in batches; it returns how many it applied.
func (ix *Index) catchUp(name string) (int, error) {
	mark, err := ix.journalMark()
	if err != nil {
		return 0, err
	}
	var pending []*journalRecord
	docs, applied := 0, 0
	id := ""
	flush := func() error {
		err := ix.apply(id, pending)
		applied += len(pending)
		pending, docs = nil, 0
		return err
	}
	_, _, _, ok, err := readJournal(name, 0, func(jid string, rec *journalRecord) error {
		if !mark.before(jid, rec.Seq) {
			return nil
		}
		id = jid
		pending = append(pending, rec)
		if docs += len(rec.Put) + len(rec.Delete); docs >= replayBatch {
			return flush()
		}
		return nil
	})
	if err != nil || !ok {
		return applied, err
	}
	return applied, flush()
}
