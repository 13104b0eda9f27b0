// Package opensearch keeps a lipi index on an OpenSearch cluster instead of
// the embedded bleve index: `lipi index|search|serve --backend opensearch
// --opensearch URL[,URL...] --opensearch-index NAME`. No plugin: lipi
// analyzes documents and queries itself and the cluster stores, shards,
// replicates and scores the pre-analyzed forms, so a managed cluster
// works as it is.
//
// What is sent is index's: the pre-analyzed forms and the cluster index's
// mapping (index.PreAnalyze, index.RemoteMapping), the query written in
// the query DSL and the page completed with lipi's highlighter
// (index.RemotePlan). This package owns the cluster's side: the official
// Go client (opensearch-go: it spreads requests over the node URLs it is
// given and retries another node when one fails), reading what a build
// stored in its mapping's _meta, searching through the alias, and the
// rebuild.
//
// A rebuild goes the OpenSearch way: a new concrete index `NAME-<stamp>`
// is bulk-loaded, given its scripted similarity (index.RemoteSimilarity,
// with the averages counted while loading: closed, set, opened again)
// and verified, then the alias NAME moves to it in one
// atomic _aliases request and the previous index is deleted. One rebuild
// of an alias runs at a time: its lock is a document in the index
// `lipi-rebuild-locks`, created only if absent, beaten by its holder and
// taken over when its holder has stopped beating, or at once when it ran
// on the same machine and its process is gone (killed).
//
// Files:
//
//   - opensearch.go: [Config], the client, [Open] and [Backend] (Search,
//     Document, Count, Built), and how a failed request becomes an error
//     (a cluster no node of which answers wraps index.ErrUnavailable).
//   - rebuild.go: [Rebuild], its lock and steps; alive_unix.go and
//     alive_other.go: whether a lock's holder still runs.
//   - suggest.go: the cluster's side of "did you mean"
//     (index.RemoteTerms): its term suggester for the terms near a word,
//     and the documents that hold a term.
//   - writes.go: writes through the API (Backend.Put, Backend.Delete)
//     and their journal on the cluster, `NAME-writes`, which a rebuild
//     replays so that it loses none of them.
//
// The subpackage cluster starts a three-node test cluster on loopback
// from Maven Central artifacts, for development and tests.
package opensearch
