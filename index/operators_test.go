package index

import (
	"context"
	"slices"
	"testing"
)

// TestSplitQueryOperators: "-" before a word or phrase (at the start or
// after a space) excludes it, "OR" in capitals between two words joins
// them, and everything else stays plain text.
func TestSplitQueryOperators(t *testing.T) {
	for _, tc := range []struct {
		q        string
		words    []string
		or       []bool
		excluded []string
	}{
		{"Dikshit -Putin", []string{"Dikshit"}, []bool{false}, []string{"Putin"}},
		{"-पुतिन Dikshit", []string{"Dikshit"}, []bool{false}, []string{"पुतिन"}},
		{"Jean-Pierre Dikshit", []string{"Jean", "Pierre", "Dikshit"}, []bool{false, false, false}, nil},
		{"Modi OR Gandhi election", []string{"Modi", "Gandhi", "election"}, []bool{true, false, false}, nil},
		{"a OR b OR c", []string{"a", "b", "c"}, []bool{true, true, false}, nil},
		{"OR Modi", []string{"OR", "Modi"}, []bool{false, false}, nil},
		{"Modi OR", []string{"Modi", "OR"}, []bool{false, false}, nil},
		{"Modi or Gandhi", []string{"Modi", "or", "Gandhi"}, []bool{false, false, false}, nil},
		{`Dikshit -"Sheila Dikshit"`, []string{"Dikshit"}, []bool{false}, []string{"Sheila Dikshit"}},
		{"Dikshit - Putin", []string{"Dikshit", "Putin"}, []bool{false, false}, nil},
	} {
		parts, excluded := splitQuery(tc.q)
		var words []string
		var or []bool
		for _, p := range parts {
			words = append(words, p.words...)
			or = append(or, p.or...)
		}
		var ex []string
		for _, p := range excluded {
			w := p.words[0]
			for _, more := range p.words[1:] {
				w += " " + more
			}
			ex = append(ex, w)
		}
		if !slices.Equal(words, tc.words) || !slices.Equal(or, tc.or) || !slices.Equal(ex, tc.excluded) {
			t.Errorf("%q: words %q or %v excluded %q; want %q %v %q", tc.q, words, or, ex, tc.words, tc.or, tc.excluded)
		}
	}
}

// TestQueryOperators: an excluded word leaves out the documents that hold
// it in any script; "a OR b" finds either; a query of exclusions alone
// finds nothing.
func TestQueryOperators(t *testing.T) {
	ix := buildTestIndex(t, []Document{
		{ID: "both-en", Title: "Dikshit meets Putin", Body: "Sheila Dikshit and Vladimir Putin met.", Lang: "en"},
		{ID: "both-hi", Title: "दीक्षित और पुतिन", Body: "शीला दीक्षित पुतिन से मिलीं।", Lang: "hi"},
		{ID: "dikshit-bn", Title: "দীক্ষিত জিতলেন", Body: "শীলা দীক্ষিত জিতলেন।", Lang: "bn"},
		{ID: "dikshit-en", Title: "Dikshit alone", Body: "Only Dikshit here.", Lang: "en"},
		{ID: "modi-en", Title: "Modi speaks", Body: "Narendra Modi spoke.", Lang: "en"},
		{ID: "gandhi-hi", Title: "गांधी का भाषण", Body: "राहुल गांधी बोले।", Lang: "hi"},
	}, nil)
	search := func(q string) []string {
		t.Helper()
		resp, err := ix.Search(context.Background(), Request{Query: q})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		got := []string{}
		for _, h := range resp.Hits {
			got = append(got, h.ID)
		}
		if resp.Total != uint64(len(got)) {
			t.Errorf("%q: total %d for %d hits", q, resp.Total, len(got))
		}
		slices.Sort(got)
		return got
	}
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"Dikshit", []string{"both-en", "both-hi", "dikshit-bn", "dikshit-en"}},
		{"Dikshit -Putin", []string{"dikshit-bn", "dikshit-en"}},
		{"Dikshit -पुतिन", []string{"dikshit-bn", "dikshit-en"}},
		{"দীক্ষিত -Sheila", []string{"dikshit-en"}},
		{`Dikshit -"Vladimir Putin"`, []string{"both-hi", "dikshit-bn", "dikshit-en"}},
		{"Modi OR Gandhi", []string{"gandhi-hi", "modi-en"}},
		{"Modi OR गांधी -Rahul", []string{"modi-en"}},
		{"-Dikshit", []string{}},
	} {
		if got := search(tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("%q: %q, want %q", tc.q, got, tc.want)
		}
	}
	// Two words joined by OR are one clause: a document with either one
	// covers the query as well as one with both.
	resp, err := ix.Search(context.Background(), Request{Query: "Modi OR Gandhi"})
	if err != nil || len(resp.Hits) != 2 {
		t.Fatalf("Modi OR Gandhi: %v %v", resp, err)
	}
	if a, b := resp.Hits[0].Score, resp.Hits[1].Score; a > 3*b {
		t.Errorf("Modi OR Gandhi: scores %v and %v: one hit scores as if it covered more of the query", a, b)
	}
}

// TestOrKeepsSynonyms: the word after OR keeps what the synonym map
// makes of it (Russia ~ रूस), as it would on its own.
func TestOrKeepsSynonyms(t *testing.T) {
	ix := seedIndex(t)
	alone, err := ix.Search(context.Background(), Request{Query: "Russia"})
	if err != nil {
		t.Fatal(err)
	}
	joined, err := ix.Search(context.Background(), Request{Query: "xyzzyq OR Russia"})
	if err != nil {
		t.Fatal(err)
	}
	if alone.Total == 0 || joined.Total != alone.Total {
		t.Errorf("xyzzyq OR Russia: %d hits, Russia alone %d", joined.Total, alone.Total)
	}
}
