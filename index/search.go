package index

import (
	"context"
	"errors"
	"fmt"
	"html"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index/internal/engine"
)

// RequestError is a request lipi cannot run as asked (a bad parameter); the
// API answers it with a 400 and its Code.
type RequestError struct {
	Code    string
	Message string
}

func (e *RequestError) Error() string { return e.Message }

func badRequest(code, format string, args ...any) error {
	return &RequestError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Validate checks a request's limits and fills in defaults.
func (r *Request) Validate() error {
	if !utf8.ValidString(r.Query) {
		return badRequest("invalid_utf8", "the query is not valid UTF-8")
	}
	if len(r.Query) > MaxQueryBytes {
		return badRequest("query_too_long", "the query is %d bytes; at most %d are allowed", len(r.Query), MaxQueryBytes)
	}
	if strings.TrimSpace(r.Query) == "" {
		return badRequest("empty_query", "the query is empty")
	}
	if r.Size == 0 {
		r.Size = DefaultSize
	}
	if r.Size < 1 || r.Size > MaxSize {
		return badRequest("bad_size", "size must be between 1 and %d", MaxSize)
	}
	if r.From < 0 || r.From > MaxFrom {
		return badRequest("bad_from", "from must be between 0 and %d", MaxFrom)
	}
	switch r.Sort {
	case "":
		r.Sort = SortRelevance
	case SortRelevance, SortPublished:
	default:
		return badRequest("bad_sort", "sort must be %q or %q", SortRelevance, SortPublished)
	}
	for _, l := range r.Langs {
		if !validLangCode(l) {
			return badRequest("bad_lang", "%q is not a language code", l)
		}
	}
	if err := checkFilterValues("bad_category", "category", r.Categories); err != nil {
		return err
	}
	for name, values := range r.Filters {
		if err := checkFilterValues("bad_filter", "filter["+name+"]", values); err != nil {
			return err
		}
	}
	r.span = dateSpan{from: math.MinInt64, to: math.MaxInt64}
	if r.FromDate != "" {
		t, ok := parseDateBound(r.FromDate, false)
		if !ok {
			return badRequest("bad_from_date", "from_date %q is not a date (YYYY-MM-DD) or an RFC 3339 date-time", r.FromDate)
		}
		r.span.set, r.span.from = true, t
	}
	if r.ToDate != "" {
		t, ok := parseDateBound(r.ToDate, true)
		if !ok {
			return badRequest("bad_to_date", "to_date %q is not a date (YYYY-MM-DD) or an RFC 3339 date-time", r.ToDate)
		}
		r.span.set, r.span.to = true, t
	}
	if r.span.from > r.span.to {
		return badRequest("bad_date_range", "from_date %s is after to_date %s", r.FromDate, r.ToDate)
	}
	return nil
}

// checkFilterValues checks the values of a keyword filter (param names it
// in a message).
func checkFilterValues(code, param string, values []string) error {
	if len(values) > MaxFilterValues {
		return badRequest(code, "%s names %d values; at most %d are allowed", param, len(values), MaxFilterValues)
	}
	for _, v := range values {
		if v == "" || !utf8.ValidString(v) {
			return badRequest(code, "%s: %q is not a value (empty or not UTF-8)", param, v)
		}
	}
	return nil
}

// checkFilters refuses a filter on a field the index does not have.
func (ix *Index) checkFilters(r Request) error {
	for name := range r.Filters {
		if !slices.Contains(ix.fields, name) {
			known := "it has none (see lipi index --field)"
			if len(ix.fields) > 0 {
				known = "it has " + strings.Join(ix.fields, ", ")
			}
			return badRequest("unknown_field", "the index has no field %q to filter by; %s", name, known)
		}
	}
	return nil
}

// keywordFilter is the test of the request's category and extra field
// filters by document number, on the tables of view's snapshot, or nil
// when it has none.
func (ix *Index) keywordFilter(view *engine.View, r Request) func(n uint64) bool {
	var tests []func(n uint64) bool
	add := func(field string, values []string) {
		if len(values) > 0 {
			tests = append(tests, view.Keeps(field, values))
		}
	}
	add(fieldCategory, r.Categories)
	for name, values := range r.Filters {
		add(name, values)
	}
	switch len(tests) {
	case 0:
		return nil
	case 1:
		return tests[0]
	}
	return func(n uint64) bool {
		for _, t := range tests {
			if !t(n) {
				return false
			}
		}
		return true
	}
}

// newFacets is a response's facets before anything is counted: every
// extra field of the index is there.
func (ix *Index) newFacets() Facets {
	f := Facets{Lang: map[string]int{}}
	if len(ix.fields) > 0 {
		f.Fields = map[string]map[string]int{}
		for _, name := range ix.fields {
			f.Fields[name] = map[string]int{}
		}
	}
	return f
}

// addFacets adds the counts of more to f (a page filled after the strong
// hits).
func (f *Facets) addFacets(more Facets) {
	for lang, n := range more.Lang {
		f.Lang[lang] += n
	}
	for cat, n := range more.Category {
		if f.Category == nil {
			f.Category = map[string]int{}
		}
		f.Category[cat] += n
	}
	for name, counts := range more.Fields {
		for v, n := range counts {
			f.Fields[name][v] += n
		}
	}
}

// parseDateBound reads one end of a date filter as nanoseconds since
// 1970 UTC: a date is its first instant, or as the end of a span its last;
// dates outside what the nanoseconds hold are refused.
func parseDateBound(s string, end bool) (int64, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return nanos(t)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, false
	}
	if end {
		t = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
	}
	return nanos(t)
}

func nanos(t time.Time) (int64, bool) {
	if t.Year() < 1678 || t.Year() > 2261 { // int64 nanoseconds since 1970
		return 0, false
	}
	return t.UnixNano(), true
}

// validLangCode accepts what a document's lang can be: a primary language
// subtag of 2–3 lower-case letters, optionally with further subtags.
func validLangCode(s string) bool {
	if s == "" || len(s) > 35 {
		return false
	}
	for i, sub := range strings.Split(s, "-") {
		if len(sub) == 0 || len(sub) > 8 || (i == 0 && (len(sub) < 2 || len(sub) > 3)) {
			return false
		}
		for _, r := range sub {
			if !(r >= 'a' && r <= 'z' || i > 0 && (r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')) {
				return false
			}
		}
	}
	return true
}

// compileRequest compiles r's query with what r asks of it (prefix,
// fuzzy, layers, synonyms from expander unless r has them off), for the
// embedded index and for a cluster alike.
func compileRequest(r Request, expander *analyzers.SynonymExpander) *compiled {
	opts := compileOptions{prefix: r.Prefix, fuzzy: !r.NoFuzzy, skip: map[analyzers.Layer]bool{}}
	for _, l := range r.SkipLayers {
		opts.skip[l] = true
	}
	if !r.NoSynonyms {
		opts.expander = expander
	}
	return compile(r.Query, opts)
}

// Search runs a request. The context bounds its time.
func (ix *Index) Search(ctx context.Context, r Request) (*Response, error) {
	start := time.Now()
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if err := ix.checkFilters(r); err != nil {
		return nil, err
	}
	if ix.plain != nil {
		resp, err := ix.runQuery(ctx, ix.plain(r.Query), r, plainMatches, nil, nil)
		if err != nil {
			return nil, err
		}
		resp.TookMS = time.Since(start).Milliseconds()
		return resp, nil
	}
	c := compileRequest(r, ix.expander)
	if c.empty {
		resp := &Response{Query: r.Query, Hits: []Hit{}, Facets: ix.newFacets()}
		if r.Sort == SortPublished {
			resp.Undated = new(uint64)
		}
		resp.TookMS = time.Since(start).Milliseconds()
		return resp, nil
	}
	cq, ok := c.query.(*engine.CoverageQuery)
	if !ok {
		q := c.query
		if len(c.exclude) > 0 {
			q = query.NewBooleanQuery([]query.Query{q}, nil, c.exclude)
		}
		resp, err := ix.runQuery(ctx, q, r, c.matches, nil, c.unlocatedPrefixes())
		if err != nil {
			return nil, err
		}
		resp.TookMS = time.Since(start).Milliseconds()
		return resp, nil
	}
	resp, err := ix.runCoverage(ctx, cq, c.exclude, r, nil, c)
	if err != nil {
		return nil, err
	}
	switch {
	case resp.Total+resp.SoundsAlike == 0:
		// Nothing matches on a strong layer: rather than no answer, the
		// documents that sound alike on the short keys alone (Cuba and
		// क्यूबा share only the frame "k.b").
		if relaxed := cq.Relaxed(weakOnlyFactor); relaxed != nil {
			if resp, err = ix.runCoverage(ctx, relaxed, c.exclude, r, nil, c); err != nil {
				return nil, err
			}
		}
	case resp.Total < uint64(r.Size) && len(cq.Words) == 1 && cq.Words[0].Fill != nil:
		if resp, err = ix.fillPage(ctx, c, cq, resp, r); err != nil {
			return nil, err
		}
	}
	if !resp.hasStrongHits() {
		if resp.Suggestions, err = ix.suggest(ctx, r.Query); err != nil {
			return nil, err
		}
	}
	resp.TookMS = time.Since(start).Milliseconds()
	return resp, nil
}

// runCoverage runs cq, one of c's coverage queries (c nil: only the hits'
// ids and scores are wanted), without the documents that exclude matches,
// under the sound-alike policy: the sound-alikes it leaves out (none when
// the request asks for every one) are counted in the response's
// SoundsAlike, and those it returns rank under the readings of their
// language. Sound-alikes in the blocked languages are all left out.
func (ix *Index) runCoverage(ctx context.Context, cq *engine.CoverageQuery, exclude []query.Query, r Request, blocked []string, c *compiled) (*Response, error) {
	var explain func(*search.DocumentMatch) ([]Match, string)
	var prefixes map[string][]string
	if c != nil {
		explain, prefixes = c.matches, c.unlocatedPrefixes()
	}
	view := ix.newView(r)
	var hidden *engine.HitTally
	var policy *engine.SoundPolicy
	if ix.languages {
		// Left out or not, a hit the filters drop is not the request's.
		hidden = &engine.HitTally{Counts: engine.NewLangCounts(view), Keep: ix.keywordFilter(view, r)}
		p := &engine.SoundPolicy{Langs: view, Against: soundsAgainst, Alone: soundsAlone, Blocked: blocked, Hidden: hidden}
		if r.SoundsAlike {
			// Every sound-alike, ranked as the policy ranks the ones it
			// returns (under the readings of their language).
			p.Against, p.Alone, p.Blocked = 0, 0, nil
		}
		withPolicy := *cq
		withPolicy.Sounds, policy = p, p
		cq = &withPolicy
	}
	var q query.Query = cq
	if len(exclude) > 0 {
		q = query.NewBooleanQuery([]query.Query{cq}, nil, exclude)
	}
	resp, err := ix.runQuery(ctx, q, r, explain, view, prefixes)
	if err != nil || hidden == nil {
		return resp, err
	}
	resp.spelled = policy.Spelled
	resp.soundsAlikeLangs = hidden.Counts.Facet(maxLangFacets)
	for l, n := range resp.soundsAlikeLangs {
		if len(r.Langs) == 0 || slices.Contains(r.Langs, l) {
			resp.SoundsAlike += uint64(n)
		}
	}
	return resp, nil
}

// fillPage follows the strong hits of a one-word query that do not fill
// a page with the documents that share only a short frame with it (Yemen,
// यमन "yaman"; fill holds those terms), as a page of its own after every
// strong hit. Never skeletons, which join unrelated words (Ukraine and
// करने "krn"), nor initials; and not when the strong hits fill a page,
// since then they would swamp the strong hits in the total and the facets.
func (ix *Index) fillPage(ctx context.Context, c *compiled, cq *engine.CoverageQuery, strong *Response, r Request) (*Response, error) {
	fill := cq.Words[0].Fill
	nStrong := int(strong.Total)
	var ids []string
	if r.From == 0 {
		for _, h := range strong.Hits {
			ids = append(ids, h.ID)
		}
	} else {
		// A later page: the strong hits are looked up again, ids only.
		all, err := ix.runCoverage(ctx, cq, c.exclude, Request{Query: r.Query, Langs: r.Langs, Categories: r.Categories, Filters: r.Filters, Size: nStrong, SoundsAlike: r.SoundsAlike, span: r.span}, nil, nil)
		if err != nil {
			return nil, err
		}
		for _, h := range all.Hits {
			ids = append(ids, h.ID)
		}
	}
	exclude := slices.Clone(c.exclude)
	if len(ids) > 0 {
		exclude = append(exclude, query.NewDocIDQuery(ids))
	}
	fr := r
	fr.From = max(0, r.From-nStrong)
	fr.Size = r.From + r.Size - max(r.From, nStrong)
	// Every filling hit only sounds alike: in a language in which the
	// search found hits, strong or left out, they are all left out.
	var blocked []string
	for _, byLang := range []map[string]int{strong.Facets.Lang, strong.soundsAlikeLangs} {
		for lang, n := range byLang {
			if n > 0 && !slices.Contains(blocked, lang) {
				blocked = append(blocked, lang)
			}
		}
	}
	table, err := ix.langTable()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if !r.SoundsAlike && table != nil {
		// Where the search found hits in every language the request
		// keeps, no filling hit could be shown: no search for them.
		langs := r.Langs
		if len(langs) == 0 {
			langs = table.Names()
		}
		if !slices.ContainsFunc(langs, func(l string) bool { return !slices.Contains(blocked, l) }) {
			return strong, nil
		}
	}
	fq := &engine.CoverageQuery{Words: []engine.CoverageWord{{Strong: &engine.Kinded{Query: fill, Kind: engine.SoundsAlike}}}, Full: 1, TieBreaker: tieBreaker}
	more, err := ix.runCoverage(ctx, fq, exclude, fr, blocked, c)
	if err != nil {
		return nil, err
	}
	strong.Total += more.Total
	// The filling hits left out in a blocked language may be the
	// search's own left-out hits: counted once.
	for lang, n := range more.soundsAlikeLangs {
		if !slices.Contains(blocked, lang) && (len(r.Langs) == 0 || slices.Contains(r.Langs, lang)) {
			strong.SoundsAlike += uint64(n)
		}
	}
	strong.Facets.addFacets(more.Facets)
	if strong.Undated != nil && more.Undated != nil {
		*strong.Undated += *more.Undated
	}
	for _, h := range more.Hits {
		h.Score *= weakOnlyFactor
		strong.Hits = append(strong.Hits, h)
	}
	return strong, nil
}

// newView is the view of one search of r: the snapshot it reads, with
// the dates when it filters or sorts by them.
func (ix *Index) newView(r Request) *engine.View {
	v := engine.NewView(ix.tables, r.span.set || r.Sort == SortPublished)
	if r.Collapse {
		v.NeedGroups()
	}
	return v
}

// runQuery runs q with what the request asks besides the query (language
// filter, page, facets, sort, highlighting) and turns bleve's result into
// lipi's response; explain lists a hit's matches. With explain nil only
// the hits' ids and scores are wanted: no stored fields, locations or
// fragments are read. view is the search's (nil: a new one), which the
// queries in q that read tables were given. prefixes are q's prefix
// queries over terms stored without locations, whose matches completing
// the page finds again (compiled.unlocatedPrefixes).
func (ix *Index) runQuery(ctx context.Context, q query.Query, r Request, explain func(*search.DocumentMatch) ([]Match, string), view *engine.View, prefixes map[string][]string) (*Response, error) {
	if view == nil {
		view = ix.newView(r)
	}
	defer view.Release()
	var counts *engine.LangCounts
	var tally *engine.HitTally
	if r.span.set {
		keep := view.Within(r.span.from, r.span.to)
		if cq, ok := q.(*engine.CoverageQuery); ok {
			kept := *cq
			kept.Keep = keep
			q = &kept
		} else {
			q = &engine.KeepQuery{Query: q, Keep: keep}
		}
	}
	keep := ix.keywordFilter(view, r)
	if cq, ok := q.(*engine.CoverageQuery); ok && len(r.Langs) == 0 && keep == nil && r.Sort == SortRelevance && !r.Collapse {
		// Nothing filters the hits on their way to the collector: the
		// searcher can tell which of them can reach the page.
		ranked := *cq
		ranked.TopK = r.From + r.Size
		if ix.languages {
			counts = engine.NewLangCounts(view)
			tally = &engine.HitTally{Counts: counts}
			ranked.Tally = tally
		}
		q = &ranked
	}
	if len(r.Langs) > 0 && ix.languages {
		q = &engine.LangFilterQuery{Query: q, Table: view, Langs: r.Langs}
	} else if len(r.Langs) > 0 {
		// No language table (not a language field): bleve's terms, whose
		// scores add to the hits'.
		var langs []query.Query
		for _, l := range r.Langs {
			tq := query.NewTermQuery(l)
			tq.SetField(fieldLang)
			langs = append(langs, tq)
		}
		q = query.NewConjunctionQuery([]query.Query{q, query.NewDisjunctionQuery(langs)})
	}
	if keep != nil {
		q = &engine.KeepQuery{Query: q, Keep: keep}
	}
	if ix.languages && counts == nil {
		counts = engine.NewLangCounts(view)
		q = &engine.CountingQuery{Query: q, Counts: counts}
	}
	// The category's and extra fields' facets are counted as the
	// language's is: by the tally when the searcher keeps hits from the
	// collector, else as the hits pass.
	keywordCounts := map[string]*engine.LangCounts{}
	for _, name := range ix.keywordFields() {
		c := engine.NewLangCounts(view.Keyword(name))
		keywordCounts[name] = c
		if tally != nil {
			tally.Also = append(tally.Also, c)
		} else {
			q = &engine.CountingQuery{Query: q, Counts: c}
		}
	}
	var groups map[uint32]int
	size, from := r.Size, r.From
	if r.Collapse {
		// The best matches, enough of them that their groups fill the
		// page (docs/BENCHMARKS.md has how many a page needed), every
		// match counted by group.
		groups = map[uint32]int{}
		q = &engine.GroupCountQuery{Query: q, View: view, Counts: groups}
		size, from = collapseWindow(r.From+r.Size), 0
	}
	req := bleve.NewSearchRequestOptions(q, size, from, false)
	// What each hit of the page is completed with (see completeHits).
	var load *bleve.SearchRequest
	if explain != nil {
		req.IncludeLocations = true
		load = &bleve.SearchRequest{Fields: append([]string{fieldTitle, fieldBody, fieldLang, fieldURL, fieldPublished, fieldCategory}, ix.fields...)}
		if !r.NoHighlight {
			load.Highlight = bleve.NewHighlightWithStyle(engine.HighlighterName)
			load.Highlight.Fields = []string{fieldTitle, fieldBody}
		}
	}
	if counts == nil {
		req.AddFacet(fieldLang, bleve.NewFacetRequest(fieldLang, maxLangFacets))
	}
	var undated *uint64
	if r.Sort == SortPublished {
		undated = new(uint64)
		req.Query = &engine.UndatedQuery{Query: req.Query, Dates: view, Undated: undated}
		req.SortByCustom(search.SortOrder{
			&search.SortField{Field: fieldPublished, Desc: true, Type: search.SortFieldAsDate, Missing: search.SortFieldMissingLast},
			&search.SortScore{Desc: true},
			&search.SortDocID{},
		})
	}
	// Outermost, so that every query under it reads the view's snapshot.
	req.Query = &engine.PinQuery{Query: req.Query, View: view}
	res, err := ix.searchBleve(ctx, req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			return nil, err
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	var collapsed *uint64
	if r.Collapse {
		if res.Total > 0 && !view.Grouped() {
			return nil, &RequestError{Code: "collapse_unsupported", Message: "collapse needs an index built by this version of lipi: rebuild it with 'lipi index'"}
		}
		res.Hits, collapsed = collapse(view, res.Hits, groups, r.From, r.Size)
	}
	if load != nil {
		if err := ix.completeHits(ctx, view, res.Hits, load, prefixes); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	total := res.Total
	if tally != nil {
		total = tally.Total
	}
	resp := &Response{Query: r.Query, Total: total, Hits: []Hit{}, Facets: ix.newFacets(), Undated: undated, Collapsed: collapsed}
	if counts != nil {
		resp.Facets.Lang = counts.Facet(maxLangFacets)
	} else if f, ok := res.Facets[fieldLang]; ok && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			resp.Facets.Lang[t.Term] = t.Count
		}
	}
	for name, c := range keywordCounts {
		counts := c.Facet(maxFieldFacets)
		if name != fieldCategory {
			resp.Facets.Fields[name] = counts
		} else if len(counts) > 0 {
			resp.Facets.Category = counts
		}
	}
	for _, dm := range res.Hits {
		duplicates := 0
		if g := view.GroupOf(dm); r.Collapse && g > 0 {
			duplicates = groups[g] - 1
		}
		if explain == nil {
			resp.Hits = append(resp.Hits, Hit{ID: dm.ID, Score: dm.Score, Duplicates: duplicates})
			continue
		}
		matches, kind := explain(dm)
		h := newHit(dm, !r.NoHighlight, matches)
		h.Match = kind
		h.Fields = ix.extraFields(dm)
		h.Duplicates = duplicates
		resp.Hits = append(resp.Hits, h)
	}
	return resp, nil
}

// collapseWindow is how many of the best matches a collapsed search of a
// page ending at end ranks: several times the page, since a group's
// other documents take places among them.
func collapseWindow(end int) int {
	return min(max(5*end, 200), MaxFrom+5*MaxSize)
}

// collapse keeps the first hit of each content group, in rank order, and
// returns the page from..from+size of them and how many matching
// documents repeat another's content (counts: every match by group).
func collapse(view *engine.View, hits search.DocumentMatchCollection, counts map[uint32]int, from, size int) (search.DocumentMatchCollection, *uint64) {
	seen := map[uint32]bool{}
	var kept search.DocumentMatchCollection
	for _, dm := range hits {
		g := view.GroupOf(dm)
		if g > 0 && seen[g] {
			continue
		}
		seen[g] = true
		kept = append(kept, dm)
	}
	var repeats uint64
	for _, n := range counts {
		repeats += uint64(n - 1)
	}
	if from >= len(kept) {
		return nil, &repeats
	}
	return kept[from:min(from+size, len(kept))], &repeats
}

func fieldString(dm *search.DocumentMatch, field string) string {
	s, _ := dm.Fields[field].(string)
	return s
}

// extraFields are the stored values of the index's extra fields of a hit
// loaded with them; nil when it has none.
func (ix *Index) extraFields(dm *search.DocumentMatch) map[string]string {
	var out map[string]string
	for _, name := range ix.fields {
		if v := fieldString(dm, name); v != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[name] = v
		}
	}
	return out
}

// newHit turns a bleve match into lipi's hit: stored fields, fragments and
// the query word → document word pairs.
func newHit(dm *search.DocumentMatch, highlight bool, matches []Match) Hit {
	h := Hit{
		ID:        dm.ID,
		Score:     dm.Score,
		Lang:      fieldString(dm, fieldLang),
		Title:     fieldString(dm, fieldTitle),
		URL:       fieldString(dm, fieldURL),
		Published: fieldString(dm, fieldPublished),
		Category:  fieldString(dm, fieldCategory),
		Fragments: map[string][]string{},
		Matches:   []Match{},
	}
	if highlight {
		for _, field := range textFields {
			if frags := dm.Fragments[field]; len(frags) > 0 {
				for i := range frags {
					frags[i] = tidyFragment(frags[i])
				}
				h.Fragments[field] = frags
			}
		}
		if _, ok := h.Fragments[fieldTitle]; !ok && h.Title != "" {
			h.Fragments[fieldTitle] = []string{html.EscapeString(h.Title)}
		}
	}
	h.Matches = matches
	if highlight {
		// bleve marks every location of every matched term, the weak ones
		// too; only the words the hit's matches name stay marked.
		words := map[string]bool{}
		for _, m := range matches {
			words[html.EscapeString(m.Term)] = true
		}
		for field, frags := range h.Fragments {
			for i := range frags {
				frags[i] = unmarkOthers(frags[i], words)
			}
			h.Fragments[field] = frags
		}
	}
	return h
}

// unmarkOthers removes the <mark> around words of an HTML fragment that are
// not in words (escaped as in the fragment).
func unmarkOthers(frag string, words map[string]bool) string {
	var b strings.Builder
	for {
		start := strings.Index(frag, "<mark>")
		if start < 0 {
			break
		}
		end := strings.Index(frag[start:], "</mark>")
		if end < 0 {
			break
		}
		word := frag[start+len("<mark>") : start+end]
		b.WriteString(frag[:start])
		if words[word] {
			b.WriteString(frag[start : start+end+len("</mark>")])
		} else {
			b.WriteString(word)
		}
		frag = frag[start+end+len("</mark>"):]
	}
	b.WriteString(frag)
	return b.String()
}

// ellipsis is what bleve's fragmenter puts where it cut the text.
const ellipsis = "…"

// tidyFragment moves a fragment's cut ends to word boundaries: bleve cuts
// at a rune, which can leave half a word, or in Devanagari and Bengali a
// vowel sign without its letter ("…ा की").
func tidyFragment(frag string) string {
	if rest, ok := strings.CutPrefix(frag, ellipsis); ok {
		space := strings.IndexAny(rest, " \n\t")
		mark := strings.Index(rest, "<mark>")
		if space >= 0 && (mark < 0 || space < mark) {
			frag = ellipsis + strings.TrimLeft(rest[space:], " \n\t")
		}
	}
	if rest, ok := strings.CutSuffix(frag, ellipsis); ok {
		space := strings.LastIndexAny(rest, " \n\t")
		mark := strings.LastIndex(rest, "</mark>")
		if space >= 0 && space > mark {
			frag = strings.TrimRight(rest[:space], " \n\t") + ellipsis
		}
	}
	return frag
}

const maxMatchesPerHit = 30

// matches explains a hit: for every matched term location, the query word
// it stands for, the document's word at that place, and the layer; and
// how the hit matched as a whole (Hit.Match).
func (c *compiled) matches(dm *search.DocumentMatch) ([]Match, string) {
	seen := map[Match]bool{}
	type ranked struct {
		m    Match
		rank int
	}
	var out, weak []ranked
	spelled, synonym := false, false
	matchedWords(dm, func(term, word string) {
		src, how, ok := c.sourceOf(term)
		if !ok {
			return
		}
		if !src.weak {
			switch {
			case how == fuzzyMatch || soundLayer(src.layer):
			case src.layer == analyzers.LayerSynonym:
				synonym = true
			case src.layer == analyzers.LayerNative || src.layer == analyzers.LayerLatin || src.layer == analyzers.LayerPhonetic:
				spelled = true
			}
		}
		m := Match{Query: src.query, Term: word, Layer: src.layer}
		if !seen[m] {
			seen[m] = true
			if src.weak {
				weak = append(weak, ranked{m, layerRank(src.layer)})
			} else {
				out = append(out, ranked{m, layerRank(src.layer)})
			}
		}
	})
	// Weak terms only lift a hit that matches otherwise, and are not its
	// matches; a hit that only they found (see Search) lists them.
	if len(out) == 0 {
		out = weak
	}
	slices.SortStableFunc(out, func(a, b ranked) int { return a.rank - b.rank })
	// Keep one match per (query word, document word): the strongest layer.
	pair := map[[2]string]bool{}
	matches := []Match{}
	for _, r := range out {
		k := [2]string{r.m.Query, r.m.Term}
		if pair[k] {
			continue
		}
		pair[k] = true
		matches = append(matches, r.m)
		if len(matches) == maxMatchesPerHit {
			break
		}
	}
	kind := MatchSoundsAlike
	switch {
	case c.holdsOwnPhrase(dm):
		kind = MatchExact
	case spelled:
		kind = MatchTransliterated
	case synonym:
		kind = MatchSynonym
	}
	return matches, kind
}

// holdsOwnPhrase tells whether a hit holds the query as typed: its words'
// native terms side by side in one field, as the engine's own-spelling
// clause found them.
func (c *compiled) holdsOwnPhrase(dm *search.DocumentMatch) bool {
	if len(c.ownPhrase) == 0 {
		return false
	}
	for _, field := range textFields {
		locs := dm.Locations[field]
		for _, start := range locs[c.ownPhrase[0]] {
			whole := true
			for i, term := range c.ownPhrase[1:] {
				if term == "" {
					continue
				}
				at := slices.ContainsFunc(locs[term], func(l *search.Location) bool { return l.Pos == start.Pos+uint64(i+1) })
				if !at {
					whole = false
					break
				}
			}
			if whole {
				return true
			}
		}
	}
	return false
}

// How a matched term was found: it is a term of the query, a completion
// of a half-typed word, or an edit-distance neighbour of a key.
const (
	directMatch = iota
	prefixMatch
	fuzzyMatch
)

// sourceOf finds the query word behind a matched term: directly, or for a
// term found by a fuzzy or prefix query, the nearest such query in its
// layer.
func (c *compiled) sourceOf(term string) (termSource, int, bool) {
	if s, ok := c.sources[term]; ok {
		return s, directMatch, true
	}
	layer, _ := analyzers.SplitTerm(term)
	best, bestDist, how := termSource{}, -1, fuzzyMatch
	for _, e := range c.expansions {
		el, _ := analyzers.SplitTerm(e.term)
		if el != layer {
			continue
		}
		d := editDistance(e.term, term)
		if e.prefix && strings.HasPrefix(term, e.term) {
			d = 0
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist, how = e.source, d, fuzzyMatch
			if e.prefix {
				how = prefixMatch
			}
		}
	}
	return best, how, bestDist >= 0
}

// editDistance is the Levenshtein distance between two short strings, by
// rune.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// plainMatches lists the matched terms of a hit of a plain index
// (OpenPlain) with the document's words at their locations.
func plainMatches(dm *search.DocumentMatch) ([]Match, string) {
	matches := []Match{}
	seen := map[Match]bool{}
	matchedWords(dm, func(term, word string) {
		m := Match{Query: term, Term: word, Layer: analyzers.LayerNative}
		if !seen[m] && len(matches) < maxMatchesPerHit {
			seen[m] = true
			matches = append(matches, m)
		}
	})
	// A plain index has the words as written and nothing else.
	return matches, MatchExact
}

// matchedWords calls f with each matched term of a hit and the document's
// word at each of its locations, field by field and term by term in a
// fixed order.
func matchedWords(dm *search.DocumentMatch, f func(term, word string)) {
	for _, field := range textFields {
		text := fieldString(dm, field)
		terms := make([]string, 0, len(dm.Locations[field]))
		for term := range dm.Locations[field] {
			terms = append(terms, term)
		}
		slices.Sort(terms)
		for _, term := range terms {
			for _, loc := range dm.Locations[field][term] {
				if loc.Start <= loc.End && int(loc.End) <= len(text) {
					f(term, text[loc.Start:loc.End])
				}
			}
		}
	}
}
