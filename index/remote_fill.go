package index

import (
	"slices"

	"github.com/lipisearch/lipi/index/internal/engine"
)

// The fill of a short page on a cluster (Index.fillPage): a one-word
// query whose strong hits leave the page short is followed by the
// documents that share only a short frame with it, as a search of their
// own after every strong hit, in the languages where the search found
// nothing. The backend runs it as a plan of its own (FillPlan) and merges
// its response into the search's (MergeFill).

// NeedsFill tells whether resp, the answer to p, leaves a page short that
// the query's frame may fill.
func (p *RemotePlan) NeedsFill(resp *Response) bool {
	cq, ok := p.c.query.(*engine.CoverageQuery)
	return ok && len(cq.Words) == 1 && cq.Words[0].Fill != nil && resp.Total < uint64(p.r.Size)
}

// StrongIDsBody is the request of the ids of every hit of resp (a page
// after the first holds only some of them).
func (p *RemotePlan) StrongIDsBody(resp *Response) (map[string]any, error) {
	all := *p
	all.r.From, all.r.Size = 0, int(resp.Total)
	body, err := all.Body(false)
	if err != nil {
		return nil, err
	}
	delete(body, "aggs")
	body["_source"] = []string{"id"}
	return body, nil
}

// FillPlan is the plan of the filling search after resp, p's answer, whose
// strong hits are strongIDs: the query's frame alone, every strong hit and
// every language the search found hits in (spelled or sound-alike) left
// out, its page the part of p's page after the strong hits.
func (p *RemotePlan) FillPlan(resp *Response, strongIDs []string) *RemotePlan {
	cq := p.c.query.(*engine.CoverageQuery)
	nStrong := int(resp.Total)
	fr := p.r
	fr.From = max(0, p.r.From-nStrong)
	fr.Size = p.r.From + p.r.Size - max(p.r.From, nStrong)
	c := *p.c
	c.query = &engine.CoverageQuery{Words: []engine.CoverageWord{{Strong: &engine.Kinded{Query: cq.Words[0].Fill, Kind: engine.SoundsAlike}}}, Full: 1, TieBreaker: tieBreaker}
	blocked := map[string]bool{}
	for lang, n := range resp.Facets.Lang {
		blocked[lang] = blocked[lang] || n > 0
	}
	for lang, n := range p.sounds {
		blocked[lang] = blocked[lang] || n > 0
	}
	fill := &RemotePlan{r: fr, c: &c, fields: p.fields, expander: p.expander, skipIDs: strongIDs}
	for lang, b := range blocked {
		if b {
			fill.skipLangs = append(fill.skipLangs, lang)
		}
	}
	slices.Sort(fill.skipLangs)
	return fill
}

// MergeFill adds the filling search's answer to the search's: its hits
// after the strong ones, scored as weak-only matches, and its counts.
func MergeFill(resp, more *Response) {
	resp.Total += more.Total
	resp.SoundsAlike += more.SoundsAlike
	resp.Facets.addFacets(more.Facets)
	if resp.Undated != nil && more.Undated != nil {
		*resp.Undated += *more.Undated
	}
	for _, h := range more.Hits {
		h.Score *= weakOnlyFactor
		resp.Hits = append(resp.Hits, h)
	}
}

// skipped is the must_not clauses of a fill plan: its strong hits and its
// blocked languages.
func (p *RemotePlan) skipped() []any {
	var out []any
	if len(p.skipIDs) > 0 {
		out = append(out, map[string]any{"ids": map[string]any{"values": p.skipIDs}})
	}
	langs := slices.DeleteFunc(slices.Clone(p.skipLangs), func(l string) bool { return l == "" })
	if len(langs) > 0 {
		out = append(out, terms(fieldLang, langs))
	}
	if slices.Contains(p.skipLangs, "") {
		out = append(out, map[string]any{"bool": map[string]any{"must_not": map[string]any{"exists": map[string]any{"field": fieldLang}}}})
	}
	return out
}

// Request is the request p was made for.
func (p *RemotePlan) Request() Request { return p.r }
