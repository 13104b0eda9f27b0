package opensearch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/opensearch-project/opensearch-go/v4/opensearchapi"

	"github.com/lipisearch/lipi/index"
)

// clusterTerms is the cluster's side of "did you mean" (index.RemoteTerms):
// its term suggester for the terms near a word, and term queries for the
// documents that hold one.
type clusterTerms struct {
	b      *Backend
	fields []string
}

// suggesterName names the one suggester of a NearTerms request.
const suggesterName = "near"

func (t clusterTerms) NearTerms(ctx context.Context, field, term string, fuzziness int) ([]index.RemoteTerm, error) {
	body := map[string]any{"size": 0, "suggest": map[string]any{suggesterName: index.RemoteSuggester(field, term, fuzziness)}}
	resp, err := t.search(ctx, body)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(resp.Suggest)
	if err != nil {
		return nil, fmt.Errorf("suggestions: %w", err)
	}
	return index.ReadRemoteSuggester(raw, suggesterName)
}

func (t clusterTerms) Holding(ctx context.Context, term string, n int) ([]*index.Document, uint64, error) {
	body := map[string]any{
		"query": index.RemoteTermQuery(term), "size": n, "track_total_hits": true,
		"sort":    []any{map[string]any{"id": "asc"}},
		"_source": map[string]any{"excludes": []string{index.RemoteFormsTitle, index.RemoteFormsBody}},
	}
	resp, err := t.search(ctx, body)
	if err != nil {
		return nil, 0, err
	}
	var docs []*index.Document
	for _, h := range resp.Hits.Hits {
		var src map[string]any
		if err := json.Unmarshal(h.Source, &src); err != nil {
			return nil, 0, fmt.Errorf("suggestions: document %q: %w", h.ID, err)
		}
		d, err := index.DocumentFromRemote(src, t.fields)
		if err != nil {
			return nil, 0, fmt.Errorf("suggestions: %w", err)
		}
		docs = append(docs, d)
	}
	return docs, uint64(resp.Hits.Total.Value), nil
}

// search sends one plain search (no dfs: counts and candidates need no
// scores) to the alias.
func (t clusterTerms) search(ctx context.Context, body map[string]any) (*opensearchapi.SearchResp, error) {
	buf, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("suggestions: %w", err)
	}
	resp, err := t.b.client.Search(ctx, &opensearchapi.SearchReq{Indices: []string{t.b.cfg.Index}, Body: bytes.NewReader(buf)})
	if err != nil {
		return nil, wrap("suggestions", err)
	}
	return resp, nil
}
