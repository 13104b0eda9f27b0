package index

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// writeFiles creates files (path below dir → content) in dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func ids(docs []Document) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.ID
	}
	return out
}

// problems returns the skipped inputs as strings, with dir made relative
// (also inside reasons, as in "first in a.jsonl:1").
func problems(dir string, r *LoadResult) []string {
	var out []string
	for _, p := range r.Skipped {
		out = append(out, strings.ReplaceAll(p.String(), dir+string(filepath.Separator), ""))
	}
	return out
}

// loadCases are broken inputs, each beside good documents that must all
// still load.
var loadCases = []struct {
	name     string
	files    map[string]string
	wantIDs  []string
	wantSkip []string // LoadProblem.String(), dir stripped
	wantBy   map[string]int
}{
	{
		name: "malformed UTF-8 in jsonl",
		files: map[string]string{"docs.jsonl": `{"id":"a","title":"Alpha"}` + "\n" +
			"{\"id\":\"b\",\"title\":\"Beta \xff\"}\n" +
			`{"id":"c","body":"Gamma"}` + "\n"},
		wantIDs:  []string{"a", "c"},
		wantSkip: []string{"docs.jsonl:2: malformed UTF-8"},
		wantBy:   map[string]int{ReasonMalformedUTF8: 1},
	},
	{
		name: "malformed UTF-8 in txt",
		files: map[string]string{
			"bad.txt":  "A good title\nbody line\nthen \xfe\xff junk\n",
			"good.txt": "Another title\nbody",
		},
		wantIDs:  []string{"good"},
		wantSkip: []string{"bad.txt:3: malformed UTF-8"},
		wantBy:   map[string]int{ReasonMalformedUTF8: 1},
	},
	{
		name: "bad JSON",
		files: map[string]string{"docs.jsonl": strings.Join([]string{
			`{"id":"a","title":"Alpha"}`,
			`{"id":"b","title":"unclosed"`,
			`["id","c"]`,
			`{"id":"d","title":"two objects"} {"id":"e"}`,
			`{"id":"f","title":5}`,
			`{"id":"g","body":["not","a","string"]}`,
			`{"id":"h","title":"Eta","url":{}}`,
			`{'id':'i'}`,
			`{"id":"j","body":"Jot"}`,
		}, "\n")},
		wantIDs: []string{"a", "j"},
		wantSkip: []string{
			"docs.jsonl:2: bad JSON: unexpected end of JSON input",
			"docs.jsonl:3: bad JSON: not a JSON object",
			"docs.jsonl:4: bad JSON: invalid character '{' after top-level value at byte 34",
			`docs.jsonl:5: bad JSON: "title" is not a string`,
			`docs.jsonl:6: bad JSON: "body" is not a string`,
			`docs.jsonl:7: bad JSON: "url" is not a string`,
			"docs.jsonl:8: bad JSON: invalid character '\\'' looking for beginning of object key string at byte 2",
		},
		wantBy: map[string]int{ReasonBadJSON: 7},
	},
	{
		name: "missing id",
		files: map[string]string{"docs.jsonl": strings.Join([]string{
			`{"title":"No id"}`,
			`{"id":"","title":"Empty id"}`,
			`{"id":null,"title":"Null id"}`,
			`{"id":"ok","title":"Has an id"}`,
		}, "\n")},
		wantIDs: []string{"ok"},
		wantSkip: []string{
			"docs.jsonl:1: missing id",
			"docs.jsonl:2: missing id",
			"docs.jsonl:3: missing id",
		},
		wantBy: map[string]int{ReasonMissingID: 3},
	},
	{
		name: "bad id",
		files: map[string]string{"docs.jsonl": strings.Join([]string{
			`{"id":"a\u0007b","title":"Bell"}`,
			`{"id":"a\nb","title":"Newline"}`,
			`{"id":"a\u0085b","title":"C1 control"}`,
			`{"id":42,"title":"Number"}`,
			`{"id":["x"],"title":"Array"}`,
			`{"id":"sub/ঢাকা 1","title":"Any other string is an id"}`,
		}, "\n")},
		wantIDs: []string{"sub/ঢাকা 1"},
		wantSkip: []string{
			"docs.jsonl:1: bad id",
			"docs.jsonl:2: bad id",
			"docs.jsonl:3: bad id",
			"docs.jsonl:4: bad id",
			"docs.jsonl:5: bad id",
		},
		wantBy: map[string]int{ReasonBadID: 5},
	},
	{
		name: "empty text",
		files: map[string]string{
			"docs.jsonl": strings.Join([]string{
				`{"id":"a"}`,
				`{"id":"b","title":"","body":""}`,
				`{"id":"c","title":" \t","body":"\n\u00a0"}`,
				`{"id":"d","title":null,"body":null}`,
				`{"id":"e","title":"","body":"Only a body"}`,
			}, "\n"),
			"empty.txt":  "",
			"spaces.md":  " \n\t\n  \n",
			"symbol.txt": "×\n",
		},
		wantIDs: []string{"e", "symbol"},
		wantSkip: []string{
			"docs.jsonl:1: empty text",
			"docs.jsonl:2: empty text",
			"docs.jsonl:3: empty text",
			"docs.jsonl:4: empty text",
			"empty.txt: empty text",
			"spaces.md: empty text",
		},
		wantBy: map[string]int{ReasonEmptyText: 6},
	},
	{
		name: "duplicate id",
		files: map[string]string{
			"a.jsonl": strings.Join([]string{
				`{"id":"x","title":"First x"}`,
				`{"id":"note","title":"First note"}`,
				`{"id":"x","title":"Second x"}`,
			}, "\n"),
			"b/c.jsonl":  `{"id":"x","title":"Third x"}` + "\n" + `{"id":"b/page","title":"First b/page"}`,
			"b/page.md":  "Page title\nbody",
			"b/page.txt": "Page title\nbody",
			"note.txt":   "Note title\nbody",
			"y.md":       "Y title\nbody",
			"y.txt":      "Y title\nbody",
		},
		wantIDs: []string{"x", "note", "b/page", "y"},
		wantSkip: []string{
			`a.jsonl:3: duplicate id "x" (first in a.jsonl:1)`,
			`b/c.jsonl:1: duplicate id "x" (first in a.jsonl:1)`,
			`b/page.md: duplicate id "b/page" (first in b/c.jsonl:2)`,
			`b/page.txt: duplicate id "b/page" (first in b/c.jsonl:2)`,
			`note.txt: duplicate id "note" (first in a.jsonl:2)`,
			`y.txt: duplicate id "y" (first in y.md)`,
		},
		wantBy: map[string]int{ReasonDuplicateID: 6},
	},
	{
		name: "bad published date",
		files: map[string]string{"docs.jsonl": strings.Join([]string{
			`{"id":"a","title":"Alpha","published":"yesterday"}`,
			`{"id":"b","title":"Beta","published":"2024-13-01"}`,
			`{"id":"c","title":"Gamma","published":20240101}`,
			`{"id":"d","title":"Delta","published":"2024-10-29T09:30:00"}`,
			`{"id":"e","title":"Epsilon","published":"29/10/2024"}`,
			`{"id":"f","title":"Zeta","published":"2024-10-29T09:30:00+05:30"}`,
			`{"id":"g","title":"Eta","published":"2024-10-29"}`,
			`{"id":"h","title":"Theta","published":""}`,
		}, "\n")},
		wantIDs: []string{"f", "g", "h"},
		wantSkip: []string{
			"docs.jsonl:1: bad published date",
			"docs.jsonl:2: bad published date",
			"docs.jsonl:3: bad published date",
			"docs.jsonl:4: bad published date",
			"docs.jsonl:5: bad published date",
		},
		wantBy: map[string]int{ReasonBadPublished: 5},
	},
	{
		name: "bad lang",
		files: map[string]string{"docs.jsonl": strings.Join([]string{
			`{"id":"a","title":"Alpha","lang":"hindi"}`,
			`{"id":"b","title":"Beta","lang":"xx"}`,
			`{"id":"c","title":"Gamma","lang":"en_US"}`,
			`{"id":"d","title":"Delta","lang":5}`,
			`{"id":"e","title":"Epsilon","lang":"x-private"}`,
			`{"id":"f","title":"Zeta","lang":"e"}`,
			`{"id":"g","title":"Eta","lang":"bn"}`,
			`{"id":"h","title":"Theta","lang":"en-GB"}`,
			`{"id":"i","title":"Iota","lang":""}`,
		}, "\n")},
		wantIDs: []string{"g", "h", "i"},
		wantSkip: []string{
			"docs.jsonl:1: bad lang",
			"docs.jsonl:2: bad lang",
			"docs.jsonl:3: bad lang",
			"docs.jsonl:4: bad lang",
			"docs.jsonl:5: bad lang",
			"docs.jsonl:6: bad lang",
		},
		wantBy: map[string]int{ReasonBadLang: 6},
	},
	{
		name: "line too long",
		files: map[string]string{"docs.jsonl": `{"id":"a","title":"Alpha"}` + "\n" +
			`{"id":"b","body":"` + strings.Repeat("long ", MaxLineBytes/5) + `"}` + "\n" +
			`{"id":"c","title":"Gamma"}` + "\n"},
		wantIDs:  []string{"a", "c"},
		wantSkip: []string{"docs.jsonl:2: line too long"},
		wantBy:   map[string]int{ReasonLineTooLong: 1},
	},
	{
		name: "one of each in one file",
		files: map[string]string{"mixed.jsonl": strings.Join([]string{
			`{"id":"a","title":"Alpha"}`,
			"{\"id\":\"b\",\"title\":\"\xc3\"}",
			`{"id":"c"`,
			`{"title":"No id"}`,
			`{"id":"\t","title":"Tab"}`,
			`{"id":"f","body":"  "}`,
			`{"id":"a","title":"Again"}`,
			`{"id":"g","title":"Date","published":"soon"}`,
			`{"id":"h","title":"Lang","lang":"english"}`,
			``,
			`   `,
			`{"id":"z","title":"Last, after blank lines"}`,
		}, "\n")},
		wantIDs: []string{"a", "z"},
		wantSkip: []string{
			"mixed.jsonl:2: malformed UTF-8",
			"mixed.jsonl:3: bad JSON: unexpected end of JSON input",
			"mixed.jsonl:4: missing id",
			"mixed.jsonl:5: bad id",
			"mixed.jsonl:6: empty text",
			`mixed.jsonl:7: duplicate id "a" (first in mixed.jsonl:1)`,
			"mixed.jsonl:8: bad published date",
			"mixed.jsonl:9: bad lang",
		},
		wantBy: map[string]int{
			ReasonMalformedUTF8: 1, ReasonBadJSON: 1, ReasonMissingID: 1, ReasonBadID: 1,
			ReasonEmptyText: 1, ReasonDuplicateID: 1, ReasonBadPublished: 1, ReasonBadLang: 1,
		},
	},
}

func TestLoadDirProblems(t *testing.T) {
	for _, tc := range loadCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tc.files)
			r, err := LoadDir(dir, LoadOptions{})
			if err != nil {
				t.Fatalf("LoadDir: %v", err)
			}
			if got := ids(r.Docs); !slices.Equal(got, tc.wantIDs) {
				t.Errorf("ids = %q, want %q", got, tc.wantIDs)
			}
			if got := problems(dir, r); !slices.Equal(got, tc.wantSkip) {
				t.Errorf("skipped:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.wantSkip, "\n"))
			}
			if !mapsEqual(r.SkippedByReason, tc.wantBy) {
				t.Errorf("SkippedByReason = %v, want %v", r.SkippedByReason, tc.wantBy)
			}
			if r.Files != len(tc.files) {
				t.Errorf("Files = %d, want %d", r.Files, len(tc.files))
			}
			// Nothing lost: every line or file is either a document or a
			// problem (blank lines aside).
			if n := len(r.Docs) + len(r.Skipped); n != countInputs(tc.files) {
				t.Errorf("%d documents + %d skipped, want %d inputs", len(r.Docs), len(r.Skipped), countInputs(tc.files))
			}
		})
	}
}

// TestLoadDirStrict checks that with Strict the first problem of each case
// is the error, in the form "path:line: reason".
func TestLoadDirStrict(t *testing.T) {
	for _, tc := range loadCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tc.files)
			r, err := LoadDir(dir, LoadOptions{Strict: true})
			if err == nil {
				t.Fatalf("LoadDir strict = %d docs, no error; want %q", len(r.Docs), tc.wantSkip[0])
			}
			if r != nil {
				t.Errorf("LoadDir strict returned a result with its error")
			}
			var p LoadProblem
			if !errors.As(err, &p) {
				t.Fatalf("error %v (%T) is not a LoadProblem", err, err)
			}
			want := filepath.Join(dir, filepath.FromSlash(tc.wantSkip[0]))
			if strings.Contains(tc.wantSkip[0], "first in ") {
				want = strings.ReplaceAll(want, "first in ", "first in "+dir+string(filepath.Separator))
			}
			if err.Error() != want {
				t.Errorf("error = %q, want %q", err, want)
			}
		})
	}
	t.Run("clean", func(t *testing.T) {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"a.txt": "Title\nbody", "b.jsonl": `{"id":"b","title":"B title"}`})
		r, err := LoadDir(dir, LoadOptions{Strict: true})
		if err != nil || len(r.Docs) != 2 {
			t.Fatalf("LoadDir strict on clean folder = %v, %v; want 2 docs", r, err)
		}
	})
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// countInputs counts the documents a case offers: one per text file, one per
// non-blank .jsonl line.
func countInputs(files map[string]string) int {
	n := 0
	for name, content := range files {
		if !strings.HasSuffix(name, ".jsonl") {
			n++
			continue
		}
		for line := range strings.SplitSeq(content, "\n") {
			if strings.TrimSpace(line) != "" {
				n++
			}
		}
	}
	return n
}

func TestLoadDirUnreadable(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "Alpha title\nbody", "z.txt": "Zulu title\nbody"})
	if err := os.Symlink(filepath.Join(dir, "nowhere.txt"), filepath.Join(dir, "gone.txt")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	want := []string{"gone.txt: unreadable: no such file or directory"}
	if os.Geteuid() != 0 { // root reads files whatever their mode
		writeFiles(t, dir, map[string]string{"locked.jsonl": `{"id":"l","title":"Locked"}`, "shut/b.txt": "Bravo title"})
		if err := os.Chmod(filepath.Join(dir, "locked.jsonl"), 0); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(dir, "shut"), 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(filepath.Join(dir, "shut"), 0o755) })
		want = append(want, "locked.jsonl: unreadable: permission denied", "shut: unreadable: permission denied")
	}
	r, err := LoadDir(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(r.Docs); !slices.Equal(got, []string{"a", "z"}) {
		t.Errorf("ids = %q, want [a z]", got)
	}
	if got := problems(dir, r); !slices.Equal(got, want) {
		t.Errorf("skipped = %q, want %q", got, want)
	}
	if r.SkippedByReason[ReasonUnreadable] != len(want) {
		t.Errorf("SkippedByReason = %v, want %d unreadable", r.SkippedByReason, len(want))
	}
}

func TestLoadDirNested(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"top.txt":               "Top title\nTop body",
		"sub/name.txt":          "Sub title\nSub body",
		"sub/deeper/page.md":    "## Deeper page ##\n\nSome *markdown* body.",
		"sub/deeper/more.jsonl": `{"id":"json-1","title":"From JSON"}`,
		"sub/a.b.TXT":           "Dotted name\nbody",
		"zz/ঢাকা.txt":           "ঢাকার খবর আজ\nবিস্তারিত",
	})
	r, err := LoadDir(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Lexical order, depth first: "sub/a.b.TXT" < "sub/deeper/" < "sub/name.txt".
	want := []string{"sub/a.b", "json-1", "sub/deeper/page", "sub/name", "top", "zz/ঢাকা"}
	if got := ids(r.Docs); !slices.Equal(got, want) {
		t.Errorf("ids = %q, want %q", got, want)
	}
	if r.Files != 6 || len(r.Skipped) != 0 {
		t.Errorf("Files = %d, skipped %v; want 6 files, none skipped", r.Files, r.Skipped)
	}
	byID := map[string]Document{}
	for _, d := range r.Docs {
		byID[d.ID] = d
	}
	if d := byID["sub/deeper/page"]; d.Title != "Deeper page" || d.Body != "Some *markdown* body." {
		t.Errorf("markdown page = %q / %q, want %q / %q", d.Title, d.Body, "Deeper page", "Some *markdown* body.")
	}
	if d := byID["zz/ঢাকা"]; d.Lang != "bn" || !slices.Equal(d.Scripts, []string{"Beng"}) {
		t.Errorf("zz/ঢাকা lang %q scripts %q, want bn [Beng]", d.Lang, d.Scripts)
	}
	// The same folder named with a trailing separator or through "./" loads
	// the same documents; paths in problems keep the folder as given.
	r2, err := LoadDir(dir+string(filepath.Separator), LoadOptions{})
	if err != nil || !slices.Equal(ids(r2.Docs), want) {
		t.Errorf("LoadDir(dir/) = %q, %v", ids(r2.Docs), err)
	}
}

func TestLoadDirIgnored(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"keep.txt":            "Kept title\nbody",
		"notes.csv":           "id,title\n1,Not loaded",
		"README":              "Not loaded either",
		"data.json":           `{"id":"j","title":"Not loaded"}`,
		"page.html":           "<h1>Not loaded</h1>",
		".hidden.txt":         "Hidden file, not loaded",
		".git/notes.txt":      "Hidden folder, not loaded",
		"old.bleve/stray.txt": "Index folder by name, not loaded",
		"data/lipi.bleve.1730000000/index_meta.json": `{"storage":"scorch","index_type":"scorch"}`,
		"data/lipi.bleve.1730000000/store/x.txt":     "Index folder by marker, not loaded",
		"data/other.txt":                             "Other title\nbody",
	})
	if err := os.Symlink("lipi.bleve.1730000000", filepath.Join(dir, "data", "lipi.bleve")); err != nil {
		t.Log("no symbolic links:", err)
	}
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Log("no symbolic links:", err)
	}
	r, err := LoadDir(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(r.Docs), []string{"data/other", "keep"}; !slices.Equal(got, want) {
		t.Errorf("ids = %q, want %q", got, want)
	}
	if r.Files != 2 || len(r.Skipped) != 0 {
		t.Errorf("Files = %d, skipped %v; want 2 files, none skipped", r.Files, r.Skipped)
	}
	if got, want := r.Summary(), "loaded 2 documents from 2 files"; got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
}

// TestLoadDirExclude: a pattern without "/" leaves out a name at any
// depth, one with "/" a path below the folder; a folder left out is not
// read; a malformed pattern fails before anything is loaded.
func TestLoadDirExclude(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"README.md":             "About this folder\nnot news",
		"a.txt":                 "Kept title\nbody",
		"sub/README.md":         "Another readme\nnot news",
		"sub/b.txt":             "Sub title\nbody",
		"sub/b.draft.txt":       "Draft title\nbody",
		"drafts/c.txt":          "Draft folder title\nbody",
		"drafts/deeper/d.jsonl": `{"id":"d","title":"Deep draft"}` + "\n",
		"other/drafts.txt":      "A file named like the folder\nbody",
	})
	for _, tc := range []struct {
		exclude  []string
		want     []string
		excluded int
	}{
		{nil, []string{"a", "d", "drafts/c", "other/drafts", "sub/README", "sub/b", "sub/b.draft", "README"}, 0},
		{[]string{"README.md"}, []string{"a", "d", "drafts/c", "other/drafts", "sub/b", "sub/b.draft"}, 2},
		{[]string{"README.md", "*.draft.txt", "drafts"}, []string{"a", "other/drafts", "sub/b"}, 4},
		{[]string{"sub/*"}, []string{"a", "d", "drafts/c", "other/drafts", "README"}, 3},
		{[]string{"drafts/*/*.jsonl", "*.md"}, []string{"a", "drafts/c", "other/drafts", "sub/b", "sub/b.draft"}, 3},
	} {
		r, err := LoadDir(dir, LoadOptions{Exclude: tc.exclude})
		if err != nil {
			t.Fatalf("exclude %q: %v", tc.exclude, err)
		}
		got := ids(r.Docs)
		slices.Sort(got)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) || r.Excluded != tc.excluded {
			t.Errorf("exclude %q: ids %q, %d excluded; want %q, %d", tc.exclude, got, r.Excluded, want, tc.excluded)
		}
		if tc.excluded > 0 && !strings.Contains(r.Summary(), fmt.Sprintf("(%d excluded)", tc.excluded)) {
			t.Errorf("exclude %q: summary %q does not say so", tc.exclude, r.Summary())
		}
	}
	for _, bad := range []string{"[", "", "sub/[a-"} {
		if _, err := LoadDir(dir, LoadOptions{Exclude: []string{"a.txt", bad}}); err == nil {
			t.Errorf("exclude %q: no error", bad)
		}
	}
}

func TestLoadDirErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"file.txt": "A title\nbody"})
	for _, tc := range []struct {
		dir  string
		want string
		is   error
	}{
		{filepath.Join(dir, "missing"), "documents folder " + filepath.Join(dir, "missing") + ": no such file or directory", fs.ErrNotExist},
		{filepath.Join(dir, "file.txt"), "documents folder " + filepath.Join(dir, "file.txt") + ": not a directory", nil},
	} {
		r, err := LoadDir(tc.dir, LoadOptions{})
		if err == nil {
			t.Errorf("LoadDir(%q) = %d docs, want error", tc.dir, len(r.Docs))
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("LoadDir(%q) error = %q, want %q", tc.dir, err, tc.want)
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("LoadDir(%q) error %v is not %v", tc.dir, err, tc.is)
		}
	}
}

// TestLoadDirAccepted checks what a good .jsonl line becomes.
func TestLoadDirAccepted(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"docs.jsonl": "\uFEFF" + strings.Join([]string{
		`{"id":"full","lang":"EN-gb","title":"  Putin meets Modi ","body":"Moscow.","url":"https://example.org/1","published":"2024-10-29T09:30:00+05:30","label":"world","parallel_group":"g1"}`,
		`{"id":"dated","title":"Only a date","published":"2024-10-29"}`,
		`{"id":"bn","title":"","body":"ভারত ও রাশিয়ার বৈঠক (India-Russia)"}`,
		`{"id":"hi","title":"रूस के साथ बैठक","body":""}` + "\r",
		``,
		`{"id":"ru","title":"Путин","body":"Москва"}`,
		`{"id":"ar","title":"بوتين","body":"موسكو"}`,
		`{"id":"num","title":"2024","body":"১২৩ ४५६"}`,
		`{"ID":"case","Title":"Keys match case-insensitively, as in encoding/json"}`,
	}, "\n")})
	r, err := LoadDir(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Skipped) > 0 {
		t.Fatalf("skipped %v", problems(dir, r))
	}
	ist := time.FixedZone("", 5*3600+1800)
	want := []Document{
		{ID: "full", Lang: "en-GB", Title: "Putin meets Modi", Body: "Moscow.", URL: "https://example.org/1",
			Published: time.Date(2024, 10, 29, 9, 30, 0, 0, ist), Scripts: []string{"Latn"}},
		{ID: "dated", Lang: "en", Title: "Only a date", Published: time.Date(2024, 10, 29, 0, 0, 0, 0, time.UTC), Scripts: []string{"Latn"}},
		{ID: "bn", Lang: "bn", Body: "ভারত ও রাশিয়ার বৈঠক (India-Russia)", Scripts: []string{"Beng", "Latn"}},
		{ID: "hi", Lang: "hi", Title: "रूस के साथ बैठक", Scripts: []string{"Deva"}},
		{ID: "ru", Lang: "ru", Title: "Путин", Body: "Москва", Scripts: []string{"Cyrl"}},
		{ID: "ar", Lang: "ur", Title: "بوتين", Body: "موسكو", Scripts: []string{"Arab"}},
		{ID: "num", Lang: "und", Title: "2024", Body: "১২৩ ४५६", Scripts: []string{}},
		{ID: "case", Lang: "en", Title: "Keys match case-insensitively, as in encoding/json", Scripts: []string{"Latn"}},
	}
	if len(r.Docs) != len(want) {
		t.Fatalf("loaded %q, want %d documents", ids(r.Docs), len(want))
	}
	for i, w := range want {
		g := r.Docs[i]
		if g.ID != w.ID || g.Lang != w.Lang || g.Title != w.Title || g.Body != w.Body || g.URL != w.URL ||
			!g.Published.Equal(w.Published) || !slices.Equal(g.Scripts, w.Scripts) || g.Scripts == nil {
			t.Errorf("doc %d =\n%+v\nwant\n%+v", i, g, w)
		}
	}
}

func TestSplitText(t *testing.T) {
	long := strings.Repeat("शब्द ", 40) // 200 runes on one line
	for _, tc := range []struct {
		name, text  string
		markdown    bool
		title, body string
	}{
		{"first line", "Title here\n\nBody one.\nBody two.\n", false, "Title here", "Body one.\nBody two."},
		{"leading blank lines", "\n\n  Title  \nbody", false, "Title", "body"},
		{"stray symbol first", "×\n\nभारत-रूस बैठक\n\nबैठक हुई।", false, "भारत-रूस बैठक", "बैठक हुई।"},
		{"two letters are not a title", "ab\n12 34\n--\nReal title\nbody", false, "Real title", "body"},
		{"marks are not letters", "\u0901\u0902\u093e\u093f\nकखग\nbody", false, "कखग", "body"},
		{"no title line", "12\n× ·\n", false, "", "12\n× ·"},
		{"title only", "Just a title\n", false, "Just a title", ""},
		{"CRLF", "Title\r\nline 1\r\nline 2\r\n", false, "Title", "line 1\nline 2"},
		{"150 runes is a title", strings.Repeat("a", 150) + "\nbody", false, strings.Repeat("a", 150), "body"},
		{"long first line", long + "\nsecond", false, strings.TrimSpace(strings.Repeat("शब्द ", 20)) + "…", long + "\nsecond"},
		{"long word", strings.Repeat("x", 200), false, strings.Repeat("x", 100) + "…", strings.Repeat("x", 200)},
		{"cut drops trailing dash", strings.Repeat("abcd ", 19) + "abcd — " + strings.Repeat("efgh ", 20), false, strings.TrimSpace(strings.Repeat("abcd ", 20)) + "…", strings.TrimSpace(strings.Repeat("abcd ", 19) + "abcd — " + strings.Repeat("efgh ", 20))},
		{"markdown heading", "# Heading\n\ntext", true, "Heading", "text"},
		{"markdown closed heading", "### Heading ###\ntext", true, "Heading", "text"},
		{"markdown hashtag kept", "#hashtag line\ntext", true, "#hashtag line", "text"},
		{"markdown setext heading", "Heading\n=======\n\ntext\n---\nmore", true, "Heading", "text\n---\nmore"},
		{"txt keeps #", "# Heading\ntext", false, "# Heading", "text"},
		{"txt keeps underline", "Heading\n===\ntext", false, "Heading", "===\ntext"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			title, body := splitText(tc.text, tc.markdown)
			if title != tc.title || body != tc.body {
				t.Errorf("splitText(%q) =\n%q, %q\nwant\n%q, %q", tc.text, title, body, tc.title, tc.body)
			}
		})
	}
}

// FuzzSplitText checks invariants: valid UTF-8 in, valid UTF-8 out; a title
// is one line of at most titleMaxRunes runes, or a cut one ending in "…".
func FuzzSplitText(f *testing.F) {
	for _, s := range []string{"Title\nbody", "×\n\nकखग", strings.Repeat("শব্দ ", 60), strings.Repeat("क\u093f", 120), "\r\n\r\n"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, text string, markdown bool) {
		if !utf8.ValidString(text) {
			return
		}
		title, body := splitText(text, markdown)
		if !utf8.ValidString(title) || !utf8.ValidString(body) {
			t.Fatalf("splitText(%q) = %q, %q: invalid UTF-8", text, title, body)
		}
		if strings.Contains(title, "\n") {
			t.Fatalf("splitText(%q) title %q has a line break", text, title)
		}
		if n := utf8.RuneCountInString(title); n > titleMaxRunes && !(strings.HasSuffix(title, "…") && n <= titleCutRunes+1) {
			t.Fatalf("splitText(%q) title %q has %d runes", text, title, n)
		}
		if title != "" && !strings.HasSuffix(title, "…") && !hasLetters(title, titleMinLetters) {
			t.Fatalf("splitText(%q) title %q has too few letters", text, title)
		}
	})
}

func TestScriptsOf(t *testing.T) {
	for _, tc := range []struct {
		text    string
		scripts []string
		lang    string
	}{
		{"ভারত ও রাশিয়া", []string{"Beng"}, "bn"},
		{"भारत और रूस के बीच बैठक (India-Russia)", []string{"Deva", "Latn"}, "hi"},
		{"रूसी नीति India", []string{"Deva", "Latn"}, "hi"}, // vowel signs count: 8 Devanagari runes, 5 Latin
		{"Hero Vida V1 price hike: Fame 2 सब्सिडी में कटौती", []string{"Deva", "Latn"}, "en"},
		{"Путин в Москве", []string{"Cyrl"}, "ru"},
		{"Putin in Moscow", []string{"Latn"}, "en"},
		{"Crème brûlée", []string{"Latn"}, "en"},
		{"ab कख", []string{"Deva", "Latn"}, "hi"},                // a tie goes to the non-Latin script
		{"بوتين في موسكو Putin", []string{"Arab", "Latn"}, "ur"}, // the Arabic script is taken for Urdu
		{"புடின்", []string{"Taml"}, "ta"},
		{"ਪੂਤਿਨ ਮਾਸਕੋ ਵਿੱਚ", []string{"Guru"}, "pa"},
		{"પુતિન", []string{"Gujr"}, "gu"},
		{"ପୁଟିନ", []string{"Orya"}, "or"},
		{"పుతిన్", []string{"Telu"}, "te"},
		{"ಪುಟಿನ್", []string{"Knda"}, "kn"},
		{"പുടിൻ മോസ്കോയിൽ", []string{"Mlym"}, "ml"},
		{"پیوٹن ماسکو میں", []string{"Arab"}, "ur"},
		{"ปูตินในมอสโก", []string{}, "und"}, // Thai: a script lipi does not read
		{"১২৩ 456 — ×", []string{}, "und"},
		{"", []string{}, "und"},
	} {
		scripts, dominant := scriptsOf(tc.text)
		if !slices.Equal(scripts, tc.scripts) || langOfScript(dominant) != tc.lang {
			t.Errorf("scriptsOf(%q) = %q, %v (lang %s); want %q, lang %s", tc.text, scripts, dominant, langOfScript(dominant), tc.scripts, tc.lang)
		}
	}
}

func TestParseLang(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"hi", "hi", true}, {"bn", "bn", true}, {"en", "en", true}, {"und", "und", true},
		{"EN", "en", true}, {"en-us", "en-US", true}, {"sr-Cyrl", "sr-Cyrl", true}, {" hi ", "hi", true},
		{"iw", "iw", true}, // deprecated codes are kept as given
		{"xx", "", false}, {"hindi", "", false}, {"e", "", false}, {"en_US", "", false},
		{"x-private", "", false}, {"i-klingon", "", false}, {"en-", "", false}, {"en--us", "", false}, {"", "", false},
	} {
		got, ok := parseLang(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseLang(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParsePublished(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2024-10-29", time.Date(2024, 10, 29, 0, 0, 0, 0, time.UTC), true},
		{"2024-10-29T04:00:00Z", time.Date(2024, 10, 29, 4, 0, 0, 0, time.UTC), true},
		{"2024-10-29T09:30:00.5+05:30", time.Date(2024, 10, 29, 4, 0, 0, 5e8, time.UTC), true},
		{"2024-10-29T09:30:00", time.Time{}, false},
		{"2024-02-30", time.Time{}, false},
		{"29 Oct 2024", time.Time{}, false},
		{"1730000000", time.Time{}, false},
	} {
		got, ok := parsePublished(tc.in)
		if ok != tc.ok || !got.Equal(tc.want) {
			t.Errorf("parsePublished(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSummary(t *testing.T) {
	for _, tc := range []struct {
		r    LoadResult
		want string
	}{
		{LoadResult{}, "loaded 0 documents from 0 files"},
		{LoadResult{Docs: make([]Document, 1), Loaded: 1, Files: 1}, "loaded 1 document from 1 file"},
		{LoadResult{
			Docs: make([]Document, 3), Loaded: 3, Files: 3,
			Skipped: []LoadProblem{
				{"d/a.txt", 2, ReasonMalformedUTF8},
				{"d/b.jsonl", 4, `duplicate id "x" (first in d/b.jsonl:1)`},
			},
			SkippedByReason: map[string]int{ReasonMalformedUTF8: 1, ReasonDuplicateID: 1},
		}, "loaded 3 documents from 3 files; skipped 2 (1 malformed UTF-8, 1 duplicate id)"},
		{LoadResult{
			Docs: make([]Document, 10), Loaded: 10, Files: 2,
			Skipped: []LoadProblem{
				{"d/b.jsonl", 1, "bad JSON: x"},
				{"d/b.jsonl", 2, ReasonEmptyText},
				{"d/b.jsonl", 3, ReasonEmptyText},
			},
			SkippedByReason: map[string]int{ReasonBadJSON: 1, ReasonEmptyText: 2},
		}, "loaded 10 documents from 2 files; skipped 3 (2 empty text, 1 bad JSON)"},
	} {
		if got := tc.r.Summary(); got != tc.want {
			t.Errorf("Summary() = %q, want %q", got, tc.want)
		}
	}
}

func TestLoadProblemString(t *testing.T) {
	for _, tc := range []struct {
		p    LoadProblem
		want string
	}{
		{LoadProblem{"docs/a.jsonl", 3, "bad lang"}, "docs/a.jsonl:3: bad lang"},
		{LoadProblem{"docs/empty.txt", 0, "empty text"}, "docs/empty.txt: empty text"},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
		if got := tc.p.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

// TestLoadSeeds loads the seed articles shipped in the repository.
func TestLoadSeeds(t *testing.T) {
	r, err := LoadDir("../seeds", LoadOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id, lang string
		scripts  []string
	}{
		{"000_311e7184e0d3fb2c", "bn", []string{"Beng", "Latn"}},
		{"001_5bda542212b799a6", "hi", []string{"Deva"}},
		{"002_8f31fcb20962f3e1", "hi", []string{"Deva", "Latn"}},
	}
	if len(r.Docs) != len(want) || r.Files != len(want) {
		t.Fatalf("loaded %q from %d files, want %d documents", ids(r.Docs), r.Files, len(want))
	}
	for i, w := range want {
		d := r.Docs[i]
		if d.ID != w.id || d.Lang != w.lang || !slices.Equal(d.Scripts, w.scripts) {
			t.Errorf("seed %d = %s %s %q, want %s %s %q", i, d.ID, d.Lang, d.Scripts, w.id, w.lang, w.scripts)
		}
		if d.Body == "" || strings.Contains(d.Title, "\n") {
			t.Errorf("seed %s: title %q, body %d bytes", d.ID, d.Title, len(d.Body))
		}
	}

	// 000: the headline is the first line.
	raw := readSeed(t, want[0].id)
	first, rest, _ := strings.Cut(raw, "\n")
	if d := r.Docs[0]; d.Title != first || d.Body != strings.TrimSpace(rest) {
		t.Errorf("seed 000 title = %q, want its first line %q", d.Title, first)
	}

	// 001: the first line "×" is not the title; the headline after it is.
	if d := r.Docs[1]; d.Title != "भारत-रूस रक्षा सहयोग पर महत्वपूर्ण बैठक का आयोजन" || strings.Contains(d.Body, "×") {
		t.Errorf("seed 001 title = %q (body starts %q)", d.Title, firstRunes(d.Body, 40))
	}

	// 002: no headline; the first line is 392 runes long, so the title is its
	// first words and the whole text is the body.
	raw = readSeed(t, want[2].id)
	d := r.Docs[2]
	const title002 = "नई दिल्ली/मॉस्को — भारत और रूस ने बुधवार को नई दिल्ली में सैन्य एवं सैन्य-तकनीकी सहयोग पर…"
	if d.Title != title002 {
		t.Errorf("seed 002 title = %q, want %q", d.Title, title002)
	}
	cut := strings.TrimSuffix(d.Title, "…")
	line := strings.TrimSpace(raw)
	if n := utf8.RuneCountInString(d.Title); n > titleCutRunes+1 || !strings.HasPrefix(line, cut) || line[len(cut)] != ' ' {
		t.Errorf("seed 002 title %q (%d runes) is not a cut at a word boundary of its first line", d.Title, n)
	}
	if d.Body != strings.TrimSpace(raw) {
		t.Errorf("seed 002 body is not the whole text")
	}
}

func readSeed(t *testing.T, id string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "seeds", id+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func firstRunes(s string, n int) string { return s[:runeOffset(s, n)] }

const corpusDir = "../../shared/corpus"

// TestLoadCorpusLines loads the first lines of the UD Hindi PUD corpus as
// they are, extra keys and all.
func TestLoadCorpusLines(t *testing.T) {
	src := filepath.Join(corpusDir, "ud-hindi-pud.jsonl")
	f, err := os.Open(src)
	if err != nil {
		t.Skipf("%s absent: %v", corpusDir, err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, MaxLineBytes)
	for len(lines) < 20 && sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"pud.jsonl": strings.Join(lines, "\n") + "\n"})
	r, err := LoadDir(dir, LoadOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Docs) != len(lines) {
		t.Fatalf("loaded %d documents from %d lines", len(r.Docs), len(lines))
	}
	for _, d := range r.Docs {
		wantScript := map[string]string{"hi": "Deva", "en": "Latn"}[d.Lang]
		if d.ID == "" || d.Body == "" || wantScript == "" || !slices.Contains(d.Scripts, wantScript) {
			t.Errorf("document %s: lang %q, scripts %q, body %d bytes", d.ID, d.Lang, d.Scripts, len(d.Body))
		}
		if !strings.HasSuffix(d.ID, "-"+d.Lang) {
			t.Errorf("document %s has lang %q", d.ID, d.Lang)
		}
	}
}

// TestLoadCorpus loads the whole benchmark corpus folder: the loader
// contract says it reads these files as they are, so nothing is skipped.
func TestLoadCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("long: loads the whole benchmark corpus")
	}
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("%s absent: %v", corpusDir, err)
	}
	r, err := LoadDir(corpusDir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Skipped) > 0 {
		t.Errorf("%s; first: %v", r.Summary(), r.Skipped[0])
	}
	langs := map[string]int{}
	for _, d := range r.Docs {
		langs[d.Lang]++
	}
	t.Logf("%s; languages %v", r.Summary(), langs)
	if len(r.Docs) < 80000 || langs["bn"] == 0 || langs["hi"] == 0 || langs["en"] == 0 {
		t.Errorf("loaded %d documents, languages %v", len(r.Docs), langs)
	}
}

func ExampleLoadDir() {
	r, err := LoadDir("testdata/loader", LoadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Summary())
	for _, p := range r.Skipped {
		fmt.Println(p)
	}
	for _, d := range r.Docs {
		fmt.Printf("%s [%s %s] %s\n", d.ID, d.Lang, strings.Join(d.Scripts, ","), d.Title)
	}
	// Output:
	// loaded 3 documents from 3 files; skipped 2 (1 bad JSON, 1 duplicate id)
	// testdata/loader/news.jsonl:2: bad JSON: unexpected end of JSON input
	// testdata/loader/news.jsonl:3: duplicate id "a-note" (first in testdata/loader/a-note.txt)
	// a-note [bn Beng] ভারত-রাশিয়া প্রতিরক্ষা বৈঠক
	// news/1 [en Latn] India and Russia hold defence talks
	// sub/hindi [hi Deva] रूस के साथ रक्षा बैठक
}

// TestLoadDirOnDoc: with OnDoc, the documents come to it one at a time in
// the order Docs would hold them, Docs stays empty and Loaded counts them;
// an error from OnDoc stops the loading and is LoadDir's error.
func TestLoadDirOnDoc(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.txt":       "A title\nA body",
		"b.jsonl":     `{"id":"b1","title":"B one"}` + "\n" + `{"id":"b1","title":"again"}` + "\n" + `{"id":"b2","title":"B two"}`,
		"c/deeper.md": "# C\n\nbody",
	})
	whole, err := LoadDir(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var streamed []Document
	r, err := LoadDir(dir, LoadOptions{OnDoc: func(d Document) error {
		streamed = append(streamed, d)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(streamed, whole.Docs, func(a, b Document) bool { return reflect.DeepEqual(a, b) }) {
		t.Errorf("OnDoc got %q, Docs %q", ids(streamed), ids(whole.Docs))
	}
	if len(r.Docs) != 0 || r.Loaded != len(whole.Docs) || whole.Loaded != len(whole.Docs) || r.Summary() != whole.Summary() {
		t.Errorf("streamed: %d in Docs, Loaded %d, %q; whole: Loaded %d, %q", len(r.Docs), r.Loaded, r.Summary(), whole.Loaded, whole.Summary())
	}

	stop := errors.New("disk full")
	n := 0
	_, err = LoadDir(dir, LoadOptions{OnDoc: func(Document) error {
		if n++; n == 2 {
			return stop
		}
		return nil
	}})
	if !errors.Is(err, stop) || n != 2 {
		t.Errorf("an OnDoc error at the second document: %v after %d documents, want %v after 2", err, n, stop)
	}
}
