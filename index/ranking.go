package index

// Every weight and factor of lipi's ranking, in one place. A document's
// score is bleve's BM25 score of each matched term times these weights;
// the engine package (internal/engine) combines them as the query it is
// handed says, and knows no weight of its own.
const (
	// Layer weights: exact native > Latin reading > phonetic key > frame
	// > skeleton, so that with all else equal a document in the query's
	// own script ranks above a transliterated match, which ranks above a
	// sounds-alike one.
	boostNative   = 1.7
	boostLatin    = 1.6
	boostPhonetic = 1.5
	boostFrame    = 1.0
	boostSkeleton = 0.5
	// A synonym is a curated equivalent (Russia, रूस, রাশিয়া), which no
	// transliteration reaches, so it weighs as much as the word itself.
	boostSynonym = 3.0
	// An edit-distance match is a guess: below every exact layer.
	boostFuzzy = 0.6
	// A half-typed last word (search-as-you-type) is searched as the
	// most frequent words it begins, in its own script and as a Latin
	// reading: the first at this share of its layer's weight, so that a
	// whole word typed out still ranks first, each next one at
	// completionDecay of the one before. The keys' prefixes weigh
	// boostPrefix of their layer's weight: a key's prefix is a guess.
	boostCompletion = 0.5
	completionDecay = 0.9
	boostPrefix     = 0.1
	// A document that covers every query word scores 1+boostAllWords
	// times its sum: the whole name beats a stronger layer on part of it,
	// also when the whole name is only found by sound (boostSoundsAlike
	// halves such a hit; at 3 the eci names lost a point of MRR).
	boostAllWords = 4.0
	// Two query words side by side in the query's order (orderBonus): "R.
	// Murugan" before "Murugan R.".
	boostOrder = 1.0
	// A name in the headline is what the article is about.
	boostTitle = 1.25
	// A document that holds the query as it was typed (each word's own
	// spelling, side by side) scores this many times its sum: the query's
	// own spelling first, then transliterations and sound-alikes. A
	// factor rather than a larger native weight: that lifted every
	// same-script document with one word of a name above the other
	// scripts' whole name.
	boostOwnSpelling = 100.0

	// A hit that matches only by sound (frame, skeleton, fuzzy key) is
	// returned when it scores at least soundsAgainst times the best hit
	// of its language found by a reading other than the query's own
	// spelling, and at least soundsAlone times the best sound-alike of its
	// language (engine.SoundPolicy); the others are counted apart.
	soundsAgainst = 0.5
	soundsAlone   = 0.1
	// A hit returned although it only sounds alike scores this share of
	// its sum (after the decision above, which compares whole scores): a
	// guess ranks below a reading that scores as well. A tier (a factor
	// far below this one, or every sound-alike under the weakest reading
	// of its language) cost the names sets more than issue 17 allows:
	// many right answers across scripts are found by sound alone.
	boostSoundsAlike = 0.5

	// tieBreaker is the share of a word's other layers' scores added to
	// its best layer's, so that of two documents with the same best layer
	// the one that also matches more layers ranks first; small, so that
	// the best layer decides (a plain sum let same-script documents win
	// by a square).
	tieBreaker = 0.05
	// weakOnlyFactor scales the score of a document that only weak
	// clauses match (short keys, a page's fill), so that it ranks after
	// every document a strong clause matches, and shows as much in its
	// score.
	weakOnlyFactor = 1e-3
)
