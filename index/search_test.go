package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lipisearch/lipi/analyzers"
)

// buildTestIndex builds docs into a fresh directory and opens it.
func buildTestIndex(t testing.TB, docs []Document, synonyms *analyzers.SynonymMap) *Index {
	t.Helper()
	return buildTestIndexWith(t, docs, BuildOptions{Synonyms: synonyms})
}

// buildTestIndexWith is buildTestIndex with any build options.
func buildTestIndexWith(t testing.TB, docs []Document, opts BuildOptions) *Index {
	t.Helper()
	for i := range docs {
		docs[i].Detect()
	}
	dir := filepath.Join(t.TempDir(), "test.bleve")
	if err := Build(dir, docs, opts); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

var (
	seedOnce sync.Once
	seedDocs []Document
	seedErr  error
)

// seedIndex is an index of the seed articles with the default synonym map.
func seedIndex(t testing.TB) *Index {
	t.Helper()
	seedOnce.Do(func() {
		var res *LoadResult
		res, seedErr = LoadDir(filepath.Join("..", "seeds"), LoadOptions{Strict: true})
		if seedErr == nil {
			seedDocs = res.Docs
		}
	})
	if seedErr != nil {
		t.Fatal(seedErr)
	}
	return buildTestIndex(t, slices.Clone(seedDocs), analyzers.DefaultSynonyms())
}

func doSearch(t testing.TB, ix *Index, r Request) *Response {
	t.Helper()
	resp, err := ix.Search(context.Background(), r)
	if err != nil {
		t.Fatalf("Search(%q): %v", r.Query, err)
	}
	return resp
}

func hitIDs(resp *Response) []string {
	var ids []string
	for _, h := range resp.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func TestRankingScriptFirst(t *testing.T) {
	ix := seedIndex(t)
	for _, tt := range []struct {
		query, firstLang string
	}{
		{"দীক্ষিত", "bn"},
		{"दीक्षित", "hi"},
		{"রাশিয়া", "bn"},
	} {
		resp := doSearch(t, ix, Request{Query: tt.query})
		if len(resp.Hits) == 0 {
			t.Errorf("%q: no hits", tt.query)
			continue
		}
		if got := resp.Hits[0].Lang; got != tt.firstLang {
			t.Errorf("%q: first hit %s is %s, want %s (hits %v)", tt.query, resp.Hits[0].ID, got, tt.firstLang, hitIDs(resp))
		}
	}
}

// TestRankingLayers: with all else equal, a document with the query's own
// word ranks above a transliterated match, which ranks above a key-only
// match.
func TestRankingLayers(t *testing.T) {
	ix := buildTestIndex(t, []Document{
		{ID: "key-only", Title: "Meeting report", Body: "Air Marshal Dixit chaired the meeting."},
		{ID: "latin", Title: "बैठक की रिपोर्ट", Body: "एयर मार्शल दीक्षित ने बैठक की अध्यक्षता की।"},
		{ID: "exact", Title: "Meeting report", Body: "Air Marshal Dikshit chaired the meeting."},
	}, nil)
	resp := doSearch(t, ix, Request{Query: "Dikshit"})
	got := hitIDs(resp)
	want := []string{"exact", "latin", "key-only"}
	if !slices.Equal(got, want) {
		t.Errorf("Dikshit: hits %v, want %v", got, want)
	}
}

func TestSortPublished(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	ix := buildTestIndex(t, []Document{
		{ID: "old", Title: "Putin in Delhi", Body: "Putin Putin Putin visited Delhi.", Published: day("2020-01-02")},
		{ID: "undated", Title: "Putin", Body: "Putin."},
		{ID: "new", Title: "A visit", Body: "Putin came.", Published: day("2024-05-06")},
	}, nil)
	resp := doSearch(t, ix, Request{Query: "Putin", Sort: SortPublished})
	if got, want := hitIDs(resp), []string{"new", "old", "undated"}; !slices.Equal(got, want) {
		t.Errorf("sort=published: %v, want %v", got, want)
	}
	if resp.Hits[0].Published == "" {
		t.Errorf("newest hit has no published date: %+v", resp.Hits[0])
	}
}

func TestPhraseAcrossScripts(t *testing.T) {
	ix := buildTestIndex(t, []Document{
		{ID: "hi", Title: "बैठक", Body: "एयर मार्शल अशुतोष दीक्षित ने अध्यक्षता की।"},
		{ID: "apart", Title: "बैठक", Body: "अशुतोष ने कहा कि दीक्षित आएंगे।"},
	}, nil)
	resp := doSearch(t, ix, Request{Query: `"Ashutosh Dikshit"`})
	if got := hitIDs(resp); !slices.Equal(got, []string{"hi"}) {
		t.Errorf(`"Ashutosh Dikshit": %v, want [hi]`, got)
	}
	// Without quotes both match, the one with both words adjacent or not.
	resp = doSearch(t, ix, Request{Query: `Ashutosh Dikshit`})
	if len(resp.Hits) != 2 {
		t.Errorf("Ashutosh Dikshit: %v, want both", hitIDs(resp))
	}
}

func TestMatchesAndHighlight(t *testing.T) {
	ix := buildTestIndex(t, []Document{
		{ID: "bn", Title: "বৈঠক <b>", Body: "এয়ার মার্শাল আশুতোষ দীক্ষিতের সঙ্গে বৈঠক & আলোচনা।"},
	}, nil)
	resp := doSearch(t, ix, Request{Query: "Dikshit"})
	if len(resp.Hits) != 1 {
		t.Fatalf("hits %v, want [bn]", hitIDs(resp))
	}
	h := resp.Hits[0]
	body := strings.Join(h.Fragments["body"], "")
	if !strings.Contains(body, "<mark>দীক্ষিতের</mark>") {
		t.Errorf("body fragments %q: want <mark>দীক্ষিতের</mark>", body)
	}
	if !strings.Contains(body, "&amp;") || strings.Contains(body, " & ") {
		t.Errorf("body fragments %q: want the text HTML-escaped", body)
	}
	if title := strings.Join(h.Fragments["title"], ""); !strings.Contains(title, "&lt;b&gt;") {
		t.Errorf("title fragment %q: want the text HTML-escaped", title)
	}
	want := Match{Query: "Dikshit", Term: "দীক্ষিতের", Layer: analyzers.LayerLatin}
	if !slices.Contains(h.Matches, want) {
		t.Errorf("matches %+v: want %+v", h.Matches, want)
	}
}

func TestSynonyms(t *testing.T) {
	docs := []Document{
		{ID: "bn-russia", Title: "বৈঠক", Body: "ভারত ও রাশিয়ার মধ্যে বৈঠক।"},
		{ID: "bn-putin", Title: "সফর", Body: "পুতিন দিল্লি সফরে আসবেন।"},
	}
	ix := buildTestIndex(t, slices.Clone(docs), analyzers.DefaultSynonyms())
	resp := doSearch(t, ix, Request{Query: "Russia"})
	if got := hitIDs(resp); !slices.Equal(got, []string{"bn-russia"}) {
		t.Fatalf("Russia with synonyms: %v, want [bn-russia]", got)
	}
	if m := resp.Hits[0].Matches; len(m) == 0 || m[0].Layer != analyzers.LayerSynonym || m[0].Term != "রাশিয়ার" {
		t.Errorf("Russia matches %+v, want a synonym match on রাশিয়ার", m)
	}
	// India and ভারত share no key: only the map links them.
	if got := hitIDs(doSearch(t, ix, Request{Query: "India"})); !slices.Equal(got, []string{"bn-russia"}) {
		t.Errorf("India with synonyms: %v, want [bn-russia]", got)
	}
	// --no-synonyms at search time ignores the stored map...
	if got := hitIDs(doSearch(t, ix, Request{Query: "India", NoSynonyms: true})); len(got) != 0 {
		t.Errorf("India without synonyms: %v, want none", got)
	}
	// (Russia and রাশিয়া still meet on their short keys, as a last resort.)
	for _, h := range doSearch(t, ix, Request{Query: "Russia", NoSynonyms: true}).Hits {
		for _, m := range h.Matches {
			if m.Layer == analyzers.LayerSynonym {
				t.Errorf("Russia without synonyms: synonym match %+v", m)
			}
		}
	}
	// ...but not transliteration.
	if got := hitIDs(doSearch(t, ix, Request{Query: "Putin", NoSynonyms: true})); !slices.Equal(got, []string{"bn-putin"}) {
		t.Errorf("Putin without synonyms: %v, want [bn-putin]", got)
	}
	// An index built without a map has none to use.
	bare := buildTestIndex(t, slices.Clone(docs), nil)
	if got := hitIDs(doSearch(t, bare, Request{Query: "India"})); len(got) != 0 {
		t.Errorf("India on an index without a map: %v, want none", got)
	}
	// An operator's map is stored with the index.
	extra, err := analyzers.ParseSynonyms(strings.NewReader("Kremlin => রাশিয়া\n"), "extra.txt")
	if err != nil {
		t.Fatal(err)
	}
	custom := buildTestIndex(t, slices.Clone(docs), extra)
	if got := hitIDs(doSearch(t, custom, Request{Query: "Kremlin"})); !slices.Equal(got, []string{"bn-russia"}) {
		t.Errorf("Kremlin with an operator's map: %v, want [bn-russia]", got)
	}
}

func TestPrefix(t *testing.T) {
	ix := seedIndex(t)
	if got := doSearch(t, ix, Request{Query: "Dilyav"}).Total; got != 0 {
		t.Errorf("Dilyav without prefix: %d hits, want 0", got)
	}
	resp := doSearch(t, ix, Request{Query: "Dilyav", Prefix: true})
	if resp.Total != 3 {
		t.Errorf("Dilyav with prefix: %v, want all three seed articles", hitIDs(resp))
	}
	resp = doSearch(t, ix, Request{Query: "দীক্ষি", Prefix: true})
	if resp.Total == 0 {
		t.Errorf("দীক্ষি with prefix: no hits")
	}
}

func TestLangFilterAndFacets(t *testing.T) {
	ix := seedIndex(t)
	resp := doSearch(t, ix, Request{Query: "Dikshit"})
	if resp.Facets.Lang["bn"] != 1 || resp.Facets.Lang["hi"] != 2 {
		t.Errorf("facets %v, want bn:1 hi:2", resp.Facets.Lang)
	}
	resp = doSearch(t, ix, Request{Query: "Dikshit", Langs: []string{"hi"}})
	if resp.Total != 2 {
		t.Errorf("lang=hi: %v, want the two Hindi articles", hitIDs(resp))
	}
	for _, h := range resp.Hits {
		if h.Lang != "hi" {
			t.Errorf("lang=hi returned %s in %s", h.ID, h.Lang)
		}
	}
	resp = doSearch(t, ix, Request{Query: "Dikshit", Size: 1, From: 1})
	if len(resp.Hits) != 1 || resp.Total != 3 {
		t.Errorf("from=1 size=1: %d hits of %d, want 1 of 3", len(resp.Hits), resp.Total)
	}
}

func TestNoSearchableWord(t *testing.T) {
	ix := seedIndex(t)
	for _, q := range []string{"!!! ... ।", `""`, "-the"} {
		resp, err := ix.Search(context.Background(), Request{Query: q})
		if err != nil {
			t.Errorf("%q: %v, want zero hits and no error", q, err)
			continue
		}
		if resp.Total != 0 || len(resp.Hits) != 0 {
			t.Errorf("%q: %d hits, want 0", q, resp.Total)
		}
	}
}

// A query of stop words alone searches them as written: each hit holds
// one of them, and a title made of them is found first.
func TestStopWordsAlone(t *testing.T) {
	ix := buildTestIndex(t, []Document{
		{ID: "a", Lang: "hi", Title: "कुछ कुछ होता है", Body: "फ़िल्म की समीक्षा"},
		{ID: "b", Lang: "hi", Title: "समीक्षा", Body: "इस फ़िल्म में कुछ नया है"},
		{ID: "c", Lang: "hi", Title: "समाचार", Body: "आज बारिश हुई"},
		{ID: "d", Lang: "en", Title: "The Who", Body: "A band of the sixties"},
	}, nil)
	for _, tc := range []struct {
		query string
		first string
		ids   []string
	}{
		{"कुछ कुछ होता है", "a", []string{"a", "b"}},
		{"The Who", "d", []string{"d"}},
	} {
		wantHitSet(t, ix, tc.query, tc.first, tc.ids)
	}
}

// Stop words are indexed by their native form alone, yet a query of
// function words finds them in the other scripts too: a Hindi title of
// stop words typed in Latin (kuch kuch hota hai), as the whole sequence
// only (not b, which has कुछ and है apart), and a Hindi pronoun the Latin
// word it sounds as (हम, "ham"). One Latin word alone is not taken for a
// Hindi stop word ("ham" is ham, not हम), and a query with a word of
// content does not search its other words as stop words: "ka" beside
// Rahul is not का.
func TestFunctionWordsAcrossScripts(t *testing.T) {
	ix := buildTestIndex(t, []Document{
		{ID: "a", Lang: "hi", Title: "कुछ कुछ होता है", Body: "फ़िल्म की समीक्षा"},
		{ID: "b", Lang: "hi", Title: "समीक्षा", Body: "इस फ़िल्म में कुछ नया है"},
		{ID: "c", Lang: "en", Title: "Ham radio", Body: "A hobby"},
		{ID: "d", Lang: "hi", Title: "हम साथ साथ", Body: "फ़िल्म"},
		{ID: "e", Lang: "hi", Title: "देश का बजट", Body: "संसद में"},
		{ID: "f", Lang: "en", Title: "Rahul Gandhi", Body: "speaks at a rally"},
	}, nil)
	for _, tc := range []struct {
		query string
		first string
		ids   []string
	}{
		{"kuch kuch hota hai", "a", []string{"a"}},
		{"ham", "c", []string{"c"}},
		{"हम", "d", []string{"c", "d"}},
		{"Rahul ka", "f", []string{"f"}},
	} {
		wantHitSet(t, ix, tc.query, tc.first, tc.ids)
	}
}

// A name with a stop word in it (सारा is one in Hindi, will in English)
// is the query as typed with that word: the document that holds it ranks
// first and matches exactly, above one with another word in its place.
func TestOwnSpellingKeepsStopWords(t *testing.T) {
	ix := buildTestIndex(t, []Document{
		{ID: "1", Lang: "hi", Title: "सोहा अली खान ने कहा", Body: ""},
		{ID: "2", Lang: "hi", Title: "सारा अली खान ने कहा", Body: ""},
		{ID: "3", Lang: "en", Title: "John Smith spoke", Body: ""},
		{ID: "4", Lang: "en", Title: "Will Smith spoke", Body: ""},
	}, nil)
	for _, tc := range []struct{ query, want string }{
		{"सारा अली खान", "2"},
		{"Will Smith", "4"},
	} {
		resp := doSearch(t, ix, Request{Query: tc.query})
		if len(resp.Hits) < 2 || resp.Hits[0].ID != tc.want || resp.Hits[0].Match != MatchExact || resp.Hits[1].Match == MatchExact {
			t.Errorf("%q: first %q, want %q, the only exact match (hits %+v)", tc.query, firstID(resp), tc.want, resp.Hits)
		}
	}
}

// wantHitSet checks that query finds exactly the documents ids (sorted),
// first the one with id first.
func wantHitSet(t *testing.T, ix *Index, query, first string, ids []string) {
	t.Helper()
	resp := doSearch(t, ix, Request{Query: query})
	var got []string
	for _, h := range resp.Hits {
		got = append(got, h.ID)
	}
	slices.Sort(got)
	if firstID(resp) != first || !slices.Equal(got, ids) {
		t.Errorf("%q: hits %q (first %q), want %q, %q first", query, got, firstID(resp), ids, first)
	}
}

func firstID(resp *Response) string {
	if len(resp.Hits) == 0 {
		return ""
	}
	return resp.Hits[0].ID
}

func TestRequestErrors(t *testing.T) {
	ix := seedIndex(t)
	for _, tt := range []struct {
		r    Request
		code string
	}{
		{Request{Query: "\xff"}, "invalid_utf8"},
		{Request{Query: strings.Repeat("a", MaxQueryBytes+1)}, "query_too_long"},
		{Request{Query: "  "}, "empty_query"},
		{Request{Query: "x", Size: -1}, "bad_size"},
		{Request{Query: "x", Size: MaxSize + 1}, "bad_size"},
		{Request{Query: "x", From: -1}, "bad_from"},
		{Request{Query: "x", From: MaxFrom + 1}, "bad_from"},
		{Request{Query: "x", Sort: "date"}, "bad_sort"},
		{Request{Query: "x", Langs: []string{"Bengali"}}, "bad_lang"},
		{Request{Query: "x", Langs: []string{""}}, "bad_lang"},
	} {
		_, err := ix.Search(context.Background(), tt.r)
		var re *RequestError
		if !errors.As(err, &re) || re.Code != tt.code {
			t.Errorf("Search(%+v) = %v, want a %s error", tt.r, err, tt.code)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "foreign")
	if err := os.MkdirAll(foreign, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644)
	corrupt := filepath.Join(dir, "corrupt")
	os.MkdirAll(corrupt, 0o755)
	os.WriteFile(filepath.Join(corrupt, "index_meta.json"), []byte("{not json"), 0o644)
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, p := range []string{filepath.Join(dir, "missing"), foreign, corrupt, file} {
		ix, err := Open(p)
		if err == nil {
			ix.Close()
			t.Errorf("Open(%s) succeeded, want an error", p)
			continue
		}
		if !strings.Contains(err.Error(), p) {
			t.Errorf("Open(%s) = %v: want the path in the message", p, err)
		}
	}
}

func TestTidyFragment(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"…ा की गई। <mark>दीक्षित</mark> ने की", "…की गई। <mark>दीक्षित</mark> ने की"},
		{"…ia-<mark>Russia</mark> and", "…ia-<mark>Russia</mark> and"},
		{"<mark>Putin</mark> visited Delh…", "<mark>Putin</mark> visited…"},
		{"whole text", "whole text"},
		{"…<mark>x</mark>…", "…<mark>x</mark>…"},
	} {
		if got := tidyFragment(tt.in); got != tt.want {
			t.Errorf("tidyFragment(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestProbeQueryFindsItsDocument: the probe of a rebuild's verification is a
// searchable word, never a stop word that keeps only an initial's form
// (के), which a search alone would not look for.
func TestProbeQueryFindsItsDocument(t *testing.T) {
	ix := buildTestIndex(t, []Document{{ID: "a", Title: "के", Body: "के की रामकृष्णन"}}, nil)
	probe, err := ix.probeQuery()
	if err != nil {
		t.Fatal(err)
	}
	resp := doSearch(t, ix, Request{Query: probe})
	if resp.Total == 0 {
		t.Errorf("probe %q found nothing", probe)
	}
}

// TestInitialsCoverNames: a name with its initial, written in another
// script, covers both query words and outranks the bare name in the
// query's script; the initial must not be joined onto the name (K.KRISHNAN
// is not "kkrishnan", whose key is the bare name's key).
func TestInitialsCoverNames(t *testing.T) {
	ix := buildTestIndex(t, []Document{
		nameDoc("bare", "KRISHNAN"),
		nameDoc("other-initial", "KRISHNAN R"),
		nameDoc("letter-name", "के. कृष्णन"),
		nameDoc("syllable", "कृष्णन की"),
		// Other people with the initial K, as in any list of names, make
		// the initial alone worth little.
		nameDoc("k-raman", "K RAMAN"),
		nameDoc("selvam-k", "SELVAM K"),
		nameDoc("k-raman-hi", "के. रमन"),
		nameDoc("k-mani", "K.MANI"),
	}, nil)
	for _, q := range []string{"K.KRISHNAN", "KRISHNAN K"} {
		got := hitIDs(doSearch(t, ix, Request{Query: q}))
		if len(got) < 2 || !slices.Contains(got[:2], "letter-name") || !slices.Contains(got[:2], "syllable") {
			t.Errorf("%s: hits %v, want letter-name and syllable first", q, got)
		}
	}
}

// TestWeakOnlyFillsThePage: a word whose only link to another script is
// a short key (Yemen and यमन "yaman" share only the frame ".m.n") finds it
// when nothing matches on a strong layer, with the match listed; beside
// strong hits it comes after them, and only while they leave the page
// short.
func TestWeakOnlyFillsThePage(t *testing.T) {
	ix := buildTestIndex(t, []Document{
		nameDoc("hi", "यमन"),
		nameDoc("other", "Kolkata"),
	}, nil)
	resp := doSearch(t, ix, Request{Query: "Yemen"})
	if got := hitIDs(resp); !slices.Equal(got, []string{"hi"}) {
		t.Fatalf("Yemen: hits %v, want [hi]", got)
	}
	if m := resp.Hits[0].Matches; len(m) == 0 || m[0].Term != "यमन" {
		t.Errorf("Yemen: matches %v, want यमन", m)
	}
	if frag := resp.Hits[0].Fragments["title"]; len(frag) == 0 || !strings.Contains(frag[0], "<mark>यमन</mark>") {
		t.Errorf("Yemen: title fragments %q, want यमन marked", frag)
	}

	ix = buildTestIndex(t, []Document{
		nameDoc("hi", "यमन"),
		nameDoc("en", "Yemen"),
		nameDoc("en2", "Yemen Yemen"),
	}, nil)
	resp = doSearch(t, ix, Request{Query: "Yemen"})
	if got := hitIDs(resp); !slices.Equal(got, []string{"en2", "en", "hi"}) && !slices.Equal(got, []string{"en", "en2", "hi"}) {
		t.Fatalf("Yemen with exact matches: hits %v, want en and en2, then hi", got)
	}
	if fill := resp.Hits[2]; len(fill.Matches) == 0 || fill.Matches[0].Term != "यमन" || !strings.Contains(strings.Join(fill.Fragments["title"], ""), "<mark>यमन</mark>") {
		t.Errorf("Yemen: the filling hit lists %v, fragments %q; want यमन matched and marked", fill.Matches, fill.Fragments["title"])
	}
	if resp.Total != 3 || resp.Facets.Lang["hi"] != 1 {
		t.Errorf("Yemen: total %d, facets %v; want 3, with hi counted", resp.Total, resp.Facets.Lang)
	}
	resp = doSearch(t, ix, Request{Query: "Yemen", Size: 2})
	if got := hitIDs(resp); slices.Contains(got, "hi") || resp.Total != 2 {
		t.Errorf("Yemen, a page of 2: hits %v of %d, want the two exact matches alone", got, resp.Total)
	}
	resp = doSearch(t, ix, Request{Query: "Yemen", From: 1, Size: 3})
	if got := hitIDs(resp); len(got) != 2 || got[1] != "hi" || resp.Total != 3 {
		t.Errorf("Yemen, from 1: hits %v of %d, want one exact match, then hi, of 3", got, resp.Total)
	}
	for _, h := range doSearch(t, ix, Request{Query: "Yemen"}).Hits {
		if h.ID != "hi" && slices.ContainsFunc(h.Matches, func(m Match) bool { return m.Layer == analyzers.LayerFrame }) {
			t.Errorf("Yemen: strong hit %s lists its weak matches %v", h.ID, h.Matches)
		}
	}
}

// TestMedialSchwa: a name read with and without its medial inherent vowel
// (Jayakumar, जयकुमार "jaykumar") meets on the phonetic key, both ways,
// and so does a name joined with the inherent vowel at the seam that its
// first part, written alone, drops (राम कृष्णन, Ramakrishnan).
func TestMedialSchwa(t *testing.T) {
	ix := buildTestIndex(t, []Document{
		nameDoc("hi", "जयकुमार"),
		nameDoc("en", "Ramakrishnan"),
		nameDoc("bn-joined", "অমিয়ভূষণ"),
	}, nil)
	for _, tt := range []struct{ query, id string }{{"Jayakumar", "hi"}, {"रामकृष्णन", "en"}, {"Amiya Bhushan", "bn-joined"}, {"राम कृष्णन", "en"}} {
		resp := doSearch(t, ix, Request{Query: tt.query, NoFuzzy: true})
		if len(resp.Hits) == 0 || resp.Hits[0].ID != tt.id {
			t.Errorf("%s: hits %v, want %s first", tt.query, hitIDs(resp), tt.id)
			continue
		}
		if m := resp.Hits[0].Matches; len(m) == 0 || m[0].Layer != analyzers.LayerPhonetic {
			t.Errorf("%s: matches %+v, want a phonetic match", tt.query, m)
		}
	}
}

// TestSplitKeepsInherentVowel: a name written as one Latin word keeps the
// inherent vowel that ends the first of its two words in Bengali or
// Devanagari, and finds them as two words side by side.
func TestSplitKeepsInherentVowel(t *testing.T) {
	ix := buildTestIndex(t, []Document{
		nameDoc("bn", "ছোট বিঘাই"),
		nameDoc("bn2", "বড় বাজার"),
	}, nil)
	for _, tt := range []struct{ query, id string }{{"Chotobighai", "bn"}, {"Borobazar", "bn2"}} {
		got := hitIDs(doSearch(t, ix, Request{Query: tt.query, NoFuzzy: true}))
		if len(got) == 0 || got[0] != tt.id {
			t.Errorf("%s: hits %v, want %s first", tt.query, got, tt.id)
		}
	}
}

// TestWordOrder: of two documents holding both query words, the one with
// them side by side in the query's order ranks first, even in another
// script.
func TestWordOrder(t *testing.T) {
	ix := buildTestIndex(t, []Document{
		nameDoc("reversed", "MURUGAN R"),
		nameDoc("in-order", "आर. मुरुगन"),
		// Other names, as in any list, so that the words are rare.
		nameDoc("f1", "K. SELVAM"),
		nameDoc("f2", "एस. कन्नन"),
		nameDoc("f3", "P RAJA"),
		nameDoc("f4", "ए. गणेशन"),
		nameDoc("f5", "MANI T"),
		nameDoc("f6", "वी. रवि"),
	}, nil)
	if got := hitIDs(doSearch(t, ix, Request{Query: "R. MURUGAN"})); len(got) != 2 || got[0] != "in-order" {
		t.Errorf("R. MURUGAN: hits %v, want in-order first", got)
	}
}

// nameDoc is a document that is one name, as in a list of names.
func nameDoc(id, name string) Document {
	return Document{ID: id, Title: name, Body: name}
}

// A language filter filters: the hits of lang=X,Y are the unfiltered hits
// in X and Y, in the same order and with the same scores, and a filter
// that keeps every language changes nothing. Each language has several
// hits, of different lengths and term counts, so that orders can differ.
func TestLangFilterKeepsOrder(t *testing.T) {
	docs := []Document{
		{ID: "en-1", Title: "Russia and India", Body: "Russia and India met; Russia spoke first.", Lang: "en"},
		{ID: "en-2", Title: "Trade talks", Body: "A long report on trade that names Russia once among many other countries and many other words.", Lang: "en"},
		{ID: "en-3", Title: "Russia", Body: "Russia, Russia, Russia.", Lang: "en"},
		{ID: "hi-1", Title: "रूस और भारत", Body: "रूस और भारत की बैठक हुई।", Lang: "hi"},
		{ID: "hi-2", Title: "व्यापार", Body: "व्यापार पर एक लंबी रिपोर्ट में रूस का नाम एक बार आया और कई दूसरे देशों के नाम भी आए।", Lang: "hi"},
		{ID: "hi-3", Title: "रूस", Body: "रूस रूस रूस।", Lang: "hi"},
		{ID: "bn-1", Title: "রাশিয়া ও ভারত", Body: "রাশিয়া ও ভারতের বৈঠক।", Lang: "bn"},
		{ID: "bn-2", Title: "বাণিজ্য", Body: "বাণিজ্যের দীর্ঘ প্রতিবেদনে রাশিয়ার নাম একবার এসেছে, আরও অনেক দেশের সঙ্গে।", Lang: "bn"},
	}
	ix := buildTestIndex(t, docs, analyzers.DefaultSynonyms())
	scored := func(hits []Hit, keep []string) []string {
		var out []string
		for _, h := range hits {
			if keep == nil || slices.Contains(keep, h.Lang) {
				out = append(out, fmt.Sprintf("%s %.9g", h.ID, h.Score))
			}
		}
		return out
	}
	filters := [][]string{{"en", "hi", "bn"}, {"en"}, {"hi"}, {"bn"}, {"hi", "bn"}}
	for _, q := range []string{"रूस", "Russia", "রাশিয়া"} {
		all := doSearch(t, ix, Request{Query: q, Size: MaxSize})
		if len(all.Hits) < 6 {
			t.Fatalf("%q: %v, want hits in every language to compare orders", q, hitIDs(all))
		}
		for _, keep := range filters {
			got := doSearch(t, ix, Request{Query: q, Size: MaxSize, Langs: keep})
			if have, want := scored(got.Hits, nil), scored(all.Hits, keep); !slices.Equal(have, want) {
				t.Errorf("%q lang=%v: %v, want the unfiltered hits in those languages %v", q, keep, have, want)
			}
		}
	}
}

// Search-as-you-type: a half-typed last word is searched as the words it
// begins, the most frequent first, and a whole word typed out still ranks
// before its longer completions. Its own keys belong to a word not yet
// written: "kejr" sounds like Kajra, which must not come first.
func TestPrefixCompletions(t *testing.T) {
	docs := []Document{
		{ID: "kejriwal-1", Title: "Kejriwal meets farmers", Body: "Delhi chief minister Kejriwal met farmers on Monday.", Lang: "en"},
		{ID: "kejriwal-2", Title: "Kejriwal on schools", Body: "Kejriwal spoke about new schools in Delhi.", Lang: "en"},
		{ID: "kejriwal-3", Title: "केजरीवाल ने कहा", Body: "दिल्ली के मुख्यमंत्री केजरीवाल ने आज कहा।", Lang: "hi"},
		{ID: "kejmaker", Title: "Kejmaker opens a shop", Body: "A rare name in town.", Lang: "en"},
		{ID: "kajra", Title: "Kajra Re turns twenty", Body: "The song Kajra Re is twenty years old.", Lang: "en"},
		{ID: "kaajer", Title: "কাজের কথা", Body: "কাজের কথা বলুন।", Lang: "bn"},
		{ID: "modi", Title: "PM Modi speaks", Body: "Modi spoke in the city today.", Lang: "en"},
		{ID: "modify", Title: "Modify the rules", Body: "They will modify the city rules today.", Lang: "en"},
		{ID: "krishna", Title: "कृष्ण जन्माष्टमी", Body: "कृष्ण जन्माष्टमी पर मंदिर सजे।", Lang: "hi"},
		{ID: "krishi", Title: "कृषि मंत्री", Body: "कृषि मंत्री ने कृषि नीति बताई।", Lang: "hi"},
	}
	ix := buildTestIndex(t, docs, nil)
	rank := func(q string) map[string]int {
		t.Helper()
		resp := doSearch(t, ix, Request{Query: q, Prefix: true, Size: MaxSize})
		at := map[string]int{}
		for i, h := range resp.Hits {
			at[h.ID] = i + 1
		}
		return at
	}
	before := func(q string, at map[string]int, first, then string) {
		t.Helper()
		if at[first] == 0 {
			t.Errorf("%q: %s not found (%v)", q, first, at)
		} else if at[then] != 0 && at[then] < at[first] {
			t.Errorf("%q: %s at %d before %s at %d", q, then, at[then], first, at[first])
		}
	}
	at := rank("Kejr")
	for _, id := range []string{"kejriwal-1", "kejriwal-2", "kejriwal-3"} {
		before("Kejr", at, id, "kajra")
		before("Kejr", at, id, "kaajer")
		before("Kejr", at, id, "kejmaker") // the more frequent completion first
	}
	at = rank("Modi")
	before("Modi", at, "modi", "modify") // the whole word first
	at = rank("कृष्")
	before("कृष्", at, "krishna", "krishi") // कृष् goes on with a consonant
}
