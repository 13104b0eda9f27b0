package opensearch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/opensearch-project/opensearch-go/v4/opensearchapi"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index"
)

// RebuildOptions tune Rebuild; the fields lipi index shares with the
// embedded rebuild mean the same (index.RebuildOptions).
type RebuildOptions struct {
	Strict   bool
	Exclude  []string
	Synonyms *analyzers.SynonymMap
	Fields   []string
	// Shards and Replicas of the new index; 0 shards: 3; Replicas < 0:
	// one when the cluster has more than one data node, else none.
	Shards, Replicas int
	// Log receives the summary line; Problems each skipped input.
	Log, Problems io.Writer
	// AtStep is called as the rebuild reaches each step, in order:
	// "load" (the first document read), "build" (the first bulk request
	// done), "verify" (the new index is complete and being checked),
	// "swap1" (verified; the alias not yet moved), "swap2" (the alias
	// moved; the previous index still exists), "swap3" (the previous
	// index deleted). Tests stop or kill a rebuild there.
	AtStep func(step string)
}

// Bulk requests carry this many documents, or this many bytes, at most.
const (
	bulkDocs  = 500
	bulkBytes = 8 << 20
)

// lockIndex holds one lock document per alias: the rebuild that created
// it runs; the others fail at once. A lock whose holder stopped beating
// for lockStale is taken over (its holder was killed).
const (
	lockIndex     = "lipi-rebuild-locks"
	lockHeartbeat = 5 * time.Second
	lockStale     = 30 * time.Second
)

// LockedError is returned when another rebuild of the same alias runs.
type LockedError struct {
	Alias, Holder string
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("another rebuild of %s is running (%s); try again when it is done", e.Alias, e.Holder)
}

// Rebuild loads the documents of docsDir into a new index on the cluster
// and moves the alias cfg.Index to it, the OpenSearch way:
//
//  1. take the alias's lock document (one rebuild at a time), and delete
//     the indexes `ALIAS-<stamp>` the alias does not point at (what killed
//     rebuilds left);
//  2. create `ALIAS-<stamp>` and bulk-load the documents as they are read;
//  3. verify it: it holds every loaded document, and a word of one of
//     them finds it;
//  4. move the alias to it in one atomic _aliases request, then delete
//     the previous index.
//
// A rebuild killed at any step leaves the alias on a complete index: the
// previous one until the alias moves, the new one after.
func Rebuild(ctx context.Context, docsDir string, cfg Config, opts RebuildOptions) (err error) {
	start := time.Now()
	c, err := newClient(cfg)
	if err != nil {
		return err
	}
	step := func(name string) {
		if opts.AtStep != nil {
			opts.AtStep(name)
		}
	}
	lock, err := takeLock(ctx, c, cfg.Index)
	if err != nil {
		return err
	}
	defer lock.release()

	previous, leftovers, err := indexesOf(ctx, c, cfg.Index)
	if err != nil {
		return err
	}
	for _, name := range leftovers {
		if _, err := c.Indices.Delete(ctx, opensearchapi.IndicesDeleteReq{Indices: []string{name}}); err != nil && status(err) != 404 {
			return wrap("remove the leftover index "+name, err)
		}
	}

	health, err := c.Cluster.Health(ctx, nil)
	if err != nil {
		return wrap("cluster health", err)
	}
	shards, replicas := opts.Shards, opts.Replicas
	if shards <= 0 {
		shards = 3
	}
	if replicas < 0 {
		replicas = 0
		if health.NumberOfDataNodes > 1 {
			replicas = 1
		}
	}
	name := cfg.Index + "-" + strings.ReplaceAll(time.Now().UTC().Format("20060102150405.000000000"), ".", "")
	synonyms := opts.Synonyms
	if synonyms == nil {
		synonyms = analyzers.DefaultSynonyms()
	}
	m := meta{Format: index.RemoteFormat, Synonyms: synonyms.Text(), Fields: opts.Fields}
	if m.Fields == nil {
		m.Fields = []string{}
	}
	created := false
	defer func() {
		if err != nil && created {
			// Nothing points at it; a failed build is not kept.
			c.Indices.Delete(context.Background(), opensearchapi.IndicesDeleteReq{Indices: []string{name}})
		}
	}()
	scripted := true
	// No replica while loading: each document is written once, and the
	// index closed and opened for its similarity has no copies to bring
	// back; they are made once, from the finished index.
	err = createIndex(ctx, c, name, index.RemoteMapping(opts.Fields, shards, 0, m.asMap(), scripted))
	if err != nil && refusesScripts(err) {
		// A cluster without Painless, or that forbids scripted
		// similarities: OpenSearch's own BM25 ranks, a little otherwise.
		fmt.Fprintf(orDiscard(opts.Problems), "lipi index: the cluster refuses lipi's scripted similarity (%v): ranking with OpenSearch's BM25\n", err)
		scripted = false
		err = createIndex(ctx, c, name, index.RemoteMapping(opts.Fields, shards, 0, m.asMap(), scripted))
	}
	if err != nil {
		return err
	}
	created = true

	bl := &bulkLoader{ctx: ctx, c: c, index: name, step: step, stats: index.NewRemoteTermStats()}
	loaded, err := index.LoadDir(docsDir, index.LoadOptions{
		Strict: opts.Strict, Exclude: opts.Exclude, Fields: opts.Fields,
		OnDoc: bl.add,
	})
	if err != nil {
		return err
	}
	if err := bl.flush(); err != nil {
		return err
	}
	if scripted {
		m.AvgLen = bl.stats.AvgLen(loaded.Loaded)
		if err := setSimilarity(ctx, c, name, index.RemoteSimilarity(m.AvgLen)); err != nil {
			return err
		}
	}
	if opts.Problems != nil {
		for _, p := range loaded.Skipped {
			fmt.Fprintln(opts.Problems, p)
		}
	}
	if _, err := c.Indices.Settings.Put(ctx, opensearchapi.SettingsPutReq{Indices: []string{name}, Body: jsonReader(map[string]any{"index": map[string]any{"refresh_interval": nil, "number_of_replicas": replicas}})}); err != nil {
		return wrap("settings of "+name, err)
	}
	if replicas > 0 {
		// The alias moves to an index whose copies are all there, so that
		// losing a node right after costs no search.
		if err := waitGreen(ctx, c, name, opts.Problems); err != nil {
			return err
		}
	}
	if _, err := c.Indices.Refresh(ctx, &opensearchapi.IndicesRefreshReq{Index: []string{name}}); err != nil {
		return wrap("refresh "+name, err)
	}
	m.Built, m.Docs = time.Now().UTC().Format(time.RFC3339), loaded.Loaded
	if _, err := c.Indices.Mapping.Put(ctx, opensearchapi.MappingPutReq{Indices: []string{name}, Body: jsonReader(map[string]any{"_meta": m.asMap()})}); err != nil {
		return wrap("record the build in "+name, err)
	}

	step("verify")
	if err := verify(ctx, c, name, loaded.Loaded, bl.probe, synonyms, opts.Fields); err != nil {
		return err
	}
	// The writes made through the API, kept across rebuilds; those made
	// from here until the alias moves are replayed again after it.
	replayed, err := replayJournal(ctx, c, cfg.Index, name, opts.Fields)
	if err != nil {
		return err
	}
	if replayed > 0 {
		if _, err := c.Indices.Refresh(ctx, &opensearchapi.IndicesRefreshReq{Index: []string{name}}); err != nil {
			return wrap("refresh "+name, err)
		}
	}
	step("swap1")
	actions := []any{map[string]any{"add": map[string]any{"index": name, "alias": cfg.Index}}}
	if previous != "" {
		actions = append(actions, map[string]any{"remove": map[string]any{"index": previous, "alias": cfg.Index}})
	}
	if _, err := c.Aliases(ctx, opensearchapi.AliasesReq{Body: jsonReader(map[string]any{"actions": actions})}); err != nil {
		return wrap("move the alias "+cfg.Index, err)
	}
	created = false // the alias holds it now
	if _, err := replayJournal(ctx, c, cfg.Index, name, opts.Fields); err != nil {
		// The alias has moved: the writes the first replay missed are
		// only in the journal until the next rebuild, so say so loudly.
		return fmt.Errorf("the alias %s moved to %s, but writes made through the API during the rebuild may be missing from it until the next rebuild: %w", cfg.Index, name, err)
	}
	step("swap2")
	if previous != "" {
		if _, err := c.Indices.Delete(ctx, opensearchapi.IndicesDeleteReq{Indices: []string{previous}}); err != nil && status(err) != 404 {
			// The next rebuild removes it.
			fmt.Fprintf(orDiscard(opts.Problems), "lipi index: the previous index %s stays until the next rebuild: %v\n", previous, err)
		}
	}
	step("swap3")
	if opts.Log != nil {
		writes := ""
		if replayed > 0 {
			writes = fmt.Sprintf("; %d writes made through the API replayed", replayed)
		}
		fmt.Fprintf(opts.Log, "%s%s; indexed into %s (alias %s) in %s\n", loaded.Summary(), writes, name, cfg.Index, time.Since(start).Round(10*time.Millisecond))
	}
	return nil
}

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}

func jsonReader(v any) io.Reader {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps of plain values are marshalled here
	}
	return bytes.NewReader(b)
}

// indexesOf finds the index the alias points at ("" for none) and the
// other `ALIAS-<stamp>` indexes, leftovers of killed rebuilds. A concrete
// index named like the alias is refused: lipi does not replace what it
// did not build.
func indexesOf(ctx context.Context, c *opensearchapi.Client, alias string) (current string, leftovers []string, err error) {
	resp, err := c.Indices.Get(ctx, opensearchapi.IndicesGetReq{
		Indices: []string{alias, alias + "-*"},
		Params:  opensearchapi.IndicesGetParams{IgnoreUnavailable: opensearchapi.ToPointer(true), AllowNoIndices: opensearchapi.ToPointer(true)},
	})
	if err != nil {
		if status(err) == 404 {
			return "", nil, nil
		}
		return "", nil, wrap("list the indexes of "+alias, err)
	}
	if resp.IndicesGetRespData == nil {
		return "", nil, nil
	}
	for name, ix := range *resp.IndicesGetRespData {
		if name == alias {
			return "", nil, fmt.Errorf("opensearch: %s is an index, not an alias: lipi rebuilds behind an alias and will not replace it (choose another --opensearch-index, or delete it)", alias)
		}
		if _, ok := ix.Aliases[alias]; ok {
			current = name
			continue
		}
		if isStamped(alias, name) {
			leftovers = append(leftovers, name)
		}
	}
	sort.Strings(leftovers)
	return current, leftovers, nil
}

// isStamped tells a rebuild's index of alias (`ALIAS-<digits>`) from
// another index that merely starts with the alias's name.
func isStamped(alias, name string) bool {
	stamp, ok := strings.CutPrefix(name, alias+"-")
	if !ok || len(stamp) < 14 {
		return false
	}
	_, err := strconv.ParseUint(stamp, 10, 64)
	return err == nil || strings.Trim(stamp, "0123456789") == ""
}

func createIndex(ctx context.Context, c *opensearchapi.Client, name string, body map[string]any) error {
	settings := body["settings"].(map[string]any)
	settings["refresh_interval"] = "-1" // while loading: one refresh at the end
	if _, err := c.Indices.Create(ctx, opensearchapi.IndicesCreateReq{Index: name, Body: jsonReader(body)}); err != nil {
		return wrap("create the index "+name, err)
	}
	return nil
}

// bulkLoader sends the documents in bulk requests as the loader reads
// them.
type bulkLoader struct {
	ctx   context.Context
	c     *opensearchapi.Client
	index string
	step  func(string)
	buf   bytes.Buffer
	n     int
	sent  int
	probe *index.Document // the first document with a searchable word
	stats *index.RemoteTermStats
}

func (bl *bulkLoader) add(d index.Document) error {
	if bl.sent == 0 && bl.n == 0 {
		bl.step("load")
	}
	if bl.probe == nil && index.ProbeWord(&d) != "" {
		doc := d
		bl.probe = &doc
	}
	src, err := index.RemoteSource(&d)
	if err != nil {
		return err
	}
	bl.stats.Add(src)
	action, _ := json.Marshal(map[string]any{"index": map[string]any{"_index": bl.index, "_id": d.ID}})
	line, err := json.Marshal(src)
	if err != nil {
		return fmt.Errorf("document %q: %w", d.ID, err)
	}
	bl.buf.Write(action)
	bl.buf.WriteByte('\n')
	bl.buf.Write(line)
	bl.buf.WriteByte('\n')
	bl.n++
	if bl.n >= bulkDocs || bl.buf.Len() >= bulkBytes {
		return bl.flush()
	}
	return nil
}

func (bl *bulkLoader) flush() error {
	if bl.n == 0 {
		return nil
	}
	resp, err := bl.c.Bulk(bl.ctx, opensearchapi.BulkReq{Body: bytes.NewReader(bl.buf.Bytes())})
	if err != nil {
		return wrap("bulk load into "+bl.index, err)
	}
	if resp.Errors {
		for _, item := range resp.Items {
			for _, r := range item {
				if r.Error != nil {
					return fmt.Errorf("bulk load into %s: document %q: %s: %s", bl.index, r.ID, r.Error.Type, r.Error.Reason)
				}
			}
		}
		return fmt.Errorf("bulk load into %s: the cluster refused some documents", bl.index)
	}
	first := bl.sent == 0
	bl.sent += bl.n
	bl.n = 0
	bl.buf.Reset()
	if first {
		bl.step("build")
	}
	return nil
}

// verify checks the new index before the alias moves to it: every loaded
// document is there, and the probe document's word finds something.
func verify(ctx context.Context, c *opensearchapi.Client, name string, want int, probe *index.Document, synonyms *analyzers.SynonymMap, fields []string) error {
	resp, err := c.Indices.Count(ctx, &opensearchapi.IndicesCountReq{Indices: []string{name}})
	if err != nil {
		return wrap("verify "+name, err)
	}
	if resp.Count != want {
		return fmt.Errorf("verify %s: it holds %d documents, %d were loaded; the alias is left where it was", name, resp.Count, want)
	}
	if probe == nil {
		return nil
	}
	word := index.ProbeWord(probe)
	b := &Backend{cfg: Config{Index: name}, client: c}
	b.meta, b.synonyms, b.read = meta{Format: index.RemoteFormat, Fields: fields}, index.SynonymExpander(synonyms), time.Now()
	b.concrete = name
	res, err := b.Search(ctx, index.Request{Query: word, Size: 1})
	if err != nil {
		return fmt.Errorf("verify %s: probe query %q: %w", name, word, err)
	}
	if res.Total == 0 {
		return fmt.Errorf("verify %s: the probe query %q finds nothing; the alias is left where it was", name, word)
	}
	return nil
}

// rebuildLock is a held lock document.
type rebuildLock struct {
	c      *opensearchapi.Client
	alias  string
	holder string
	stop   chan struct{}
	done   chan struct{}
}

type lockDoc struct {
	Holder    string `json:"holder"`
	Host      string `json:"host"`
	PID       int    `json:"pid"`
	Heartbeat int64  `json:"heartbeat"` // unix milliseconds
}

// gone tells that the lock's holder has ended: it stopped beating, or it
// ran on this machine and its process is no more (killed: the lock is
// taken over at once rather than after lockStale).
func (l lockDoc) gone(host string) bool {
	if time.Since(time.UnixMilli(l.Heartbeat)) >= lockStale {
		return true
	}
	return l.Host == host && l.PID > 0 && l.PID != os.Getpid() && !processAlive(l.PID)
}

// takeLock creates the alias's lock document, or takes over one whose
// holder stopped beating, and beats until released.
func takeLock(ctx context.Context, c *opensearchapi.Client, alias string) (*rebuildLock, error) {
	host, _ := os.Hostname()
	holder := fmt.Sprintf("pid %d on %s since %s", os.Getpid(), host, time.Now().UTC().Format(time.RFC3339))
	doc := func() io.Reader {
		return jsonReader(lockDoc{Holder: holder, Host: host, PID: os.Getpid(), Heartbeat: time.Now().UnixMilli()})
	}
	_, err := c.Document.Create(ctx, opensearchapi.DocumentCreateReq{Index: lockIndex, DocumentID: alias, Body: doc(), Params: opensearchapi.DocumentCreateParams{Refresh: "true"}})
	if err != nil && status(err) != 409 {
		return nil, wrap("take the rebuild lock of "+alias, err)
	}
	if err != nil {
		got, gerr := c.Document.Get(ctx, opensearchapi.DocumentGetReq{Index: lockIndex, DocumentID: alias})
		if gerr != nil {
			return nil, wrap("read the rebuild lock of "+alias, gerr)
		}
		var held lockDoc
		json.Unmarshal(got.Source, &held)
		if !held.gone(host) {
			return nil, &LockedError{Alias: alias, Holder: held.Holder}
		}
		// Its holder is gone: take it over, unless another rebuild just
		// did (the sequence number changed).
		_, err := c.Index(ctx, opensearchapi.IndexReq{Index: lockIndex, DocumentID: alias, Body: doc(), Params: opensearchapi.IndexParams{
			IfSeqNo: opensearchapi.ToPointer(got.SeqNo), IfPrimaryTerm: opensearchapi.ToPointer(got.PrimaryTerm), Refresh: "true",
		}})
		if status(err) == 409 {
			return nil, &LockedError{Alias: alias, Holder: "another rebuild took it over just now"}
		}
		if err != nil {
			return nil, wrap("take over the rebuild lock of "+alias, err)
		}
	}
	l := &rebuildLock{c: c, alias: alias, holder: holder, stop: make(chan struct{}), done: make(chan struct{})}
	go l.beat(doc)
	return l, nil
}

func (l *rebuildLock) beat(doc func() io.Reader) {
	defer close(l.done)
	t := time.NewTicker(lockHeartbeat)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), lockHeartbeat)
			l.c.Index(ctx, opensearchapi.IndexReq{Index: lockIndex, DocumentID: l.alias, Body: doc()})
			cancel()
		}
	}
}

func (l *rebuildLock) release() {
	close(l.stop)
	<-l.done
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// A lock left by a failed delete goes stale, and the next rebuild
	// takes it over.
	l.c.Document.Delete(ctx, opensearchapi.DocumentDeleteReq{Index: lockIndex, DocumentID: l.alias, Params: opensearchapi.DocumentDeleteParams{Refresh: "true"}})
}

// refusesScripts tells an index creation the cluster refused for its
// scripted similarity (no Painless, or scripts of that context off).
func refusesScripts(err error) bool {
	msg := err.Error()
	return status(err) == 400 && (strings.Contains(msg, "painless") || strings.Contains(msg, "script"))
}

// setSimilarity gives the loaded index name its similarity settings with
// the fields' averages: a closed index's settings, so it is closed and
// opened again, before anything searches it.
func setSimilarity(ctx context.Context, c *opensearchapi.Client, name string, similarity map[string]any) error {
	if _, err := c.Indices.Close(ctx, opensearchapi.IndicesCloseReq{Index: name}); err != nil {
		return wrap("close "+name+" to set its similarity", err)
	}
	if _, err := c.Indices.Settings.Put(ctx, opensearchapi.SettingsPutReq{Indices: []string{name}, Body: jsonReader(map[string]any{"index": map[string]any{"similarity": similarity}})}); err != nil {
		return wrap("set the similarity of "+name, err)
	}
	if _, err := c.Indices.Open(ctx, opensearchapi.IndicesOpenReq{Index: name, Params: opensearchapi.IndicesOpenParams{WaitForActiveShards: "all"}}); err != nil {
		return wrap("open "+name+" again", err)
	}
	return nil
}

// waitGreen waits until every copy of the index name is allocated. A
// cluster that cannot place them (fewer nodes than copies) is left to do
// so later: the rebuild goes on once its primaries serve, and says why on
// problems.
func waitGreen(ctx context.Context, c *opensearchapi.Client, name string, problems io.Writer) error {
	health, err := c.Cluster.Health(ctx, &opensearchapi.ClusterHealthReq{
		Indices: []string{name},
		Params:  opensearchapi.ClusterHealthParams{WaitForStatus: "green", Timeout: 5 * time.Minute},
	})
	switch {
	case status(err) == 408 || err == nil && health.Status != "green":
		fmt.Fprintf(orDiscard(problems), "lipi index: not every replica of %s could be placed yet; the cluster goes on placing them\n", name)
		return nil
	case err != nil:
		return wrap("wait for the copies of "+name, err)
	}
	return nil
}
