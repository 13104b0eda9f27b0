package analyzers

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Synonym map.
//
// The synonym map covers what transliteration cannot: exonyms and
// translations (India · भारत · ভারত, Egypt · मिस्र · মিশর) and curated name
// variants (Banerjee · बनर्जी · বন্দ্যোপাধ্যায়). It is a text file in the
// Solr/Elasticsearch synonym format, one rule a line:
//
//	# a comment; blank lines are ignored
//	India, भारत, ভারত            # equivalent: each entry stands for all the others
//	New Delhi, नई दिल्ली, নতুন দিল্লি  # entries may have several words
//	Calcutta => Kolkata, कोलकाता  # one way: left entries expand to right entries
//
// Surrounding whitespace is trimmed and runs of whitespace inside an entry
// collapse to one space. An entry cannot contain ',', '#' or "=>".
//
// lipi ships a default map (synonyms/default.txt, embedded) and an operator
// may merge a file of their own into it; the map in effect is serialised
// with Text and stored with the index, so every later search of that index
// uses the same map.

//go:generate go run ./internal/synonymgen -w synonyms/default.txt

//go:embed synonyms/default.txt
var defaultSynonymsText string

// SynonymRule is one line of a synonym file. Equivalent rules have Left ==
// all terms, Right == nil; one-way rules (`a, b => c, d`) expand each Left
// entry to every Right entry, never the reverse.
type SynonymRule struct {
	// Left holds the entries of an equivalent rule, or the left side of a
	// one-way rule, in file order.
	Left []string
	// Right holds the right side of a one-way rule; nil if Equivalent.
	Right []string
	// Equivalent is true for `a, b, c` rules.
	Equivalent bool
	// Source names the file the rule came from and Line its 1-based line
	// number, for error messages and diagnostics.
	Source string
	Line   int
}

// SynonymMap is an ordered list of synonym rules.
type SynonymMap struct {
	Rules []SynonymRule
}

// SynonymError reports a malformed line. Its message reads
// `NAME:LINE: reason`, e.g. `extra.txt:3: empty entry`.
type SynonymError struct {
	Source string
	Line   int
	Reason string
}

func (e *SynonymError) Error() string {
	return fmt.Sprintf("%s:%d: %s", e.Source, e.Line, e.Reason)
}

// Reasons a line is rejected.
const (
	reasonEmptyEntry    = "empty entry"
	reasonEmptyLeft     = "empty left side of =>"
	reasonEmptyRight    = "empty right side of =>"
	reasonManyArrows    = "more than one =>"
	reasonSingleEntry   = "single entry without synonyms"
	reasonInvalidUTF8   = "invalid UTF-8"
	reasonLineTooLong   = "line too long"
	maxSynonymLineBytes = 1 << 20
)

// ParseSynonyms reads a synonym file. name identifies it in error messages.
// The first malformed line stops parsing with a *SynonymError.
func ParseSynonyms(r io.Reader, name string) (*SynonymMap, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxSynonymLineBytes)
	m := &SynonymMap{}
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if line == 1 {
			text = strings.TrimPrefix(text, "\uFEFF") // byte order mark
		}
		rule, ok, reason := parseSynonymLine(text)
		if reason != "" {
			return nil, &SynonymError{Source: name, Line: line, Reason: reason}
		}
		if ok {
			rule.Source, rule.Line = name, line
			m.Rules = append(m.Rules, rule)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &SynonymError{Source: name, Line: line + 1, Reason: reasonLineTooLong}
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}

// parseSynonymLine parses one line. ok is false for blank and comment lines;
// reason is non-empty for a malformed line.
func parseSynonymLine(text string) (rule SynonymRule, ok bool, reason string) {
	if !utf8.ValidString(text) {
		return rule, false, reasonInvalidUTF8
	}
	text = strings.TrimSuffix(text, "\r") // CRLF files
	for _, r := range text {
		if r != '\t' && unicode.IsControl(r) {
			return rule, false, fmt.Sprintf("control character %U", r)
		}
	}
	if i := strings.IndexByte(text, '#'); i >= 0 {
		text = text[:i]
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return rule, false, ""
	}
	switch strings.Count(text, "=>") {
	case 0:
		entries, reason := splitSynonymEntries(text)
		if reason != "" {
			return rule, false, reason
		}
		if len(entries) < 2 {
			return rule, false, reasonSingleEntry
		}
		return SynonymRule{Left: entries, Equivalent: true}, true, ""
	case 1:
		lhs, rhs, _ := strings.Cut(text, "=>")
		if strings.TrimSpace(lhs) == "" {
			return rule, false, reasonEmptyLeft
		}
		if strings.TrimSpace(rhs) == "" {
			return rule, false, reasonEmptyRight
		}
		left, reason := splitSynonymEntries(lhs)
		if reason != "" {
			return rule, false, reason
		}
		right, reason := splitSynonymEntries(rhs)
		if reason != "" {
			return rule, false, reason
		}
		return SynonymRule{Left: left, Right: right}, true, ""
	default:
		return rule, false, reasonManyArrows
	}
}

// splitSynonymEntries splits a comma-separated list, trimming each entry
// and collapsing inner whitespace.
func splitSynonymEntries(s string) ([]string, string) {
	parts := strings.Split(s, ",")
	entries := make([]string, 0, len(parts))
	for _, p := range parts {
		e := strings.Join(strings.Fields(p), " ")
		if e == "" {
			return nil, reasonEmptyEntry
		}
		entries = append(entries, e)
	}
	return entries, ""
}

var defaultSynonyms = sync.OnceValue(func() *SynonymMap {
	m, err := ParseSynonyms(strings.NewReader(defaultSynonymsText), "default.txt")
	if err != nil {
		panic("analyzers: embedded synonym map: " + err.Error())
	}
	return m
})

// DefaultSynonyms returns the default synonym map shipped with lipi (the
// embedded synonyms/default.txt, parsed once). Each call returns a fresh
// copy that the caller may modify.
func DefaultSynonyms() *SynonymMap {
	return defaultSynonyms().clone()
}

func (m *SynonymMap) clone() *SynonymMap {
	c := &SynonymMap{}
	if m == nil {
		return c
	}
	c.Rules = make([]SynonymRule, len(m.Rules))
	for i, r := range m.Rules {
		r.Left = slices.Clone(r.Left)
		r.Right = slices.Clone(r.Right)
		c.Rules[i] = r
	}
	return c
}

// Merge returns a new map with m's rules followed by other's. Neither input
// is modified; either may be nil. Rules are not deduplicated: an entry that
// appears in rules of both maps expands to the alternatives of all of them.
func (m *SynonymMap) Merge(other *SynonymMap) *SynonymMap {
	c := m.clone()
	c.Rules = append(c.Rules, other.clone().Rules...)
	return c
}

// Text serialises the map back to the synonym file format, one rule a line,
// with a `# source: NAME` comment wherever the source file changes.
// ParseSynonyms(Text()) gives back the same rules (Source and Line aside)
// for any map that ParseSynonyms produced.
func (m *SynonymMap) Text() string {
	var b strings.Builder
	source := ""
	for i, r := range m.rulesOrNil() {
		if r.Source != source {
			source = r.Source
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString("# source: " + strings.Join(strings.Fields(source), " ") + "\n")
		}
		b.WriteString(strings.Join(r.Left, ", "))
		if !r.Equivalent {
			b.WriteString(" => ")
			b.WriteString(strings.Join(r.Right, ", "))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func (m *SynonymMap) rulesOrNil() []SynonymRule {
	if m == nil {
		return nil
	}
	return m.Rules
}

// SynonymExpansion is one match of a synonym entry in a query.
type SynonymExpansion struct {
	// Start and End delimit the matched words: the span [Start, End) of the
	// words passed to Expand.
	Start, End int
	// Matched is the text of the (first) entry that matched, as written in
	// the synonym file.
	Matched string
	// Alternatives are the raw texts of the entries the match expands to, in
	// rule order without duplicates, for the caller to analyze. Entries that
	// key exactly like Matched are left out.
	Alternatives []string
}

// SynonymExpander finds rules whose entries match spans of consecutive query
// words. It is built once per map and key function, and is safe for
// concurrent use.
type SynonymExpander struct {
	key     func(string) string
	byFirst map[string][]synonymCandidate // first word's key → entries starting with it
}

// synonymCandidate is one entry that can match, with what it expands to.
type synonymCandidate struct {
	keys         []string
	text         string
	alternatives []string
}

// Expander prepares m for matching query words. key normalizes one word (the
// caller passes lipi's native-form normalization, e.g. lower-casing and
// stemming); entries are split into words with strings.Fields and keyed the
// same way, so an entry matches whatever words key like its own. A nil key
// compares words as they are.
func (m *SynonymMap) Expander(key func(word string) string) *SynonymExpander {
	if key == nil {
		key = func(w string) string { return w }
	}
	e := &SynonymExpander{key: key, byFirst: map[string][]synonymCandidate{}}
	keysOf := func(entry string) []string {
		words := strings.Fields(entry)
		keys := make([]string, len(words))
		empty := true
		for i, w := range words {
			keys[i] = key(w)
			empty = empty && keys[i] == ""
		}
		if empty {
			return nil // nothing left to match on (e.g. only stop words)
		}
		return keys
	}
	add := func(from string, fromKeys []string, to []string, toKeys [][]string) {
		if fromKeys == nil {
			return
		}
		var alts []string
		for i, t := range to {
			if toKeys[i] == nil || slices.Equal(toKeys[i], fromKeys) || slices.Contains(alts, t) {
				continue
			}
			alts = append(alts, t)
		}
		if len(alts) == 0 {
			return
		}
		c := synonymCandidate{keys: fromKeys, text: from, alternatives: alts}
		e.byFirst[fromKeys[0]] = append(e.byFirst[fromKeys[0]], c)
	}
	for _, r := range m.rulesOrNil() {
		leftKeys := make([][]string, len(r.Left))
		for i, s := range r.Left {
			leftKeys[i] = keysOf(s)
		}
		if r.Equivalent {
			for i, s := range r.Left {
				add(s, leftKeys[i], r.Left, leftKeys)
			}
			continue
		}
		rightKeys := make([][]string, len(r.Right))
		for i, s := range r.Right {
			rightKeys[i] = keysOf(s)
		}
		for i, s := range r.Left {
			add(s, leftKeys[i], r.Right, rightKeys)
		}
	}
	return e
}

// Expand returns every span of words that matches a synonym entry. Results
// are ordered by Start and, at each start position, longest match first;
// spans may overlap (for "West Bengal" both [0,2) and a rule for "Bengal"
// at [1,2) are returned), so a caller that wants one reading per word takes
// the first expansion at a start and skips to its End. When entries of
// several rules match the same span, their alternatives are merged into one
// expansion.
func (e *SynonymExpander) Expand(words []string) []SynonymExpansion {
	if e == nil || len(e.byFirst) == 0 || len(words) == 0 {
		return nil
	}
	keys := make([]string, len(words))
	for i, w := range words {
		keys[i] = e.key(w)
	}
	var out []SynonymExpansion
	for start := range keys {
		cands := e.byFirst[keys[start]]
		if len(cands) == 0 {
			continue
		}
		first := len(out)
		for _, c := range cands {
			end := start + len(c.keys)
			if end > len(keys) || !slices.Equal(keys[start:end], c.keys) {
				continue
			}
			merged := false
			for i := first; i < len(out); i++ {
				if out[i].End == end {
					for _, a := range c.alternatives {
						if a != out[i].Matched && !slices.Contains(out[i].Alternatives, a) {
							out[i].Alternatives = append(out[i].Alternatives, a)
						}
					}
					merged = true
					break
				}
			}
			if !merged {
				out = append(out, SynonymExpansion{
					Start:        start,
					End:          end,
					Matched:      c.text,
					Alternatives: slices.Clone(c.alternatives),
				})
			}
		}
		slices.SortStableFunc(out[first:], func(a, b SynonymExpansion) int { return b.End - a.End })
	}
	return out
}
