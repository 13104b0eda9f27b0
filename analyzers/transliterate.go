package analyzers

import "strings"

// Transliterate writes text in every script lipi can write, keyed by ISO
// 15924 code: Latn, the Brahmic scripts (Deva, Beng, Guru, Gujr, Orya,
// Taml, Telu, Knda, Mlym) and Arab for Urdu. Words are replaced by their
// best reading; everything between words is kept as it is.
func Transliterate(text string) map[string]string {
	spans := WordSpans(text)
	out := map[string]string{}
	for _, target := range Scripts() {
		if target == ScriptCyrillic {
			continue // read, not written
		}
		var b strings.Builder
		last := 0
		for _, sp := range spans {
			b.WriteString(text[last:sp.Start])
			b.WriteString(wordInScript(text[sp.Start:sp.End], target))
			last = sp.End
		}
		b.WriteString(text[last:])
		out[target.String()] = b.String()
	}
	return out
}

// wordInScript writes one word in the target script; a word already in it,
// or of a script lipi cannot read, is kept.
func wordInScript(word string, target Script) string {
	s := ScriptOf(word)
	if s == target || s == ScriptDigits || s == ScriptOther {
		return word
	}
	var latin string
	switch s {
	case ScriptLatin:
		latin = word
	default:
		readings := ToLatin(NormalizeWordForScript(word, s), s)
		if len(readings) == 0 {
			return word
		}
		latin = readings[0]
	}
	switch {
	case target == ScriptLatin:
		return latin
	case target.IsBrahmic():
		if out := LatinToIndic(strings.ToLower(latin), target); out != "" {
			return out
		}
	case target == ScriptArabic:
		if out := LatinToUrdu(strings.ToLower(latin)); out != "" {
			return out
		}
	}
	return word
}

// NormalizeWordForScript applies the normalizer of a word's script.
func NormalizeWordForScript(word string, s Script) string {
	if s.IsBrahmic() {
		return NormalizeIndic(word)
	}
	switch s {
	case ScriptArabic:
		return NormalizeUrdu(word)
	case ScriptCyrillic:
		return NormalizeCyrillic(word)
	case ScriptLatin:
		return NormalizeLatin(word)
	}
	return word
}
