package analyzers

import (
	"slices"
	"strings"
	"unicode"
)

// Indic to Latin transliteration.
//
// Devanagari (U+0900–U+097F) and Bengali (U+0980–U+09FF) were encoded from
// the same ISCII layout, so a letter sits at the same offset from the start
// of its block in both: क U+0915 and ক U+0995 are both offset 0x15. One table
// indexed by that offset serves both scripts; each script then overrides the
// few letters it reads differently (Bengali য is read j, ব is b, ং is ng).
// The other Brahmic scripts (Gurmukhi, Gujarati, Odia, Tamil, Telugu,
// Kannada, Malayalam) share the layout too: their tables and rules are in
// translit_brahmic.go.
//
// The output is one canonical, lower-case ASCII spelling of the kind a
// newspaper would use for a name: vowel length is not marked (आ and अ both
// give "a"), aspirates are written with h (भ "bh"), श and ष are both "sh".
// Finer distinctions are left to the phonetic keys, which fold further.

type letterClass uint8

const (
	classNone      letterClass = iota
	classConsonant             // carries the inherent vowel unless a sign or virama follows
	classVowel                 // independent vowel letter
	classSign                  // dependent vowel sign (matra)
	classVirama                // kills the inherent vowel: the next consonant forms a cluster
	classAnusvara              // nasal, assimilated to the next consonant
	classVisarga               // a breath: "h"
	classNukta                 // modifies the preceding consonant
	classGeminate              // doubles the next consonant (Gurmukhi addak)
	classChillu                // a consonant without an inherent vowel (Malayalam chillu)
)

type indicLetter struct {
	class letterClass
	latin string
}

// indicScript holds what is particular to one Brahmic script.
type indicScript struct {
	base    rune              // first code point of the Unicode block
	script  Script            // the script of the block
	letters [0x80]indicLetter // by offset from base
	nukta   map[rune]string   // consonant offset → reading with nukta
	vowelO  bool              // the inherent vowel may also be read "o" (Bengali, Odia)
	yaPhala bool              // virama + YA after a consonant is a glide (Bengali ya-phala)
	// dravidian: the language says every inherent vowel (the others drop
	// it at the end of a word and between some consonants: deleteSchwas),
	// and a nasal at the end of a word is m.
	dravidian bool
}

// commonIndicLetters is the shared ISCII-layout table. Offsets are those of
// both blocks; the comments name the Devanagari letter.
var commonIndicLetters = map[rune]indicLetter{
	0x01: {classAnusvara, "n"}, // candrabindu (Devanagari's is normalized to anusvara before we get here)
	0x02: {classAnusvara, "n"}, // anusvara
	0x03: {classVisarga, "h"},  // visarga
	0x05: {classVowel, "a"},    // अ
	0x06: {classVowel, "a"},    // आ
	0x07: {classVowel, "i"},    // इ
	0x08: {classVowel, "i"},    // ई
	0x09: {classVowel, "u"},    // उ
	0x0A: {classVowel, "u"},    // ऊ
	0x0B: {classVowel, "ri"},   // ऋ
	0x0C: {classVowel, "li"},   // ऌ
	0x0D: {classVowel, "e"},    // ऍ candra e
	0x0E: {classVowel, "e"},    // ऎ short e
	0x0F: {classVowel, "e"},    // ए
	0x10: {classVowel, "ai"},   // ऐ
	0x11: {classVowel, "o"},    // ऑ candra o
	0x12: {classVowel, "o"},    // ऒ short o
	0x13: {classVowel, "o"},    // ओ
	0x14: {classVowel, "au"},   // औ
	0x15: {classConsonant, "k"},
	0x16: {classConsonant, "kh"},
	0x17: {classConsonant, "g"},
	0x18: {classConsonant, "gh"},
	0x19: {classConsonant, "ng"}, // ङ
	0x1A: {classConsonant, "ch"},
	0x1B: {classConsonant, "chh"},
	0x1C: {classConsonant, "j"},
	0x1D: {classConsonant, "jh"},
	0x1E: {classConsonant, "n"}, // ञ
	0x1F: {classConsonant, "t"}, // retroflex ट: English spelling does not mark retroflexion
	0x20: {classConsonant, "th"},
	0x21: {classConsonant, "d"},
	0x22: {classConsonant, "dh"},
	0x23: {classConsonant, "n"}, // ण
	0x24: {classConsonant, "t"},
	0x25: {classConsonant, "th"},
	0x26: {classConsonant, "d"},
	0x27: {classConsonant, "dh"},
	0x28: {classConsonant, "n"},
	0x29: {classConsonant, "n"}, // ऩ
	0x2A: {classConsonant, "p"},
	0x2B: {classConsonant, "ph"},
	0x2C: {classConsonant, "b"},
	0x2D: {classConsonant, "bh"},
	0x2E: {classConsonant, "m"},
	0x2F: {classConsonant, "y"},
	0x30: {classConsonant, "r"},
	0x31: {classConsonant, "r"}, // ऱ
	0x32: {classConsonant, "l"},
	0x33: {classConsonant, "l"}, // ळ
	0x34: {classConsonant, "l"}, // ऴ
	0x35: {classConsonant, "v"},
	0x36: {classConsonant, "sh"}, // श
	0x37: {classConsonant, "sh"}, // ष
	0x38: {classConsonant, "s"},
	0x39: {classConsonant, "h"},
	0x3C: {classNukta, ""},
	0x3D: {classNone, ""}, // avagraha: a lengthening sign, silent in names
	0x3E: {classSign, "a"},
	0x3F: {classSign, "i"},
	0x40: {classSign, "i"},
	0x41: {classSign, "u"},
	0x42: {classSign, "u"},
	0x43: {classSign, "ri"},
	0x44: {classSign, "ri"},
	0x45: {classSign, "e"}, // candra e
	0x46: {classSign, "e"},
	0x47: {classSign, "e"},
	0x48: {classSign, "ai"},
	0x49: {classSign, "o"}, // candra o
	0x4A: {classSign, "o"},
	0x4B: {classSign, "o"},
	0x4C: {classSign, "au"},
	0x4D: {classVirama, ""},
	0x57: {classSign, "au"}, // Bengali au length mark (ৗ), in ৌ
	0x60: {classVowel, "ri"},
	0x61: {classVowel, "li"},
	0x62: {classSign, "li"},
	0x63: {classSign, "li"},
	0x72: {classVowel, "a"}, // ॲ
}

func newIndicScript(base rune, script Script, overrides map[rune]indicLetter) *indicScript {
	s := &indicScript{base: base, script: script}
	for off, l := range commonIndicLetters {
		s.letters[off] = l
	}
	for off, l := range overrides {
		s.letters[off] = l
	}
	return s
}

// devanagari: nukta letters are the Perso-Arabic and English sounds of Hindi
// loanwords (U+0958–U+095F decompose to these pairs under NFC).
var devanagari = func() *indicScript {
	s := newIndicScript(0x0900, ScriptDevanagari, nil)
	s.nukta = map[rune]string{
		0x15: "q",  // क़
		0x16: "kh", // ख़
		0x17: "g",  // ग़ (gh in careful transliteration; names spell g)
		0x1C: "z",  // ज़
		0x21: "r",  // ड़ flap
		0x22: "rh", // ढ़
		0x2B: "f",  // फ़
		0x2F: "y",  // य़
		0x1D: "zh", // झ़
	}
	return s
}()

// bengali reads a few letters of the shared layout differently.
var bengali = func() *indicScript {
	s := newIndicScript(0x0980, ScriptBengali, map[rune]indicLetter{
		0x02: {classAnusvara, "ng"}, // ং: Bengali anusvara is velar (বাংলা "bangla")
		0x10: {classVowel, "oi"},    // ঐ
		0x14: {classVowel, "ou"},    // ঔ
		0x2F: {classConsonant, "j"}, // য: in Bengali the letter ya is read j (যমুনা "jamuna")
		0x48: {classSign, "oi"},     // ৈ
		0x4C: {classSign, "ou"},     // ৌ
		0x4E: {classConsonant, "t"}, // ৎ khanda ta (normalized to ত্ before we get here)
		0x70: {classConsonant, "r"}, // ৰ Assamese ra
		0x71: {classConsonant, "w"}, // ৱ Assamese wa
	})
	s.nukta = map[rune]string{
		0x21: "r",  // ড় flap
		0x22: "rh", // ঢ়
		0x2F: "y",  // য় antahstha ya: the y of names (রাশিয়া "rashiya")
	}
	// ya-phala (্য) after a consonant is a glide, not j: ব্যানার্জি "byanarji".
	s.yaPhala = true
	s.vowelO = true
	return s
}()

// wGlide reports whether the vowel letter at runes[i] starts a w-glide, and
// how many runes after it the glide takes: Bengali has no letter w and
// writes it ও + য় + vowel sign (ওয়াকার "wakar") or উ + ই (উইলিয়াম
// "william", where the ই then reads as the vowel).
func (sc *indicScript) wGlide(runes []rune, i int) (ok bool, skip int) {
	if sc != bengali {
		return false, 0
	}
	isSign := func(k int) bool {
		if k >= len(runes) || indicScriptOf(runes[k]) != sc {
			return false
		}
		return sc.letters[runes[k]-sc.base].class == classSign
	}
	at := func(k int) rune {
		if k < len(runes) {
			return runes[k]
		}
		return 0
	}
	switch runes[i] - sc.base {
	case 0x13: // ও
		if at(i+1) == sc.base+0x2F && at(i+2) == sc.base+0x3C && isSign(i+3) {
			return true, 2
		}
	case 0x09: // উ
		if at(i+1) == sc.base+0x07 {
			return true, 0
		}
	}
	return false, 0
}

// segment kinds of a word being transliterated.
type segKind uint8

const (
	segConsonant segKind = iota
	segVowel             // an explicit vowel: letter or sign
	segSchwa             // the inherent vowel of the preceding consonant
	segNasal             // anusvara: its reading depends on what follows
	segOther             // anything else, copied through
	segA                 // the vowel letter অ/अ: read like the inherent vowel, never dropped
)

type seg struct {
	kind  segKind
	latin string
	alt   string // another reading of this letter, for a second reading of the word ("-": silent)
}

// IndicToLatin returns the Latin readings of a normalized Bengali or
// Devanagari word, best first. A word gets a second reading where speakers
// differ: the final inherent vowel after a consonant cluster (नरेन्द्र
// "narendra" and "narendr") and, in Bengali, the inherent vowel read as "o"
// (ইগর "igar" and "igor"). Letters of other scripts pass through unchanged.
func IndicToLatin(word string) []string {
	readings := appendIndicReadings(make([]string, 0, 4), word)
	if len(readings) == 0 {
		return nil
	}
	return readings
}

// appendIndicReadings appends the readings IndicToLatin returns to dst.
func appendIndicReadings(dst []string, word string) []string {
	// The segments of a word of common length, and their copies for the
	// other readings, stay on the stack (and are cleared only when used).
	var segBuf [segsOnStack]seg
	segs, script := indicSegments(word, segBuf[:0])
	if len(segs) == 0 {
		return dst
	}
	// Medial schwas are deleted scanning from the right; where scanning
	// from the left reads the word otherwise, that is one more reading.
	// The scans can differ only where two medial schwas follow each other.
	deletes := script != nil && !script.dravidian
	var ltr []seg
	if deletes && medialSchwas(segs) >= 2 {
		var ltrBuf [segsOnStack]seg
		ltr = append(ltrBuf[:0], segs...)
		deleteSchwasScanning(ltr, true)
	}
	keepFinal := -1
	if deletes {
		keepFinal = deleteSchwas(segs)
	}
	readO := script != nil && script.vowelO && hasSchwa(segs)
	hasAlt := slices.ContainsFunc(segs, func(sg seg) bool { return sg.alt != "" })
	// The readings share one buffer.
	var b strings.Builder
	b.Grow(2 * len(segs) * (1 + btoi(keepFinal >= 0) + btoi(readO) + btoi(hasAlt)))
	first := len(dst)
	dst = append(dst, renderSegments(&b, segs, "a", script))
	if keepFinal >= 0 {
		// The other reading of a final schwa after a cluster: dropped.
		var altBuf [segsOnStack]seg
		alt := append(altBuf[:0], segs...)
		alt[keepFinal].latin = ""
		dst = appendUniqueFrom(dst, first, renderSegments(&b, alt, "a", script))
	}
	if readO {
		dst = appendUniqueFrom(dst, first, renderSegments(&b, segs, "o", script))
	}
	if ltr != nil && !slices.EqualFunc(segs, ltr, func(a, b seg) bool { return a.latin == b.latin }) {
		dst = appendUniqueFrom(dst, first, renderSegments(&b, ltr, "a", script))
	}
	// Letters with another reading (see seg.alt) give one more reading of
	// the word, all of them read the other way.
	if hasAlt {
		var altBuf [segsOnStack]seg
		alt := append(altBuf[:0], segs...)
		for i, sg := range segs {
			if sg.alt != "" {
				alt[i].latin = strings.TrimPrefix(sg.alt, "-")
			}
		}
		dst = appendUniqueFrom(dst, first, renderSegments(&b, alt, "a", script))
	}
	return dst
}

// appendUniqueFrom is appendUnique over list[from:].
func appendUniqueFrom(list []string, from int, s string) []string {
	if s == "" || slices.Contains(list[from:], s) {
		return list
	}
	return append(list, s)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// segsOnStack is the number of segments IndicToLatin keeps on the stack:
// two for each letter of a long word.
const segsOnStack = 40

// hasSchwa reports whether segs read an inherent vowel, without which the
// "o" reading of a Bengali word is its "a" reading.
func hasSchwa(segs []seg) bool {
	for _, s := range segs {
		if (s.kind == segSchwa || s.kind == segA) && s.latin != "" {
			return true
		}
	}
	return false
}

func appendUnique(list []string, s string) []string {
	if s == "" {
		return list
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// indicSegments splits a word into consonants, vowels, inherent vowels and
// nasals, appended to segs. A schwa segment's latin is "a" while it is pronounced and "" once
// deleted.
func indicSegments(word string, segs []seg) ([]seg, *indicScript) {
	runes := []rune(word)
	if cap(segs)-len(segs) < 2*len(runes) { // a letter makes at most two
		segs = slices.Grow(segs, 2*len(runes))
	}
	var script *indicScript
	geminate := false // a Gurmukhi addak doubles the next consonant
	aytham := false   // a Tamil ஃ makes the next ப an f
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		sc := indicScriptOf(r)
		if sc == nil {
			if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r) {
				continue
			}
			segs = append(segs, seg{kind: segOther, latin: string(unicode.ToLower(r))})
			continue
		}
		if script == nil {
			script = sc
		}
		off := r - sc.base
		l := sc.letters[off]
		switch l.class {
		case classConsonant:
			latin := l.latin
			j := i + 1
			if j < len(runes) && runes[j] == sc.base+0x3C { // nukta
				if n, ok := sc.nukta[off]; ok {
					latin = n
				}
				j++
			}
			alt := ""
			// The consonant joined to this one by a virama, if any, and
			// whether the same consonant follows, joined: Tamil and
			// Malayalam read some letters by them.
			joined, doubles := rune(-1), false
			if sc.dravidian {
				if i >= 2 && runes[i-1] == sc.base+0x4D && indicScriptOf(runes[i-2]) == sc {
					joined = runes[i-2] - sc.base
				}
				doubles = j+1 < len(runes) && runes[j] == sc.base+0x4D && runes[j+1] == r
			}
			switch {
			case sc == tamil && aytham && off == 0x2A:
				latin = "f" // ஃப: Tamil's f (ஃபிஜி Fiji)
			case sc == tamil:
				var prev seg
				if len(segs) > 0 {
					prev = segs[len(segs)-1]
				}
				closed := j < len(runes) && runes[j] == sc.base+0x4D
				if l, a := tamilStop(off, prev, joined, doubles, closed); l != "" {
					latin, alt = l, a
					// ங் and ஞ் before a stop are the n of the cluster
					// (அங்கோலா "angola").
					if (joined == 0x19 || joined == 0x1E) && len(segs) > 0 {
						segs[len(segs)-1].latin = "n"
					}
				}
				if off == 0x31 { // ற: t before ற், r after it (ற்ற "tr"), dr after ன்
					switch {
					case doubles:
						latin = "t"
					case joined == 0x29:
						latin = "dr"
					}
				}
			case sc == malayalam && off == 0x31:
				// റ്റ is tt, ന്റ nt (ലാറ്റിൻ "latin", അർജന്റീന "arjantina").
				if doubles || joined == 0x31 || joined == 0x28 || joined == 0x7B {
					latin = "t"
				}
			}
			aytham = false
			if geminate {
				latin = latin[:1] + latin
				geminate = false
			}
			// Hindi ड़ and ढ़ are flaps, written r and rh by careful
			// spellings and d, dh by most people who type Hindi in Latin
			// letters (सड़क sadak, बड़े bade, पढ़ाई padhai): the other
			// reading has d.
			if sc == devanagari && j == i+2 && (off == 0x21 || off == 0x22) {
				alt = sc.letters[off].latin
			}
			// Bengali ya-phala (virama + য) is a glide, not j; before া it
			// is the vowel of English "cat": ড্যারেন "daren", জ্যাক "jak",
			// অ্যাগনেস "agnes".
			if sc.yaPhala && off == 0x2F && j == i+1 && i > 0 && runes[i-1] == sc.base+0x4D {
				latin = "y"
				if j < len(runes) && runes[j] == sc.base+0x3E {
					// ...but in names from Sanskrit it is still ya:
					// শ্যামা "shyama".
					latin, alt = "", "y"
				}
			}
			// Bengali য is read j, but names that came from Hindi or
			// Sanskrit keep their y in English (যাদব Yadav, যোগী Yogi).
			if sc == bengali && off == 0x2F && i == 0 && latin == "j" {
				alt = "y"
			}
			// Bengali writes w after a consonant as ু or ো + য় + vowel
			// (রুয়ান্ডা Rwanda, কুয়ালালামপুর Kuala Lumpur, সোয়ান Swann):
			// the other reading has w for uy, oy.
			if sc == bengali && off == 0x2F && latin == "y" && i > 0 && (runes[i-1] == sc.base+0x41 || runes[i-1] == sc.base+0x4B) &&
				j < len(runes) && indicScriptOf(runes[j]) == sc && sc.letters[runes[j]-sc.base].class == classSign &&
				len(segs) > 0 && segs[len(segs)-1].kind == segVowel {
				segs[len(segs)-1].alt = "-"
				alt = "w"
			}
			// Bengali ক্ষ is said kh in words of the language and in most
			// place names (ক্ষেতলাল Khetlal, সাতক্ষীরা Satkhira, লক্ষ্মী
			// Lokkhi), ksh in Sanskrit loans and names spelled the Indian
			// way (Lakshmi): the other reading has kh.
			if sc == bengali && off == 0x37 && i >= 2 && runes[i-1] == sc.base+0x4D && runes[i-2] == sc.base+0x15 && len(segs) > 0 {
				segs[len(segs)-1].alt = "-"
				alt = "kh"
			}
			// ज्ञ / জ্ঞ is said gy and spelt so in names (Pragya, Gyan).
			if off == 0x1E && i >= 2 && runes[i-1] == sc.base+0x4D && runes[i-2] == sc.base+0x1C && len(segs) > 0 {
				segs[len(segs)-1].latin = "g"
				latin = "y"
			}
			segs = append(segs, seg{kind: segConsonant, latin: latin, alt: alt})
			i = j - 1
			if j < len(runes) {
				next := runes[j]
				if indicScriptOf(next) == sc {
					switch sc.letters[next-sc.base].class {
					case classSign, classVirama:
						continue
					}
				}
			}
			segs = append(segs, seg{kind: segSchwa, latin: "a"})
		case classSign:
			segs = append(segs, seg{kind: segVowel, latin: l.latin})
		case classVowel:
			if ok, skip := sc.wGlide(runes, i); ok {
				// ওয়া "wa", উই "wi": Bengali writes w with a vowel letter.
				segs = append(segs, seg{kind: segConsonant, latin: "w"})
				i += skip
				continue
			}
			if off == 0x05 {
				// অ is the inherent vowel written out: Bengali says o
				// (অসলো Oslo), so it follows the reading of the schwa.
				segs = append(segs, seg{kind: segA, latin: l.latin})
				continue
			}
			// Bengali writes an English w before o or u as the bare
			// vowel letter at the start of a word (ওলোফ Wolof, উড
			// Wood, ওরেল Worrell): the other reading has the w.
			alt := ""
			if sc == bengali && i == 0 && (off == 0x13 || off == 0x09) && i+1 < len(runes) &&
				indicScriptOf(runes[i+1]) == sc && sc.letters[runes[i+1]-sc.base].class == classConsonant {
				alt = "w" + l.latin
			}
			segs = append(segs, seg{kind: segVowel, latin: l.latin, alt: alt})
		case classVirama:
			// The consonant already has no schwa. A Malayalam word that
			// ends in one ends in a short u, which English leaves out
			// (യൂറോപ്പ് "yurop"): the other reading has it.
			if sc == malayalam && i == len(runes)-1 && len(segs) > 0 && segs[len(segs)-1].kind == segConsonant {
				segs = append(segs, seg{kind: segVowel, alt: "u"})
			}
		case classNukta, classNone:
			// A stray nukta, avagraha or vowel bearer is silent.
		case classGeminate:
			geminate = true
		case classChillu:
			segs = append(segs, seg{kind: segConsonant, latin: l.latin})
		case classAnusvara:
			if sc == bengali && off == 0x01 {
				// ঁ nasalises the vowel before it, which Latin spellings
				// write with an n or not at all (চাঁদপুর Chandpur,
				// চাঁদনীঘাট Chadnighat). Before a word-final vowel letter
				// the n follows that vowel: গাঁও "gaon".
				if i+2 == len(runes) && indicScriptOf(runes[i+1]) == sc && sc.letters[runes[i+1]-sc.base].class == classVowel {
					v := sc.letters[runes[i+1]-sc.base]
					segs = append(segs, seg{kind: segVowel, latin: v.latin}, seg{kind: segOther, latin: "n", alt: "-"})
					i++
					continue
				}
				segs = append(segs, seg{kind: segNasal, latin: "n", alt: "-"})
				continue
			}
			segs = append(segs, seg{kind: segNasal, latin: l.latin})
		case classVisarga:
			if sc == tamil && i+1 < len(runes) && runes[i+1] == sc.base+0x2A {
				aytham = true
				continue
			}
			segs = append(segs, seg{kind: segOther, latin: l.latin})
		default:
			if l.latin != "" {
				segs = append(segs, seg{kind: segOther, latin: l.latin})
			} else if unicode.IsDigit(r) {
				segs = append(segs, seg{kind: segOther, latin: string(r)})
			}
		}
	}
	return segs, script
}

// medialSchwas counts the inherent vowels of segs other than the first
// and the last segment's.
func medialSchwas(segs []seg) int {
	n := 0
	for i := 1; i < len(segs)-1; i++ {
		if segs[i].kind == segSchwa {
			n++
		}
	}
	return n
}

func isVowelSeg(s seg) bool {
	return s.kind == segVowel || s.kind == segA || (s.kind == segSchwa && s.latin != "")
}

// deleteSchwas applies inherent-vowel deletion in place, the way Hindi and
// Bengali speakers drop it:
//   - at the end of a word of more than one syllable (दीक्षित "dikshit"),
//     unless the last consonant ends a cluster (नरेन्द्र "narendra"): then the
//     vowel is kept and its index returned, so the caller can add the other
//     reading;
//   - inside a word, in the context V C ə C V, scanning right to left
//     (कमला "kamla", सरकार "sarkar"); never in the first syllable.
//
// It returns the index of a kept final schwa after a cluster, or -1.
func deleteSchwas(segs []seg) int { return deleteSchwasScanning(segs, false) }

// deleteSchwasScanning is deleteSchwas with the medial scan from left to
// right when leftToRight is set: compounds and names are read that way
// (मनचला "manchala", गणपति "ganpati"), verbs in -ना the other way
// (समझना "samajhna").
func deleteSchwasScanning(segs []seg, leftToRight bool) int {
	syllables := 0
	for _, s := range segs {
		if s.kind == segVowel || s.kind == segSchwa || s.kind == segA {
			syllables++
		}
	}
	kept := -1
	last := len(segs) - 1
	if last >= 1 && segs[last].kind == segSchwa && syllables > 1 {
		if last >= 2 && segs[last-1].kind == segConsonant && segs[last-2].kind == segConsonant {
			kept = last
		} else {
			segs[last].latin = ""
		}
	}
	// The first vowel of the word is never dropped; a deletion below never
	// makes another vowel the first, so it is found once.
	firstVowel := slices.IndexFunc(segs, isVowelSeg)
	for n := last - 1; n >= 2; n-- {
		i := n
		if leftToRight {
			i = last + 1 - n
		}
		if segs[i].kind != segSchwa || segs[i].latin == "" {
			continue
		}
		// A vowel nasalised by ঁ is still a vowel: বাঁশতৈল "banshtoil".
		before := segs[i-2]
		if before.kind == segNasal && before.alt == "-" && i >= 3 {
			before = segs[i-3]
		}
		if segs[i-1].kind != segConsonant || !isVowelSeg(before) {
			continue
		}
		if i+2 > last || segs[i+1].kind != segConsonant || !isVowelSeg(segs[i+2]) {
			continue
		}
		if firstVowel >= 0 && firstVowel < i {
			segs[i].latin = ""
		}
	}
	return kept
}

// isLabial tells the readings of the labial consonants, before which a
// nasal is m.
func isLabial(latin string) bool {
	switch latin {
	case "p", "ph", "b", "bh", "m":
		return true
	}
	return false
}

// renderSegments joins the segments, reading pronounced inherent vowels as
// schwa ("a" or, for Bengali's second reading, "o") and nasals by the
// consonant they precede.
//
// It writes the reading to b and returns it; the readings of one word
// written to one builder share its buffer.
func renderSegments(b *strings.Builder, segs []seg, schwa string, script *indicScript) string {
	start := b.Len()
	for i, s := range segs {
		switch s.kind {
		case segSchwa, segA:
			if s.latin != "" {
				b.WriteString(schwa)
			}
		case segNasal:
			if s.latin == "" {
				continue // read silent (see seg.alt)
			}
			next := ""
			for _, n := range segs[i+1:] {
				if n.kind == segConsonant {
					next = n.latin
				}
				break
			}
			switch {
			case script == gurmukhi && (next == "m" || next == "n"):
				// Tippi before a nasal doubles it, and a reading writes
				// it once (ਅੰਮ੍ਰਿਤਸਰ "amritsar").
			case isLabial(next):
				b.WriteString("m")
			case script != nil && script.dravidian && i == len(segs)-1:
				// A Dravidian word's final nasal is m (ప్రాంతం "prantam").
				b.WriteString("m")
			case script == bengali:
				// Bengali ং is ng wherever it stands, the end of a word
				// included (সিং Singh, চেউং Cheung).
				b.WriteString(s.latin)
			case next == "h" && script != nil:
				// A Devanagari anusvara before h is the ng of Singh (सिंह).
				b.WriteString("ng")
			default:
				b.WriteString("n")
			}
		default:
			b.WriteString(s.latin)
		}
	}
	return b.String()[start:]
}

// cyrillicLatin follows the BGN/PCGN romanization of Russian, which is what
// English-language news uses for Russian names.
var cyrillicLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "w",
}

// CyrillicToLatin romanizes a lower-cased Cyrillic word. Initial е is "ye"
// (Елена "yelena"), as BGN/PCGN writes it.
func CyrillicToLatin(word string) string {
	var b strings.Builder
	for i, r := range word {
		r = unicode.ToLower(r)
		if r == 'е' && i == 0 {
			b.WriteString("ye")
			continue
		}
		if l, ok := cyrillicLatin[r]; ok {
			b.WriteString(l)
			continue
		}
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ToLatin returns the Latin readings of a normalized word of any script lipi
// knows, best first; a Latin word is its own reading. Words of other scripts
// have none.
func ToLatin(word string, s Script) []string {
	if s.IsBrahmic() {
		return IndicToLatin(word)
	}
	switch s {
	case ScriptArabic:
		return UrduToLatin(word)
	case ScriptCyrillic:
		if l := CyrillicToLatin(word); l != "" {
			return []string{l}
		}
	case ScriptLatin:
		return []string{word}
	}
	return nil
}
