package analyzers

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
)

// Layer names one form of a word. The names are part of the search API
// (`matches[].layer`) and of every index on disk (as term prefixes).
type Layer string

const (
	// LayerNative is the word in its own script, normalized and stemmed.
	LayerNative Layer = "native"
	// LayerLatin is the canonical Latin reading (a Latin word: itself,
	// unstemmed).
	LayerLatin Layer = "latin"
	// LayerPhonetic is the vowel-keeping phonetic key (see phonetic.go).
	LayerPhonetic Layer = "phonetic"
	// LayerFrame is the phonetic key with its vowel runs reduced to one
	// placeholder each.
	LayerFrame Layer = "frame"
	// LayerSkeleton is the consonant skeleton of the phonetic key.
	LayerSkeleton Layer = "skeleton"
	// LayerSynonym marks a query-time expansion through the synonym map; no
	// term in an index carries it.
	LayerSynonym Layer = "synonym"
)

// Layers lists the indexed layers, strongest first.
var Layers = []Layer{LayerNative, LayerLatin, LayerPhonetic, LayerFrame, LayerSkeleton}

// Term prefixes. Native terms carry none: a word never contains '|'
// (the tokenizer splits there), so a prefixed term cannot collide with a
// native one, and plain bleve queries on native words keep working.
//
// The frame and the skeleton share a prefix, so that a word whose forms
// coincide stores one term instead of two, and sharing loses no match: a
// frame without vowels is its own skeleton. Which of the two matched is
// told by the query's own forms.
var layerPrefixes = map[Layer]string{
	LayerNative:   "",
	LayerLatin:    "l|",
	LayerPhonetic: "p|",
	LayerFrame:    "f|",
	LayerSkeleton: "f|",
}

// layerPrefixList is layerPrefixes as a list: for a handful of layers a
// scan is cheaper than hashing the name, and every form of every word
// looks its prefix up.
var layerPrefixList = func() (list []layerAndPrefix) {
	// The indexed layers first, in the order forms are made.
	for _, l := range Layers {
		list = append(list, layerAndPrefix{l, layerPrefixes[l]})
	}
	for l, p := range layerPrefixes {
		if !slices.Contains(Layers, l) {
			list = append(list, layerAndPrefix{l, p})
		}
	}
	return list
}()

type layerAndPrefix struct {
	layer  Layer
	prefix string
}

// layerPrefix is layerPrefixes[l].
func layerPrefix(l Layer) string {
	for _, e := range layerPrefixList {
		if e.layer == l {
			return e.prefix
		}
	}
	return ""
}

// PrefixLen is the length in bytes of every non-native layer prefix; fuzzy
// and prefix queries keep it fixed so they stay inside their layer.
const PrefixLen = 2

// Form is one indexed form of a word.
type Form struct {
	Layer Layer
	Text  string
}

// Term returns the form as stored in the index: its layer prefix and text.
func (f Form) Term() string { return layerPrefix(f.Layer) + f.Text }

// LayerTerm returns the indexed term of text in layer l.
func LayerTerm(l Layer, text string) string { return layerPrefix(l) + text }

// SplitTerm returns the layer and the text of an indexed term; for a prefix
// two layers share, the stronger of them.
func SplitTerm(term string) (Layer, string) {
	if len(term) > PrefixLen && term[1] == '|' {
		p := term[:PrefixLen]
		for _, l := range Layers {
			if layerPrefixes[l] == p {
				return l, term[PrefixLen:]
			}
		}
	}
	return LayerNative, term
}

// WordAnalysis is what lipi makes of one word.
type WordAnalysis struct {
	Script Script
	// Normalized is the word normalized but not stemmed.
	Normalized string
	// Stop is true for a stop word: only its native form is indexed (the
	// word normalized, not stemmed), and its initial form if it is also a
	// letter's name (see initials.go).
	Stop bool
	// Forms are the indexed forms, native first, without two forms of one
	// indexed term.
	Forms []Form
	// Initial is the Latin letter the word may stand for as an initial (K,
	// के, আর, मु), or "".
	Initial string
	// LatinReading is a Latin word's Latin reading: the word as written.
	// It is not indexed as a Latin term: the native term, its stem, stands
	// for it (the reading itself when the stemmer leaves the word alone),
	// so a search for a Latin reading looks among native terms too. In
	// English text many words have a stem that differs (plurals, -ing,
	// -ed), and their Latin terms took a share of the index (measured in
	// docs/BENCHMARKS.md, "Building the index") while no search needed
	// them: a name matches across scripts on its keys, and in its own
	// script on the native term.
	LatinReading string
}

// AnalyzeWord runs one word (a token from the tokenizer) through
// normalization, stemming, transliteration and the keys.
func AnalyzeWord(word string) WordAnalysis {
	wa, forms := analyzeWord(word, nil, true)
	wa.Forms = forms
	return wa
}

// AnalyzeAsContent is AnalyzeWord for a stop word taken as a word of
// content: its stem, readings and keys. The index holds a stop word by
// its native form alone, but the same word written in another script (हम
// typed as "ham", कौन as "kaun") is an ordinary word there, indexed
// with its readings and keys; a query of stop words alone meets it
// through these.
func AnalyzeAsContent(word string) WordAnalysis {
	wa, forms := analyzeWord(word, nil, false)
	wa.Forms = forms
	return wa
}

// analyzeWord is AnalyzeWord with the forms returned apart; those of a
// word that is not a stop word are appended to forms[:0], or to a new list
// when forms is nil. Without stopList, no word is a stop word. The word
// cache copies the forms out, so its buffer need not be on the heap (and
// the forms stay out of wa, whose fields escape analysis cannot tell
// apart).
func analyzeWord(word string, forms []Form, stopList bool) (WordAnalysis, []Form) {
	// Malformed bytes are not part of any form (the token keeps its offsets
	// into the input all the same).
	if !utf8.ValidString(word) { // the check is cheaper than the repair
		word = strings.ToValidUTF8(word, "")
	}
	script := ScriptOf(word)
	var wa WordAnalysis
	wa.Script = script
	var native string
	// The lists of a word's readings and keys are short: they stay on the
	// stack.
	var latinBuf, keyBuf, frameBuf, skeletonBuf [8]string
	var latins []string
	switch script {
	case ScriptDevanagari, ScriptBengali:
		wa.Normalized = NormalizeIndic(word)
		if stopList && IsStopWord(wa.Normalized, script) {
			wa = stopWord(wa)
			return wa, wa.Forms
		}
		if script == ScriptBengali {
			native = StemBengali(wa.Normalized)
		} else {
			native = StemHindi(wa.Normalized)
		}
		// The stem is transliterated, so that inflected forms meet their
		// base form in every layer (দীক্ষিতের → দীক্ষিত → dikshit). A light
		// stemmer cannot always tell a short suffix from the end of a name
		// (-র in রাশিয়ার, but also in ভ্লাদিমির; -রা in বোপারা), so then the
		// word as written is read too (through its keys).
		latins = appendIndicReadings(latinBuf[:0], native)
		latins = append(latins, demonymReadings(wa.Normalized)...)
		if cut := runesCut(wa.Normalized, native); cut >= 1 && cut <= 2 {
			latins = readAlso(latins, wa.Normalized)
		}
		if script == ScriptDevanagari && strings.ContainsRune(word, devanagariCandrabindu) {
			// ँ nasalises the vowel before it, as Bengali ঁ does, and
			// Latin spellings write it with an n or not at all (आँखों
			// aankhon, aakhon; छाँव chhanv, chhav; हूँ hoon, hu). The
			// normalizer makes it an anusvara, which is read n; the word
			// without it is read too, through its keys. An anusvara
			// written as such is left alone: before a consonant it is
			// mostly a consonant (गांधी Gandhi, not Gadhi).
			latins = readAlso(latins, NormalizeIndic(strings.ReplaceAll(word, string(devanagariCandrabindu), "")))
		}
		if script == ScriptDevanagari && strings.ContainsAny(word, candraO) {
			// ॉ and ऑ are the vowel of English ball and hot, which
			// English spells a as often as o (Ball बॉल, Warner वॉर्नर,
			// Australia ऑस्ट्रेलिया) and Indian romanizations write a or
			// aa (रॉबी raabi, डॉक्टर daktar). The normalizer makes them
			// ो and ओ, read o; the word with आ in their place is read
			// too, through its keys. (Gujarati's, which its normalizer
			// keeps, below.)
			latins = readAlso(latins, NormalizeIndic(candraOAsAA.Replace(word)))
		}
	case ScriptGurmukhi, ScriptGujarati, ScriptOriya, ScriptTamil, ScriptTelugu, ScriptKannada, ScriptMalayalam, ScriptArabic:
		// No stemmer yet: the word as written is its native term.
		wa.Normalized = NormalizeWordForScript(word, script)
		if stopList && IsStopWord(wa.Normalized, script) {
			wa = stopWord(wa)
			return wa, wa.Forms
		}
		native = wa.Normalized
		if script == ScriptArabic {
			latins = appendUrduReadings(latinBuf[:0], native)
		} else {
			latins = appendIndicReadings(latinBuf[:0], native)
		}
		if script == ScriptGujarati && strings.ContainsAny(native, candraO) {
			latins = readAlso(latins, candraOAsAA.Replace(native)) // ૉ as Devanagari's ॉ above
		}
	case ScriptCyrillic:
		wa.Normalized = NormalizeCyrillic(word)
		native = russian.Stem(wa.Normalized, false)
		if native == "" {
			native = wa.Normalized
		}
		latins = ToLatin(native, ScriptCyrillic)
	case ScriptLatin:
		wa.Normalized = trimPossessive(NormalizeLatin(word))
		if stopList && IsStopWord(wa.Normalized, script) {
			wa = stopWord(wa)
			return wa, wa.Forms
		}
		native = english.Stem(wa.Normalized, false)
		if native == "" {
			native = wa.Normalized
		}
		// The Latin layer of a Latin word is the word unstemmed: a name is
		// never put through the English stemmer there.
		latins = append([]string{asciiLetters(wa.Normalized)}, englishAlternatives(asciiLetters(wa.Normalized))...)
	case ScriptDigits:
		wa.Normalized = FoldDigits(word)
		native = wa.Normalized
	default:
		wa.Normalized = NormalizeLatin(NormalizeIndic(word))
		native = wa.Normalized
	}
	if native == "" {
		return wa, nil
	}
	if forms == nil {
		forms = make([]Form, 0, 10)
	}
	// The native terms: the stem, and for Hindi and Bengali the dictionary
	// forms its ending points to (stem.go).
	var termBuf [6]string
	natives := append(termBuf[:0], native)
	switch script {
	case ScriptDevanagari:
		natives = hindiNativeTerms(termBuf[:0], wa.Normalized, native)
	case ScriptBengali:
		natives = bengaliNativeTerms(termBuf[:0], wa.Normalized, native)
	}
	forms = forms[:0]
	for _, term := range natives {
		forms = appendForm(forms, Form{LayerNative, term})
	}
	initials := wordInitials(wa.Normalized, script)
	for i, initial := range initials {
		if i == 0 {
			wa.Initial = initial
		}
		latins = appendUnique(latins, initial)
	}
	keys, frames, skeletons := keyBuf[:0], frameBuf[:0], skeletonBuf[:0]
	for i, l := range latins {
		if l == "" {
			continue
		}
		switch {
		case script == ScriptLatin && i == 0:
			// Not indexed (see LatinReading).
			wa.LatinReading = l
		case i == 0 || slices.Contains(initials, l):
			// The Latin layer holds the one canonical reading (and an
			// initial); the other readings (Bengali o for the inherent
			// vowel, a kept final vowel) are indexed through their keys,
			// which is where spelling variants meet anyway.
			forms = appendForm(forms, Form{LayerLatin, l})
		}
		// Readings often share a key, whose frame and skeleton are then
		// known already.
		if k := ReadingKey(l, script); k != "" && !slices.Contains(keys, k) {
			frame, skeleton := frameAndSkeleton(k)
			keys = append(keys, k)
			frames = appendUnique(frames, frame)
			skeletons = appendUnique(skeletons, skeleton)
		}
	}
	if sh := initialChAsS(wa.LatinReading); sh != "" {
		keys = appendUnique(keys, ReadingKey(sh, script))
	}
	for _, k := range keys {
		if alt := swAsS(k); alt != "" {
			keys = appendUnique(keys, alt)
		}
	}
	for _, k := range keys {
		forms = appendForm(forms, Form{LayerPhonetic, k})
	}
	for _, f := range frames {
		if FrameConsonants(f) >= MinFrameConsonants {
			forms = appendForm(forms, Form{LayerFrame, f})
		}
	}
	for _, s := range skeletons {
		if len(s) >= MinSkeletonLen {
			forms = appendForm(forms, Form{LayerSkeleton, s})
		}
	}
	return wa, forms
}

// devanagariCandrabindu is ँ, which NormalizeIndic folds into the
// anusvara ं.
const devanagariCandrabindu = '\u0901'

// candraO holds the candra o of Devanagari (ॉ ऑ, which NormalizeIndic
// folds into ो and ओ) and of Gujarati (ૉ ઑ); candraOAsAA writes each as
// its script's aa (ा आ, ા આ).
const candraO = "\u0949\u0911\u0AC9\u0A91"

var candraOAsAA = strings.NewReplacer("\u0949", "\u093E", "\u0911", "\u0906", "\u0AC9", "\u0ABE", "\u0A91", "\u0A86")

// readAlso appends to latins the readings of another spelling of the word
// being analyzed that latins lacks; past the first, readings are indexed
// through their keys.
func readAlso(latins []string, spelling string) []string {
	var more [4]string
	for _, l := range appendIndicReadings(more[:0], spelling) {
		latins = appendUnique(latins, l)
	}
	return latins
}

// runesCut is the number of runes of word minus that of stem, counting
// only the tail of word when stem is its beginning, as a stem mostly is.
func runesCut(word, stem string) int {
	if strings.HasPrefix(word, stem) {
		return utf8.RuneCountInString(word[len(stem):])
	}
	return utf8.RuneCountInString(word) - utf8.RuneCountInString(stem)
}

// Frames and skeletons too short to tell words apart ("d." of दो, "ds" of
// देश) are shared by so many words that no search uses them, so they are
// not indexed: they were about a tenth of all terms.
const (
	MinFrameConsonants = 2
	MinSkeletonLen     = 3
)

// FrameConsonants is the number of consonants of a frame key.
func FrameConsonants(frame string) int {
	return len(frame) - strings.Count(frame, ".")
}

// stopWord is the analysis of a stop word: its native form, and the
// initial it may stand for, as a letter's name (के K, আর R) or a
// one-syllable abbreviation (की, से in lists of names). No reading and no
// key: a query searches a stop word only when it holds nothing else, or
// as part of the query as typed (index/query.go), so the word as written
// is all it needs. Left out of the index, a name or title of such words
// (सारा अली खान, Will Smith, कुछ कुछ होता है) lost them, and the query as
// typed ranked documents with another word in their place first.
func stopWord(wa WordAnalysis) WordAnalysis {
	wa.Stop = true
	wa.Forms = append(wa.Forms, Form{LayerNative, wa.Normalized})
	for i, initial := range wordInitials(wa.Normalized, wa.Script) {
		if i == 0 {
			wa.Initial = initial
		}
		wa.Forms = append(wa.Forms, Form{LayerLatin, initial}, Form{LayerPhonetic, initial})
	}
	return wa
}

// appendForm adds f unless a stronger form already stands for the same
// indexed term.
func appendForm(forms []Form, f Form) []Form {
	if f.Text == "" {
		return forms
	}
	prefix := layerPrefix(f.Layer)
	for _, g := range forms {
		if g.Text == f.Text && layerPrefix(g.Layer) == prefix {
			return forms
		}
	}
	return append(forms, f)
}

// trimPossessive drops an English possessive ('s, ’s), which the tokenizer
// keeps inside the word.
func trimPossessive(w string) string {
	for _, suffix := range []string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(w, suffix) && len(w) > len(suffix) {
			return w[:len(w)-len(suffix)]
		}
	}
	return w
}

// asciiLetters keeps the ASCII letters and digits of a folded Latin word.
func asciiLetters(w string) string {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			var b strings.Builder
			for j := 0; j < len(w); j++ {
				c := w[j]
				if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
					b.WriteByte(c)
				}
			}
			return b.String()
		}
	}
	return w
}

// Hindi -ियाई and Bengali -ীয়, -িয় make adjectives of names of places, where
// English has -ian and the scripts' transliterations of it -ियन, -িয়ান
// (रोमानियाई, রোমানীয়, Romanian): such a word is also read with -ian.
var demonymSuffixes = [][2]string{
	{NormalizeIndic("ियाई"), NormalizeIndic("ियन")},
	{NormalizeIndic("ীয়"), NormalizeIndic("িয়ান")},
	{NormalizeIndic("িয়"), NormalizeIndic("িয়ান")},
}

func demonymReadings(normalized string) []string {
	for _, sfx := range demonymSuffixes {
		if stem, ok := strings.CutSuffix(normalized, sfx[0]); ok && utf8.RuneCountInString(stem) >= 2 {
			if readings := IndicToLatin(stem + sfx[1]); len(readings) > 0 {
				return readings[:1]
			}
			return nil
		}
	}
	return nil
}

// swAsS is a key with sw (sb in keys, where w and v are b) before a vowel
// read s, or "": Tamil names write swami as sami or swami (Saminathan,
// स्वामीनाथन; Kuppusamy, Kuppuswamy). Only its key is indexed.
func swAsS(key string) string {
	alt := replaceWhere(key, "sb", "s", func(_ byte, after string) bool {
		return after != "" && isKeyVowel(after[0])
	})
	if alt == key {
		return ""
	}
	return alt
}
