package analyzers

import (
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/segment"
)

// The common case of word splitting, without the general segmenter.
//
// Most text lipi splits is words of letters and marks, or of digits,
// between spaces and punctuation that never joins them: there UAX #29 comes
// down to "a run of letters and their marks is a word, and so is a run of
// digits". scanSimple splits such a piece of text (between spaces) in one
// pass over its bytes and gives up on anything else: a full stop, apostrophe, colon or comma
// between two word characters (S.SURESH, Modi's, 12,000), letters and
// digits side by side, a mark after no letter, and every character outside
// the blocks it knows. Then eachWord asks github.com/blevesearch/segment,
// which has the whole rule set; TestSimpleWordsAgree and FuzzSimpleWords
// hold the two to the same words.
//
// What each character is, is asked of the segmenter itself once (wbClasses),
// so that the two agree on the Unicode version too.

// wbClass is what a character is to scanSimple.
type wbClass uint8

const (
	wbBail   wbClass = iota // needs the general segmenter
	wbLetter                // a letter: words are runs of them
	wbDigit                 // a digit: numbers are runs of them
	wbAttach                // a mark or format character: part of the letter before it
	wbMid                   // joins two word characters around it (. ' : , ;)
	wbBreak                 // space or punctuation that joins nothing
)

// wbRanges are the blocks scanSimple knows; every other character is
// wbBail.
var wbRanges = [][2]rune{
	{0x0000, 0x036F}, // ASCII, Latin-1, Latin Extended-A and B, IPA, spacing and combining marks
	{0x0400, 0x052F}, // Cyrillic
	{0x0600, 0x06FF}, // Arabic
	{0x0750, 0x077F}, // Arabic Supplement
	{0x0900, 0x0D7F}, // the Brahmic blocks lipi reads
	{0x1E00, 0x1EFF}, // Latin Extended Additional
	{0x2000, 0x206F}, // General Punctuation
}

const wbTableSize = 0x2070

var (
	wbOnce  sync.Once
	wbTable *[wbTableSize]wbClass
)

// wbClasses asks the segmenter what each character of wbRanges is.
func wbClasses() *[wbTableSize]wbClass {
	wbOnce.Do(func() {
		t := new([wbTableSize]wbClass)
		vals, types := make([][]byte, 0, 4), make([]int, 0, 4)
		// segs is the number of segments of s and the type of the first.
		segs := func(s string) (int, int) {
			v, ty, _, err := segment.SegmentWordsDirect([]byte(s), vals[:0], types[:0])
			if err != nil || len(v) == 0 {
				return 0, segment.None
			}
			return len(v), ty[0]
		}
		for _, rg := range wbRanges {
			for r := rg[0]; r <= rg[1]; r++ {
				if r >= utf8.RuneSelf && !utf8.ValidRune(r) {
					continue
				}
				c := string(r)
				n, typ := segs(c)
				switch {
				case n != 1:
					t[r] = wbBail
				case typ == segment.Letter:
					t[r] = wbLetter
				case typ == segment.Number:
					t[r] = wbDigit
				case typ != segment.None:
					t[r] = wbBail
				default:
					if k, _ := segs("a" + c); k == 1 {
						// Attaches to a letter: a mark or format character,
						// or a connector that also joins what follows.
						if k2, _ := segs(c + "a"); k2 == 1 {
							t[r] = wbBail
						} else {
							t[r] = wbAttach
						}
						continue
					}
					if k, _ := segs("a" + c + "a"); k == 1 {
						t[r] = wbMid
						continue
					}
					if k, _ := segs("1" + c + "1"); k == 1 {
						t[r] = wbMid
						continue
					}
					t[r] = wbBreak
				}
			}
		}
		// Hebrew letters have rules of their own; they are outside
		// wbRanges, and so are Katakana and ideographs.
		wbTable = t
	})
	return wbTable
}

// isASCIISpace tells the spaces that end every word and join nothing:
// UAX #29 breaks on both sides of them.
func isASCIISpace(b byte) bool {
	return b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f' || b == '\v'
}

// scanSimple checks input with f nil, and calls f for its words otherwise,
// with offset added to their offsets.
func scanSimple(input []byte, offset int, t *[wbTableSize]wbClass, f func(start, end, typ int)) bool {
	start, typ := -1, segment.None // the word being read
	end := func(at int) {
		if start >= 0 && f != nil {
			f(offset+start, offset+at, typ)
		}
		start = -1
	}
	for i := 0; i < len(input); {
		r, size := rune(input[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(input[i:])
			if r == utf8.RuneError && size == 1 {
				return false
			}
		}
		c := wbBail
		if r < wbTableSize {
			c = t[r]
		}
		switch c {
		case wbLetter, wbDigit:
			want := segment.Letter
			if c == wbDigit {
				want = segment.Number
			}
			if start < 0 {
				start, typ = i, want
			} else if typ != want {
				return false // letters and digits in one word
			}
		case wbAttach:
			if start < 0 || typ != segment.Letter {
				return false
			}
		case wbMid:
			if start >= 0 && i+size < len(input) {
				next, _ := utf8.DecodeRune(input[i+size:])
				if next < wbTableSize && (t[next] == wbLetter || t[next] == wbDigit || t[next] == wbAttach) {
					return false
				}
			}
			end(i)
		case wbBreak:
			end(i)
		default:
			return false
		}
		i += size
	}
	end(len(input))
	return true
}
