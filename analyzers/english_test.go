package analyzers

import (
	"slices"
	"testing"
)

func TestInitialChAsS(t *testing.T) {
	for word, want := range map[string]string{
		"chitrakala": "sitrakala", // Tamil ச
		"chagos":     "sagos",     // French ch
		"chris":      "",          // ch before a consonant
		"michel":     "",          // not at the start
		"cha":        "",          // too short to be a name read two ways
	} {
		if got := initialChAsS(word); got != want {
			t.Errorf("initialChAsS(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestEnglishAlternatives(t *testing.T) {
	for _, tt := range []struct {
		word string
		want []string
	}{
		{"michael", []string{"mikael"}},      // ch as k
		{"mitchell", nil},                    // tch is always ch
		{"schofield", []string{"schofeeld"}}, // sch is sh; ie before a consonant is ee
		{"daniel", nil},                      // final -iel: two vowels
		{"healy", []string{"heely"}},         // ea as ee
		{"walker", []string{"wakar"}},        // silent l; unstressed -er
		{"norfolk", []string{"norfok"}},      // silent l
		{"alka", nil},                        // not at the start of a word
		{"wake", []string{"wek"}},            // long a before a silent e
		{"mike", []string{"maik"}},           // long i
		{"steve", []string{"stiv"}},          // long e
		{"george", nil},                      // two vowels: not this rule
		{"japanese", []string{"japani"}},     // -ese as -i
		{"kumar", nil},                       // nothing to read two ways
		{"baruah", []string{"barua"}},        // a silent final h after a
		{"shah", nil},                        // but not in a short word
		{"sheila", []string{"sheela"}},       // ei after a consonant as ee
		{"leigh", nil},                       // eigh is not this rule
		{"younis", []string{"yunis"}},        // ou as u
		{"ouellet", nil},                     // but not at the start
		{"ezhumalai", []string{"elumalai"}},  // Tamil zh as l, between vowels
		{"zhang", nil},
		{"dutch", []string{"datch"}}, // a closed u as a
		{"kumar", nil},               // but not an open one
		{"mukherjee", nil},           // kh is one consonant
		{"james", []string{"jems"}},  // the e of a final -es is silent
		{"jones", []string{"jons"}},  // after o it is only dropped
		{"games", []string{"ghems"}}, // g stays hard before the e that spells a
		{"case", []string{"kes"}},    // and c
		{"moses", nil},               // -es after a sibilant is a syllable
		{"pages", nil},               // and after a soft g
		{"motion", []string{"moshan"}},
		{"station", []string{"steshan"}},     // -ation is eshan
		{"education", []string{"edukeshan"}}, // c stays hard
		{"commission", []string{"commishan"}},
		{"vision", []string{"vizan"}},    // -sion after a vowel
		{"tension", []string{"tenshan"}}, // after a consonant
		{"question", nil},                // t after s is its own sound
		{"picture", []string{"picchar"}}, // -ture, read after ch as k
		{"miller", []string{"millar"}},   // an unstressed final -er
		{"doctors", []string{"doctars"}}, // and -or, with a plural s
		{"centre", []string{"centar"}},   // British -re
		{"player", nil},                  // a glide before it keeps its vowel
		{"sher", nil},                    // and so does a short word
		{"johnson", []string{"johnsan"}}, // -on, -en and -el too
		{"hotel", []string{"hotal"}},
		{"jack", []string{"jaick"}},                         // the a of -ack
		{"match", []string{"maitch"}},                       // and -atch
		{"watch", nil},                                      // but not after w
		{"bristol", nil},                                    // but not -ol
		{"brisbane", []string{"brisben"}},                   // a long vowel before a silent e is not unstressed
		{"manchester", []string{"mankestar", "manchestar"}}, // ch read k, and as written
	} {
		if got := englishAlternatives(tt.word); !slices.Equal(got, tt.want) {
			t.Errorf("englishAlternatives(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

// TestEnglishAlternativesMeet: the other reading gives the key that the
// Devanagari or Bengali spelling has, while the first reading stays.
func TestEnglishAlternativesMeet(t *testing.T) {
	for _, pair := range [][2]string{{"Michael", "মাইকেল"}, {"Healy", "হিলি"}, {"Walker", "ওয়াকার"}, {"Norfolk", "নরফোক"}, {"Wake", "ওয়েক"}, {"Chandra", "चंद्र"}, {"Abdullah", "अब्दुल्ला"}, {"Sarah", "সারা"}, {"Sheila", "शीला"}, {"Neil", "নীল"}, {"Yousuf", "यूसुफ़"}, {"Moussa", "মুসা"}, {"Dutch", "डच"}, {"Russia", "রাশিয়া"}, {"Punjab", "पंजाब"}, {"James", "जेम्स"}, {"Thames", "थेम्स"}, {"Times", "टाइम्स"}, {"Jones", "জোন্স"}, {"Station", "स्टेशन"}, {"Motion", "মোশন"}, {"Nation", "नेशन"}, {"Tension", "टेंशन"}, {"Vision", "विज़न"}, {"Picture", "पिक्चर"}, {"Future", "फ्यूचर"}} {
		a := matchTerms(t, pair[0], LayerPhonetic, LayerFrame)
		b := matchTerms(t, pair[1], LayerPhonetic, LayerFrame)
		if !shareAny(a, b) {
			t.Errorf("%q %v and %q %v share no key", pair[0], sortedKeys(a), pair[1], sortedKeys(b))
		}
	}
}

// TestEnglishEndingsMeetByKey: the English endings read as Devanagari and
// Bengali write them give the same phonetic key, not only the same frame
// (a frame alone is a sound-alike, ranked under every spelling).
func TestEnglishEndingsMeetByKey(t *testing.T) {
	for _, pair := range [][2]string{{"James", "जेम्स"}, {"Jones", "জোন্স"}, {"Thames", "थेम्स"}, {"Station", "स्टेशन"}, {"Motion", "মোশন"}, {"Picture", "पिक्चर"}, {"Miller", "मिलर"}, {"Taylor", "टेलर"}, {"Hunter", "हंटर"}, {"Doctor", "डॉक्टर"}, {"Centre", "सेंटर"}, {"Johnson", "जॉनसन"}, {"Garden", "गार्डन"}, {"Hotel", "होटल"}, {"Chester", "चेस्टर"}, {"Jack", "जैक"}, {"Match", "मैच"}, {"Attack", "अटैक"}} {
		a := matchTerms(t, pair[0], LayerPhonetic)
		b := matchTerms(t, pair[1], LayerPhonetic)
		if !shareAny(a, b) {
			t.Errorf("%q %v and %q %v share no phonetic key", pair[0], sortedKeys(a), pair[1], sortedKeys(b))
		}
	}
}

// FuzzEnglishAlternatives: any word gives readings without a panic, each a
// lower-case ASCII word other than the word itself, none twice.
func FuzzEnglishAlternatives(f *testing.F) {
	for _, seed := range []string{"james", "games", "manchester", "station", "vision", "centres", "ches", "aes", "tion", "chack", "es", "sion", "xtures"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, word string) {
		s := lowerLetters(word)
		alts := englishAlternatives(s)
		for i, alt := range alts {
			if alt == "" || alt == s || lowerLetters(alt) != alt || slices.Contains(alts[:i], alt) {
				t.Fatalf("englishAlternatives(%q) = %q", s, alts)
			}
		}
	})
}
