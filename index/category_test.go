package index

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestLoadCategory: a line's category is its "category", else its
// "label", trimmed; a category or extra field that is not a string skips
// the line, while a label that is not a string (a class number) is no
// category and keeps the line.
func TestLoadCategory(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		category   string
		fields     map[string]string
		problem    string // the reason of the skipped line; "" when it loads
	}{
		{name: "category", line: `{"id":"a","title":"T","category":"sports"}`, category: "sports"},
		{name: "label", line: `{"id":"a","title":"T","label":"Business"}`, category: "Business"},
		{name: "both", line: `{"id":"a","title":"T","category":"sports","label":"Business"}`, category: "sports"},
		{name: "empty category, label", line: `{"id":"a","title":"T","category":"  ","label":"kolkata"}`, category: "kolkata"},
		{name: "null category", line: `{"id":"a","title":"T","category":null}`},
		{name: "trimmed", line: `{"id":"a","title":"T","category":"  world \n"}`, category: "world"},
		{name: "none", line: `{"id":"a","title":"T"}`},
		{name: "category number", line: `{"id":"a","title":"T","category":3}`, problem: `bad JSON: "category" is not a string`},
		{name: "category object", line: `{"id":"a","title":"T","category":{"name":"x"}}`, problem: `bad JSON: "category" is not a string`},
		{name: "category list", line: `{"id":"a","title":"T","category":["x"],"label":"y"}`, problem: `bad JSON: "category" is not a string`},
		{name: "label number", line: `{"id":"a","title":"T","label":1}`},
		{name: "field", line: `{"id":"a","title":"T","topic":" elections ","desk":"delhi"}`, fields: map[string]string{"topic": "elections", "desk": "delhi"}},
		{name: "field absent", line: `{"id":"a","title":"T","desk":"delhi"}`, fields: map[string]string{"desk": "delhi"}},
		{name: "field number", line: `{"id":"a","title":"T","topic":7}`, problem: `bad JSON: "topic" is not a string`},
		{name: "field object", line: `{"id":"a","title":"T","desk":{}}`, problem: `bad JSON: "desk" is not a string`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"docs.jsonl": tc.line + "\n" + `{"id":"z","title":"Another"}`})
			r, err := LoadDir(dir, LoadOptions{Fields: []string{"topic", "desk"}})
			if err != nil {
				t.Fatal(err)
			}
			if tc.problem != "" {
				want := []string{"docs.jsonl:1: " + tc.problem}
				if got := problems(dir, r); !slices.Equal(got, want) || !slices.Equal(ids(r.Docs), []string{"z"}) {
					t.Errorf("loaded %q, skipped %q; want [z], %q", ids(r.Docs), got, want)
				}
				return
			}
			if len(r.Skipped) > 0 || len(r.Docs) != 2 {
				t.Fatalf("loaded %q, skipped %q; want both lines", ids(r.Docs), problems(dir, r))
			}
			d := r.Docs[0]
			if d.Category != tc.category || !maps.Equal(d.Fields, tc.fields) {
				t.Errorf("category %q, fields %v; want %q, %v", d.Category, d.Fields, tc.category, tc.fields)
			}
			if r.Docs[1].Category != "" || r.Docs[1].Fields != nil {
				t.Errorf("a line without them: category %q, fields %v", r.Docs[1].Category, r.Docs[1].Fields)
			}
		})
	}
	// Without extra fields, a field's key is any other key: ignored.
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"docs.jsonl": `{"id":"a","title":"T","topic":7}`})
	if r, err := LoadDir(dir, LoadOptions{}); err != nil || len(r.Docs) != 1 || r.Docs[0].Fields != nil {
		t.Errorf("no extra fields: %v, %v", r, err)
	}
}

func TestParseFields(t *testing.T) {
	for _, tc := range []struct {
		specs []string
		want  []string
		err   string // part of the error; "" for none
	}{
		{nil, nil, ""},
		{[]string{"topic=keyword"}, []string{"topic"}, ""},
		{[]string{"desk=keyword", "topic_2=keyword"}, []string{"desk", "topic_2"}, ""},
		{[]string{"topic"}, nil, "NAME=TYPE"},
		{[]string{"topic=text"}, nil, `type "text"`},
		{[]string{"topic="}, nil, `type ""`},
		{[]string{"=keyword"}, nil, "a name is"},
		{[]string{"Topic=keyword"}, nil, "a name is"},
		{[]string{"to.pic=keyword"}, nil, "a name is"},
		{[]string{"_id=keyword"}, nil, "a name is"},
		{[]string{"category=keyword"}, nil, "lipi's own"},
		{[]string{"label=keyword"}, nil, "lipi's own"},
		{[]string{"lang=keyword"}, nil, "lipi's own"},
		{[]string{"published=keyword"}, nil, "lipi's own"},
		{[]string{"topic=keyword", "topic=keyword"}, nil, "twice"},
	} {
		got, err := ParseFields(tc.specs)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("ParseFields(%q): %v", tc.specs, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("ParseFields(%q) = %v, %v; want an error with %q", tc.specs, got, err, tc.err)
		case tc.err == "" && !slices.Equal(got, tc.want):
			t.Errorf("ParseFields(%q) = %q, want %q", tc.specs, got, tc.want)
		}
	}
	var many []string
	for i := range MaxFields + 1 {
		many = append(many, "f"+strings.Repeat("x", i)+"=keyword")
	}
	if _, err := ParseFields(many); err == nil {
		t.Errorf("ParseFields of %d fields: no error", len(many))
	}
}

// categoryDocs are the coverage documents, filed under categories and a
// desk (an extra field) in turn, some under none.
func categoryDocs() []Document {
	docs := coverageDocs()
	cats := []string{"sports", "politics", "", "world"}
	desks := []string{"delhi", "kolkata", "mumbai"}
	for i := range docs {
		docs[i].Category = cats[i%len(cats)]
		if i%5 != 0 {
			docs[i].Fields = map[string]string{"desk": desks[i%len(desks)]}
		}
	}
	return docs
}

// TestCategoryFilterAndFacet: a category or extra field filter keeps
// exactly the unfiltered hits with one of its values, in the same order
// and with the same scores, and the facets count the hits by their
// values.
func TestCategoryFilterAndFacet(t *testing.T) {
	docs := categoryDocs()
	ix := buildTestIndexWith(t, docs, BuildOptions{Fields: []string{"desk"}})
	if got := ix.Fields(); !slices.Equal(got, []string{"desk"}) {
		t.Fatalf("Fields() = %q, want [desk]", got)
	}
	byID := map[string]Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	for _, q := range []string{"Sachin Tendulkar", "राहुल", "তেন্ডুলকর", "Rahul", "nobody"} {
		for _, base := range []Request{{Query: q}, {Query: q, Langs: []string{"hi", "bn"}}, {Query: q, Sort: SortPublished}} {
			base.Size = MaxSize
			all := doSearch(t, ix, base)
			if all.Total > uint64(len(all.Hits)) {
				t.Fatalf("%q: %d hits beyond a page", q, all.Total)
			}
			wantCats, wantDesks := map[string]int{}, map[string]int{}
			for _, h := range all.Hits {
				d := byID[h.ID]
				if h.Category != d.Category || !maps.Equal(h.Fields, d.Fields) {
					t.Errorf("%q: hit %s has category %q, fields %v; want %q, %v", q, h.ID, h.Category, h.Fields, d.Category, d.Fields)
				}
				if d.Category != "" {
					wantCats[d.Category]++
				}
				if v := d.Fields["desk"]; v != "" {
					wantDesks[v]++
				}
			}
			if len(wantCats) == 0 {
				wantCats = nil
			}
			if !maps.Equal(all.Facets.Category, wantCats) || !maps.Equal(all.Facets.Fields["desk"], wantDesks) || all.Facets.Fields["desk"] == nil {
				t.Errorf("%+v: facets %v, %v; want category %v, desk %v", base, all.Facets.Category, all.Facets.Fields, wantCats, wantDesks)
			}
			for _, f := range []struct {
				cats  []string
				desks []string
			}{
				{cats: []string{"sports"}},
				{cats: []string{"politics", "world"}},
				{cats: []string{"none such"}},
				{desks: []string{"kolkata"}},
				{cats: []string{"sports", "world"}, desks: []string{"delhi", "mumbai"}},
			} {
				r := base
				r.Categories = f.cats
				if f.desks != nil {
					r.Filters = map[string][]string{"desk": f.desks}
				}
				got := doSearch(t, ix, r)
				var want []Hit
				for _, h := range all.Hits {
					d := byID[h.ID]
					if (f.cats == nil || slices.Contains(f.cats, d.Category)) && (f.desks == nil || slices.Contains(f.desks, d.Fields["desk"])) {
						want = append(want, h)
					}
				}
				if len(got.Hits) != len(want) || got.Total != uint64(len(want)) {
					t.Errorf("%+v %v %v: %d hits, total %d; want %d", base, f.cats, f.desks, len(got.Hits), got.Total, len(want))
					continue
				}
				for i := range want {
					if got.Hits[i].ID != want[i].ID || got.Hits[i].Score != want[i].Score {
						t.Errorf("%+v %v %v: hit %d is %s (%g), want %s (%g)", base, f.cats, f.desks, i, got.Hits[i].ID, got.Hits[i].Score, want[i].ID, want[i].Score)
					}
				}
				n := 0
				for _, c := range got.Facets.Category {
					n += c
				}
				for _, h := range want {
					if byID[h.ID].Category == "" {
						n++
					}
				}
				if n != len(want) {
					t.Errorf("%+v %v %v: category facet %v counts %d of %d hits", base, f.cats, f.desks, got.Facets.Category, n, len(want))
				}
			}
		}
	}
}

// TestCategoryFilterSoundsAlike: a sound-alike left out is counted only
// when the category filter keeps it, and the filter does not change which
// ones are left out (it filters; the sound-alike policy is the unfiltered
// search's).
func TestCategoryFilterSoundsAlike(t *testing.T) {
	docs := []Document{
		{ID: "translit", Lang: "hi", Category: "defence", Title: "वायु सेना की बैठक", Body: "एयर मार्शल दीक्षित ने बैठक की अध्यक्षता की और नई योजना पर चर्चा की।"},
		{ID: "frame", Lang: "hi", Category: "jobs", Title: "कौशल विकास", Body: "युवाओं की दक्षता बढ़ाने के लिए नई योजना पर चर्चा की गई।"},
		{ID: "other", Lang: "hi", Category: "jobs", Title: "मौसम", Body: "दिल्ली में आज बारिश हुई और मौसम ठंडा रहा।"},
	}
	ix := buildTestIndex(t, docs, nil)
	for _, cats := range [][]string{nil, {"defence"}, {"jobs"}, {"defence", "jobs"}} {
		every := doSearch(t, ix, Request{Query: "Dikshit", Categories: cats, SoundsAlike: true})
		some := doSearch(t, ix, Request{Query: "Dikshit", Categories: cats})
		if some.Total+some.SoundsAlike != every.Total {
			t.Errorf("%v: %d hits and %d left out, want %d in all", cats, some.Total, some.SoundsAlike, every.Total)
		}
		for _, h := range every.Hits {
			if cats != nil && !slices.Contains(cats, h.Category) {
				t.Errorf("%v: hit %s in %q", cats, h.ID, h.Category)
			}
		}
	}
	// The sound-alike is the jobs article: left out there too.
	if r := doSearch(t, ix, Request{Query: "Dikshit", Categories: []string{"jobs"}}); r.Total != 0 || r.SoundsAlike != 1 {
		t.Errorf("jobs: %v, %d left out; want none, 1", hitIDs(r), r.SoundsAlike)
	}
}

// TestFilterErrors: a filter on a field the index lacks, and bad values,
// are request errors with their own codes.
func TestFilterErrors(t *testing.T) {
	ix := buildTestIndexWith(t, categoryDocs(), BuildOptions{Fields: []string{"desk"}})
	plain := buildTestIndex(t, categoryDocs(), nil)
	if len(plain.Fields()) != 0 {
		t.Fatalf("an index built without fields has %q", plain.Fields())
	}
	for _, tc := range []struct {
		ix   *Index
		r    Request
		code string
	}{
		{ix, Request{Query: "Rahul", Filters: map[string][]string{"topic": {"x"}}}, "unknown_field"},
		{plain, Request{Query: "Rahul", Filters: map[string][]string{"desk": {"delhi"}}}, "unknown_field"},
		{ix, Request{Query: "Rahul", Filters: map[string][]string{"desk": {""}}}, "bad_filter"},
		{ix, Request{Query: "Rahul", Categories: []string{"\xff"}}, "bad_category"},
		{ix, Request{Query: "Rahul", Categories: slices.Repeat([]string{"a"}, MaxFilterValues+1)}, "bad_category"},
	} {
		_, err := tc.ix.Search(context.Background(), tc.r)
		var re *RequestError
		if !errors.As(err, &re) || re.Code != tc.code {
			t.Errorf("%+v: error %v, want code %s", tc.r, err, tc.code)
		}
	}
	// A field the plain index lacks is dropped, not indexed.
	if r := doSearch(t, plain, Request{Query: "Rahul", Size: MaxSize}); r.Facets.Fields != nil || r.Hits[0].Fields != nil {
		t.Errorf("index without fields: facets %v, hit fields %v", r.Facets.Fields, r.Hits[0].Fields)
	}
}

// TestDocumentCategory: a stored document gives its category and extra
// fields back.
func TestDocumentCategory(t *testing.T) {
	docs := categoryDocs()
	ix := buildTestIndexWith(t, docs, BuildOptions{Fields: []string{"desk"}})
	for _, want := range docs[:6] {
		d, err := ix.Document(want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Category != want.Category || !maps.Equal(d.Fields, want.Fields) {
			t.Errorf("%s: category %q, fields %v; want %q, %v", want.ID, d.Category, d.Fields, want.Category, want.Fields)
		}
	}
}
