package ui_test

// The page on an OpenSearch cluster (`lipi serve --backend opensearch`):
// the same reader's path as TestBrowser's first steps, against the real
// test cluster, compared with the page on the embedded index of the same
// documents.

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/api"
	"github.com/lipisearch/lipi/index/opensearch"
	"github.com/lipisearch/lipi/index/opensearch/cluster"
)

func TestBrowserCluster(t *testing.T) {
	chromium := requireChromium(t)
	c := cluster.ForTest(t)
	tmp := t.TempDir()
	docs := writeTestDocs(t, filepath.Join(tmp, "docs"))
	embedded := startServe(t, tmp, docs)
	onCluster := startClusterServe(t, c.URLs(), docs)
	browser := startBrowser(t, chromium, filepath.Join(tmp, "profile"))

	// What a reader sees of a search: the hits, each with its marked
	// words and match chips, whatever their order among near ties.
	seen := func(base, q string) map[string]string {
		tab := newTab(t, browser)
		tab.do(chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("q")))
		tab.do(chromedp.SendKeys(chromedp.ID("q"), q))
		out := map[string]string{}
		for _, h := range tab.waitResults(q) {
			out[h.ID] = fmt.Sprintf("%s marks %q chips %q", h.Lang, h.Marks, h.Chips)
		}
		return out
	}
	for _, q := range []string{"Dikshit", "দীক্ষিত", "Putin"} {
		got, want := seen(onCluster, q), seen(embedded, q)
		if len(want) == 0 {
			t.Fatalf("%s: the embedded page shows nothing: the comparison says little", q)
		}
		for id, w := range want {
			if g, ok := got[id]; !ok || g != w {
				t.Errorf("%s, hit %s: on the cluster %q, embedded %q", q, id, g, w)
			}
		}
		for id := range got {
			if _, ok := want[id]; !ok {
				t.Errorf("%s: the cluster shows %s, which the embedded page does not", q, id)
			}
		}
	}

	// A misspelling offers the same "did you mean", and a hit opens in the
	// page.
	tab := newTab(t, browser)
	tab.do(chromedp.Navigate(onCluster + "/?q=Dikshat"))
	if link := tab.poll(`(() => { const a = document.querySelector('#suggest:not([hidden]) a[data-suggestion]'); return a && a.textContent })()`); link != "Dikshit" {
		t.Errorf("Dikshat on the cluster: the first suggestion is %q, want Dikshit", link)
	}
	tab.do(chromedp.Navigate(onCluster + "/?q=Dikshit"))
	hits := tab.waitResults("Dikshit")
	if len(hits) == 0 {
		t.Fatal("Dikshit on the cluster: no hits")
	}
	tab.do(chromedp.Click(chromedp.CSS(`#results .hit .hit-link`)))
	body := tab.poll(`document.getElementById("main").dataset.state === "doc" && document.querySelector("#doc .doc-body")?.textContent`)
	if !slices.ContainsFunc([]string{"দীক্ষিত", "दीक्षित", "Dikshit"}, func(w string) bool { return strings.Contains(body, w) }) {
		t.Errorf("the document view on the cluster does not show the article's text: %.200q", body)
	}
}

// startClusterServe builds docs into a new alias on the cluster and serves
// it as `lipi serve --backend opensearch` does, until the test ends; the
// alias and its indexes are deleted then.
func startClusterServe(t *testing.T, urls []string, docs string) string {
	t.Helper()
	cfg := opensearch.Config{URLs: urls, Index: fmt.Sprintf("lipitest-ui-%d", time.Now().UnixNano()%1e9)}
	ctx := context.Background()
	if err := opensearch.Rebuild(ctx, docs, cfg, opensearch.RebuildOptions{Synonyms: analyzers.DefaultSynonyms(), Replicas: -1}); err != nil {
		t.Fatalf("build %s on the cluster: %v", docs, err)
	}
	t.Cleanup(func() {
		req, _ := http.NewRequest(http.MethodDelete, urls[0]+"/"+cfg.Index+"-*", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	})
	b, err := opensearch.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	log, err := api.NewLogger(&out, "info")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- api.New(api.Fixed(b), api.Options{Logger: log}).Serve(t.Context(), ln) }()
	t.Cleanup(func() {
		if err := <-served; err != nil {
			t.Errorf("the server on the cluster stopped with %v", err)
		}
		if t.Failed() {
			t.Logf("the server's log:\n%s", out.String())
		}
	})
	return "http://" + ln.Addr().String()
}
