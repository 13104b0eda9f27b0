package engine

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Completions are the most frequent words that begin with the prefix,
// weighted so that a rarer one's idf does not lift it, and NotNext leaves
// out the words that go on with the letters it names.
func TestCompletions(t *testing.T) {
	idx, err := bleve.NewUsing(filepath.Join(t.TempDir(), "c.bleve"), testMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	// The words as the lipi analyzer indexes them (English ones stemmed:
	// kejriwal is kejriw, kejmaker kejmak), so many documents each.
	words := map[string]int{"kejriwal": 3, "kejab": 2, "kejmaker": 1, "kejz": 1, "other": 4}
	n := 0
	for w, times := range words {
		for range times {
			n++
			if err := idx.Index(fmt.Sprint(n), map[string]any{fieldBody: w}); err != nil {
				t.Fatal(err)
			}
		}
	}
	reader := readerOf(t, idx)
	for _, tc := range []struct {
		q    CompletionQuery
		want []string
	}{
		{CompletionQuery{Prefix: "kej", Field: fieldBody, Boost: 2, Max: 2, Decay: 0.9}, []string{"kejriw", "kejab"}},
		// kejmak and kejz are as frequent: the first in term order stays.
		{CompletionQuery{Prefix: "kej", Field: fieldBody, Boost: 2, Max: 3, Decay: 0.9}, []string{"kejriw", "kejab", "kejmak"}},
		{CompletionQuery{Prefix: "kej", Field: fieldBody, Boost: 2, Max: 5, Decay: 0.9}, []string{"kejriw", "kejab", "kejmak", "kejz"}},
		{CompletionQuery{Prefix: "kej", Field: fieldBody, Boost: 2, Max: 5, Decay: 0.9, NotNext: "a"}, []string{"kejriw", "kejmak", "kejz"}},
		{CompletionQuery{Prefix: "zz", Field: fieldBody, Boost: 2, Max: 5, Decay: 0.9}, nil},
	} {
		cs, err := tc.q.completions(reader)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i, c := range cs {
			got = append(got, c.term)
			switch {
			case i == 0 && c.boost != tc.q.Boost:
				t.Errorf("%+v: first completion's weight %v, want %v", tc.q, c.boost, tc.q.Boost)
			case i > 0 && c.boost > cs[i-1].boost*tc.q.Decay:
				t.Errorf("%+v: %s weighs %v, more than %v of %s's %v", tc.q, c.term, c.boost, tc.q.Decay, cs[i-1].term, cs[i-1].boost)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%+v: completions %v, want %v", tc.q, got, tc.want)
		}
	}
}
