// Package analyzers owns lipi's text analysis: how a text in Latin letters,
// an Indian script (Devanagari, Bengali, Gurmukhi, Gujarati, Odia, Tamil,
// Telugu, Kannada, Malayalam), Urdu's Perso-Arabic script or Cyrillic
// becomes the terms of the index. It
// knows nothing of files or HTTP; the index package calls it at index and
// query time alike, so both sides always agree.
//
// For every word the tokenizer finds (Unicode word boundaries, with ZWJ and
// ZWNJ kept inside words and full stops between letters splitting initials,
// words.go), AnalyzeWord makes:
//
//   - the script of the word (script.go);
//   - its normalized form (normalize.go: NFC, format characters removed,
//     nukta, chandrabindu, candra vowels, khanda ta, Gurmukhi vowel
//     bearers, Malayalam chillus, native digits; urdu.go for Urdu);
//   - its stem (stem.go: light Bengali and Hindi inflection stemmers;
//     English and Russian through kljensen/snowball; the other scripts'
//     words are their own stems); a stop word (stopwords.go) keeps its
//     native form only, unstemmed;
//   - its Latin readings (translit.go and translit_brahmic.go: one table
//     shape for every Brahmic script, whose Unicode blocks are parallel;
//     inherent-vowel deletion for the North Indian languages; the readings
//     particular to Bengali, Tamil, Malayalam, Gurmukhi; urdu.go for Urdu,
//     whose short vowels are unwritten; Cyrillic by BGN/PCGN), and initials
//     (initials.go);
//   - phonetic keys of every reading (phonetic.go, where each rule is listed
//     once with its reason; English silent letters only for Latin words),
//     a Latin word's other readings where English spelling has two
//     (english.go), and at query time the other reading of a medial
//     inherent vowel (schwa.go).
//
// The registered analyzer "lipi" (analyzer.go, names in register.go) emits
// every form of a word at the word's position and with the word's byte
// offsets, so phrase queries work across scripts and highlighting marks the
// original word. A form's layer is marked by a prefix of its term (see
// layers.go). The layers, strongest first, and the names the search API
// reports in `matches[].layer`:
//
//   - native: the word in its own script, normalized and stemmed (no prefix);
//   - latin: the canonical Latin reading ("l|"); a Latin word whose reading
//     equals its native form stores the native term only;
//   - phonetic: the vowel-keeping phonetic key ("p|");
//   - frame: the phonetic key with each run of vowels made one '.' ("f|"),
//     from two consonants on;
//   - skeleton: the consonants of the phonetic key ("f|", shared with the
//     frame: a frame without vowels is its own skeleton), from three on;
//   - synonym: not indexed; a query-time expansion through the synonym map
//     (synonyms.go, default map in synonyms/default.txt).
//
// The standalone analyzers "lipi_bn" and "lipi_hi" (analyzer_bn.go,
// analyzer_hi.go) are one language's normalization, stop words and
// stemming with no layers, for any bleve user: bleve has no Bengali
// analyzer.
//
// Layers are prefixes of terms in one field rather than separate fields, so
// that one multi-phrase query can accept any layer at each position and the
// highlighter marks the original word from the shared offsets.
//
// # Files
//
// What each file owns, besides this overview (doc.go). Splitting and
// assembly:
//
//   - words.go: the one way to split a text into words, WordSpans (byte
//     spans), and the bleve tokenizer WordTokenizer built on the same
//     splitter, so the index and every caller that splits a query or a text
//     itself see the same words.
//   - words_fast.go: the same splitting in one pass for the pieces of text
//     that are plain runs of letters or digits (most of them), the general
//     segmenter taking the others.
//   - layers.go: the layers, their term prefixes (Layer, Form, LayerTerm,
//     SplitTerm) and AnalyzeWord, which makes every form of one word.
//   - analyzer.go: the cross-script analyzer "lipi": LayersFilter with its
//     word cache, NewAnalyzer, and Tokens, the analysis that `lipi analyze`
//     and the analyze API show.
//   - analyzer_bn.go, analyzer_hi.go: the standalone analyzers "lipi_bn" and
//     "lipi_hi"; analyzer_bn.go also holds the adapters TermFilter and
//     StopFilter that turn a pure rule into a bleve token filter.
//   - register.go: every registered name (stored in index mappings on disk)
//     and the registration helpers, which panic at init when a name is taken.
//
// Rules over one word:
//
//   - script.go: Script, and which script a rune and a word are in.
//   - normalize.go: the normalizers of each script and FoldDigits.
//   - stem.go: the Bengali and Hindi stemmers, and the dictionary forms an
//     ending points to that the stem does not reach (लड़कों also stands
//     for लड़का, ছাত্রদের for ছাত্র, দেখতে for দেখা), indexed as further
//     native terms, and the Hindi spellings without nukta (बाज़ार, बाजार).
//   - stopwords.go: the stop word lists, IsStopWord, and StopWordsReadAs
//     (the stop words of the Indian scripts a word of another script reads
//     as).
//   - translit.go: the Brahmic scripts and Cyrillic to Latin (ToLatin),
//     the readings every key is made from: the shared ISCII-layout table,
//     Devanagari's and Bengali's letters, inherent-vowel deletion.
//   - translit_brahmic.go: the tables and rules of Gurmukhi, Gujarati,
//     Odia, Tamil (its stops read by place), Telugu, Kannada and Malayalam,
//     and which table a code point belongs to.
//   - urdu.go: Urdu's normalizer (letter variants, harakat, presentation
//     forms), its readings of consonants and written long vowels, and
//     LatinToUrdu.
//   - english.go: the other readings of English spellings that stand for
//     two sounds, and of English endings as Devanagari and Bengali write
//     them (-tion, -ture, an unstressed -er or -on, a silent e before -s).
//   - initials.go: the Latin letter an initial or a letter's name stands for.
//   - phonetic.go: the phonetic, frame and skeleton keys of a Latin reading.
//   - schwa.go: the other reading of a medial inherent vowel, at query time.
//   - synonyms.go: the synonym file format, the default map
//     (synonyms/default.txt, whose generated part internal/synonymgen writes)
//     and the query-time expander.
//
// Display only (the index never relies on it):
//
//   - transliterate.go: Transliterate, a text written in every script, as
//     `lipi transliterate` and the transliterate API show it.
//   - latin_to_indic.go: LatinToIndic, a reader's guess at a Latin word in
//     a Brahmic script, which Transliterate uses (LatinToUrdu is in
//     urdu.go).
package analyzers
