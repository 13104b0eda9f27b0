package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestCluster runs its checks as subtests of one test so that, when no
// cluster is up (opensearch:up), ForTest starts one for all of them.
func TestCluster(t *testing.T) {
	c := ForFaults(t) // kill-restart stops a node

	t.Run("green", func(t *testing.T) { testGreen(t, c) })
	t.Run("analysis-common", func(t *testing.T) { testAnalysisCommon(t, c) })
	t.Run("kill-restart", func(t *testing.T) { testKillRestart(t, c) })
}

func testGreen(t *testing.T, c *Cluster) {
	ctx := context.Background()
	status, nodes, err := c.Health(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if status != "green" || nodes != Size {
		t.Fatalf("health = %s with %d nodes, want green with %d", status, nodes, Size)
	}
	if got := len(c.URLs()); got != Size {
		t.Fatalf("URLs() has %d addresses, want %d", got, Size)
	}
	// Every node answers for the same cluster, each with the plugins the
	// launcher hands it.
	for _, u := range c.URLs() {
		var plugins []struct{ Component string }
		call(t, http.MethodGet, u+"/_cat/plugins?format=json", nil, &plugins)
		var names []string
		for _, p := range plugins {
			names = append(names, p.Component)
		}
		got := strings.Join(names, " ")
		for _, want := range []string{"CommonAnalysisPlugin", "Netty4Plugin", "PainlessPlugin"} {
			if !strings.Contains(got, want) {
				t.Errorf("%s plugins = %q, want %s among them", u, got, want)
			}
		}
	}
}

// testKillRestart is the fault the cluster exists for: a node dies with
// SIGKILL, the other two keep the cluster and every document (each shard
// has a copy elsewhere), and the node comes back.
func testKillRestart(t *testing.T, c *Cluster) {
	ctx := context.Background()
	urls := c.URLs()
	index := fmt.Sprintf("lipi-cluster-test-%d", time.Now().UnixNano())
	t.Cleanup(func() {
		for _, u := range urls {
			if req, err := http.NewRequest(http.MethodDelete, u+"/"+index, nil); err == nil {
				if resp, err := client.Do(req); err == nil {
					resp.Body.Close()
					return
				}
			}
		}
	})
	call(t, http.MethodPut, urls[0]+"/"+index,
		`{"settings": {"number_of_shards": 3, "number_of_replicas": 1}}`, nil)
	var bulk strings.Builder
	const docs = 30
	for i := range docs {
		fmt.Fprintf(&bulk, "{\"index\": {\"_id\": \"%d\"}}\n{\"body\": \"document %d\"}\n", i, i)
	}
	var bulkResp struct{ Errors bool }
	call(t, http.MethodPost, urls[0]+"/"+index+"/_bulk?refresh=true", bulk.String(), &bulkResp)
	if bulkResp.Errors {
		t.Fatal("bulk indexing reported errors")
	}
	call(t, http.MethodGet, urls[0]+"/_cluster/health/"+index+"?wait_for_status=green&timeout=60s", nil, nil)

	const victim = Size - 1
	if err := c.Kill(victim); err != nil {
		t.Fatal(err)
	}
	if c.NodeRunning(victim) {
		t.Fatalf("node %d runs after Kill", victim)
	}
	// The node's replicas wait out index.unassigned.node_left.delayed_timeout
	// (a minute) before being copied again: yellow, with no data lost.
	var h health
	call(t, http.MethodGet, urls[0]+"/_cluster/health?wait_for_nodes=2&wait_for_status=yellow&timeout=60s", nil, &h)
	if h.Nodes != Size-1 || (h.Status != "yellow" && h.Status != "green") {
		t.Fatalf("after killing a node: %s with %d nodes, want yellow with %d", h.Status, h.Nodes, Size-1)
	}
	t.Logf("after killing %s: %s with %d nodes", c.Nodes()[victim].Name, h.Status, h.Nodes)
	for _, u := range urls[:victim] {
		if n := count(t, u, index); n != docs {
			t.Errorf("%s counts %d documents with a node down, want %d", u, n, docs)
		}
	}

	begin := time.Now()
	if err := c.Restart(ctx, victim); err != nil {
		t.Fatal(err)
	}
	t.Logf("restarted %s, green again in %v", c.Nodes()[victim].Name, time.Since(begin).Round(time.Millisecond))
	if n := count(t, urls[victim], index); n != docs {
		t.Errorf("%s counts %d documents after its restart, want %d", urls[victim], n, docs)
	}
}

func count(t *testing.T, url, index string) int {
	t.Helper()
	var r struct{ Count int }
	call(t, http.MethodGet, url+"/"+index+"/_count", nil, &r)
	return r.Count
}

// call sends body (a string of JSON, or nil) and decodes a 2xx answer into
// out (if not nil); anything else fails the test.
func call(t *testing.T, method, url string, body any, out any) {
	t.Helper()
	var r io.Reader
	if s, ok := body.(string); ok {
		r = strings.NewReader(s)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	// A bulk body is newline-delimited JSON.
	if strings.Contains(url, "/_bulk") {
		req.Header.Set("Content-Type", "application/x-ndjson")
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode/100 != 2 {
		t.Fatalf("%s %s: %s: %s", method, url, resp.Status, bytes.TrimSpace(b))
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, url, err, b)
		}
	}
}
