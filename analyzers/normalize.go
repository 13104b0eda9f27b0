package analyzers

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalizers map one word to the form that is indexed and searched. They are
// pure, idempotent (Normalize(Normalize(w)) == Normalize(w)) and always return
// valid UTF-8 (invalid bytes become U+FFFD). Each rule below names the
// phenomenon it folds and the code points involved.
//
// Rules shared by every script:
//
//   - Format characters (general category Cf: U+200C ZWNJ, U+200D ZWJ, U+200B
//     ZWSP, U+00AD soft hyphen, U+FEFF BOM, U+2060 word joiner, bidi marks …)
//     and U+034F combining grapheme joiner are invisible or only steer
//     rendering (ZWJ/ZWNJ choose between a conjunct, a half form or an explicit
//     virama in Indic scripts). They are removed inside the word, never turned
//     into a space: বৈজ্ঞানিক with or without a ZWNJ is one word.
//   - Decimal digits of any script (general category Nd: Devanagari ०–९
//     U+0966–U+096F, Bengali ০–৯ U+09E6–U+09EF, fullwidth, …) become ASCII
//     0–9, so ২০২৪, २०२४ and 2024 meet.

// NormalizeIndic normalizes a word of a Brahmic script (Devanagari,
// Bengali, Gurmukhi, Gujarati, Odia, Tamil, Telugu, Kannada, Malayalam). It
// works on any word and leaves the letters of other scripts alone (Latin is
// not lower-cased here). Besides the shared rules above (format characters, digits), it
// applies, in this order:
//
//  1. NFC (Unicode canonical composition): one spelling per canonically
//     equivalent sequence; in Bengali ে U+09C7 + া U+09BE and the precomposed
//     ো U+09CB meet, and so do ে + ৗ U+09D7 and ৌ U+09CC.
//  2. Nukta letters are always base + nukta. NFC already decomposes the
//     composition-excluded letters (क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़ U+0958–U+095F,
//     Bengali ড় U+09DC, ঢ় U+09DD, য় U+09DF) into base + nukta (U+093C,
//     U+09BC) but composes ऩ U+0929, ऱ U+0931 and ऴ U+0934; those three are
//     decomposed too, so that every nukta is a separate mark whatever the input
//     spelled. The nukta is kept: য় (ya) and য (ja), ड़ and ड are different
//     letters.
//  3. Devanagari chandrabindu ≡ anusvara: U+0901 ँ → U+0902 ं.
//     Nasalisation is written either way (हाँ/हां); readers treat them as the
//     same word. Bengali keeps the two apart, and so does lipi: ং U+0982 is
//     the consonant ng (বাংলা), ঁ U+0981 a nasal vowel (চাঁদ), which Latin
//     spellings write as n or leave out.
//  4. Devanagari candra vowels (the English "o" in डॉक्टर, the "a" in बैंक
//     spelled बॅंक) fold to the nearest native vowel: ॉ U+0949 → ो U+094B,
//     ॅ U+0945 → े U+0947, ऑ U+0911 → ओ U+0913, ऍ U+090D → ए U+090F.
//  5. Bengali khanda ta: ৎ U+09CE → ত U+09A4 + ্ U+09CD (hasanta). Khanda ta
//     is a dead ta; older text writes it as ত্ + ZWJ, which the format rule
//     already turns into ত্, so both spellings meet.
//  6. A vowel sign written after the letter अ/অ stands for the independent
//     vowel it looks like, a spelling of old fonts and keyboards: अ + ा → आ,
//     अ + ो → ओ, अ + ौ → औ, आ + े → ओ, आ + ै → औ (अाैर → और), অ + া → আ,
//     and the same in Gujarati and Odia (અ + ા → આ, ଅ + ା → ଆ). Gurmukhi
//     writes its vowels on the bearers ੳ, ਅ and ੲ, and a bearer with a sign
//     is the vowel letter: ੲ + ਿ → ਇ, ੳ + ੁ → ਉ, ਅ + ਾ → ਆ and so on.
//  7. Malayalam chillus: a consonant + virama + ZWJ, the encoding before
//     Unicode 5.1, is the atomic chillu letter (ന + ് + ZWJ → ൻ U+0D7B), so
//     that the format rule does not turn it into a consonant with a virama.
//
// The result is NFC except for the nukta letters of rule 2.
func NormalizeIndic(word string) string {
	if isASCIIWord(word) {
		return word
	}
	if !indicNeedsWork(word) {
		return word
	}
	if strings.Contains(word, "\u0D4D\u200D") {
		word = chilluComposer.Replace(word)
	}
	var b strings.Builder
	b.Grow(len(word) + 8)
	for _, r := range word {
		switch {
		case isFormatRune(r):
			// Format characters: removed, see the package rules above.
		case r == 0x0901: // Devanagari chandrabindu ँ → anusvara ं
			b.WriteRune(0x0902)
		case r == 0x0949: // candra o sign ॉ → o sign ो
			b.WriteRune(0x094B)
		case r == 0x0945: // candra e sign ॅ → e sign े
			b.WriteRune(0x0947)
		case r == 0x0911: // candra O ऑ → O ओ
			b.WriteRune(0x0913)
		case r == 0x090D: // candra E ऍ → E ए
			b.WriteRune(0x090F)
		case r == 0x09CE: // khanda ta ৎ → ta ত + hasanta ্
			b.WriteRune(0x09A4)
			b.WriteRune(0x09CD)
		default:
			if d, ok := asciiDigit(r); ok {
				b.WriteByte(d)
			} else {
				b.WriteRune(r) // invalid bytes arrive here as U+FFFD
			}
		}
	}
	s := norm.NFC.String(b.String())
	if strings.ContainsAny(s, "\u0929\u0931\u0934") {
		s = nuktaDecomposer.Replace(s)
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r >= 0x0900 && r <= brahmicLast && vowelLetterFirst[r-0x0900] }) {
		s = vowelLetterComposer.Replace(s)
	}
	return s
}

// vowelLetterSequences are the vowel signs written after अ/আ/অ (and their
// Gurmukhi, Gujarati and Odia letters) with the independent vowel each
// stands for (rule 6 of NormalizeIndic), longest sequences first.
var vowelLetterSequences = []struct{ from, to string }{
	{"\u0905\u093E\u0948", "\u0914"}, // अ + ा + ै → औ
	{"\u0905\u093E\u0947", "\u0913"}, // अ + ा + े → ओ
	{"\u0906\u0948", "\u0914"},       // आ + ै → औ
	{"\u0906\u0947", "\u0913"},       // आ + े → ओ
	{"\u0905\u093E", "\u0906"},       // अ + ा → आ
	{"\u0905\u094B", "\u0913"},       // अ + ो → ओ
	{"\u0905\u094C", "\u0914"},       // अ + ौ → औ
	{"\u0985\u09BE", "\u0986"},       // অ + া → আ
	{"\u0A05\u0A3E", "\u0A06"},       // ਅ + ਾ → ਆ
	{"\u0A05\u0A48", "\u0A10"},       // ਅ + ੈ → ਐ
	{"\u0A05\u0A4C", "\u0A14"},       // ਅ + ੌ → ਔ
	{"\u0A72\u0A3F", "\u0A07"},       // ੲ + ਿ → ਇ
	{"\u0A72\u0A40", "\u0A08"},       // ੲ + ੀ → ਈ
	{"\u0A72\u0A47", "\u0A0F"},       // ੲ + ੇ → ਏ
	{"\u0A73\u0A41", "\u0A09"},       // ੳ + ੁ → ਉ
	{"\u0A73\u0A42", "\u0A0A"},       // ੳ + ੂ → ਊ
	{"\u0A73\u0A4B", "\u0A13"},       // ੳ + ੋ → ਓ
	{"\u0A85\u0ABE", "\u0A86"},       // અ + ા → આ
	{"\u0B05\u0B3E", "\u0B06"},       // ଅ + ା → ଆ
}

// vowelLetterComposer applies vowelLetterSequences; vowelLetterPairs are
// their first two runes, which tell indicNeedsWork that it has to, and
// vowelLetterFirst their first runes, so that it rarely asks.
var (
	vowelLetterComposer *strings.Replacer
	vowelLetterPairs    = map[[2]rune]bool{}
	vowelLetterFirst    [brahmicLast - 0x0900 + 1]bool
)

func init() {
	var args []string
	for _, seq := range vowelLetterSequences {
		args = append(args, seq.from, seq.to)
		r := []rune(seq.from)
		vowelLetterPairs[[2]rune{r[0], r[1]}] = true
		vowelLetterFirst[r[0]-0x0900] = true
	}
	vowelLetterComposer = strings.NewReplacer(args...)
}

// malayalamChillus are the chillu letters of the Malayalam consonants that
// have one (ൻ U+0D7B for ന U+0D28).
var malayalamChillus = map[rune]rune{0x0D23: 0x0D7A, 0x0D28: 0x0D7B, 0x0D30: 0x0D7C, 0x0D32: 0x0D7D, 0x0D33: 0x0D7E, 0x0D15: 0x0D7F}

// chilluComposer writes a Malayalam consonant + virama + ZWJ as its chillu
// letter (rule 7 of NormalizeIndic).
var chilluComposer = func() *strings.Replacer {
	var args []string
	for consonant, chillu := range malayalamChillus {
		args = append(args, string([]rune{consonant, 0x0D4D, 0x200D}), string(chillu))
	}
	return strings.NewReplacer(args...)
}()

// nuktaDecomposer splits the three Devanagari nukta letters that NFC composes
// into base + nukta U+093C (rule 2 of NormalizeIndic).
var nuktaDecomposer = strings.NewReplacer(
	"\u0929", "\u0928\u093C", // ऩ → न + nukta
	"\u0931", "\u0930\u093C", // ऱ → र + nukta
	"\u0934", "\u0933\u093C", // ऴ → ळ + nukta
)

// indicNeedsWork reports whether NormalizeIndic would change word: it holds a
// rune some rule rewrites, invalid UTF-8, or is not in the NFC-with-nukta form.
//
// Asking norm whether a word is NFC costs more than the rest of the check, so
// a word made of ASCII and of runes of the Brahmic blocks that indicQuick
// vouches for, with its marks in canonical order, is known to be NFC without
// asking.
func indicNeedsWork(word string) bool {
	askNorm := false
	var prev rune
	var lastCCC uint8 // of prev; 0 for a starter
	for i, r := range word {
		if composesWithVowelLetter(prev, r) {
			return true
		}
		if r >= 0x0900 && r <= brahmicLast {
			q := indicQuick[r-0x0900]
			switch q.kind {
			case quickRewrite:
				return true
			case quickStarter:
				prev, lastCCC = r, 0
				continue
			case quickMark:
				if lastCCC > q.ccc {
					askNorm = true
				}
				prev, lastCCC = r, q.ccc
				continue
			case quickComposing:
				// NFC would compose it with a letter right before it, and
				// norm knows what a mark in between does.
				if lastCCC != 0 || slices.Contains(indicCompositions, [2]rune{prev, r}) {
					askNorm = true
				}
				prev, lastCCC = r, q.ccc
				continue
			}
		}
		askNorm = askNorm || r >= 0x80
		prev, lastCCC = r, 0
		switch {
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(word[i:]); size == 1 {
				return true
			}
		case r < 0x80:
			// ASCII is never rewritten.
		case isFormatRune(r),
			r == 0x0901,                                        // Devanagari chandrabindu
			r == 0x0945, r == 0x0949, r == 0x090D, r == 0x0911, // candra vowels
			r == 0x09CE,                           // khanda ta
			r == 0x0929, r == 0x0931, r == 0x0934, // composed nukta letters
			unicode.IsDigit(r):
			return true
		}
	}
	return askNorm && !norm.NFC.IsNormalString(word)
}

// composesWithVowelLetter reports whether the vowel sign r after the letter
// prev begins one of the sequences of vowelLetterSequences.
func composesWithVowelLetter(prev, r rune) bool {
	return prev >= 0x0900 && prev <= brahmicLast && vowelLetterFirst[prev-0x0900] && vowelLetterPairs[[2]rune{prev, r}]
}

// quickKind tells indicNeedsWork what a rune of the Brahmic blocks means
// for the NFC-with-nukta form.
type quickKind uint8

const (
	quickAsk       quickKind = iota // decided by norm alone
	quickRewrite                    // a rule of NormalizeIndic rewrites it
	quickStarter                    // NFC alone, canonical class 0, combines with nothing before it
	quickMark                       // NFC alone, canonical class > 0, composes with no letter
	quickComposing                  // NFC alone, composes with a letter of indicCompositions
)

type quickRune struct {
	kind quickKind
	ccc  uint8 // canonical combining class of a quickMark or quickComposing
}

// brahmicLast is the last code point of the Brahmic blocks lipi reads,
// U+0900 (Devanagari) to U+0D7F (Malayalam).
const brahmicLast = 0x0D7F

// indicCompositions are the pairs of the Brahmic blocks that NFC composes
// into one letter (न + nukta into ऩ, ে + া into ো, ெ + ா into ொ).
// Composition exclusions (क़, য়) are not among them: NFC leaves their base
// + nukta apart.
var indicCompositions = func() (pairs [][2]rune) {
	for r := rune(0x0900); r <= brahmicLast; r++ {
		d := []rune(string(norm.NFD.PropertiesString(string(r)).Decomposition()))
		if len(d) == 2 && norm.NFC.String(string(d)) == string(r) {
			pairs = append(pairs, [2]rune{d[0], d[1]})
		}
	}
	return pairs
}()

// indicQuick classifies the Brahmic blocks, from the norm tables
// themselves, so that it follows the Unicode version of golang.org/x/text.
var indicQuick = func() (t [brahmicLast - 0x0900 + 1]quickRune) {
	for r := rune(0x0900); r <= brahmicLast; r++ {
		s := string(r)
		p := norm.NFC.PropertiesString(s)
		q := &t[r-0x0900]
		composing := slices.ContainsFunc(indicCompositions, func(c [2]rune) bool { return c[1] == r })
		switch {
		case r == 0x0901, // Devanagari chandrabindu
			r == 0x0945, r == 0x0949, r == 0x090D, r == 0x0911, // candra vowels
			r == 0x09CE,                           // khanda ta
			r == 0x0929, r == 0x0931, r == 0x0934, // composed nukta letters
			unicode.IsDigit(r), isFormatRune(r):
			q.kind = quickRewrite
		case !norm.NFC.IsNormalString(s):
			q.kind = quickAsk
		case composing:
			q.kind, q.ccc = quickComposing, p.CCC()
		case p.CCC() == 0 && p.BoundaryBefore():
			q.kind = quickStarter
		case p.CCC() != 0:
			q.kind, q.ccc = quickMark, p.CCC()
		}
	}
	return t
}()

// lowerASCII lower-cases an ASCII word, without a copy when it has no
// capitals.
func lowerASCII(word string) string {
	if !hasASCIIUpper(word) {
		return word
	}
	return strings.ToLower(word)
}

// lowerDecomposed is word without format characters, with ASCII digits,
// lower-cased and in NFD, ready for marks to be dropped one by one.
func lowerDecomposed(word string) string {
	return strings.ToLower(norm.NFD.String(cleanFormatAndDigits(word)))
}

// NormalizeLatin normalizes a Latin-script word: format characters removed,
// digits folded to ASCII, lower-cased, and diacritics folded away (NFD, then
// the nonspacing marks U+0300… that follow a Latin letter are dropped:
// é → e, ñ → n, ş → s). Letters that carry no separable diacritic are folded
// by a small table: ß → ss, æ → ae, œ → oe, ø → o, đ → d, ð → d, ł → l,
// þ → th, ħ → h, ı (dotless i) → i. Marks on letters of other scripts in a
// mixed word are kept, so an Indic vowel sign or Cyrillic й survives.
func NormalizeLatin(word string) string {
	if isASCIIWord(word) {
		return lowerASCII(word)
	}
	s := lowerDecomposed(word)
	var b strings.Builder
	b.Grow(len(s))
	dropMarks := true // a mark with no letter before it is dropped too
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			if !dropMarks {
				b.WriteRune(r)
			}
			continue
		}
		dropMarks = !unicode.IsLetter(r) || unicode.Is(unicode.Latin, r)
		switch r {
		case 'ß': // sharp s (ẞ lower-cases to ß)
			b.WriteString("ss")
		case 'æ':
			b.WriteString("ae")
		case 'œ':
			b.WriteString("oe")
		case 'ø':
			b.WriteByte('o')
		case 'đ', 'ð': // d with stroke (Croatian), eth (Icelandic)
			b.WriteByte('d')
		case 'ł': // l with stroke (Polish)
			b.WriteByte('l')
		case 'þ': // thorn
			b.WriteString("th")
		case 'ħ': // h with stroke (Maltese)
			b.WriteByte('h')
		case 'ı': // dotless i (Turkish)
			b.WriteByte('i')
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// NormalizeCyrillic normalizes a Cyrillic word: format characters removed,
// digits folded to ASCII, lower-cased, ё U+0451 → е U+0435 (ё is optional in
// Russian print: ёлка/елка), stress accents U+0301 and U+0300 after a Cyrillic
// letter dropped (приве́т → привет, ѐ → е, ѝ → и). й U+0439 is a letter of its
// own and is kept, as are ї, ў and the other letters with a diaeresis or
// breve.
func NormalizeCyrillic(word string) string {
	if isASCIIWord(word) {
		return lowerASCII(word)
	}
	s := lowerDecomposed(word)
	var b strings.Builder
	b.Grow(len(s))
	var base rune // last non-mark rune
	for _, r := range s {
		switch {
		case (r == 0x0300 || r == 0x0301) && unicode.Is(unicode.Cyrillic, base):
			continue // stress accent
		case r == 0x0308 && base == 'е':
			continue // ё = е + diaeresis → е
		}
		if !unicode.Is(unicode.Mn, r) {
			base = r
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// FoldDigits replaces every decimal digit (general category Nd, in any script)
// in s by the ASCII digit of the same value and leaves all other runes alone.
func FoldDigits(s string) string {
	for _, r := range s {
		if r >= 0x80 && unicode.IsDigit(r) {
			return strings.Map(func(r rune) rune {
				if d, ok := asciiDigit(r); ok {
					return rune(d)
				}
				return r
			}, s)
		}
	}
	return s
}

// cleanFormatAndDigits removes format characters, folds digits to ASCII and
// replaces invalid UTF-8 by U+FFFD: the rules every normalizer shares.
func cleanFormatAndDigits(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isFormatRune(r) {
			continue
		}
		if d, ok := asciiDigit(r); ok {
			b.WriteByte(d)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isFormatRune reports whether r is removed inside words: a format character
// (Cf: ZWJ, ZWNJ, ZWSP, soft hyphen, BOM, word joiner, bidi controls …) or
// U+034F combining grapheme joiner, which is a nonspacing mark by category but
// default-ignorable like them.
func isFormatRune(r rune) bool {
	if r < 0xAD {
		return false
	}
	return r == 0x034F || unicode.Is(unicode.Cf, r)
}

// asciiDigit returns the ASCII digit with the value of the decimal digit r.
// Unicode assigns every Nd digit in runs of ten, zero to nine, so the value is
// the distance from the start of r's run; unicode.Nd lists whole runs, one or
// more per range.
func asciiDigit(r rune) (byte, bool) {
	switch {
	case r < 0x80:
		if '0' <= r && r <= '9' {
			return byte(r), true
		}
		return 0, false
	case 0x0966 <= r && r <= 0x096F: // Devanagari ०–९
		return byte('0' + r - 0x0966), true
	case 0x09E6 <= r && r <= 0x09EF: // Bengali ০–৯
		return byte('0' + r - 0x09E6), true
	}
	for _, rg := range unicode.Nd.R16 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); lo <= r && r <= hi {
			return byte('0' + (r-lo)%10), true
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); lo <= r && r <= hi {
			return byte('0' + (r-lo)%10), true
		}
	}
	return 0, false
}

func isASCIIWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func hasASCIIUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}
