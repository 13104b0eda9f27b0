package index

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/lipisearch/lipi/analyzers"
)

// checkSuggestions checks what holds of every response's suggestions:
// only a response without strong hits has any; at most maxSuggestions,
// none the query itself, none repeated; each word of each in the script
// of the query's words; and each is a query the index knows, one whose
// search finds strong hits.
func checkSuggestions(t *testing.T, ix *Index, resp *Response) {
	t.Helper()
	if len(resp.Suggestions) == 0 {
		return
	}
	if resp.hasStrongHits() {
		t.Errorf("%q: strong hits and suggestions %q", resp.Query, resp.Suggestions)
	}
	if len(resp.Suggestions) > maxSuggestions {
		t.Errorf("%q: %d suggestions, at most %d", resp.Query, len(resp.Suggestions), maxSuggestions)
	}
	scripts := wordScripts(resp.Query)
	for i, s := range resp.Suggestions {
		if s == resp.Query || slices.Contains(resp.Suggestions[:i], s) {
			t.Errorf("%q: suggestion %q is the query or repeated: %q", resp.Query, s, resp.Suggestions)
		}
		for _, sc := range wordScripts(s) {
			if !slices.Contains(scripts, sc) {
				t.Errorf("%q: suggestion %q has a word in %s, not in the query's scripts %v", resp.Query, s, sc, scripts)
			}
		}
		if again := doSearch(t, ix, Request{Query: s}); !again.hasStrongHits() {
			t.Errorf("%q: suggestion %q finds no strong hit", resp.Query, s)
		}
	}
}

func wordScripts(q string) []analyzers.Script {
	var out []analyzers.Script
	for _, sp := range analyzers.WordSpans(q) {
		if s := analyzers.ScriptOf(q[sp.Start:sp.End]); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// A seed name misspelled by one letter (changed, dropped, or two
// swapped), in each script, is answered with the name as the seeds write
// it, first; the query is found by sound alone or not at all.
func TestSuggestMisspelledSeedNames(t *testing.T) {
	ix := seedIndex(t)
	for _, tc := range []struct {
		query, want string
	}{
		{"Dikshat", "Dikshit"}, // changed
		{"Dikshi", "Dikshit"},  // dropped
		{"Dkishit", "Dikshit"}, // swapped
		{"Puitn", "Putin"},     // swapped
		{"putn", "putin"},      // dropped, in lower case
		{"दीक्षिक", "दीक्षित"},   // changed
		{"दक्षित", "दीक्षित"},    // dropped
		{"दीक्षति", "दीक्षित"},   // swapped
		{"पुतिम", "पुतिन"},       // changed
		{"मोदा", "मोदी"},         // changed
		{"দীক্ষিক", "দীক্ষিত"},   // changed
		{"দীক্ষত", "দীক্ষিত"},    // dropped
		{"দীক্ষতি", "দীক্ষিত"},   // swapped
		{"রাশিযা", "রাশিয়া"},    // changed (য for য়)
		{"আশুতোষ দীক্ষিক", ""},   // a name whose first word is right: strong hits
		{"Ashutosh Dikshat", ""}, // likewise across scripts
	} {
		t.Run(tc.query, func(t *testing.T) {
			resp := doSearch(t, ix, Request{Query: tc.query})
			checkSuggestions(t, ix, resp)
			if tc.want == "" {
				if len(resp.Suggestions) > 0 {
					t.Errorf("Search(%q).Suggestions = %q, want none", tc.query, resp.Suggestions)
				}
				return
			}
			if len(resp.Suggestions) == 0 || resp.Suggestions[0] != tc.want {
				t.Errorf("Search(%q).Suggestions = %q, want %q first", tc.query, resp.Suggestions, tc.want)
			}
		})
	}
}

// A query that finds strong hits has no suggestions, and its JSON has no
// "suggestions" key; neither has any response of a query the index
// knows, in every script.
func TestNoSuggestionsWithStrongHits(t *testing.T) {
	ix := seedIndex(t)
	for _, q := range []string{"Dikshit", "দীক্ষিত", "दीक्षित", "Putin", "रूस", "রাশিয়া", "Russia -Putin", "Putin OR Modi", `"Ashutosh Dikshit"`} {
		resp := doSearch(t, ix, Request{Query: q})
		if !resp.hasStrongHits() {
			t.Errorf("Search(%q): no strong hits", q)
		}
		if len(resp.Suggestions) > 0 {
			t.Errorf("Search(%q).Suggestions = %q, want none", q, resp.Suggestions)
		}
		b, err := json.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), `"suggestions"`) {
			t.Errorf("Search(%q) JSON has suggestions: %s", q, b)
		}
	}
}

// Nonsense gets no suggestion, or only words the index holds, in its own
// script.
func TestSuggestNonsense(t *testing.T) {
	ix := seedIndex(t)
	for _, q := range []string{"qwzxv", "zzzzzzzz", "ঙঞঢ়ঢ", "ङञढ़ढ", "xq", "Dikshat -Putin", "-Dikshat", `"Dikshat`} {
		checkSuggestions(t, ix, doSearch(t, ix, Request{Query: q}))
	}
}

// Suggestions show words as documents write them: a stem the native layer
// holds (elect, for elections, which the misspelled word's own stem is not
// near: its key is) is shown as the written word, in the case
// the query was typed in; among candidates equally near, the one more
// documents hold comes first; an excluded word is never replaced, and the
// rest of the query is kept as typed.
func TestSuggestWrittenFormsAndOrder(t *testing.T) {
	docs := []Document{
		{ID: "a", Lang: "en", Title: "Elections", Body: "The elections were held. Sinha spoke."},
		{ID: "b", Lang: "en", Title: "More", Body: "Sinha won the elections."},
		{ID: "c", Lang: "en", Title: "Other", Body: "Sinka lost."},
		{ID: "d", Lang: "bn", Title: "খবর", Body: "রাশিয়ার প্রতিনিধি এলেন।"},
	}
	ix := buildTestIndex(t, docs, nil)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"elrctions", []string{"elections"}},
		{"Elrctions", []string{"Elections"}},
		{"ELRCTIONS", []string{"ELECTIONS"}},
		{"sinxa", []string{"sinha", "sinka"}},
		{"sinxa elrctions", []string{"sinha elections", "sinka elections"}},
		{`"sinxa"  -qqqqq`, []string{`"sinha"  -qqqqq`, `"sinka"  -qqqqq`}},
		{"রাশিযার", []string{"রাশিয়ার"}},
	} {
		wantSuggestions(t, ix, tc.query, tc.want)
	}
}

// A suggestion begins with the letter its word begins with: a slip in
// the first letter finds no word that differs there, one later still
// finds it, in each script.
func TestSuggestKeepsFirstLetter(t *testing.T) {
	docs := []Document{
		{ID: "a", Lang: "en", Title: "Elections", Body: "The elections were held. Sinha spoke."},
		{ID: "d", Lang: "bn", Title: "খবর", Body: "রাশিয়ার প্রতিনিধি এলেন।"},
		{ID: "h", Lang: "hi", Title: "खबर", Body: "दीक्षित ने कहा।"},
	}
	ix := buildTestIndex(t, docs, nil)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"elrctions", []string{"elections"}},
		{"plections", nil},
		{"sinxa", []string{"sinha"}},
		{"xinha", nil},
		{"রাশিযার", []string{"রাশিয়ার"}},
		{"বাশিয়ার", nil},
		{"दीक्षिक", []string{"दीक्षित"}},
		{"वीक्षित", nil},
	} {
		wantSuggestions(t, ix, tc.query, tc.want)
	}
}

// wantSuggestions checks the suggestions of a search for query.
func wantSuggestions(t *testing.T, ix *Index, query string, want []string) {
	t.Helper()
	resp := doSearch(t, ix, Request{Query: query})
	checkSuggestions(t, ix, resp)
	if !slices.Equal(resp.Suggestions, want) {
		t.Errorf("Search(%q).Suggestions = %q, want %q", query, resp.Suggestions, want)
	}
}

func TestSuggestableWords(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"Putin OR Modi", []string{"Putin", "Modi"}},
		{"Russia -Putin", []string{"Russia"}},
		{`"Ashutosh Dikshit" -"Vladimir Putin" Jean-Pierre`, []string{"Ashutosh", "Dikshit", "Jean", "Pierre"}},
		{`-"a b" c`, []string{"c"}},
	} {
		var got []string
		for _, w := range suggestableWords(tc.q) {
			if tc.q[w.start:w.end] != w.typed {
				t.Errorf("%q: word %q at %d:%d", tc.q, w.typed, w.start, w.end)
			}
			got = append(got, w.typed)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("suggestableWords(%q) = %q, want %q", tc.q, got, tc.want)
		}
	}
}
