package analyzers

import (
	"bytes"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/segment"
)

// Word splitting follows the Unicode word boundaries of UAX #29
// (github.com/blevesearch/segment), which already does what Indic text needs:
//
//   - combining marks (vowel signs, nukta, virama, anusvara) and the format
//     characters ZWJ U+200D, ZWNJ U+200C and soft hyphen U+00AD never start
//     a new word (rule WB4 attaches them to the letter before), so क्‍ष or
//     শ্রী‌ stays one word and the normalizer removes the joiner later;
//   - danda । U+0964 and double danda ॥ U+0965 are punctuation and end a word;
//   - ZWSP U+200B is a word boundary, by definition;
//   - native digits are digits: ১২৩টি is one word, २०२४ a number.
//
// Offsets are bytes into the original text, as everywhere in lipi. The
// pieces of a text between spaces that are plain runs of letters and
// digits are split without the segmenter (words_fast.go), to the same
// words.

// WordSpan is one word of a text: text[Start:End].
type WordSpan struct{ Start, End int }

// WordSpans returns the words of text, in order, with their byte offsets;
// spaces and punctuation are left out. They are the words the tokenizer
// (WordTokenizer) makes tokens of, so a caller that splits a query or a
// text itself finds the same words the index holds.
func WordSpans(text string) []WordSpan {
	var spans []WordSpan
	eachWord([]byte(text), func(start, end, _ int) {
		spans = append(spans, WordSpan{Start: start, End: end})
	})
	return spans
}

// eachWord calls f for every word segment of input with its byte offsets and
// segment type, a piece between ASCII spaces at a time (UAX #29 never
// joins a word across such a space, so a piece's words are the text's):
// from scanSimple (words_fast.go) when the piece is simple enough for it,
// from the general segmenter otherwise.
func eachWord(input []byte, f func(start, end, typ int)) {
	t := wbClasses()
	for i := 0; i < len(input); {
		if isASCIISpace(input[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(input) && !isASCIISpace(input[j]) {
			j++
		}
		if scanSimple(input[i:j], i, t, nil) {
			scanSimple(input[i:j], i, t, f)
		} else {
			segmentWords(input[i:j], i, f)
		}
		i = j
	}
}

// segmentWords calls f for every word of piece that the general segmenter
// finds, with offset added to its offsets, initials split.
func segmentWords(piece []byte, offset int, f func(start, end, typ int)) {
	seg := segment.NewWordSegmenterDirect(piece)
	start := 0
	for seg.Segment() {
		end := start + len(seg.Bytes())
		switch typ := seg.Type(); typ {
		case segment.None:
		case segment.Letter:
			splitInitials(piece, start, end, func(s, e, typ int) { f(offset+s, offset+e, typ) })
		default:
			f(offset+start, offset+end, typ)
		}
		start = end
	}
}

// splitInitials splits a letter segment at full stops and colons. UAX #29
// keeps "S.SURESHKUMAR", "K.N." and "Nehru.M" whole (a full stop between
// letters does not break a word), but in names they are initials and a
// name, each a word of its own.
func splitInitials(input []byte, start, end int, f func(start, end, typ int)) {
	const typ = segment.Letter
	if seg := input[start:end]; bytes.IndexByte(seg, '.') < 0 && bytes.IndexByte(seg, ':') < 0 {
		f(start, end, typ) // most words
		return
	}
	from := start
	for i := start; i < end; i++ {
		switch input[i] {
		case '.', ':':
			if i > from {
				f(from, i, typ)
			}
			from = i + 1
		}
	}
	if end > from {
		f(from, end, typ)
	}
}

// WordTokenizer is the bleve tokenizer registered as TokenizerName: one token
// per word of WordSpans, positions counting from 1, the term the word's bytes
// as written (normalizing is the token filters' job).
type WordTokenizer struct{}

// Tokenize implements analysis.Tokenizer.
func (WordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	// The tokens are allocated in chunks, a few for a text rather than one
	// each, sized by the words still to come at the length of those seen;
	// growing by chunks moves no token.
	var out analysis.TokenStream
	var chunk []analysis.Token
	eachWord(input, func(start, end, typ int) {
		tt := analysis.AlphaNumeric
		switch typ {
		case segment.Number:
			tt = analysis.Numeric
		case segment.Ideo, segment.Kana:
			tt = analysis.Ideographic
		}
		if len(chunk) == cap(chunk) {
			n := 16
			if len(out) > 0 {
				n = min(max((len(input)-start)*len(out)/start+1, n), 1024)
			}
			chunk = make([]analysis.Token, 0, n)
			out = slices.Grow(out, n)
		}
		chunk = append(chunk, analysis.Token{
			Term:     input[start:end:end],
			Start:    start,
			End:      end,
			Position: len(out) + 1,
			Type:     tt,
		})
		out = append(out, &chunk[len(chunk)-1])
	})
	if out == nil {
		out = analysis.TokenStream{}
	}
	return out
}

func init() {
	mustRegister(registry.RegisterTokenizer(TokenizerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return WordTokenizer{}, nil
	}))
}
