package main

import (
	"bytes"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lipisearch/lipi/index/opensearch/cluster"
)

func TestParseClusterURLs(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string // nil: an error
	}{
		{"three nodes", "http://127.0.0.1:9250,http://127.0.0.1:9251, http://127.0.0.1:9252/",
			[]string{"http://127.0.0.1:9250", "http://127.0.0.1:9251", "http://127.0.0.1:9252"}},
		{"https and localhost", "https://localhost:9200", []string{"https://localhost:9200"}},
		{"ipv6 loopback", "http://[::1]:9200", []string{"http://[::1]:9200"}},
		{"another machine", "http://127.0.0.1:9250,http://10.0.0.1:9200", nil},
		{"a public name", "https://search.example.org", nil},
		{"any address", "http://0.0.0.0:9200", nil},
		{"an empty one", "http://127.0.0.1:9250,", nil},
		{"no scheme", "127.0.0.1:9250", nil},
		{"credentials", "http://admin:secret@127.0.0.1:9250", nil},
		{"a path", "http://127.0.0.1:9250/lipi", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseClusterURLs(tc.in)
			if tc.want == nil {
				if err == nil || !strings.Contains(err.Error(), "-opensearch") {
					t.Errorf("parseClusterURLs(%q) = %q, %v, want an error naming -opensearch", tc.in, got, err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("parseClusterURLs(%q) = %q, %v, want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

// TestPrintClusterRatios: the cluster's figures over the embedded index's,
// and no targets.
func TestPrintClusterRatios(t *testing.T) {
	embedded := &Result{Name: nameEmbedded, PerSecond: 200, P50MS: 10, P99MS: 40, BuildSeconds: 20, RoundsPerSecond: []float64{100, 300}}
	clusterRes := &Result{Name: nameCluster, PerSecond: 50, P50MS: 30, P99MS: 200, BuildSeconds: 90, RoundsPerSecond: []float64{50, 1.5}}
	var out bytes.Buffer
	printCompare(&out, []*Result{embedded, clusterRes})
	for _, want := range []string{
		"build s", "20.0", "90.0",
		"throughput cluster/embedded  0.25",
		"p50 cluster/embedded         3.00",
		"p99 cluster/embedded         5.00",
		"bulk load / embedded build   4.50",
		"throughput cluster/embedded in each round 0.50 0.005\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("printCompare lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "target") {
		t.Errorf("printCompare of a cluster run prints targets:\n%s", out.String())
	}
}

// TestCompareCluster runs the cluster comparison on the seed articles
// against the test cluster: both indexes are built and timed, and both
// servers loaded in every round without errors.
func TestCompareCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("builds lipi, an index and a cluster alias")
	}
	c := cluster.ForTest(t)
	alias := fmt.Sprintf("lipitest-loadtest-%d", time.Now().UnixNano()%1e9)
	t.Cleanup(func() {
		// The run leaves its alias's index on the cluster; a test's goes.
		req, _ := http.NewRequest(http.MethodDelete, c.URLs()[0]+"/"+alias+"-*", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	})
	work, bin, cfg := compareSetup(t)
	// A cluster search takes seconds when the cluster's nodes share this
	// machine's two cores with other tests (go test ./... runs packages at
	// once): a round of one second could end before any answered.
	cfg.duration = 8 * time.Second
	var log bytes.Buffer
	results, err := runCompare(cfg, compareOptions{docs: filepath.Join("..", "..", "seeds"), work: work, lipi: bin, rounds: 2,
		cluster: c.URLs(), clusterAlias: alias, log: &log})
	if err != nil {
		t.Fatalf("runCompare: %v\n%s", err, log.String())
	}
	if len(results) != 2 || results[0].Name != nameEmbedded || results[1].Name != nameCluster {
		t.Fatalf("results %+v", results)
	}
	for _, r := range results {
		if r.Requests == 0 || r.Errors != 0 || r.BuildSeconds <= 0 || len(r.RoundsPerSecond) != 2 {
			t.Errorf("%s: %+v", r.Name, r)
		}
	}
	if strings.Contains(log.String(), "baseline") {
		t.Errorf("a cluster run built or started the baseline:\n%s", log.String())
	}
	if got := strings.Count(log.String(), "round "); got != 4 {
		t.Errorf("log names %d rounds, want 4 (2 rounds × 2 servers):\n%s", got, log.String())
	}
}
