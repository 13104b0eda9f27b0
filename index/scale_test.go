package index

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/lipisearch/lipi/index/internal/engine"
)

// A ranking must not change as the archive grows: an index of the same
// documents three times over (ids suffixed -r0, -r1, -r2) gives, among
// its first 30 hits, the documents of the first 10 of the index that
// holds them once, each three times. What may differ is the page's edge,
// where hits score within a few per cent of the last one: a rare term's
// idf moves a little with the copies (its smoothing counts documents),
// nothing else should. bleve's own BM25 "average length" (distinct terms
// over documents) falls with the copies and moved hits from far down the
// page to its top (docs/BENCHMARKS.md); TestMeasuredLengths* in the engine
// hold the statistic itself.
func TestRankingHoldsAsTheArchiveGrows(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two indexes of 510 and 1,530 documents")
	}
	res, err := LoadDir(filepath.Join("testdata", "scale"), LoadOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Docs) < 500 {
		t.Fatalf("%d documents in testdata/scale, want its 510", len(res.Docs))
	}
	const copies = 3
	var grown []Document
	for r := range copies {
		for _, d := range res.Docs {
			d.ID = fmt.Sprintf("%s-r%d", d.ID, r)
			grown = append(grown, d)
		}
	}
	once := buildTestIndexWith(t, res.Docs, BuildOptions{})
	more := buildTestIndexWith(t, grown, BuildOptions{})

	// The queries: the first two words of every 17th title, in whatever
	// script it is written.
	var queries []string
	for i := 0; i < len(res.Docs); i += 17 {
		var words []string
		for _, w := range strings.Fields(res.Docs[i].Title) {
			if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
				words = append(words, w)
			}
			if len(words) == 2 {
				break
			}
		}
		if len(words) > 0 {
			queries = append(queries, strings.Join(words, " "))
		}
	}
	const edge = 0.05 // how near the page's last hit a moved hit may score
	compared := 0
	for _, q := range queries {
		small, err := once.Search(context.Background(), Request{Query: q, Size: 10, NoHighlight: true})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		large, err := more.Search(context.Background(), Request{Query: q, Size: 10 * copies, NoHighlight: true})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if len(small.Hits) == 0 {
			continue
		}
		compared++
		// Scores are compared relative to each page's first hit: the query
		// norm moves them all alike.
		rel := func(resp *Response) (map[string]float64, []string, float64) {
			scores := map[string]float64{}
			var order []string
			for _, h := range resp.Hits {
				id := h.ID
				if i := strings.LastIndex(id, "-r"); i > 0 && resp == large {
					id = id[:i]
				}
				if _, ok := scores[id]; !ok {
					scores[id] = h.Score / resp.Hits[0].Score
					order = append(order, id)
				}
			}
			return scores, order, resp.Hits[len(resp.Hits)-1].Score / resp.Hits[0].Score
		}
		s1, o1, e1 := rel(small)
		s3, o3, e3 := rel(large)
		atEdge := func(id string) bool {
			near := func(s map[string]float64, e float64) bool {
				v, ok := s[id]
				return ok && v <= e*(1+edge)
			}
			return near(s1, e1) || near(s3, e3)
		}
		for _, id := range o1 {
			if _, ok := s3[id]; !ok && !atEdge(id) {
				t.Errorf("%q: %s is hit #%d of one copy (%.3g of the first), but not among the first %d of %d copies",
					q, id, slices.Index(o1, id)+1, s1[id], 10*copies, copies)
			}
		}
		for _, id := range o3 {
			if _, ok := s1[id]; !ok && !atEdge(id) {
				t.Errorf("%q: %s is among the first %d hits of %d copies (%.3g of the first), but not in the first 10 of one",
					q, id, 10*copies, copies, s3[id])
			}
		}
	}
	if compared < 20 {
		t.Fatalf("only %d of %d queries found anything", compared, len(queries))
	}
}

// A build stores its segment's token counts, the same as counting the
// opened index afresh, so that opening it need not count them.
func TestBuildStoresTokenCounts(t *testing.T) {
	ix := seedIndex(t)
	stored, err := ix.bleve.GetInternal(internalLengths)
	if err != nil || len(stored) == 0 {
		t.Fatalf("no token counts stored (%v)", err)
	}
	counted, err := engine.SegmentLengths(ix.bleve, textFields...)
	if err != nil {
		t.Fatal(err)
	}
	if string(stored) != counted {
		t.Errorf("stored counts %s, counted afresh %s", stored, counted)
	}
	if !strings.Contains(counted, `"fields":["title","body"]`) {
		t.Errorf("counts %s do not name the text fields", counted)
	}
}
