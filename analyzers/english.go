package analyzers

import "strings"

// English spellings read two ways.
//
// Some English spellings stand for two sounds, and Devanagari and Bengali
// write the one that is said: ch is the ch of Chandra and the k of Michael
// মাইকেল; ea is the ee of Healy হিলি and the e of Pearson; a silent e makes
// the vowel before it long in Wake ওয়েক but not in the names of other
// languages (Senanayake); the l of walk and folk is silent (Walker ওয়াকার,
// Norfolk নরফোক) but not in Alka. A Latin word with such a spelling gets
// the other reading as one more key, never in place of the first: a rule
// that replaced one reading by the other would lose the words it is wrong
// for.

// englishAlternatives returns the other readings of a lower-case ASCII
// word, or nil.
func englishAlternatives(s string) []string {
	alt := s
	// ch as k, but not in tch and sch, which are always the ch and sh
	// sounds.
	alt = replaceWhere(alt, "ch", "k", func(before byte, _ string) bool {
		return before != 't' && before != 's'
	})
	alt = strings.ReplaceAll(alt, "ea", "ee")
	// ie before a consonant is the ee of field and Schofield শোফিল্ড (a
	// final -iel is two vowels: Daniel).
	if i := strings.Index(alt, "ie"); i > 0 && i+2 < len(alt) && !isPlainVowel(alt[i+2]) && alt[i+2:] != "l" {
		alt = alt[:i] + "ee" + alt[i+2:]
	}
	for _, lk := range []string{"alk", "olk"} {
		if i := strings.Index(alt, lk); i > 0 {
			alt = alt[:i+1] + alt[i+2:]
		}
	}
	// -ese names a people or language, which Hindi and Bengali name with
	// -ी, -ি (Japanese जापानी, Burmese বর্মি).
	if stem, ok := strings.CutSuffix(alt, "ese"); ok && len(stem) >= 3 {
		alt = stem + "i"
	}
	alt = shortUAsA(alt) // before ou is read u
	// ei after a consonant is the ee of Sheila शीला, Neil and Keith
	// (eigh is read before this).
	alt = replaceWhere(alt, "ei", "ee", func(before byte, after string) bool {
		return before != 0 && !isPlainVowel(before) && !strings.HasPrefix(after, "gh")
	})
	// ou is the u of Yousuf यूसुफ़, Moussa मूसा and Toulouse.
	alt = replaceWhere(alt, "ou", "u", func(before byte, _ string) bool { return before != 0 })
	// Tamil and Malayalam ழ, which English writes zh, is ल or ळ in
	// Devanagari (Ezhumalai एलुमलै, Anbazhagan अंबलगन).
	alt = replaceWhere(alt, "zh", "l", func(before byte, after string) bool {
		return isPlainVowel(before) && after != "" && isPlainVowel(after[0])
	})
	alt = longVowelBeforeSilentE(alt)
	// A final h after a is often silent (Baruah बरुआ, Abdullah अब्दुल्ला,
	// Sarah সারা), but not in a short word (Shah शाह).
	if len(alt) >= 5 && strings.HasSuffix(alt, "ah") {
		alt = alt[:len(alt)-1]
	}
	if alt == s {
		return nil
	}
	return []string{alt}
}

// initialChAsS is the reading of a lower-case ASCII word with an initial ch
// before a vowel read s, or "": French ch is the sh of Chagos शागोस and
// Cheyenne, and Tamil ச is written ch or s in English (Chitrakala, Solan)
// while Devanagari renderings made from Tamil write स. Only its key is
// indexed, so that the many words in ch do not grow longer by a frame and
// a skeleton too.
func initialChAsS(s string) string {
	if rest, ok := strings.CutPrefix(s, "ch"); ok && len(rest) >= 3 && isPlainVowel(rest[0]) {
		return "s" + rest
	}
	return ""
}

// shortUAsA reads as a every u after a consonant that a consonant closes:
// the short vowel of Dutch डच, Russia রাশিয়া, Punjab पंजाब and Burma बर्मा,
// which Devanagari and Bengali write with the vowel a.
func shortUAsA(s string) string {
	var b []byte
	for i := 1; i < len(s); i++ {
		if s[i] != 'u' || s[i-1] == 'q' || consonantEndingAt(s, i-1) == 0 {
			continue
		}
		n := consonantStartingAt(s, i+1)
		if n == 0 {
			continue
		}
		if j := i + 1 + n; j < len(s) && (isPlainVowel(s[j]) || s[j] == 'y') {
			continue // an open syllable: Cuba, Kumar
		}
		if b == nil {
			b = []byte(s)
		}
		b[i] = 'a'
	}
	if b == nil {
		return s
	}
	return string(b)
}

// longVowelBeforeSilentE spells out the long vowel of a final vowel,
// consonant, e (Wake "wek", Mike "maik", Steve "stiv"), dropping the e.
func longVowelBeforeSilentE(s string) string {
	n := len(s)
	if n < 4 || s[n-1] != 'e' || isPlainVowel(s[n-2]) || !isPlainVowel(s[n-3]) || isPlainVowel(s[n-4]) {
		return s
	}
	switch s[n-3] {
	case 'a':
		return s[:n-3] + "e" + s[n-2:n-1]
	case 'i':
		return s[:n-3] + "ai" + s[n-2:n-1]
	case 'e':
		return s[:n-3] + "i" + s[n-2:n-1]
	}
	return s
}
