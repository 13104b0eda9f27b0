package analyzers

import (
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
)

var scriptCodes = [...]string{
	ScriptOther:      "Zyyy",
	ScriptLatin:      "Latn",
	ScriptDevanagari: "Deva",
	ScriptBengali:    "Beng",
	ScriptCyrillic:   "Cyrl",
	ScriptDigits:     "Zyyy",
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
	case r >= 0x0900 && r <= 0x097F, r >= 0xA8E0 && r <= 0xA8FF:
		if r >= 0x0966 && r <= 0x096F { // Devanagari digits
			return ScriptOther
		}
		return ScriptDevanagari
	case r >= 0x0980 && r <= 0x09FF:
		if r >= 0x09E6 && r <= 0x09EF { // Bengali digits
			return ScriptOther
		}
		return ScriptBengali
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
	var counts [ScriptDigits + 1]int
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
	for s := ScriptLatin; s <= ScriptCyrillic; s++ {
		if counts[s] > counts[best] {
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
	return r == hiVirama || r == bnVirama // stem.go
}
