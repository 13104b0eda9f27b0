package analyzers

// The Brahmic scripts beyond Devanagari and Bengali. Each block is laid out
// like Devanagari's (translit.go), so a script is the shared table with its
// own letters overridden, plus the flags that turn on the rules it needs.
// Letters are checked against the Unicode chapters on each script and ISO
// 15919; readings are those of English-language news, as for Hindi.

// gurmukhi: Punjabi drops the inherent vowel as Hindi does. Tippi and bindi
// are nasals; addak doubles the consonant after it (ਮੱਧ "maddh"); ੲ and ੳ
// carry a vowel sign (ੲਿ is ਇ) and are silent themselves; conjuncts are
// written with the virama only for the subjoined ਰ, ਹ and ਵ, which the
// shared table already reads.
var gurmukhi = func() *indicScript {
	s := newIndicScript(0x0A00, ScriptGurmukhi, map[rune]indicLetter{
		0x01: {classAnusvara, "n"},  // adak bindi
		0x5C: {classConsonant, "r"}, // ੜ flap
		0x70: {classAnusvara, "n"},  // tippi
		0x71: {classGeminate, ""},   // addak
		0x72: {classNone, ""},       // ੲ vowel bearer
		0x73: {classNone, ""},       // ੳ vowel bearer
		0x75: {classConsonant, "y"}, // yakash
	})
	s.nukta = map[rune]string{
		0x16: "kh", // ਖ਼
		0x17: "g",  // ਗ਼
		0x1C: "z",  // ਜ਼
		0x2B: "f",  // ਫ਼
		0x32: "l",  // ਲ਼
		0x38: "sh", // ਸ਼
	}
	return s
}()

// gujarati reads like Devanagari: Gujarati drops the inherent vowel as Hindi
// does, and its candra vowels (ઍ, ઑ) are in the shared table.
var gujarati = func() *indicScript {
	s := newIndicScript(0x0A80, ScriptGujarati, nil)
	s.nukta = map[rune]string{0x1C: "z", 0x2B: "f"}
	return s
}()

// oriya: Odia ଯ is read j, as Bengali য is, and ୟ (a letter of its own at
// 0x5F) is the y; ୱ is w. The inherent vowel is said o, as in Bengali, and
// names are spelled with a or o (Orissa, Odisha); English drops it at the
// end of a word.
var oriya = func() *indicScript {
	s := newIndicScript(0x0B00, ScriptOriya, map[rune]indicLetter{
		0x2F: {classConsonant, "j"}, // ଯ
		0x5F: {classConsonant, "y"}, // ୟ
		0x71: {classConsonant, "w"}, // ୱ
	})
	s.nukta = map[rune]string{0x21: "r", 0x22: "rh"}
	s.vowelO = true
	return s
}()

// tamil has one letter for a voiced and a voiceless stop and no aspirates:
// see tamilStop for how a stop is read. ழ is the retroflex approximant
// written zh (Kozhikode); ற is r, and t in ற்ற; ஃ before ப is f.
var tamil = func() *indicScript {
	s := newIndicScript(0x0B80, ScriptTamil, map[rune]indicLetter{
		0x34: {classConsonant, "zh"}, // ழ
	})
	s.dravidian = true
	return s
}()

// telugu, kannada and malayalam: no inherent-vowel deletion, and a nasal at
// the end of a word is m (ప్రాంతం "prantam", പ്രദേശം "pradesham").
var telugu = func() *indicScript {
	s := newIndicScript(0x0C00, ScriptTelugu, map[rune]indicLetter{
		0x00: {classAnusvara, "n"}, // combining candrabindu above
	})
	s.dravidian = true
	return s
}()

var kannada = func() *indicScript {
	s := newIndicScript(0x0C80, ScriptKannada, map[rune]indicLetter{
		0x00: {classAnusvara, "n"},  // spacing candrabindu
		0x5E: {classConsonant, "l"}, // ೞ (obsolete)
	})
	s.dravidian = true
	return s
}()

// malayalam: ഴ is zh; the chillu letters (ൺ ൻ ർ ൽ ൾ ൿ) are consonants
// without a vowel; റ is t in റ്റ and after ന്; a virama at the end of a word
// is a short u that English spellings leave out (യൂറോപ്പ് "yurop").
var malayalam = func() *indicScript {
	s := newIndicScript(0x0D00, ScriptMalayalam, map[rune]indicLetter{
		0x34: {classConsonant, "zh"}, // ഴ
		0x4E: {classChillu, "r"},     // ൎ dot reph
		0x7A: {classChillu, "n"},     // ൺ
		0x7B: {classChillu, "n"},     // ൻ
		0x7C: {classChillu, "r"},     // ർ
		0x7D: {classChillu, "l"},     // ൽ
		0x7E: {classChillu, "l"},     // ൾ
		0x7F: {classChillu, "k"},     // ൿ
	})
	s.dravidian = true
	return s
}()

// indicScripts are the tables by Unicode block, from U+0900 on.
var indicScripts = [...]*indicScript{devanagari, bengali, gurmukhi, gujarati, oriya, tamil, telugu, kannada, malayalam}

// indicScriptOf is the table of the block r is in, or nil.
func indicScriptOf(r rune) *indicScript {
	if r < 0x0900 || r > 0x0D7F {
		return nil
	}
	return indicScripts[(r-0x0900)>>7]
}

// tamilStop reads a Tamil stop (க ச ட த ப) by its place in the word, as
// Tamil says it: voiceless at the start of a word and when doubled, voiced
// after a nasal, between vowels and after r, l, y, v (பமாகோ "pamago"). The
// alternative reading flips that (b at the start, k between vowels), which
// is how English writes most foreign names that Tamil spells this way
// (Bamako, Argentina அர்ஜென்டினா): the word's second reading has every stop
// flipped. A doubled stop has no alternative (ஆப்பிரிக்கா "appirikka").
// prev is the segment before the stop (zero for none), prevLetter the
// offset of the consonant before it when a virama joins them (or -1);
// doubles tells that the same stop follows, joined, and closed that a
// virama follows.
func tamilStop(off rune, prev seg, prevLetter rune, doubles, closed bool) (latin, alt string) {
	voiceless, voiced := tamilStopPair(off)
	if voiceless == "" {
		return "", ""
	}
	switch {
	case prevLetter == off || doubles:
		return voiceless, ""
	case closed:
		return voiceless, voiced
	case prevLetter >= 0:
		switch prevLetter {
		case 0x19, 0x1E, 0x23, 0x28, 0x29, 0x2E: // ங ஞ ண ந ன ம
			if off == 0x1A {
				return "j", "ch"
			}
			return voiced, voiceless
		case 0x2F, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35: // ய ர ற ல ள ழ வ
			return voiced, voiceless
		}
		return voiceless, ""
	case prev.kind == segVowel || prev.kind == segSchwa || prev.kind == segA:
		if off == 0x1A { // ச between vowels is s (ஆசியா "asiya")
			return "s", "ch"
		}
		return voiced, voiceless
	}
	// The start of a word.
	if off == 0x1A {
		return "ch", "s"
	}
	return voiceless, voiced
}

// tamilStopPair is the voiceless and the voiced reading of a Tamil stop, or
// "" for another letter.
func tamilStopPair(off rune) (voiceless, voiced string) {
	switch off {
	case 0x15: // க
		return "k", "g"
	case 0x1A: // ச
		return "ch", "j"
	case 0x1F, 0x24: // ட த
		return "t", "d"
	case 0x2A: // ப
		return "p", "b"
	}
	return "", ""
}
