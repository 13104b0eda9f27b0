package analyzers

import "unicode/utf8"

// Initials.
//
// Indian names are often written with initials (K. N. Unnikrishnan, S R
// Selva), and in Devanagari and Bengali an initial is the English letter's
// name spelled out: के for K, एस for S, আর for R. Such a word also gets the
// bare letter as a Latin reading, so that के and K meet. Several letter
// names are also common words (के "of", আর "and"); those stay stop words,
// but keep their initial form, so a query with only stop words still finds
// nothing while "K Ramakrishnan" finds के. रामकृष्णन.
//
// Source: the names of the letters of the English alphabet as Hindi and
// Bengali write them (ए बी सी …, এ বি সি …), in their common spellings.
var letterNames = map[string]string{}

func init() {
	for letter, names := range map[string][]string{
		"a": {"ए", "এ"},
		"b": {"बी", "बि", "বি", "বী"},
		"c": {"सी", "सि", "সি", "সী"},
		"d": {"डी", "डि", "ডি", "ডী"},
		"e": {"ई", "ই"},
		"f": {"एफ", "এফ"},
		"g": {"जी", "जि", "জি", "জী"},
		"h": {"एच", "এইচ", "এচ"},
		"i": {"आई", "আই"},
		"j": {"जे", "জে"},
		"k": {"के", "কে"},
		"l": {"एल", "এল"},
		"m": {"एम", "এম"},
		"n": {"एन", "এন"},
		"o": {"ओ", "ও"},
		"p": {"पी", "पि", "পি", "পী"},
		"q": {"क्यू", "কিউ"},
		"r": {"आर", "আর"},
		"s": {"एस", "এস"},
		"t": {"टी", "टि", "টি", "টী"},
		"u": {"यू", "ইউ"},
		"v": {"वी", "वि", "ভি", "ভী"},
		"w": {"डब्ल्यू", "ডব্লিউ", "ডাব্লিউ"},
		"x": {"एक्स", "এক্স"},
		"y": {"वाई", "ওয়াই"},
		"z": {"जेड", "ज़ेड", "জেড"},
	} {
		for _, n := range names {
			letterNames[NormalizeIndic(n)] = letter
		}
	}
}

// latinAbbreviations are the abbreviations of names that lists of names
// write as an initial would be: Md. and Mohd. for Mohammad stand where
// Devanagari and Bengali write मो. and মো. (M).
var latinAbbreviations = map[string]string{"md": "m", "mohd": "m"}

// initialOf returns the Latin letter a normalized word stands for as an
// initial, or "". A Latin word of one letter is its own initial.
func initialOf(normalized string, s Script) string {
	switch s {
	case ScriptLatin:
		if len(normalized) == 1 && normalized[0] >= 'a' && normalized[0] <= 'z' {
			return normalized
		}
		return latinAbbreviations[normalized]
	case ScriptDevanagari, ScriptBengali:
		if utf8.RuneCountInString(normalized) <= 7 {
			return letterNames[normalized]
		}
	}
	return ""
}

// syllableInitial returns the initial a one-syllable word may stand for:
// lists of names abbreviate a name to its first syllable in Devanagari
// (मु. सुब्रमनि for M. Subramani, कु for K, सि for S). A word of one
// consonant, with at most a vowel sign and a nasal, gives that consonant's
// first Latin letter.
func syllableInitial(normalized string) string {
	if len(normalized) > 4*utf8.UTFMax { // more than four runes
		return ""
	}
	runes := []rune(normalized)
	if len(runes) == 0 || len(runes) > 4 {
		return ""
	}
	sc := indicScriptOf(runes[0])
	if sc == nil || sc.letters[runes[0]-sc.base].class != classConsonant {
		return ""
	}
	for _, r := range runes[1:] {
		if indicScriptOf(r) != sc {
			return ""
		}
		switch sc.letters[r-sc.base].class {
		case classSign, classNukta, classAnusvara:
		default:
			return ""
		}
	}
	readings := IndicToLatin(string(runes[:1]))
	if len(readings) == 0 || readings[0] == "" {
		return ""
	}
	return readings[0][:1]
}

// wordInitials are the initials a normalized word may stand for: a letter,
// a letter's name, or (in Devanagari and Bengali) a one-syllable word; or
// none. A letter's name can also be the first syllable of a name: सि is C
// and the S of MURUGAN S, जी is G and the J of a name in J.
func wordInitials(normalized string, s Script) []string {
	var initials []string
	if initial := initialOf(normalized, s); initial != "" {
		initials = append(initials, initial)
	}
	if s == ScriptDevanagari || s == ScriptBengali {
		if initial := syllableInitial(normalized); initial != "" {
			initials = appendUnique(initials, initial)
		}
	}
	return initials
}
