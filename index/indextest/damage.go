package indextest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// DamagedQueries are the searches to run against every damaged index: the
// name of the generated documents, and common words of each language.
var DamagedQueries = []string{Query, "সরকার", "सरकार", "government"}

// DamagedIndexes writes generated documents into dir, has build make a
// good index of them (build(docs, path) builds the folder docs into an
// index at path: a directory, or a link to one), and makes damaged copies
// of that index in dir, and other things that are not indexes; it returns
// their paths by name. Every name that starts with "noisy segment" is an
// index with noise inside its segment, which may open; the others must
// not.
func DamagedIndexes(t testing.TB, dir string, build func(docs, path string)) map[string]string {
	t.Helper()
	docs := filepath.Join(dir, "docs")
	WriteDocs(t, docs, 300, 1, 20)
	good := filepath.Join(dir, "good")
	build(docs, good)
	good, err := filepath.EvalSymlinks(good)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	damage := func(name string, f func(p string)) {
		p := filepath.Join(dir, name)
		if err := os.CopyFS(p, os.DirFS(good)); err != nil {
			t.Fatal(err)
		}
		f(p)
		out[name] = p
	}
	zap := func(p string) string {
		m, _ := filepath.Glob(filepath.Join(p, "store", "*.zap"))
		if len(m) == 0 {
			t.Fatalf("no segment file in %s", p)
		}
		return m[0]
	}
	damage("garbage meta", func(p string) { os.WriteFile(filepath.Join(p, "index_meta.json"), []byte("{garbage"), 0o644) })
	damage("truncated bolt", func(p string) { os.Truncate(filepath.Join(p, "store", "root.bolt"), 100) })
	damage("garbage bolt", func(p string) { os.WriteFile(filepath.Join(p, "store", "root.bolt"), noise(1, 65536), 0o600) })
	damage("no store", func(p string) { os.RemoveAll(filepath.Join(p, "store")) })
	damage("truncated segment", func(p string) { os.Truncate(zap(p), 1000) })
	damage("empty segment", func(p string) { os.Truncate(zap(p), 0) })
	damage("missing segment", func(p string) { os.Remove(zap(p)) })
	for i := 1; i < 12; i++ {
		// Noise inside a segment may go unnoticed by a query, fail it or
		// make bleve panic: the search must never crash.
		damage(fmt.Sprintf("noisy segment %02d", i), func(p string) {
			z := zap(p)
			data, err := os.ReadFile(z)
			if err != nil {
				t.Fatal(err)
			}
			at := i * len(data) / 12
			copy(data[at:], noise(uint64(i), 4000))
			os.WriteFile(z, data, 0o600)
		})
	}

	out["bleve index not lipi's"] = filepath.Join(dir, "other bleve")
	ForeignBleve(t, out["bleve index not lipi's"], Query)
	out["empty folder"] = filepath.Join(dir, "empty")
	out["foreign folder"] = filepath.Join(dir, "foreign")
	out["file"] = filepath.Join(dir, "file")
	for _, p := range []string{out["empty folder"], out["foreign folder"]} {
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{filepath.Join(out["foreign folder"], "notes.txt"), out["file"]} {
		if err := os.WriteFile(p, []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out["dangling link"] = filepath.Join(dir, "dangling")
	os.Symlink("nowhere", out["dangling link"])
	out["missing"] = filepath.Join(dir, "missing")
	return out
}

// ForeignBleve makes a bleve index at path that lipi did not build: bleve's
// own mapping, one document of text.
func ForeignBleve(t testing.TB, path, text string) {
	t.Helper()
	b, err := bleve.New(path, bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Index("x", map[string]string{"text": text}); err != nil {
		t.Fatal(err)
	}
}

func noise(seed uint64, n int) []byte {
	rng := rand.New(rand.NewPCG(seed, 42))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}
