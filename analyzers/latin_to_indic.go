package analyzers

import (
	"strings"
	"unicode/utf8"
)

// Latin to the Brahmic scripts (Urdu: urdu.go).
//
// English spelling does not say where a vowel is long or where a consonant
// is retroflex, so this direction is a reader's guess, not a reversible
// mapping: good enough that a reader recognises the name (Putin पुतिन, Modi
// मोदी), and used for display only; the index never relies on it.

// latinConsonant is a consonant spelling with its offset in the shared
// ISCII layout and whether a nukta follows (q क़, z ज़, f फ़).
type latinConsonant struct {
	latin string
	off   rune
	nukta bool
}

// latinConsonants are the consonant spellings, longest first.
var latinConsonants = []latinConsonant{
	{"ksh", 0x15, false}, // expanded below to क्ष
	{"chh", 0x1B, false},
	{"kh", 0x16, false}, {"gh", 0x18, false}, {"ch", 0x1A, false}, {"jh", 0x1D, false},
	{"th", 0x25, false}, {"dh", 0x27, false}, {"ph", 0x2B, false}, {"bh", 0x2D, false},
	{"sh", 0x36, false},
	{"k", 0x15, false}, {"g", 0x17, false}, {"c", 0x15, false}, {"j", 0x1C, false},
	{"t", 0x24, false}, {"d", 0x26, false}, {"n", 0x28, false}, {"p", 0x2A, false},
	{"b", 0x2C, false}, {"m", 0x2E, false}, {"y", 0x2F, false}, {"r", 0x30, false},
	{"l", 0x32, false}, {"v", 0x35, false}, {"w", 0x35, false}, {"s", 0x38, false},
	{"h", 0x39, false}, {"q", 0x15, true}, {"z", 0x1C, true}, {"f", 0x2B, true},
	{"x", 0x15, false}, // expanded below to क्स
}

// latinVowel is a vowel spelling with the offsets of its independent letter
// and of its vowel sign (0 for the inherent vowel, which has none).
type latinVowel struct {
	latin       string
	letter, sig rune
}

// latinVowels are the vowel spellings, longest first.
var latinVowels = []latinVowel{
	{"aa", 0x06, 0x3E}, {"ai", 0x10, 0x48}, {"au", 0x14, 0x4C}, {"ee", 0x08, 0x40},
	{"ii", 0x08, 0x40}, {"oo", 0x0A, 0x42}, {"uu", 0x0A, 0x42}, {"ou", 0x14, 0x4C},
	{"a", 0x05, 0}, {"e", 0x0F, 0x47}, {"i", 0x07, 0x3F}, {"o", 0x13, 0x4B},
	{"u", 0x09, 0x41},
}

// LatinToIndic writes a lower-case Latin word in a Brahmic script. It
// returns "" for a word with letters it cannot read, or for a target that
// is not Brahmic.
func LatinToIndic(word string, target Script) string {
	sc := indicTable(target)
	if sc == nil {
		return ""
	}
	base := sc.base
	const virama, nukta = 0x4D, 0x3C
	var b strings.Builder
	lastConsonant := false // the previous unit was a consonant still owed a vowel
	for i := 0; i < len(word); {
		c := word[i]
		if c < 'a' || c > 'z' {
			return ""
		}
		if v, n := matchVowel(word[i:]); n > 0 {
			final := i+n == len(word)
			letter, sign := v.letter, v.sig
			// A final short i or u is written long in Hindi and Bengali
			// names (Modi मोदी, Babu बाबू).
			if final && sign == 0x3F {
				letter, sign = 0x08, 0x40
			}
			if final && v.latin == "a" {
				sign = 0x3E // a final -a is heard: Sita सीता
			}
			if lastConsonant {
				if sign != 0 {
					b.WriteRune(base + sign)
				}
			} else {
				b.WriteRune(base + letter)
			}
			lastConsonant = false
			i += n
			continue
		}
		cons, n := matchConsonant(word[i:])
		if n == 0 {
			return ""
		}
		if lastConsonant && joinsWithVirama(sc, cons.latin) {
			b.WriteRune(base + virama)
		}
		switch cons.latin {
		case "ksh", "x":
			b.WriteRune(base + 0x15)
			if joinsWithVirama(sc, "s") {
				b.WriteRune(base + virama)
			}
			second := consonantIn(sc, "s", 0x38)
			if cons.latin == "ksh" {
				second = consonantIn(sc, "sh", 0x37)
			}
			b.WriteString(second)
		default:
			if cons.nukta && sc.nukta != nil && sc.nukta[cons.off] != "" {
				b.WriteRune(base + cons.off)
				b.WriteRune(base + nukta)
				break
			}
			b.WriteString(consonantIn(sc, cons.latin, cons.off))
		}
		lastConsonant = true
		i += n
	}
	// The Dravidian languages say a consonant's inherent vowel at the end
	// of a word, so a final consonant is written dead: with a virama, or
	// as a Malayalam chillu.
	if lastConsonant && sc.dravidian {
		out := b.String()
		last, size := utf8.DecodeLastRuneInString(out)
		// ൿ, the chillu of k, is archaic: a final k keeps its virama.
		if chillu, ok := malayalamChillus[last]; ok && sc == malayalam && last != 0x0D15 {
			return out[:len(out)-size] + string(chillu)
		}
		b.WriteRune(base + virama)
	}
	return b.String()
}

// indicTable is the table of a Brahmic script, or nil.
func indicTable(s Script) *indicScript {
	for _, sc := range indicScripts {
		if sc.script == s {
			return sc
		}
	}
	return nil
}

// joinsWithVirama tells whether a consonant after another is joined to it
// with a virama: always but in Gurmukhi, which writes a virama only before
// the subjoined ਰ, ਹ and ਵ and otherwise lets the reader drop the vowel.
func joinsWithVirama(sc *indicScript, latin string) bool {
	if sc != gurmukhi {
		return true
	}
	return latin == "r" || latin == "h" || latin == "v" || latin == "w"
}

// consonantIn writes the consonant spelled latin (at offset off of the
// shared layout) in a script, with the letters the script has for sounds
// its layout slot lacks.
func consonantIn(sc *indicScript, latin string, off rune) string {
	base := sc.base
	switch sc {
	case bengali:
		switch latin {
		case "v", "w":
			off = 0x2C // ব: Bengali has no v
		case "y":
			return string([]rune{base + 0x2F, base + 0x3C}) // য়, the y of names; য alone is j
		}
	case oriya:
		switch latin {
		case "v", "w":
			off = 0x71 // ୱ
		case "y":
			off = 0x5F // ୟ
		}
	case gurmukhi:
		if latin == "sh" {
			return string([]rune{base + 0x38, base + 0x3C}) // ਸ਼
		}
	case tamil:
		// Tamil has one letter for voiced and voiceless stops and no
		// aspirates; English t and d are its ட, f is ஃப.
		switch latin {
		case "k", "kh", "g", "gh", "q", "c":
			off = 0x15
		case "ch", "chh":
			off = 0x1A
		case "j", "jh", "z":
			off = 0x1C
		case "t", "d":
			off = 0x1F
		case "th", "dh":
			off = 0x24
		case "p", "b", "bh":
			off = 0x2A
		case "ph", "f":
			return string([]rune{base + 0x03, base + 0x2A}) // ஃப
		case "n":
			off = 0x29 // ன; ந starts words, but ன reads the same
		}
	}
	return string(base + off)
}

func matchVowel(s string) (v latinVowel, n int) {
	for _, x := range latinVowels {
		if strings.HasPrefix(s, x.latin) {
			return x, len(x.latin)
		}
	}
	return v, 0
}

func matchConsonant(s string) (c latinConsonant, n int) {
	for _, x := range latinConsonants {
		if strings.HasPrefix(s, x.latin) {
			return x, len(x.latin)
		}
	}
	return c, 0
}
