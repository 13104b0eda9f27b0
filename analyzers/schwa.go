package analyzers

import "strings"

// Medial schwa, read both ways.
//
// Whether a speaker drops the inherent vowel inside a word varies most in
// compound names: जयकुमार is read "jaykumar" while English spells the same
// name Jayakumar, रामकृष्णन is "ramkrishnan" and Ramakrishnan. The index
// keeps one reading per word, the deleted one (deleteSchwas); a query
// looks for the other reading too (SchwaVariants), which costs a term
// lookup rather than index space.

// SchwaVariants returns the other Latin readings of a word as far as
// medial schwa deletion goes: for a Devanagari or Bengali word, its reading
// with every deleted medial schwa pronounced; for a Latin word, its
// spelling with one medial a dropped where Hindi would drop it (V C a C V),
// one reading per such a. The word's own readings are not included.
func SchwaVariants(word string) []string { return SchwaVariantsOf(AnalyzeWord(word)) }

// SchwaVariantsOf is SchwaVariants of a word already analyzed.
func SchwaVariantsOf(wa WordAnalysis) []string {
	if wa.Stop {
		return nil
	}
	switch wa.Script {
	case ScriptDevanagari, ScriptBengali, ScriptGurmukhi, ScriptGujarati, ScriptOriya:
		if v := schwaKept(wa.Normalized); v != "" {
			return []string{v}
		}
	case ScriptLatin:
		return latinSchwaDropped(asciiLetters(wa.Normalized))
	}
	return nil
}

// schwaKept is the reading of a normalized Indic word with its medial
// schwas pronounced, or "" when none was deleted.
func schwaKept(word string) string {
	segs, script := indicSegments(word, nil)
	deleteSchwas(segs)
	restored := false
	for i := 0; i < len(segs)-1; i++ {
		if segs[i].kind == segSchwa && segs[i].latin == "" {
			segs[i].latin = "a"
			restored = true
		}
	}
	if !restored {
		return ""
	}
	var b strings.Builder
	b.Grow(2 * len(segs))
	return renderSegments(&b, segs, "a", script)
}

// LatinSchwaDropped is SchwaVariants for a Latin reading already made
// (lower-case ASCII), such as two words joined.
func LatinSchwaDropped(latin string) []string { return latinSchwaDropped(latin) }

// maxSchwaVariants bounds the readings of a long Latin word.
const maxSchwaVariants = 3

// latinSchwaDropped returns the spellings of a lower-case ASCII word with
// one medial a dropped, in the context vowel, consonant, a, consonant,
// vowel, where a consonant may be spelled with two letters (sh, th) and a
// following r+vowel counts as a vowel (कृ "kri").
func latinSchwaDropped(s string) []string {
	var out []string
	for i := 2; i < len(s)-2 && len(out) < maxSchwaVariants; i++ {
		if s[i] != 'a' {
			continue
		}
		before := consonantEndingAt(s, i-1)
		if before == 0 || i-before < 1 || !isPlainVowel(s[i-before-1]) {
			continue
		}
		after := consonantStartingAt(s, i+1)
		if after == 0 {
			continue
		}
		next := i + 1 + after
		if next < len(s) && s[next] == 'r' && s[i+1] != 'r' {
			next++
		}
		if next >= len(s) || !isPlainVowel(s[next]) {
			continue
		}
		out = append(out, s[:i]+s[i+1:])
	}
	return out
}

func isPlainVowel(b byte) bool {
	switch b {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// aspirated are the consonants that an h after them makes one sound with.
const aspirated = "bcdgjkpst"

// consonantEndingAt is the length (1 or 2) of the consonant spelled by the
// letters ending at i, or 0 when s[i] is not a consonant.
func consonantEndingAt(s string, i int) int {
	if i < 0 || isPlainVowel(s[i]) {
		return 0
	}
	if s[i] == 'h' && i > 0 && indexByte(aspirated, s[i-1]) {
		return 2
	}
	return 1
}

// consonantStartingAt is the length (1 or 2) of the consonant spelled by
// the letters starting at i, or 0 when s[i] is not a consonant.
func consonantStartingAt(s string, i int) int {
	if i >= len(s) || isPlainVowel(s[i]) {
		return 0
	}
	if i+1 < len(s) && s[i+1] == 'h' && indexByte(aspirated, s[i]) {
		return 2
	}
	return 1
}

func indexByte(set string, b byte) bool {
	for i := 0; i < len(set); i++ {
		if set[i] == b {
			return true
		}
	}
	return false
}
