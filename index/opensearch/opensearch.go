package opensearch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/opensearch-project/opensearch-go/v4"
	"github.com/opensearch-project/opensearch-go/v4/opensearchapi"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index"
)

// Environment variables of the cluster's credentials and certificate
// authority: never flags, which other users of the machine can read.
const (
	EnvUsername = "LIPI_OPENSEARCH_USERNAME"
	EnvPassword = "LIPI_OPENSEARCH_PASSWORD"
	// EnvCACert names a PEM file of the authority that signed the
	// cluster's certificate, when the system's do not.
	EnvCACert = "LIPI_OPENSEARCH_CA"
)

// Config says which cluster and which index (an alias) to use.
type Config struct {
	// URLs are the nodes' addresses; the client spreads requests over
	// them and retries another when one fails.
	URLs []string
	// Index is the alias that searches read and rebuilds move.
	Index string
	// Timeout bounds each request (0: 30 s).
	Timeout time.Duration
}

// ParseURLs reads a --opensearch value: comma-separated http or https
// URLs.
func ParseURLs(s string) ([]string, error) {
	var out []string
	for _, u := range strings.Split(s, ",") {
		u = strings.TrimSpace(u)
		if u == "" {
			continue
		}
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return nil, fmt.Errorf("%q is not a node URL (http://HOST:PORT or https://HOST:PORT)", u)
		}
		if p.User != nil {
			return nil, fmt.Errorf("%q holds credentials: give them in %s and %s instead", p.Redacted(), EnvUsername, EnvPassword)
		}
		out = append(out, strings.TrimRight(u, "/"))
	}
	if len(out) == 0 {
		return nil, errors.New("no node URL given")
	}
	return out, nil
}

// CheckIndexName refuses what OpenSearch would not take as an index name,
// before any request.
func CheckIndexName(name string) error {
	switch {
	case name == "":
		return errors.New("no index name given")
	case len(name) > 200:
		return errors.New("the index name is longer than 200 bytes")
	case name != strings.ToLower(name):
		return fmt.Errorf("index name %q: OpenSearch index names are lower case", name)
	case strings.HasPrefix(name, "-") || strings.HasPrefix(name, "_") || strings.HasPrefix(name, "+") || name == "." || name == "..":
		return fmt.Errorf("index name %q cannot start with -, _ or +", name)
	case strings.ContainsAny(name, "\\/*?\"<>| ,#:"):
		return fmt.Errorf("index name %q holds a character OpenSearch refuses (\\ / * ? \" < > | space , # :)", name)
	}
	return nil
}

// newClient is the official client for cfg, with credentials and a CA
// from the environment; certificates are verified.
func newClient(cfg Config) (*opensearchapi.Client, error) {
	if err := CheckIndexName(cfg.Index); err != nil {
		return nil, err
	}
	if len(cfg.URLs) == 0 {
		return nil, errors.New("no node URL given (--opensearch URL[,URL...])")
	}
	oc := opensearch.Config{
		Addresses:  cfg.URLs,
		Username:   os.Getenv(EnvUsername),
		Password:   os.Getenv(EnvPassword),
		MaxRetries: len(cfg.URLs) + 1,
		// A node killed mid-request answers nothing: try the next.
		EnableRetryOnTimeout: true,
		RetryOnStatus:        []int{502, 503, 504},
	}
	if path := os.Getenv(EnvCACert); path != "" {
		pem, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", EnvCACert, err)
		}
		oc.CACert = pem
	}
	c, err := opensearchapi.NewClient(opensearchapi.Config{Client: oc})
	if err != nil {
		return nil, fmt.Errorf("opensearch client: %w", err)
	}
	return c, nil
}

// meta is what a build stores in its index's mapping (_meta).
type meta struct {
	Format   string   `json:"format"`
	Built    string   `json:"built"`
	Synonyms string   `json:"synonyms"`
	Fields   []string `json:"fields"`
	Docs     int      `json:"docs"`
	// AvgLen is each text field's average length in the scripted
	// similarity (index.RemoteSimilarity); none without it.
	AvgLen map[string]float64 `json:"avg_len,omitempty"`
}

func (m meta) asMap() map[string]any {
	var out map[string]any
	b, _ := json.Marshal(m)
	json.Unmarshal(b, &out)
	return out
}

// ErrNoIndex is wrapped by Open's error when the cluster has no index of
// that name.
var ErrNoIndex = errors.New("no index")

// Backend is a lipi index on an OpenSearch cluster, searched through its
// alias: what the API's handlers and `lipi search` need of an index.
type Backend struct {
	cfg    Config
	client *opensearchapi.Client

	mu       sync.Mutex
	concrete string // the index the alias pointed at when meta was read
	meta     meta
	synonyms *analyzers.SynonymExpander // of meta.Synonyms
	built    time.Time
	read     time.Time
}

// metaTTL is how long a search trusts what it read of the alias's index:
// after a rebuild moves the alias, searches take up its synonym map and
// fields within this time.
const metaTTL = 2 * time.Second

// Open connects to the cluster and reads what the index behind cfg.Index
// was built with. A cluster that cannot be reached is an error wrapping
// index.ErrUnavailable.
func Open(ctx context.Context, cfg Config) (*Backend, error) {
	c, err := newClient(cfg)
	if err != nil {
		return nil, err
	}
	b := &Backend{cfg: cfg, client: c}
	if err := b.current(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

// Close releases the client's idle connections.
func (b *Backend) Close() error { return nil }

// current is the index's stored meta, read again when older than metaTTL.
func (b *Backend) current(ctx context.Context) error {
	b.mu.Lock()
	fresh := !b.read.IsZero() && time.Since(b.read) < metaTTL
	b.mu.Unlock()
	if fresh {
		return nil
	}
	name, m, err := readMeta(ctx, b.client, b.cfg.Index)
	if err != nil {
		return err
	}
	b.mu.Lock()
	same := name == b.concrete
	b.mu.Unlock()
	if same {
		b.mu.Lock()
		b.read = time.Now()
		b.mu.Unlock()
		return nil
	}
	// A new build behind the alias: its synonym map is read once.
	syn, err := analyzers.ParseSynonyms(strings.NewReader(m.Synonyms), b.cfg.Index+" (stored synonym map)")
	if err != nil {
		return fmt.Errorf("opensearch index %s: %w", b.cfg.Index, err)
	}
	expander := index.SynonymExpander(syn)
	built, _ := time.Parse(time.RFC3339, m.Built)
	b.mu.Lock()
	b.concrete, b.meta, b.synonyms, b.built, b.read = name, m, expander, built, time.Now()
	b.mu.Unlock()
	return nil
}

// readMeta finds the index behind alias and reads its _meta.
func readMeta(ctx context.Context, c *opensearchapi.Client, alias string) (string, meta, error) {
	resp, err := c.Indices.Get(ctx, opensearchapi.IndicesGetReq{Indices: []string{alias}})
	if err != nil {
		if status(err) == 404 {
			return "", meta{}, fmt.Errorf("opensearch: %w %s on the cluster (build one with 'lipi index --backend opensearch')", ErrNoIndex, alias)
		}
		return "", meta{}, wrap("opensearch: read index "+alias, err)
	}
	if resp.IndicesGetRespData == nil || len(*resp.IndicesGetRespData) != 1 {
		return "", meta{}, fmt.Errorf("opensearch: %s names %d indexes, want one lipi index", alias, len(*resp.IndicesGetRespData))
	}
	for name, ix := range *resp.IndicesGetRespData {
		var mappings struct {
			Meta meta `json:"_meta"`
		}
		if err := json.Unmarshal(ix.Mappings, &mappings); err != nil {
			return "", meta{}, fmt.Errorf("opensearch index %s: its mapping: %w", name, err)
		}
		if mappings.Meta.Format != index.RemoteFormat {
			if mappings.Meta.Format == "" {
				return "", meta{}, fmt.Errorf("opensearch index %s is not a lipi index", name)
			}
			return "", meta{}, fmt.Errorf("opensearch index %s: built by another version of lipi (format %s, want %s): rebuild it with 'lipi index'", name, mappings.Meta.Format, index.RemoteFormat)
		}
		return name, mappings.Meta, nil
	}
	panic("unreachable")
}

// Search runs a request on the cluster.
func (b *Backend) Search(ctx context.Context, r index.Request) (*index.Response, error) {
	start := time.Now()
	if err := b.current(ctx); err != nil {
		return nil, err
	}
	b.mu.Lock()
	syn, fields := b.synonyms, b.meta.Fields
	b.mu.Unlock()
	plan, err := index.NewRemotePlan(r, syn, fields)
	if err != nil {
		return nil, err
	}
	res := &index.RemoteResult{}
	found := false // a hit, or a sound-alike left out
	if !plan.Empty {
		if res, err = b.searchPlan(ctx, plan, false, fields); err != nil {
			return nil, err
		}
		hidden, err := plan.Hidden(res)
		if err != nil {
			return nil, err
		}
		found = res.Total+hidden > 0
		if !found && plan.Relaxable() {
			if res, err = b.searchPlan(ctx, plan, true, fields); err != nil {
				return nil, err
			}
		}
	}
	resp, err := plan.Response(ctx, res)
	if err != nil {
		return nil, err
	}
	if found && plan.NeedsFill(resp) {
		if err := b.fill(ctx, plan, resp, fields); err != nil {
			return nil, err
		}
	}
	if err := plan.Suggest(ctx, resp, clusterTerms{b, fields}); err != nil {
		return nil, err
	}
	resp.TookMS = time.Since(start).Milliseconds()
	return resp, nil
}

// fill follows the strong hits of resp, which leave its page short, with
// the documents that share only a short frame with the query
// (index.RemotePlan.FillPlan).
func (b *Backend) fill(ctx context.Context, plan *index.RemotePlan, resp *index.Response, fields []string) error {
	var strong []string
	if plan.Request().From == 0 {
		for _, h := range resp.Hits {
			strong = append(strong, h.ID)
		}
	} else if resp.Total > 0 {
		body, err := plan.StrongIDsBody(resp)
		if err != nil {
			return err
		}
		all, err := b.send(ctx, body)
		if err != nil {
			return err
		}
		for _, h := range all.Hits.Hits {
			strong = append(strong, h.ID)
		}
	}
	fill := plan.FillPlan(resp, strong)
	res, err := b.searchPlan(ctx, fill, false, fields)
	if err != nil {
		return err
	}
	more, err := fill.Response(ctx, res)
	if err != nil {
		return err
	}
	index.MergeFill(resp, more)
	return nil
}

// searchPlan runs plan: the sound-alike policy's request first, when it
// has one, then the search.
func (b *Backend) searchPlan(ctx context.Context, plan *index.RemotePlan, relaxed bool, fields []string) (*index.RemoteResult, error) {
	sounds, err := plan.SoundsBody(relaxed)
	if err != nil {
		return nil, err
	}
	if sounds != nil {
		resp, err := b.send(ctx, sounds)
		if err != nil {
			return nil, err
		}
		if err := plan.SetSounds(resp.Aggregations); err != nil {
			return nil, err
		}
	}
	body, err := plan.Body(relaxed)
	if err != nil {
		return nil, err
	}
	resp, err := b.send(ctx, body)
	if err != nil {
		return nil, err
	}
	res := &index.RemoteResult{Total: uint64(resp.Hits.Total.Value), Aggregations: resp.Aggregations}
	for _, h := range resp.Hits.Hits {
		var src map[string]any
		if err := json.Unmarshal(h.Source, &src); err != nil {
			return nil, fmt.Errorf("search: hit %q: %w", h.ID, err)
		}
		doc, err := index.DocumentFromRemote(src, fields)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		hit := index.RemoteHit{Doc: doc, Score: float64(h.Score)}
		if group, ok := h.InnerHits[index.RemoteGroup]; ok {
			hit.Group = group.Hits.Total.Value
		}
		res.Hits = append(res.Hits, hit)
	}
	return res, nil
}

// send runs one search request on the alias. A search some of whose
// shards failed (a node died while it ran: its copies answer the next
// one) is sent again, a few times, before it is an error.
func (b *Backend) send(ctx context.Context, body map[string]any) (*opensearchapi.SearchResp, error) {
	buf, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	for attempt := 1; ; attempt++ {
		resp, err := b.client.Search(ctx, &opensearchapi.SearchReq{
			Indices: []string{b.cfg.Index},
			Body:    bytes.NewReader(buf),
			// Term statistics of every shard, not each shard's own: BM25's
			// idf then matches the embedded index's on small indexes too.
			Params: opensearchapi.SearchParams{SearchType: "dfs_query_then_fetch"},
		})
		switch {
		case err != nil && nodeLost(err) && attempt < shardRetries:
			// Every shard of some phase was on the node that went: the
			// next try reaches their copies.
		case err != nil && nodeLost(err):
			return nil, fmt.Errorf("search: %w (%v)", index.ErrUnavailable, err)
		case err != nil:
			return nil, wrap("search", err)
		case resp.Shards.Failed == 0:
			return resp, nil
		case attempt == shardRetries:
			return nil, fmt.Errorf("search: %w: %d of %d shards failed", index.ErrUnavailable, resp.Shards.Failed, resp.Shards.Total)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Duration(attempt) * 100 * time.Millisecond):
		}
	}
}

// shardRetries is how many times a search with failed shards, or one
// that failed whole because a node went, is sent.
const shardRetries = 4

// nodeLost tells whether the cluster refused a request because a node it
// needed had just gone (killed, restarting, cut off): a search that ran
// while it went fails whole with such a cause when a phase had no other
// copy to ask yet, and succeeds when sent again.
func nodeLost(err error) bool {
	var se *opensearch.StructError
	if !errors.As(err, &se) {
		return false
	}
	lost := func(typ string) bool {
		switch typ {
		case "node_not_connected_exception", "node_disconnected_exception", "node_closed_exception",
			"connect_transport_exception", "no_shard_available_action_exception":
			return true
		}
		return false
	}
	if lost(se.Err.Type) {
		return true
	}
	for c := se.Err.CausedBy; c != nil; c = c.CausedBy {
		if lost(c.Type) {
			return true
		}
	}
	for _, rc := range se.Err.RootCause {
		if lost(rc.Type) {
			return true
		}
	}
	return false
}

// Document returns the stored document with the given id; an unknown id
// is an error wrapping index.ErrNoDocument.
func (b *Backend) Document(id string) (*index.Document, error) {
	ctx, cancel := context.WithTimeout(context.Background(), b.timeout())
	defer cancel()
	if err := b.current(ctx); err != nil {
		return nil, err
	}
	resp, err := b.client.Document.Get(ctx, opensearchapi.DocumentGetReq{Index: b.cfg.Index, DocumentID: id})
	if err != nil {
		if status(err) == 404 {
			return nil, fmt.Errorf("document %q: %w", id, index.ErrNoDocument)
		}
		return nil, wrap(fmt.Sprintf("document %q", id), err)
	}
	if !resp.Found {
		return nil, fmt.Errorf("document %q: %w", id, index.ErrNoDocument)
	}
	var src map[string]any
	if err := json.Unmarshal(resp.Source, &src); err != nil {
		return nil, fmt.Errorf("document %q: %w", id, err)
	}
	b.mu.Lock()
	fields := b.meta.Fields
	b.mu.Unlock()
	return index.DocumentFromRemote(src, fields)
}

// Count is the number of documents behind the alias.
func (b *Backend) Count() (uint64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), b.timeout())
	defer cancel()
	resp, err := b.client.Indices.Count(ctx, &opensearchapi.IndicesCountReq{Indices: []string{b.cfg.Index}})
	if err != nil {
		return 0, wrap("count", err)
	}
	return uint64(resp.Count), nil
}

// Built is when the index behind the alias was built.
func (b *Backend) Built() time.Time {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.built
}

func (b *Backend) timeout() time.Duration {
	if b.cfg.Timeout > 0 {
		return b.cfg.Timeout
	}
	return 30 * time.Second
}

// status is the HTTP status of an error the client returned, or 0 for an
// error with none (no node answered).
func status(err error) int {
	var se *opensearch.StructError
	if errors.As(err, &se) {
		return se.Status
	}
	var str *opensearch.StringError
	if errors.As(err, &str) {
		return str.Status
	}
	var st *statusError
	if errors.As(err, &st) {
		return st.Status
	}
	return 0
}

// wrap describes a failed request; one that no node answered, or that
// the cluster refused for want of nodes, wraps index.ErrUnavailable.
func wrap(what string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	s := status(err)
	var nerr net.Error
	if s == 0 && (errors.As(err, &nerr) || strings.Contains(err.Error(), "connection refused") || strings.Contains(err.Error(), "EOF")) || slices.Contains([]int{502, 503, 504}, s) {
		return fmt.Errorf("%s: %w (%v)", what, index.ErrUnavailable, err)
	}
	return fmt.Errorf("%s: opensearch: %w", what, err)
}
