package analyzers

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

func eq(terms ...string) SynonymRule { return SynonymRule{Left: terms, Equivalent: true} }

func oneWay(left, right []string) SynonymRule { return SynonymRule{Left: left, Right: right} }

// parseTests feeds TestParseSynonyms and the fuzz seeds.
var parseTests = []struct {
	name string
	in   string
	want []SynonymRule // Source and Line are checked separately
	line []int         // line of each rule
}{
	{"empty file", "", nil, nil},
	{"comments and blank lines", "# a comment\n\n   \n\t# indented comment\n", nil, nil},
	{"equivalent", "India, भारत, ভারত\n", []SynonymRule{eq("India", "भारत", "ভারত")}, []int{1}},
	{"two entries", "a,b", []SynonymRule{eq("a", "b")}, []int{1}},
	{"whitespace trimmed", "  a ,\tb  ,c\t\n", []SynonymRule{eq("a", "b", "c")}, []int{1}},
	{"multi-word entries", "New Delhi, नई दिल्ली, নতুন দিল্লি", []SynonymRule{eq("New Delhi", "नई दिल्ली", "নতুন দিল্লি")}, []int{1}},
	{"inner whitespace collapsed", "New   Delhi,\tनई \t दिल्ली", []SynonymRule{eq("New Delhi", "नई दिल्ली")}, []int{1}},
	{"trailing comment", "a, b # a and b\n", []SynonymRule{eq("a", "b")}, []int{1}},
	{"one way", "a, b => c, d", []SynonymRule{oneWay([]string{"a", "b"}, []string{"c", "d"})}, []int{1}},
	{"one way single terms", "Calcutta=>Kolkata", []SynonymRule{oneWay([]string{"Calcutta"}, []string{"Kolkata"})}, []int{1}},
	{"one way with comment", "a => b # note", []SynonymRule{oneWay([]string{"a"}, []string{"b"})}, []int{1}},
	{"line numbers", "# header\n\na, b\n# x\nc => d\n", []SynonymRule{eq("a", "b"), oneWay([]string{"c"}, []string{"d"})}, []int{3, 5}},
	{"CRLF", "a, b\r\nc, d\r\n", []SynonymRule{eq("a", "b"), eq("c", "d")}, []int{1, 2}},
	{"byte order mark", "\uFEFFa, b\n", []SynonymRule{eq("a", "b")}, []int{1}},
	{"no final newline", "a, b\nc, d", []SynonymRule{eq("a", "b"), eq("c", "d")}, []int{1, 2}},
	{"ZWNJ and ZWJ kept inside entries", "a, র\u200dযাব, कि\u200cताब", []SynonymRule{eq("a", "র\u200dযাব", "कि\u200cताब")}, []int{1}},
	{"single arrow characters are text", "a=b, c>d", []SynonymRule{eq("a=b", "c>d")}, []int{1}},
}

func TestParseSynonyms(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseSynonyms(strings.NewReader(tt.in), "test.txt")
			if err != nil {
				t.Fatalf("ParseSynonyms(%q) error: %v", tt.in, err)
			}
			if len(m.Rules) != len(tt.want) {
				t.Fatalf("ParseSynonyms(%q) = %d rules %+v, want %d", tt.in, len(m.Rules), m.Rules, len(tt.want))
			}
			for i, r := range m.Rules {
				if r.Source != "test.txt" || r.Line != tt.line[i] {
					t.Errorf("rule %d at %s:%d, want test.txt:%d", i, r.Source, r.Line, tt.line[i])
				}
				r.Source, r.Line = "", 0
				if !reflect.DeepEqual(r, tt.want[i]) {
					t.Errorf("rule %d = %+v, want %+v", i, r, tt.want[i])
				}
			}
			if len(m.Rules) != len(tt.want) {
				t.Errorf("%d rules, want %d", len(m.Rules), len(tt.want))
			}
		})
	}
}

// parseErrorTests feeds TestParseSynonymsErrors and the fuzz seeds.
var parseErrorTests = []struct {
	name string
	in   string
	want string
}{
	{"empty entry", "# ok\n\na, b\na,,b\n", "extra.txt:4: empty entry"},
	{"empty entry of spaces", "a, ,b", "extra.txt:1: empty entry"},
	{"trailing comma", "a, b,", "extra.txt:1: empty entry"},
	{"leading comma", ", a, b", "extra.txt:1: empty entry"},
	{"only a comma", ",", "extra.txt:1: empty entry"},
	{"empty entry on left of =>", "a, => b", "extra.txt:1: empty entry"},
	{"empty entry on right of =>", "a => b,,c", "extra.txt:1: empty entry"},
	{"empty left side", "a, b\n => c", "extra.txt:2: empty left side of =>"},
	{"empty right side", "a, b =>   # nothing", "extra.txt:1: empty right side of =>"},
	{"arrow alone", "=>", "extra.txt:1: empty left side of =>"},
	{"two arrows", "a => b => c", "extra.txt:1: more than one =>"},
	{"single term", "a, b\nlonely\n", "extra.txt:2: single entry without synonyms"},
	{"single multi-word term", "New Delhi  # only one", "extra.txt:1: single entry without synonyms"},
	{"invalid UTF-8", "a, b\nc, \xff\xfe\n", "extra.txt:2: invalid UTF-8"},
	{"invalid UTF-8 in comment", "a, b # \xc3\n", "extra.txt:1: invalid UTF-8"},
	{"control character", "a, b\x07", "extra.txt:1: control character U+0007"},
	{"NUL", "a\x00, b", "extra.txt:1: control character U+0000"},
	{"C1 control", "a, b\u0085c", "extra.txt:1: control character U+0085"},
	{"lone CR inside", "a\rb, c", "extra.txt:1: control character U+000D"},
	{"line too long", "a, b\n" + strings.Repeat("x", maxSynonymLineBytes+1) + ", y\n", "extra.txt:2: line too long"},
}

func TestParseSynonymsErrors(t *testing.T) {
	for _, tt := range parseErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseSynonyms(strings.NewReader(tt.in), "extra.txt")
			if err == nil {
				t.Fatalf("ParseSynonyms(%q) = %+v, want error %q", tt.in, m.Rules, tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("ParseSynonyms(%q) error = %q, want %q", tt.in, err, tt.want)
			}
			var se *SynonymError
			if !errors.As(err, &se) {
				t.Errorf("error %v is not a *SynonymError", err)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestParseSynonymsReadError(t *testing.T) {
	_, err := ParseSynonyms(failingReader{}, "extra.txt")
	if err == nil || err.Error() != "extra.txt: disk on fire" {
		t.Errorf("ParseSynonyms(failing reader) error = %v, want %q", err, "extra.txt: disk on fire")
	}
}

// stripPositions drops Source and Line, which a round trip does not keep.
func stripPositions(m *SynonymMap) []SynonymRule {
	var out []SynonymRule
	for _, r := range m.Rules {
		r.Source, r.Line = "", 0
		out = append(out, r)
	}
	return out
}

func TestSynonymTextRoundTrip(t *testing.T) {
	inputs := map[string]string{"default": defaultSynonymsText}
	for _, tt := range parseTests {
		inputs[tt.name] = tt.in
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			m, err := ParseSynonyms(strings.NewReader(in), "a.txt")
			if err != nil {
				t.Fatal(err)
			}
			text := m.Text()
			back, err := ParseSynonyms(strings.NewReader(text), "b.txt")
			if err != nil {
				t.Fatalf("re-parsing Text() = %q: %v", text, err)
			}
			if got, want := stripPositions(back), stripPositions(m); !reflect.DeepEqual(got, want) {
				t.Errorf("round trip changed the rules:\n got %+v\nwant %+v", got, want)
			}
			if again := back.Text(); again != strings.ReplaceAll(text, "# source: a.txt", "# source: b.txt") {
				t.Errorf("Text() not stable:\n%s\nthen\n%s", text, again)
			}
		})
	}
}

func TestSynonymText(t *testing.T) {
	a, _ := ParseSynonyms(strings.NewReader("# comment\nIndia,भारत , ভারত\nCalcutta => Kolkata, कोलकाता\n"), "default.txt")
	b, _ := ParseSynonyms(strings.NewReader("Dikshit, Dixit\n"), "extra.txt")
	got := a.Merge(b).Text()
	want := "# source: default.txt\n" +
		"India, भारत, ভারত\n" +
		"Calcutta => Kolkata, कोलकाता\n" +
		"\n# source: extra.txt\n" +
		"Dikshit, Dixit\n"
	if got != want {
		t.Errorf("Text() = %q, want %q", got, want)
	}
	if got := (*SynonymMap)(nil).Text(); got != "" {
		t.Errorf("nil Text() = %q, want empty", got)
	}
}

func TestSynonymMerge(t *testing.T) {
	a, _ := ParseSynonyms(strings.NewReader("a, b\nc => d\n"), "a.txt")
	b, _ := ParseSynonyms(strings.NewReader("e, f\n"), "b.txt")
	m := a.Merge(b)
	if len(m.Rules) != 3 {
		t.Fatalf("Merge: %d rules, want 3", len(m.Rules))
	}
	wantSources := []string{"a.txt", "a.txt", "b.txt"}
	for i, r := range m.Rules {
		if r.Source != wantSources[i] {
			t.Errorf("rule %d source = %q, want %q", i, r.Source, wantSources[i])
		}
	}
	if len(a.Rules) != 2 || len(b.Rules) != 1 {
		t.Errorf("Merge modified its inputs: %d, %d rules", len(a.Rules), len(b.Rules))
	}
	m.Rules[0].Left[0] = "changed"
	if a.Rules[0].Left[0] != "a" {
		t.Errorf("Merge result shares entries with its input")
	}
	if got := (*SynonymMap)(nil).Merge(b); len(got.Rules) != 1 {
		t.Errorf("nil.Merge(b): %d rules, want 1", len(got.Rules))
	}
	if got := a.Merge(nil); len(got.Rules) != 2 {
		t.Errorf("a.Merge(nil): %d rules, want 2", len(got.Rules))
	}
	d := DefaultSynonyms()
	if got := len(d.Merge(b).Rules); got != len(d.Rules)+1 {
		t.Errorf("DefaultSynonyms().Merge(b): %d rules, want %d", got, len(d.Rules)+1)
	}
}

const expandMap = `
India, भारत, ভারত
New Delhi, Delhi, नई दिल्ली, নতুন দিল্লি
West Bengal, पश्चिम बंगाल, পশ্চিমবঙ্গ
Bengal, बंगाल
Calcutta => Kolkata, कोलकाता
running, sprinting
Kolkata, কলকাতা
`

// lowerTrimS is a stand-in for lipi's normalization: lower-case, and a toy
// plural stemmer.
func lowerTrimS(w string) string { return strings.TrimSuffix(strings.ToLower(w), "s") }

var expandTests = []struct {
	name  string
	query string
	want  []SynonymExpansion
}{
	{"no match", "election results", nil},
	{"empty query", "", nil},
	{"single word", "india", []SynonymExpansion{{0, 1, "India", []string{"भारत", "ভারত"}}}},
	{"native script", "भारत की राजनीति", []SynonymExpansion{{0, 1, "भारत", []string{"India", "ভারত"}}}},
	{"multi-word entry", "rain in New Delhi today", []SynonymExpansion{
		{2, 4, "New Delhi", []string{"Delhi", "नई दिल्ली", "নতুন দিল্লি"}},
		{3, 4, "Delhi", []string{"New Delhi", "नई दिल्ली", "নতুন দিল্লি"}},
	}},
	{"multi-word native", "नई दिल्ली", []SynonymExpansion{{0, 2, "नई दिल्ली", []string{"New Delhi", "Delhi", "নতুন দিল্লি"}}}},
	{"longest first", "west bengal", []SynonymExpansion{
		{0, 2, "West Bengal", []string{"पश्चिम बंगाल", "পশ্চিমবঙ্গ"}},
		{1, 2, "Bengal", []string{"बंगाल"}},
	}},
	{"partial multi-word does not match", "new york", nil},
	{"multi-word at end of query cut short", "visit new", nil},
	{"one way left to right", "calcutta", []SynonymExpansion{{0, 1, "Calcutta", []string{"Kolkata", "कोलकाता"}}}},
	{"one way never right to left", "कोलकाता", nil},
	{"rules merged on the same span", "kolkata", []SynonymExpansion{{0, 1, "Kolkata", []string{"কলকাতা"}}}},
	{"key function applied", "INDIAS", []SynonymExpansion{{0, 1, "India", []string{"भारत", "ভারত"}}}},
	{"key applied to entries too", "Runnings", []SynonymExpansion{{0, 1, "running", []string{"sprinting"}}}},
	{"several matches", "Delhi and Calcutta", []SynonymExpansion{
		{0, 1, "Delhi", []string{"New Delhi", "नई दिल्ली", "নতুন দিল্লি"}},
		{2, 3, "Calcutta", []string{"Kolkata", "कोलकाता"}},
	}},
}

func TestSynonymExpand(t *testing.T) {
	m, err := ParseSynonyms(strings.NewReader(expandMap), "expand.txt")
	if err != nil {
		t.Fatal(err)
	}
	e := m.Expander(lowerTrimS)
	for _, tt := range expandTests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.Expand(strings.Fields(tt.query))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Expand(%q) = %+v, want %+v", tt.query, got, tt.want)
			}
		})
	}
}

func TestSynonymExpandKeyMergesEntries(t *testing.T) {
	// Entries that key alike are not offered as alternatives of each other.
	m, _ := ParseSynonyms(strings.NewReader("Russia, russia, रूस\nRUSSIA, রাশিয়া\n"), "x.txt")
	got := m.Expander(strings.ToLower).Expand([]string{"russia"})
	want := []SynonymExpansion{{0, 1, "Russia", []string{"रूस", "রাশিয়া"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Expand = %+v, want %+v", got, want)
	}
	// A nil key compares words as they are.
	if got := m.Expander(nil).Expand([]string{"russia"}); len(got) != 1 || got[0].Matched != "russia" {
		t.Errorf("nil key: Expand = %+v, want a match of %q", got, "russia")
	}
	// Entries that key to nothing (say, only stop words) never match.
	stop := func(w string) string {
		if w == "the" {
			return ""
		}
		return w
	}
	m, _ = ParseSynonyms(strings.NewReader("the, a\n"), "x.txt")
	if got := m.Expander(stop).Expand([]string{"the", "a"}); len(got) != 0 {
		t.Errorf("stop-word entry: Expand = %+v, want none", got)
	}
	var nilExpander *SynonymExpander
	if got := nilExpander.Expand([]string{"a"}); got != nil {
		t.Errorf("nil expander: Expand = %+v", got)
	}
	if got := (*SynonymMap)(nil).Expander(nil).Expand([]string{"a"}); got != nil {
		t.Errorf("nil map: Expand = %+v", got)
	}
}

func ExampleSynonymMap_Expander() {
	m, err := ParseSynonyms(strings.NewReader("New Delhi, नई दिल्ली, নতুন দিল্লি\n"), "example.txt")
	if err != nil {
		panic(err)
	}
	e := m.Expander(strings.ToLower)
	for _, x := range e.Expand(strings.Fields("flights to new delhi")) {
		fmt.Println(x.Start, x.End, x.Matched, "→", strings.Join(x.Alternatives, " | "))
	}
	// Output:
	// 2 4 New Delhi → नई दिल्ली | নতুন দিল্লি
}

func FuzzParseSynonyms(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.in)
	}
	for _, tt := range parseErrorTests {
		if len(tt.in) < 1000 {
			f.Add(tt.in)
		}
	}
	f.Fuzz(func(t *testing.T, in string) {
		m, err := ParseSynonyms(strings.NewReader(in), "fuzz.txt")
		if err != nil {
			var se *SynonymError
			if !errors.As(err, &se) || !strings.HasPrefix(err.Error(), "fuzz.txt:") {
				t.Fatalf("error %q is not a fuzz.txt:LINE: error", err)
			}
			return
		}
		back, err := ParseSynonyms(strings.NewReader(m.Text()), "fuzz.txt")
		if err != nil {
			t.Fatalf("re-parsing Text() = %q: %v", m.Text(), err)
		}
		if !reflect.DeepEqual(stripPositions(back), stripPositions(m)) {
			t.Fatalf("round trip of %q changed the rules", in)
		}
		words := strings.Fields(in)
		for _, x := range m.Expander(strings.ToLower).Expand(words) {
			if x.Start < 0 || x.End <= x.Start || x.End > len(words) || len(x.Alternatives) == 0 {
				t.Fatalf("bad expansion %+v of %d words", x, len(words))
			}
		}
	})
}

func BenchmarkSynonymExpand(b *testing.B) {
	e := DefaultSynonyms().Expander(strings.ToLower)
	words := strings.Fields("prime minister meets the chief minister of West Bengal in New Delhi after the Supreme Court verdict on India and Bangladesh")
	b.ReportAllocs()
	for b.Loop() {
		e.Expand(words)
	}
}

func BenchmarkDefaultSynonymsExpander(b *testing.B) {
	m := DefaultSynonyms()
	b.ReportAllocs()
	for b.Loop() {
		m.Expander(strings.ToLower)
	}
}

// The default map: parses, is large enough, every rule reaches all three
// scripts, and no entry sits in two rules.

func TestDefaultSynonyms(t *testing.T) {
	m := DefaultSynonyms()
	if len(m.Rules) < 150 {
		t.Errorf("default map has %d rules, want at least 150", len(m.Rules))
	}
	if !norm.NFC.IsNormalString(defaultSynonymsText) {
		t.Errorf("default.txt is not in NFC")
	}
	seen := map[string]SynonymRule{}
	for _, r := range m.Rules {
		at := fmt.Sprintf("%s:%d", r.Source, r.Line)
		if !r.Equivalent {
			t.Errorf("%s: default rules are equivalences, got a one-way rule", at)
		}
		var scripts [ScriptDigits + 1]int
		for _, entry := range slices.Concat(r.Left, r.Right) {
			scripts[ScriptOf(entry)]++
			for _, c := range entry {
				if !(unicode.IsLetter(c) || unicode.IsMark(c) || c == ' ') {
					t.Errorf("%s: entry %q has %q: entries are letters, marks and spaces, which every tokenizer splits alike", at, entry, c)
				}
			}
			key := strings.ToLower(norm.NFC.String(entry))
			if prev, dup := seen[key]; dup {
				if prev.Line == r.Line {
					t.Errorf("%s: entry %q twice in the rule", at, entry)
				} else {
					t.Errorf("%s: entry %q is also in the rule at line %d (ambiguous)", at, entry, prev.Line)
				}
			}
			seen[key] = r
		}
		for _, s := range []Script{ScriptLatin, ScriptDevanagari, ScriptBengali} {
			if scripts[s] == 0 {
				t.Errorf("%s: %q has no %s entry", at, strings.Join(r.Left, ", "), s)
			}
		}
		if scripts[ScriptOther]+scripts[ScriptCyrillic]+scripts[ScriptDigits] > 0 {
			t.Errorf("%s: %q has entries of other scripts", at, strings.Join(r.Left, ", "))
		}
	}
	// DefaultSynonyms returns a copy each time.
	m.Rules[0].Left[0] = "changed"
	if DefaultSynonyms().Rules[0].Left[0] == "changed" {
		t.Errorf("DefaultSynonyms returns a shared map")
	}
}

func TestDefaultSynonymsExpand(t *testing.T) {
	e := DefaultSynonyms().Expander(func(w string) string { return strings.ToLower(norm.NFC.String(w)) })
	for _, tt := range []struct {
		query string
		want  []string // must be among the alternatives of the first expansion
	}{
		{"India", []string{"भारत", "ভারত"}},
		{"रूस", []string{"Russia", "রাশিয়া"}},
		{"জার্মানি", []string{"Germany", "जर्मनी"}},
		{"Bombay", []string{"Mumbai", "मुंबई", "মুম্বই"}},
		{"West Bengal", []string{"पश्चिम बंगाल", "পশ্চিমবঙ্গ"}},
		{"Supreme Court", []string{"सर्वोच्च न्यायालय", "সুপ্রিম কোর্ট"}},
		{"রবীন্দ্রনাথ ঠাকুর", []string{"Rabindranath Tagore", "रवींद्रनाथ टैगोर"}},
		{"Myanmar", []string{"Burma", "म्यांमार", "মায়ানমার"}},
	} {
		got := e.Expand(strings.Fields(tt.query))
		if len(got) == 0 {
			t.Errorf("Expand(%q) = none", tt.query)
			continue
		}
		for _, w := range tt.want {
			if !slices.Contains(got[0].Alternatives, norm.NFC.String(w)) {
				t.Errorf("Expand(%q) alternatives %q lack %q", tt.query, got[0].Alternatives, w)
			}
		}
	}
}
