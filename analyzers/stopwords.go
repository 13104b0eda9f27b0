package analyzers

import (
	"slices"
	"strings"
	"sync"
)

// Stop words are function words that carry no meaning of their own in a
// search: postpositions, pronouns, conjunctions, auxiliaries, particles. The
// Bengali and Hindi lists never hold nouns or names, even where the list they
// come from does (Savoy's lists include घर "house" and কাজ "work"); those
// entries were left out. Entries are stored as written here and looked up in
// normalized form (the sets are built through the normalizers, so जहाँ is
// found as जहां).

// IsStopWord reports whether word, normalized (NormalizeIndic,
// NormalizeLatin, NormalizeUrdu) but not stemmed, is a stop word of the
// language lipi reads script s as: English for ScriptLatin, Hindi for
// ScriptDevanagari, Bengali for ScriptBengali, Punjabi, Gujarati, Odia,
// Tamil, Telugu, Kannada, Malayalam and Urdu for the other Indian scripts.
// Cyrillic has no stop words.
func IsStopWord(word string, s Script) bool {
	switch s {
	case ScriptLatin:
		return englishStopSet[word]
	case ScriptDevanagari:
		return hindiStopSet[word]
	case ScriptBengali:
		return bengaliStopSet[word]
	}
	if int(s) < len(otherStopSets) {
		return otherStopSets[s][word]
	}
	return false
}

// otherStopSets are the stop sets of the scripts after Bengali, by Script.
var otherStopSets = func() []map[string]bool {
	sets := make([]map[string]bool, scriptCount)
	for s, words := range map[Script][]string{
		ScriptGurmukhi: punjabiStopWords, ScriptGujarati: gujaratiStopWords,
		ScriptOriya: odiaStopWords, ScriptTamil: tamilStopWords,
		ScriptTelugu: teluguStopWords, ScriptKannada: kannadaStopWords,
		ScriptMalayalam: malayalamStopWords,
	} {
		sets[s] = normalizedSet(NormalizeIndic, words...)
	}
	sets[ScriptArabic] = normalizedSet(NormalizeUrdu, urduStopWords...)
	return sets
}()

// The stop words of the other Indian languages are short lists written for
// lipi: the conjunctions, postpositions written as words, demonstratives,
// copulas and particles that are most frequent in news prose, and no
// numeral, noun or verb of content (a name is never among them). Words
// that are also content words are left out (Odia ମଧ୍ୟ is "also" and
// "middle": Central America is ମଧ୍ୟ ଆମେରିକା). Endings
// joined to a word (Tamil -இல், Gujarati -માં) are not words and are not
// here.
var (
	punjabiStopWords = []string{
		"ਅਤੇ", "ਤੇ", "ਜਾਂ", "ਦਾ", "ਦੀ", "ਦੇ", "ਦੀਆਂ", "ਨੇ", "ਨੂੰ", "ਵਿੱਚ", "ਵਿਚ",
		"ਤੋਂ", "ਨਾਲ", "ਲਈ", "ਹੈ", "ਹਨ", "ਸੀ", "ਸਨ", "ਇਹ", "ਉਹ", "ਇਸ", "ਉਸ",
		"ਕਿ", "ਜੋ", "ਵੀ", "ਹੀ", "ਤਾਂ", "ਕੇ",
	}
	gujaratiStopWords = []string{
		"અને", "કે", "જે", "પણ", "તો", "જ", "છે", "છું", "હતો", "હતી", "હતું",
		"હતા", "આ", "એ", "તે", "માં", "ના", "ની", "નો", "નું", "ને", "થી", "પર",
		"સાથે", "માટે",
	}
	odiaStopWords = []string{
		"ଓ", "ଏବଂ", "ବା", "କି", "ଯେ", "ଯେଉଁ", "ଏହି", "ସେହି", "ସେ", "ଏ", "ପାଇଁ",
		"ସହ", "ଅଛି", "ଥିଲା", "ହେଉଛି",
	}
	tamilStopWords = []string{
		"மற்றும்", "அல்லது", "மேலும்", "ஒரு", "இந்த", "அந்த", "இது", "அது",
		"என்று", "என", "என்ற", "உள்ள", "ஆகிய", "போன்ற", "தான்",
	}
	teluguStopWords = []string{
		"మరియు", "లేదా", "కానీ", "కూడా", "ఒక", "ఈ", "ఆ", "ఇది", "అది", "అని",
		"అనే", "ఉన్న",
	}
	kannadaStopWords = []string{
		"ಮತ್ತು", "ಹಾಗೂ", "ಅಥವಾ", "ಆದರೆ", "ಕೂಡ", "ಒಂದು", "ಈ", "ಆ", "ಇದು", "ಅದು",
		"ಎಂದು", "ಎಂಬ", "ಇರುವ",
	}
	malayalamStopWords = []string{
		"ഒരു", "ഈ", "ആ", "ഇത്", "അത്", "എന്ന്", "എന്ന", "കൂടാതെ", "അല്ലെങ്കിൽ",
		"എന്നാൽ", "ആണ്", "ഉള്ള",
	}
	urduStopWords = []string{
		"اور", "یا", "کہ", "جو", "کا", "کی", "کے", "میں", "سے", "نے", "کو", "پر",
		"تک", "لیے", "لئے", "ہے", "ہیں", "تھا", "تھی", "تھے", "یہ", "وہ", "اس",
		"ان", "بھی", "ہی",
	}
)

// StopWordsReadAs returns the stop words of the Indian scripts (normalized,
// as the index holds them) that a word of another script reads as: those
// with a Latin reading or phonetic key of wa's own (kaun: कौन; ham: हम).
// The index keeps a stop word without its readings, so this is how a query
// of function words typed in another script (kuch kuch hota hai) meets
// them. A word that is a stop word in its own script reads as none: "in"
// is not इन. English stop words are not read into: an English function
// word is seldom written in an Indian script, and a key of a few letters
// joined unrelated words to them (टॅश "tesh" and "these").
func StopWordsReadAs(wa WordAnalysis) []string {
	if wa.Stop {
		return nil
	}
	table := stopReadings()
	var out []string
	add := func(term string) {
		for _, e := range table[term] {
			if e.script != wa.Script && !slices.Contains(out, e.word) {
				out = append(out, e.word)
			}
		}
	}
	if wa.LatinReading != "" {
		add(Form{LayerLatin, wa.LatinReading}.Term())
	}
	for _, f := range wa.Forms {
		if f.Layer == LayerLatin || f.Layer == LayerPhonetic {
			add(f.Term())
		}
	}
	return out
}

// stopReading is a stop word and its script.
type stopReading struct {
	word   string
	script Script
}

// stopReadings maps the Latin and phonetic terms of every stop word, read
// as a word of content, to the stop words that have them.
var stopReadings = sync.OnceValue(func() map[string][]stopReading {
	table := map[string][]stopReading{}
	addSet := func(set map[string]bool, s Script) {
		for w := range set {
			// A letter's name (के K) is not a reading of the word: "K"
			// alone does not mean के.
			initials := wordInitials(w, s)
			for _, f := range AnalyzeAsContent(w).Forms {
				if (f.Layer == LayerLatin || f.Layer == LayerPhonetic) && len(f.Text) >= 2 && !slices.Contains(initials, f.Text) {
					table[f.Term()] = append(table[f.Term()], stopReading{w, s})
				}
			}
		}
	}
	addSet(hindiStopSet, ScriptDevanagari)
	addSet(bengaliStopSet, ScriptBengali)
	for s, set := range otherStopSets {
		addSet(set, Script(s))
	}
	for _, entries := range table {
		// Map order must not reach a query: the same words in the same
		// order each time.
		slices.SortFunc(entries, func(a, b stopReading) int { return strings.Compare(a.word, b.word) })
	}
	return table
})

var (
	englishStopSet = normalizedSet(NormalizeLatin, englishStopWords...)
	hindiStopSet   = normalizedSet(NormalizeIndic, hindiStopWords...)
	bengaliStopSet = normalizedSet(NormalizeIndic, bengaliStopWords...)
)

// englishStopWords is Lucene's English stop set
// (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET), not the longer Snowball list of
// bleve's "stop_en": short on purpose, so that "us", "who" or "may" in a name
// or title stay searchable.
var englishStopWords = []string{
	"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in",
	"into", "is", "it", "no", "not", "of", "on", "or", "such", "that", "the",
	"their", "then", "there", "these", "they", "this", "to", "was", "will",
	"with",
}

// hindiStopWords is Jacques Savoy's Hindi stop word list (CLEF; BSD licence,
// http://members.unine.ch/jacques.savoy/clef/), as shipped by Lucene
// (analysis/hi/stopwords.txt) and bleve ("stop_hi"), keeping its function
// words only. Left out: nouns, adjectives and content verbs (घर, वर्ग, एस,
// बाला, बही, साबुत, साभ, कुल, तरह, दो "two, give", दिया, कहा, कहते, कर,
// करना, करने, करता, करते, करें, किया, बनी, रखें, पूरा, निहायत), the garbled
// ऱ्वासा, and the
// extra spellings Lucene adds for its own Hindi normalizer, which lipi does
// not use. Additions, marked below, are common function words missing from
// Savoy's list.
var hindiStopWords = []string{
	// pronouns and possessives
	"अपना", "अपनी", "अपने", "आप", "इन", "इनका", "इन्हीं", "इन्हें", "इन्हों",
	"इस", "इसका", "इसकी", "इसके", "इसमें", "इसी", "इसे", "उन", "उनका",
	"उनकी", "उनके", "उनको", "उन्हीं", "उन्हें", "उन्हों", "उस", "उसके", "उसी",
	"उसे", "किन्हें", "किन्हों", "किस", "किसी", "किसे", "कोई", "कौन",
	"कौनसा", "कुछ", "जिन", "जिन्हें", "जिन्हों", "जिस", "जिसे", "जो", "तिन",
	"तिन्हें", "तिन्हों", "तिस", "तिसे", "यह", "यिह", "ये", "वह", "वुह", "वे",
	"सभी", "सारा", "सो",
	// postpositions and relational words
	"का", "की", "के", "को", "ने", "पर", "पे", "में", "मे", "से", "तक", "द्वारा",
	"लिए", "लिये", "साथ", "संग", "अंदर", "भीतर", "नीचे", "बाद", "पहले",
	"वाले",
	// conjunctions and particles
	"और", "एवं", "व", "या", "कि", "तो", "भी", "ही", "न", "ना", "नहीं",
	"लेकिन", "मगर", "यदि", "जब", "तब", "फिर", "मानो", "आदि", "इत्यादि",
	"वग़ैरह", "अत", "अभी", "बहुत", "सबसे", "काफ़ी", "कई", "एक", "दूसरे",
	"दुसरा", "दबारा", "ऐसे", "जैसा", "जैसे", "कितना", "जितना", "बिलकुल",
	"किर", "जीधर",
	// place and time adverbs
	"जहाँ", "यहाँ", "वहाँ", "वहीं", "यही",
	// auxiliaries: होना, रहना, सकना, जाना
	"है", "हैं", "था", "थी", "थे", "हो", "होता", "होती", "होते", "होना",
	"होने", "हुआ", "हुई", "हुए", "रहा", "रहे", "गया", "सकता", "सकते", "जा",
	// additions (lipi): pronouns, conjunctions and auxiliary forms
	"मैं", "हम", "तुम", "मेरा", "मेरी", "मेरे", "हमारा", "हमारी", "हमारे",
	"उसका", "उसकी", "थीं", "होगा", "होगी", "होंगे", "रही", "गई", "गए",
	"तथा", "अथवा", "परंतु", "किंतु", "क्योंकि", "इसलिए", "अगर", "बल्कि",
	"जबकि", "यानी", "दोनों", "अब", "वही",
	"उसमें", "जिसमें", "जिनमें", "इनमें", "उनमें", "किसमें",
}

// bengaliStopWords are the function words of the Bengali stop word list of
// stopwords-iso (https://github.com/stopwords-iso/stopwords-bn, MIT licence),
// which merges Jacques Savoy's Bengali list (CLEF, as shipped by Lucene in
// analysis/bn/stopwords.txt) with others. Left out: nouns, numerals,
// adjectives and content verbs (কাজ, দিন, হাজার, কোটি, উত্তর, নতুন, প্রথম,
// বলা, দেখা, করা and their forms), single letters used as initials in names
// (বি, পি, সি, এস, জে, আই), জন (also the name John) and garbled entries.
var bengaliStopWords = []string{
	// personal pronouns
	"আমি", "আমার", "আমাকে", "আমরা", "আমাদের", "তুমি", "তোমার", "আপনি",
	"আপনার", "সে", "তার", "তাকে", "তারা", "তাদের", "তিনি", "তিনিও", "তাঁর",
	"তাঁকে", "তাঁরা", "তাঁদের", "উনি", "ওঁর", "ওঁরা", "ওঁদের", "ও", "ওর",
	"ওকে", "ওরা", "ওদের", "এরা", "এদের", "এঁরা", "এঁদের", "নিজে", "নিজের",
	"নিজেই", "নিজেদের", "স্বয়ং",
	// demonstratives, relatives, interrogatives, quantifiers
	"এ", "এই", "এর", "একে", "এটা", "এটি", "এটাই", "ঐ", "ওই", "সেই",
	"সেটা", "সেটি", "সেটাই", "সেটাও", "তা", "তাই", "তাও", "তাহা", "তাহার",
	"ইহা", "যা", "যে", "যার", "যাকে", "যারা", "যাদের", "যিনি", "যাঁর",
	"যাঁরা", "কি", "কী", "কে", "কেন", "কত", "কবে", "কোন", "কোনও", "কোনো",
	"কেউ", "কেউই", "কাউকে", "কারও", "কিছু", "কিছুই", "সব", "সবার",
	"সমস্ত", "অনেক", "অনেকে", "অন্য", "বহু", "নানা", "কয়েক", "এত", "তত",
	"যত", "এমন", "তেমন", "যেমন",
	// postpositions
	"থেকে", "থেকেই", "থেকেও", "সঙ্গে", "সহ", "সহিত", "কাছে", "কাছ",
	"মধ্যে", "মধ্যেই", "মধ্যেও", "জন্য", "দিয়ে", "দ্বারা", "প্রতি", "পর্যন্ত",
	"অবধি", "নাগাদ", "উপর", "উপরে", "পরে", "আগে", "চেয়ে", "ছাড়া", "বিনা",
	"দিকে", "মতো", "হিসাবে", "অনুযায়ী", "মাধ্যমে", "পক্ষে", "ব্যাপারে",
	// conjunctions and particles
	"এবং", "আর", "বা", "কিংবা", "অথবা", "কিন্তু", "তবে", "তবু", "অথচ",
	"অতএব", "সুতরাং", "যদি", "যদিও", "তাহলে", "বরং", "তথা", "যেন", "নাকি",
	"ই", "তো", "না", "নয়", "নেই", "নাই", "শুধু", "মাত্র", "খুব", "বেশ",
	"আরও", "আবার", "এখন", "তখন", "যখন", "এখানে", "সেখানে", "যেখানে",
	// auxiliaries: হওয়া, থাকা, আছে
	"আছে", "ছিল", "ছিলেন", "হয়", "হন", "হবে", "হবেন", "হল", "হলো", "হলে",
	"হয়ে", "হয়েছে", "হয়েছেন", "হয়েছিল", "হচ্ছে", "হত", "হতে", "হওয়া",
	"হোক", "থাকা", "থাকে", "থাকেন", "থাকবে", "রয়েছে",
}
