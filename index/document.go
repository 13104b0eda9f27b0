package index

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/lipisearch/lipi/analyzers"
)

// Document is one article as lipi indexes it.
type Document struct {
	// ID is stable across rebuilds: a text file's path relative to the loaded
	// folder without its extension ("sub/name"), or a JSON line's "id".
	ID string `json:"id"`
	// Title is the headline; it may be empty when Body is not.
	Title string `json:"title"`
	// Body is the text of the article without its title.
	Body string `json:"body"`
	// Lang is a BCP 47 language code: from the document, or from its
	// dominant script (langOfScript); "und" when neither tells.
	Lang string `json:"lang"`
	// URL is where the article was published, if known.
	URL string `json:"url,omitempty"`
	// Published is when the article was published; zero when absent.
	Published time.Time `json:"published,omitzero"`
	// Category is the section or label the document was filed under
	// ("sports"), as given, trimmed; empty for none.
	Category string `json:"category,omitempty"`
	// Fields are the values of the index's extra keyword fields
	// (BuildOptions.Fields) that the document has, by field name.
	Fields map[string]string `json:"fields,omitempty"`
	// Scripts are the ISO 15924 codes of the scripts of the letters in the
	// title and body, sorted, e.g. ["Beng","Latn"].
	Scripts []string `json:"scripts"`
}

// Detect records the scripts of d's title and body in d.Scripts and, when
// d.Lang is empty, sets d.Lang from the dominant script.
func (d *Document) Detect() {
	scripts, dominant := scriptsOf(d.Title, d.Body)
	d.Scripts = scripts
	if d.Lang == "" {
		d.Lang = langOfScript(dominant)
	}
}

// langOfScript is the language lipi assumes for a document written mostly in
// script s: Bengali → "bn", Devanagari → "hi", Gurmukhi → "pa", Gujarati →
// "gu", Odia → "or", Tamil → "ta", Telugu → "te", Kannada → "kn", Malayalam
// → "ml", Arabic → "ur" (the Arabic script of Indian news is Urdu's),
// Cyrillic → "ru", Latin → "en", anything else "und" (undetermined).
// Marathi and Nepali are written in Devanagari too, Assamese in Bengali, and
// Arabic in the Arabic script: such corpora should say their language.
func langOfScript(s analyzers.Script) string {
	switch s {
	case analyzers.ScriptBengali:
		return "bn"
	case analyzers.ScriptDevanagari:
		return "hi"
	case analyzers.ScriptCyrillic:
		return "ru"
	case analyzers.ScriptLatin:
		return "en"
	case analyzers.ScriptGurmukhi:
		return "pa"
	case analyzers.ScriptGujarati:
		return "gu"
	case analyzers.ScriptOriya:
		return "or"
	case analyzers.ScriptTamil:
		return "ta"
	case analyzers.ScriptTelugu:
		return "te"
	case analyzers.ScriptKannada:
		return "kn"
	case analyzers.ScriptMalayalam:
		return "ml"
	case analyzers.ScriptArabic:
		return "ur"
	}
	return "und"
}

// scriptsOf counts the letters of texts per script (analyzers.ScriptOfRune),
// together with the combining marks of that script: Indic vowel signs are
// marks, and without them a Devanagari or Bengali word would weigh about
// half as much as a Latin word of the same length. It returns the ISO 15924
// codes of every script lipi knows that has at least one letter or mark,
// sorted, and the dominant script: the one that counts most, on a tie the
// non-Latin one (Latin words in Indic news are usually quoted English). The
// dominant script is ScriptOther when nothing counts for a known script, or
// when letters of scripts lipi does not read (Thai, Georgian, …) outnumber
// it.
func scriptsOf(texts ...string) ([]string, analyzers.Script) {
	counts := map[analyzers.Script]int{}
	unknown := 0
	for _, text := range texts {
		for _, r := range text {
			letter := unicode.IsLetter(r)
			if !letter && !unicode.IsMark(r) {
				continue
			}
			switch s := analyzers.ScriptOfRune(r); s {
			case analyzers.ScriptOther, analyzers.ScriptDigits:
				if letter { // a mark of no known script (U+0301) belongs to its letter
					unknown++
				}
			default:
				counts[s]++
			}
		}
	}
	codes := make([]string, 0, len(counts))
	dominant, best := analyzers.ScriptOther, 0
	for s, n := range counts {
		codes = append(codes, s.String())
		if n > best || n == best && better(s, dominant) {
			dominant, best = s, n
		}
	}
	slices.Sort(codes)
	codes = slices.Compact(codes)
	if best < unknown {
		dominant = analyzers.ScriptOther
	}
	return codes, dominant
}

// better breaks a tie between two scripts with as many letters each:
// non-Latin first, then by code, so that the choice does not depend on map
// order.
func better(s, than analyzers.Script) bool {
	if (s == analyzers.ScriptLatin) != (than == analyzers.ScriptLatin) {
		return than == analyzers.ScriptLatin
	}
	return s.String() < than.String()
}

// langPattern is the shape lipi accepts for a given language: a 2–3 letter
// primary language subtag and optional further subtags (script, region,
// variant): "hi", "bn", "en-US", "sr-Cyrl". Private-use ("x-…"), grandfathered
// ("i-…") and 4–8 letter primary subtags are refused.
var langPattern = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// parseLang checks a language code given by a document and returns it in
// canonical BCP 47 case ("EN-us" → "en-US"). The primary subtag must be a
// language that golang.org/x/text/language knows ("xx" is refused).
// Deprecated codes are kept as given ("iw" stays "iw").
func parseLang(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if !langPattern.MatchString(s) {
		return "", false
	}
	tag, err := language.Raw.Parse(s)
	if err != nil {
		return "", false
	}
	return tag.String(), true
}

// parsePublished parses a publication date: an RFC 3339 date-time
// ("2024-10-29T09:30:00+05:30") or a plain date ("2024-10-29", midnight UTC).
func parsePublished(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// Title rules for text files (see DESIGN.md, "Data flow").
const (
	// titleMinLetters is how many letters a line needs to be the title: a
	// line "×" or "১২" is a stray mark, not a headline.
	titleMinLetters = 3
	// titleMaxRunes is the longest line taken whole as the title; a longer
	// first line is an article with no headline.
	titleMaxRunes = 150
	// titleCutRunes is about how long a title made from such a line is,
	// before the "…" that marks it as cut.
	titleCutRunes = 100
)

// splitText splits the text of a .txt or .md file into its title and body.
// The title is the first line with at least titleMinLetters letters, the
// body the rest of the text after that line. When that line is longer than
// titleMaxRunes, the title is its first words up to about titleCutRunes
// runes plus "…" and the body is the whole text. When no line qualifies the
// title is empty and the body is the whole text. In Markdown, a heading's
// marks ("# Title", or a "====" line under it) are not part of the title or
// body; the rest of the Markdown is kept as written. Title and body are
// trimmed of surrounding white space; CRLF line ends become LF.
func splitText(text string, markdown bool) (title, body string) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	rest := text
	for rest != "" {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		if !hasLetters(line, titleMinLetters) {
			continue
		}
		title = strings.TrimSpace(line)
		if markdown {
			title = stripHeading(title)
		}
		if utf8.RuneCountInString(title) > titleMaxRunes {
			return shorten(title, titleCutRunes), strings.TrimSpace(text)
		}
		if markdown {
			rest = stripUnderline(rest)
		}
		return title, strings.TrimSpace(rest)
	}
	return "", strings.TrimSpace(text)
}

// hasLetters reports whether s has at least n letters.
func hasLetters(s string, n int) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			n--
			if n == 0 {
				return true
			}
		}
	}
	return false
}

// stripHeading removes the marks of a Markdown ATX heading
// ("## Title ##" → "Title").
func stripHeading(s string) string {
	t := strings.TrimLeft(s, "#")
	if n := len(s) - len(t); n == 0 || n > 6 || t != "" && t[0] != ' ' && t[0] != '\t' {
		return s
	}
	t = strings.TrimSpace(t)
	if u := strings.TrimRight(t, "#"); u != t && (u == "" || strings.HasSuffix(u, " ") || strings.HasSuffix(u, "\t")) {
		t = strings.TrimSpace(u)
	}
	return t
}

// stripUnderline removes the first line of rest when it underlines a
// Markdown setext heading ("=====" or "-----").
func stripUnderline(rest string) string {
	line, after, _ := strings.Cut(rest, "\n")
	if u := strings.TrimSpace(line); u != "" && (strings.Trim(u, "=") == "" || strings.Trim(u, "-") == "") {
		return after
	}
	return rest
}

// shorten cuts s after its last whole word that ends within max runes, drops
// trailing spaces, dashes, commas and opening brackets, and appends "…". A
// first word longer than max is cut at max runes, never inside a letter's
// combining marks.
func shorten(s string, max int) string {
	cut, n := -1, 0 // n is the number of runes in s[:i]
	for i, r := range s {
		if n > max {
			break
		}
		if unicode.IsSpace(r) {
			cut = i
		}
		n++
	}
	if n <= max {
		return s // it fits whole
	}
	if cut <= 0 {
		cut = runeOffset(s, max)
		for cut > 0 {
			r, _ := utf8.DecodeRuneInString(s[cut:])
			if !unicode.IsMark(r) && r != '\u200c' && r != '\u200d' {
				break
			}
			_, size := utf8.DecodeLastRuneInString(s[:cut])
			cut -= size
		}
	}
	t := strings.TrimRightFunc(s[:cut], func(r rune) bool {
		return unicode.IsSpace(r) || unicode.In(r, unicode.Pd, unicode.Ps) || strings.ContainsRune(",;:/", r)
	})
	if t == "" {
		t = s[:runeOffset(s, max)]
	}
	return t + "…"
}

// runeOffset is the byte offset of the n-th rune of s (len(s) if s is
// shorter).
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}
