package analyzers

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Urdu: the Perso-Arabic script as Urdu writes it.
//
// Urdu writes its consonants and long vowels; the short vowels (zabar,
// zer, pesh) are marks that print leaves out. So a reading of an Urdu word
// has its consonants right and its vowels incomplete: قطر is "qtr" for
// Qatar. Its keys meet other scripts' keys where vowels do not count: the
// skeleton, and the frame of the reading with an a between consonants that
// no written vowel separates, which stands for the unwritten vowel. Matching
// on vowels as wildcards is thus done by the keys, at index time.

// NormalizeUrdu normalizes a word in the Arabic script the way Urdu is
// written. Besides the rules every script shares (format characters removed,
// digits folded to ASCII, here the Arabic-Indic ٠–٩ and the Urdu ۰–۹ too),
// it applies, in this order:
//
//  1. Presentation forms (the contextual shapes U+FB50–U+FEFF that old
//     software stored) become the letters they show (NFKC on such words).
//  2. NFC: a letter with hamza above is one letter (ی + ٔ → ئ).
//  3. Marks are removed: the short vowels and other harakat U+064B–U+065F
//     and the superscript alef U+0670, which most text leaves out, and the
//     tatweel U+0640, which only stretches a line.
//  4. Arabic letters become the Urdu letters of the same sound: ي U+064A
//     and ى U+0649 → ی U+06CC, ك U+0643 → ک U+06A9, ه U+0647 and the round
//     ta ة U+0629, ۃ U+06C3 → ہ U+06C1, ۂ U+06C2 → ہ, ۓ U+06D3 → ے U+06D2,
//     and the alefs with hamza or wasla (أ إ ٱ) → ا U+0627; ؤ U+0624 → و.
//     The do-chashmi he ھ U+06BE stays apart from ہ: it marks aspiration.
func NormalizeUrdu(word string) string {
	if isASCIIWord(word) {
		return word
	}
	if !urduNeedsWork(word) {
		return word
	}
	for _, r := range word {
		if r >= 0xFB50 && r <= 0xFEFF {
			word = norm.NFKC.String(word)
			break
		}
	}
	if strings.ContainsAny(word, "\u0653\u0654\u0655") { // madda, hamza above and below
		word = norm.NFC.String(word)
	}
	var b strings.Builder
	b.Grow(len(word))
	for _, r := range word {
		if d, ok := asciiDigit(r); ok {
			b.WriteByte(d)
		} else if out, keep := urduFold(r); keep {
			b.WriteRune(out)
		}
	}
	return b.String()
}

// urduFold is rules 3 and 4 of NormalizeUrdu for one rune (and the
// lower-casing of a stray Latin letter): the rune to write, or keep false
// for one that is removed.
func urduFold(r rune) (out rune, keep bool) {
	switch {
	case isFormatRune(r), r == 0x0640, r >= 0x064B && r <= 0x065F, r == 0x0670:
		return 0, false
	case r == 0x064A, r == 0x0649:
		return 0x06CC, true
	case r == 0x0643:
		return 0x06A9, true
	case r == 0x0647, r == 0x0629, r == 0x06C3, r == 0x06C2:
		return 0x06C1, true
	case r == 0x06D3:
		return 0x06D2, true
	case r == 0x0623, r == 0x0625, r == 0x0671:
		return 0x0627, true
	case r == 0x0624:
		return 0x0648, true
	}
	return unicode.ToLower(r), true
}

// urduNeedsWork reports whether NormalizeUrdu would change word: invalid
// UTF-8, a presentation form, a digit, or a rune urduFold rewrites or
// removes. The only compositions NFC makes in the Arabic block are with
// the madda and the hamzas U+0653–U+0655, which are harakat, so they count
// too.
func urduNeedsWork(word string) bool {
	for i, r := range word {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(word[i:]); size == 1 {
				return true
			}
			continue
		}
		if r >= 0xFB50 && r <= 0xFEFF || unicode.IsDigit(r) {
			return true
		}
		if out, keep := urduFold(r); !keep || out != r {
			return true
		}
	}
	return false
}

// urduConsonants are the Urdu letters that are always consonants, with
// their readings. Letters Urdu keeps for Arabic and Persian loans share one
// reading with the native letter of their sound (ث, ص and س are all s).
var urduConsonants = map[rune]string{
	'ب': "b", 'پ': "p", 'ت': "t", 'ٹ': "t", 'ث': "s", 'ج': "j", 'چ': "ch",
	'ح': "h", 'خ': "kh", 'د': "d", 'ڈ': "d", 'ذ': "z", 'ر': "r", 'ڑ': "r",
	'ز': "z", 'ژ': "zh", 'س': "s", 'ش': "sh", 'ص': "s", 'ض': "z", 'ط': "t",
	'ظ': "z", 'غ': "gh", 'ف': "f", 'ق': "q", 'ک': "k", 'گ': "g", 'ل': "l",
	'م': "m", 'ن': "n",
}

// Urdu letters with more than one role.
const (
	urduAlef       = 'ا'
	urduAlefMadda  = 'آ'
	urduAin        = 'ع'
	urduHamza      = 'ء'
	urduWaw        = 'و'
	urduYe         = 'ی'
	urduYeHamza    = 'ئ'
	urduBariYe     = 'ے'
	urduHe         = 'ہ'
	urduDoChashmi  = 'ھ'
	urduNoonGhunna = 'ں'
)

// isUrduVowelLetter tells the letters that can write a long vowel.
func isUrduVowelLetter(r rune) bool {
	switch r {
	case urduAlef, urduAlefMadda, urduWaw, urduYe, urduYeHamza, urduBariYe:
		return true
	}
	return false
}

// urduUnit is one sound of an Urdu word: a consonant or a written vowel.
type urduUnit struct {
	latin string
	vowel bool
}

// urduUnits reads a normalized Urdu word into its sounds.
//   - ا is a at the start of a word, and a long a after a consonant; before
//     و or ی at the start it only carries them (اوسلو "oslo", ایران "iran").
//   - و is v at the start of a word and before ا, a vowel (o) after a
//     consonant, u after a vowel; ی is y at the start and before a vowel,
//     the vowel i elsewhere; ے is e.
//   - ہ at the end of a word after a consonant is the vowel a (غزہ "gaza"),
//     h elsewhere; ھ makes the consonant before it aspirated (بھ "bh").
//   - ع carries a vowel, read a at the start of a word (عراق "araq", for
//     Iraq: which vowel is unwritten), and is silent elsewhere; ء is silent,
//     ں nasalises the vowel before it, written n.
func urduUnits(word string) []urduUnit {
	runes := []rune(word)
	units := make([]urduUnit, 0, len(runes)+2)
	bearer := false // an initial ا or ع that carries the vowel letter after it
	lastIsVowel := func() bool { return len(units) > 0 && units[len(units)-1].vowel }
	for i, r := range runes {
		var next rune
		if i+1 < len(runes) {
			next = runes[i+1]
		}
		if c, ok := urduConsonants[r]; ok {
			units = append(units, urduUnit{latin: c})
			continue
		}
		switch r {
		case urduAlef, urduAin:
			if i == 0 && (next == urduWaw || next == urduYe) {
				bearer = true
				continue
			}
			if r == urduAin && (next == urduAlef || i > 0) {
				continue
			}
			units = append(units, urduUnit{latin: "a", vowel: true})
		case urduAlefMadda:
			units = append(units, urduUnit{latin: "a", vowel: true})
		case urduWaw:
			switch {
			case bearer:
				units = append(units, urduUnit{latin: "o", vowel: true})
			case i == 0 || next == urduAlef:
				units = append(units, urduUnit{latin: "v"})
			case lastIsVowel() && isUrduVowelLetter(next):
				units = append(units, urduUnit{latin: "v"})
			case lastIsVowel():
				units = append(units, urduUnit{latin: "u", vowel: true})
			default:
				units = append(units, urduUnit{latin: "o", vowel: true})
			}
		case urduYe, urduYeHamza:
			switch {
			case bearer:
				units = append(units, urduUnit{latin: "i", vowel: true})
			case i == 0:
				units = append(units, urduUnit{latin: "y"})
			case isUrduVowelLetter(next) && next != urduYe:
				if !lastIsVowel() {
					units = append(units, urduUnit{latin: "i", vowel: true})
				}
				units = append(units, urduUnit{latin: "y"})
			default:
				units = append(units, urduUnit{latin: "i", vowel: true})
			}
		case urduBariYe:
			units = append(units, urduUnit{latin: "e", vowel: true})
		case urduHe:
			if next == 0 && i > 0 && !lastIsVowel() {
				units = append(units, urduUnit{latin: "a", vowel: true})
			} else {
				units = append(units, urduUnit{latin: "h"})
			}
		case urduDoChashmi:
			if len(units) > 0 && !lastIsVowel() {
				units[len(units)-1].latin += "h"
			} else {
				units = append(units, urduUnit{latin: "h"})
			}
		case urduNoonGhunna:
			units = append(units, urduUnit{latin: "n"})
		case urduHamza:
		default:
			if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				units = append(units, urduUnit{latin: string(r)})
			}
		}
		bearer = false
	}
	return units
}

// UrduToLatin returns the Latin readings of a normalized Urdu word, best
// first: the letters as written, and the same with an a for the unwritten
// vowel between two consonants (قطر "qtr", "qatar").
func UrduToLatin(word string) []string {
	return appendUrduReadings(nil, word)
}

func appendUrduReadings(dst []string, word string) []string {
	units := urduUnits(word)
	if len(units) == 0 {
		return dst
	}
	var written, voweled strings.Builder
	for i, u := range units {
		written.WriteString(u.latin)
		voweled.WriteString(u.latin)
		if !u.vowel && i+1 < len(units) && !units[i+1].vowel {
			voweled.WriteByte('a')
		}
	}
	dst = appendUnique(dst, voweled.String())
	return appendUnique(dst, written.String())
}

// latinUrduConsonants are the consonant spellings of a Latin word and the
// Urdu letters a reader would write for them, longest first; aspirates are
// the consonant and the do-chashmi he.
var latinUrduConsonants = []struct{ latin, urdu string }{
	{"chh", "چھ"}, {"ksh", "کش"},
	{"kh", "کھ"}, {"gh", "گھ"}, {"ch", "چ"}, {"jh", "جھ"}, {"th", "تھ"},
	{"dh", "دھ"}, {"ph", "پھ"}, {"bh", "بھ"}, {"sh", "ش"}, {"zh", "ژ"},
	{"b", "ب"}, {"c", "ک"}, {"d", "د"}, {"f", "ف"}, {"g", "گ"}, {"h", "ہ"},
	{"j", "ج"}, {"k", "ک"}, {"l", "ل"}, {"m", "م"}, {"n", "ن"}, {"p", "پ"},
	{"q", "ق"}, {"r", "ر"}, {"s", "س"}, {"t", "ت"}, {"v", "و"}, {"w", "و"},
	{"x", "کس"}, {"y", "ی"}, {"z", "ز"},
}

// LatinToUrdu writes a lower-case Latin word in Urdu, a reader's guess as
// LatinToIndic is: long vowels are written (aa ا, ee ی, oo و), short ones
// only at the start of a word (on an alef) and at its end (Sita سیتا, Modi
// مودی). It returns "" for a word with letters it cannot read.
func LatinToUrdu(word string) string {
	var b strings.Builder
	for i := 0; i < len(word); {
		c := word[i]
		if c < 'a' || c > 'z' {
			return ""
		}
		if v, n := matchVowel(word[i:]); n > 0 {
			initial, final := i == 0, i+n == len(word)
			switch v.latin {
			case "a":
				switch {
				case initial:
					b.WriteString("ا")
				case final:
					b.WriteString("ا")
				}
			case "aa":
				if initial {
					b.WriteString("آ")
				} else {
					b.WriteString("ا")
				}
			case "i", "ee", "ii":
				if initial {
					b.WriteString("ا")
				}
				if final || v.latin != "i" {
					b.WriteString("ی")
				}
			case "e", "ai":
				if initial {
					b.WriteString("ا")
				}
				if final {
					b.WriteString("ے")
				} else {
					b.WriteString("ی")
				}
			case "u", "o", "oo", "uu", "au", "ou":
				if initial {
					b.WriteString("ا")
				}
				if v.latin != "u" || final {
					b.WriteString("و")
				}
			}
			i += n
			continue
		}
		matched := false
		for _, lc := range latinUrduConsonants {
			if strings.HasPrefix(word[i:], lc.latin) {
				b.WriteString(lc.urdu)
				i += len(lc.latin)
				matched = true
				break
			}
		}
		if !matched {
			return ""
		}
	}
	return b.String()
}
