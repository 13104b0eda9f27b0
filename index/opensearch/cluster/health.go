package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// client is for this package's own checks. Plain net/http on purpose: the
// product talks to OpenSearch through opensearch-go, and the test cluster
// should not depend on the code it helps to test.
var client = &http.Client{Timeout: 30 * time.Second}

// health is the part of GET /_cluster/health this package reads.
type health struct {
	ClusterName string `json:"cluster_name"`
	Status      string `json:"status"`
	Nodes       int    `json:"number_of_nodes"`
	TimedOut    bool   `json:"timed_out"`
}

// getHealth asks the node at url for the cluster's health; query is added
// to the request (wait_for_status=green&…). A wait that times out answers
// 408 with the health as it stands, which is returned without an error.
func getHealth(ctx context.Context, url, query string) (health, error) {
	var h health
	u := url + "/_cluster/health"
	if query != "" {
		u += "?" + query
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return h, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return h, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return h, err
	}
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusRequestTimeout {
		return h, fmt.Errorf("GET %s: %s: %.200s", u, resp.Status, body)
	}
	if err := json.Unmarshal(body, &h); err != nil {
		return h, fmt.Errorf("GET %s: %w", u, err)
	}
	return h, nil
}

// Health is the cluster's status (green, yellow or red) and its number of
// nodes, as the first node that answers reports them.
func (c *Cluster) Health(ctx context.Context) (status string, nodes int, err error) {
	for _, url := range c.URLs() {
		var h health
		if h, err = getHealth(ctx, url, ""); err == nil {
			return h.Status, h.Nodes, nil
		}
	}
	return "", 0, err
}
