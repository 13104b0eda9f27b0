package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/document"

	"github.com/lipisearch/lipi/analyzers"
)

// PreAnalyze writes a word's forms together, a stop word as its native
// form alone, and keeps every word's position.
func TestPreAnalyze(t *testing.T) {
	got, err := PreAnalyze("Dikshit of दीक्षित")
	if err != nil {
		t.Fatal(err)
	}
	words := strings.Split(got, " ")
	if len(words) != 3 {
		t.Fatalf("PreAnalyze gave %d positions, want 3: %q", len(words), got)
	}
	if words[1] != "of" {
		t.Errorf("the stop word's position is %q, want its native form %q", words[1], "of")
	}
	for i, w := range []int{0, 2} {
		forms := strings.Split(words[w], FormSeparator)
		want := analyzers.AnalyzeWord([]string{"Dikshit", "दीक्षित"}[i]).Forms
		if len(forms) < 2 || len(forms) != len(want) {
			t.Errorf("word %d: %d forms %q, want the analyzer's %d", w, len(forms), forms, len(want))
		}
	}
	if got, _ := PreAnalyze("... !!"); got != "" {
		t.Errorf("a text with no word gives %q, want nothing", got)
	}
}

// Every kind of query lipi compiles has a DSL form, and the request's
// filters, sort and page are in the body.
func TestRemotePlanBody(t *testing.T) {
	for _, r := range []Request{
		{Query: "Dikshit"},
		{Query: "Dixit दीक्षित", Langs: []string{"hi"}, From: 10},
		{Query: `"Sheila Dikshit" -Delhi`, Sort: SortPublished},
		{Query: "kejr", Prefix: true},
		{Query: "Russia OR Ukraine", Categories: []string{"world"}, FromDate: "2020-01-01"},
		{Query: "R. Murugan", Filters: map[string][]string{"desk": {"metro"}}},
		{Query: "of the"},
	} {
		r.Size = 10
		p, err := NewRemotePlan(r, SynonymExpander(analyzers.DefaultSynonyms()), []string{"desk"})
		if err != nil {
			t.Fatalf("%q: %v", r.Query, err)
		}
		if p.Empty {
			if r.Query != "of the" {
				t.Errorf("%q: empty plan", r.Query)
			}
			continue
		}
		for _, relaxed := range []bool{false, true} {
			body, err := p.Body(relaxed)
			if err != nil {
				t.Fatalf("%q: %v", r.Query, err)
			}
			b, _ := json.Marshal(body)
			s := string(b)
			if body["from"] != r.From || body["size"] != r.Size {
				t.Errorf("%q: page from %v size %v", r.Query, body["from"], body["size"])
			}
			for _, want := range []string{RemoteFormsTitle, RemoteFormsBody, "function_score"} {
				if !strings.Contains(s, want) {
					t.Errorf("%q: the body names no %s: %s", r.Query, want, s)
				}
			}
			if len(r.Langs) > 0 && !strings.Contains(s, `"terms":{"lang":["hi"]}`) {
				t.Errorf("%q: no language filter: %s", r.Query, s)
			}
			if strings.Contains(r.Query, "-Delhi") && !strings.Contains(s, "must_not") {
				t.Errorf("%q: the excluded word is not excluded: %s", r.Query, s)
			}
			if r.Sort == SortPublished && !strings.Contains(s, `"published":{"missing":"_last","order":"desc"}`) {
				t.Errorf("%q: not sorted by date: %s", r.Query, s)
			}
		}
	}
	if _, err := NewRemotePlan(Request{Query: "x", Size: 10, Filters: map[string][]string{"nope": {"a"}}}, nil, nil); err == nil {
		t.Error("a filter on a field the index lacks is accepted")
	}
	if _, err := NewRemotePlan(Request{Query: "\xff", Size: 10}, nil, nil); err == nil {
		t.Error("malformed UTF-8 is accepted")
	}
}

// A cluster's page is completed as the embedded index completes its own:
// fragments mark the matched words, matches say through which layer.
func TestRemoteResponse(t *testing.T) {
	p, err := NewRemotePlan(Request{Query: "दीक्षित", Size: 10}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	docs := []*Document{
		{ID: "b", Title: "Sheila Dikshit returns", Body: "Dikshit said so.", Lang: "en"},
		{ID: "a", Title: "शीला दीक्षित", Body: "दीक्षित ने कहा", Lang: "hi"},
	}
	res := &RemoteResult{Total: 7, Hits: []RemoteHit{{Doc: docs[1], Score: 3}, {Doc: docs[0], Score: 1}}, Aggregations: json.RawMessage(`{"lang":{"buckets":[{"key":"hi","doc_count":4},{"key":"en","doc_count":3}]}}`)}
	resp, err := p.Response(context.Background(), res)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Total != 7 || resp.Facets.Lang["en"] != 3 || len(resp.Hits) != 2 {
		t.Fatalf("response %+v", resp)
	}
	if resp.Hits[0].ID != "a" || resp.Hits[0].Score != 3 || resp.Hits[1].ID != "b" {
		t.Errorf("the cluster's order and scores are not kept: %+v", resp.Hits)
	}
	if got := resp.Hits[1].Fragments["title"]; len(got) != 1 || !strings.Contains(got[0], "<mark>Dikshit</mark>") {
		t.Errorf("the Latin hit's title fragment %q marks no Dikshit", got)
	}
	if m := resp.Hits[1].Matches; len(m) == 0 || m[0].Term != "Dikshit" || m[0].Layer == analyzers.LayerNative {
		t.Errorf("the Latin hit's matches %+v", m)
	}
	if resp.Hits[0].Match != MatchExact || resp.Hits[1].Match == MatchExact {
		t.Errorf("match kinds %q, %q", resp.Hits[0].Match, resp.Hits[1].Match)
	}
}

// A cluster's page index keeps only the terms the query can match, and
// completes the page as the index of every term does: the same fragments,
// matches and kinds of match, for names in three scripts, phrases,
// misspellings (fuzzy keys), half-typed words and exclusions.
func TestRemotePageKeepsQueryTerms(t *testing.T) {
	seeds := seedIndex(t)
	ctx := context.Background()
	queries := []string{"Dikshit", "Dixit", "दीक्षित", "দীক্ষিত", `"Ashutosh Dikshit"`, "Dilyavsky", "ডিলিয়াভস্কি",
		"Manekshaw", "Russia", "রাশিয়া", "Putin Moscow", "Kolkata", "Dikshat", "Puitn", "दक्षित", "Moscow -Putin", "Trump OR Modi"}
	compared := 0
	for _, q := range queries {
		for _, prefix := range []bool{false, true} {
			r := Request{Query: q, Size: 10, Prefix: prefix}
			emb := doSearch(t, seeds, r)
			var hits []RemoteHit
			for _, h := range emb.Hits {
				d, err := seeds.Document(h.ID)
				if err != nil {
					t.Fatal(err)
				}
				hits = append(hits, RemoteHit{Doc: d, Score: h.Score})
			}
			if len(hits) == 0 {
				continue
			}
			p, err := NewRemotePlan(r, SynonymExpander(seeds.Synonyms()), nil)
			if err != nil {
				t.Fatal(err)
			}
			every, err := p.completeKeeping(ctx, hits, nil)
			if err != nil {
				t.Fatal(err)
			}
			kept, err := p.complete(ctx, hits)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range hits {
				a, b := every[h.Doc.ID], kept[h.Doc.ID]
				fa, _ := json.Marshal([]any{a.Fragments, a.Matches, a.Match})
				fb, _ := json.Marshal([]any{b.Fragments, b.Matches, b.Match})
				if string(fa) != string(fb) {
					t.Errorf("%q (prefix %v), hit %s: every term gives %s; the query's terms %s", q, prefix, h.Doc.ID, fa, fb)
				}
				compared++
			}
		}
	}
	if compared < 30 {
		t.Errorf("only %d hits compared", compared)
	}
}

// Whatever a user types, a cluster's plan is a clear RequestError or a
// body the cluster can read (JSON), and a document's text pre-analyzes to
// positions and forms the cluster's analysis splits back without losing
// a form: no panic, no separator inside a form, one position a word.
func FuzzRemotePlan(f *testing.F) {
	for _, s := range []string{"Dikshit", `"Ashutosh Dikshit" -Putin`, "दीक्षित OR দীক্ষিত", "Diks", "a", "\xff\xfe", "Yemen", "of the", strings.Repeat("क", 70)} {
		f.Add(s, false)
		f.Add(s, true)
	}
	expander := SynonymExpander(analyzers.DefaultSynonyms())
	f.Fuzz(func(t *testing.T, q string, prefix bool) {
		p, err := NewRemotePlan(Request{Query: q, Size: 10, Prefix: prefix, Langs: []string{"hi"}}, expander, nil)
		if err != nil {
			var re *RequestError
			if !errors.As(err, &re) {
				t.Fatalf("%q: %v, want a RequestError", q, err)
			}
			return
		}
		if !p.Empty {
			for _, relaxed := range []bool{false, true} {
				body, err := p.Body(relaxed)
				if err != nil {
					continue // a query too large for the cluster is refused, not sent
				}
				if _, err := json.Marshal(body); err != nil {
					t.Fatalf("%q: the body is not JSON: %v", q, err)
				}
				if sounds, err := p.SoundsBody(relaxed); err == nil && sounds != nil {
					if _, err := json.Marshal(sounds); err != nil {
						t.Fatalf("%q: the sound-alike request is not JSON: %v", q, err)
					}
				}
			}
		}
		pre, err := PreAnalyze(q)
		if err != nil {
			t.Fatal(err)
		}
		for _, pos := range strings.Fields(pre) {
			for _, form := range strings.Split(pos, FormSeparator) {
				if form == "" || strings.ContainsAny(form, " \t\n") {
					t.Fatalf("%q: position %q holds an empty or spaced form", q, pos)
				}
			}
		}
		if utf8.ValidString(q) && strings.Count(pre, " ") > len(q) {
			t.Fatalf("%q: more positions than bytes: %q", q, pre)
		}
	})
}

// RemoteTermStats gives the embedded index's average length: every
// token the analyzer makes of a field (as the index's field lengths count
// them), over the documents, rounded up, never under one; and
// RemoteSimilarity writes it into each field's script.
func TestRemoteTermStats(t *testing.T) {
	s := NewRemoteTermStats()
	docs := []*Document{
		{ID: "a", Title: "Sheila Dikshit", Body: ""},
		{ID: "b", Title: "दीक्षित", Body: "शीला दीक्षित ने कहा"},
		{ID: "c", Title: "Sheila Dikshit", Body: ""},
	}
	m := NewMapping()
	tokens := map[string]int{}
	for _, d := range docs {
		src, err := RemoteSource(d)
		if err != nil {
			t.Fatal(err)
		}
		if src[RemoteFormsBody] == "" {
			t.Errorf("%s: an empty body is written empty, want one token so the document holds the field", d.ID)
		}
		s.Add(src)
		doc := document.NewDocument(d.ID)
		if err := m.MapDocument(doc, indexedFields(d)); err != nil {
			t.Fatal(err)
		}
		for _, f := range doc.Fields {
			if tf, ok := f.(*document.TextField); ok && slices.Contains(textFields, f.Name()) {
				tf.Analyze()
				tokens[f.Name()] += tf.AnalyzedLength()
			}
		}
	}
	avg := s.AvgLen(len(docs))
	for _, field := range textFields {
		want := math.Max(1, math.Ceil(float64(tokens[field])/float64(len(docs))))
		if tokens[field] == 0 || avg[field] != want {
			t.Errorf("%s: average length %v, want %v (%d tokens the analyzer made, %d documents)", field, avg[field], want, tokens[field], len(docs))
		}
	}
	sim := RemoteSimilarity(avg)
	for _, field := range textFields {
		script := sim[remoteSimilarityName(field)].(map[string]any)["script"].(map[string]any)["source"].(string)
		if !strings.Contains(script, fmt.Sprintf("doc.length / %g", avg[field])) {
			t.Errorf("%s: the script does not divide by the field's average %v: %s", field, avg[field], script)
		}
	}
}
