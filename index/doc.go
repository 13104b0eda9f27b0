// Package index owns lipi's documents from the folder on disk to the search
// result: the document model, loading a folder of documents, the bleve
// mapping, building an index offline, opening it, rebuilding and swapping
// it, and search, the query model that both the CLI (`lipi search`) and the
// API call.
//
// It sits between the analyzers package, which knows how to turn text into
// layered terms, and the api package and main, which only translate requests
// into calls here. What it asks of bleve beyond plain queries (the coverage
// searcher, term leaves, fuzzy expansion, completing and highlighting a
// page, the language and category facets, the segment format) lives in
// internal/engine, which knows nothing of documents or requests; the
// edit-distance automata the fuzzy expansion walks with live in
// internal/levenshtein, which knows nothing of bleve. So a bleve upgrade is checked in one package, and the
// rules of lipi's ranking are read here, in one file (ranking.go). The
// package indextest holds test helpers that index's tests share with the
// lipi command's (generated documents, damaged indexes).
//
// Files:
//
//   - types.go: the search vocabulary, [Request], [Response], [Hit],
//     [Match], [Facets], and a request's limits.
//   - document.go: [Document], one article as lipi indexes it, and how its
//     title, language and scripts are derived from its text.
//   - fields.go: [ParseFields], the extra keyword fields an index may have
//     (`lipi index --field NAME=keyword`), and how they are stored with
//     it.
//   - load.go: [LoadDir], which reads a folder of `.txt`, `.md` and `.jsonl`
//     files recursively into documents and reports every line it skipped
//     and why ([LoadProblem], [LoadResult]).
//   - mapping.go: the bleve mapping (title and body through the "lipi"
//     analyzer with term vectors, but for the frame and skeleton keys of
//     short fields; lang, scripts, category and the extra fields
//     keywords; published), and the same mapping with another analyzer
//     for comparisons.
//   - index.go: [Build] and [Open]; the synonym map in effect, the extra
//     fields and lipi's format are stored with the index. [OpenPlain] opens an index built
//     with another mapping ([BuildOptions].Mapping), searched by a bleve
//     query the caller makes: the benchmark's standard-analyzer index
//     (api/loadtest/baseline), served like for like.
//   - batches.go: writing an index in batches and merging it into one
//     segment, for Build and Rebuild.
//   - document_get.go: [Index.Document], a stored document by id.
//   - damage.go: a damaged index's panics and multi-line errors turned into
//     one clear line.
//   - rebuild.go, lock.go (lock_flock.go, lock_noflock.go), progress.go,
//     rename_linux.go, rename_other.go: [Rebuild], the offline rebuild
//     beside the live index: its lock, its progress line, its verification
//     and its atomic swap.
//   - live.go: [Live], the index at a path as rebuilds swap it, for a
//     long-running server; opened writable, it takes documents (Put,
//     Delete).
//   - journal.go: the journal of the writes made through the API beside
//     the index, which makes them durable and which every rebuild replays.
//   - writes.go: [ParseDocuments], the writer lock that keeps a second
//     process off an index a server writes to ([HeldError]), opening an
//     index for writing and applying the journal to it.
//   - query.go: compiling a query into the engine's coverage query. Each
//     query word becomes alternatives over its layers (exact native >
//     Latin > phonetic > frame; short keys and skeletons only lift
//     documents that match otherwise), scored by its best layer; words are
//     combined so that covering every word ranks first, and a document
//     with the query as typed (every word's own spelling, side by side)
//     before all others; quoted phrases are multi-phrase queries whose
//     positions accept a word's spelling, reading or phonetic key;
//     synonyms are expanded at query time. A query of stop words alone
//     searches their readings and keys too, and Latin words that all read
//     as another script's stop words search those as a phrase.
//     Each alternative says what kind of match it makes (the query's own
//     spelling, a reading of it, a sound-alike).
//   - ranking.go: every weight and factor of the ranking, each with why.
//   - search.go: [Index.Search]: validating a request, running the compiled
//     query with its filters, page, sort and facets and the sound-alike
//     policy (which weak sound-alikes are left out, and counted), filling
//     a short page with weak matches, and turning hits into lipi's response
//     with their fragments, matches and how each matched ([Hit].Match).
//   - remote.go: the embedded index's counterpart for a cluster
//     (index/opensearch): a document's forms pre-analyzed for it
//     ([PreAnalyze], [RemoteSource]) and its mapping ([RemoteMapping]),
//     and [RemotePlan]: a request compiled into the cluster's query DSL,
//     whose page is then completed here, with the same fragments and
//     matches as an embedded search.
//   - remote_similarity.go: how a cluster scores a term as the embedded
//     index does (a scripted similarity with bleve's BM25), and the count
//     of tokens that gives each field its average length, as the embedded
//     index measures it (engine's lengths.go).
//   - remote_page.go: the in-memory index of a cluster's page that lipi's
//     highlighter completes, holding only the terms the query can match.
//   - remote_fill.go: the fill of a short page on a cluster, as a plan
//     of its own ([RemotePlan.FillPlan]) merged into the search's answer.
//   - remote_suggest.go: "did you mean" on a cluster: suggest.go's rules
//     over the terms a cluster backend offers ([RemoteTerms]).
//   - suggest.go: "did you mean" ([Response].Suggestions) for a search
//     with no strong hit: the words the index does not know replaced by
//     near ones of the same script (by spelling, or by key), read as
//     documents write them.
//
// Terms used in this package:
//
//   - A document's id is stable: a text file's path relative to the loaded
//     folder without its extension (`sub/name`), or a JSON line's "id".
//   - A problem is one input (a file or a JSON line) that was skipped, with
//     the place it came from and a reason. Loading never stops at a problem
//     unless asked to ([LoadOptions].Strict).
//   - A document's category is the section it was filed under, given by
//     its JSON line ("category", or "label" as the benchmark corpus has
//     it); an extra field is any other key of a JSON line that the build
//     names as a keyword. Both filter and count as facets, and neither
//     changes a score.
//   - A document's scripts are the ISO 15924 codes of the scripts of its
//     letters (analyzers.Script); its dominant script is the one with most
//     letters, and gives the language when the document does not.
package index
