package analyzers

import (
	"math/bits"
	"strings"
)

// Phonetic keys.
//
// A key is computed from a Latin reading (a transliteration, or a Latin word
// as written) and is where spelling variants of one name meet. Every rule is
// listed here, once, with the reason for it; the rules apply to every script
// alike, because they work on the Latin form.
//
// Three keys are made, each its own layer with its own weight at query time:
//
//   - phonetic (vowel-keeping): consonants folded into classes that Indian and
//     English spellings of one name confuse, vowels folded by length and
//     diphthong. It separates names well.
//   - frame: the phonetic key with every run of vowels made one '.', so
//     vowel quality no longer counts but vowel places still do (FrameKey).
//   - skeleton: the phonetic key without its vowels. It joins pairs whose
//     vowels differ across scripts (Centre/सेंटर "sentar", Delhi/दिल्ली
//     "dilli") at the price of merging more names, so it weighs least and
//     short skeletons are not searched alone.

// keyRule rewrites one spelling into its class. Rules apply in order, each
// over the whole string, leftmost-longest.
type keyRule struct {
	from, to string
	why      string
}

// consonantRules fold consonant spellings. The placeholder upper-case
// letters mark sounds already decided so that later rules leave them alone:
// C is the ch sound.
var consonantRules = []keyRule{
	{"tch", "C", "English tch is the ch sound (Mitchell)"},
	{"chr", "kr", "English ch before r or l is k (Chris ক্রিস, Christopher, Chloe)"},
	{"chl", "kl", ""},
	{"chh", "C", "Devanagari छ and च: aspiration is not kept"},
	{"ch", "C", "the ch sound, before c is folded to k"},
	{"ck", "k", "English ck is k (Dickson)"},
	{"cz", "C", "Polish and Czech cz is the ch sound (Czechia चेकिया)"},
	{"dj", "j", "French dj is j (Djibouti जिबूती, Djokovic)"},
	{"dz", "j", "dz is one sound, the z of other spellings (Dzongkha ज़ोन्गखा)"},
	{"ce", "se", "soft c before e: English spelling (Vincent, Centre)"},
	{"ci", "si", "soft c before i"},
	{"cy", "sy", "soft c before y"},
	{"c", "k", "hard c: c and k spell one sound (Kolkata/Calcutta, Chandrakant)"},
	{"gue", "ge", "English gu before e, i, y is a hard g (Guyana গিয়ানা, Guinea)"},
	{"gui", "gi", ""},
	{"guy", "gy", ""},
	{"ge", "je", "soft g before e, i, y is j (Georgia जॉर्जिया, Nigel); both sides fold alike"},
	{"gi", "ji", ""},
	{"gy", "jy", ""},
	{"q", "k", "क़ q and क k are one letter to most writers"},
	{"x", "ks", "x is ks: Dixit and Dikshit (क्ष)"},
	{"sch", "s", "German and Russian spellings of sh"},
	{"sh", "s", "श, ष and स are often written alike in Latin (Ashutosh, Asutosh)"},
	{"z", "j", "ज़ and ज: nukta is often dropped, and Bengali has no z"},
	{"ph", "f", "फ ph and फ़ f"},
	{"kh", "k", "aspiration is written or dropped freely"},
	{"gh", "g", ""},
	{"jh", "j", ""},
	{"th", "t", ""},
	{"dh", "d", ""},
	{"bh", "b", ""},
	{"rh", "r", "ढ़ rh and ड़ r"},
	{"lh", "l", "Delhi: an h after l is silent"},
	{"wh", "v", "English wh"},
	{"w", "v", "व is read v or w"},
	{"v", "b", "Bengali has no v: ব stands for both (Vladimir ভ্লাদিমির)"},
}

// vowelRules fold vowel spellings, after the consonants.
var vowelRules = []keyRule{
	{"aa", "a", "vowel length: आ is a or aa"},
	{"ee", "i", "vowel length: ई is i, ee or ii"},
	{"ii", "i", ""},
	{"oo", "u", "vowel length: ऊ is u or oo"},
	{"uu", "u", ""},
	{"ou", "o", "Bengali ঔ ou, Devanagari औ au, English o"},
	{"au", "o", ""},
	{"ae", "e", "Latin ae is e (Graeme গ্রেম, Caesar)"},
	{"ai", "e", "ऐ is ai or e (Kailash/Kelash); Bengali ঐ oi"},
	{"oi", "e", ""},
	{"ei", "e", ""},
	{"ay", "e", "Hindi ay glide (Dilyavsky/डायलव्स्की)"},
	{"ey", "e", ""},
}

// glides fold y and w glides written or not: तियानजिन "tiyanjin" and
// Tianjin, ইউক্রেন "iukren" and Ukraine.
var glideRules = []keyRule{
	{"iya", "ya", "y-glide after i is written or not"},
	{"iye", "ye", ""},
	{"iyo", "yo", ""},
	{"iyu", "yu", ""},
	{"ia", "ya", ""},
	{"io", "yo", ""},
	{"iu", "yu", ""},
	{"uya", "ua", "y-glide between u or o and a is written or not: পারুয়া Parua, নোয়াখালী Noakhali, গোয়া Goa"},
	{"oya", "oa", ""},
	{"ui", "bi", "Bengali writes English w after a consonant as ু + ই (Swift সুইফট, Sweden সুইডেন); w is b in keys"},
}

// The rule tables of phoneticKey, each indexed once by the first letters
// of its rules, so that applying one looks only at the rules that begin
// with a letter of the word instead of at each rule in turn.
var (
	consonantIndex = indexRules(consonantRules)
	glideIndex     = indexRules(glideRules)
	vowelIndex     = indexRules(vowelRules)
)

// ruleIndex is a rule table with, for each first letter, the set of its
// rules that begin with it.
type ruleIndex struct {
	rules    []keyRule
	from, to []string   // of rules[i], side by side for a quick look
	first    [64]uint64 // by byte&63: bit i for rules[i]
}

// indexRules returns the index of rules, which are at most 64 (one bit
// each).
func indexRules(rules []keyRule) *ruleIndex {
	if len(rules) > 64 {
		panic("analyzers: a phonetic rule table has more than 64 rules")
	}
	ix := &ruleIndex{rules: rules}
	for i, r := range rules {
		ix.from = append(ix.from, r.from)
		ix.to = append(ix.to, r.to)
		ix.first[r.from[0]&63] |= 1 << i
	}
	return ix
}

// apply applies the rules to s in their order, each over the whole string
// as the rules before it left it, leftmost-longest (what strings.ReplaceAll
// does, rule after rule).
//
// The replacements are made in one buffer, on the stack for a word of
// common length, and the key is copied out once: most rules shorten the
// string, and can write over what they have read.
func (ix *ruleIndex) apply(s string) string {
	letters, pairs := letterSets(s)
	todo := ix.startingWith(letters)
	var stack [64]byte
	var b []byte // the string being rewritten, once a rule has matched
	for todo != 0 {
		i := bits.TrailingZeros64(todo)
		todo &^= 1 << i
		from, to := ix.from[i], ix.to[i]
		if len(from) > 1 && pairs&pairBit(from[0], from[1]) == 0 {
			continue
		}
		if b == nil {
			if !strings.Contains(s, from) {
				continue
			}
			b = append(stack[:0], s...)
		} else if indexIn(b, from) < 0 {
			continue
		}
		b = replaceAllIn(b, from, to)
		letters, pairs = letterSets(b)
		todo = ix.startingWith(letters) &^ (2<<i - 1)
	}
	if b == nil {
		return s
	}
	return string(b)
}

// indexIn is strings.Index over the bytes of b.
func indexIn(b []byte, from string) int {
	for i := 0; i+len(from) <= len(b); i++ {
		if string(b[i:i+len(from)]) == from {
			return i
		}
	}
	return -1
}

// replaceAllIn replaces every non-overlapping from in b, left to right, by
// to: in place when to is no longer than from (what is written never
// passes what is read), in a new buffer otherwise.
func replaceAllIn(b []byte, from, to string) []byte {
	if len(to) > len(from) {
		out := make([]byte, 0, len(b)+len(b)/len(from)*(len(to)-len(from)))
		for r := 0; r < len(b); {
			if r+len(from) <= len(b) && string(b[r:r+len(from)]) == from {
				out = append(out, to...)
				r += len(from)
				continue
			}
			out = append(out, b[r])
			r++
		}
		return out
	}
	w := 0
	for r := 0; r < len(b); {
		if r+len(from) <= len(b) && string(b[r:r+len(from)]) == from {
			w += copy(b[w:], to)
			r += len(from)
			continue
		}
		b[w] = b[r]
		w++
		r++
	}
	return b[:w]
}

// startingWith is the set of rules whose first letter is in letters.
func (ix *ruleIndex) startingWith(letters uint64) uint64 {
	var set uint64
	for ; letters != 0; letters &= letters - 1 {
		set |= ix.first[bits.TrailingZeros64(letters)]
	}
	return set
}

// letterSets returns a set with bit b&63 for every byte b of s, and one with
// pairBit for every two bytes side by side (which may have false members).
func letterSets[S string | []byte](s S) (letters, pairs uint64) {
	for i := 0; i < len(s); i++ {
		letters |= 1 << (s[i] & 63)
		if i > 0 {
			pairs |= pairBit(s[i-1], s[i])
		}
	}
	return letters, pairs
}

func pairBit(a, b byte) uint64 { return 1 << ((uint(a)*31 + uint(b)) & 63) }

func isKeyVowel(b byte) bool {
	switch b {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// ReadingKey is the phonetic key of a Latin reading of a word in script s.
// The reading of a Devanagari or Bengali word spells every letter that is
// pronounced, so the silent letters of English spelling are not looked for
// in it (पांडे "pande" keeps its e and meets Pandey).
func ReadingKey(latin string, s Script) string {
	return phoneticKey(latin, !s.spellsSounds())
}

// phoneticKey returns the vowel-keeping key of a Latin reading, or "" when
// it has no ASCII letters; english looks for the silent letters of English
// spelling.
func phoneticKey(latin string, english bool) string {
	s := lowerLetters(latin)
	if len(s) <= 1 {
		// A letter alone is an initial, which names the letter: C is not
		// K, nor V B.
		return s
	}
	endDone := false
	if english {
		s, endDone = englishSpelling(s)
	}
	// The w glide between u and a final a is written or not: बरुवा
	// "baruva", বরুয়া, Barua.
	if len(s) > 4 && (strings.HasSuffix(s, "uva") || strings.HasSuffix(s, "uwa")) {
		s = s[:len(s)-2] + "a"
	}
	// English ew before a consonant or at the end is the vowel yu: Newman
	// নিউম্যান "niuman", Andrew. Before a vowel the w is a consonant, so
	// in a Latin word this comes before a final a is dropped: Sewa सेवा,
	// not "syu". A Bengali reading in -ewa keeps the old order (দেওয়া
	// "dewa" is "du"): read as "deb" it met every Deb and Dev.
	if english {
		s = foldEW(s)
	}
	switch {
	case endDone:
		// The end of the word is decided.
	case strings.HasSuffix(s, "ow") || strings.HasSuffix(s, "aw"):
		s = s[:len(s)-2] + "o" // Moscow, Manekshaw: a final w is silent
	case len(s) > 2 && strings.HasSuffix(s, "oy"):
		// A final oy is the diphthong of Bengali final -য় after the
		// inherent vowel, which English spells oy and Hindi ay: Roy রায়,
		// Chinmoy চিন্ময়, Rai.
		s = s[:len(s)-2] + "e"
	case strings.HasSuffix(s, "ee") || strings.HasSuffix(s, "ey") || strings.HasSuffix(s, "ie"):
		s = s[:len(s)-2] + "i" // Banerjee, Mukherji; Dilyavskiy/Dilyavsky below
	case strings.HasSuffix(s, "iy"):
		s = s[:len(s)-2] + "i"
	case len(s) > 2 && s[len(s)-1] == 'y' && !isKeyVowel(s[len(s)-2]):
		s = s[:len(s)-1] + "i" // Dilyavsky and -ski
	case len(s) > 3 && s[len(s)-1] == 'a' && !isKeyVowel(s[len(s)-2]) && strings.ContainsAny(s[:len(s)-2], "aeiou"):
		// A final a after a consonant is the inherent vowel, which Hindi
		// drops and Latin spellings keep or not: Srikanta, श्रीकांत "shrikant".
		s = s[:len(s)-1]
	}
	if !english {
		s = foldEW(s)
	}
	// Initial glides: Ukraine, ইউক্রেন "iukren", यूक्रेन "yukren".
	switch {
	case strings.HasPrefix(s, "yu"):
		s = s[1:]
	case strings.HasPrefix(s, "iu"):
		s = s[1:]
	}
	// n before b or p is said m, as a Devanagari anusvara reads there:
	// Anbu and अंबु "ambu", Sampath and Sanpath.
	if strings.Contains(s, "nb") || strings.Contains(s, "np") {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "nb", "mb"), "np", "mp")
	}
	s = consonantIndex.apply(s)
	s = glideIndex.apply(s)
	s = foldGlideYU(s)
	s = vowelIndex.apply(s)
	// ng before a consonant is a plain nasal: Bengali ং is "ng" everywhere
	// (সংসদ "sangsad"), Hindi and English write n (sansad).
	s = foldNasalNG(s)
	// Aspiration written with h after any other consonant (ठ th, भ bh were
	// folded above); h elsewhere is a sound and stays.
	s = dropHBeforeConsonant(s)
	s = collapseDoubles(s)
	return strings.ToLower(s)
}

// lowerLetters keeps the ASCII letters of s, lower-cased; a reading that
// is already so (as transliterations are) is returned without a copy.
func lowerLetters(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 'a' || c > 'z' {
			var b strings.Builder
			b.Grow(len(s))
			for j := 0; j < len(s); j++ {
				c := s[j]
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				if c >= 'a' && c <= 'z' {
					b.WriteByte(c)
				}
			}
			return b.String()
		}
	}
	return s
}

// ghSilent: an English gh is silent where no vowel follows it.
func ghSilent(_ byte, after string) bool {
	return after == "" || !isKeyVowel(after[0])
}

// englishSpelling undoes the silent and doubled-up letters of English
// (and French) spelling, before the rules common to all readings. endDone
// reports that a rule decided the end of the word.
func englishSpelling(s string) (_ string, endDone bool) {
	// Word-initial: a silent w before r and k before n (Wright রাইট,
	// Knight नाइट, Knox).
	if len(s) > 3 && (strings.HasPrefix(s, "wr") || strings.HasPrefix(s, "kn")) {
		s = s[1:]
	}
	// Scottish and Irish Mc is Mac, and Hindi and Bengali write its vowel
	// (McCullum मैकुलम, McMurdo ম্যাকমুর্ডো).
	if len(s) > 3 && strings.HasPrefix(s, "mc") {
		s = "mac" + s[2:]
	}
	// English igh is the vowel ai (Wright রাইট, Bright), eigh is e
	// (Leigh, Keighley), where no vowel follows: before one, gh is the
	// aspirated g of an Indian name (Dighi দিঘি, Bighai, Chadnighat).
	if strings.Contains(s, "igh") {
		s = replaceWhere(s, "eigh", "e", ghSilent)
		s = replaceWhere(s, "igh", "ai", ghSilent)
	}
	// ow and aw before a consonant are vowels, never a w: Bowler বোলার,
	// Downey ডাউনি, Shawn শন, Lawrence লরেন্স.
	s = foldVowelW(s)
	// y between two consonants is the vowel i: Sylhet সিলেট, Syria
	// सीरिया, Kyrgyz किर्गिज़.
	s = replaceWhere(s, "y", "i", func(before byte, after string) bool {
		return before != 0 && !isKeyVowel(before) && after != "" && !isKeyVowel(after[0])
	})
	// Word-final.
	endDone = true
	switch {
	case len(s) > 4 && (strings.HasSuffix(s, "cques") || strings.HasSuffix(s, "que")) && strings.ContainsAny(s[:len(s)-3], "aeiou"):
		// French and Spanish final -que, -cques are k (Jacques জাক,
		// Martinique, Mozambique মোজাম্বিক).
		s = strings.TrimSuffix(strings.TrimSuffix(s, "ques"), "que")
		s = strings.TrimSuffix(s, "c") + "k"
	case len(s) > 4 && s[len(s)-2] == 'l' && s[len(s)-1] == 'e' && strings.IndexByte("bcdfgkptz", s[len(s)-3]) >= 0 && strings.ContainsAny(s[:len(s)-3], "aeiou"):
		// English final consonant + le is a syllable of its own, which
		// Devanagari and Bengali write with a vowel: Google गूगल, Temple
		// टेम्पल, Pringle প্রিঙ্গল.
		s = s[:len(s)-2] + "al"
	case strings.HasSuffix(s, "oe"):
		s = s[:len(s)-1] // Joe জো, Monroe: a final e after o is silent
	case len(s) > 3 && (strings.HasSuffix(s, "ce") || strings.HasSuffix(s, "ge")) && strings.ContainsAny(s[:len(s)-2], "aeiou"):
		// A silent final e after c or g softens it: Noyce নয়েস, Bruce,
		// George জর্জ.
		if s[len(s)-2] == 'c' {
			s = s[:len(s)-2] + "s"
		} else {
			s = s[:len(s)-2] + "j"
		}
	case len(s) > 3 && s[len(s)-1] == 'e' && !isKeyVowel(s[len(s)-2]) && strings.ContainsAny(s[:len(s)-2], "aeiou"):
		s = s[:len(s)-1] // silent final e: Ukraine, Centre
	default:
		endDone = false
	}
	return s, endDone
}

// foldVowelW: ow and aw before a consonant are the vowel o (see
// englishSpelling).
func foldVowelW(s string) string {
	beforeConsonant := func(_ byte, after string) bool {
		return after != "" && !isKeyVowel(after[0]) && after[0] != 'h'
	}
	return replaceWhere(replaceWhere(s, "ow", "o", beforeConsonant), "aw", "o", beforeConsonant)
}

func foldEW(s string) string {
	return replaceWhere(s, "ew", "yu", func(_ byte, after string) bool {
		return after == "" || !isKeyVowel(after[0])
	})
}

// foldGlideYU drops the y of yu after a consonant: English u is often the
// sound yu, which Devanagari and Bengali write out (Cuba क्यूबा "kyuba",
// Newman নিউম্যান) and Latin spellings mostly do not.
func foldGlideYU(s string) string {
	return replaceWhere(s, "yu", "u", func(before byte, _ string) bool {
		return before != 0 && !isKeyVowel(before)
	})
}

func foldNasalNG(s string) string {
	return replaceWhere(s, "ng", "n", func(_ byte, after string) bool {
		return after != "" && !isKeyVowel(after[0])
	})
}

// dropHBeforeConsonant: an h after a vowel and before a consonant is
// silent in English (John জন, Johnson) and light elsewhere (Ahmed আহমেদ
// "ahamed"), where vowels around it are written differently anyway.
func dropHBeforeConsonant(s string) string {
	return replaceWhere(s, "h", "", func(before byte, after string) bool {
		return before != 0 && isKeyVowel(before) && after != "" && !isKeyVowel(after[0]) && after[0] != 'h'
	})
}

// replaceWhere replaces from by to wherever ok says so, given the letter
// before from (0 at the start) and what follows it, reading s from left
// to right; a replaced spelling is not read again.
func replaceWhere(s, from, to string, ok func(before byte, after string) bool) string {
	if !strings.Contains(s, from) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(to))
	for i := 0; i < len(s); i++ {
		if strings.HasPrefix(s[i:], from) {
			var before byte
			if i > 0 {
				before = s[i-1]
			}
			if ok(before, s[i+len(from):]) {
				b.WriteString(to)
				i += len(from) - 1
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// collapseDoubles: doubled letters are written or not (Dilli/Dili, Chatterjee).
func collapseDoubles(s string) string {
	i := 1
	for i < len(s) && s[i] != s[i-1] {
		i++
	}
	if i >= len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i] == s[i-1] {
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// FrameKey returns the consonants of a phonetic key with each run of vowels
// (y and h included) replaced by one '.': the shape of the word without
// its vowel qualities. English and Bengali spell the vowels of one foreign
// name quite differently (Dunk ডাঙ্ক "dank", Turner টার্নার "tarnar",
// James জেমস "jemas") while the consonants and the places of the vowels
// agree.
func FrameKey(key string) string { return foldVowels(key, '.') }

// frameAndSkeleton returns FrameKey of key and its skeleton key, in one
// allocation. The skeleton is the consonants of a phonetic key, doubles
// collapsed again once the vowels between them are gone. y, w and h are not
// consonants here: they come and go with the vowels.
func frameAndSkeleton(key string) (frame, skeleton string) {
	var buf [64]byte
	b := appendFoldedVowels(buf[:0], key, '.')
	n := len(b)
	both := string(appendFoldedVowels(b, key, 0))
	return both[:n], both[n:]
}

// foldVowels replaces each run of vowels (y and h included) in a key by
// mark, or drops it when mark is 0, and collapses the doubles that leaves.
func foldVowels(key string, mark byte) string {
	var buf [32]byte
	return string(appendFoldedVowels(buf[:0], key, mark))
}

// appendFoldedVowels appends foldVowels(key, mark) to b.
func appendFoldedVowels(b []byte, key string, mark byte) []byte {
	var last byte
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y', 'h':
			if mark == 0 {
				continue
			}
			c = mark
		}
		if c == last {
			continue
		}
		b = append(b, c)
		last = c
	}
	return b
}
