package analyzers

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Light inflectional stemmers for Bengali and Hindi. They take a word already
// normalized by NormalizeIndic (nukta as a separate mark, Devanagari
// chandrabindu folded to anusvara) and strip case, plural and classifier endings of nouns. They do
// not touch derivation (भारतीय "Indian" stays apart from भारत "India") nor
// verbs: a stem stays a spelling of the word itself, since it is also
// transliterated. The dictionary forms indexed beside the stem
// (hindiLemmaForms, bengaliLemmaForms, at the end of this file) reach
// further, Bengali verbs included.
//
// Each stemmer is a list of suffix rules tried in order (longer suffixes
// first); the first rule whose conditions hold is applied, and the list is
// tried again on the result until no rule applies, so stacked endings
// (শহর-গুলো-তে "in the cities") come off one by one and the stemmers are
// idempotent. Every rule keeps at least minStem letters (consonants and
// independent vowels; vowel signs, nukta, virama and anusvara do not count)
// and never leaves a stem ending in a virama, which would split a conjunct
// (পার্টি stays whole). Short names therefore survive: মোদীর → মোদী, but
// বীর stays as it is. Because lipi transliterates the stem, a rule must not
// cut a base word either (সেন্টার must stay sentar): endings that are often
// part of a base word are stripped only in narrow contexts, and a list of
// frequent base forms that look inflected (bengaliStemExceptions) is left
// alone.
//
// Sources of the facts (the code is lipi's own): for Hindi, A. Ramanathan and
// D. D. Rao, "A Lightweight Stemmer for Hindi" (EACL 2003 workshop on
// computational linguistics for South-Asian languages), whose suffix classes
// Lucene's HindiStemmer implements; for Bengali, the noun endings stripped by
// Jacques Savoy's light Bengali stemmer (CLEF) and Lucene's BengaliStemmer.
// Where those stemmers strip an ending that is ambiguous with the end of a
// common stem, lipi's rules add a condition or leave the ending alone; the
// comment on each rule says which and why.

// suffixRule rewrites one ending.
type suffixRule struct {
	suffix  string // the ending, in NormalizeIndic form
	replace string // what the ending becomes: shorter, or an ending no rule takes
	minStem int    // letters the result (stem + replace) must keep
	// after, when set, must hold for the last rune of the stem.
	after func(r rune) bool
}

// stemWith applies rules to word until none applies. A word in keep, or a
// rule that would cut into a word of keep that begins the word, stops there:
// keep holds base forms that end like an inflection (কাশ্মীর, দুবে).
func stemWith(word string, rules []suffixRule, virama rune, keep map[string]bool) string {
	for !keep[word] {
		next, ok := stemOnce(word, rules, virama)
		if !ok {
			break
		}
		word = keptPrefix(word, next, keep)
	}
	return word
}

// keptPrefix returns the longest word of keep that is a prefix of word and
// longer than stem, or stem if there is none.
func keptPrefix(word, stem string, keep map[string]bool) string {
	if len(keep) == 0 {
		return stem
	}
	for end := len(word) - 1; end > len(stem); end-- {
		if utf8.RuneStart(word[end]) && keep[word[:end]] {
			return word[:end]
		}
	}
	return stem
}

func stemOnce(word string, rules []suffixRule, virama rune) (string, bool) {
	for i := range rules {
		rl := &rules[i]
		if !strings.HasSuffix(word, rl.suffix) {
			continue
		}
		stem := word[:len(word)-len(rl.suffix)]
		last, _ := utf8.DecodeLastRuneInString(stem)
		if stem == "" || last == virama {
			continue
		}
		if rl.after != nil && !rl.after(last) {
			continue
		}
		next := stem + rl.replace
		if stemLetters(next) < rl.minStem {
			continue
		}
		return next, true
	}
	return word, false
}

// stemLetters counts the letters of s: consonants and independent vowels
// (category L); marks (vowel signs, nukta, virama, anusvara) are not letters.
func stemLetters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// Bengali code points the rules test for.
const (
	bnAA     = '\u09BE' // া
	bnNukta  = '\u09BC' // ়
	bnVirama = '\u09CD' // ্ hasanta
)

// bnConsonant: a Bengali consonant with its inherent vowel, i.e. a consonant
// letter or a nukta closing one (য়, ড়).
func bnConsonant(r rune) bool {
	return (r >= '\u0995' && r <= '\u09B9') || r == bnNukta ||
		(r >= '\u09DC' && r <= '\u09DF') || r == '\u09F0' || r == '\u09F1'
}

// bnVowel: a dependent vowel sign or an independent vowel (the word ends in a
// vowel sound other than the inherent one).
func bnVowel(r rune) bool {
	return (r >= '\u09BE' && r <= '\u09CC') || r == '\u09D7' ||
		(r >= '\u0985' && r <= '\u0994') || r == '\u09E0' || r == '\u09E1'
}

func runeIn(set string) func(rune) bool {
	return func(r rune) bool { return strings.ContainsRune(set, r) }
}

// bengaliRules, longer endings first.
var bengaliRules = []suffixRule{
	// -য়ের: genitive after a vowel-final stem (ভাইয়ের, বইয়ের). Only after a
	// vowel: after a consonant the য় belongs to the stem (সময়ের → সময়
	// through -ের below).
	{suffix: "য়ের", minStem: 2, after: bnVowel},
	// -গুলো, -গুলি: plural classifiers (বইগুলো, শহরগুলি), also with the
	// genitive -র, which the -র rule below does not take after ো.
	{suffix: "গুলোর", minStem: 2},
	{suffix: "গুলো", minStem: 2},
	{suffix: "গুলি", minStem: 2},
	// -খানা, -খানি: classifiers (বইখানা). Three letters must remain, because
	// -খানা also ends common compounds (কারখানা "factory", ডাকখানা).
	{suffix: "খানা", minStem: 3},
	{suffix: "খানি", minStem: 3},
	// -সমূহ, -গণ: formal plurals (দেশসমূহ, সদস্যগণ).
	{suffix: "সমূহ", minStem: 2},
	{suffix: "গণ", minStem: 2},
	// -েরা: plural after a consonant-final stem (লোকেরা) or -রা after an
	// e-final one (মেয়েরা); both give the stem that -ে below gives.
	{suffix: "েরা", minStem: 2},
	// -রা: plural. After a bare consonant (ছাত্ররা) three letters must remain
	// so that the pronouns আমরা, তোমরা do not become আম "mango", তোম. After
	// a vowel only া ী ু ূ (নেতারা, কর্মীরা, শিশুরা): names end in -িরা
	// (ইন্দিরা) and stay whole.
	{suffix: "রা", minStem: 3, after: bnConsonant},
	{suffix: "রা", minStem: 2, after: runeIn("\u09BE\u09C0\u09C1\u09C2")},
	// -টি, -টা, -টো: singular classifiers (ছেলেটি, দেশটি, বইটা). The virama
	// condition keeps conjuncts whole (পার্টি, ঘণ্টা); not after ি ী ু ূ,
	// where -টি is mostly the English -ty of a loan word (কমিটি, সিটি,
	// ডেপুটি).
	{suffix: "টি", minStem: 2, after: classifierHost},
	{suffix: "টা", minStem: 2, after: classifierHost},
	{suffix: "টো", minStem: 2, after: classifierHost},
	// -কে: objective/dative (মোদীকে, ভারতকে). On a ক-final stem this is the
	// locative -ে instead (লোকে "among people"): লোকে keeps too few letters
	// and falls through to -ে, frequent longer ones are exceptions (বৈঠকে →
	// বৈঠক), the others are stemmed wrongly (the price of মমতাকে,
	// রাশিয়াকে).
	{suffix: "কে", minStem: 2},
	// -তে: locative after a vowel-final stem (দিল্লিতে, বইতে). Not after া,
	// whose locative is -য় (কলকাতায়): there the ত belongs to the stem
	// (গুজরাতে → গুজরাত through -ে), and not after a consonant (ভারতে →
	// ভারত, not ভার "weight").
	{suffix: "তে", minStem: 2, after: func(r rune) bool { return bnVowel(r) && r != bnAA }},
	// -ের: genitive after a consonant-final stem (দীক্ষিতের, ভারতের). The
	// plural -দের is not stripped as a whole: it cannot be told from the
	// genitive of দ-final names (আহমেদের, হায়দরাবাদের, সংসদের), which must
	// meet their base; ছাত্রদের stems to ছাত্রদ.
	{suffix: "ের", minStem: 2},
	// -য়: locative after an া-final stem (কলকাতায়, রাশিয়ায়). The frequent
	// words that end in -ায় themselves (উপায়, অধ্যায়) are exceptions.
	{suffix: "য়", minStem: 2, after: runeIn("\u09BE")},
	// -র: genitive after a vowel-final stem. Base words that end in vowel +
	// র are very common (the stem is also transliterated, and সেন্টার must
	// stay sentar, কুমার kumar), so -র comes off only where the genitive
	// is the likely reading:
	//   - after -িয়া, the -ia of country and place names (রাশিয়ার →
	//     রাশিয়া, এশিয়ার, মিডিয়ার); -ier loans are exceptions
	//     (ইঞ্জিনিয়ার);
	//   - after ি and ী (দিল্লির, মোদীর, প্রধানমন্ত্রীর); the names and
	//     nouns in -ির/-ীর are listed in bengaliStemExceptions (ভ্লাদিমির,
	//     কাশ্মীর, মন্দির), and one letter is never stripped to (বীর, তীর).
	// After া, ু, ূ, ো the র stays: সরকার, ডলার, কুমার, -পুর, ঠাকুর, লাহোর
	// are base words, and কলকাতার, শিশুর are left unstemmed.
	{suffix: "িয়ার", replace: "িয়া", minStem: 2},
	{suffix: "র", minStem: 2, after: runeIn("\u09BF\u09C0")},
	// -ে: locative/instrumental after a consonant-final stem (ভারতে, দেশে).
	// e-final words (ছেলে, মেয়ে) lose it in every form alike; e-final
	// surnames are in bengaliStemExceptions (দুবে, পাণ্ডে).
	{suffix: "ে", minStem: 2, after: bnConsonant},
	// Word-final hasanta: NormalizeIndic spells khanda ta ৎ as ত্, and a
	// final ত্ sounds as the bare ত of the inflected forms (ভবিষ্যৎ,
	// ভবিষ্যতে → ভবিষ্যত).
	{suffix: "\u09CD", minStem: 2, after: bnConsonant},
}

// classifierHost: the -টি/-টা/-টো classifiers come off after a consonant, an
// independent vowel, or া ে ো.
func classifierHost(r rune) bool {
	return !strings.ContainsRune("\u09BF\u09C0\u09C1\u09C2", r)
}

// bengaliStemExceptions are base forms that end like an inflection and are
// frequent in news text or are names: StemBengali leaves them, and their
// inflected forms stop at them (কাশ্মীরের → কাশ্মীর, উপায়ের → উপায়). The list
// is lipi's own, from general knowledge of Bengali; extend it rather than
// loosen a rule.
var bengaliStemExceptions = normalizedSet(NormalizeIndic,
	// -ির/-ীর names and nouns (-র rule)
	"ভ্লাদিমির", "কাশ্মীর", "মন্দির", "শরীর", "শিবির", "গভীর", "স্থির",
	"অস্থির", "ফকির", "উজির", "তাকদির", "জিঞ্জির", "আমির", "আমীর", "কবির",
	"কবীর", "জাকির", "নাসির", "বশির", "মনির", "জহির", "সাবির", "তাহির",
	"শাকির", "খিজির", "সমীর", "সুধীর", "প্রবীর", "জাহাঙ্গীর", "আলমগীর",
	// -িয়ার loans (-র rule)
	"ইঞ্জিনিয়ার", "ক্যারিয়ার", "প্রিমিয়ার", "ক্যাশিয়ার", "ব্যারিয়ার",
	// e-final surnames (-ে rule)
	"দুবে", "চৌবে", "পাণ্ডে", "পান্ডে", "ঠাকরে", "শিন্ডে", "গোখলে", "মুণ্ডে",
	"খাড়গে",
	// ক-final nouns whose locative -ে looks like -কে
	"বৈঠক", "শতক", "দশক", "ব্যাংক", "ইরাক", "সড়ক", "নাটক", "ফেসবুক",
	"ট্রাক", "ব্লক",
	// -রা and -য় look-alikes
	"সাহারা", "চেহারা", "পাহারা", "ইশারা", "মথুরা",
	"উপায়", "অধ্যায়", "সম্প্রদায়", "বিদায়", "ন্যায়", "অন্যায়", "সহায়",
	"সমবায়",
)

// normalizedSet returns the set of words, each put through normalize.
func normalizedSet(normalize func(string) string, words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[normalize(w)] = true
	}
	return m
}

// StemBengali strips Bengali case, plural and classifier endings from a word
// normalized by NormalizeIndic: দীক্ষিতের → দীক্ষিত, রাশিয়ার → রাশিয়া,
// দিল্লিতে → দিল্লি. Words of other scripts are returned unchanged.
func StemBengali(word string) string {
	if isASCIIWord(word) {
		return word
	}
	return stemWith(word, bengaliRules, bnVirama, bengaliStemExceptions)
}

// Devanagari code points the rules test for.
const (
	hiNukta  = '\u093C' // ़
	hiVirama = '\u094D' // ्
)

// hiConsonant: a Devanagari consonant letter, or a nukta closing one (ड़).
func hiConsonant(r rune) bool {
	return (r >= '\u0915' && r <= '\u0939') || r == hiNukta ||
		(r >= '\u0958' && r <= '\u095F') || (r >= '\u0978' && r <= '\u097F')
}

// hindiRules, longer endings first. Hindi writes its postpositions as separate
// words (रूस के, मोदी ने), so nouns carry only number and the direct/oblique
// case: -ों -ें -ओं -एं -यों -यां. The plural of a vowel-final noun keeps the
// vowel of its singular, which the replacement restores.
var hindiRules = []suffixRule{
	// -इयों, -इयां after ा: plural of -ाई nouns (भाइयों → भाई, लड़ाइयां →
	// लड़ाई).
	{suffix: "ाइयों", replace: "ाई", minStem: 2},
	{suffix: "ाइयां", replace: "ाई", minStem: 2},
	// -ियों, -ियां: plural of -ी nouns (लड़कियों → लड़की, पार्टियों →
	// पार्टी, मंत्रियां). -ि nouns (नीति) share the ending; their plurals
	// stem to -ी (नीतियों → नीती), which is the more frequent class's form.
	{suffix: "ियों", replace: "ी", minStem: 2},
	{suffix: "ियां", replace: "ी", minStem: 2},
	// -ाओं, -ाएं: plural of -ा feminines and of masculines that keep -ा
	// (माताओं, महिलाएं → महिला, नेताओं → नेता).
	{suffix: "ाओं", replace: "ा", minStem: 2},
	{suffix: "ाएं", replace: "ा", minStem: 2},
	// -ुओं, -ुएं: plural of -ु and -ू nouns, which shorten ू before the
	// ending (वस्तुओं → वस्तु, हिंदुओं → हिंदु); see the -ू rule below.
	{suffix: "ुओं", replace: "ु", minStem: 2},
	{suffix: "ुएं", replace: "ु", minStem: 2},
	// -ों: oblique plural of consonant-final nouns (सेंटरों → सेंटर,
	// लोगों → लोग). Masculine -ा nouns (लड़का, लड़कों) are not restored:
	// stripping the -ा of every word would join गीता and गीत.
	{suffix: "ों", minStem: 2, after: hiConsonant},
	// -ें: direct plural of consonant-final feminines (बातें → बात). Not
	// after म: pronouns written together with में "in" (जिसमें, उनमें)
	// would lose a letter of the pronoun.
	{suffix: "ें", minStem: 2, after: func(r rune) bool { return hiConsonant(r) && r != 'म' }},
	// Word-final ू → ु: the plural shortens it (हिंदू, हिंदुओं), and the
	// two spellings of the singular are common variants (हिंदू/हिंदु,
	// साधु/साधू); the rare pairs told apart only by it (बहू/बहु) meet.
	{suffix: "ू", replace: "ु", minStem: 2},
}

// StemHindi strips Hindi plural and oblique endings from a word normalized by
// NormalizeIndic: सेंटरों → सेंटर, लड़कियों → लड़की. Derivational endings
// are kept (भारतीय is not भारत), and words of other scripts are returned
// unchanged.
func StemHindi(word string) string {
	if isASCIIWord(word) {
		return word
	}
	return stemWith(word, hindiRules, hiVirama, nil)
}

// hindiLemmaForms are the dictionary forms a Hindi word's ending points to
// but that its stem, which must stay a spelling of the word itself, does
// not reach; they are indexed beside the stem as native terms.
//   - Masculine nouns and adjectives in -ा inflect as -े and -ों (लड़का,
//     लड़के, लड़कों; अच्छा, अच्छे): a word in -े, or one whose -ों the
//     stemmer took after a consonant, also stands for its -ा form. The stem
//     keeps the consonant-final reading (सेंटरों → सेंटर), so both are
//     indexed.
//   - Ordinals in -वां inflect as -वें and -वीं (पांचवें, आठवीं).
//   - Nouns in -ि make their plural in -ियों/-ियां, which the stemmer
//     takes to -ी (the more frequent class): शक्तियों also stands for
//     शक्ति.
//   - English plurals keep their -s in Devanagari (मोटर्स, रिकॉर्ड्स):
//     a word in consonant + ्स also stands for the word without it.
func hindiLemmaForms(normalized, stem string) []string {
	var out []string
	switch {
	case strings.HasSuffix(normalized, "वें") || strings.HasSuffix(normalized, "वीं"):
		base := strings.TrimSuffix(strings.TrimSuffix(normalized, "ें"), "ीं")
		out = append(out, base+"ां")
	case strings.HasSuffix(normalized, "ों") && stem+"ों" == normalized:
		out = append(out, stem+"ा")
	case strings.HasSuffix(normalized, "े") && stem == normalized:
		if base := strings.TrimSuffix(normalized, "े"); endsInConsonant(base, 2) {
			out = append(out, base+"ा")
		}
	case strings.HasSuffix(stem, "ी") && (strings.HasSuffix(normalized, "ियों") || strings.HasSuffix(normalized, "ियां")):
		out = append(out, strings.TrimSuffix(stem, "ी")+"ि")
	case strings.HasSuffix(normalized, "\u094Dस") && stem == normalized:
		if base := strings.TrimSuffix(normalized, "\u094Dस"); endsInConsonant(base, 2) {
			out = append(out, base)
		}
	}
	return out
}

// endsInConsonant reports whether a Devanagari word ends in a consonant
// (with its inherent vowel) and has at least letters letters.
func endsInConsonant(word string, letters int) bool {
	r, _ := utf8.DecodeLastRuneInString(word)
	return hiConsonant(r) && stemLetters(word) >= letters
}

// foldHindiSpelling writes a Hindi native term the way readers treat as
// the same word, for matching only (the readings are taken from the
// spelling as written):
//   - the nukta is dropped: writers leave it out as often as not (बाज़ार,
//     बाजार; पड़ोसी, पडोसी), and the Hindi words told apart by it alone
//     are few;
//   - a nasal consonant with virama before a stop of any class is written
//     as the anusvara, the spelling of modern Hindi (केन्द्र, केंद्र;
//     सम्बन्ध, संबंध).
func foldHindiSpelling(term string) string {
	if !needsHindiFold(term) {
		return term
	}
	runes := []rune(term)
	out := runes[:0]
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case r == hiNukta:
			continue
		case hiNasal(r) && i+2 < len(runes) && runes[i+1] == hiVirama && hiStop(runes[i+2]):
			out = append(out, '\u0902')
			i++ // the virama
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

// needsHindiFold reports whether foldHindiSpelling would change term,
// without the copy that most words, which it leaves alone, do not need.
func needsHindiFold(term string) bool {
	var prev, prev2 rune
	for _, r := range term {
		if r == hiNukta || (prev == hiVirama && hiNasal(prev2) && hiStop(r)) {
			return true
		}
		prev2, prev = prev, r
	}
	return false
}

// hiNasal: ङ ञ ण न म.
func hiNasal(r rune) bool {
	return r == '\u0919' || r == '\u091E' || r == '\u0923' || r == '\u0928' || r == '\u092E'
}

// hiStop: a Devanagari stop consonant, voiceless or voiced, plain or
// aspirated (क … भ), not a nasal.
func hiStop(r rune) bool {
	return r >= '\u0915' && r <= '\u092D' && !hiNasal(r)
}

// hindiNativeTerms appends to out the native-layer terms of a Hindi word
// normalized by NormalizeIndic whose stem is stem: the stem, then its
// dictionary forms (hindiLemmaForms), each followed by its spelling folded
// by foldHindiSpelling where that differs, none twice. The stem comes first
// and as written, so that a query's own spelling (बाज़ार) still ranks the
// documents that share it above those that spell it the other way.
func hindiNativeTerms(out []string, normalized, stem string) []string {
	add := func(term string) {
		if !slices.Contains(out, term) {
			out = append(out, term)
		}
		if folded := foldHindiSpelling(term); !slices.Contains(out, folded) {
			out = append(out, folded)
		}
	}
	add(stem)
	for _, lemma := range hindiLemmaForms(normalized, stem) {
		add(lemma)
	}
	return out
}

// HindiNativeTerms are the native-layer terms of a Hindi word normalized by
// NormalizeIndic: its stem and the dictionary forms its ending points to,
// as lipi's layered analyzer indexes them.
func HindiNativeTerms(normalized string) []string {
	return hindiNativeTerms(nil, normalized, StemHindi(normalized))
}

// bengaliLemmaForms are the dictionary forms a Bengali word's ending points
// to but that its stem does not reach (see hindiLemmaForms):
//   - the plural genitive -দের, which the stemmer leaves as a stray দ so
//     that দ-final names meet their base (ছাত্রদের → ছাত্রদ), also stands
//     for the stem without it (ছাত্র);
//   - the genitive -র after া, which the stem keeps because so many base
//     words end in -ার (সরকার, কুমার), also stands for the word without it
//     (বাবার → বাবা);
//   - the emphatic -ই and inclusive -ও, written as the independent vowel
//     after any word (আগেই, রাজাও, বছরেরও), stand for the word without
//     them, stemmed and read again;
//   - a verb form stands for the verbal noun that dictionaries list it
//     under (bengaliVerbLemmas).
func bengaliLemmaForms(normalized, stem string) []string {
	var out []string
	add := func(forms ...string) {
		for _, f := range forms {
			if f != stem && stemLetters(f) >= 2 && !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	switch {
	case strings.HasSuffix(normalized, "দের") && stem+"ের" == normalized:
		// The base is stemmed as its own dictionary form is (মেয়েদের →
		// মেয়ে → মেয়, as মেয়ে itself).
		add(StemBengali(strings.TrimSuffix(stem, "দ")))
	case strings.HasSuffix(normalized, "ার") && stem == normalized:
		add(StemBengali(strings.TrimSuffix(stem, "র")))
	}
	if base, ok := bengaliClitic(normalized); ok {
		add(withBengaliLemmas(base)...)
	}
	add(bengaliVerbLemmas(normalized)...)
	return out
}

// bengaliNativeTerms appends to out the native-layer terms of a Bengali
// word normalized by NormalizeIndic whose stem is stem: the stem, then its
// dictionary forms (bengaliLemmaForms).
func bengaliNativeTerms(out []string, normalized, stem string) []string {
	return append(append(out, stem), bengaliLemmaForms(normalized, stem)...)
}

// BengaliNativeTerms are the native-layer terms of a Bengali word
// normalized by NormalizeIndic: its stem and the dictionary forms its
// ending points to, as lipi's layered analyzer indexes them.
func BengaliNativeTerms(normalized string) []string {
	return bengaliNativeTerms(nil, normalized, StemBengali(normalized))
}

// bengaliClitic cuts the emphatic -ই or the inclusive -ও off a word. Not
// -ই after া, which ends many words and names (লড়াই, জামাই, নিতাই), nor
// -ও after ি, the -io of loans (রেডিও, ভিডিও, মারিও).
func bengaliClitic(word string) (string, bool) {
	base, ok := strings.CutSuffix(word, "ই")
	if ok && strings.HasSuffix(base, "া") {
		return "", false
	}
	if !ok {
		base, ok = strings.CutSuffix(word, "ও")
		if ok && strings.HasSuffix(base, "ি") {
			return "", false
		}
	}
	return base, ok && stemLetters(base) >= 2
}

// withBengaliLemmas is a word's stem followed by its dictionary forms.
func withBengaliLemmas(word string) []string {
	stem := StemBengali(word)
	return append([]string{stem}, bengaliLemmaForms(word, stem)...)
}

// bengaliVerbEnding is a finite or non-finite verb ending and the kind of
// root it follows.
type bengaliVerbEnding struct {
	suffix string
	// causative: the ending is that of a causative verb, whose verbal
	// noun is the root + ানো (চালাচ্ছে → চালানো); otherwise the verbal
	// noun is the root + া (দেখতে → দেখা). The root ends in a consonant
	// either way.
	causative bool
}

// bengaliVerbEndings, longer endings first: person, tense and aspect
// endings of the standard colloquial language (চলিত) and of the literary
// one (সাধু) that news and older prose still use. Left out are the endings
// that end many nouns and names as well, since a verbal noun made up from
// a name would be a native term that ranks as a query's own spelling:
// -ল, -ত, -ব, -ে; the honorific present -েন (হোসেন, সুইডেন, ইয়েমেন,
// কারেন would stand for কারা); the সাধু infinitive -িতে, the locative of
// every -ি noun as well (বাড়িতে would stand for বাড়া, বেড়া); the সাধু participle -িয়া and past -িল, -িত (রাশিয়া,
// মারিয়া "Maria" would stand for মারা "killed"; অমিত, অনিল); -াল after a
// causative root (জামাল, নেপাল); and the first person -লাম, -তাম, which
// news hardly writes (ইসলাম).
var bengaliVerbEndings = []bengaliVerbEnding{
	// সাধু: -ি- joins the root and the ending (দেখিয়াছিল, উঠিতেছে).
	{suffix: "িতেছিলেন"}, {suffix: "িয়াছিলেন"}, {suffix: "িয়াছিল"},
	{suffix: "িতেছিল"}, {suffix: "িয়াছেন"}, {suffix: "িয়াছে"},
	{suffix: "িয়াছি"}, {suffix: "িতেছে"}, {suffix: "িতেন"}, {suffix: "িলেন"},
	{suffix: "িবেন"}, {suffix: "িবার"},
	{suffix: "িলে"}, {suffix: "িবে"},
	// সাধু causative: -াই- (দেখাইত, জানাইলে).
	{suffix: "াইয়াছে", causative: true}, {suffix: "াইয়া", causative: true},
	{suffix: "াইতে", causative: true}, {suffix: "াইলে", causative: true},
	{suffix: "াইবে", causative: true}, {suffix: "াইল", causative: true},
	{suffix: "াইত", causative: true},
	// চলিত perfect of causatives (জানিয়েছেন → জানানো), then of the
	// others, and the continuous (করেছিলেন, করছে).
	{suffix: "িয়েছিলেন", causative: true}, {suffix: "িয়েছিল", causative: true},
	{suffix: "িয়েছেন", causative: true}, {suffix: "িয়েছে", causative: true},
	{suffix: "েছিলেন"}, {suffix: "েছিল"}, {suffix: "েছেন"},
	{suffix: "েছে"}, {suffix: "েছি"}, {suffix: "ছিলেন"},
	{suffix: "ছিল"}, {suffix: "ছেন"}, {suffix: "ছে"}, {suffix: "ছি"},
	// চলিত past, habitual, future, conditional, infinitive (করলেন,
	// করতেন, করবে, করলে, করতে), and the participle of causatives
	// (জমিয়ে, বুঝিয়ে).
	{suffix: "লেন"}, {suffix: "তেন"},
	{suffix: "বেন"}, {suffix: "লে"}, {suffix: "লো"}, {suffix: "তে"},
	{suffix: "বে"}, {suffix: "িয়ে", causative: true},
	// The same after a causative root in -া (চালাচ্ছে, চালালেন, চালায়).
	{suffix: "াচ্ছিলেন", causative: true}, {suffix: "াচ্ছিল", causative: true},
	{suffix: "াচ্ছেন", causative: true}, {suffix: "াচ্ছে", causative: true},
	{suffix: "ালেন", causative: true}, {suffix: "াতেন", causative: true},
	{suffix: "াবেন", causative: true}, {suffix: "ালে", causative: true},
	{suffix: "ালো", causative: true}, {suffix: "াতে", causative: true},
	{suffix: "াবে", causative: true}, {suffix: "ায়", causative: true},
}

// bengaliVerbEndingsByLast are bengaliVerbEndings by their last rune, in
// the same order, so that a word is tried against the few that can end it.
var bengaliVerbEndingsByLast = func() map[rune][]bengaliVerbEnding {
	m := map[rune][]bengaliVerbEnding{}
	for _, e := range bengaliVerbEndings {
		r, _ := utf8.DecodeLastRuneInString(e.suffix)
		m[r] = append(m[r], e)
	}
	return m
}()

// bengaliVerbLemmas are the verbal nouns a word would be listed under if
// it is a verb form: the root + া (দেখতে → দেখা), or for a causative the
// root + ানো (চালায় → চালানো). The root + া of a causative is left out:
// it is mostly the stem already (চালায় → চালা), and where it is not, a
// noun in -াত with the locative -ে would become another word (গুজরাতে,
// but গুজরাটি stems to গুজরা). Roots whose vowel is
// raised in some forms (উঠি-, বুঝ-, চিন-) are also tried with the lower
// vowel of the verbal noun (ওঠা, বোঝা, চেনা). Vowel-final roots (খা-,
// যা-, দে-) change too much to be found this way.
func bengaliVerbLemmas(word string) []string {
	last, _ := utf8.DecodeLastRuneInString(word)
	for _, e := range bengaliVerbEndingsByLast[last] {
		root, ok := strings.CutSuffix(word, e.suffix)
		if !ok {
			continue
		}
		last, _ := utf8.DecodeLastRuneInString(root)
		if !bnConsonant(last) || stemLetters(root) < 2 {
			continue
		}
		var out []string
		for _, r := range []string{root, lowerBengaliRootVowel(root)} {
			if r == "" {
				continue
			}
			if e.causative {
				out = append(out, r+"ানো")
			} else {
				out = append(out, r+"া")
			}
		}
		return out
	}
	return nil
}

// lowerBengaliRootVowel lowers the first vowel of a verb root, i → e and
// u → o (উঠ → ওঠ, বুঝ → বোঝ, চিন → চেন), or returns "" when it has
// neither.
func lowerBengaliRootVowel(root string) string {
	for i, r := range root {
		var lower rune
		switch r {
		case 'ি':
			lower = 'ে'
		case 'ু':
			lower = 'ো'
		case 'ই':
			lower = 'এ'
		case 'উ':
			lower = 'ও'
		case 'া', 'ে', 'ো', 'ী', 'ূ', 'অ', 'আ', 'এ', 'ও':
			return ""
		default:
			if bnConsonant(r) && i > 0 {
				// A second consonant before any vowel sign: the first
				// syllable had the inherent vowel.
				if prev, _ := utf8.DecodeLastRuneInString(root[:i]); bnConsonant(prev) && prev != bnNukta {
					return ""
				}
			}
			continue
		}
		return root[:i] + string(lower) + root[i+len(string(r)):]
	}
	return ""
}
