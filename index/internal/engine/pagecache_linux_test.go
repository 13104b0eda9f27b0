package engine

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"golang.org/x/sys/unix"
)

// mappedSegmentKB is how much of the segment files of the index at dir
// this process has mapped and resident (its RSS for them), and their size,
// from /proc/self/smaps.
func mappedSegmentKB(t *testing.T, dir string) (rss, size int) {
	t.Helper()
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	store := filepath.Join(dir, "store") + string(filepath.Separator)
	inSegment := false
	for _, line := range strings.Split(string(smaps), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if !strings.HasSuffix(f[0], ":") { // a mapping's header line
			inSegment = len(f) >= 6 && strings.HasPrefix(f[5], store) && strings.HasSuffix(f[5], ".zap")
			continue
		}
		if !inSegment || len(f) < 2 {
			continue
		}
		kb, _ := strconv.Atoi(f[1])
		switch f[0] {
		case "Rss:":
			rss += kb
		case "Size:":
			size += kb
		}
	}
	return rss, size
}

// cachedShare is the share of path's pages in the page cache.
func cachedShare(t *testing.T, path string) float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	data, err := unix.Mmap(int(f.Fd()), 0, int(st.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(data)
	page := os.Getpagesize()
	vec := make([]byte, (len(data)+page-1)/page)
	if _, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&data[0])), uintptr(len(data)), uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		t.Fatal(errno)
	}
	cached := 0
	for _, v := range vec {
		cached += int(v & 1)
	}
	return float64(cached) / float64(len(vec))
}

// A build opens the segments of its batches with their pages dropped from
// the page cache (idOrderedPlugin.OpenUsing), so that the kernel maps only
// what is read of them, and leaves the merged segment cached; an index
// made without BuildConfig is left alone.
func TestBuildOpensSegmentsUncached(t *testing.T) {
	var fs unix.Statfs_t
	if err := unix.Statfs(t.TempDir(), &fs); err != nil {
		t.Fatal(err)
	}
	if fs.Type == unix.TMPFS_MAGIC {
		t.Skip("the temporary directory is on tmpfs, whose pages are the files: nothing to drop")
	}
	m := mapping.NewIndexMapping()
	m.DefaultAnalyzer = "standard"
	rng := rand.New(rand.NewPCG(1, 2))
	// Batches whose segments are several megabytes.
	batch := func(idx bleve.Index, from int) {
		b := idx.NewBatch()
		for i := range 4000 {
			words := make([]string, 40)
			for k := range words {
				words[k] = fmt.Sprintf("w%x", rng.IntN(1<<20))
			}
			if err := b.Index(fmt.Sprintf("d%06d", from+i), map[string]any{"body": strings.Join(words, " ")}); err != nil {
				t.Fatal(err)
			}
		}
		if err := idx.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	build := func(config map[string]any) (bleve.Index, string) {
		dir := filepath.Join(t.TempDir(), "idx")
		idx, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, config)
		if err != nil {
			t.Fatal(err)
		}
		batch(idx, 0)
		batch(idx, 4000)
		return idx, dir
	}
	config := BuildConfig()
	built, dir := build(config)
	defer built.Close()
	other, otherDir := build(unmergingConfig())
	defer other.Close()

	builtRSS, builtSize := mappedSegmentKB(t, dir)
	otherRSS, otherSize := mappedSegmentKB(t, otherDir)
	t.Logf("segments mapped and resident: built %d of %d KB, without BuildConfig %d of %d KB", builtRSS, builtSize, otherRSS, otherSize)
	if builtSize == 0 || otherSize == 0 {
		t.Fatal("no segment file mapped")
	}
	if otherRSS*4 < otherSize {
		t.Skip("this kernel maps little of a cached segment anyway: nothing to compare")
	}
	if builtRSS*2 > otherRSS {
		t.Errorf("built with BuildConfig, %d KB of the segments resident, against %d KB without: want them read from disk, only what is read mapped", builtRSS, otherRSS)
	}

	if err := MergeToOneSegment(built, dir, config); err != nil {
		t.Fatal(err)
	}
	paths, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if err != nil || len(paths) != 1 {
		t.Fatalf("merged: segment files %v (%v)", paths, err)
	}
	if share := cachedShare(t, paths[0]); share < 0.9 {
		t.Errorf("the merged segment: %.0f%% cached, want it left cached for the searches that come next", 100*share)
	}
}

// mappingKB is this process's resident KB of its mappings of path, from
// /proc/self/smaps.
func mappingKB(t *testing.T, path string) int {
	t.Helper()
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	rss, in := 0, false
	for _, line := range strings.Split(string(smaps), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if !strings.HasSuffix(f[0], ":") {
			in = len(f) >= 6 && f[5] == path
			continue
		}
		if in && f[0] == "Rss:" && len(f) >= 2 {
			kb, _ := strconv.Atoi(f[1])
			rss += kb
		}
	}
	return rss
}

// unmapPages takes a mapped file's pages out of the resident set, and the
// mapping still reads the file.
func TestUnmapPages(t *testing.T) {
	path, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(path, "data")
	want := make([]byte, 4<<20)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range want {
		want[i] = byte(rng.Uint32())
	}
	if err := os.WriteFile(path, want, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := unix.Mmap(int(f.Fd()), 0, len(want), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(data)
	if string(data) != string(want) {
		t.Fatal("the mapping does not read the file")
	}
	before := mappingKB(t, path)
	if before < len(want)/1024/2 {
		t.Skipf("only %d KB of the file resident after reading it all: nothing to take out", before)
	}
	if n := unmapPages(map[string]bool{path: true, "/no/such/file": true}); n != 1 {
		t.Errorf("unmapPages found %d mappings, want 1", n)
	}
	if after := mappingKB(t, path); after*8 > before {
		t.Errorf("resident after unmapPages: %d KB of %d KB", after, before)
	}
	if string(data) != string(want) {
		t.Error("after unmapPages, the mapping no longer reads the file")
	}
}

// A build's final merge keeps its input segments unmapped as it goes
// (keepUnmapped).
func TestBuildMergeUnmapsInputs(t *testing.T) {
	m := mapping.NewIndexMapping()
	m.DefaultAnalyzer = "standard"
	dir := filepath.Join(t.TempDir(), "idx")
	config := BuildConfig()
	idx, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, config)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	for i := range 3 {
		if err := idx.Index(fmt.Sprint("d", i), map[string]any{"body": fmt.Sprint("word ", i)}); err != nil {
			t.Fatal(err)
		}
	}
	before := unmapPasses.Load()
	if err := MergeToOneSegment(idx, dir, config); err != nil {
		t.Fatal(err)
	}
	if unmapPasses.Load() == before {
		t.Error("the merge of a build found none of its input segments mapped to unmap")
	}
}

// UnmapSegments takes the pages of an index's segment files out of the
// resident set, and the index still answers.
func TestUnmapSegments(t *testing.T) {
	m := mapping.NewIndexMapping()
	m.DefaultAnalyzer = "standard"
	dir := filepath.Join(t.TempDir(), "idx")
	idx, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, unmergingConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	for batch := range 2 {
		b := idx.NewBatch()
		for i := range 2000 {
			if err := b.Index(fmt.Sprintf("d%d-%d", batch, i), map[string]any{"body": fmt.Sprintf("word%d common", i)}); err != nil {
				t.Fatal(err)
			}
		}
		if err := idx.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	count := func() uint64 {
		res, err := idx.Search(bleve.NewSearchRequest(bleve.NewMatchQuery("common")))
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if n := count(); n != 4000 {
		t.Fatalf("before: %d hits, want 4000", n)
	}
	before, _ := mappedSegmentKB(t, dir)
	if before == 0 {
		t.Skip("no segment page resident: nothing to take out")
	}
	if n := UnmapSegments(dir); n == 0 {
		t.Error("UnmapSegments found no segment mapped")
	}
	if after, _ := mappedSegmentKB(t, dir); after*4 > before {
		t.Errorf("resident after UnmapSegments: %d KB of %d KB", after, before)
	}
	if n := count(); n != 4000 {
		t.Errorf("after: %d hits, want 4000", n)
	}
}
