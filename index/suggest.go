package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index/internal/engine"
)

// "Did you mean": a search that found nothing strong (no hit through the
// query's own spelling or a reading of it, see hasStrongHits) answers with
// the query rewritten, each word the index does not know replaced by a
// word it holds nearby in the query's own script.
const (
	// maxSuggestions is how many rewritten queries a response offers.
	maxSuggestions = 5
	// Words shorter than minSuggestLen letters are left as typed: nearly
	// every short word is one edit from many others.
	minSuggestLen = 3
	// From suggest2Len letters (runes, as the automata count) on, a
	// candidate may be two edits away, as fuzzy keys may (fuzzy2Len).
	suggest2Len = fuzzy2Len
	// suggestCandidates is how many of a word's nearest terms are looked
	// up in their documents; suggestDocs how many documents of each are
	// read for the word as written.
	suggestCandidates = 8
	suggestDocs       = 5
)

// hasStrongHits tells whether a search found a hit through the query's
// own spelling or a reading of it: one its coverage search counted as
// spelled, or one on its page that matched more than by sound (an index
// without a language table has no sound policy to count them).
func (resp *Response) hasStrongHits() bool {
	if resp.spelled > 0 {
		return true
	}
	for _, h := range resp.Hits {
		if h.Match != MatchSoundsAlike {
			return true
		}
	}
	return false
}

// suggestWord is a word of a query that suggestions may replace: q[start:end].
type suggestWord struct {
	start, end int
	typed      string
}

// suggestableWords are the words of q that are searched for, as
// splitQuery reads them: not the excluded ones, nor an OR between words.
func suggestableWords(q string) []suggestWord {
	parts, _ := splitQuery(q)
	var out []suggestWord
	for _, p := range parts {
		for k, w := range p.words {
			out = append(out, suggestWord{start: p.at[k], end: p.at[k] + len(w), typed: w})
		}
	}
	return out
}

// candidate is a replacement for one query word: the word as the query
// would show it, its edit distance on the layer it was found on, and the
// number of documents that hold it.
type candidate struct {
	text string
	dist uint8
	// byKey: found only near the word's key, which is a weaker sign
	// than a spelling equally near.
	byKey bool
	docs  uint64
}

// suggest returns up to maxSuggestions rewritten queries for q, nearest
// first and, among equally near ones, most frequent first; never q
// itself. A word of q is replaced only when none of its own terms (its
// native terms, or for a Latin word its Latin reading) is in a document;
// see wordCandidates for what replaces it.
func (ix *Index) suggest(ctx context.Context, q string) ([]string, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, fmt.Errorf("suggestions: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("suggestions: %w", err)
	}
	defer r.Close()
	return suggestFrom(ctx, localTerms{ix, r}, q)
}

// termDictionary is what suggestions read of an index's terms: the embedded
// index's own (localTerms), or a cluster's (remoteTerms).
type termDictionary interface {
	// nearTerms are the terms of the text field that start with prefix
	// and whose rest is within fuzziness edits of word (engine.NearTerms).
	nearTerms(ctx context.Context, field, prefix, word string, fuzziness int) ([]engine.NearTerm, error)
	// termDocs is the number of documents that hold term.
	termDocs(ctx context.Context, term string) (uint64, error)
	// written is how documents write term (Index.written).
	written(ctx context.Context, term string, keep func(analyzers.WordAnalysis) bool) (word, native string, docs uint64, err error)
}

// localTerms reads the embedded index's terms through one reader.
type localTerms struct {
	ix *Index
	r  bleveindex.IndexReader
}

func (l localTerms) nearTerms(_ context.Context, field, prefix, word string, fuzziness int) ([]engine.NearTerm, error) {
	return engine.NearTerms(l.r, field, prefix, word, fuzziness)
}

func (l localTerms) termDocs(ctx context.Context, term string) (uint64, error) {
	return l.ix.termDocs(ctx, term)
}

func (l localTerms) written(ctx context.Context, term string, keep func(analyzers.WordAnalysis) bool) (string, string, uint64, error) {
	return l.ix.written(ctx, term, keep)
}

// suggestFrom is suggest over the terms of src.
func suggestFrom(ctx context.Context, src termDictionary, q string) ([]string, error) {
	type replaceable struct {
		w     suggestWord
		cands []candidate
	}
	var words []replaceable
	for _, w := range suggestableWords(q) {
		cands, err := wordCandidates(ctx, src, w.typed)
		if err != nil {
			return nil, fmt.Errorf("suggestions: %w", err)
		}
		if len(cands) > 0 {
			words = append(words, replaceable{w, cands})
		}
	}
	if len(words) == 0 {
		return nil, nil
	}
	// Each word's best few, fewer the more words there are to combine.
	keep := max(1, maxSuggestions/len(words)/len(words)+1)
	if len(words) == 1 {
		keep = maxSuggestions
	}
	// Every combination of them, ranked by the sum of their edits, then
	// by the sum of their ranks (one word's are then its own order), then
	// by the fewest documents any of their words is in.
	type combo struct {
		text        string
		dist, ranks int
		leastDocs   uint64
	}
	var combos []combo
	var walk func(i, at int, b []byte, c combo)
	walk = func(i, at int, b []byte, c combo) {
		if i == len(words) {
			c.text = string(append(b, q[at:]...))
			combos = append(combos, c)
			return
		}
		w := words[i]
		for k, cand := range w.cands[:min(keep, len(w.cands))] {
			next := append(append(slices.Clip(b), q[at:w.w.start]...), cand.text...)
			walk(i+1, w.w.end, next, combo{dist: c.dist + int(cand.dist), ranks: c.ranks + k, leastDocs: min(c.leastDocs, cand.docs)})
		}
	}
	walk(0, 0, nil, combo{leastDocs: ^uint64(0)})
	slices.SortStableFunc(combos, func(a, b combo) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(a.ranks, b.ranks), cmp.Compare(b.leastDocs, a.leastDocs), strings.Compare(a.text, b.text))
	})
	var out []string
	for _, c := range combos {
		if c.text != q && !slices.Contains(out, c.text) {
			out = append(out, c.text)
			if len(out) == maxSuggestions {
				break
			}
		}
	}
	return out, nil
}

// How a candidate term was found: near one of the word's native terms,
// near its Latin reading (a Latin word), or near its phonetic key.
const (
	nearNative = iota
	nearLatin
	nearKey
)

// wordCandidates are the replacements for one typed word, best first
// (nearest, then found by spelling before found by key, then most
// documents, then by text); none when the index holds
// the word, or the word is too short, a stop word or no word of a script.
// The candidates are the terms within one edit (two for a long word) of
// the word's terms: its native terms, among the native terms of its own
// script; for a Latin word its Latin reading, among the Latin readings of
// the other scripts' words, since those are the Latin spellings a Latin
// query meets; and its first phonetic key, among the keys, which reaches
// what spelling does not (a stemmer cuts a misspelled word elsewhere than
// the word: elrctions is no edit from elect, but its key is one from
// elections'), when the key is as long as a fuzzy key must be. Each is shown as documents write it (see written), and a
// key only through the words of the query's script that have it.
//
// Every candidate begins with the letter its word begins with (the
// native term's, the reading's, the key's): a typing slip is seldom in
// the first letter, which spell-checkers commonly take as typed, and an
// edit there was what made the walk of a dictionary expensive. From an
// empty prefix the automaton, which may spend its edits on the first
// letters, went through every branch of the dictionary a letter or two
// deep; from the first letter it goes through one (docs/BENCHMARKS.md).
// A slip in the first letter of a key, which spells a sound, is rarer
// still: धीक्षित and दीक्षित begin with different letters and one key.
func wordCandidates(ctx context.Context, src termDictionary, typed string) ([]candidate, error) {
	wa := analyzers.AnalyzeWord(typed)
	script := wa.Script
	if wa.Stop || script == analyzers.ScriptOther || script == analyzers.ScriptDigits {
		return nil, nil
	}
	var natives []string
	key := ""
	for _, f := range wa.Forms {
		switch {
		case f.Layer == analyzers.LayerNative:
			natives = append(natives, f.Text)
		case f.Layer == analyzers.LayerPhonetic && key == "":
			key = f.Text
		}
	}
	if len(natives) == 0 || utf8.RuneCountInString(natives[0]) < minSuggestLen || len(typed) > maxFuzzyLen*utf8.UTFMax {
		return nil, nil
	}
	fuzzinessOf := func(word string) int {
		if utf8.RuneCountInString(word) >= suggest2Len {
			return 2
		}
		return 1
	}
	// Terms found, by term, with the larger of their fields' counts (a
	// word in a title is mostly in its body too).
	type found struct {
		term  string
		how   int
		dist  uint8
		count uint64
	}
	var terms []found
	known := false
	walk := func(prefix, word string, how int) error {
		fuzziness := fuzzinessOf(word) // of the whole word
		_, first := utf8.DecodeRuneInString(word)
		prefix, word = prefix+word[:first], word[first:]
		for _, field := range textFields {
			near, err := src.nearTerms(ctx, field, prefix, word, fuzziness)
			if err != nil {
				return err
			}
			for _, t := range near {
				layer, text := analyzers.SplitTerm(t.Term)
				switch {
				case t.Count == 0:
					continue
				case how == nearNative && (layer != analyzers.LayerNative || analyzers.ScriptOf(text) != script):
					continue
				case t.Distance == 0:
					// The word itself: a native term or a reading makes it
					// known; its own key is no other word.
					known = known || how != nearKey
					continue
				}
				i := slices.IndexFunc(terms, func(f found) bool { return f.term == t.Term })
				if i < 0 {
					terms = append(terms, found{term: t.Term, how: how, dist: t.Distance, count: t.Count})
				} else {
					terms[i].count = max(terms[i].count, t.Count)
				}
			}
		}
		return nil
	}
	for _, n := range natives {
		if err := walk("", n, nearNative); err != nil {
			return nil, err
		}
	}
	if script == analyzers.ScriptLatin {
		reading := cmp.Or(wa.LatinReading, natives[0])
		if err := walk(analyzers.LayerTerm(analyzers.LayerLatin, ""), reading, nearLatin); err != nil {
			return nil, err
		}
	}
	if utf8.RuneCountInString(key) >= minFuzzyLen {
		if err := walk(analyzers.LayerTerm(analyzers.LayerPhonetic, ""), key, nearKey); err != nil {
			return nil, err
		}
	}
	if known {
		return nil, nil
	}
	// In the order the candidates are ranked in, so that those read are
	// the ones that can rank first.
	slices.SortFunc(terms, func(a, b found) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(b2i(a.how == nearKey), b2i(b.how == nearKey)), cmp.Compare(b.count, a.count), strings.Compare(a.term, b.term))
	})
	var cands []candidate
	for _, t := range terms[:min(suggestCandidates, len(terms))] {
		var text string
		var docs uint64
		var err error
		switch t.how {
		case nearLatin:
			_, text = analyzers.SplitTerm(t.term)
			docs, err = src.termDocs(ctx, t.term)
		case nearNative:
			text, _, docs, err = src.written(ctx, t.term, func(w analyzers.WordAnalysis) bool {
				return hasNative(w, t.term)
			})
		case nearKey:
			// A key joins words that are spelled far apart (Kpelle and
			// Spell): only those as near in spelling as a native term
			// must be are taken, the word as typed against the word as
			// written, neither stemmed.
			var native string
			text, native, _, err = src.written(ctx, t.term, func(w analyzers.WordAnalysis) bool {
				return w.Script == script && !slices.ContainsFunc(natives, func(n string) bool { return hasNative(w, n) }) &&
					editDistance(w.Normalized, wa.Normalized) <= fuzzinessOf(wa.Normalized)
			})
			if err == nil && native != "" {
				docs, err = src.termDocs(ctx, native)
			}
		}
		if err != nil {
			return nil, err
		}
		if text == "" || docs == 0 {
			continue
		}
		if script == analyzers.ScriptLatin {
			text = caseLike(typed, strings.ToLower(text))
		}
		if i := slices.IndexFunc(cands, func(c candidate) bool { return c.text == text }); i >= 0 {
			// One word found on several layers.
			c := &cands[i]
			if t.dist < c.dist || t.dist == c.dist && c.byKey {
				c.dist, c.byKey = t.dist, t.how == nearKey
			}
			c.docs = max(c.docs, docs)
			continue
		}
		cands = append(cands, candidate{text: text, dist: t.dist, byKey: t.how == nearKey, docs: docs})
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(b2i(a.byKey), b2i(b.byKey)), cmp.Compare(b.docs, a.docs), strings.Compare(a.text, b.text))
	})
	return cands, nil
}

// hasNative tells whether term is one of a word's native terms.
func hasNative(wa analyzers.WordAnalysis, term string) bool {
	return slices.ContainsFunc(wa.Forms, func(f analyzers.Form) bool {
		return f.Layer == analyzers.LayerNative && f.Text == term
	})
}

// termQuery is term in either text field.
func termQuery(term string) query.Query {
	var fields []query.Query
	for _, f := range textFields {
		tq := query.NewTermQuery(term)
		tq.SetField(f)
		fields = append(fields, tq)
	}
	return query.NewDisjunctionQuery(fields)
}

// termDocs is the number of documents that hold term.
func (ix *Index) termDocs(ctx context.Context, term string) (uint64, error) {
	res, err := ix.searchBleve(ctx, bleve.NewSearchRequestOptions(termQuery(term), 0, 0, false))
	if err != nil {
		return 0, err
	}
	return res.Total, nil
}

// written is how documents write term: the words at its places in some of
// its documents that keep accepts, with the first native term of the one
// chosen and the number of documents that hold term. A native term is a
// stem (দীক্ষিতের and দীক্ষিত are both দীক্ষিত), so the uninflected form
// is chosen when one is written, else the most frequent form (then the
// shortest). Latin words are compared in lower case.
func (ix *Index) written(ctx context.Context, term string, keep func(analyzers.WordAnalysis) bool) (string, string, uint64, error) {
	req := bleve.NewSearchRequestOptions(termQuery(term), suggestDocs, 0, false)
	req.IncludeLocations = true
	req.Fields = textFields
	res, err := ix.searchBleve(ctx, req)
	if err != nil {
		return "", "", 0, err
	}
	type form struct {
		word, native string
		bare         bool
		count        int
	}
	var forms []form
	for _, dm := range res.Hits {
		matchedWords(dm, func(t, word string) {
			if t != term {
				return
			}
			if analyzers.ScriptOf(word) == analyzers.ScriptLatin {
				word = strings.ToLower(word)
			}
			if i := slices.IndexFunc(forms, func(f form) bool { return f.word == word }); i >= 0 {
				forms[i].count++
				return
			}
			wa := analyzers.AnalyzeWord(word)
			if len(wa.Forms) == 0 || wa.Forms[0].Layer != analyzers.LayerNative || !keep(wa) {
				return
			}
			forms = append(forms, form{word: word, native: wa.Forms[0].Text, bare: wa.Normalized == wa.Forms[0].Text, count: 1})
		})
	}
	if len(forms) == 0 {
		return "", "", 0, nil
	}
	best := slices.MinFunc(forms, func(a, b form) int {
		return cmp.Or(cmp.Compare(b2i(b.bare), b2i(a.bare)), cmp.Compare(b.count, a.count), cmp.Compare(len(a.word), len(b.word)), strings.Compare(a.word, b.word))
	})
	return best.word, best.native, res.Total, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// caseLike writes a lower-case Latin word in the case the user typed
// theirs: all capitals, a capital first, or as it is.
func caseLike(typed, word string) string {
	letters, upper := 0, 0
	for _, r := range typed {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	first, _ := utf8.DecodeRuneInString(typed)
	switch {
	case letters > 1 && upper == letters:
		return strings.ToUpper(word)
	case unicode.IsUpper(first):
		r, size := utf8.DecodeRuneInString(word)
		return string(unicode.ToUpper(r)) + word[size:]
	}
	return word
}
