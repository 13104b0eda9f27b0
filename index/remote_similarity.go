package index

import (
	"fmt"
	"math"
	"strings"
)

// A cluster scores its terms as the embedded index does. bleve's BM25
// differs from Lucene's in two ways that move a ranking (measured:
// docs/SCALING.md): a term's frequency counts by its square root, and the
// number of documents in its idf is every document of the index, not
// those that hold the field. The average length a field's length is
// compared with is lipi's own (engine/lengths.go: the field's tokens over
// the documents, rounded up), not bleve's (distinct terms over documents)
// nor quite Lucene's (which counts only the documents that hold the
// field, and does not round). Each forms field gets a scripted similarity
// (Painless) with that formula and that average, counted while a rebuild
// loads (RemoteTermStats) and set once the index is loaded; a text
// without a word is written as one token no query names (remoteEmpty), so
// that every document holds both fields and a field's document count is
// the index's.

// remoteSimilarityName names the similarity of a text field's forms.
func remoteSimilarityName(field string) string { return "lipi_" + field }

// RemoteSimilarity is the "similarity" settings of a cluster index: one
// scripted similarity per text field, with avgLen the field's average
// length (RemoteTermStats.AvgLen; 1 for a field not given).
func RemoteSimilarity(avgLen map[string]float64) map[string]any {
	out := map[string]any{}
	for _, field := range textFields {
		avg := avgLen[field]
		if avg <= 0 {
			avg = 1
		}
		// doc.length counts every token, as bleve's norm does (overlaps
		// are not discounted); field.docCount is every document, since
		// each holds the field.
		script := fmt.Sprintf("double tf = Math.sqrt(doc.freq); "+
			"double idf = Math.log(1.0 + (field.docCount - term.docFreq + 0.5) / (term.docFreq + 0.5)); "+
			"double norm = %g + %g * doc.length / %g; "+
			"return query.boost * idf * (tf * %g) / (tf + %g * norm);",
			1-bm25B, bm25B, avg, bm25K1, bm25K1)
		out[remoteSimilarityName(field)] = map[string]any{
			"type": "scripted", "discount_overlaps": false,
			"script": map[string]any{"source": script},
		}
	}
	return out
}

// bleve's BM25 constants (search.BM25_k1, search.BM25_b).
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// RemoteTermStats counts the tokens of each text field's forms as a
// rebuild writes them (RemoteSource): every form of every word, as the
// embedded index's field lengths count them, so that the cluster compares
// a text's length with the same average (engine/lengths.go).
type RemoteTermStats struct {
	tokens map[string]uint64
}

// NewRemoteTermStats is an empty count.
func NewRemoteTermStats() *RemoteTermStats {
	s := &RemoteTermStats{tokens: map[string]uint64{}}
	for _, field := range textFields {
		s.tokens[field] = 0
	}
	return s
}

// Add counts the tokens of a document's source (RemoteSource's map). The
// markers the source writes for a gap between words and for an empty text
// are not the analyzer's tokens.
func (s *RemoteTermStats) Add(src map[string]any) {
	for field, forms := range remoteFields {
		pre, _ := src[forms].(string)
		for _, word := range strings.Fields(pre) {
			for _, term := range strings.Split(word, FormSeparator) {
				if term != "" && term != remoteGap && term != remoteEmpty {
					s.tokens[field]++
				}
			}
		}
	}
}

// AvgLen is each text field's average length for an index of docs
// documents: its tokens over docs, rounded up as bleve rounds it, never
// under one.
func (s *RemoteTermStats) AvgLen(docs int) map[string]float64 {
	out := map[string]float64{}
	for field, n := range s.tokens {
		if docs > 0 {
			out[field] = math.Max(1, math.Ceil(float64(n)/float64(docs)))
		}
	}
	return out
}
