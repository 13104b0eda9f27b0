package engine

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// soundsQuery is one word whose spelled alternative is रूस (the two Hindi
// seed articles) and whose sound-alike one is রাশিয়া (the Bengali one,
// which comes first in document order, so that its hit is held back
// before any spelled hit is seen).
func soundsQuery(p *SoundPolicy) *CoverageQuery {
	return soundsQueryOf("रूस", "রাশিয়া", p)
}

func soundsQueryOf(spelledTerm, soundTerm string, p *SoundPolicy) *CoverageQuery {
	spelled := query.NewTermQuery(spelledTerm)
	spelled.SetField(fieldBody)
	sound := query.NewTermQuery(soundTerm)
	sound.SetField(fieldBody)
	word := NewMaxQuery([]query.Query{spelled, &Kinded{Query: sound, Kind: SoundsAlike}}, testTieBreaker)
	return &CoverageQuery{Words: []CoverageWord{{Strong: word}}, Full: 1, TieBreaker: testTieBreaker, Sounds: p}
}

// TestSoundPolicy: a sound-alike hit is returned or left out by how it
// scores against the spelled hits of its language, decided after the
// search has seen them all, and the hits left out are counted; a blocked
// language returns none.
func TestSoundPolicy(t *testing.T) {
	idx := mergedSeedIndex(t)
	langs, err := LoadLangTable(idx, fieldLang)
	if err != nil {
		t.Fatal(err)
	}
	all := idsOf(scoredHits(t, idx, soundsQuery(nil)))
	if len(all) != 3 {
		t.Fatalf("without a policy: hits %v, want the three seed articles", all)
	}
	sound := "000_311e7184e0d3fb2c" // the Bengali article
	if !slices.Contains(all, sound) {
		t.Fatalf("without a policy: hits %v, want %s among them", all, sound)
	}
	spelled := slices.DeleteFunc(slices.Clone(all), func(id string) bool { return id == sound })
	for _, tt := range []struct {
		name           string
		against, alone float64
		blocked        []string
		want           []string
		hidden         uint64
	}{
		{"no bar", 0, 0, nil, all, 0},
		{"under the spelled hits", 1e6, 0, nil, spelled, 1},
		{"under the best sound-alike", 0, 2, nil, spelled, 1},
		{"blocked language", 0, 0, []string{"xx"}, spelled, 1},
		{"another language blocked", 0, 0, []string{"yy"}, all, 0},
	} {
		hidden := &HitTally{Counts: langs.Counter()}
		p := &SoundPolicy{Langs: langs, Against: tt.against, Alone: tt.alone, Blocked: tt.blocked, Hidden: hidden}
		got := idsOf(scoredHits(t, idx, soundsQuery(p)))
		slices.Sort(got)
		want := slices.Sorted(slices.Values(tt.want))
		if !slices.Equal(got, want) || hidden.Total != tt.hidden {
			t.Errorf("%s: hits %v, %d left out; want %v, %d", tt.name, got, hidden.Total, want, tt.hidden)
		}
		if tt.hidden > 0 && hidden.Counts.Facet(10)["xx"] != int(tt.hidden) {
			t.Errorf("%s: left out by language %v, want xx %d", tt.name, hidden.Counts.Facet(10), tt.hidden)
		}
	}

	// Under the tally of a page (TopK), the held-back hit is counted once.
	hidden := &HitTally{Counts: langs.Counter()}
	tally := &HitTally{Counts: langs.Counter()}
	q := soundsQuery(&SoundPolicy{Langs: langs, Hidden: hidden})
	q.TopK, q.Tally = 1, tally
	res, err := idx.Search(bleve.NewSearchRequestOptions(q, 1, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || tally.Total != 3 || hidden.Total != 0 {
		t.Errorf("a page of 1: %d hits, %d counted, %d left out; want 1, 3, 0", len(res.Hits), tally.Total, hidden.Total)
	}

	// The roles reversed: the spelled hit comes first and fills the page,
	// and the sound-alikes after it that cannot reach the page are held
	// as numbers, still counted one way or the other.
	for _, tt := range []struct {
		against         float64
		counted, hidden uint64
	}{{0, 3, 0}, {1e6, 1, 2}} {
		hidden := &HitTally{Counts: langs.Counter()}
		tally := &HitTally{Counts: langs.Counter()}
		q := soundsQueryOf("রাশিয়া", "रूस", &SoundPolicy{Langs: langs, Against: tt.against, Hidden: hidden})
		q.TopK, q.Tally = 1, tally
		res, err := idx.Search(bleve.NewSearchRequestOptions(q, 1, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 || tally.Total != tt.counted || hidden.Total != tt.hidden || tally.Counts.Facet(10)["xx"] != int(tt.counted) {
			t.Errorf("roles reversed, bar %g: %d hits, %d counted (%v), %d left out; want 1, %d, %d", tt.against, len(res.Hits), tally.Total, tally.Counts.Facet(10), hidden.Total, tt.counted, tt.hidden)
		}
	}
}

// A searcher that holds hits back cannot be advanced to a document: it
// says so rather than returning hits out of order.
func TestSoundPolicyRefusesAdvance(t *testing.T) {
	idx := mergedSeedIndex(t)
	s, err := soundsQuery(&SoundPolicy{}).Searcher(context.Background(), readerOf(t, idx), idx.Mapping(), search.SearcherOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(10, 0)}
	if _, err := s.Advance(ctx, appendDocID(nil, 1)); !errors.Is(err, errSoundsAdvance) {
		t.Errorf("Advance: %v, want %v", err, errSoundsAdvance)
	}
}
