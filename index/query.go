package index

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index/internal/engine"
)

const (
	// Fuzzy matching applies to keys of at least this many letters; from
	// fuzzy2Len on, two edits are allowed.
	minFuzzyLen = 4
	// Beyond maxFuzzyLen letters no name is left, and the automaton bleve
	// builds for an edit-distance query grows past its limit.
	maxFuzzyLen = 40
	fuzzy2Len   = 8
	// A fuzzy candidate this many edits from a key at least this long
	// counts as a spelling (closeEdits).
	minCloseLen  = 7
	minClose2Len = 9
	// fuzzyPrefix key letters must match exactly: an edit in the first
	// letters changes the name (Russia "rusya" is not রাশিয়া "rasya").
	fuzzyPrefix = 2
	// A frame needs this many consonants to be searched, and
	// minFuzzyFrameConsonants to be matched with an edit.
	minFrameConsonants      = 3
	minWeakFrameConsonants  = analyzers.MinFrameConsonants // shorter ones are not indexed
	minWeakSkeletonLen      = analyzers.MinSkeletonLen
	minFuzzyFrameConsonants = 4
	// A query word whose phonetic key has minSplitLen letters is also
	// looked for as two words of at least minSplitPart letters each.
	minSplitLen  = 8
	minSplitPart = 3
	// maxCompletions: a half-typed word is searched as its most frequent
	// completions in its own script and as a Latin reading, this many.
	maxCompletions = 10
	// latinVowels are the letters a Latin reading's vowels start with.
	latinVowels = "aeiou"
	// minSkeletonPrefixLen: a half-typed word's skeleton needs this many
	// consonants before it is used as a prefix.
	minSkeletonPrefixLen = 3
)

// termSource says which query word an indexed term stands for.
type termSource struct {
	query string
	layer analyzers.Layer
	// weak: the term only lifts documents that match otherwise; it is not
	// shown as a match, nor highlighted.
	weak bool
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
	// empty: no word to search (only punctuation).
	empty bool
	// stopWordsOnly: every word of the query is a stop word. They are
	// then searched as words: by their native terms, and by the readings
	// and keys they would have as words of content, which is what they
	// are in the other scripts (हम finds "ham"). In a query with any
	// other word a stop word is not searched, but for the initial it may
	// stand for and the query as typed.
	stopWordsOnly bool
	// ownPhrase is the query's words as typed (their native terms, a stop
	// word's too; "" for punctuation between them), when a document can
	// hold them all (see ownSpelling).
	ownPhrase []string
	// exclude matches the documents that the query's "-word" and
	// "-\"phrase\"" exclude: their spellings, in every script.
	exclude []query.Query
	// analyses memoizes AnalyzeWord for the words of this query, which
	// compiling looks at several times.
	analyses map[string]analyzers.WordAnalysis
}

// analyze is analyzers.AnalyzeWord, once per word of the query.
func (c *compiled) analyze(word string) analyzers.WordAnalysis {
	if wa, ok := c.analyses[word]; ok {
		return wa
	}
	if c.analyses == nil {
		c.analyses = map[string]analyzers.WordAnalysis{}
	}
	wa := analyzers.AnalyzeWord(word)
	c.analyses[word] = wa
	return wa
}

// queryPart is a run of words: a quoted phrase, or plain words. In a
// plain run, or[i] tells that word i and the next were joined by OR: they
// are one clause, either one covering it.
type queryPart struct {
	phrase bool
	words  []string
	or     []bool
	// at are the words' byte offsets in the query (suggestions rewrite
	// the query in place).
	at []int
}

// splitQuery cuts a query into plain runs and "quoted phrases". An
// unbalanced quote opens a phrase that runs to the end. Outside phrases,
// a word or phrase written with a "-" before it (at the start, or after a
// space) is left out and returned apart, to exclude; "OR" in capitals
// between two words joins them. Anything else is plain text: no syntax
// error is possible.
func splitQuery(q string) (parts, excluded []queryPart) {
	inPhrase, excludeNext := false, false
	off := 0 // of chunk in q
	for i, chunk := range strings.Split(q, `"`) {
		if i > 0 {
			inPhrase = !inPhrase
			off++ // the quote
		}
		spans := analyzers.WordSpans(chunk)
		if inPhrase {
			var words []string
			var at []int
			for _, sp := range spans {
				words = append(words, chunk[sp.Start:sp.End])
				at = append(at, off+sp.Start)
			}
			off += len(chunk)
			if len(words) > 0 {
				part := queryPart{phrase: len(words) > 1, words: words, at: at}
				if excludeNext {
					excluded = append(excluded, part)
				} else {
					parts = append(parts, part)
				}
			}
			excludeNext = false
			continue
		}
		part := queryPart{}
		for k, sp := range spans {
			w := chunk[sp.Start:sp.End]
			switch {
			case minusBefore(chunk, sp.Start):
				excluded = append(excluded, queryPart{words: []string{w}, at: []int{off + sp.Start}})
				continue
			case w == "OR" && len(part.words) > 0 && k+1 < len(spans) && !minusBefore(chunk, spans[k+1].Start):
				part.or[len(part.or)-1] = true
				continue
			}
			part.words = append(part.words, w)
			part.or = append(part.or, false)
			part.at = append(part.at, off+sp.Start)
		}
		if len(part.words) > 0 {
			parts = append(parts, part)
		}
		// A phrase opened right after " -" is excluded.
		excludeNext = strings.HasSuffix(chunk, "-") && minusBefore(chunk+"x", len(chunk))
		off += len(chunk)
	}
	return parts, excluded
}

// minusBefore tells whether the word at byte start of s is written with a
// "-" operator before it: a minus at the start of s or after a space, so
// that a hyphen inside a name (Jean-Pierre) is not one.
func minusBefore(s string, start int) bool {
	if start < 1 || s[start-1] != '-' {
		return false
	}
	if start == 1 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:start-1])
	return unicode.IsSpace(r)
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
func compile(q string, opts compileOptions) *compiled {
	parts, excluded := splitQuery(q)
	c := &compiled{sources: map[string]termSource{}}
	c.exclude = c.exclusions(excluded, opts)
	searchable, stop, readAsStop := c.wordKinds(parts)
	c.stopWordsOnly = stop && !searchable
	if !searchable && !stop {
		// Only punctuation: a valid query that finds nothing.
		c.empty = true
		c.query = query.NewMatchNoneQuery()
		return c
	}
	var words []wordClause
	var phrases, bonus []query.Query
	anyJoined := false // some words joined by OR: no query as typed
	lastWord := ""
	for _, p := range parts {
		lastWord = p.words[len(p.words)-1]
	}
	for pi, p := range parts {
		if p.phrase {
			if pq := c.phraseQuery(p.words, opts); pq != nil {
				phrases = append(phrases, pq)
			}
			continue
		}
		syn := map[int][]analyzers.SynonymExpansion{}
		if opts.expander != nil && !opts.skip[analyzers.LayerSynonym] {
			for _, e := range opts.expander.Expand(p.words) {
				syn[e.Start] = append(syn[e.Start], e)
			}
		}
		first := len(words)
		joined := slices.Contains(p.or, true)
		anyJoined = anyJoined || joined
		prevClause := -1 // the clause of the word before, if it made one
		for wi := 0; wi < len(p.words); wi++ {
			start, word := wi, p.words[wi]
			isLast := pi == len(parts)-1 && wi == len(p.words)-1 && word == lastWord
			wc := c.wordAlternatives(word, opts, opts.prefix && isLast)
			wc.word = word
			span := 1
			for _, e := range syn[wi] {
				wc.strong = append(wc.strong, c.synonymAlternatives(e, opts)...)
				if e.End-e.Start > span {
					span = e.End - e.Start
				}
			}
			if span > 1 {
				// A multi-word entry matched: its words are one clause, so
				// that "New Delhi" ~ নয়াদিল্লি counts as covering both.
				for _, w := range p.words[wi+1 : wi+span] {
					more := c.wordAlternatives(w, opts, false)
					wc.strong = append(wc.strong, more.strong...)
					wc.weak = append(wc.weak, more.weak...)
				}
				wi += span - 1
				wc.word = ""
			}
			switch {
			case len(wc.strong)+len(wc.weak) == 0:
				prevClause = -1
			case start > 0 && p.or[start-1] && prevClause >= 0:
				// "a OR b": b's alternatives are a's clause's.
				prev := &words[prevClause]
				prev.strong = append(prev.strong, wc.strong...)
				prev.weak = append(prev.weak, wc.weak...)
				prev.fill = append(prev.fill, wc.fill...)
				prev.word = ""
			default:
				words = append(words, wc)
				prevClause = len(words) - 1
			}
		}
		if !opts.skip[analyzers.LayerPhonetic] && !joined {
			c.joinAndSplit(words[first:], opts)
			bonus = append(bonus, c.orderBonus(words[first:])...)
		}
	}
	c.weakenInitials(words)
	if readAsStop && !anyJoined && !opts.skip[analyzers.LayerPhonetic] {
		// The phrase covers every word, as a multi-word synonym does.
		pq := c.stopWordPhrase(parts)
		for i := range words {
			words[i].strong = append(words[i].strong, pq)
		}
	}
	var own []query.Query
	if !anyJoined {
		own = c.ownSpelling(parts, opts)
	}
	c.query = combine(words, phrases, bonus, own)
	if c.query == nil {
		c.empty = true
		c.query = query.NewMatchNoneQuery()
	}
	return c
}

// exclusions are the queries of the excluded words and phrases: a word's
// spellings (its own, its Latin reading and its phonetic key, in both
// fields, and what the synonym map makes of it), never its sound-alikes,
// which would exclude unrelated words.
func (c *compiled) exclusions(excluded []queryPart, opts compileOptions) []query.Query {
	var qs []query.Query
	for _, p := range excluded {
		if p.phrase {
			if pq := c.phraseQuery(p.words, opts); pq != nil {
				qs = append(qs, pq)
			}
			continue
		}
		wa := c.analyze(p.words[0])
		if wa.Stop {
			continue
		}
		for _, f := range queryForms(wa) {
			if soundLayer(f.Layer) {
				continue
			}
			if _, st := layerBoost(f); st != strong {
				continue
			}
			qs = append(qs, fieldTerms(f.Term(), 1)...)
			if f.Layer == analyzers.LayerLatin {
				qs = append(qs, fieldTerms(f.Text, 1)...)
			}
		}
		if opts.expander != nil {
			for _, e := range opts.expander.Expand(p.words) {
				qs = append(qs, c.synonymAlternatives(e, opts)...)
			}
		}
	}
	return qs
}

// wordClause holds the alternatives of one query word: strong ones can
// make a document a hit on their own; weak ones (short keys that many
// words share) only add to the score of a document that is a hit anyway,
// or count towards covering every word of the query.
type wordClause struct {
	word         string // the query word, when the clause stands for one
	strong, weak []query.Query
	// fill are the weak terms that may fill a page the strong hits leave
	// short (see Search): short frames, where the vowels still have their
	// places; not skeletons, nor initials.
	fill []query.Query
}

// joinAndSplit adds the alternatives of names written as one word on one
// side and two on the other: two adjacent query words as one joined word
// (Harish Kumar ~ HARISHKUMAR), and a long query word as two adjacent words
// (SURESHKUMAR ~ सुरेश कुमार). They are matched on the phonetic key, at its
// weight.
func (c *compiled) joinAndSplit(words []wordClause, opts compileOptions) {
	for i := range words {
		key := c.phoneticOf(words[i].word)
		if key == "" {
			continue
		}
		if i+1 < len(words) {
			next := c.phoneticOf(words[i+1].word)
			endScript := analyzers.ScriptOf(words[i+1].word)
			joinedKey := analyzers.ReadingKey(c.latinOf(words[i].word)+c.latinOf(words[i+1].word), endScript)
			// An initial is not half of a joined name (M.MUTHUSAMY is not
			// "mmuthusamy"), and a joined key equal to one word's own key
			// (doubled letters fold into one) would let a document with
			// that word alone count as covering both.
			if len(key) > 1 && len(next) > 1 && joinedKey != key && joinedKey != next {
				src := termSource{query: words[i].word + " " + words[i+1].word, layer: analyzers.LayerPhonetic}
				// Joined, the vowel at the seam may be dropped as a medial
				// schwa (Amiya Bhushan ~ অমিয়ভূষণ "amiybhushan").
				keys := []string{joinedKey}
				for _, v := range analyzers.LatinSchwaDropped(c.latinOf(words[i].word) + c.latinOf(words[i+1].word)) {
					keys = append(keys, analyzers.ReadingKey(v, endScript))
				}
				// And the other way round: a Devanagari or Bengali word
				// ends without its inherent vowel, which the joined name
				// may keep (सिंगार वदिवेलन ~ Singaravadivelan, राम कृष्णन ~
				// Ramakrishnan).
				if first := c.latinOf(words[i].word); first != "" && strings.IndexByte("aeiou", first[len(first)-1]) < 0 {
					if s := analyzers.ScriptOf(words[i].word); s == analyzers.ScriptDevanagari || s == analyzers.ScriptBengali {
						keys = append(keys, analyzers.ReadingKey(first+"a"+c.latinOf(words[i+1].word), endScript))
					}
				}
				for _, k := range keys {
					joined := analyzers.LayerTerm(analyzers.LayerPhonetic, k)
					if _, seen := c.sources[joined]; seen {
						continue
					}
					c.addSource(joined, src)
					alts := fieldTerms(joined, boostPhonetic)
					words[i].strong = append(words[i].strong, alts...)
					words[i+1].strong = append(words[i+1].strong, alts...)
				}
			}
		}
		if len(key) < minSplitLen {
			continue
		}
		// Each half is keyed on its own, from the Latin reading, since the
		// end of a word changes its key (Costa Rica: "kost" + "rik", while
		// কোস্টারিকা is "kostarik").
		latin := c.latinOf(words[i].word)
		src := termSource{query: words[i].word, layer: analyzers.LayerPhonetic}
		seen := map[[2]string]bool{}
		script := analyzers.ScriptOf(words[i].word)
		for cut := minSplitPart; cut <= len(latin)-minSplitPart; cut++ {
			tail := analyzers.ReadingKey(latin[cut:], script)
			for _, head := range splitHeads(latin[:cut], script) {
				if len(head) < minSplitPart || len(tail) < minSplitPart || seen[[2]string{head, tail}] {
					continue
				}
				seen[[2]string{head, tail}] = true
				c.addSplit(&words[i], head, tail, src)
			}
		}
	}
}

// splitHeads are the keys of the first half of a word split in two: its
// own, and, when a Latin half ends in a or o after a consonant, the key
// without that vowel too. The first word of a Devanagari or Bengali name
// ends without its inherent vowel, which a name written as one Latin word
// keeps (Chotobighai ~ ছোট বিঘাই, Borobazar ~ বড় বাজার): the
// other way round from the joined words above.
func splitHeads(head string, script analyzers.Script) []string {
	keys := []string{analyzers.ReadingKey(head, script)}
	n := len(head)
	if script == analyzers.ScriptLatin && n > minSplitPart &&
		(head[n-1] == 'a' || head[n-1] == 'o') && strings.IndexByte("aeiouy", head[n-2]) < 0 {
		keys = append(keys, analyzers.ReadingKey(head[:n-1], script))
	}
	return keys
}

// addSplit adds to w the alternative of its two halves, keyed head and
// tail, side by side.
func (c *compiled) addSplit(w *wordClause, head, tail string, src termSource) {
	pair := []string{
		analyzers.LayerTerm(analyzers.LayerPhonetic, head),
		analyzers.LayerTerm(analyzers.LayerPhonetic, tail),
	}
	c.addSource(pair[0], src)
	c.addSource(pair[1], src)
	for _, field := range textFields {
		pq := query.NewPhraseQuery(pair, field)
		pq.SetBoost(boostPhonetic * fieldBoost(field))
		w.strong = append(w.strong, pq)
	}
}

// orderBonus rewards documents with two adjacent query words side by side
// in the query's order, on their phonetic keys: of two lists that both
// hold R and MURUGAN, "R. Murugan" is the name asked for and "Murugan R."
// likely another person.
func (c *compiled) orderBonus(words []wordClause) []query.Query {
	var out []query.Query
	for i := 0; i+1 < len(words); i++ {
		a, b := c.phoneticTerms(words[i].word), c.phoneticTerms(words[i+1].word)
		if len(a) == 0 || len(b) == 0 {
			continue
		}
		for _, field := range textFields {
			mq := query.NewMultiPhraseQuery([][]string{a, b}, field)
			mq.SetBoost(boostOrder * fieldBoost(field))
			out = append(out, mq)
		}
	}
	return out
}

// phoneticTerms are the phonetic-layer terms of a word (an initial's
// too), or nil.
func (c *compiled) phoneticTerms(word string) []string {
	if word == "" {
		return nil
	}
	var terms []string
	for _, f := range c.analyze(word).Forms {
		if f.Layer == analyzers.LayerPhonetic {
			terms = append(terms, f.Term())
		}
	}
	return terms
}

// weakenInitials makes the clauses of initials (one-letter words, and
// words that stand for a letter: "K Sreedharan", "SARAVANAN.A", "के.
// अन्सेलन", "मु. सुब्रमनि") weak when the query has another word: an
// initial still adds its score to a document that matches otherwise, and
// counts towards covering the query, but no longer makes a hit of every
// document with that letter on some layer (thousands, a third of the
// documents that searches read, for a tail of hits below every match of
// the name itself). A document that is a hit either way scores the same.
func (c *compiled) weakenInitials(words []wordClause) {
	initial := make([]bool, len(words))
	longer := false
	for i, w := range words {
		initial[i] = w.word != "" && (utf8.RuneCountInString(w.word) == 1 || c.analyze(w.word).Initial != "")
		longer = longer || !initial[i]
	}
	if !longer {
		return
	}
	for i, w := range words {
		if initial[i] {
			words[i].weak = append(w.weak, w.strong...)
			words[i].strong = nil
		}
	}
}

// latinOf and phoneticOf are the first Latin reading and phonetic key of a
// word that is not a stop word, or "".
func (c *compiled) latinOf(word string) string {
	if word == "" {
		return ""
	}
	wa := c.analyze(word)
	if wa.Stop {
		return ""
	}
	readings := analyzers.ToLatin(wa.Normalized, wa.Script)
	if len(readings) == 0 {
		return ""
	}
	return readings[0]
}

func (c *compiled) phoneticOf(word string) string {
	if l := c.latinOf(word); l != "" {
		return analyzers.ReadingKey(l, analyzers.ScriptOf(word))
	}
	return ""
}

// combine builds the whole query: one coverage query over the words and
// phrases (see engine.CoverageQuery), each word scored by its best layer.
func combine(words []wordClause, phrases, bonus, own []query.Query) query.Query {
	var cover []engine.CoverageWord
	for _, p := range phrases {
		cover = append(cover, engine.CoverageWord{Strong: p})
	}
	for _, w := range words {
		var cw engine.CoverageWord
		if len(w.strong) > 0 {
			cw.Strong = engine.NewMaxQuery(w.strong, tieBreaker)
		}
		if len(w.weak) > 0 {
			cw.Weak = engine.NewMaxQuery(w.weak, tieBreaker)
		}
		if len(w.fill) > 0 {
			cw.Fill = engine.NewMaxQuery(w.fill, tieBreaker)
		}
		cover = append(cover, cw)
	}
	if len(cover) == 0 {
		return nil
	}
	return &engine.CoverageQuery{Words: cover, Bonus: bonus, Full: 1 + boostAllWords, Own: own, OwnFactor: boostOwnSpelling, SoundFactor: boostSoundsAlike, TieBreaker: tieBreaker}
}

// wordKinds tells whether parts hold a word that is neither a stop word
// nor punctuation, whether they hold a stop word, and whether they hold
// two or more words, each a stop word or a word that reads as one of
// another script (analyzers.StopWordsReadAs: kuch kuch hota hai).
func (c *compiled) wordKinds(parts []queryPart) (searchable, stop, readAsStop bool) {
	var content []analyzers.WordAnalysis // the words neither stop words nor punctuation
	words := 0
	for _, p := range parts {
		for _, w := range p.words {
			wa := c.analyze(w)
			stop = stop || wa.Stop
			if wa.Stop || len(wa.Forms) > 0 {
				words++
			}
			if !wa.Stop && len(wa.Forms) > 0 {
				content = append(content, wa)
			}
		}
	}
	searchable = len(content) > 0
	// A single word is never taken for another script's stop word, so the
	// table is not looked at for it.
	readAsStop = searchable && words >= 2
	for i := 0; readAsStop && i < len(content); i++ {
		readAsStop = len(analyzers.StopWordsReadAs(content[i])) > 0
	}
	return searchable, stop, readAsStop
}

// stopWordPhrase is the query's words as the stop words of another script
// they read as, side by side (kuch kuch hota hai: कुछ कुछ होता है). A
// title of function words typed in Latin meets its Hindi or Bengali
// spelling this way, which the index holds by native terms alone.
// Only the whole sequence counts: each word alone reads as a stop word
// found in most documents of its language, and a name can read as two
// of them (Matthew Wade as মত বাদে).
func (c *compiled) stopWordPhrase(parts []queryPart) query.Query {
	var positions [][]string
	for _, p := range parts {
		for _, w := range p.words {
			wa := c.analyze(w)
			terms := analyzers.StopWordsReadAs(wa)
			if wa.Stop {
				terms = []string{wa.Normalized}
			}
			if len(terms) == 0 {
				continue
			}
			for _, t := range terms {
				c.addSource(t, termSource{query: w, layer: analyzers.LayerPhonetic})
			}
			positions = append(positions, terms)
		}
	}
	return fieldPhrases(positions, boostPhonetic)
}

// fieldPhrases is a multi-phrase query of positions in each text field,
// the title's weighted up.
func fieldPhrases(positions [][]string, boost float64) query.Query {
	var qs []query.Query
	for _, field := range textFields {
		mq := query.NewMultiPhraseQuery(positions, field)
		mq.SetBoost(boost * fieldBoost(field))
		qs = append(qs, mq)
	}
	return disjunction(qs)
}

func disjunction(qs []query.Query) query.Query {
	d := query.NewDisjunctionQuery(qs)
	d.SetMin(1)
	return d
}

// wordAlternatives are the term, fuzzy and prefix queries of one word, in
// both text fields.
func (c *compiled) wordAlternatives(word string, opts compileOptions, prefix bool) wordClause {
	wa := c.analyze(word)
	var wc wordClause
	fuzzied := map[analyzers.Layer]bool{}
	// A half-typed word's keys (and their edit-distance variants) are the
	// keys of a word not yet written ("kejr" is not Kajra's): its
	// completions come first.
	keyWeight := 1.0
	if prefix {
		keyWeight = boostPrefix
	}
	forms := queryForms(wa)
	if c.stopWordsOnly {
		forms = stopWordForms(word, forms)
	}
	for _, f := range forms {
		if opts.skip[f.Layer] || (wa.Stop && !c.stopWordsOnly && f.Layer == analyzers.LayerNative) {
			continue
		}
		term := f.Term()
		src := termSource{query: word, layer: f.Layer}
		boost, st := layerBoost(f)
		if keyLayer(f.Layer) {
			boost *= keyWeight
		}
		alts := kinded(fieldTerms(term, boost), kindOf(f.Layer))
		switch st {
		case strong:
			c.addSource(term, src)
			wc.strong = append(wc.strong, alts...)
			if f.Layer == analyzers.LayerLatin {
				// A Latin document word's reading is stored as its native
				// term when the stemmer leaves it alone
				// (WordAnalysis.LatinReading).
				c.addSource(f.Text, src)
				wc.strong = append(wc.strong, fieldTerms(f.Text, boost)...)
			}
		case weak:
			c.addSource(term, termSource{query: word, layer: f.Layer, weak: true})
			wc.weak = append(wc.weak, alts...)
			if f.Layer == analyzers.LayerFrame {
				wc.fill = append(wc.fill, fieldTerms(term, boost)...)
			}
		}
		// Fuzzy matching for the first key of each layer only: the keys of
		// a word's other readings are already its spelling variants, and
		// each fuzzy query walks the whole term dictionary.
		if opts.fuzzy && fuzzyLayer(f) && !fuzzied[f.Layer] {
			fuzzied[f.Layer] = true
			fuzziness := 1
			if len(f.Text) >= fuzzy2Len {
				fuzziness = 2
			}
			c.expansions = append(c.expansions, expansion{term: term, source: src})
			key := engine.NewFuzzyKey(term, analyzers.PrefixLen+fuzzyPrefix, fuzziness)
			for _, field := range textFields {
				fq := &engine.FuzzyQuery{Key: key, Field: field, Boost: boostFuzzy * keyWeight * fieldBoost(field), Close: closeEdits(f)}
				wc.strong = append(wc.strong, &engine.Kinded{Query: fq, Kind: engine.SoundsAlike})
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
				if f.Layer == analyzers.LayerNative || f.Layer == analyzers.LayerLatin {
					// The word's likely endings, the most frequent first.
					cq := &engine.CompletionQuery{
						Prefix: stem, Field: field, Boost: boostCompletion * boost * fieldBoost(field),
						Max: maxCompletions, Decay: completionDecay,
					}
					if f.Layer == analyzers.LayerLatin && analyzers.EndsInVirama(word) {
						// कृष् is कृष्ण half-typed, not कृषि: its
						// reading "krish" goes on with a consonant.
						cq.NotNext = latinVowels
					}
					wc.strong = append(wc.strong, cq)
					continue
				}
				pq := query.NewPrefixQuery(stem)
				pq.SetField(field)
				pq.SetBoost(boostPrefix * boost * fieldBoost(field))
				wc.strong = append(wc.strong, kinded([]query.Query{pq}, kindOf(f.Layer))...)
			}
		}
	}
	c.schwaAlternatives(word, opts, keyWeight, &wc)
	return wc
}

// stopWordForms are the forms a stop word is searched by in a query of
// stop words (compiled.stopWordsOnly): its indexed forms, the native term
// and an initial, and the readings and keys it would have as a word of
// content.
func stopWordForms(word string, forms []analyzers.Form) []analyzers.Form {
	forms = slices.Clone(forms)
	for _, f := range queryForms(analyzers.AnalyzeAsContent(word)) {
		if f.Layer != analyzers.LayerNative && !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	return forms
}

// schwaAlternatives adds the keys of a word's other reading of its medial
// inherent vowels (analyzers.SchwaVariants: Jayakumar ~ जयकुमार
// "jaykumar"), at the weight of their layers times keyWeight.
func (c *compiled) schwaAlternatives(word string, opts compileOptions, keyWeight float64, wc *wordClause) {
	for _, v := range analyzers.SchwaVariantsOf(c.analyze(word)) {
		key := analyzers.ReadingKey(v, analyzers.ScriptOf(word))
		for _, f := range []analyzers.Form{{Layer: analyzers.LayerPhonetic, Text: key}, {Layer: analyzers.LayerFrame, Text: analyzers.FrameKey(key)}} {
			term := f.Term()
			if opts.skip[f.Layer] || f.Text == "" {
				continue
			}
			if _, seen := c.sources[term]; seen {
				continue
			}
			if boost, st := layerBoost(f); st == strong {
				boost *= keyWeight
				c.addSource(term, termSource{query: word, layer: f.Layer})
				wc.strong = append(wc.strong, kinded(fieldTerms(term, boost), kindOf(f.Layer))...)
			}
		}
	}
}

// keyLayer tells the layers of phonetic keys (the phonetic key, the frame
// and the skeleton) from a word's spellings (native, Latin).
func keyLayer(l analyzers.Layer) bool {
	return l == analyzers.LayerPhonetic || l == analyzers.LayerFrame || l == analyzers.LayerSkeleton
}

// soundLayer tells the layers that match by sound alone: the frame and the
// skeleton, which keep too little of a word to say it is the same word.
func soundLayer(l analyzers.Layer) bool {
	return l == analyzers.LayerFrame || l == analyzers.LayerSkeleton
}

// kindOf is the kind of match a term of layer l makes: the query word's
// own spelling (its native term), a sound-alike (frame, skeleton), or a
// reading of it (the rest).
func kindOf(l analyzers.Layer) engine.MatchKind {
	switch {
	case l == analyzers.LayerNative:
		return engine.OwnSpelling
	case soundLayer(l):
		return engine.SoundsAlike
	}
	return engine.Spelled
}

// kinded marks alternatives with the kind of match they make (an
// alternative left unmarked is Spelled).
func kinded(alts []query.Query, kind engine.MatchKind) []query.Query {
	if kind == engine.Spelled {
		return alts
	}
	for i, a := range alts {
		alts[i] = &engine.Kinded{Query: a, Kind: kind}
	}
	return alts
}

// closeEdits is how many edits of a word's phonetic key still count as a
// spelling of it to the sound-alike policy: one from minCloseLen letters
// on, two from minClose2Len (Aggarwal ~ अग्रवाल "agrabal", Adhoshaj ~
// अधोक्षज). A frame has lost its vowels already: none.
func closeEdits(f analyzers.Form) int {
	if f.Layer != analyzers.LayerPhonetic {
		return 0
	}
	switch n := utf8.RuneCountInString(f.Text); {
	case n >= minClose2Len:
		return 2
	case n >= minCloseLen:
		return 1
	}
	return 0
}

// fuzzyLayer: edit-distance matching applies to the phonetic key and the
// frame of longer words, where spelling variants still differ.
func fuzzyLayer(f analyzers.Form) bool {
	if len(f.Text) > maxFuzzyLen {
		return false
	}
	switch f.Layer {
	case analyzers.LayerPhonetic:
		return utf8.RuneCountInString(f.Text) >= minFuzzyLen
	case analyzers.LayerFrame:
		return analyzers.FrameConsonants(f.Text) >= minFuzzyFrameConsonants
	}
	return false
}

// strength says how a form may be used in a query.
type strength int

const (
	unused strength = iota // too short to mean anything
	weak                   // only adds to a hit's score
	strong                 // can make a hit on its own
)

// layerBoost is the weight of a term of form f and how it may be used. A
// form with empty text asks for the layer's weight alone.
func layerBoost(f analyzers.Form) (float64, strength) {
	switch f.Layer {
	case analyzers.LayerNative:
		return boostNative, strong
	case analyzers.LayerLatin:
		return boostLatin, strong
	case analyzers.LayerPhonetic:
		return boostPhonetic, strong
	case analyzers.LayerFrame:
		return boostFrame, strengthByLen(f.Text, analyzers.FrameConsonants(f.Text), minWeakFrameConsonants, minFrameConsonants)
	case analyzers.LayerSkeleton:
		// A skeleton never makes a hit on its own: short ones are shared by
		// unrelated words ("md" Modi and মধ্যে, "krn" Ukraine and করেন), and
		// even long ones join names with common words ("dkst" Dikshit and
		// अध्यक्षता). It only lifts documents that match otherwise.
		if f.Text == "" {
			return boostSkeleton, strong
		}
		return boostSkeleton, strengthByLen(f.Text, len(f.Text), minWeakSkeletonLen, math.MaxInt)
	}
	return 0, unused
}

func strengthByLen(text string, n, minWeak, minStrong int) strength {
	switch {
	case text == "" || n >= minStrong:
		return strong
	case n >= minWeak:
		return weak
	}
	return unused
}

// queryForms are the forms a query word is searched by: its indexed forms,
// and a Latin word's Latin reading, which the index does not store as such
// but which meets the readings of Devanagari and Bengali words.
func queryForms(wa analyzers.WordAnalysis) []analyzers.Form {
	if wa.LatinReading == "" || len(wa.Forms) == 0 {
		return wa.Forms
	}
	forms := make([]analyzers.Form, 0, len(wa.Forms)+1)
	forms = append(forms, wa.Forms[0], analyzers.Form{Layer: analyzers.LayerLatin, Text: wa.LatinReading})
	return append(forms, wa.Forms[1:]...)
}

// unlocatedPrefixes are the query's prefix queries over the layers stored
// without locations, by text field (nil when there are none): a page's
// hits find what they matched by analysis (engine.Relocation).
func (c *compiled) unlocatedPrefixes() map[string][]string {
	var stems []string
	for _, e := range c.expansions {
		if layer, _ := analyzers.SplitTerm(e.term); e.prefix && unlocatedLayer(layer) {
			stems = append(stems, e.term)
		}
	}
	if len(stems) == 0 {
		return nil
	}
	out := map[string][]string{}
	for _, field := range textFields {
		out[field] = stems
	}
	return out
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

// layerRank orders the layers by how much a match through them says:
// the word itself, its reading, a curated synonym, then the keys.
func layerRank(l analyzers.Layer) int {
	if l == analyzers.LayerSynonym {
		return 2
	}
	for i, x := range analyzers.Layers {
		if x == l {
			if i >= 2 {
				return i + 1
			}
			return i
		}
	}
	return len(analyzers.Layers) + 1
}

// synonymAlternatives are the queries for the other entries of a matched
// synonym rule: one word → its native and Latin terms; several words → a
// phrase of their native terms.
func (c *compiled) synonymAlternatives(e analyzers.SynonymExpansion, opts compileOptions) []query.Query {
	var alts []query.Query
	for _, alt := range e.Alternatives {
		spans := analyzers.WordSpans(alt)
		if len(spans) == 0 {
			continue
		}
		var natives []string
		for _, sp := range spans {
			wa := c.analyze(alt[sp.Start:sp.End])
			if len(wa.Forms) == 0 {
				natives = append(natives, "")
				continue
			}
			natives = append(natives, wa.Forms[0].Term())
			c.addSource(wa.Forms[0].Term(), termSource{query: e.Matched, layer: analyzers.LayerSynonym})
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

// ownSpelling matches the documents that hold the query as it was typed:
// each word's native term, side by side in the query's order.
func (c *compiled) ownSpelling(parts []queryPart, opts compileOptions) []query.Query {
	if opts.skip[analyzers.LayerNative] {
		return nil
	}
	var terms []string
	for _, p := range parts {
		for _, w := range p.words {
			wa := c.analyze(w)
			switch {
			case len(wa.Forms) == 0:
				terms = append(terms, "")
			case wa.Forms[0].Layer == analyzers.LayerNative:
				terms = append(terms, wa.Forms[0].Term())
			default:
				return nil
			}
		}
	}
	// A word without a form at either end cannot be checked, and without
	// it the query is another name. (A stop word has its native form: the
	// initial in "PRAKASH.A" or "रमेश, के." is checked as written.)
	if len(terms) == 0 || terms[0] == "" || terms[len(terms)-1] == "" {
		return nil
	}
	c.ownPhrase = terms
	if len(terms) == 1 {
		return fieldTerms(terms[0], boostNative)
	}
	var qs []query.Query
	for _, field := range textFields {
		pq := query.NewPhraseQuery(terms, field)
		pq.SetBoost(boostNative * fieldBoost(field))
		qs = append(qs, pq)
	}
	return qs
}

// phraseQuery matches the words at consecutive positions, each position
// accepting any layer of its word (a stop word's only layer is its native
// term); a word with no forms (punctuation) leaves a gap that any word
// fills.
func (c *compiled) phraseQuery(words []string, opts compileOptions) query.Query {
	var positions [][]string
	searchable := false
	for _, w := range words {
		wa := c.analyze(w)
		var terms []string
		for _, f := range wa.Forms {
			// Frame and skeleton terms are stored without positions
			// (mapping.go): a phrase could not match through them.
			if opts.skip[f.Layer] || unlocatedLayer(f.Layer) {
				continue
			}
			terms = append(terms, f.Term())
			c.addSource(f.Term(), termSource{query: w, layer: f.Layer})
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
	return fieldPhrases(positions, boostNative)
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
