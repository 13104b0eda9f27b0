package index

import (
	"context"
	"fmt"
	"io"
	"log"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// A damaged index (truncated or overwritten files, a disk error) must give
// a clear error, never a panic, a hang or a silently smaller index. bleve's
// storage layer panics on some damage, returns multi-line errors on other,
// and on some it logs a line with the standard logger and goes on with an
// older snapshot or none. The helpers here turn all three into one-line
// errors.

// damageMessages are what scorch logs when it skips a part of an index it
// cannot read ("unable to load snapshot, …, continuing").
var damageMessages = []string{
	"unable to load snapshot",
	"snapshot key, but bucket missing",
	"unable to parse segment epoch",
}

// logMu serializes catchDamageLog: the standard logger is process-wide.
var logMu sync.Mutex

// catchDamageLog runs f and returns the first damage message scorch logged
// meanwhile ("" if none); other lines of the standard logger pass through.
func catchDamageLog(f func()) string {
	logMu.Lock()
	defer logMu.Unlock()
	w := &damageWriter{next: log.Writer()}
	log.SetOutput(w)
	defer log.SetOutput(w.next)
	f()
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.damage
}

type damageWriter struct {
	next   io.Writer
	mu     sync.Mutex
	damage string
}

func (w *damageWriter) Write(p []byte) (int, error) {
	line := string(p)
	for _, m := range damageMessages {
		if i := strings.Index(line, m); i >= 0 {
			w.mu.Lock()
			if w.damage == "" {
				w.damage = strings.TrimSuffix(strings.TrimSpace(line[i:]), ", continuing")
			}
			w.mu.Unlock()
			return len(p), nil
		}
	}
	return w.next.Write(p)
}

// oneLineError keeps the first line of a multi-line error (bleve appends
// whole mapping documents to some), so that lipi's messages stay one line.
type oneLineError struct{ err error }

func (e oneLineError) Error() string {
	msg, _, _ := strings.Cut(e.err.Error(), "\n")
	return strings.TrimSpace(msg)
}

func (e oneLineError) Unwrap() error { return e.err }

func oneLine(err error) error {
	if err == nil || !strings.Contains(err.Error(), "\n") {
		return err
	}
	return oneLineError{err}
}

// searchBleve runs req, turning a panic of the storage layer on a damaged
// index into an error.
func (ix *Index) searchBleve(ctx context.Context, req *bleve.SearchRequest) (res *bleve.SearchResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, ix.damaged(r)
		}
	}()
	res, err = ix.bleve.SearchInContext(ctx, req)
	return res, oneLine(err)
}

// damaged is the error of a storage-layer panic p while reading the index.
func (ix *Index) damaged(p any) error {
	return fmt.Errorf("index %s is damaged (%v): rebuild it with 'lipi index'", ix.path, p)
}
