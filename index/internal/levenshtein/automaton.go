// Package levenshtein holds the edit-distance automata with which lipi's
// fuzzy expansion walks a term dictionary: they accept the words that
// start with an exact prefix and whose rest is within a few edits
// (insertions, deletions, substitutions and transpositions of adjacent
// letters, counted in runes) of a query.
//
// It imports nothing of bleve: an [Automaton] has the methods of vellum's
// Automaton and FuzzyAutomaton, so that a dictionary of bleve's segments
// can be walked with it, and the engine package that walks them checks
// that it does.
//
// Files:
//
//   - automaton.go: [Automaton] and [New], which picks the automaton a
//     key walks with.
//   - bits.go: bitAutomaton, a bit-parallel automaton (Hyyrö's edit
//     distance with transpositions) for ASCII queries of up to
//     maxBitQuery letters, whose state is the packed column itself.
//   - table.go: levAutomaton, which makes the states of the
//     edit-distance table as a walk reaches them, for every other query.
package levenshtein

// Automaton is a walk's view of an edit-distance automaton. States below
// the prefix's length count the prefix's bytes read; a negative state
// accepts nothing. An Automaton is not safe for concurrent use.
type Automaton interface {
	Start() int
	IsMatch(state int) bool
	CanMatch(state int) bool
	WillAlwaysMatch(state int) bool
	Accept(state int, b byte) int
	// EditDistance is the distance of a matching state.
	EditDistance(state int) uint8
	// MatchAndDistance runs the automaton over a whole word.
	MatchAndDistance(input string) (bool, uint8)
	// Release gives back the automaton's memory; it must not be used
	// after.
	Release()
}

// New returns the automaton of the words that start with prefix and whose
// rest is within max edits of query: a bitAutomaton when the query fits
// one, a levAutomaton otherwise.
func New(prefix, query string, max int) Automaton {
	if a := newBitAutomaton(prefix, query, max); a != nil {
		return a
	}
	return newLevAutomaton(prefix, query, max)
}
