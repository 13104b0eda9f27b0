package index

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index/internal/engine"
	"github.com/lipisearch/lipi/index/internal/levenshtein"
)

// "Did you mean" on a cluster: the embedded index's rules (suggest.go)
// over the cluster's terms. The cluster has no walk of a term dictionary
// by edit distance, so its backend offers its spelling suggester's
// candidates near a term (the likeliest ones, not all), which are kept
// and measured as engine.NearTerms would; and the words documents write
// for a term are read, as written does, from an in-memory index of a few
// of the documents that hold it.

// RemoteTerm is a term of a cluster's forms near another, with the
// number of documents that hold it.
type RemoteTerm struct {
	Term string
	Docs uint64
}

// RemoteTerms is what a cluster backend gives suggestions.
type RemoteTerms interface {
	// NearTerms are terms of the forms of field (title or body) within
	// fuzziness edits of term, with their documents: the nearest and
	// most frequent ones the cluster finds, not necessarily every one.
	NearTerms(ctx context.Context, field, term string, fuzziness int) ([]RemoteTerm, error)
	// Holding is up to n documents that hold term in either field, and
	// how many hold it.
	Holding(ctx context.Context, term string, n int) ([]*Document, uint64, error)
}

// Suggest sets resp's suggestions, as the embedded index does, when the
// search found nothing strong.
func (p *RemotePlan) Suggest(ctx context.Context, resp *Response, terms RemoteTerms) error {
	if resp.hasStrongHits() {
		return nil
	}
	var err error
	resp.Suggestions, err = suggestFrom(ctx, remoteTerms{terms, p.fields, p.expander}, p.r.Query)
	return err
}

// remoteTerms is a cluster's terms as suggestions read them.
type remoteTerms struct {
	terms    RemoteTerms
	fields   []string
	expander *analyzers.SynonymExpander
}

func (t remoteTerms) nearTerms(ctx context.Context, field, prefix, word string, fuzziness int) ([]engine.NearTerm, error) {
	found, err := t.terms.NearTerms(ctx, field, prefix+word, fuzziness)
	if err != nil {
		return nil, err
	}
	var out []engine.NearTerm
	if field == textFields[0] {
		// The suggester leaves out the term itself, which tells that the
		// word is known (a filter may have kept its documents off the
		// page): asked once a word, in either field.
		if n, err := t.termDocs(ctx, prefix+word); err != nil {
			return nil, err
		} else if n > 0 {
			out = append(out, engine.NearTerm{Term: prefix + word, Count: n})
		}
	}
	a := levenshtein.New(prefix, word, fuzziness)
	defer a.Release()
	for _, f := range found {
		if ok, dist := a.MatchAndDistance(f.Term); ok && dist > 0 {
			out = append(out, engine.NearTerm{Term: f.Term, Count: f.Docs, Distance: dist})
		}
	}
	return out, nil
}

func (t remoteTerms) termDocs(ctx context.Context, term string) (uint64, error) {
	_, n, err := t.terms.Holding(ctx, term, 0)
	return n, err
}

func (t remoteTerms) written(ctx context.Context, term string, keep func(analyzers.WordAnalysis) bool) (string, string, uint64, error) {
	docs, total, err := t.terms.Holding(ctx, term, suggestDocs)
	if err != nil || len(docs) == 0 {
		return "", "", total, err
	}
	page, err := pageIndex(docs, t.fields, t.expander, func(s string) bool { return s == term })
	if err != nil {
		return "", "", 0, fmt.Errorf("suggestions: %w", err)
	}
	defer page.bleve.Close()
	word, native, _, err := page.written(ctx, term, keep)
	return word, native, total, err
}

// RemoteTermQuery is the query of the documents that hold term (as the
// embedded index's analyzer writes it) in either text field.
func RemoteTermQuery(term string) map[string]any {
	var should []any
	for _, f := range textFields {
		should = append(should, map[string]any{"term": map[string]any{remoteField(f): term}})
	}
	return map[string]any{"bool": map[string]any{"should": should, "minimum_should_match": 1}}
}

// RemoteSuggester is the term suggester request of the terms of field's
// forms near term: within fuzziness edits counted from the first letter,
// whatever their frequency.
func RemoteSuggester(field, term string, fuzziness int) map[string]any {
	return map[string]any{
		"text": term,
		"term": map[string]any{
			"field":           remoteField(field),
			"suggest_mode":    "always",
			"max_edits":       max(1, min(2, fuzziness)),
			"prefix_length":   0,
			"min_word_length": 1,
			"size":            4 * suggestCandidates,
			"max_term_freq":   1.0,
			"min_doc_freq":    0,
			"string_distance": "damerau_levenshtein",
		},
	}
}

// ReadRemoteSuggester reads the term suggester's answer (the request's
// suggest section, under name) as terms.
func ReadRemoteSuggester(raw json.RawMessage, name string) ([]RemoteTerm, error) {
	var all map[string][]struct {
		Options []struct {
			Text string `json:"text"`
			Freq uint64 `json:"freq"`
		} `json:"options"`
	}
	if len(raw) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(raw, &all); err != nil {
		return nil, fmt.Errorf("suggestions: the cluster's answer: %w", err)
	}
	var out []RemoteTerm
	for _, entry := range all[name] {
		for _, o := range entry.Options {
			if !strings.ContainsFunc(o.Text, func(r rune) bool { return r == ' ' || r == 1 }) {
				out = append(out, RemoteTerm{Term: o.Text, Docs: o.Freq})
			}
		}
	}
	return out, nil
}
