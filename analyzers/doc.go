// Package analyzers owns lipi's text analysis: how a text in Bengali,
// Devanagari, Latin or Cyrillic script becomes the terms of the index. It
// knows nothing of files or HTTP; the index package calls it at index and
// query time alike, so both sides always agree.
//
// For every word the tokenizer finds (Unicode word boundaries, with ZWJ and
// ZWNJ kept inside words and full stops between letters splitting initials,
// words.go), AnalyzeWord makes:
//
//   - the script of the word (script.go);
//   - its normalized form (normalize.go: NFC, format characters removed,
//     nukta, chandrabindu, candra vowels, khanda ta, native digits);
//   - its stem (stem.go: light Bengali and Hindi inflection stemmers;
//     English and Russian through kljensen/snowball); stop words are
//     dropped (stopwords.go);
//   - its Latin readings (translit.go: one table shape for Devanagari and
//     Bengali, whose Unicode blocks are parallel; inherent-vowel deletion;
//     Bengali readings; Cyrillic by BGN/PCGN), and initials (initials.go);
//   - phonetic keys of every reading (phonetic.go, where each rule is listed
//     once with its reason; English silent letters only for Latin words),
//     a Latin word's second reading where English spelling has two
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
package analyzers
