// Package index owns lipi's documents from the folder on disk to the search
// result: the document model, loading a folder of documents, the bleve
// mapping, building an index offline and opening it, and search, the query
// model that both the CLI (`lipi search`) and the API call.
//
// It sits between the analyzers package, which knows how to turn text into
// layered terms, and the api package and main, which only translate requests
// into calls here.
//
// Files:
//
//   - document.go: [Document], one article as lipi indexes it, and how its
//     title, language and scripts are derived from its text.
//   - load.go: [LoadDir], which reads a folder of `.txt`, `.md` and `.jsonl`
//     files recursively into documents and reports every line it skipped
//     and why ([LoadProblem], [LoadResult]).
//   - mapping.go: the bleve mapping (title and body through the "lipi"
//     analyzer with term vectors; lang and scripts keywords; published).
//   - index.go: [Build] and [Open]; the synonym map in effect is stored with
//     the index.
//   - rebuild.go, lock.go, progress.go: [Rebuild], the offline rebuild
//     beside the live index, its verification and atomic swap.
//   - types.go, query.go, maxquery.go, search.go: the query model. Each
//     query word becomes alternatives over its layers (exact native >
//     Latin > phonetic > frame; short keys and skeletons only lift documents
//     that match otherwise), scored by its best layer; words are combined so
//     that covering every word ranks first; quoted phrases are
//     multi-phrase queries whose positions accept any layer; synonyms are
//     expanded at query time.
//
// Terms used in this package:
//
//   - A document's id is stable: a text file's path relative to the loaded
//     folder without its extension (`sub/name`), or a JSON line's "id".
//   - A problem is one input (a file or a JSON line) that was skipped, with
//     the place it came from and a reason. Loading never stops at a problem
//     unless asked to ([LoadOptions].Strict).
//   - A document's scripts are the ISO 15924 codes of the scripts of its
//     letters (analyzers.Script); its dominant script is the one with most
//     letters, and gives the language when the document does not.
package index
