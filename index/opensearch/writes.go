package opensearch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/opensearch-project/opensearch-go/v4"
	"github.com/opensearch-project/opensearch-go/v4/opensearchapi"

	"github.com/lipisearch/lipi/index"
)

// Writes through the API on the cluster keep the embedded index's promise
// that a rebuild loses none of them, with the cluster itself as the
// journal: the index `ALIAS-writes` holds, per document id, the last
// write made through the API (the document, or that it was deleted). A
// write goes to the journal first, then to the alias; a rebuild loads the
// documents folder and then replays the journal into the new index, once
// before the alias moves and once after, so that a write made while it
// ran is in the new index whichever side of the move it fell on.
//
// Order between writers comes from the journal: each write of an id gets
// the journal document's next version, and the alias is written with that
// version plus one as an external version (a build's own documents have
// version 1). The cluster refuses an older version over a newer one, so a
// replay never undoes a later write, and two servers writing the same id
// end with the journal's last write.

// journalIndex is the journal of the writes to alias.
func journalIndex(alias string) string { return alias + "-writes" }

// journalEntry is the journal document of one id.
type journalEntry struct {
	Doc     map[string]any `json:"doc,omitempty"`
	Deleted bool           `json:"deleted,omitempty"`
	At      string         `json:"at"`
}

// journalMapping keeps the journal out of the way: one shard, a replica
// where the cluster has room for one, and nothing indexed but the time.
var journalMapping = map[string]any{
	"settings": map[string]any{
		"number_of_shards":     1,
		"auto_expand_replicas": "0-1",
	},
	"mappings": map[string]any{
		"dynamic": false,
		"properties": map[string]any{
			"at":      map[string]any{"type": "date"},
			"deleted": map[string]any{"type": "boolean"},
			"doc":     map[string]any{"type": "object", "enabled": false},
		},
	},
}

// ensureJournal creates the journal of alias when it is missing. Every
// write asks, so that a journal deleted while a server runs is made again
// with its mapping rather than by the bulk request's dynamic one.
func ensureJournal(ctx context.Context, c *opensearchapi.Client, alias string) error {
	name := journalIndex(alias)
	resp, err := c.Indices.Exists(ctx, opensearchapi.IndicesExistsReq{Indices: []string{name}})
	switch {
	case resp != nil && resp.StatusCode == 200:
		return nil
	case resp == nil:
		return wrap("the write journal "+name, err)
	case resp.StatusCode != 404:
		return wrap("the write journal "+name, &statusError{Status: resp.StatusCode})
	}
	if _, err := c.Indices.Create(ctx, opensearchapi.IndicesCreateReq{Index: name, Body: jsonReader(journalMapping)}); err != nil {
		if strings.Contains(err.Error(), "resource_already_exists_exception") {
			return nil // another writer made it first
		}
		return wrap("create the write journal "+name, err)
	}
	return nil
}

// ParseDocuments reads documents in the loader's JSON format with the
// extra fields of the index behind the alias.
func (b *Backend) ParseDocuments(r io.Reader, source string) ([]index.Document, error) {
	ctx, cancel := context.WithTimeout(context.Background(), b.timeout())
	defer cancel()
	if err := b.current(ctx); err != nil {
		return nil, err
	}
	b.mu.Lock()
	fields := b.meta.Fields
	b.mu.Unlock()
	return index.ParseDocuments(r, source, fields)
}

// Put adds docs through the alias, replacing those with the same ids;
// once it returns nil they are in the journal and searchable. A Put that
// fails may have written some of docs: the cluster has no transaction
// across documents. Sending it again is safe.
func (b *Backend) Put(docs []index.Document) error {
	if len(docs) == 0 {
		return nil
	}
	// A bulk of thousands takes the cluster longer than one search.
	ctx, cancel := context.WithTimeout(context.Background(), b.timeout()+time.Duration(len(docs))*5*time.Millisecond)
	defer cancel()
	ids := make([]string, len(docs))
	sources := make([]map[string]any, len(docs))
	entries := make([]journalEntry, len(docs))
	at := time.Now().UTC().Format(time.RFC3339Nano)
	for i := range docs {
		src, err := index.RemoteSource(&docs[i])
		if err != nil {
			return fmt.Errorf("document %q: %w", docs[i].ID, err)
		}
		stored := make(map[string]any, len(src))
		for k, v := range src {
			if k != index.RemoteFormsTitle && k != index.RemoteFormsBody {
				stored[k] = v
			}
		}
		ids[i], sources[i], entries[i] = docs[i].ID, src, journalEntry{Doc: stored, At: at}
	}
	versions, err := b.journal(ctx, ids, entries)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	for i := range docs {
		if err := bulkLine(&buf, "index", b.cfg.Index, ids[i], versions[i]+1, sources[i]); err != nil {
			return err
		}
	}
	return b.apply(ctx, &buf)
}

// Delete removes the document id through the alias; index.ErrNoDocument
// when the alias has none.
func (b *Backend) Delete(id string) error {
	ctx, cancel := context.WithTimeout(context.Background(), b.timeout())
	defer cancel()
	if _, err := b.Document(id); err != nil {
		return err
	}
	versions, err := b.journal(ctx, []string{id}, []journalEntry{{Deleted: true, At: time.Now().UTC().Format(time.RFC3339Nano)}})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := bulkLine(&buf, "delete", b.cfg.Index, id, versions[0]+1, nil); err != nil {
		return err
	}
	return b.apply(ctx, &buf)
}

// journal records the writes of ids and returns the version the journal
// gave each.
func (b *Backend) journal(ctx context.Context, ids []string, entries []journalEntry) ([]int, error) {
	if err := ensureJournal(ctx, b.client, b.cfg.Index); err != nil {
		return nil, err
	}
	name := journalIndex(b.cfg.Index)
	var buf bytes.Buffer
	for i := range ids {
		action, _ := json.Marshal(map[string]any{"index": map[string]any{"_index": name, "_id": ids[i]}})
		line, err := json.Marshal(entries[i])
		if err != nil {
			return nil, fmt.Errorf("document %q: %w", ids[i], err)
		}
		buf.Write(action)
		buf.WriteByte('\n')
		buf.Write(line)
		buf.WriteByte('\n')
	}
	resp, err := b.client.Bulk(ctx, opensearchapi.BulkReq{Body: bytes.NewReader(buf.Bytes())})
	if err != nil {
		return nil, wrap("write to the journal "+name, err)
	}
	versions := make([]int, len(ids))
	for i, item := range resp.Items {
		for _, r := range item {
			if r.Error != nil {
				return nil, itemError("write to the journal "+name, r)
			}
			if i < len(versions) {
				versions[i] = r.Version
			}
		}
	}
	if len(resp.Items) != len(ids) {
		return nil, fmt.Errorf("write to the journal %s: %d answers to %d writes", name, len(resp.Items), len(ids))
	}
	return versions, nil
}

// apply sends the bulk request buf to the alias and waits until what it
// wrote is searchable. A version conflict means a later write of the id
// is there already, and a delete that finds nothing has nothing to do:
// neither is an error.
func (b *Backend) apply(ctx context.Context, buf *bytes.Buffer) error {
	resp, err := b.client.Bulk(ctx, opensearchapi.BulkReq{Body: bytes.NewReader(buf.Bytes()), Params: opensearchapi.BulkParams{Refresh: "wait_for"}})
	if err != nil {
		return wrap("write to "+b.cfg.Index, err)
	}
	return bulkErrors("write to "+b.cfg.Index, resp)
}

// bulkLine writes one action of a bulk request: an index of src, or a
// delete, with an external version.
func bulkLine(buf *bytes.Buffer, op, indexName, id string, version int, src map[string]any) error {
	action, _ := json.Marshal(map[string]any{op: map[string]any{"_index": indexName, "_id": id, "version": version, "version_type": "external"}})
	buf.Write(action)
	buf.WriteByte('\n')
	if src == nil {
		return nil
	}
	line, err := json.Marshal(src)
	if err != nil {
		return fmt.Errorf("document %q: %w", id, err)
	}
	buf.Write(line)
	buf.WriteByte('\n')
	return nil
}

// bulkErrors is the first real failure among a versioned bulk request's
// items.
func bulkErrors(what string, resp *opensearchapi.BulkResp) error {
	if !resp.Errors {
		return nil
	}
	for _, item := range resp.Items {
		for _, r := range item {
			if r.Error == nil || r.Status == 409 || r.Status == 404 {
				continue
			}
			return itemError(what, r)
		}
	}
	return nil
}

func itemError(what string, r opensearchapi.BulkRespItem) error {
	err := fmt.Errorf("%s: document %q: %s: %s", what, r.ID, r.Error.Type, r.Error.Reason)
	if r.Status == 429 || r.Status >= 500 {
		return fmt.Errorf("%w: %w", index.ErrUnavailable, err)
	}
	return err
}

// replayJournal writes the journal of alias into the index name, built
// with the extra fields given, in bulk requests of bulkDocs, and returns
// how many entries it wrote. A missing journal is an empty one.
func replayJournal(ctx context.Context, c *opensearchapi.Client, alias, name string, fields []string) (int, error) {
	journal := journalIndex(alias)
	if _, err := c.Indices.Refresh(ctx, &opensearchapi.IndicesRefreshReq{Index: []string{journal}}); err != nil {
		if status(err) == 404 {
			return 0, nil
		}
		return 0, wrap("refresh the write journal "+journal, err)
	}
	var errs []error
	n := 0
	err := scrollAll(ctx, c, journal, func(hits []journalHit) error {
		var buf bytes.Buffer
		for _, h := range hits {
			var e journalEntry
			if err := json.Unmarshal(h.Source, &e); err != nil {
				errs = append(errs, fmt.Errorf("write journal %s, document %q: %w", journal, h.ID, err))
				continue
			}
			op, src := "index", map[string]any(nil)
			if e.Deleted {
				op = "delete"
			} else {
				d, err := index.DocumentFromRemote(e.Doc, fields)
				if err == nil {
					src, err = index.RemoteSource(d)
				}
				if err != nil {
					errs = append(errs, fmt.Errorf("write journal %s, document %q: %w", journal, h.ID, err))
					continue
				}
			}
			if err := bulkLine(&buf, op, name, h.ID, h.Version+1, src); err != nil {
				return err
			}
			n++
		}
		if buf.Len() == 0 {
			return nil
		}
		resp, err := c.Bulk(ctx, opensearchapi.BulkReq{Body: bytes.NewReader(buf.Bytes())})
		if err != nil {
			return wrap("replay the write journal into "+name, err)
		}
		return bulkErrors("replay the write journal into "+name, resp)
	})
	if err == nil {
		err = errors.Join(errs...)
	}
	return n, err
}

type journalHit struct {
	ID      string          `json:"_id"`
	Version int             `json:"_version"`
	Source  json.RawMessage `json:"_source"`
}

// scrollAll hands each page of the index's documents to each, with their
// versions. The client's typed search answer has no field for a hit's
// version, so these requests are decoded here.
func scrollAll(ctx context.Context, c *opensearchapi.Client, name string, each func([]journalHit) error) error {
	size, version := bulkDocs, true
	var page scrollPage
	err := doJSON(ctx, c, http.MethodPost, &opensearchapi.SearchReq{
		Indices: []string{name},
		Body:    strings.NewReader(`{"sort":["_doc"]}`),
		Params:  opensearchapi.SearchParams{Scroll: time.Minute, Size: &size, Version: &version},
	}, &page)
	if err != nil {
		return wrap("read the write journal "+name, err)
	}
	scrollID := page.ScrollID
	defer func() {
		if scrollID != "" {
			c.Scroll.Delete(context.Background(), opensearchapi.ScrollDeleteReq{ScrollIDs: []string{scrollID}})
		}
	}()
	for len(page.Hits.Hits) > 0 {
		if err := each(page.Hits.Hits); err != nil {
			return err
		}
		req := opensearchapi.ScrollGetReq{ScrollID: scrollID, Params: opensearchapi.ScrollGetParams{Scroll: time.Minute}}
		page = scrollPage{}
		if err := doJSON(ctx, c, http.MethodGet, req, &page); err != nil {
			return wrap("read the write journal "+name, err)
		}
		if page.ScrollID != "" {
			scrollID = page.ScrollID
		}
	}
	return nil
}

type scrollPage struct {
	ScrollID string `json:"_scroll_id"`
	Hits     struct {
		Hits []journalHit `json:"hits"`
	} `json:"hits"`
}

// doJSON sends req and decodes a successful answer into out; an error
// answer is a *statusError.
func doJSON[T any](ctx context.Context, c *opensearchapi.Client, method string, req opensearch.Request, out *T) error {
	resp, err := opensearch.Do(ctx, c.Client, method, req, out)
	if err != nil {
		return err
	}
	if resp.IsError() {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
		return &statusError{Status: resp.StatusCode, Body: string(body)}
	}
	return nil
}

// statusError is an error answer to a request sent with doJSON.
type statusError struct {
	Status int
	Body   string
}

func (e *statusError) Error() string { return fmt.Sprintf("status %d: %s", e.Status, e.Body) }
