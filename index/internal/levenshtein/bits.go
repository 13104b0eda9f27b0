package levenshtein

import (
	"math"
	"math/bits"
)

// bitAutomaton accepts what levAutomaton accepts (the words that start
// with prefix and whose rest is within max edits of query, transpositions
// counted as one), for the queries most fuzzy keys are: ASCII, of at most
// maxBitQuery letters. Its state is the column of the edit-distance table
// as bit vectors (Hyyrö's bit-parallel edit distance with transpositions)
// packed into the state number itself, so a move is a few word operations
// and nothing is stored, where levAutomaton makes and looks up a state
// for each new move.
//
// A state after the prefix packs, from bit 0:
//
//	vp, vn   the column's vertical differences: bit i is set in vp when
//	         row i+1 is one more than row i, in vn when it is one less
//	d0       the diagonal zero-difference vector of the last move, which
//	         a transposition at the next one needs
//	last     the last letter read, plus one; 0 when none or not ASCII
//	read     the number of letters read, which row 0 holds
//	pending  continuation bytes still to come of a letter not ASCII
//	bitState always set, so these states are above the prefix's
//
// A letter outside ASCII counts when its first byte is read, and its
// other bytes change nothing but pending: it matches no letter of the
// query, so only its being there counts. For valid UTF-8, which index
// terms are, that is counting in runes as levAutomaton does.
type bitAutomaton struct {
	prefix string
	max    int
	mask   uint64      // the query's rows, bits 0 to len(query)-1
	pm     [128]uint64 // pm[c]: the rows whose query letter is c
}

const (
	maxBitQuery = 15

	bitVN      = maxBitQuery
	bitD0      = 2 * maxBitQuery
	bitLast    = 3 * maxBitQuery
	bitRead    = bitLast + 8
	bitPending = bitRead + 5
	// bitState is uint64: on a 32-bit platform, where no bitAutomaton is
	// made, an int constant would not compile.
	bitState uint64 = 1 << (bitPending + 2)

	vectorMask = 1<<maxBitQuery - 1
)

// newBitAutomaton returns the automaton for prefix and query within max
// edits, or nil when the query does not fit one (not ASCII, too long, or
// states wider than an int).
func newBitAutomaton(prefix, query string, max int) *bitAutomaton {
	m := len(query)
	// A live state has read at most m+max+1 letters (row 0 holds the
	// number read, and every row is at least that minus m).
	if m > maxBitQuery || m+max+1 >= 1<<5 || max < 0 || bits.UintSize < 64 {
		return nil
	}
	a := &bitAutomaton{prefix: prefix, max: max, mask: 1<<m - 1}
	for i := range m {
		c := query[i]
		if c >= 128 {
			return nil
		}
		a.pm[c] |= 1 << i
	}
	return a
}

// Release implements Automaton: a bitAutomaton holds nothing to give back.
func (a *bitAutomaton) Release() {}

// start is the state after the prefix: row i is i.
func (a *bitAutomaton) start() int {
	return int(bitState | a.mask)
}

// Start implements Automaton.
func (a *bitAutomaton) Start() int {
	if a.prefix == "" {
		return a.start()
	}
	return 0
}

// IsMatch implements Automaton.
func (a *bitAutomaton) IsMatch(state int) bool {
	if state < 0 || uint64(state) < bitState {
		return false
	}
	return uint64(state)>>bitPending&3 == 0 && a.distance(uint64(state)) <= a.max
}

// CanMatch implements Automaton: Accept gives no state from which
// nothing can match.
func (a *bitAutomaton) CanMatch(state int) bool { return state >= 0 }

// WillAlwaysMatch implements Automaton.
func (a *bitAutomaton) WillAlwaysMatch(int) bool { return false }

// Accept implements Automaton.
func (a *bitAutomaton) Accept(state int, b byte) int {
	switch {
	case state < 0:
		return levDead
	case uint64(state) < bitState:
		if state >= len(a.prefix) || a.prefix[state] != b {
			return levDead
		}
		if state+1 == len(a.prefix) {
			return a.start()
		}
		return state + 1
	}
	s := uint64(state)
	pending := s >> bitPending & 3
	if b&0xc0 == 0x80 {
		// A continuation byte: the letter is counted already.
		if pending > 0 {
			s -= 1 << bitPending
		}
		return int(s)
	}
	vp, vn := s&vectorMask, s>>bitVN&vectorMask
	last, read := s>>bitLast&0xff, s>>bitRead&31
	var eq, tr, next uint64
	pending = 0
	if b < 0x80 {
		eq, next = a.pm[b], uint64(b)+1
		if last > 0 {
			// Row i+1 may come from row i-1 two letters back, when the
			// last two letters are query letters i+1 and i swapped.
			tr = (^(s >> bitD0) & eq) << 1 & a.pm[last-1]
		}
	} else {
		pending = uint64(bits.LeadingZeros8(^b)) - 1 // 110xxxxx: one more byte
		if pending > 3 {
			pending = 0
		}
	}
	d0 := ((eq & vp) + vp ^ vp | eq | vn | tr) & a.mask
	hp := (vn | ^(d0 | vp)) & a.mask
	hn := vp & d0
	hp = hp<<1 | 1 // row 0 grows by one with every letter
	nvp := (hn<<1 | ^(hp | d0)) & a.mask
	nvn := hp & d0 & a.mask
	// Dead when no row is within max: rows only grow from here. (A
	// transposition reaches back to the column before, but a row under
	// max there leaves the row below it within max in this one.)
	if colMin(nvp, nvn, int(read)+1) > a.max {
		return levDead
	}
	return int(bitState | nvp | nvn<<bitVN | d0<<bitD0 | next<<bitLast | (read+1)<<bitRead | pending<<bitPending)
}

// distance is the last row of state s: the distance of the whole query.
func (a *bitAutomaton) distance(s uint64) int {
	vp, vn := s&vectorMask, s>>bitVN&vectorMask
	return int(s>>bitRead&31) + bits.OnesCount64(vp) - bits.OnesCount64(vn)
}

// EditDistance implements Automaton.
func (a *bitAutomaton) EditDistance(state int) uint8 {
	return uint8(min(a.distance(uint64(state)), math.MaxUint8))
}

// MatchAndDistance implements Automaton.
func (a *bitAutomaton) MatchAndDistance(input string) (bool, uint8) {
	return matchAndDistance(a, input)
}

// nibbleSteps holds, for four rows' vertical differences (vp in the high
// four bits of the index, vn in the low four), their sum and the lowest
// of their running sums.
var nibbleSteps = func() (t [256]struct{ sum, low int8 }) {
	for i := range t {
		vp, vn := i>>4, i&15
		sum, low := 0, 0
		for r := range 4 {
			sum += vp>>r&1 - vn>>r&1
			low = min(low, sum)
		}
		t[i].sum, t[i].low = int8(sum), int8(low)
	}
	return t
}()

// colMin is the lowest row of the column whose row 0 is row0 and whose
// vertical differences are vp and vn.
func colMin(vp, vn uint64, row0 int) int {
	low, at := row0, row0
	for vp|vn != 0 {
		s := nibbleSteps[vp&15<<4|vn&15]
		low = min(low, at+int(s.low))
		at += int(s.sum)
		vp, vn = vp>>4, vn>>4
	}
	return low
}
