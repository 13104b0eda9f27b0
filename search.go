package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/lipisearch/lipi/index"
	"github.com/lipisearch/lipi/index/opensearch"
)

// runSearch is `lipi search`: one search of an index, printed as the API
// answers it (--json) or for reading.
func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("search", "[--] QUERY", stderr)
	path := fs.String("index", defaultIndex, "the index to search")
	size := fs.Int("size", index.DefaultSize, "number of hits (1-100)")
	from := fs.Int("from", 0, "hits to skip")
	langs := fs.String("lang", "", "only these languages (comma-separated codes, e.g. bn,hi)")
	categories := fs.String("category", "", "only these categories (comma-separated, e.g. sports,politics)")
	var filters stringList
	fs.Var(&filters, "filter", "only documents whose field NAME (see lipi index --field) is one of the comma-separated values: `NAME=VALUE[,VALUE]` (repeatable)")
	sortBy := fs.String("sort", index.SortRelevance, "relevance or published (newest first)")
	prefix := fs.Bool("prefix", false, "let the last word match as a prefix")
	soundsAlike := fs.Bool("sounds-alike", false, "return every document that only sounds alike, not only the confident ones")
	collapse := fs.Bool("collapse", false, "show the documents of the same title and body as one hit, with the number of the others")
	fromDate := fs.String("from-date", "", "only documents published on or after this `date` (YYYY-MM-DD or RFC 3339)")
	toDate := fs.String("to-date", "", "only documents published on or before this `date` (YYYY-MM-DD: the whole day, or RFC 3339)")
	asJSON := fs.Bool("json", false, "print the JSON response of the search API")
	var bf backendFlags
	bf.register(fs)
	var lf layerFlags
	if err := lf.parse(fs, args); err != nil {
		return err
	}
	q := strings.Join(fs.Args(), " ")
	req := index.Request{
		Query: q, Size: *size, From: *from, Sort: *sortBy, Prefix: *prefix, SoundsAlike: *soundsAlike, Collapse: *collapse,
		FromDate: *fromDate, ToDate: *toDate,
		NoSynonyms: lf.noSynonyms, NoFuzzy: lf.noFuzzy, SkipLayers: lf.skipLayers(),
	}
	if *langs != "" {
		req.Langs = strings.Split(*langs, ",")
	}
	req.Categories = splitList(*categories)
	for _, f := range filters {
		name, values, ok := strings.Cut(f, "=")
		if !ok || name == "" {
			return usagef("--filter %q: want NAME=VALUE", f)
		}
		if req.Filters == nil {
			req.Filters = map[string][]string{}
		}
		req.Filters[name] = append(req.Filters[name], splitList(values)...)
	}
	if err := req.Validate(); err != nil {
		return usageError{err.Error()}
	}
	cluster, err := bf.config()
	if err != nil {
		return err
	}
	defer libraryLog(io.Discard)()
	var ix interface {
		Search(context.Context, index.Request) (*index.Response, error)
		Close() error
	}
	if cluster != nil {
		ix, err = opensearch.Open(ctx, *cluster)
	} else {
		ix, err = index.Open(*path)
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	resp, err := ix.Search(ctx, req)
	if re := new(index.RequestError); errors.As(err, &re) {
		return usageError{err.Error()} // a filter on a field the index lacks
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, resp)
	}
	printHits(stdout, resp)
	return nil
}

// splitList reads a comma-separated list as the API's parameters are read:
// blanks around items and empty items dropped.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// writeJSON prints v as the API writes its bodies: HTML characters as they
// are (fragments hold <mark>), a trailing newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// printHits is the readable form of a search response.
func printHits(w io.Writer, resp *index.Response) {
	more := ""
	if resp.SoundsAlike > 0 {
		more = fmt.Sprintf(", %d more that only sound alike (--sounds-alike)", resp.SoundsAlike)
	}
	if resp.Undated != nil && *resp.Undated > 0 {
		more += fmt.Sprintf(", %d of them undated (last)", *resp.Undated)
	}
	fmt.Fprintf(w, "%d hits for %q%s (%d ms)\n", resp.Total, resp.Query, more, resp.TookMS)
	if len(resp.Suggestions) > 0 {
		fmt.Fprintf(w, "Did you mean: %s\n", strings.Join(resp.Suggestions, " · "))
	}
	for i, h := range resp.Hits {
		fmt.Fprintf(w, "\n%2d. %s  [%s]  %s  (%s, score %.3f)\n", i+1, h.Title, h.Lang, h.ID, strings.ReplaceAll(h.Match, "_", " "), h.Score)
		for _, frag := range h.Fragments["body"] {
			fmt.Fprintf(w, "    %s\n", markToTerminal(frag))
		}
		var ms []string
		for _, m := range h.Matches {
			ms = append(ms, fmt.Sprintf("%s ↔ %s (%s)", m.Query, m.Term, m.Layer))
		}
		if len(ms) > 0 {
			fmt.Fprintf(w, "    matched: %s\n", strings.Join(ms, ", "))
		}
	}
}

// markToTerminal turns a highlighted HTML fragment into plain text with the
// matched words in [brackets].
func markToTerminal(frag string) string {
	frag = strings.NewReplacer("<mark>", "[", "</mark>", "]", "\n", " ").Replace(frag)
	return html.UnescapeString(frag)
}
