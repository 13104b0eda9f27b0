// Package indextest holds what the tests of lipi's index package and of the
// lipi command share: folders of generated documents in three scripts,
// damaged copies of an index, and checks of what a rebuild leaves beside
// the index it replaced. It does not import package index (whose own tests
// use it): it works on files, and on bleve for an index that is not lipi's.
//
// Files:
//
//   - indextest.go: generated documents ([WriteDocs], [Query]), hits
//     in a comparable form ([HitLines]), and the rebuild's leftovers
//     ([LiveDir], [Siblings], [CheckClean]).
//   - damage.go: [DamagedIndexes], damaged copies of a good index and
//     other things that are not indexes, such as a [ForeignBleve] index.
package indextest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// Vocabulary of the generated documents, and the name that Query looks for
// in three scripts.
var (
	genWords = map[string][]string{
		"en": strings.Fields("government minister meeting election river city market school court police festival rain cricket team report budget farmers village hospital train bridge water power road"),
		"hi": strings.Fields("सरकार मंत्री बैठक चुनाव नदी शहर बाज़ार स्कूल अदालत पुलिस त्योहार बारिश क्रिकेट टीम रिपोर्ट बजट किसान गांव अस्पताल ट्रेन पुल पानी बिजली सड़क"),
		"bn": strings.Fields("সরকার মন্ত্রী বৈঠক নির্বাচন নদী শহর বাজার স্কুল আদালত পুলিশ উৎসব বৃষ্টি ক্রিকেট দল প্রতিবেদন বাজেট কৃষক গ্রাম হাসপাতাল ট্রেন সেতু জল বিদ্যুৎ রাস্তা"),
	}
	genName = map[string]string{"en": "Dikshit", "hi": "दीक्षित", "bn": "দীক্ষিত"}
)

// Query finds the generated documents that name one person, in any of the
// three scripts: every 23rd.
const Query = "Dikshit"

// WriteDocs writes n generated documents (English, Hindi and Bengali in
// turn, every 23rd naming Query's person) of about words words each into
// files .jsonl files in dir. The same arguments always write the same
// files.
func WriteDocs(t testing.TB, dir string, n, files, words int) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(n), uint64(words)))
	langs := []string{"en", "hi", "bn"}
	var bufs = make([]strings.Builder, files)
	for i := range n {
		lang := langs[i%3]
		vocab := genWords[lang]
		text := func(k int) string {
			w := make([]string, k)
			for j := range w {
				w[j] = vocab[rng.IntN(len(vocab))]
			}
			if i%23 == 0 {
				w[rng.IntN(k)] = genName[lang]
			}
			return strings.Join(w, " ")
		}
		line, _ := json.Marshal(map[string]string{
			"id": fmt.Sprintf("doc-%05d", i), "lang": lang, "title": text(6), "body": text(words),
		})
		b := &bufs[i*files/n]
		b.Write(line)
		b.WriteByte('\n')
	}
	for i := range bufs {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("part-%d.jsonl", i)), []byte(bufs[i].String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Hit is one hit of a search: its document's id and its score.
type Hit struct {
	ID    string
	Score float64
}

// HitLines is a search's total and hits as "total N" and "id score" lines,
// ordered by score then id (hits that tie may come in any order), so that
// two searches can be compared.
func HitLines(total uint64, hits []Hit) []string {
	type line struct{ id, score string }
	lines := make([]line, len(hits))
	for i, h := range hits {
		lines[i] = line{h.ID, fmt.Sprintf("%.4f", h.Score)}
	}
	sort.Slice(lines, func(i, j int) bool {
		if lines[i].score != lines[j].score {
			return lines[i].score > lines[j].score
		}
		return lines[i].id < lines[j].id
	})
	out := []string{fmt.Sprintf("total %d", total)}
	for _, l := range lines {
		out = append(out, l.id+" "+l.score)
	}
	return out
}

// LiveDir is the directory the link at path points to.
func LiveDir(t testing.TB, path string) string {
	t.Helper()
	target, err := os.Readlink(path)
	if err != nil {
		t.Fatalf("%s is not a link: %v", path, err)
	}
	return target
}

// Siblings lists the names beside path that start with its name.
func Siblings(t testing.TB, path string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), filepath.Base(path)) {
			out = append(out, e.Name())
		}
	}
	return out
}

// CheckClean checks that beside path there are only the link, its one
// build directory, the lock file and the names in extra (and the lock
// that readers and writers of the index share, once one opened it).
func CheckClean(t testing.TB, path string, extra ...string) {
	t.Helper()
	base := filepath.Base(path)
	want := append([]string{base, LiveDir(t, path), base + ".lock"}, extra...)
	slices.Sort(want)
	got := slices.DeleteFunc(Siblings(t, path), func(name string) bool { return name == base+".writer.lock" })
	if !slices.Equal(got, want) {
		t.Errorf("beside the index: %q, want %q", got, want)
	}
}
