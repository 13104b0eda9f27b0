// Package engine is lipi's extension of bleve: the query and searcher that
// score a document by how much of a query it covers, the term leaves and
// fuzzy expansion they are made of, completing a page of hits (their term
// locations, stored fields and fragments), the highlighter, the language
// facet, and the way an index is written (segment format, merging). It
// knows nothing of lipi's documents, requests or weights: the index
// package compiles a request into the queries defined here, with the
// fields and weights of its own, and reads the hits back.
//
// Files:
//
//   - coverage.go: [CoverageQuery], its words' clauses ([CoverageWord]),
//     and the coverage searcher that runs it as one flat disjunction of
//     leaves, scores each document in one place and keeps only the hits
//     that can reach the page; [HitTally].
//   - maxquery.go: [MaxQuery], one word's alternatives scored by the best
//     (a dis-max query, which bleve lacks).
//   - sounds.go: [MatchKind] and [Kinded], what a match through an
//     alternative says (the query's own spelling, a reading of it, a
//     sound-alike), and [SoundPolicy], which sound-alike hits a coverage
//     search returns and how many it leaves out.
//   - termleaf.go: a term leaf, one term of one field read straight from
//     the segments' postings and scored as bleve's term searcher scores it
//     with BM25, to the bit, on the snapshot's statistics or on the shared
//     ones a search was given.
//   - lengths.go: the text fields' true average length in tokens
//     ([Catalog.MeasureLengths]), counted once a segment (a build stores
//     its counts: [SegmentLengths]), which a view hands its search as
//     BM25's shared statistics in place of bleve's distinct terms over
//     documents, so that a ranking holds as the archive grows.
//   - fuzzy.go: [FuzzyKey] and [FuzzyQuery], the terms within a few edits
//     of a key, found by walking each segment's dictionary inside the key's
//     prefix with one automaton (package levenshtein).
//   - near.go: [NearTerms], the terms of a dictionary within a few
//     edits of a word, with their counts, for suggestions.
//   - complete.go: [CompletionQuery], search-as-you-type: the most
//     frequent words a half-typed word begins, weighted so that a rarer
//     one's idf does not lift it.
//   - locate.go: [CompleteHits], which reads the locations of the terms a
//     hit carries marked (leaves read none while searching), finds those
//     the index stores without locations by analyzing the hit's text
//     again ([Relocation]), then loads and highlights the page's hits.
//   - unlocated.go: [SetUnlocated], the terms (by prefix, in short
//     fields) that lipi's segment format writes without locations.
//   - highlight.go: the "lipi-html" highlighter ([HighlighterName]): bleve's
//     html highlighter's fragments and marks for less work.
//   - facet.go: [LangTable], [LangCounts] and [CountingQuery], the language
//     facet counted from a table of every document's language (and any
//     other facet of one keyword a document, such as a category, from a
//     table of the same kind), and [LangFilterQuery], a language filter
//     that leaves scores alone.
//   - dates.go: [DateTable], every document's date by document number,
//     for the date filter ([KeepQuery], or [CoverageQuery].Keep inside a
//     coverage search) and the count of undated hits ([UndatedQuery]).
//   - view.go: [View], [PinQuery] and [Catalog]: one search reads one
//     snapshot of the index, its query, tables by document number and
//     page alike, so that an index that takes writes (whose merges
//     renumber documents) answers as consistently as a read-only one.
//   - groups.go: content groups for a collapsed search: the group of a
//     hit ([View].GroupOf) and [GroupCountQuery], which counts every match
//     by group.
//   - scorch.go: the one place that reaches past bleve's public API into
//     scorch and zap (below).
//   - pagecache_linux.go, pagecache_other.go: dropping a file's pages
//     from the page cache, which a build asks for as it opens the
//     segments of its batches, and taking a mapped file's pages out of
//     the process's resident set, which a build's final merge does with
//     its inputs as it reads them, and a build with its segments after
//     each batch ([UnmapSegments]) (Linux only; elsewhere nothing).
//
// For a bleve upgrade, scorch.go holds every reach into scorch and zap;
// each piece, what it replaces, and what to check:
//
//   - the segment plugin (idOrderedPlugin, named segmentType): zap v17
//     with each new segment's documents in id order, so that ties rank the
//     same after every rebuild. Check that scorch still asks a plugin's New
//     and NewUsing for a batch's segment with its documents in a slice it
//     may reorder, that forceSegmentType/forceSegmentVersion still choose
//     the plugin, and whether bleve's default zap version moved (keep
//     writing v17, or wrap the new one and bump lipi's index format). The
//     plugin also takes the locations off the terms SetUnlocated names
//     (dropLocations): check that zap still stores a posting's locations
//     only when its token frequency has some (TestUnlocatedKeysAnswerAsLocated
//     in the index package fails otherwise).
//   - the plugin's Merge and MergeUsing, which hand zap the segments in
//     the order scorch wrote them, by their file names (fixed-width
//     hexadecimal numbers that grow), and map zap's new document numbers
//     back to scorch's order. Check that segment files are still named
//     so, and that zap still numbers a merged segment's documents in the
//     order of its inputs (TestMergeKeepsBatchOrder fails otherwise).
//   - the plugin's MergeUsing under BuildConfig (the "segmentConfig" map
//     holds pageCacheDrop) unmaps the pages of its inputs every
//     unmapEvery (keepUnmapped), finding their mappings by path in
//     /proc/self/maps. Check that zap still maps a segment file whole
//     and read-only (TestBuildMergeUnmapsInputs fails when no mapping is
//     found).
//   - the plugin's OpenUsing, which scorch calls for every segment file
//     it opens with the "segmentConfig" map of the index's configuration:
//     BuildConfig puts a flag there under which the batches' segment
//     files are dropped from the page cache first (pageCacheDrop), and
//     MergeToOneSegment turns it off. Check that scorch still opens
//     persisted and merged segments through OpenUsing with that map
//     (TestBuildOpensSegmentsUncached fails otherwise).
//   - zapv17.NewSegmentBufferNumResultsFactor, set to 0 so that zap does
//     not reserve a new segment's buffer from the last segment's size
//     (docs/BENCHMARKS.md, a build's memory). Check that the variable
//     still exists and still means that.
//   - BuildConfig, WritableConfig and MergeToOneSegment: scorch's
//     merge-planner options (a writable index's override the ones its
//     build recorded in index_meta.json), its stats (TotFileSegmentsAtRoot
//     and the merge counters) that the merge polls, and ForceMerge with
//     mergeplan's options. Check the names of the options and stats, and
//     that a runtime configuration still replaces a recorded key whole.
//   - snapshotOf and segments: a search's reader is a *scorch.IndexSnapshot
//     whose Segments() are in document-number order, each numbering its
//     documents from the sum of the counts before it (the offsets locate.go
//     and termleaf.go use). Check both. Each segment keeps the id scorch
//     gave it (SegmentSnapshot.Id) while it is in the index, also when it
//     is written to disk, and a merge makes a new one: lengths.go keys its
//     token counts, and a build stores them, by that id. Check that it
//     still holds (TestStoredLengths reads a build's counts by id).
//   - docNumber and appendDocID: scorch's internal id is a document number,
//     eight bytes big-endian. The coverage searcher keeps numbers, not ids.
//   - hitReader.Document: stored fields decoded by zap's field-type byte
//     ('t', 'n', 'i', 'd', 'b', 'g', 's'), as scorch's own Document does.
//     Check for new types and for the "_id" field's name.
//   - NewestInternal and UnloadedSnapshot: scorch.RollbackPoints reads
//     the newest snapshot's internal data without loading it; Open compares
//     it with what it opened, since scorch only logs a snapshot it could
//     not load. When no snapshot loads, bleve's open fails on an empty
//     mapping: check the text of that error ("error parsing mapping JSON")
//     and the "_mapping" key.
//
// Everything else uses bleve's public API: query.Query and search.Searcher
// (which CoverageQuery, MaxQuery, FuzzyQuery, CompletionQuery,
// CountingQuery and LangFilterQuery implement), the reader's prefix
// dictionaries,
// the segment API's dictionaries and postings iterators, the highlighter
// registry and bleve.LoadAndHighlightFields. The tests compare each part
// with what it replaces: term leaves with bleve's term searcher, fuzzy
// queries with bleve's fuzzy query, located hits with bleve's readers and
// the highlighter with bleve's html highlighter.
package engine
