package index

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The seeds' रूस: the two Hindi articles that write रूस come before the
// Bengali one that only the synonym map reaches (রাশিয়া), however often
// that one names it.
func TestOwnSpellingBeforeSynonym(t *testing.T) {
	ix := seedIndex(t)
	resp := doSearch(t, ix, Request{Query: "रूस"})
	var langs, kinds []string
	for _, h := range resp.Hits {
		langs = append(langs, h.Lang)
		kinds = append(kinds, h.Match)
	}
	if !slices.Equal(langs, []string{"hi", "hi", "bn"}) {
		t.Fatalf("रूस: hits in %v (%v), want hi, hi, bn", langs, hitIDs(resp))
	}
	if !slices.Equal(kinds, []string{MatchExact, MatchExact, MatchSynonym}) {
		t.Errorf("रूस: matches %v, want exact, exact, synonym", kinds)
	}
}

// A full name in another script ranks above a surname alone, even one in
// the query's own spelling; the query as typed ranks first.
func TestFullNameAboveSurname(t *testing.T) {
	ix := buildTestIndex(t, []Document{
		{ID: "surname-own", Lang: "en", Title: "Gandhi Jayanti", Body: "The nation remembers Gandhi on his birthday."},
		{ID: "surname-hi", Lang: "hi", Title: "महात्मा गांधी की जयंती", Body: "देश ने महात्मा गांधी को याद किया।"},
		{ID: "full-hi", Lang: "hi", Title: "राहुल गांधी की रैली", Body: "राहुल गांधी ने आज वायनाड में रैली की।"},
		{ID: "full-own", Lang: "en", Title: "Rahul Gandhi in Wayanad", Body: "Rahul Gandhi held a rally in Wayanad today."},
		{ID: "apart-own", Lang: "en", Title: "Gandhi and Rahul", Body: "A book on Gandhi, reviewed by Rahul Dravid."},
	}, nil)
	resp := doSearch(t, ix, Request{Query: "Rahul Gandhi"})
	got := hitIDs(resp)
	if len(got) < 3 || got[0] != "full-own" {
		t.Fatalf("Rahul Gandhi: hits %v, want full-own first", got)
	}
	if resp.Hits[0].Match != MatchExact {
		t.Errorf("Rahul Gandhi: first hit matched %q, want exact", resp.Hits[0].Match)
	}
	rank := func(id string) int {
		if i := slices.Index(got, id); i >= 0 {
			return i
		}
		return len(got)
	}
	for _, part := range []string{"surname-own", "surname-hi"} {
		if rank("full-hi") > rank(part) {
			t.Errorf("Rahul Gandhi: %s (one word of two) above full-hi (the whole name): %v", part, got)
		}
	}
	// Both words in the query's spelling, but not side by side: not the
	// query as typed.
	if r := rank("apart-own"); r < len(got) && (resp.Hits[r].Match == MatchExact || r < rank("full-hi")) {
		t.Errorf("Rahul Gandhi: apart-own (both words, apart) matched %q at %d, full-hi at %d: %v", resp.Hits[r].Match, r, rank("full-hi"), got)
	}
}

// A word that only sounds like the query (दक्षता "skill" shares Dikshit's
// frame) ranks below a transliteration of it when asked for, and is left
// out and counted apart by default, since its language has a far
// stronger match; where nothing stronger exists, a sound-alike is
// returned.
func TestSoundAlikeBelowTransliteration(t *testing.T) {
	docs := []Document{
		{ID: "translit", Lang: "hi", Title: "वायु सेना की बैठक", Body: "एयर मार्शल दीक्षित ने बैठक की अध्यक्षता की और नई योजना पर चर्चा की।"},
		{ID: "frame", Lang: "hi", Title: "कौशल विकास", Body: "युवाओं की दक्षता बढ़ाने के लिए नई योजना पर चर्चा की गई।"},
		{ID: "other", Lang: "hi", Title: "मौसम", Body: "दिल्ली में आज बारिश हुई और मौसम ठंडा रहा।"},
		{ID: "en", Lang: "en", Title: "Weather", Body: "It rained in Delhi today."},
	}
	ix := buildTestIndex(t, docs, nil)

	all := doSearch(t, ix, Request{Query: "Dikshit", SoundsAlike: true})
	if got := hitIDs(all); !slices.Equal(got, []string{"translit", "frame"}) {
		t.Fatalf("Dikshit, every sound-alike: hits %v, want [translit frame]", got)
	}
	if all.Hits[0].Match != MatchTransliterated || all.Hits[1].Match != MatchSoundsAlike {
		t.Errorf("Dikshit: matches %q, %q; want transliterated, sounds_alike", all.Hits[0].Match, all.Hits[1].Match)
	}
	if all.SoundsAlike != 0 || all.Total != 2 {
		t.Errorf("Dikshit, every sound-alike: total %d, %d left out; want 2, 0", all.Total, all.SoundsAlike)
	}

	resp := doSearch(t, ix, Request{Query: "Dikshit"})
	if got := hitIDs(resp); !slices.Equal(got, []string{"translit"}) {
		t.Fatalf("Dikshit: hits %v, want [translit]", got)
	}
	if resp.Total != 1 || resp.SoundsAlike != 1 || resp.Facets.Lang["hi"] != 1 {
		t.Errorf("Dikshit: total %d, left out %d, facets %v; want 1, 1, hi 1", resp.Total, resp.SoundsAlike, resp.Facets.Lang)
	}
	// Counted in the languages a filter keeps only.
	if r := doSearch(t, ix, Request{Query: "Dikshit", Langs: []string{"en"}}); r.SoundsAlike != 0 || r.Total != 0 {
		t.Errorf("Dikshit in en: total %d, left out %d; want 0, 0", r.Total, r.SoundsAlike)
	}
	if r := doSearch(t, ix, Request{Query: "Dikshit", Langs: []string{"hi"}}); r.SoundsAlike != 1 || !slices.Equal(hitIDs(r), []string{"translit"}) {
		t.Errorf("Dikshit in hi: hits %v, left out %d; want [translit], 1", hitIDs(r), r.SoundsAlike)
	}

	// Without the transliteration, the sound-alike is the best there is.
	ix = buildTestIndex(t, slices.Concat(docs[1:]), nil)
	resp = doSearch(t, ix, Request{Query: "Dikshit"})
	if got := hitIDs(resp); !slices.Equal(got, []string{"frame"}) || resp.SoundsAlike != 0 {
		t.Errorf("Dikshit, no transliteration: hits %v, %d left out; want [frame], 0", got, resp.SoundsAlike)
	}
}

// Sound-alikes are left out per language: a strong match in one script
// does not hide the sound-alikes of another, whose scores are not
// comparable (the seed spellings डायलव्स्की and डाइलेव्स्की meet Dilyavsky
// only through the frame).
func TestSoundAlikesComparedWithinTheirLanguage(t *testing.T) {
	ix := buildTestIndex(t, []Document{
		{ID: "en", Lang: "en", Title: "Dilyavsky visits Delhi", Body: "Dilyavsky met officials in Delhi."},
		{ID: "hi", Lang: "hi", Title: "डायलव्स्की दिल्ली पहुंचे", Body: "डायलव्स्की ने दिल्ली में अधिकारियों से मुलाकात की।"},
	}, nil)
	resp := doSearch(t, ix, Request{Query: "Dilyavsky"})
	if got := hitIDs(resp); !slices.Equal(got, []string{"en", "hi"}) || resp.SoundsAlike != 0 {
		t.Errorf("Dilyavsky: hits %v, %d left out; want [en hi], 0", got, resp.SoundsAlike)
	}
}

// A sound-alike that is returned (here a short article whose rare word
// sounds like the query, against long articles that spell the name)
// still ranks under every reading of the name in its language, with or
// without the other sound-alikes asked for.
func TestSoundAlikeUnderReadingsOfItsLanguage(t *testing.T) {
	long := strings.Repeat("बैठक में रक्षा सहयोग, व्यापार और ऊर्जा पर विस्तार से चर्चा हुई। ", 30)
	docs := []Document{
		{ID: "reading-1", Lang: "hi", Title: "रक्षा बैठक", Body: "एयर मार्शल दीक्षित ने कहा। " + long},
		{ID: "reading-2", Lang: "hi", Title: "सहयोग पर बैठक", Body: "मार्शल दीक्षित मौजूद थे। " + long},
		{ID: "sound", Lang: "hi", Title: "कौशल", Body: "युवाओं की दक्षता बढ़ेगी।"},
	}
	for i := range 12 {
		docs = append(docs, Document{ID: fmt.Sprintf("filler-%02d", i), Lang: "en", Title: "Weather", Body: "It rained in Delhi again today."})
	}
	ix := buildTestIndex(t, docs, nil)
	for _, all := range []bool{false, true} {
		resp := doSearch(t, ix, Request{Query: "Dikshit", SoundsAlike: all})
		got := hitIDs(resp)
		if len(got) < 2 || !slices.Contains(got[:2], "reading-1") || !slices.Contains(got[:2], "reading-2") {
			t.Errorf("Dikshit (every sound-alike: %v): hits %v, want the two readings first", all, got)
		}
		if all && !slices.Contains(got, "sound") {
			t.Errorf("Dikshit, every sound-alike: hits %v, want the sound-alike among them", got)
		}
	}
}
