package index

import (
	"context"
	"errors"
	"testing"
)

// FuzzSearch: any query string searches a small index without a panic,
// and fails only as a request error (bad UTF-8, too long), never as an
// internal one. The seeds reach the query compiler's branches: stop words
// alone and across scripts, phrases, exclusions, OR, initials.
func FuzzSearch(f *testing.F) {
	ix := buildTestIndex(f, []Document{
		{ID: "a", Lang: "hi", Title: "कुछ कुछ होता है", Body: "फ़िल्म की समीक्षा"},
		{ID: "b", Lang: "en", Title: "Ham radio", Body: "The Who in Dixit's town"},
		{ID: "c", Lang: "bn", Title: "নোয়াখালী", Body: "দীক্ষিত বলেছেন"},
	}, nil)
	for _, seed := range []string{
		"kuch kuch hota hai", "हम", `"The Who"`, "Dixit OR दीक्षित", "-ham radio",
		"K. Dixit", "kaun hai", "the", "\xff\xfe", "a\u200db", `"unclosed`, "- -",
	} {
		f.Add(seed, false)
	}
	f.Fuzz(func(t *testing.T, q string, prefix bool) {
		_, err := ix.Search(context.Background(), Request{Query: q, Prefix: prefix})
		var re *RequestError
		if err != nil && !errors.As(err, &re) {
			t.Fatalf("Search(%q): %v", q, err)
		}
	})
}
