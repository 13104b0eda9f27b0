package levenshtein

import (
	"slices"
	"sync"
	"unicode/utf8"
)

// levAutomaton accepts the words that start with prefix and whose rest is
// within max edits of query: insertions, deletions, substitutions and
// transpositions of adjacent letters (the optimal string alignment
// distance, which vellum's Levenshtein automata compute too), counted in
// runes. It implements vellum's Automaton and FuzzyAutomaton for a walk of
// a term dictionary.
//
// vellum builds a whole deterministic automaton up front, a table of 256
// transitions for each of its states, most of which a walk of the
// dictionary under one prefix never reaches (docs/BENCHMARKS.md has the
// cost for a typical key).
// levAutomaton creates a state when the walk first reaches it: the last
// two rows of the edit-distance table, the letter before, and the bytes
// of a rune not yet complete. It is not safe for concurrent use.
//
// Most fuzzy keys walk with a bitAutomaton instead (bits.go), which
// needs no states stored; levAutomaton serves the keys that do not fit
// one: longer than maxBitQuery letters, or not ASCII.
type levAutomaton struct {
	prefix string
	query  []rune
	max    uint8

	states []levState
	moves  []levMove      // the moves out of all states, each state's in a list
	rows   []uint8        // the rows of all states, 2·(len(query)+1) bytes each
	ids    map[string]int // a state's key → its index
	key    []byte         // scratch for keys
	row    []uint8        // scratch for a new row
}

// levState is a state after the prefix: two rows of the edit-distance
// table (the one after the letters read so far, and the one before, for
// transpositions), the last letter, and the bytes of a rune begun but not
// complete.
type levState struct {
	off     int // where its rows start in rows: the one before, then the current one
	last    rune
	pending [utf8.UTFMax]byte
	npend   uint8
	live    bool  // some continuation can still match
	moves   int32 // 1 + the index in moves of its last move made, or 0
}

// levMove is a move out of a state: a walk reaches the same state by many
// paths and makes the same few moves out of it.
type levMove struct {
	b     byte
	next  int   // the automaton's state
	other int32 // 1 + the index of the state's move before, or 0
}

// States below len(prefix) count the prefix bytes read; state
// len(prefix)+i is states[i]; levDead accepts nothing.
const levDead = -1

// levPool holds automata done with, for their memory: a search expands a
// few keys, and their states were a large share of what a search
// allocated. Nothing of a key is kept, only the buffers.
var levPool = sync.Pool{New: func() any { return &levAutomaton{ids: make(map[string]int, 32)} }}

func newLevAutomaton(prefix, query string, max int) *levAutomaton {
	a := levPool.Get().(*levAutomaton)
	a.prefix, a.query, a.max = prefix, append(a.query[:0], []rune(query)...), uint8(max)
	m := len(a.query)
	a.row = slices.Grow(a.row[:0], 2*(m+1))[:2*(m+1)]
	prev, cur := a.row[:m+1], a.row[m+1:]
	for i := range cur {
		cur[i] = a.capped(i)
		prev[i] = a.max + 1
	}
	a.intern(prev, cur, -1, nil)
	return a
}

// Release implements Automaton: a goes back to the pool.
func (a *levAutomaton) Release() {
	a.states, a.moves, a.rows = a.states[:0], a.moves[:0], a.rows[:0]
	clear(a.ids)
	levPool.Put(a)
}

func (a *levAutomaton) capped(v int) uint8 {
	return uint8(min(v, int(a.max)+1))
}

// intern returns the state of the given rows, letter and pending bytes,
// creating it when new.
func (a *levAutomaton) intern(prev, cur []uint8, last rune, pending []byte) int {
	a.key = append(a.key[:0], prev...)
	a.key = append(a.key, cur...)
	a.key = append(a.key, byte(last), byte(last>>8), byte(last>>16), byte(last>>24))
	a.key = append(a.key, pending...)
	if id, ok := a.ids[string(a.key)]; ok {
		return id
	}
	st := levState{off: len(a.rows), last: last, npend: uint8(len(pending))}
	copy(st.pending[:], pending)
	a.rows = append(a.rows, prev...)
	a.rows = append(a.rows, cur...)
	st.live = rowMin(cur) <= a.max || rowMin(prev) < a.max
	id := len(a.states)
	a.states = append(a.states, st)
	a.ids[string(a.key)] = id
	return id
}

func rowMin(row []uint8) uint8 {
	m := row[0]
	for _, v := range row[1:] {
		m = min(m, v)
	}
	return m
}

func (a *levAutomaton) rowsOf(id int) (prev, cur []uint8) {
	n := len(a.query) + 1
	off := a.states[id].off
	return a.rows[off : off+n], a.rows[off+n : off+2*n]
}

// step is the index of the state after reading letter r in state id, or
// levDead.
func (a *levAutomaton) step(id int, r rune) int {
	prev, cur := a.rowsOf(id)
	last := a.states[id].last
	next := append(a.row[:0], a.capped(int(cur[0])+1))
	for i := 1; i <= len(a.query); i++ {
		cost := 1
		if a.query[i-1] == r {
			cost = 0
		}
		v := min(int(cur[i])+1, int(next[i-1])+1, int(cur[i-1])+cost)
		if i >= 2 && a.query[i-1] == last && a.query[i-2] == r {
			v = min(v, int(prev[i-2])+1)
		}
		next = append(next, a.capped(v))
	}
	a.row = next
	if rowMin(next) > a.max && rowMin(cur) >= a.max {
		// No continuation can match: all such states are one.
		return levDead
	}
	return a.intern(cur, next, r, nil)
}

// Start implements Automaton.
func (a *levAutomaton) Start() int {
	if a.prefix == "" {
		return len(a.prefix)
	}
	return 0
}

// IsMatch implements Automaton.
func (a *levAutomaton) IsMatch(state int) bool {
	if state < len(a.prefix) {
		return false
	}
	id := state - len(a.prefix)
	_, cur := a.rowsOf(id)
	return a.states[id].npend == 0 && cur[len(a.query)] <= a.max
}

// CanMatch implements Automaton.
func (a *levAutomaton) CanMatch(state int) bool {
	return state >= 0 && (state < len(a.prefix) || a.states[state-len(a.prefix)].live)
}

// WillAlwaysMatch implements Automaton.
func (a *levAutomaton) WillAlwaysMatch(int) bool { return false }

// Accept implements Automaton.
func (a *levAutomaton) Accept(state int, b byte) int {
	switch {
	case state < 0:
		return levDead
	case state < len(a.prefix):
		if a.prefix[state] != b {
			return levDead
		}
		return state + 1
	}
	id := state - len(a.prefix)
	for m := a.states[id].moves; m > 0; m = a.moves[m-1].other {
		if a.moves[m-1].b == b {
			return a.moves[m-1].next
		}
	}
	next := a.move(id, b)
	if next != levDead {
		next += len(a.prefix)
	}
	a.moves = append(a.moves, levMove{b: b, next: next, other: a.states[id].moves})
	a.states[id].moves = int32(len(a.moves))
	return next
}

// move is the index of the state after reading byte b in state id, or
// levDead.
func (a *levAutomaton) move(id int, b byte) int {
	st := a.states[id]
	if st.npend == 0 && b < utf8.RuneSelf {
		return a.step(id, rune(b))
	}
	pending := append(st.pending[:st.npend:st.npend], b)
	if !utf8.FullRune(pending) {
		prev, cur := a.rowsOf(id)
		return a.intern(prev, cur, st.last, pending)
	}
	r, _ := utf8.DecodeRune(pending)
	return a.step(id, r)
}

// EditDistance implements Automaton: the distance of a
// matching state.
func (a *levAutomaton) EditDistance(state int) uint8 {
	_, cur := a.rowsOf(state - len(a.prefix))
	return cur[len(a.query)]
}

// MatchAndDistance implements Automaton.
func (a *levAutomaton) MatchAndDistance(input string) (bool, uint8) {
	return matchAndDistance(a, input)
}

// matchAndDistance runs a over input: whether it accepts it, and at what
// distance.
func matchAndDistance(a interface {
	Start() int
	CanMatch(int) bool
	IsMatch(int) bool
	Accept(int, byte) int
	EditDistance(int) uint8
}, input string) (bool, uint8) {
	state := a.Start()
	for i := 0; i < len(input) && a.CanMatch(state); i++ {
		state = a.Accept(state, input[i])
	}
	if a.CanMatch(state) && a.IsMatch(state) {
		return true, a.EditDistance(state)
	}
	return false, 0
}
