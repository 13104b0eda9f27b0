package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index/internal/engine"
)

// A cluster backend (index/opensearch) stores lipi's forms pre-analyzed:
// each text field's words as one string, a word's forms joined by
// FormSeparator and the words by spaces, which the cluster's stock
// analysis splits again (a whitespace tokenizer, then a pattern_capture
// filter that emits every form at its word's position). Its queries are
// lipi's compiled queries written in the cluster's query DSL, and the
// page it returns is completed here, with the same highlighter and
// matches as the embedded index.
const (
	// RemoteFormsTitle and RemoteFormsBody are the cluster's fields of
	// the pre-analyzed title and body; the text itself is kept in the
	// document's source under title and body.
	RemoteFormsTitle = "forms_title"
	RemoteFormsBody  = "forms_body"
	// FormSeparator joins the forms of one word: a control character,
	// which no form holds (normalization removes them) and which Java's
	// whitespace test does not split on.
	FormSeparator = "\x01"
	// remoteGap stands for a word with no form (a stop word), so that
	// the words after it keep their positions for phrases; the cluster's
	// analysis drops it again (a stop filter keeps the position), so that
	// it counts in no field's length, as in the embedded index.
	remoteGap = "_"
	// remoteEmpty is the one token of a text without a word: every
	// document then holds both fields (remote_similarity.go). No query
	// term is ever a control character.
	remoteEmpty = "\x02"
	// maxRemoteWord caps the bytes of one word's joined forms, within
	// the tokenizer's max_token_length that RemoteMapping sets.
	maxRemoteWord = 4000
	// RemoteFormat is the format of what a cluster index holds, stored in
	// its mapping's _meta: a build by another format is refused.
	RemoteFormat = "lipi-opensearch-1"
)

var remoteFields = map[string]string{fieldTitle: RemoteFormsTitle, fieldBody: RemoteFormsBody}

// formsAnalyzer is lipi's analyzer, as the embedded index runs it.
var formsAnalyzer = sync.OnceValues(func() (analysis.Analyzer, error) {
	return registry.NewCache().AnalyzerNamed(analyzers.AnalyzerName)
})

// PreAnalyze is text's forms as a cluster stores them: per word position
// its forms joined by FormSeparator, the positions joined by spaces, a
// position without a form written as a gap.
func PreAnalyze(text string) (string, error) {
	a, err := formsAnalyzer()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	pos, open := 0, 0 // the position written last; bytes of its word
	for _, tok := range a.Analyze([]byte(text)) {
		term := string(tok.Term)
		if term == "" || strings.ContainsFunc(term, func(r rune) bool { return unicode.IsSpace(r) || r == 1 }) {
			continue
		}
		switch {
		case tok.Position == pos:
			if open+len(term)+1 > maxRemoteWord {
				continue
			}
			b.WriteString(FormSeparator)
			open += len(term) + 1
		default:
			for pos++; pos < tok.Position; pos++ {
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(remoteGap)
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			open = len(term)
		}
		b.WriteString(term)
	}
	return b.String(), nil
}

// RemoteSource is a document as a cluster stores it: its own fields,
// which come back as its source, and its pre-analyzed forms.
func RemoteSource(d *Document) (map[string]any, error) {
	src := indexedFields(d)
	src["id"] = d.ID
	for field, forms := range remoteFields {
		text := d.Title
		if field == fieldBody {
			text = d.Body
		}
		pre, err := PreAnalyze(text)
		if err != nil {
			return nil, err
		}
		if pre == "" {
			pre = remoteEmpty
		}
		src[forms] = pre
	}
	return src, nil
}

// DocumentFromRemote reads a document back from a cluster's source.
func DocumentFromRemote(src map[string]any, fields []string) (*Document, error) {
	id, _ := src["id"].(string)
	if id == "" {
		return nil, fmt.Errorf("a stored document without an id")
	}
	return documentFrom(id, src, fields)
}

// RemoteMapping is the settings and mappings of a cluster index of lipi's
// documents with the given extra fields: the pre-analyzed forms split as
// PreAnalyze joined them, keywords for the filters and facets, the text
// itself in the source only. meta is stored in the mapping's _meta.
func RemoteMapping(fields []string, shards, replicas int, meta map[string]any, scripted bool) map[string]any {
	keyword := map[string]any{"type": "keyword"}
	props := map[string]any{
		"id":           keyword,
		fieldTitle:     map[string]any{"type": "text", "index": false},
		fieldBody:      map[string]any{"type": "text", "index": false},
		fieldLang:      keyword,
		fieldScripts:   keyword,
		fieldCategory:  keyword,
		fieldDigest:    keyword,
		fieldURL:       map[string]any{"type": "keyword", "index": false, "doc_values": false},
		fieldPublished: map[string]any{"type": "date", "format": "strict_date_optional_time_nanos"},
	}
	for field, forms := range remoteFields {
		props[forms] = map[string]any{"type": "text", "analyzer": "lipi_forms", "norms": true}
		if scripted {
			props[forms].(map[string]any)["similarity"] = remoteSimilarityName(field)
		}
	}
	for _, name := range fields {
		props[name] = keyword
	}
	settings := map[string]any{
		"number_of_shards":   shards,
		"number_of_replicas": replicas,
		"analysis": map[string]any{
			"tokenizer": map[string]any{
				"lipi_words": map[string]any{"type": "whitespace", "max_token_length": maxRemoteWord + 16},
			},
			"filter": map[string]any{
				"lipi_forms": map[string]any{"type": "pattern_capture", "preserve_original": false, "patterns": []string{"([^\\x01]+)"}},
				"lipi_gaps":  map[string]any{"type": "stop", "stopwords": []string{remoteGap}, "ignore_case": false},
			},
			"analyzer": map[string]any{
				"lipi_forms": map[string]any{"type": "custom", "tokenizer": "lipi_words", "filter": []string{"lipi_forms", "lipi_gaps"}},
			},
		},
	}
	if scripted {
		// Set again with the fields' averages once the index is loaded.
		settings["similarity"] = RemoteSimilarity(nil)
	}
	return map[string]any{
		"settings": settings,
		"mappings": map[string]any{
			"dynamic":    "strict",
			"_meta":      meta,
			"_source":    map[string]any{"excludes": []string{RemoteFormsTitle, RemoteFormsBody}},
			"properties": props,
		},
	}
}

// RemotePlan is a request compiled for a cluster: the query DSL of its
// search, and what completing its page needs.
//
// A search under the sound-alike policy is two requests. The first
// (SoundsBody) asks for no hit, only each language's best hit that a
// reading other than the query's own spelling matched, its best hit that
// only sounds alike, and how many only sound alike; from those SetSounds
// sets each language's bar, as the embedded index's engine.SoundPolicy
// does. The second (Body) returns the hits, every sound-alike under its
// language's bar left out and counted apart.
type RemotePlan struct {
	r        Request
	c        *compiled
	fields   []string
	expander *analyzers.SynonymExpander
	// Empty: the query has no searchable word; nothing need be asked.
	Empty bool
	// bars are the least score a sound-alike hit needs, by language, once
	// SetSounds has read them; sounds counts the sound-alikes by language.
	bars   map[string]float64
	sounds map[string]int
	// written holds filtered's query and compiler by relaxed: both
	// requests of a search send the same query.
	written [2]*writtenQuery
	// skipIDs and skipLangs, of a page's fill (FillPlan), are the strong
	// hits and the languages it leaves out.
	skipIDs, skipLangs []string
}

type writtenQuery struct {
	q map[string]any
	d *dslCompiler
}

// SynonymExpander is the expander of a synonym map as searches use it:
// made once per map, since it analyzes every entry.
func SynonymExpander(m *analyzers.SynonymMap) *analyzers.SynonymExpander {
	return m.Expander(synonymKey)
}

// NewRemotePlan validates r for an index with the given extra fields and
// synonym expander (SynonymExpander; nil: none) and compiles its query.
func NewRemotePlan(r Request, expander *analyzers.SynonymExpander, fields []string) (*RemotePlan, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	ix := &Index{fields: fields}
	if err := ix.checkFilters(r); err != nil {
		return nil, err
	}
	p := &RemotePlan{r: r, fields: fields, expander: expander, c: compileRequest(r, expander)}
	p.Empty = p.c.empty
	return p, nil
}

// filtered is the query of the request, its filters and exclusions
// applied, and the compiler that wrote it (which knows the coverage
// query's spelled and own-spelling alternatives).
func (p *RemotePlan) filtered(relaxed bool) (map[string]any, *dslCompiler, error) {
	k := 0
	if relaxed {
		k = 1
	}
	if w := p.written[k]; w != nil {
		return w.q, w.d, nil
	}
	q, d, err := p.write(relaxed)
	if err == nil {
		p.written[k] = &writtenQuery{q, d}
	}
	return q, d, err
}

func (p *RemotePlan) write(relaxed bool) (map[string]any, *dslCompiler, error) {
	d := &dslCompiler{relaxed: relaxed}
	q, err := d.query(p.c.query)
	if err != nil {
		return nil, nil, err
	}
	var filters, mustNot []any
	if len(p.r.Langs) > 0 {
		filters = append(filters, terms(fieldLang, p.r.Langs))
	}
	if len(p.r.Categories) > 0 {
		filters = append(filters, terms(fieldCategory, p.r.Categories))
	}
	for _, name := range slices.Sorted(maps.Keys(p.r.Filters)) {
		filters = append(filters, terms(name, p.r.Filters[name]))
	}
	if p.r.span.set {
		rng := map[string]any{"format": "strict_date_optional_time_nanos"}
		if p.r.span.from > math.MinInt64 {
			rng["gte"] = time.Unix(0, p.r.span.from).UTC().Format(time.RFC3339Nano)
		}
		if p.r.span.to < math.MaxInt64 {
			rng["lte"] = time.Unix(0, p.r.span.to).UTC().Format(time.RFC3339Nano)
		}
		filters = append(filters, map[string]any{"range": map[string]any{fieldPublished: rng}})
		filters = append(filters, map[string]any{"exists": map[string]any{"field": fieldPublished}})
	}
	for _, ex := range p.c.exclude {
		n, err := d.query(ex)
		if err != nil {
			return nil, nil, err
		}
		mustNot = append(mustNot, n)
	}
	mustNot = append(mustNot, p.skipped()...)
	if len(filters)+len(mustNot) > 0 {
		b := map[string]any{"must": q}
		if len(filters) > 0 {
			b["filter"] = filters
		}
		if len(mustNot) > 0 {
			b["must_not"] = mustNot
		}
		q = map[string]any{"bool": b}
	}
	return q, d, nil
}

// SoundsBody is the first request of a search under the sound-alike
// policy, or nil when the search has none (the request asks for every
// sound-alike, or the query is not one that has sound-alikes).
func (p *RemotePlan) SoundsBody(relaxed bool) (map[string]any, error) {
	if p.r.SoundsAlike || p.Empty {
		return nil, nil
	}
	q, d, err := p.filtered(relaxed)
	if err != nil || !d.covers {
		return nil, err
	}
	best := map[string]any{"top_hits": map[string]any{"size": 1, "_source": false}}
	readings := map[string]any{"bool": map[string]any{"should": d.spelledAlts, "minimum_should_match": 1, "must_not": d.ownAlts}}
	return map[string]any{
		"query": q, "size": 0, "track_total_hits": false,
		"aggs": map[string]any{"langs": map[string]any{
			"terms": map[string]any{"field": fieldLang, "size": maxLangFacets, "missing": ""},
			"aggs": map[string]any{
				"readings": map[string]any{"filter": readings, "aggs": map[string]any{"best": best}},
				"sounds":   map[string]any{"filter": d.soundOnly(), "aggs": map[string]any{"best": best}},
			},
		}},
	}, nil
}

// SetSounds reads the answer to SoundsBody (its aggregations) into each
// language's bar.
func (p *RemotePlan) SetSounds(aggregations json.RawMessage) error {
	type best struct {
		Count int `json:"doc_count"`
		Best  struct {
			Hits struct {
				Max *float64 `json:"max_score"`
			} `json:"hits"`
		} `json:"best"`
	}
	var aggs struct {
		Langs struct {
			Buckets []struct {
				Key      string `json:"key"`
				Readings best   `json:"readings"`
				Sounds   best   `json:"sounds"`
			} `json:"buckets"`
		} `json:"langs"`
	}
	if err := json.Unmarshal(aggregations, &aggs); err != nil {
		return fmt.Errorf("search: the cluster's sound-alike counts: %w", err)
	}
	p.bars, p.sounds = map[string]float64{}, map[string]int{}
	for _, b := range aggs.Langs.Buckets {
		if b.Sounds.Count == 0 {
			continue
		}
		// A sound-alike's score here is already times the sound factor,
		// a reading's is not: the bar is read as the policy reads it (on
		// scores before that factor), then put in the factor's terms.
		var bar float64
		if m := b.Readings.Best.Hits.Max; m != nil {
			bar = soundsAgainst * *m * boostSoundsAlike
		}
		if m := b.Sounds.Best.Hits.Max; m != nil {
			bar = max(bar, soundsAlone**m)
		}
		p.bars[b.Key], p.sounds[b.Key] = bar, b.Sounds.Count
	}
	return nil
}

// Body is the search request's body: the query with the request's
// filters, its page, sort, facets and total, every sound-alike under its
// language's bar left out once SetSounds has set them. relaxed makes
// documents that only the weak clauses match hits too, as the embedded
// index does when nothing else matches.
func (p *RemotePlan) Body(relaxed bool) (map[string]any, error) {
	q, d, err := p.filtered(relaxed)
	if err != nil {
		return nil, err
	}
	aggs := map[string]any{
		fieldLang:     map[string]any{"terms": map[string]any{"field": fieldLang, "size": maxLangFacets}},
		fieldCategory: map[string]any{"terms": map[string]any{"field": fieldCategory, "size": maxFieldFacets}},
	}
	for _, name := range p.fields {
		aggs["field_"+name] = map[string]any{"terms": map[string]any{"field": name, "size": maxFieldFacets}}
	}
	if len(p.bars) > 0 && d.covers && clauses(q)*(len(p.bars)+2) > maxRemoteClauses {
		// Too large to repeat once a language: the sound-alikes are all
		// returned, as with sounds_alike=true.
		p.bars, p.sounds = nil, nil
	}
	if len(p.bars) > 0 && d.covers {
		// Each language's sound-alikes under its own bar: one clause a
		// language (min_score), beside the hits a spelling matched.
		keep := []any{map[string]any{"bool": map[string]any{"must": q, "must_not": d.soundOnly()}}}
		for _, lang := range slices.Sorted(maps.Keys(p.bars)) {
			in := map[string]any{"term": map[string]any{fieldLang: lang}}
			if lang == "" {
				in = map[string]any{"bool": map[string]any{"must_not": map[string]any{"exists": map[string]any{"field": fieldLang}}}}
			}
			keep = append(keep, map[string]any{"function_score": map[string]any{
				"query":     map[string]any{"bool": map[string]any{"must": q, "filter": []any{d.soundOnly(), in}}},
				"min_score": p.bars[lang],
			}})
		}
		q = map[string]any{"bool": map[string]any{"should": keep, "minimum_should_match": 1}}
		aggs["sounds"] = map[string]any{"filter": d.soundOnly(), "aggs": map[string]any{
			"langs": map[string]any{"terms": map[string]any{"field": fieldLang, "size": maxLangFacets, "missing": ""}},
		}}
	}
	body := map[string]any{
		"query": q, "from": p.r.From, "size": p.r.Size,
		"track_total_hits": true, "aggs": aggs,
		"_source": map[string]any{"excludes": []string{RemoteFormsTitle, RemoteFormsBody}},
	}
	if p.r.Collapse {
		// The best hit of each content group, with the size of its group;
		// the groups among all matches are counted for Collapsed (exact
		// up to the precision threshold, the cardinality aggregation's
		// largest).
		body["collapse"] = map[string]any{"field": fieldDigest, "inner_hits": map[string]any{"name": RemoteGroup, "size": 0}}
		aggs["groups"] = map[string]any{"cardinality": map[string]any{"field": fieldDigest, "precision_threshold": 40000}}
	}
	if p.r.Sort == SortPublished {
		aggs["undated"] = map[string]any{"missing": map[string]any{"field": fieldPublished}}
		body["sort"] = []any{
			map[string]any{fieldPublished: map[string]any{"order": "desc", "missing": "_last"}},
			"_score", map[string]any{"id": "asc"},
		}
	} else {
		// Equal scores rank in id order, as in the embedded index.
		body["sort"] = []any{"_score", map[string]any{"id": "asc"}}
	}
	body["track_scores"] = true
	return body, nil
}

// Relaxable tells whether Body(true) may find what Body(false) did not:
// the query has weak clauses.
func (p *RemotePlan) Relaxable() bool {
	cq, ok := p.c.query.(*engine.CoverageQuery)
	return ok && cq.Relaxed(weakOnlyFactor) != nil
}

// RemoteHit is one hit a cluster returned: the stored document and its
// score there.
type RemoteHit struct {
	Doc   *Document
	Score float64
	// Group, with Request.Collapse, is how many matching documents share
	// the hit's content (the inner hits named RemoteGroup), itself
	// included.
	Group int
}

// RemoteGroup names the inner hits of a collapsed search.
const RemoteGroup = "group"

// RemoteResult is what a cluster answered to a plan's Body: the total,
// the page's hits, and the aggregations as the cluster wrote them.
type RemoteResult struct {
	Total        uint64
	Hits         []RemoteHit
	Aggregations json.RawMessage
}

// Hidden is how many sound-alikes Body left out, in the languages the
// request keeps (the SoundsAlike of its response).
func (p *RemotePlan) Hidden(res *RemoteResult) (uint64, error) {
	if len(p.sounds) == 0 {
		return 0, nil
	}
	var aggs struct {
		Sounds struct {
			Langs struct {
				Buckets []struct {
					Key   string `json:"key"`
					Count int    `json:"doc_count"`
				} `json:"buckets"`
			} `json:"langs"`
		} `json:"sounds"`
	}
	if len(res.Aggregations) > 0 {
		if err := json.Unmarshal(res.Aggregations, &aggs); err != nil {
			return 0, fmt.Errorf("search: the cluster's facets: %w", err)
		}
	}
	kept := map[string]int{}
	for _, b := range aggs.Sounds.Langs.Buckets {
		kept[b.Key] = b.Count
	}
	var hidden uint64
	for lang, n := range p.sounds {
		if n > kept[lang] {
			hidden += uint64(n - kept[lang])
		}
	}
	return hidden, nil
}

// Response turns a cluster's answer into lipi's response: the page's hits
// completed with their fragments, matches and how they matched, by lipi's
// own highlighter over an index of the page's documents alone.
func (p *RemotePlan) Response(ctx context.Context, res *RemoteResult) (*Response, error) {
	ix := &Index{fields: p.fields}
	resp := &Response{Query: p.r.Query, Total: res.Total, Hits: []Hit{}, Facets: ix.newFacets()}
	type buckets struct {
		Buckets []struct {
			Key   any `json:"key"`
			Count int `json:"doc_count"`
		} `json:"buckets"`
		Count int `json:"doc_count"`
	}
	var aggs map[string]json.RawMessage
	if len(res.Aggregations) > 0 {
		if err := json.Unmarshal(res.Aggregations, &aggs); err != nil {
			return nil, fmt.Errorf("search: the cluster's facets: %w", err)
		}
	}
	read := func(name string) (map[string]int, int, error) {
		raw, ok := aggs[name]
		if !ok {
			return nil, 0, nil
		}
		var b buckets
		if err := json.Unmarshal(raw, &b); err != nil {
			return nil, 0, fmt.Errorf("search: the cluster's facet %s: %w", name, err)
		}
		counts := map[string]int{}
		for _, bk := range b.Buckets {
			counts[fmt.Sprint(bk.Key)] = bk.Count
		}
		return counts, b.Count, nil
	}
	langs, _, err := read(fieldLang)
	if err != nil {
		return nil, err
	}
	maps.Copy(resp.Facets.Lang, langs)
	if cats, _, err := read(fieldCategory); err != nil {
		return nil, err
	} else if len(cats) > 0 {
		resp.Facets.Category = cats
	}
	for _, name := range p.fields {
		counts, _, err := read("field_" + name)
		if err != nil {
			return nil, err
		}
		if counts != nil {
			resp.Facets.Fields[name] = counts
		}
	}
	if p.r.Sort == SortPublished {
		_, n, err := read("undated")
		if err != nil {
			return nil, err
		}
		resp.Undated = new(uint64)
		*resp.Undated = uint64(n)
	}
	if resp.SoundsAlike, err = p.Hidden(res); err != nil {
		return nil, err
	}
	if raw, ok := aggs["sounds"]; ok {
		// Every hit but the sound-alikes kept was spelled: what tells a
		// search that found something strong, past its first page too.
		var sounds struct {
			Count uint64 `json:"doc_count"`
		}
		if err := json.Unmarshal(raw, &sounds); err != nil {
			return nil, fmt.Errorf("search: the cluster's sound-alikes: %w", err)
		}
		resp.spelled = res.Total - min(sounds.Count, res.Total)
	}
	if p.r.Collapse {
		var groups struct {
			Value uint64 `json:"value"`
		}
		if raw, ok := aggs["groups"]; ok {
			if err := json.Unmarshal(raw, &groups); err != nil {
				return nil, fmt.Errorf("search: the cluster's groups: %w", err)
			}
		}
		repeats := res.Total - min(groups.Value, res.Total)
		resp.Collapsed = &repeats
	}
	if len(res.Hits) == 0 {
		return resp, nil
	}
	completed, err := p.complete(ctx, res.Hits)
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		hit, ok := completed[h.Doc.ID]
		if !ok {
			// The page's index found no term of the query in it (a fuzzy
			// match the cluster expanded otherwise): the hit as stored.
			hit = Hit{Title: h.Doc.Title, Fragments: map[string][]string{}, Matches: []Match{}, Match: MatchSoundsAlike}
			if !p.r.NoHighlight {
				hit.Fragments[fieldTitle] = []string{tidyFragment(html.EscapeString(h.Doc.Title))}
			}
		}
		hit.ID, hit.Score, hit.Lang = h.Doc.ID, h.Score, h.Doc.Lang
		if p.r.Collapse && h.Group > 1 {
			hit.Duplicates = h.Group - 1
		}
		hit.URL, hit.Category, hit.Fields = h.Doc.URL, h.Doc.Category, h.Doc.Fields
		if !h.Doc.Published.IsZero() {
			hit.Published = h.Doc.Published.UTC().Format(time.RFC3339)
		}
		resp.Hits = append(resp.Hits, hit)
	}
	return resp, nil
}

// complete indexes the page's documents in memory and runs the compiled
// query on them alone, for the hits' fragments and matches.
func (p *RemotePlan) complete(ctx context.Context, hits []RemoteHit) (map[string]Hit, error) {
	terms := termsOf(p.c.query)
	defer terms.release()
	return p.completeKeeping(ctx, hits, terms.keeps)
}

// completeKeeping is complete with the page index keeping the terms keep
// accepts (nil: every one).
func (p *RemotePlan) completeKeeping(ctx context.Context, hits []RemoteHit, keep func(string) bool) (map[string]Hit, error) {
	docs := make([]*Document, 0, len(hits))
	ids := make([]string, 0, len(hits))
	for _, h := range hits {
		docs = append(docs, h.Doc)
		ids = append(ids, h.Doc.ID)
	}
	page, err := pageIndex(docs, p.fields, p.expander, keep)
	if err != nil {
		return nil, fmt.Errorf("search: complete the page: %w", err)
	}
	defer page.bleve.Close()
	q := query.NewBooleanQuery([]query.Query{query.NewDocIDQuery(ids)}, []query.Query{p.c.query}, nil)
	// The page's own index keeps every term's locations (scorch's default
	// format, not lipi's): nothing to find again.
	resp, err := page.runQuery(ctx, q, Request{Size: len(ids), NoHighlight: p.r.NoHighlight}, p.c.matches, nil, nil)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Hit, len(resp.Hits))
	for _, h := range resp.Hits {
		if len(h.Matches) > 0 {
			out[h.ID] = h
		}
	}
	return out, nil
}

func terms(field string, values []string) map[string]any {
	return map[string]any{"terms": map[string]any{field: values}}
}

// dslCompiler writes lipi's compiled queries in OpenSearch's query DSL.
// Each term, phrase, fuzzy and prefix alternative becomes its DSL
// namesake; a word's alternatives a dis_max; the coverage query's rules
// (a hit needs a strong clause or every word; the score is multiplied by
// the number of words covered, by Full when all are, by OwnFactor for the
// query as typed, by SoundFactor for a hit that only sounds alike) become
// function_score factors over filters. What the DSL cannot say is
// approximated: a fuzzy key's candidates score as the cluster's fuzzy
// query scores them, a half-typed word's completions as one prefix query,
// and the sound-alike policy's cut is not made (docs/SCALING.md).
type dslCompiler struct {
	relaxed bool
	// Of the coverage query at the top, once written: whether there is
	// one, its alternatives that make more than a sound-alike match, and
	// those of the query's own spelling.
	covers               bool
	spelledAlts, ownAlts []any
}

// soundOnly matches the hits that no spelling matched.
func (d *dslCompiler) soundOnly() map[string]any {
	if len(d.spelledAlts) == 0 {
		return map[string]any{"match_all": map[string]any{}}
	}
	return map[string]any{"bool": map[string]any{"must_not": d.spelledAlts}}
}

func (d *dslCompiler) query(q query.Query) (map[string]any, error) {
	switch q := q.(type) {
	case *engine.CoverageQuery:
		return d.writeCoverage(q)
	case *engine.Kinded:
		return d.query(q.Query)
	case *engine.MaxQuery:
		alts, err := d.all(q.Alternatives())
		if err != nil {
			return nil, err
		}
		if len(alts) == 1 {
			return alts[0].(map[string]any), nil
		}
		return map[string]any{"dis_max": map[string]any{"queries": alts, "tie_breaker": q.TieBreaker()}}, nil
	case *engine.FuzzyQuery:
		return fuzzyDSL(q, q.Key.Fuzziness()), nil
	case *engine.CompletionQuery:
		return map[string]any{"prefix": map[string]any{remoteField(q.Field): map[string]any{"value": q.Prefix, "boost": q.Boost}}}, nil
	case *query.TermQuery:
		return map[string]any{"term": map[string]any{remoteField(q.FieldVal): map[string]any{"value": q.Term, "boost": q.Boost()}}}, nil
	case *query.PrefixQuery:
		return map[string]any{"prefix": map[string]any{remoteField(q.FieldVal): map[string]any{"value": q.Prefix, "boost": q.Boost()}}}, nil
	case *query.PhraseQuery:
		positions := make([][]string, len(q.Terms))
		for i, t := range q.Terms {
			positions[i] = []string{t}
		}
		return spanPhrase(remoteField(q.FieldVal), positions, q.Boost()), nil
	case *query.MultiPhraseQuery:
		return spanPhrase(remoteField(q.FieldVal), q.Terms, q.Boost()), nil
	case *query.DisjunctionQuery:
		alts, err := d.all(q.Disjuncts)
		if err != nil {
			return nil, err
		}
		return map[string]any{"bool": map[string]any{"should": alts, "minimum_should_match": max(1, int(q.Min))}}, nil
	case *query.ConjunctionQuery:
		alts, err := d.all(q.Conjuncts)
		if err != nil {
			return nil, err
		}
		return map[string]any{"bool": map[string]any{"must": alts}}, nil
	case *query.MatchNoneQuery:
		return map[string]any{"match_none": map[string]any{}}, nil
	case *query.DocIDQuery:
		return map[string]any{"ids": map[string]any{"values": q.IDs}}, nil
	}
	return nil, fmt.Errorf("search: the cluster backend cannot run a %T", q)
}

func (d *dslCompiler) all(qs []query.Query) ([]any, error) {
	out := make([]any, 0, len(qs))
	for _, q := range qs {
		n, err := d.query(q)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// coverage writes a coverage query: the sum of its matching clauses'
// scores (each word's best alternative), filtered to its hits, times the
// number of words covered, times the factors of its tiers.
func (d *dslCompiler) writeCoverage(q *engine.CoverageQuery) (map[string]any, error) {
	var should, strong, covered, everyWord, spelled []any
	for _, w := range q.Words {
		var either []any
		for _, c := range []query.Query{w.Strong, w.Weak} {
			if c == nil {
				continue
			}
			n, err := d.query(c)
			if err != nil {
				return nil, err
			}
			should = append(should, n)
			either = append(either, n)
			if c == w.Strong {
				strong = append(strong, n)
				s, err := d.spelled(c)
				if err != nil {
					return nil, err
				}
				spelled = append(spelled, s...)
			}
		}
		if len(either) == 0 {
			continue
		}
		anyOf := map[string]any{"bool": map[string]any{"should": either, "minimum_should_match": 1}}
		covered = append(covered, map[string]any{"filter": anyOf, "weight": 1})
		everyWord = append(everyWord, anyOf)
	}
	for _, b := range q.Bonus {
		n, err := d.query(b)
		if err != nil {
			return nil, err
		}
		should = append(should, n)
	}
	var own []any
	for _, o := range q.Own {
		n, err := d.query(o)
		if err != nil {
			return nil, err
		}
		own = append(own, n)
	}
	for _, w := range q.Words {
		for _, c := range []query.Query{w.Strong, w.Weak} {
			o, err := d.ownSpellings(c)
			if err != nil {
				return nil, err
			}
			own = append(own, o...)
		}
	}
	d.covers, d.spelledAlts, d.ownAlts = true, spelled, own
	// Which documents are hits: a strong clause, every word, or (relaxed)
	// any clause.
	// Covering every word of a query of several makes a hit, weakly or
	// not, and multiplies the score by Full.
	several := len(q.Words) > 1
	allWords := map[string]any{"bool": map[string]any{"must": everyWord}}
	hit := slices.Clone(strong)
	if several {
		hit = append(hit, allWords)
	}
	if d.relaxed {
		hit = should
	}
	base := map[string]any{"bool": map[string]any{
		"should": should,
		"filter": map[string]any{"bool": map[string]any{"should": hit, "minimum_should_match": 1}},
	}}
	counted := map[string]any{"function_score": map[string]any{
		"query": base, "functions": covered, "score_mode": "sum", "boost_mode": "multiply",
	}}
	var tiers []any
	if several {
		tiers = append(tiers, map[string]any{"filter": allWords, "weight": q.Full})
	}
	if len(q.Own) > 0 && q.OwnFactor > 0 {
		tiers = append(tiers, map[string]any{"filter": map[string]any{"bool": map[string]any{"should": own[:len(q.Own)], "minimum_should_match": 1}}, "weight": q.OwnFactor})
	}
	if q.SoundFactor > 0 && q.SoundFactor != 1 {
		tiers = append(tiers, map[string]any{"filter": d.soundOnly(), "weight": q.SoundFactor})
	}
	if d.relaxed {
		// A document no strong clause matches (nor every word of
		// several) scores a small share.
		weakOnly := map[string]any{"bool": map[string]any{"must_not": strong}}
		if several {
			weakOnly = map[string]any{"bool": map[string]any{"must_not": append(slices.Clone(strong), allWords)}}
		}
		tiers = append(tiers, map[string]any{"filter": weakOnly, "weight": weakOnlyFactor})
	}
	if len(tiers) == 0 {
		return counted, nil
	}
	return map[string]any{"function_score": map[string]any{
		"query": counted, "functions": tiers, "score_mode": "multiply", "boost_mode": "multiply",
	}}, nil
}

// spelled are the alternatives of a clause that make more than a
// sound-alike match: all but the SoundsAlike ones, and a fuzzy key's
// candidates within its close edits.
func (d *dslCompiler) spelled(q query.Query) ([]any, error) {
	alts := []query.Query{q}
	if mq, ok := q.(*engine.MaxQuery); ok {
		alts = mq.Alternatives()
	}
	var out []any
	for _, a := range alts {
		k, ok := a.(*engine.Kinded)
		if !ok || k.Kind != engine.SoundsAlike {
			n, err := d.query(a)
			if err != nil {
				return nil, err
			}
			out = append(out, n)
			continue
		}
		if fq, ok := k.Query.(*engine.FuzzyQuery); ok && fq.Close > 0 {
			out = append(out, fuzzyDSL(fq, min(fq.Close, fq.Key.Fuzziness())))
		}
	}
	return out, nil
}

// ownSpellings are the alternatives of a clause that match the query
// word as it was typed.
func (d *dslCompiler) ownSpellings(q query.Query) ([]any, error) {
	if q == nil {
		return nil, nil
	}
	alts := []query.Query{q}
	if mq, ok := q.(*engine.MaxQuery); ok {
		alts = mq.Alternatives()
	}
	var out []any
	for _, a := range alts {
		if k, ok := a.(*engine.Kinded); ok && k.Kind == engine.OwnSpelling {
			n, err := d.query(a)
			if err != nil {
				return nil, err
			}
			out = append(out, n)
		}
	}
	return out, nil
}

// fuzzyExpansions is how many of a fuzzy key's nearest terms the cluster
// searches: each is a clause, and lipi's query names every alternative
// in several places (its word's clause, the hit and coverage filters,
// the spelled test), which must stay under the cluster's
// indices.query.bool.max_clause_count (1024 by default).
const fuzzyExpansions = 10

// maxRemoteClauses is what Body allows itself of that count: a query
// whose sound-alike bars, one clause a language, would pass it is sent
// without them (every sound-alike returned, none counted apart).
const maxRemoteClauses = 900

// clauses estimates the clauses a query body expands to: its terms, and
// each fuzzy query's expansions.
func clauses(n any) int {
	switch n := n.(type) {
	case map[string]any:
		total := 0
		for k, v := range n {
			switch k {
			case "term", "span_term", "prefix", "ids":
				total++
			case "fuzzy":
				total += fuzzyExpansions
			default:
				total += clauses(v)
			}
		}
		return total
	case []any:
		total := 0
		for _, v := range n {
			total += clauses(v)
		}
		return total
	}
	return 0
}

func fuzzyDSL(q *engine.FuzzyQuery, fuzziness int) map[string]any {
	return map[string]any{"fuzzy": map[string]any{remoteField(q.Field): map[string]any{
		"value": q.Key.Term(), "fuzziness": fuzziness, "boost": q.Boost,
		"prefix_length": utf8.RuneCountInString(q.Key.Prefix()), "transpositions": true,
		"max_expansions": fuzzyExpansions,
	}}}
}

// spanPhrase matches the positions side by side in order, each position
// any of its terms; an empty term is a gap any word fills, which the
// span's slop allows for.
func spanPhrase(field string, positions [][]string, boost float64) map[string]any {
	var clauses []any
	gaps := 0
	for _, terms := range positions {
		var alts []any
		for _, t := range terms {
			if t != "" {
				alts = append(alts, map[string]any{"span_term": map[string]any{field: t}})
			}
		}
		switch len(alts) {
		case 0:
			gaps++
		case 1:
			clauses = append(clauses, alts[0])
		default:
			clauses = append(clauses, map[string]any{"span_or": map[string]any{"clauses": alts}})
		}
	}
	if len(clauses) == 1 {
		c := clauses[0].(map[string]any)
		return map[string]any{"span_or": map[string]any{"clauses": []any{c}, "boost": boost}}
	}
	return map[string]any{"span_near": map[string]any{"clauses": clauses, "slop": gaps, "in_order": true, "boost": boost}}
}

func remoteField(field string) string {
	if f, ok := remoteFields[field]; ok {
		return f
	}
	return field
}

// ProbeWord is a searchable word of d's title or body, or "": a rebuild
// checks that its new index finds the document by it.
func ProbeWord(d *Document) string {
	text := d.Title + " " + d.Body
	for _, sp := range analyzers.WordSpans(text) {
		w := text[sp.Start:sp.End]
		if wa := analyzers.AnalyzeWord(w); !wa.Stop && len(wa.Forms) > 0 {
			return w
		}
	}
	return ""
}

// ErrUnavailable is wrapped by the errors of a backend that cannot be
// reached (a cluster that is down): the API answers 503
// backend_unavailable.
var ErrUnavailable = errors.New("the search backend is unavailable")
