package analyzers

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// Script is the writing system of a token. Its String form is the ISO 15924
// code, which is also what documents record in their `scripts` field.
type Script int

const (
	ScriptOther Script = iota
	ScriptLatin
	ScriptDevanagari
	ScriptBengali
	ScriptCyrillic
	// ScriptDigits is a token made only of digits (in any script, folded to
	// ASCII by the normalizers): it belongs to no language.
	ScriptDigits
	// The Brahmic scripts after Devanagari and Bengali, each in its Unicode
	// block, and the Perso-Arabic script of Urdu. They come after
	// ScriptDigits so that the values above keep their meaning.
	ScriptGurmukhi
	ScriptGujarati
	ScriptOriya
	ScriptTamil
	ScriptTelugu
	ScriptKannada
	ScriptMalayalam
	ScriptArabic

	scriptCount // the number of scripts, for tables indexed by Script
)

var scriptCodes = [...]string{
	ScriptOther:      "Zyyy",
	ScriptLatin:      "Latn",
	ScriptDevanagari: "Deva",
	ScriptBengali:    "Beng",
	ScriptCyrillic:   "Cyrl",
	ScriptDigits:     "Zyyy",
	ScriptGurmukhi:   "Guru",
	ScriptGujarati:   "Gujr",
	ScriptOriya:      "Orya",
	ScriptTamil:      "Taml",
	ScriptTelugu:     "Telu",
	ScriptKannada:    "Knda",
	ScriptMalayalam:  "Mlym",
	ScriptArabic:     "Arab",
}

// brahmicBlocks are the Unicode blocks of the Brahmic scripts lipi reads,
// 128 code points each from 0x0900 on, in block order; each block's
// decimal digits sit at offsets 0x66–0x6F.
var brahmicBlocks = [...]Script{
	ScriptDevanagari, ScriptBengali, ScriptGurmukhi, ScriptGujarati,
	ScriptOriya, ScriptTamil, ScriptTelugu, ScriptKannada, ScriptMalayalam,
}

// IsBrahmic tells the scripts whose Unicode blocks share the ISCII layout
// (translit.go): every Indian script lipi reads but Latin and Urdu.
func (s Script) IsBrahmic() bool { return slices.Contains(brahmicBlocks[:], s) }

// spellsSounds tells the scripts whose Latin readings spell every letter
// that is pronounced (the Brahmic scripts and Urdu), as opposed to Latin
// and Cyrillic words, whose spelling has silent letters of its own.
func (s Script) spellsSounds() bool { return s.IsBrahmic() || s == ScriptArabic }

// Scripts lists every script lipi reads, in a fixed order: Latin first, then
// the Indian scripts in Unicode block order, Urdu, and Cyrillic.
func Scripts() []Script {
	return []Script{
		ScriptLatin, ScriptDevanagari, ScriptBengali, ScriptGurmukhi,
		ScriptGujarati, ScriptOriya, ScriptTamil, ScriptTelugu,
		ScriptKannada, ScriptMalayalam, ScriptArabic, ScriptCyrillic,
	}
}

// String returns the ISO 15924 code of s.
func (s Script) String() string {
	if s < 0 || int(s) >= len(scriptCodes) {
		return "Zyyy"
	}
	return scriptCodes[s]
}

// ScriptOfRune classifies one rune. Combining marks, digits and format
// characters return ScriptOther: they take the script of the letters around
// them.
func ScriptOfRune(r rune) Script {
	switch {
	case r >= 0x0900 && r <= 0x0D7F:
		if off := r & 0x7F; off >= 0x66 && off <= 0x6F { // digits
			return ScriptOther
		}
		return brahmicBlocks[(r-0x0900)>>7]
	case r >= 0xA8E0 && r <= 0xA8FF: // Devanagari Extended
		return ScriptDevanagari
	case r >= 0x0600 && r <= 0x06FF, r >= 0x0750 && r <= 0x077F, r >= 0xFB50 && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFE:
		if r >= 0x0660 && r <= 0x0669 || r >= 0x06F0 && r <= 0x06F9 { // Arabic and Urdu digits
			return ScriptOther
		}
		if r == 0x0640 || r >= 0x064B && r <= 0x065F || r == 0x0670 { // tatweel, harakat: marks
			return ScriptOther
		}
		return ScriptArabic
	case r < 0x80:
		if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
			return ScriptLatin
		}
		return ScriptOther
	case unicode.Is(unicode.Latin, r):
		return ScriptLatin
	case unicode.Is(unicode.Cyrillic, r):
		return ScriptCyrillic
	}
	return ScriptOther
}

// ScriptOf returns the script of a word: the script of most of its letters.
// A word of digits alone is ScriptDigits; a word with letters of no script
// lipi knows is ScriptOther.
func ScriptOf(word string) Script {
	var counts [scriptCount]int
	digits, letters := 0, 0
	for _, r := range word {
		s := ScriptOfRune(r)
		if s != ScriptOther {
			counts[s]++
			letters++
			continue
		}
		if unicode.IsDigit(r) {
			digits++
		} else if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters == 0 {
		if digits > 0 {
			return ScriptDigits
		}
		return ScriptOther
	}
	best := ScriptOther
	for s := ScriptLatin; s < scriptCount; s++ {
		if s != ScriptDigits && counts[s] > counts[best] {
			best = s
		}
	}
	if counts[best]*2 < letters { // mostly letters of other scripts
		return ScriptOther
	}
	return best
}

// EndsInVirama tells whether word ends in a virama: its last consonant
// joins the next one in a conjunct, so a word cut there (कृष्, half-typed
// कृष्ण) goes on with a consonant, never a vowel.
func EndsInVirama(word string) bool {
	r, _ := utf8.DecodeLastRuneInString(word)
	return r >= 0x0900 && r <= 0x0D7F && r&0x7F == 0x4D // every Brahmic block's virama
}
