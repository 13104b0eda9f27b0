package engine

import "sync/atomic"

// Most of an index's terms are keys that only say how a word sounds, and
// the locations of every token (position and offsets, for phrases and
// highlights) were a large share of the index's size and of its build
// time. In a field no longer than Unlocated.MaxFieldBytes, the terms
// whose prefix it names are written without locations by lipi's segment
// format (scorch.go); a page of hits that matched one gets its locations
// back by analyzing the field's stored text again (CompleteHits), which
// gives the same tokens at the same places as the build did. A longer
// field keeps every location: finding a sound-alike's place in a long
// article again cost a search more than the search itself (measured in
// docs/BENCHMARKS.md). A phrase cannot match through a term without
// locations: the index package keeps such terms out of its phrases.

// Unlocated says which terms new segments store without locations.
type Unlocated struct {
	// Prefixes are the prefixes of those terms.
	Prefixes []string
	// MaxFieldBytes is the longest field (its text, in bytes) whose terms
	// of those prefixes lose their locations.
	MaxFieldBytes int
}

var unlocated atomic.Pointer[Unlocated]

// SetUnlocated says which terms segments written from now on store
// without locations (none, with the zero Unlocated). It is set once,
// before any index is written, by the package that knows what the
// prefixes mean.
func SetUnlocated(u Unlocated) {
	u.Prefixes = append([]string(nil), u.Prefixes...)
	unlocated.Store(&u)
}

// hasAnyPrefix tells whether term begins with one of prefixes.
func hasAnyPrefix[T string | []byte](term T, prefixes []string) bool {
	for _, p := range prefixes {
		if len(term) >= len(p) && string(term[:len(p)]) == p {
			return true
		}
	}
	return false
}
