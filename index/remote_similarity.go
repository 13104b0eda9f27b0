package index

import (
	"fmt"
	"math"
	"math/bits"
	"strings"
)

// A cluster scores its terms as the embedded index does. bleve's BM25
// differs from Lucene's in three ways that move a ranking (measured:
// docs/SCALING.md): a term's frequency counts by its square root; the
// number of documents in its idf is every document of the index, not
// those that hold the field; and the "average length" a field's length is
// compared with is the number of distinct terms of the field over the
// number of documents, rounded up, a few tokens where the true average is
// dozens, so a long text weighs far less than in Lucene. Each forms field
// gets a scripted similarity (Painless) with that formula and that
// average, counted while a rebuild loads (RemoteTermStats) and set once
// the index is loaded; a text without a word is written as one token no
// query names (remoteEmpty), so that every document holds both fields
// and a field's document count is the index's.

// remoteSimilarityName names the similarity of a text field's forms.
func remoteSimilarityName(field string) string { return "lipi_" + field }

// RemoteSimilarity is the "similarity" settings of a cluster index: one
// scripted similarity per text field, with avgLen the field's average
// length as bleve computes it (1 for a field not given).
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

// RemoteTermStats counts, approximately, the distinct terms of each text
// field's forms as a rebuild writes them (RemoteSource): a HyperLogLog
// sketch per field, in bounded memory whatever the archive, within about
// one percent.
type RemoteTermStats struct {
	sketches map[string]*distinctSketch
}

// NewRemoteTermStats is an empty count.
func NewRemoteTermStats() *RemoteTermStats {
	s := &RemoteTermStats{sketches: map[string]*distinctSketch{}}
	for _, field := range textFields {
		s.sketches[field] = &distinctSketch{}
	}
	return s
}

// Add counts the terms of a document's source (RemoteSource's map).
func (s *RemoteTermStats) Add(src map[string]any) {
	for field, forms := range remoteFields {
		pre, _ := src[forms].(string)
		for _, word := range strings.Fields(pre) {
			for _, term := range strings.Split(word, FormSeparator) {
				if term != "" && term != remoteGap && term != remoteEmpty {
					s.sketches[field].add(term)
				}
			}
		}
	}
}

// AvgLen is each text field's average length as bleve's BM25 takes it
// for an index of docs documents: its distinct terms over docs, rounded
// up.
func (s *RemoteTermStats) AvgLen(docs int) map[string]float64 {
	out := map[string]float64{}
	for field, sk := range s.sketches {
		if docs > 0 {
			out[field] = math.Max(1, math.Ceil(sk.count()/float64(docs)))
		}
	}
	return out
}

// distinctSketch is a HyperLogLog sketch of 2^14 registers.
type distinctSketch struct {
	registers [1 << sketchBits]uint8
}

const sketchBits = 14

func (d *distinctSketch) add(s string) {
	h := mix64(fnv64(s))
	i := h >> (64 - sketchBits)
	rank := uint8(bits.LeadingZeros64(h<<sketchBits|1<<(sketchBits-1))) + 1
	if rank > d.registers[i] {
		d.registers[i] = rank
	}
}

func (d *distinctSketch) count() float64 {
	m := float64(len(d.registers))
	sum, zeros := 0.0, 0
	for _, r := range d.registers {
		sum += math.Ldexp(1, -int(r))
		if r == 0 {
			zeros++
		}
	}
	est := 0.7213 / (1 + 1.079/m) * m * m / sum
	if est <= 2.5*m && zeros > 0 {
		// Few terms: counting the empty registers is the better estimate.
		est = m * math.Log(m/float64(zeros))
	}
	return est
}

// fnv64 is FNV-1a: a fixed hash, so that a rebuild of the same documents
// counts the same and ranks the same.
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// mix64 spreads FNV's bits over the whole word (splitmix64's finalizer),
// as the sketch reads its top bits and leading zeros.
func mix64(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}
