package api

import (
	"context"
	"net/http"
	"time"

	"github.com/lipisearch/lipi/index"
)

// Searcher is what the handlers need of an index (*index.Index).
type Searcher interface {
	Search(ctx context.Context, r index.Request) (*index.Response, error)
	Document(id string) (*index.Document, error)
	Count() (uint64, error)
	Built() time.Time
}

// Source hands each request the index it searches. Acquire returns the
// index and a release function the handler calls when done with it; nil
// means no index is being served (the server is stopping).
type Source interface {
	Acquire() (Searcher, func())
}

// Fixed serves one index for the server's whole life.
func Fixed(s Searcher) Source { return fixed{s} }

type fixed struct{ s Searcher }

func (f fixed) Acquire() (Searcher, func()) { return f.s, func() {} }

// Live serves the index at a path as rebuilds swap it (index.Live): a
// request keeps the index it started with, and the previous index is closed
// after the last request using it is done.
func Live(l *index.Live) Source { return live{l} }

type live struct{ l *index.Live }

func (l live) Acquire() (Searcher, func()) {
	ix, release := l.l.Acquire()
	if ix == nil {
		return nil, release
	}
	return ix, release
}

// acquire gets the index for one request; the handler defers release.
func (s *Server) acquire() (Searcher, func(), error) {
	ix, release := s.src.Acquire()
	if ix == nil {
		release()
		return nil, nil, newError(http.StatusServiceUnavailable, codeUnavailable, "the index is closed: the server is stopping")
	}
	return ix, release, nil
}
