package analyzers

import (
	"slices"
	"strings"
)

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
	// ch as k, but not in tch and sch, which are always the ch and sh
	// sounds.
	withK := replaceWhere(s, "ch", "k", func(before byte, _ string) bool {
		return before != 't' && before != 's'
	})
	var out []string
	if alt := englishVowelsAndEndings(withK); alt != s {
		out = append(out, alt)
	}
	// The other rules apply to a word whose ch is the ch sound too
	// (Manchester मैनचेस्टर, Chase), which is a second reading when the
	// word has a ch and the first reading reads it k.
	if withK != s {
		if alt := englishVowelsAndEndings(s); alt != s && !slices.Contains(out, alt) {
			out = append(out, alt)
		}
	}
	return out
}

// englishVowelsAndEndings applies englishAlternatives' rules other than
// ch as k, to a word whose ch is already read one way or the other.
func englishVowelsAndEndings(alt string) string {
	alt = englishSuffixSounds(alt) // -ture's ch is the ch sound, never k
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
	// The a of -ack and -atch is the vowel of cat, which Devanagari writes
	// ै (Jack जैक, Black ब्लैक, Match मैच, Attack अटैक); after w it is
	// the o of Watch वॉच. Only these spellings, which no Indian name
	// uses, are read so: in Shankar or Rajat the a is a.
	for _, ending := range []string{"ack", "atch"} {
		alt = replaceWhere(alt, ending, "ai"+ending[1:], func(before byte, _ string) bool { return before != 'w' })
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
	// Before the long vowel of a silent e, whose e is not unstressed
	// (Brisbane ব্রিসবেন "brisben", not "brisban").
	alt = unstressedFinalVowel(alt)
	alt = longVowelBeforeSilentE(alt)
	// A final h after a is often silent (Baruah बरुआ, Abdullah अब्दुल्ला,
	// Sarah সারা), but not in a short word (Shah शाह).
	if len(alt) >= 5 && strings.HasSuffix(alt, "ah") {
		alt = alt[:len(alt)-1]
	}
	return alt
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

// englishSuffixSounds spells the endings that English spells one way and
// says another, as Devanagari and Bengali write them: -ation is said eshan
// (Station स्टेशन, Nation नेशन, National नेशनल), other -tion and -ssion
// shan (Motion मोशन, Commission कमीशन), -sion after a vowel or r zan
// (Vision विज़न, Version) and after another consonant shan (Tension
// टेंशन, Suspension सस्पेंशन), and -ture char (Picture पिक्चर, Culture
// कल्चर, Future फ्यूचर). After s, t is its own sound (Question क्वेश्चन),
// which this leaves alone.
func englishSuffixSounds(s string) string {
	if !strings.Contains(s, "tion") && !strings.Contains(s, "sion") && !strings.Contains(s, "ture") {
		return s
	}
	// A c before -ation stays hard, though an e now follows it (Education
	// एजुकेशन). A g is left to the keys, which read ge as je on every
	// side (Navigation नेविगेशन).
	s = replaceWhere(s, "cation", "keshan", func(before byte, _ string) bool { return before != 0 })
	s = replaceWhere(s, "ation", "eshan", func(before byte, _ string) bool {
		return before != 0 && !isPlainVowel(before)
	})
	s = replaceWhere(s, "tion", "shan", func(before byte, _ string) bool {
		return before != 0 && before != 's'
	})
	s = replaceWhere(s, "ssion", "shan", func(before byte, _ string) bool { return before != 0 })
	s = replaceWhere(s, "sion", "zan", func(before byte, _ string) bool {
		return before != 0 && (isPlainVowel(before) || before == 'r')
	})
	s = replaceWhere(s, "sion", "shan", func(before byte, _ string) bool { return before != 0 })
	return replaceWhere(s, "ture", "char", func(before byte, _ string) bool { return before != 0 })
}

// longVowelBeforeSilentE spells out the long vowel of a final vowel,
// consonant, e (Wake "wek", Mike "maik", Steve "stiv"), dropping the e.
// The e stays silent before a final s (James जेम्स "jems", Times टाइम्स,
// Jones जोन्स "jons"), except after a sibilant or a soft c or g, which
// make -es a syllable of its own (Moses, Pages).
func longVowelBeforeSilentE(s string) string {
	if n := len(s); n >= 5 && strings.HasSuffix(s, "es") && strings.IndexByte("sxzcgh", s[n-3]) < 0 {
		base := s[:n-1]
		if long := longVowelBeforeSilentE(base); long != base {
			return long + "s"
		}
		if isPlainVowel(s[n-4]) && !isPlainVowel(s[n-5]) {
			return s[:n-2] + "s" // o and u: the e is only dropped
		}
		return s
	}
	n := len(s)
	if n < 4 || s[n-1] != 'e' || isPlainVowel(s[n-2]) || !isPlainVowel(s[n-3]) || isPlainVowel(s[n-4]) {
		return s
	}
	switch s[n-3] {
	case 'a':
		// A c or g before the a stays hard before the e that spells it
		// (Game, Case): gh and k are read g and k before any vowel.
		head := s[:n-3]
		switch head[len(head)-1] {
		case 'g':
			head += "h"
		case 'c':
			head = head[:len(head)-1] + "k"
		}
		return head + "e" + s[n-2:n-1]
	case 'i':
		return s[:n-3] + "ai" + s[n-2:n-1]
	case 'e':
		return s[:n-3] + "i" + s[n-2:n-1]
	}
	return s
}

// unstressedFinalVowel reads a final -er, -or, -en, -on or -el after a
// consonant (and their plurals) with the vowel a: the vowel is
// unstressed, and Devanagari writes it as the inherent a and Bengali
// mostly as া or the inherent vowel (Miller मिलर "milar", মিলার; Taylor
// टेलर; Doctor डॉक्टर; Johnson जॉनसन; Boston बोस्टन; Garden गार्डन;
// Hotel होटल, Channel चैनल), and so does British -re (Centre सेंटर
// "sentar"). A short word, or one with no vowel before the ending,
// keeps its vowel (Sher, Chor), and so does a glide before it (Player,
// Lawyer); -ol is mostly said as written (Bristol).
func unstressedFinalVowel(s string) string {
	stem, plural := strings.CutSuffix(s, "s")
	n := len(stem)
	if n < 5 {
		return s
	}
	// British -re after a consonant is the same syllable (Centre सेंटर,
	// Theatre, Metre मीटर).
	if stem[n-2] == 'r' && stem[n-1] == 'e' && !isKeyVowel(stem[n-3]) && strings.ContainsAny(stem[:n-3], "aeiouy") {
		stem = stem[:n-2] + "er"
	}
	last := stem[n-1]
	switch {
	case last != 'r' && last != 'n' && last != 'l',
		stem[n-2] != 'e' && stem[n-2] != 'o',
		last == 'l' && stem[n-2] == 'o', // -ol is mostly said ol (Bristol, Capitol)
		isKeyVowel(stem[n-3]) || stem[n-3] == 'w' || !strings.ContainsAny(stem[:n-3], "aeiouy"):
		return s
	}
	out := stem[:n-2] + "a" + string(last)
	if plural {
		out += "s"
	}
	return out
}
