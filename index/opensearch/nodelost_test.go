package opensearch

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/opensearch-project/opensearch-go/v4"
)

// A search that fails whole because a node went (the error body a
// three-node cluster sent when one node was killed during a search) is
// sent again; any other failure is not.
func TestNodeLost(t *testing.T) {
	for _, tc := range []struct {
		body string
		lost bool
	}{
		{`{"error":{"root_cause":[],"type":"search_phase_execution_exception","reason":"","caused_by":{"type":"node_not_connected_exception","reason":"[node2][127.0.0.1:9351] Node not connected"}},"status":500}`, true},
		{`{"error":{"root_cause":[{"type":"node_disconnected_exception","reason":"[node3] disconnected"}],"type":"search_phase_execution_exception","reason":"all shards failed"},"status":503}`, true},
		{`{"error":{"root_cause":[],"type":"search_phase_execution_exception","reason":"","caused_by":{"type":"transport_exception","reason":"x","caused_by":{"type":"connect_transport_exception","reason":"refused"}}},"status":500}`, true},
		{`{"error":{"root_cause":[{"type":"parsing_exception","reason":"unknown query"}],"type":"search_phase_execution_exception","reason":"all shards failed"},"status":400}`, false},
		{`{"error":{"root_cause":[],"type":"index_not_found_exception","reason":"no such index [lipi]"},"status":404}`, false},
	} {
		var se opensearch.StructError
		if err := json.Unmarshal([]byte(tc.body), &se); err != nil {
			t.Fatal(err)
		}
		err := fmt.Errorf("search: %w", &se)
		if got := nodeLost(err); got != tc.lost {
			t.Errorf("nodeLost(%s) = %v, want %v", tc.body, got, tc.lost)
		}
	}
	if nodeLost(fmt.Errorf("connection refused")) {
		t.Error("an error without the cluster's body counts as a node lost")
	}
}
