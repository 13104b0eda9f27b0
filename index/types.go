package index

import "github.com/lipisearch/lipi/analyzers"

// Request is one search, as the CLI and the API both ask it.
type Request struct {
	// Query is the user's text in any script or mix of scripts; double
	// quotes mark a phrase.
	Query string
	// From is the number of hits to skip; Size the number to return.
	From, Size int
	// Langs keeps only documents in these languages (empty: all).
	Langs []string
	// Categories keeps only documents filed under one of these categories
	// (empty: all, those without a category too).
	Categories []string
	// Filters keeps only the documents whose extra field (a key: one of
	// the index's Fields) has one of the values given for it; with several
	// fields, a document must pass each.
	Filters map[string][]string
	// Sort is SortRelevance (the default when empty) or SortPublished.
	Sort string
	// Prefix lets the last query word match as a prefix too, for
	// search-as-you-type.
	Prefix bool
	// NoFuzzy switches off edit-distance matching on the folded key.
	NoFuzzy bool
	// NoHighlight leaves out the highlighted fragments.
	NoHighlight bool
	// NoSynonyms ignores the synonym map stored with the index.
	NoSynonyms bool
	// SoundsAlike returns every hit that only sounds alike (frame,
	// skeleton, fuzzy key), not only the confident ones: see
	// Response.SoundsAlike.
	SoundsAlike bool
	// SkipLayers are layers not searched (to measure what each brings).
	SkipLayers []analyzers.Layer
	// FromDate and ToDate keep only the documents published between them,
	// both included: a date (YYYY-MM-DD, a day in UTC; as ToDate, the
	// whole of that day) or an RFC 3339 date-time. Either may be empty;
	// with either one given, undated documents are left out.
	FromDate, ToDate string
	// Collapse shows the documents of the same title and body as one hit,
	// the best-ranked, with the number of the others (Hit.Duplicates);
	// From and Size count hits so collapsed. Total and the facets still
	// count every matching document.
	Collapse bool
	// span is FromDate and ToDate as Validate read them.
	span dateSpan
}

// dateSpan is a request's date filter in nanoseconds since 1970 UTC, both
// ends included; set tells that there is one.
type dateSpan struct {
	set      bool
	from, to int64
}

// Sort orders.
const (
	SortRelevance = "relevance"
	SortPublished = "published"
)

// Limits of a request; the API turns a violation into a 400.
const (
	MaxQueryBytes = 1024
	MaxSize       = 100
	MaxFrom       = 10000
	DefaultSize   = 10
)

// maxLangFacets is how many languages a response's facet lists at most,
// the most frequent first.
const maxLangFacets = 50

// maxFieldFacets is how many values of the category or of an extra field
// a response's facet lists at most, the most frequent first.
const maxFieldFacets = 50

// MaxFilterValues is how many values a request may name in its category
// filter, and in the filter of each extra field.
const MaxFilterValues = 100

// Response is the result of a search; its JSON form is the contract of
// `lipi search --json` and `GET /api/search`.
type Response struct {
	// Query is the query as received.
	Query string `json:"query"`
	// Total is the number of matching documents (before From/Size).
	Total uint64 `json:"total"`
	// TookMS is the time the search took, in milliseconds.
	TookMS int64 `json:"took_ms"`
	// Hits are the requested page of matching documents, best first.
	Hits []Hit `json:"hits"`
	// Facets count the matching documents by language, category and
	// extra field.
	Facets Facets `json:"facets"`
	// SoundsAlike is the number of matching documents left out of Hits,
	// Total and Facets because they only sound alike and too weakly to
	// be shown (Request.SoundsAlike asks for them); an exact count.
	SoundsAlike uint64 `json:"sounds_alike"`
	// Undated, with Request.Sort SortPublished, is how many of the
	// matching documents have no date: they come after every dated one.
	Undated *uint64 `json:"undated,omitempty"`
	// Collapsed, with Request.Collapse, is how many matching documents
	// are not hits of their own because they repeat another's title and
	// body.
	Collapsed *uint64 `json:"collapsed,omitempty"`
	// Suggestions, only when the search found no strong hit (none
	// through the query's own spelling or a reading of it), are the query
	// with its words the index does not know replaced by near ones in
	// the same script ("did you mean"), best first; never the query
	// itself.
	Suggestions []string `json:"suggestions,omitempty"`
	// soundsAlikeLangs counts the left-out hits by language, the
	// languages a request does not keep too.
	soundsAlikeLangs map[string]int
	// spelled counts the hits a spelling matched (SoundPolicy.Spelled).
	spelled uint64
}

// How a hit matched the query as a whole (Hit.Match), strongest first.
const (
	// MatchExact: every query word in its own spelling.
	MatchExact = "exact"
	// MatchTransliterated: some query word through a reading of it
	// (another script's spelling, a key that keeps the vowels), or in
	// its own spelling while others are missing or read.
	MatchTransliterated = "transliterated"
	// MatchSynonym: only through the synonym map.
	MatchSynonym = "synonym"
	// MatchSoundsAlike: only through a frame, skeleton or fuzzy key.
	MatchSoundsAlike = "sounds_alike"
)

// Hit is one matching document.
type Hit struct {
	ID    string  `json:"id"`
	Score float64 `json:"score"`
	Lang  string  `json:"lang"`
	Title string  `json:"title"`
	// Match says how the hit matched the query as a whole: MatchExact,
	// MatchTransliterated, MatchSynonym or MatchSoundsAlike.
	Match string `json:"match"`
	// URL and Published only when the document has them (Published in RFC
	// 3339).
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
	// Category and Fields (the index's extra fields, by name) only when
	// the document has them.
	Category string            `json:"category,omitempty"`
	Fields   map[string]string `json:"fields,omitempty"`
	// Duplicates, with Request.Collapse, is how many other matching
	// documents have the same title and body.
	Duplicates int `json:"duplicates,omitempty"`
	// Fragments are HTML: matched words in <mark>, all else escaped; keyed
	// by field ("title", "body").
	Fragments map[string][]string `json:"fragments"`
	// Matches say which query word met which word of the document, through
	// which layer.
	Matches []Match `json:"matches"`
}

// Match is a query word and the document word it matched.
type Match struct {
	// Query is the query word as typed.
	Query string `json:"query"`
	// Term is the document's word as written.
	Term string `json:"term"`
	// Layer is the layer through which they met: native, latin, phonetic,
	// skeleton or synonym.
	Layer analyzers.Layer `json:"layer"`
}

// Facets of a response.
type Facets struct {
	// Lang counts matching documents by language code.
	Lang map[string]int `json:"lang"`
	// Category counts matching documents by category; absent when none
	// of them has one.
	Category map[string]int `json:"category,omitempty"`
	// Fields counts matching documents by the value of each extra field
	// of the index (every one is there, empty when no matching document
	// has a value); absent when the index has no extra fields.
	Fields map[string]map[string]int `json:"fields,omitempty"`
}
