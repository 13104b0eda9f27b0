package index

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lipisearch/lipi/analyzers"
)

// Layer weights: exact native > Latin reading > phonetic key > skeleton, so
// that with all else equal a document in the query's own script ranks above
// a transliterated match, which ranks above a sounds-alike one.
const (
	boostNative   = 3.0
	boostLatin    = 2.0
	boostPhonetic = 1.5
	boostSkeleton = 0.5
	boostSynonym  = 3.0
	boostFuzzy    = 0.6
	boostPrefix   = 0.1 // times the layer's weight: whole words rank first
	boostAllWords = 2.0
	boostTitle    = 1.25 // a name in the headline is what the article is about

	// A skeleton of fewer consonants than this is not searched: a short
	// skeleton such as "md" would make Modi match every মধ্যে, and "krn"
	// Ukraine every করেন and करने.
	minSkeletonLen = 4
	// Fuzzy matching applies to keys of at least this many letters; from
	// fuzzy2Len on, two edits are allowed.
	minFuzzyLen = 4
	fuzzy2Len   = 8
	// fuzzyPrefix key letters must match exactly: an edit in the first
	// letters changes the name (Russia "rusya" is not রাশিয়া "rasya").
	fuzzyPrefix = 2
	// minSkeletonPrefixLen: a half-typed word's skeleton needs this many
	// consonants before it is used as a prefix.
	minSkeletonPrefixLen = 3
)

// termSource says which query word an indexed term stands for.
type termSource struct {
	query string
	layer analyzers.Layer
}

// expansion is a fuzzy or prefix query whose matched terms are not known in
// advance: a matched term is traced back to the nearest one.
type expansion struct {
	term   string // the query term (with its layer prefix)
	prefix bool
	source termSource
}

// compiled is a query ready to run, plus what is needed to explain hits.
type compiled struct {
	query      query.Query
	sources    map[string]termSource
	expansions []expansion
	// empty: no searchable word (only punctuation or stop words).
	empty bool
}

// queryPart is a run of words: a quoted phrase, or plain words.
type queryPart struct {
	phrase bool
	words  []string
}

// splitQuery cuts a query into plain runs and "quoted phrases". An
// unbalanced quote opens a phrase that runs to the end.
func splitQuery(q string) ([]queryPart, error) {
	var parts []queryPart
	inPhrase := false
	for i, chunk := range strings.Split(q, `"`) {
		if i > 0 {
			inPhrase = !inPhrase
		}
		words, err := analyzers.Words(chunk)
		if err != nil {
			return nil, err
		}
		if len(words) > 0 {
			parts = append(parts, queryPart{phrase: inPhrase && len(words) > 1, words: words})
		}
	}
	return parts, nil
}

type compileOptions struct {
	prefix   bool
	fuzzy    bool
	skip     map[analyzers.Layer]bool
	expander *analyzers.SynonymExpander
}

// compile turns a user's query into a weighted bleve query: each word a
// disjunction over its layers in both text fields; words combined so that
// covering more of them scores higher; phrases as multi-phrase queries
// whose positions accept any layer; synonyms as extra alternatives.
func compile(q string, opts compileOptions) (*compiled, error) {
	parts, err := splitQuery(q)
	if err != nil {
		return nil, err
	}
	c := &compiled{sources: map[string]termSource{}}
	if !hasSearchableWord(parts) {
		// Only stop words (some of which keep an initial's form) and
		// punctuation: a valid query that finds nothing.
		c.empty = true
		c.query = query.NewMatchNoneQuery()
		return c, nil
	}
	var clauses []query.Query
	lastWord := ""
	for _, p := range parts {
		lastWord = p.words[len(p.words)-1]
	}
	for pi, p := range parts {
		if p.phrase {
			if pq := c.phraseQuery(p.words, opts); pq != nil {
				clauses = append(clauses, pq)
			}
			continue
		}
		syn := map[int][]analyzers.SynonymExpansion{}
		if opts.expander != nil && !opts.skip[analyzers.LayerSynonym] {
			for _, e := range opts.expander.Expand(p.words) {
				syn[e.Start] = append(syn[e.Start], e)
			}
		}
		for wi := 0; wi < len(p.words); wi++ {
			word := p.words[wi]
			isLast := pi == len(parts)-1 && wi == len(p.words)-1 && word == lastWord
			alts := c.wordAlternatives(word, opts, opts.prefix && isLast)
			span := 1
			for _, e := range syn[wi] {
				alts = append(alts, c.synonymAlternatives(e, opts)...)
				if e.End-e.Start > span {
					span = e.End - e.Start
				}
			}
			if span > 1 {
				// A multi-word entry matched: its words are one clause, so
				// that "New Delhi" ~ নয়াদিল্লি counts as covering both.
				for _, w := range p.words[wi+1 : wi+span] {
					alts = append(alts, c.wordAlternatives(w, opts, false)...)
				}
				wi += span - 1
			}
			if len(alts) > 0 {
				clauses = append(clauses, disjunction(alts))
			}
		}
	}
	if len(clauses) == 0 {
		c.empty = true
		c.query = query.NewMatchNoneQuery()
		return c, nil
	}
	switch len(clauses) {
	case 1:
		c.query = clauses[0]
	default:
		// A disjunction's score is scaled by the share of its clauses that
		// match; on top of that, a document with every word gets the
		// conjunction's score again. Covering the whole name must beat a
		// stronger layer on part of it: "Bob Berry" should find বব বেরি
		// before Bob Taylor.
		all := query.NewConjunctionQuery(clauses)
		all.SetBoost(boostAllWords)
		c.query = disjunction(append(clauses, all))
	}
	return c, nil
}

func hasSearchableWord(parts []queryPart) bool {
	for _, p := range parts {
		for _, w := range p.words {
			if wa := analyzers.AnalyzeWord(w); !wa.Stop && len(wa.Forms) > 0 {
				return true
			}
		}
	}
	return false
}

func disjunction(qs []query.Query) query.Query {
	d := query.NewDisjunctionQuery(qs)
	d.SetMin(1)
	return d
}

// wordAlternatives are the term, fuzzy and prefix queries of one word, in
// both text fields.
func (c *compiled) wordAlternatives(word string, opts compileOptions, prefix bool) []query.Query {
	wa := analyzers.AnalyzeWord(word)
	var alts []query.Query
	for _, f := range wa.Forms {
		if opts.skip[f.Layer] {
			continue
		}
		term := f.Term()
		src := termSource{word, f.Layer}
		if boost, ok := layerBoost(f); ok {
			c.addSource(term, src)
			alts = append(alts, fieldTerms(term, boost)...)
		}
		if opts.fuzzy && f.Layer == analyzers.LayerPhonetic && utf8.RuneCountInString(f.Text) >= minFuzzyLen {
			fuzziness := 1
			if len(f.Text) >= fuzzy2Len {
				fuzziness = 2
			}
			c.expansions = append(c.expansions, expansion{term: term, source: src})
			for _, field := range textFields {
				fq := query.NewFuzzyQuery(term)
				fq.SetField(field)
				fq.SetFuzziness(fuzziness)
				fq.Prefix = analyzers.PrefixLen + fuzzyPrefix
				fq.SetBoost(boostFuzzy * fieldBoost(field))
				alts = append(alts, fq)
			}
		}
		// Search-as-you-type: the half-typed word in its own script and as
		// the start of a Latin reading or key, so that "Dilyav" meets
		// ডিলিয়াভস্কি before the word is complete.
		if prefix && (f.Layer != analyzers.LayerSkeleton || len(f.Text) >= minSkeletonPrefixLen) {
			stem := prefixStem(wa, f)
			c.expansions = append(c.expansions, expansion{term: stem, prefix: true, source: src})
			boost, _ := layerBoost(analyzers.Form{Layer: f.Layer})
			for _, field := range textFields {
				pq := query.NewPrefixQuery(stem)
				pq.SetField(field)
				pq.SetBoost(boostPrefix * boost * fieldBoost(field))
				alts = append(alts, pq)
			}
		}
	}
	return alts
}

// layerBoost is the weight of a term of form f; ok is false for a form too
// weak to search alone.
func layerBoost(f analyzers.Form) (boost float64, ok bool) {
	switch f.Layer {
	case analyzers.LayerNative:
		return boostNative, true
	case analyzers.LayerLatin:
		return boostLatin, true
	case analyzers.LayerPhonetic:
		return boostPhonetic, true
	case analyzers.LayerSkeleton:
		return boostSkeleton, f.Text == "" || len(f.Text) >= minSkeletonLen
	}
	return 0, false
}

// prefixStem is what a prefix query starts with: the normalized word as
// typed (a stem could be longer than the typed prefix: "running" → "run"
// is fine, but a half-typed word must not be stemmed further).
func prefixStem(wa analyzers.WordAnalysis, f analyzers.Form) string {
	if f.Layer == analyzers.LayerNative && wa.Normalized != "" {
		return wa.Normalized
	}
	return f.Term()
}

func (c *compiled) addSource(term string, s termSource) {
	if old, ok := c.sources[term]; ok && layerRank(old.layer) <= layerRank(s.layer) {
		return
	}
	c.sources[term] = s
}

func layerRank(l analyzers.Layer) int {
	for i, x := range analyzers.Layers {
		if x == l {
			return i
		}
	}
	return len(analyzers.Layers)
}

// synonymAlternatives are the queries for the other entries of a matched
// synonym rule: one word → its native and Latin terms; several words → a
// phrase of their native terms.
func (c *compiled) synonymAlternatives(e analyzers.SynonymExpansion, opts compileOptions) []query.Query {
	var alts []query.Query
	for _, alt := range e.Alternatives {
		words, err := analyzers.Words(alt)
		if err != nil || len(words) == 0 {
			continue
		}
		var natives []string
		for _, w := range words {
			wa := analyzers.AnalyzeWord(w)
			if len(wa.Forms) == 0 {
				natives = append(natives, "")
				continue
			}
			natives = append(natives, wa.Forms[0].Term())
			c.addSource(wa.Forms[0].Term(), termSource{e.Matched, analyzers.LayerSynonym})
		}
		if len(natives) == 1 {
			if natives[0] != "" {
				alts = append(alts, fieldTerms(natives[0], boostSynonym)...)
			}
			continue
		}
		for _, field := range textFields {
			pq := query.NewPhraseQuery(natives, field)
			pq.SetBoost(boostSynonym * fieldBoost(field))
			alts = append(alts, pq)
		}
	}
	return alts
}

// phraseQuery matches the words at consecutive positions, each position
// accepting any layer of its word; a stop word leaves a gap that any word
// fills, as it did at index time.
func (c *compiled) phraseQuery(words []string, opts compileOptions) query.Query {
	var positions [][]string
	searchable := false
	for _, w := range words {
		wa := analyzers.AnalyzeWord(w)
		var terms []string
		for _, f := range wa.Forms {
			if opts.skip[f.Layer] || (f.Layer == analyzers.LayerSkeleton && len(f.Text) < minSkeletonLen) {
				continue
			}
			terms = append(terms, f.Term())
			c.addSource(f.Term(), termSource{w, f.Layer})
		}
		if len(terms) == 0 {
			terms = []string{""}
		} else {
			searchable = true
		}
		positions = append(positions, terms)
	}
	// Gaps at either end would match anything: trim them.
	for len(positions) > 0 && positions[0][0] == "" {
		positions = positions[1:]
	}
	for len(positions) > 0 && positions[len(positions)-1][0] == "" {
		positions = positions[:len(positions)-1]
	}
	if !searchable || len(positions) == 0 {
		return nil
	}
	var qs []query.Query
	for _, field := range textFields {
		mq := query.NewMultiPhraseQuery(positions, field)
		mq.SetBoost(boostNative * fieldBoost(field))
		qs = append(qs, mq)
	}
	return disjunction(qs)
}

func fieldBoost(field string) float64 {
	if field == fieldTitle {
		return boostTitle
	}
	return 1
}

func fieldTerms(term string, boost float64) []query.Query {
	qs := make([]query.Query, 0, len(textFields))
	for _, field := range textFields {
		tq := query.NewTermQuery(term)
		tq.SetField(field)
		tq.SetBoost(boost * fieldBoost(field))
		qs = append(qs, tq)
	}
	return qs
}

// synonymKey is how synonym entries and query words are compared: by their
// native form (normalized and stemmed), so inflected query words find their
// entry.
func synonymKey(word string) string {
	wa := analyzers.AnalyzeWord(word)
	if len(wa.Forms) > 0 {
		return wa.Forms[0].Text
	}
	return wa.Normalized
}
