package analyzers

import (
	"bufio"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// nameGroup is one row of a names TSV: forms of one name in several scripts.
type nameGroup struct {
	name, kind string
	forms      []string
}

// readNameGroups reads the names TSV format of ../shared/eval (group, kind,
// latin, devanagari, bengali; variants in a cell separated by " | ").
func readNameGroups(t testing.TB, path string) []nameGroup {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var groups []nameGroup
	sc := bufio.NewScanner(f)
	header := true
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if header {
			header = false
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 3 {
			t.Fatalf("%s: bad row %q", path, line)
		}
		g := nameGroup{name: cols[0], kind: cols[1]}
		for _, cell := range cols[2:] {
			for _, v := range strings.Split(cell, " | ") {
				if v = strings.TrimSpace(v); v != "" {
					g.forms = append(g.forms, v)
				}
			}
		}
		groups = append(groups, g)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return groups
}

// matchTerms returns the Latin- and key-layer terms of a (possibly
// multi-word) form, as a set.
func matchTerms(t testing.TB, form string, layers ...Layer) map[string]bool {
	t.Helper()
	want := map[Layer]bool{}
	for _, l := range layers {
		want[l] = true
	}
	set := map[string]bool{}
	for _, sp := range WordSpans(form) {
		wa := AnalyzeWord(form[sp.Start:sp.End])
		forms := wa.Forms
		if wa.LatinReading != "" {
			// Not indexed, but searched as a Latin reading.
			forms = append(forms, Form{LayerLatin, wa.LatinReading})
		}
		for _, f := range forms {
			if want[f.Layer] {
				set[f.Term()] = true
			}
		}
	}
	return set
}

func shareAny(a, b map[string]bool) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

// TestNameGroupsMeet: within every group that is not an exonym, every form
// shares at least one Latin- or key-layer term with every other form.
func TestNameGroupsMeet(t *testing.T) {
	groups := readNameGroups(t, filepath.Join("testdata", "names-dev.tsv"))
	if len(groups) == 0 {
		t.Fatal("no groups read")
	}
	for _, g := range groups {
		if g.kind == "exonym" {
			continue
		}
		t.Run(g.name, func(t *testing.T) {
			for i, a := range g.forms {
				ta := matchTerms(t, a, LayerLatin, LayerPhonetic, LayerFrame, LayerSkeleton)
				for _, b := range g.forms[i+1:] {
					tb := matchTerms(t, b, LayerLatin, LayerPhonetic, LayerFrame, LayerSkeleton)
					if !shareAny(ta, tb) {
						t.Errorf("%q and %q share no Latin or key term:\n  %q: %v\n  %q: %v", a, b, a, sortedKeys(ta), b, sortedKeys(tb))
					}
				}
			}
		})
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// seedWords returns the distinct words of the seed articles.
func seedWords(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "seeds", "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no seed articles in ../seeds: %v", err)
	}
	seen := map[string]bool{}
	var words []string
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, sp := range WordSpans(string(data)) {
			w := string(data[sp.Start:sp.End])
			if !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	return words
}

// TestKeysKeepNamesApart measures how often forms of different names share
// a key: at most 0.2% of pairs for the vowel-keeping key, 1% for the frame
// and the skeleton. Items are the forms of names-dev.tsv (each with its group) and
// the distinct seed words (each its own group, except words whose normalized
// stem equals a listed form, which join that form's group).
func TestKeysKeepNamesApart(t *testing.T) {
	type item struct {
		group string
		keys  map[string]bool
		frame map[string]bool
		skel  map[string]bool
	}
	var items []item
	nativeGroup := map[string]string{}
	add := func(group, form string) {
		items = append(items, item{
			group: group,
			keys:  matchTerms(t, form, LayerPhonetic),
			frame: matchTerms(t, form, LayerFrame),
			skel:  matchTerms(t, form, LayerSkeleton),
		})
	}
	for _, g := range readNameGroups(t, filepath.Join("testdata", "names-dev.tsv")) {
		for _, f := range g.forms {
			add(g.name, f)
			for k := range matchTerms(t, f, LayerNative) {
				nativeGroup[k] = g.name
			}
		}
	}
	for _, w := range seedWords(t) {
		group := "seed:" + w
		for k := range matchTerms(t, w, LayerNative) {
			// Inflections of one seed word are one word, and a seed word
			// that is a listed name belongs to that name's group.
			group = "seed:" + k
			if g, ok := nativeGroup[k]; ok {
				group = g
				break
			}
		}
		add(group, w)
	}
	var pairs, keyShared, frameShared, skelShared int
	var examples []string
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			a, b := items[i], items[j]
			if a.group == b.group || len(a.keys) == 0 || len(b.keys) == 0 {
				continue
			}
			pairs++
			if shareAny(a.keys, b.keys) {
				keyShared++
				if len(examples) < 15 {
					examples = append(examples, strings.Join(sortedKeys(a.keys), ",")+" ~ "+strings.Join(sortedKeys(b.keys), ","))
				}
			}
			if shareAny(a.frame, b.frame) {
				frameShared++
			}
			if shareAny(a.skel, b.skel) {
				skelShared++
			}
		}
	}
	keyRate := float64(keyShared) / float64(pairs)
	frameRate := float64(frameShared) / float64(pairs)
	skelRate := float64(skelShared) / float64(pairs)
	t.Logf("%d items, %d cross-group pairs: phonetic key shared by %.3f%%, frame by %.3f%%, skeleton by %.3f%%", len(items), pairs, 100*keyRate, 100*frameRate, 100*skelRate)
	if keyRate > 0.002 {
		t.Errorf("phonetic key merges %.3f%% of different-name pairs, want ≤ 0.2%%; e.g. %v", 100*keyRate, examples)
	}
	if frameRate > 0.01 {
		t.Errorf("frame key merges %.3f%% of different-name pairs, want ≤ 1%%", 100*frameRate)
	}
	if skelRate > 0.01 {
		t.Errorf("skeleton key merges %.3f%% of different-name pairs, want ≤ 1%%", 100*skelRate)
	}
}

// TestReadingsOfSpellingClasses: a Bengali chandrabindu is read with an n
// and without one, Bengali ক্ষ as kh and as ksh, Hindi ड़ as r and as d,
// medial schwas deleted scanning from either end (compounds, verbs);
// each pair shares a Latin or phonetic term (the layers of readings, not
// the looser frames).
func TestReadingsOfSpellingClasses(t *testing.T) {
	for _, pair := range [][2]string{
		{"চাঁদপুর", "Chadpur"},
		{"চাঁদপুর", "Chandpur"},
		{"পাঁচগাঁও", "Panchgaon"},
		{"তারগাঁও", "Targao"},
		{"বাঁশতৈল", "Bastail"},
		{"ক্ষেতলাল", "Khetlal"},
		{"ক্ষুদিরাম", "Khudiram"},
		{"লক্ষ্মী", "Lakshmi"},
		{"सड़क", "sadak"},
		{"सड़क", "sarak"},
		{"पढ़ाई", "padhai"},
		{"मनचला", "manchala"},
		{"गणपति", "ganpati"},
		{"समझना", "samajhna"},
	} {
		a := matchTerms(t, pair[0], LayerLatin, LayerPhonetic)
		b := matchTerms(t, pair[1], LayerLatin, LayerPhonetic)
		if !shareAny(a, b) {
			t.Errorf("%q and %q share no Latin or phonetic term: %v, %v", pair[0], pair[1], sortedKeys(a), sortedKeys(b))
		}
	}
}
