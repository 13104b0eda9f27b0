package opensearch

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opensearch-project/opensearch-go/v4/opensearchapi"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index"
	"github.com/lipisearch/lipi/index/opensearch/cluster"
)

// seeds is the repository's seed folder, which the queries of
// api/testdata/queries-dev.tsv are written against.
var seeds = filepath.Join("..", "..", "seeds")

// TestCluster runs every test that needs the cluster as a subtest, so that
// a cluster ForTest starts is started once.
func TestCluster(t *testing.T) {
	c := cluster.ForTest(t)
	urls := c.URLs()
	t.Run("QueriesDev", func(t *testing.T) { testQueriesDev(t, urls) })
	t.Run("Page", func(t *testing.T) { testPage(t, urls) })
	t.Run("RebuildSteps", func(t *testing.T) { testRebuildSteps(t, urls) })
	t.Run("Lock", func(t *testing.T) { testLock(t, urls) })
	t.Run("Down", func(t *testing.T) { testDown(t, urls) })
	t.Run("BadInput", func(t *testing.T) { testBadInput(t, urls) })
	t.Run("Writes", func(t *testing.T) { testWrites(t, urls) })
	t.Run("Collapse", func(t *testing.T) { testCollapse(t, urls) })
	t.Run("Suggest", func(t *testing.T) { testSuggest(t, urls) })
	t.Run("Fill", func(t *testing.T) { testFill(t, urls) })
	t.Run("Similarity", func(t *testing.T) { testSimilarity(t, urls) })
}

// alias is a fresh alias name for one test, so that tests and runs do
// not meet.
func alias(t *testing.T) string {
	name := strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()))
	return fmt.Sprintf("lipitest-%s-%d", name, time.Now().UnixNano()%1e9)
}

// build rebuilds docs into a new alias and opens it; the alias and its
// index are deleted when t ends.
func build(t *testing.T, urls []string, docs string) (*Backend, Config) {
	t.Helper()
	cfg := Config{URLs: urls, Index: alias(t)}
	ctx := context.Background()
	if err := Rebuild(ctx, docs, cfg, RebuildOptions{Replicas: -1}); err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	t.Cleanup(func() { dropAll(t, cfg) })
	b, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return b, cfg
}

// dropAll deletes every index of the alias.
func dropAll(t *testing.T, cfg Config) {
	c, err := newClient(cfg)
	if err != nil {
		t.Error(err)
		return
	}
	c.Indices.Delete(context.Background(), opensearchapi.IndicesDeleteReq{Indices: []string{cfg.Index + "-*"}})
}

// concrete lists the indexes of the alias: the one it points at and the
// others.
func concrete(t *testing.T, cfg Config) (string, []string) {
	t.Helper()
	c, err := newClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cur, rest, err := indexesOf(context.Background(), c, cfg.Index)
	if err != nil {
		t.Fatal(err)
	}
	return cur, rest
}

// The development queries find on the cluster what they must, and what
// the embedded index finds: same hits, same first hit.
func testQueriesDev(t *testing.T, urls []string) {
	b, _ := build(t, urls, seeds)
	dir := t.TempDir()
	if err := index.Rebuild(seeds, filepath.Join(dir, "seeds.bleve"), index.RebuildOptions{}); err != nil {
		t.Fatal(err)
	}
	embedded, err := index.Open(filepath.Join(dir, "seeds.bleve"))
	if err != nil {
		t.Fatal(err)
	}
	defer embedded.Close()
	f, err := os.Open(filepath.Join("..", "..", "api", "testdata", "queries-dev.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx := context.Background()
	rows := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "query\t") {
			continue
		}
		q, expected, _ := strings.Cut(line, "\t")
		rows++
		want := strings.Fields(expected)
		if len(want) == 1 && want[0] == "-" {
			want = nil
		}
		resp, err := b.Search(ctx, index.Request{Query: q, Size: 10})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		got := ids(resp)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: the cluster finds %v, want %v", q, got, want)
		}
		emb, err := embedded.Search(ctx, index.Request{Query: q, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		// Where the embedded index ranks one hit clearly first (BM25 on
		// three documents leaves near ties otherwise), so does the cluster.
		clear := len(emb.Hits) == 1 || len(emb.Hits) > 1 && emb.Hits[0].Score >= 1.1*emb.Hits[1].Score
		if clear && len(resp.Hits) > 0 && emb.Hits[0].ID != resp.Hits[0].ID {
			t.Errorf("%q: first hit %s on the cluster, %s embedded", q, resp.Hits[0].ID, emb.Hits[0].ID)
		}
	}
	if rows < 10 {
		t.Fatalf("only %d queries read", rows)
	}
}

func ids(resp *index.Response) []string {
	var out []string
	for _, h := range resp.Hits {
		out = append(out, h.ID)
	}
	return out
}

// A page from the cluster reads as the embedded index's: highlighted
// original words, matches, facets, documents by id, a count.
func testPage(t *testing.T, urls []string) {
	b, _ := build(t, urls, seeds)
	ctx := context.Background()
	resp, err := b.Search(ctx, index.Request{Query: "Dixit", Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Total == 0 || len(resp.Hits) == 0 {
		t.Fatalf("no hit: %+v", resp)
	}
	sum := 0
	for _, n := range resp.Facets.Lang {
		sum += n
	}
	if uint64(sum) != resp.Total {
		t.Errorf("language facet counts %d, total %d", sum, resp.Total)
	}
	marked := false
	for _, h := range resp.Hits {
		if len(h.Matches) == 0 {
			t.Errorf("hit %s has no matches", h.ID)
		}
		for _, frags := range h.Fragments {
			for _, f := range frags {
				marked = marked || strings.Contains(f, "<mark>")
			}
		}
	}
	if !marked {
		t.Error("no fragment marks a word")
	}
	d, err := b.Document(resp.Hits[0].ID)
	if err != nil || d.ID != resp.Hits[0].ID || d.Body == "" {
		t.Errorf("Document(%s) = %+v, %v", resp.Hits[0].ID, d, err)
	}
	if _, err := b.Document("no-such-document"); !errors.Is(err, index.ErrNoDocument) {
		t.Errorf("an unknown id gives %v", err)
	}
	n, err := b.Count()
	if err != nil || n != 3 {
		t.Errorf("Count() = %d, %v; want 3", n, err)
	}
	if b.Built().IsZero() {
		t.Error("no build time")
	}
	lang, err := b.Search(ctx, index.Request{Query: "Dixit", Size: 10, Langs: []string{"bn"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range lang.Hits {
		if h.Lang != "bn" {
			t.Errorf("lang=bn returned a %s hit", h.Lang)
		}
	}
	page2, err := b.Search(ctx, index.Request{Query: "Dixit", Size: 1, From: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(page2.Hits) != 1 || page2.Hits[0].ID != resp.Hits[1].ID {
		t.Errorf("from=1 size=1 gives %v, want %s", ids(page2), resp.Hits[1].ID)
	}
}

// A rebuild stopped at any step leaves the alias on a complete index, and
// the next rebuild succeeds and leaves no other index behind.
func testRebuildSteps(t *testing.T, urls []string) {
	b, cfg := build(t, urls, seeds)
	_ = b
	two := t.TempDir()
	for _, name := range []string{"000_311e7184e0d3fb2c.txt", "001_5bda542212b799a6.txt"} {
		data, err := os.ReadFile(filepath.Join(seeds, name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(two, name), data, 0o644)
	}
	for _, stop := range []string{"load", "build", "verify", "swap1", "swap2", "swap3"} {
		ctx, cancel := context.WithCancel(context.Background())
		err := Rebuild(ctx, two, cfg, RebuildOptions{Replicas: -1, AtStep: func(step string) {
			if step == stop {
				cancel()
			}
		}})
		cancel()
		moved := stop == "swap2" || stop == "swap3"
		if err == nil && !moved {
			t.Errorf("stopped at %s: the rebuild reports success", stop)
		}
		n, cerr := countOf(cfg)
		if cerr != nil {
			t.Fatalf("stopped at %s: the alias does not answer: %v", stop, cerr)
		}
		if n != 3 && n != 2 || (moved && n != 2) {
			t.Errorf("stopped at %s: the alias holds %d documents", stop, n)
		}
		// The next rebuild (of all three) succeeds and cleans up.
		if err := Rebuild(context.Background(), seeds, cfg, RebuildOptions{Replicas: -1}); err != nil {
			t.Fatalf("after a rebuild stopped at %s: %v", stop, err)
		}
		if n, _ := countOf(cfg); n != 3 {
			t.Errorf("after a rebuild stopped at %s: %d documents", stop, n)
		}
		if cur, rest := concrete(t, cfg); cur == "" || len(rest) > 0 {
			t.Errorf("after a rebuild stopped at %s: alias on %q, others %v", stop, cur, rest)
		}
	}
}

func countOf(cfg Config) (uint64, error) {
	b, err := Open(context.Background(), cfg)
	if err != nil {
		return 0, err
	}
	return b.Count()
}

// A second rebuild of the same alias fails at once while one runs.
func testLock(t *testing.T, urls []string) {
	_, cfg := build(t, urls, seeds)
	held, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- Rebuild(context.Background(), seeds, cfg, RebuildOptions{Replicas: -1, AtStep: func(step string) {
			if step == "verify" {
				close(held)
				<-release
			}
		}})
	}()
	select {
	case <-held:
	case err := <-done:
		t.Fatalf("the first rebuild ended: %v", err)
	}
	err := Rebuild(context.Background(), seeds, cfg, RebuildOptions{Replicas: -1})
	var le *LockedError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), fmt.Sprint(os.Getpid())) {
		t.Errorf("a second rebuild gives %v, want a LockedError naming this process", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("the first rebuild: %v", err)
	}
	if err := Rebuild(context.Background(), seeds, cfg, RebuildOptions{Replicas: -1}); err != nil {
		t.Errorf("a rebuild after the lock was released: %v", err)
	}
}

// A cluster that stops answering gives errors that wrap
// index.ErrUnavailable (the API's 503), never a panic; it is cut here by
// closing a real TCP relay between lipi and a node.
func testDown(t *testing.T, urls []string) {
	_, cfg := build(t, urls, seeds)
	relay := cluster.StartRelay(t, strings.TrimPrefix(urls[0], "http://"))
	b, err := Open(context.Background(), Config{URLs: []string{relay.URL()}, Index: cfg.Index, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Search(context.Background(), index.Request{Query: "Dixit", Size: 10}); err != nil {
		t.Fatalf("through the relay: %v", err)
	}
	relay.Close()
	time.Sleep(metaTTL)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err = b.Search(ctx, index.Request{Query: "Dixit", Size: 10})
	if !errors.Is(err, index.ErrUnavailable) {
		t.Errorf("search of a cluster that is down: %v, want ErrUnavailable", err)
	}
	if _, err := b.Count(); !errors.Is(err, index.ErrUnavailable) {
		t.Errorf("count of a cluster that is down: %v, want ErrUnavailable", err)
	}
	_, err = Open(context.Background(), Config{URLs: []string{relay.URL()}, Index: cfg.Index})
	if !errors.Is(err, index.ErrUnavailable) || strings.Contains(err.Error(), "\n") {
		t.Errorf("opening a cluster that is down: %v, want one line wrapping ErrUnavailable", err)
	}
}

// Bad input is refused before anything is sent, and an alias that is not
// there is said plainly.
func testBadInput(t *testing.T, urls []string) {
	ctx := context.Background()
	for _, name := range []string{"", "Upper", "a b", "_x", "a*", strings.Repeat("a", 201)} {
		if _, err := Open(ctx, Config{URLs: urls, Index: name}); err == nil {
			t.Errorf("index name %q accepted", name)
		}
	}
	for _, u := range []string{"", "127.0.0.1:9200", "ftp://x", "http://user:pw@127.0.0.1:9200"} {
		if _, err := ParseURLs(u); err == nil {
			t.Errorf("URLs %q accepted", u)
		}
	}
	_, err := Open(ctx, Config{URLs: urls, Index: "lipitest-never-built"})
	if !errors.Is(err, ErrNoIndex) {
		t.Errorf("an alias never built: %v, want ErrNoIndex", err)
	}
	b, _ := build(t, urls, seeds)
	for _, r := range []index.Request{{Query: "", Size: 10}, {Query: "\xff", Size: 10}, {Query: strings.Repeat("x", 5000), Size: 10}, {Query: "x", Size: 1000}} {
		_, err := b.Search(ctx, r)
		var re *index.RequestError
		if !errors.As(err, &re) {
			t.Errorf("request %.20q size %d: %v, want a RequestError", r.Query, r.Size, err)
		}
	}
}

// putTitle writes one document through b.
func putTitle(t *testing.T, b *Backend, id, title string) {
	t.Helper()
	docs, err := b.ParseDocuments(strings.NewReader(fmt.Sprintf(`{"id":%q,"title":%q,"lang":"en"}`, id, title)), "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Put(docs); err != nil {
		t.Fatalf("put %s: %v", id, err)
	}
}

// titleOf is the title of the document id behind the alias, "" for none.
func titleOf(t *testing.T, b *Backend, id string) string {
	t.Helper()
	d, err := b.Document(id)
	if errors.Is(err, index.ErrNoDocument) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return d.Title
}

// Writes through the backend are searchable once acknowledged, replace
// and delete as on the embedded index, and survive rebuilds: those made
// before one, and those made while it runs on either side of the alias
// move, with the later of two writes of an id winning.
func testWrites(t *testing.T, urls []string) {
	b, cfg := build(t, urls, seeds)
	ctx := context.Background()
	putTitle(t, b, "desk/w1", "Vaidyanathan sworn in")
	resp, err := b.Search(ctx, index.Request{Query: "Vaidyanathan", Size: 10})
	if err != nil || resp.Total != 1 || resp.Hits[0].ID != "desk/w1" {
		t.Fatalf("a written document is not found at once: %+v, %v", resp, err)
	}
	putTitle(t, b, "desk/w1", "Vaidyanathan resigns")
	if got := titleOf(t, b, "desk/w1"); got != "Vaidyanathan resigns" {
		t.Errorf("after a second put: title %q", got)
	}
	const seed = "001_5bda542212b799a6"
	if err := b.Delete(seed); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{seed, "never-written"} {
		if err := b.Delete(id); !errors.Is(err, index.ErrNoDocument) {
			t.Errorf("delete of %s, which is not there: %v, want ErrNoDocument", id, err)
		}
	}
	if n, _ := b.Count(); n != 3 {
		t.Errorf("after one put and one delete: %d documents, want 3", n)
	}
	if _, err := b.ParseDocuments(strings.NewReader("{\"id\":\"x\"}\nnot json\n"), "body"); err == nil {
		t.Error("a bad line parsed")
	}

	// A rebuild of the seeds with writes on each side of the alias move.
	err = Rebuild(ctx, seeds, cfg, RebuildOptions{Replicas: -1, AtStep: func(step string) {
		switch step {
		case "verify": // before the first replay
			putTitle(t, b, "desk/w2", "Kesavan arrives")
			putTitle(t, b, "desk/w1", "Vaidyanathan returns")
		case "swap1": // after it, before the move
			putTitle(t, b, "desk/w3", "Kesavan leaves")
		case "swap2": // after the move
			putTitle(t, b, "desk/w4", "Kesavan returns")
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(metaTTL)
	want := map[string]string{"desk/w1": "Vaidyanathan returns", "desk/w2": "Kesavan arrives", "desk/w3": "Kesavan leaves", "desk/w4": "Kesavan returns", seed: ""}
	for id, title := range want {
		if got := titleOf(t, b, id); got != title {
			t.Errorf("after the rebuild, %s has title %q, want %q", id, got, title)
		}
	}
	if resp, err := b.Search(ctx, index.Request{Query: "Kesavan", Size: 10}); err != nil || resp.Total != 3 {
		t.Errorf("after the rebuild, Kesavan finds %v (%v), want the 3 written documents", resp, err)
	}
	// The replayed versions do not block a later write.
	putTitle(t, b, "desk/w2", "Kesavan departs")
	if got := titleOf(t, b, "desk/w2"); got != "Kesavan departs" {
		t.Errorf("a put after the rebuild: title %q", got)
	}
}

// collapsed is a collapsed page as "id+duplicates" items.
func collapsed(resp *index.Response) string {
	var out []string
	for _, h := range resp.Hits {
		out = append(out, fmt.Sprintf("%s+%d", h.ID, h.Duplicates))
	}
	return strings.Join(out, " ")
}

// Collapse on the cluster shows what the embedded index shows: one hit a
// content group, the best-ranked, with the number of the others, page by
// page, and how many documents repeat another's.
func testCollapse(t *testing.T, urls []string) {
	docs := docsDir(t,
		`{"id":"a1","title":"Dikshit sworn in","body":"Sheila Dikshit took the oath.","lang":"en"}`,
		`{"id":"a2","title":"Dikshit sworn in","body":"Sheila Dikshit took the oath.","lang":"en"}`,
		`{"id":"a3","title":"Dikshit sworn in","body":"Sheila Dikshit took the oath.","lang":"en"}`,
		`{"id":"b1","title":"Dikshit sworn in","body":"Dikshit was sworn in on Monday, again.","lang":"en"}`,
		`{"id":"c1","title":"दीक्षित ने शपथ ली","body":"शीला दीक्षित ने शपथ ली।","lang":"hi"}`,
		`{"id":"c2","title":"दीक्षित ने शपथ ली","body":"शीला दीक्षित ने शपथ ली।","lang":"hi"}`,
		`{"id":"d1","title":"Rain in Delhi","body":"It rained.","lang":"en"}`,
	)
	b, _ := build(t, urls, docs)
	embedded := embeddedOf(t, docs)
	ctx := context.Background()
	search := func(s interface {
		Search(context.Context, index.Request) (*index.Response, error)
	}, r index.Request) *index.Response {
		resp, err := s.Search(ctx, r)
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		return resp
	}
	for _, q := range []string{"Dikshit", "दीक्षित", "sworn"} {
		r := index.Request{Query: q, Size: 10, Collapse: true}
		got, want := search(b, r), search(embedded, r)
		if collapsed(got) != collapsed(want) || got.Total != want.Total || got.Collapsed == nil || want.Collapsed == nil || *got.Collapsed != *want.Collapsed {
			t.Errorf("%s collapsed: the cluster shows %s of %d (%v collapsed), the embedded index %s of %d (%v)",
				q, collapsed(got), got.Total, got.Collapsed, collapsed(want), want.Total, want.Collapsed)
		}
		var paged []string
		for from := range 4 {
			if page := collapsed(search(b, index.Request{Query: q, From: from, Size: 1, Collapse: true})); page != "" {
				paged = append(paged, page)
			}
		}
		if strings.Join(paged, " ") != collapsed(got) {
			t.Errorf("%s collapsed page by page on the cluster: %v, want %s", q, paged, collapsed(got))
		}
	}
	if got := search(b, index.Request{Query: "Dikshit", Size: 10}); got.Collapsed != nil || len(got.Hits) != 6 {
		t.Errorf("without collapse: %s, collapsed %v", collapsed(got), got.Collapsed)
	}
}

// embeddedOf builds docs into an embedded index for comparison.
func embeddedOf(t *testing.T, docs string) *index.Index {
	t.Helper()
	path := filepath.Join(t.TempDir(), "e.bleve")
	if err := index.Rebuild(docs, path, index.RebuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// "Did you mean" on the cluster offers what the embedded index offers:
// misspelled seed names in three scripts (a letter changed, dropped or
// swapped), words shown as documents write them and in the case typed,
// the more frequent of two equally near first; none when the search
// found something strong.
func testSuggest(t *testing.T, urls []string) {
	ctx := context.Background()
	dir := docsDir(t,
		`{"id":"a","lang":"en","title":"Elections","body":"The elections were held. Sinha spoke."}`,
		`{"id":"b","lang":"en","title":"More","body":"Sinha won the elections."}`,
		`{"id":"c","lang":"en","title":"Other","body":"Sinka lost."}`,
		`{"id":"d","lang":"bn","title":"খবর","body":"রাশিয়ার প্রতিনিধি এলেন।"}`,
	)
	for _, set := range []struct {
		docs    string
		queries []string
	}{
		{seeds, []string{"Dikshat", "Dikshi", "Dkishit", "Puitn", "putn", "दीक्षिक", "दक्षित", "दीक्षति", "पुतिम", "मोदा",
			"দীক্ষিক", "দীক্ষত", "দীক্ষতি", "রাশিযা", "আশুতোষ দীক্ষিক", "Ashutosh Dikshat", "Dixit", "qqqqqqq"}},
		{dir, []string{"elrctions", "ELRCTIONS", "sinxa", "sinxa elrctions", `"sinxa"  -qqqqq`, "রাশিযার", "plections", "xinha", "বাশিয়ার"}},
	} {
		b, _ := build(t, urls, set.docs)
		embedded := embeddedOf(t, set.docs)
		offered := 0
		for _, q := range set.queries {
			got, err := b.Search(ctx, index.Request{Query: q, Size: 10})
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			want, err := embedded.Search(ctx, index.Request{Query: q, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Suggestions, want.Suggestions) {
				t.Errorf("%q: the cluster suggests %q, the embedded index %q", q, got.Suggestions, want.Suggestions)
			}
			if len(want.Suggestions) > 0 {
				offered++
			}
		}
		if offered < len(set.queries)/2 {
			t.Errorf("the embedded index suggests for only %d of %d queries: the comparison says little", offered, len(set.queries))
		}
	}
}

// A one-word query whose strong hits leave the page short is followed,
// on the cluster as on the embedded index, by the documents that share
// only a short frame with it (Yemen and यमन), after every strong hit,
// page by page, with the filling hit's match listed.
func testFill(t *testing.T, urls []string) {
	ctx := context.Background()
	dir := docsDir(t,
		`{"id":"hi","lang":"hi","title":"यमन","body":"यमन"}`,
		`{"id":"en","lang":"en","title":"Yemen","body":"Yemen"}`,
		`{"id":"en2","lang":"en","title":"Yemen Yemen","body":"Yemen Yemen"}`,
		`{"id":"other","lang":"bn","title":"Kolkata","body":"Kolkata"}`,
	)
	// Without synonyms on either side: the default map has Yemen, यमन,
	// which would make the filling hit a strong one.
	none, err := analyzers.ParseSynonyms(strings.NewReader(""), "none")
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{URLs: urls, Index: alias(t)}
	if err := Rebuild(ctx, dir, cfg, RebuildOptions{Replicas: -1, Synonyms: none}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dropAll(t, cfg) })
	b, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	embedded := embeddedOf(t, dir)
	// The strong hits (Yemen, Yemen Yemen) are a near tie that BM25 on
	// the cluster may order otherwise: counted, not named.
	order := func(resp *index.Response) string {
		var strong, rest []string
		for _, h := range resp.Hits {
			if h.ID == "hi" {
				rest = append(rest, h.ID)
			} else {
				strong = append(strong, h.ID)
			}
		}
		if len(resp.Hits) > 0 && resp.Hits[len(resp.Hits)-1].ID != "hi" && len(rest) > 0 {
			return "hi is not last"
		}
		return fmt.Sprintf("%d strong, then %v", len(strong), rest)
	}
	filled := false
	for _, r := range []index.Request{
		{Query: "Yemen", Size: 10}, {Query: "Yemen", Size: 2}, {Query: "Yemen", From: 1, Size: 3},
		{Query: "Yemen", From: 2, Size: 5}, {Query: "Yemen", Size: 10, Langs: []string{"hi", "en"}}, {Query: "Kolkata", Size: 10},
	} {
		got, err := b.Search(ctx, r)
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		want, err := embedded.Search(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if order(got) != order(want) || got.Total != want.Total || got.SoundsAlike != want.SoundsAlike || fmt.Sprint(got.Facets.Lang) != fmt.Sprint(want.Facets.Lang) {
			t.Errorf("%q from %d size %d: the cluster gives %v (%s) of %d (%d sound-alikes, %v), the embedded index %v of %d (%d, %v)",
				r.Query, r.From, r.Size, ids(got), order(got), got.Total, got.SoundsAlike, got.Facets.Lang, ids(want), want.Total, want.SoundsAlike, want.Facets.Lang)
			continue
		}
		if n := len(got.Hits); n > 0 && got.Hits[n-1].ID == "hi" {
			filled = true
			if m := got.Hits[n-1].Matches; len(m) == 0 || fmt.Sprint(m) != fmt.Sprint(want.Hits[n-1].Matches) {
				t.Errorf("%q: the filling hit lists %v, the embedded index %v", r.Query, m, want.Hits[n-1].Matches)
			}
		}
	}
	if !filled {
		t.Error("no page was filled: the comparison says little")
	}
}

// docsDir is a documents folder of one .jsonl file of the given lines.
func docsDir(t *testing.T, lines ...string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "docs.jsonl"), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A build ranks with lipi's scripted similarity, set once the index is
// loaded with the averages it counted: the index's settings carry them,
// as its stored meta says, and searches are served by it.
func testSimilarity(t *testing.T, urls []string) {
	b, cfg := build(t, urls, seeds)
	if len(b.meta.AvgLen) == 0 {
		t.Fatalf("the build stored no averages: %+v", b.meta)
	}
	c, err := newClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	name, _ := concrete(t, cfg)
	var settings map[string]struct {
		Settings struct {
			Index struct {
				Similarity map[string]struct {
					Script struct{ Source string }
				}
			}
		}
	}
	if err := doJSON(context.Background(), c, "GET", opensearchapi.SettingsGetReq{Indices: []string{name}}, &settings); err != nil {
		t.Fatal(err)
	}
	sims := settings[name].Settings.Index.Similarity
	for field, avg := range b.meta.AvgLen {
		src := sims["lipi_"+field].Script.Source
		if !strings.Contains(src, fmt.Sprintf("doc.length / %g", avg)) {
			t.Errorf("%s: the similarity's script %q does not use the stored average %v", field, src, avg)
		}
	}
	if resp, err := b.Search(context.Background(), index.Request{Query: "Dixit", Size: 10}); err != nil || resp.Total != 3 {
		t.Errorf("a search through the similarity: %v, %v", resp, err)
	}
}
