package index

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/lipisearch/lipi/index/internal/engine"
)

// A damaged index (truncated or overwritten files, a disk error) must give
// a clear error, never a panic, a hang or a silently smaller index. bleve's
// storage layer panics on some damage, returns multi-line errors on other,
// and on some it logs a line with the standard logger and goes on with an
// older snapshot or none. The helpers here turn the first two into
// one-line errors; Open checks for the third (checkNewestSnapshot).

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

// completeHits completes the page's hits (engine.CompleteHits), turning a
// panic of the storage layer on a damaged index into an error. prefixes
// are the search's prefix queries over terms stored without locations
// (compiled.unlocatedPrefixes).
func (ix *Index) completeHits(ctx context.Context, view *engine.View, hits search.DocumentMatchCollection, load *bleve.SearchRequest, prefixes map[string][]string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = ix.damaged(r)
		}
	}()
	if view.Reader() == nil { // the search found nothing to complete
		return nil
	}
	return oneLine(engine.CompleteHits(ctx, view.Reader(), engine.Relocation{Mapping: ix.bleve.Mapping(), Prefixes: prefixes}, hits, load))
}

// damaged is the error of a storage-layer panic p while reading the index.
func (ix *Index) damaged(p any) error {
	return fmt.Errorf("index %s is damaged (%v): rebuild it with 'lipi index'", ix.path, p)
}
