package index

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// The end-to-end tests here run the lipi binary on real directories and
// kill it with SIGKILL; they skip under -short.

var lipiBin struct {
	once sync.Once
	dir  string // removed by TestMain
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if lipiBin.dir != "" {
		os.RemoveAll(lipiBin.dir)
	}
	os.Exit(code)
}

// lipiBinary builds the lipi command once per test run and returns its
// path; it skips the test under -short.
func lipiBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end: builds and runs the lipi binary; skipped under -short")
	}
	lipiBin.once.Do(func() {
		lipiBin.dir, lipiBin.err = os.MkdirTemp("", "lipi-test-bin-")
		if lipiBin.err != nil {
			return
		}
		lipiBin.path = filepath.Join(lipiBin.dir, "lipi")
		out, err := exec.Command("go", "build", "-o", lipiBin.path, "github.com/lipisearch/lipi").CombinedOutput()
		if err != nil {
			lipiBin.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if lipiBin.err != nil {
		t.Fatal(lipiBin.err)
	}
	return lipiBin.path
}

// lipiRun is one finished run of the lipi binary.
type lipiRun struct {
	stdout, stderr string
	code           int
}

// runLipi runs the binary with args (and extra environment) to its end.
func runLipi(t *testing.T, bin string, env []string, args ...string) lipiRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := lipiRun{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("lipi %s: %v", strings.Join(args, " "), err)
	}
	return r
}

// mustIndex runs `lipi index` and fails the test unless it succeeds.
func mustIndex(t *testing.T, bin, docs, path string) lipiRun {
	t.Helper()
	r := runLipi(t, bin, nil, "index", "--docs", docs, "--index", path)
	if r.code != 0 {
		t.Fatalf("lipi index --docs %s --index %s: exit %d\n%s", docs, path, r.code, r.stderr)
	}
	return r
}

// startPaused starts `lipi index` with the test pause hook at point and
// returns once it has printed "paused at POINT". The process is killed when
// the test ends, if the test has not done it.
func startPaused(t *testing.T, bin, point, docs, path string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "index", "--docs", docs, "--index", path)
	cmd.Env = append(os.Environ(), pauseAtEnv+"="+point, pauseForEnv+"=5m")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-done
	})
	paused := make(chan struct{})
	var mu sync.Mutex
	var lines []string
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			mu.Lock()
			lines = append(lines, sc.Text())
			mu.Unlock()
			if sc.Text() == "paused at "+point {
				close(paused)
			}
		}
		cmd.Wait()
	}()
	select {
	case <-paused:
		return cmd
	case <-done:
	case <-time.After(time.Minute):
	}
	mu.Lock()
	defer mu.Unlock()
	t.Fatalf("lipi index with %s=%s never paused; stderr:\n%s", pauseAtEnv, point, strings.Join(lines, "\n"))
	return nil
}

// kill ends cmd with SIGKILL and waits until it is gone.
func kill(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 500; i++ { // the reader goroutine of startPaused waits
		if cmd.ProcessState != nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("pid %d still running after SIGKILL", cmd.Process.Pid)
}

// Vocabulary of the generated documents, and the name the test query
// looks for in three scripts.
var (
	genWords = map[string][]string{
		"en": strings.Fields("government minister meeting election river city market school court police festival rain cricket team report budget farmers village hospital train bridge water power road"),
		"hi": strings.Fields("सरकार मंत्री बैठक चुनाव नदी शहर बाज़ार स्कूल अदालत पुलिस त्योहार बारिश क्रिकेट टीम रिपोर्ट बजट किसान गांव अस्पताल ट्रेन पुल पानी बिजली सड़क"),
		"bn": strings.Fields("সরকার মন্ত্রী বৈঠক নির্বাচন নদী শহর বাজার স্কুল আদালত পুলিশ উৎসব বৃষ্টি ক্রিকেট দল প্রতিবেদন বাজেট কৃষক গ্রাম হাসপাতাল ট্রেন সেতু জল বিদ্যুৎ রাস্তা"),
	}
	genName = map[string]string{"en": "Dikshit", "hi": "दीक्षित", "bn": "দীক্ষিত"}
)

// testQuery finds the documents that name genName, in any script.
const testQuery = "Dikshit"

// writeDocs writes n generated documents (English, Hindi and Bengali in
// turn, every 23rd naming genName) of about words words each into files
// .jsonl files in dir. The same arguments always write the same files.
func writeDocs(t testing.TB, dir string, n, files, words int) {
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

// hitsOf opens the index at path and returns the hits of q as "id score"
// lines, ordered by score then id (ties may come in any order), and the
// total.
func hitsOf(t *testing.T, path, q string) []string {
	t.Helper()
	ix, err := Open(path)
	if err != nil {
		t.Fatalf("the index no longer opens: %v", err)
	}
	defer ix.Close()
	resp, err := ix.Search(context.Background(), Request{Query: q, Size: 100, NoHighlight: true})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	type hit struct {
		id    string
		score string
	}
	hits := make([]hit, len(resp.Hits))
	for i, h := range resp.Hits {
		hits[i] = hit{h.ID, fmt.Sprintf("%.4f", h.Score)}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].id < hits[j].id
	})
	out := []string{fmt.Sprintf("total %d", resp.Total)}
	for _, h := range hits {
		out = append(out, h.id+" "+h.score)
	}
	return out
}

// liveDir is the directory the link at path points to.
func liveDir(t *testing.T, path string) string {
	t.Helper()
	target, err := os.Readlink(path)
	if err != nil {
		t.Fatalf("%s is not a link: %v", path, err)
	}
	return target
}

// siblings lists the names beside path that start with its name.
func siblings(t *testing.T, path string) []string {
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

// checkClean checks that beside path there are only the link, its one
// build directory, the lock file and the names in extra.
func checkClean(t *testing.T, path string, extra ...string) {
	t.Helper()
	base := filepath.Base(path)
	want := append([]string{base, liveDir(t, path), base + ".lock"}, extra...)
	slices.Sort(want)
	if got := siblings(t, path); !slices.Equal(got, want) {
		t.Errorf("beside the index: %q, want %q", got, want)
	}
}

// TestRebuildKilled kills `lipi index` with SIGKILL at every pause point of
// a rebuild: the index keeps answering the same query with the same hits,
// and the next rebuild succeeds and clears what the killed one left.
func TestRebuildKilled(t *testing.T) {
	bin := lipiBinary(t)
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	writeDocs(t, docs, 3000, 3, 30)
	path := filepath.Join(dir, "data", "lipi.bleve")
	mustIndex(t, bin, docs, path)
	want := hitsOf(t, path, testQuery)
	if len(want) < 100 {
		t.Fatalf("query %q: %d hits, want at least 99 to compare", testQuery, len(want)-1)
	}
	// Not the index's: a later rebuild must leave it alone.
	foreign := filepath.Join(dir, "data", "lipi.bleve.backup")
	if err := os.WriteFile(foreign, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, point := range pausePoints {
		t.Run(point, func(t *testing.T) {
			before := liveDir(t, path)
			// What an older killed build left: the next rebuild removes it.
			stale := filepath.Join(dir, "data", "lipi.bleve.20000101T000000.000000000")
			if err := os.MkdirAll(filepath.Join(stale, "store"), 0o755); err != nil {
				t.Fatal(err)
			}
			cmd := startPaused(t, bin, point, docs, path)
			switch point {
			case "build":
				if n := len(siblings(t, path)); n < 5 {
					t.Errorf("paused in the build: %q, want a partial build directory", siblings(t, path))
				}
			case "swap1":
				if _, err := os.Lstat(linkTmp(path)); err != nil {
					t.Errorf("paused at swap1: %v, want the new link", err)
				}
			case "swap3":
				if _, err := os.Stat(filepath.Join(dir, "data", before)); err == nil {
					t.Errorf("paused at swap3: the previous index %s is still there", before)
				}
			}
			kill(t, cmd)

			after := liveDir(t, path)
			swapped := point == "swap2" || point == "swap3"
			if swapped == (after == before) {
				t.Errorf("killed at %s: the index points at %s (before: %s), want it swapped: %v", point, after, before, swapped)
			}
			if got := hitsOf(t, path, testQuery); !slices.Equal(got, want) {
				t.Errorf("killed at %s: hits of %q changed:\n got %q\nwant %q", point, testQuery, got, want)
			}
			mustIndex(t, bin, docs, path)
			if got := hitsOf(t, path, testQuery); !slices.Equal(got, want) {
				t.Errorf("the rebuild after a kill at %s: hits of %q changed:\n got %q\nwant %q", point, testQuery, got, want)
			}
			checkClean(t, path, filepath.Base(foreign))
		})
	}
}

// TestRebuildLock: a second rebuild of an index refuses at once, naming
// the running one, and leaves its partial build alone; once the first is
// killed, its lock no longer blocks.
func TestRebuildLock(t *testing.T) {
	bin := lipiBinary(t)
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	writeDocs(t, docs, 1500, 2, 20)
	path := filepath.Join(dir, "lipi.bleve")
	mustIndex(t, bin, docs, path)
	want := hitsOf(t, path, testQuery)

	holder := startPaused(t, bin, "build", docs, path)
	partial := siblings(t, path)
	start := time.Now()
	r := runLipi(t, bin, nil, "index", "--docs", docs, "--index", path)
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the second rebuild took %v to refuse, want at once", took)
	}
	host, _ := os.Hostname()
	msg := strings.TrimSpace(r.stderr)
	if r.code != 1 || strings.Contains(msg, "\n") {
		t.Errorf("second rebuild: exit %d, stderr %q; want exit 1 and one line", r.code, r.stderr)
	}
	for _, s := range []string{"another rebuild of " + path + " is running", fmt.Sprintf("pid %d", holder.Process.Pid), host, "started"} {
		if !strings.Contains(msg, s) {
			t.Errorf("second rebuild said %q, want it to name %q", msg, s)
		}
	}
	if got := siblings(t, path); !slices.Equal(got, partial) {
		t.Errorf("the refused rebuild changed the directory: %q, want %q (the running build's directory kept)", got, partial)
	}
	if got := hitsOf(t, path, testQuery); !slices.Equal(got, want) {
		t.Errorf("hits changed while two rebuilds ran:\n got %q\nwant %q", got, want)
	}

	kill(t, holder)
	mustIndex(t, bin, docs, path)
	checkClean(t, path)
	if got := hitsOf(t, path, testQuery); !slices.Equal(got, want) {
		t.Errorf("hits changed after the rebuild:\n got %q\nwant %q", got, want)
	}
}

// TestLockHeld: the lock refuses a second holder, even in the same process,
// names the first, and is free again once released.
func TestLockHeld(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.bleve")
	l, err := acquireLock(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = acquireLock(path)
	var le *LockedError
	if !errors.As(err, &le) || !errors.Is(err, ErrLocked) {
		t.Fatalf("second acquireLock: %v, want a *LockedError", err)
	}
	if le.Holder.PID != os.Getpid() || le.Holder.Started.IsZero() {
		t.Errorf("holder = %+v, want this process and a start time", le.Holder)
	}
	l.release()
	l, err = acquireLock(path)
	if err != nil {
		t.Fatalf("acquireLock after release: %v", err)
	}
	l.release()
}

// TestRebuildOutput: off a terminal, `lipi index` prints one summary line
// (and a line per skipped input); --quiet prints nothing.
func TestRebuildOutput(t *testing.T) {
	bin := lipiBinary(t)
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	writeDocs(t, docs, 600, 2, 10)
	os.WriteFile(filepath.Join(docs, "broken.jsonl"), []byte("{not json\n"), 0o644)
	path := filepath.Join(dir, "lipi.bleve")

	r := mustIndex(t, bin, docs, path)
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	summary := regexp.MustCompile(`^index .*lipi\.bleve ready: 600 documents from 3 files in [0-9.]+s \([0-9]+ docs/s\), [0-9.]+ [KM]?B on disk; skipped 1 \(1 bad JSON\)$`)
	if len(lines) != 2 || !strings.Contains(lines[0], "broken.jsonl:1: bad JSON") || !summary.MatchString(lines[1]) {
		t.Errorf("stderr off a terminal:\n%s\nwant the skipped line and a summary matching %s", r.stderr, summary)
	}
	if strings.Contains(r.stderr, "\r") || r.stdout != "" {
		t.Errorf("stdout %q, stderr %q: want no status line off a terminal, nothing on stdout", r.stdout, r.stderr)
	}

	os.Remove(filepath.Join(docs, "broken.jsonl"))
	r = runLipi(t, bin, nil, "index", "--quiet", "--docs", docs, "--index", path)
	if r.code != 0 || r.stderr != "" || r.stdout != "" {
		t.Errorf("lipi index --quiet: exit %d, stdout %q, stderr %q; want 0 and nothing", r.code, r.stdout, r.stderr)
	}
}

func TestStatusLine(t *testing.T) {
	for _, tc := range []struct {
		name                      string
		phase                     string
		files, done, total, width int
		phaseTime, elapsed        time.Duration
		want                      string
	}{
		{"loading", "loading", 2, 1200, 0, 0, time.Second, time.Second, "loading   1200 documents, 2 files  elapsed 0:01"},
		{"indexing", "indexing", 0, 1500, 3000, 0, time.Second, 2 * time.Second,
			"indexing  [============            ] 1500/3000 docs  1500 docs/s  elapsed 0:02  ETA 0:01"},
		{"narrow terminal drops the bar", "indexing", 0, 1500, 3000, 70, time.Second, 2 * time.Second,
			"indexing  1500/3000 docs  1500 docs/s  elapsed 0:02  ETA 0:01"},
		{"very narrow terminal cuts", "indexing", 0, 1500, 3000, 21, time.Second, 2 * time.Second,
			"indexing  1500/3000 "},
		{"indexing done", "indexing", 0, 3000, 3000, 0, 2 * time.Second, 3 * time.Second,
			"indexing  [========================] 3000/3000 docs  1500 docs/s  elapsed 0:03"},
		{"verifying", "verifying", 0, 0, 3000, 0, time.Second, 75 * time.Minute, "verifying 3000 documents  elapsed 1:15:00"},
		{"swapping", "swapping", 0, 0, 0, 0, 0, 90 * time.Second, "swapping  elapsed 1:30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := statusLine(tc.phase, tc.files, tc.done, tc.total, tc.phaseTime, tc.elapsed, tc.width)
			if got != tc.want {
				t.Errorf("statusLine = %q, want %q", got, tc.want)
			}
		})
	}
}

// lockedBuffer is a bytes.Buffer safe for the progress ticker.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestProgressTerminal: on a terminal the status line is redrawn in place
// (also by the ticker, between updates), cleared for other output, and
// replaced by the summary at the end.
func TestProgressTerminal(t *testing.T) {
	var out lockedBuffer
	p := startProgress(&out, true, -1, time.Now())
	p.setPhase("loading", 0)
	p.update(1, 500)
	p.clear()
	p.setPhase("indexing", 1000)
	p.update(0, 500)
	time.Sleep(2 * redrawEvery)
	p.finish("index x ready")
	got := out.String()
	for _, want := range []string{
		"\rloading   500 documents, 1 file  elapsed ",
		"\x1b[K\r\x1b[K\rindexing ",
		"\rindexing  [============            ] 500/1000 docs",
		"\r\x1b[Kindex x ready\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("terminal output %q lacks %q", got, want)
		}
	}
	if !strings.HasSuffix(got, "\r\x1b[Kindex x ready\n") {
		t.Errorf("terminal output %q: want it to end with the summary on a cleared line", got)
	}
	if n := strings.Count(got, "500/1000 docs"); n < 2 {
		t.Errorf("status line drawn %d times while indexing, want the ticker to redraw it", n)
	}
}

// TestRebuildRefusesForeign: `lipi index` never replaces what is not a
// lipi index.
func TestRebuildRefusesForeign(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	writeDocs(t, docs, 30, 1, 10)

	folder := filepath.Join(dir, "folder")
	writeFiles(t, folder, map[string]string{"notes.txt": "mine", "sub/more.txt": "mine too"})
	file := filepath.Join(dir, "file")
	writeFiles(t, dir, map[string]string{"file": "mine"})
	otherBleve := filepath.Join(dir, "other.bleve")
	b, err := bleve.New(otherBleve, bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	b.Index("x", map[string]string{"text": "mine"})
	b.Close()

	for _, path := range []string{folder, file, otherBleve} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			before := treeContents(t, path)
			err := Rebuild(docs, path, RebuildOptions{})
			if err == nil || !strings.Contains(err.Error(), "refusing to replace it") {
				t.Errorf("Rebuild over %s: %v, want a refusal", path, err)
			}
			if after := treeContents(t, path); !maps.Equal(before, after) {
				t.Errorf("Rebuild changed %s", path)
			}
			if got := siblings(t, path); !slices.Equal(got, []string{filepath.Base(path)}) {
				t.Errorf("Rebuild left %q beside %s", got, path)
			}
		})
	}
	t.Run("lipi index", func(t *testing.T) {
		bin := lipiBinary(t)
		r := runLipi(t, bin, nil, "index", "--docs", docs, "--index", folder)
		if r.code != 1 || !strings.Contains(r.stderr, "refusing") || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("lipi index over a folder: exit %d, stderr %q; want 1 and one line refusing", r.code, r.stderr)
		}
	})
}

// treeContents maps every file below path (or path itself) to its content.
func treeContents(t *testing.T, path string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.Walk(path, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if fi.Mode().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[p] = string(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRebuildOverPlainIndex: an index that is a plain directory (built by
// hand or an older lipi), or an empty folder, is replaced by the link.
func TestRebuildOverPlainIndex(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	writeDocs(t, docs, 300, 1, 10)
	res, err := LoadDir(docs, LoadOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain.bleve")
	if err := Build(plain, res.Docs, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.bleve")
	os.Mkdir(empty, 0o755)
	for _, path := range []string{plain, empty} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			if err := Rebuild(docs, path, RebuildOptions{}); err != nil {
				t.Fatal(err)
			}
			checkClean(t, path)
			if got := hitsOf(t, path, testQuery); len(got) < 2 {
				t.Errorf("hits of %q: %q, want some", testQuery, got)
			}
		})
	}
}

// damagedIndexes makes a good index and damaged copies of it in dir, and
// other things that are not indexes; it returns their paths by name.
func damagedIndexes(t *testing.T, dir string) map[string]string {
	t.Helper()
	docs := filepath.Join(dir, "docs")
	writeDocs(t, docs, 300, 1, 20)
	res, err := LoadDir(docs, LoadOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good")
	if err := Build(good, res.Docs, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	damage := func(name string, f func(p string)) {
		p := filepath.Join(dir, name)
		copyTree(t, good, p)
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

	other := filepath.Join(dir, "other bleve")
	b, err := bleve.New(other, bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	b.Index("x", map[string]string{"text": "Dikshit"})
	b.Close()
	out["bleve index not lipi's"] = other
	out["empty folder"] = filepath.Join(dir, "empty")
	os.Mkdir(out["empty folder"], 0o755)
	out["foreign folder"] = filepath.Join(dir, "foreign")
	writeFiles(t, out["foreign folder"], map[string]string{"notes.txt": "mine"})
	out["file"] = filepath.Join(dir, "file")
	writeFiles(t, dir, map[string]string{"file": "mine"})
	out["dangling link"] = filepath.Join(dir, "dangling")
	os.Symlink("nowhere", out["dangling link"])
	out["missing"] = filepath.Join(dir, "missing")
	return out
}

func noise(seed uint64, n int) []byte {
	rng := rand.New(rand.NewPCG(seed, 42))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if fi.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(dst)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// damagedSearchQueries are run against every damaged index.
var damagedSearchQueries = []string{testQuery, "সরকার", "सरकार", "government"}

// TestOpenDamaged: Open answers a damaged, missing or foreign index with
// one clear line, never a panic. An index with noise inside a segment may
// open; its searches then answer or fail, never panic.
func TestOpenDamaged(t *testing.T) {
	cases := damagedIndexes(t, t.TempDir())
	noticed := 0 // searches of noisy segments that failed
	for name, path := range cases {
		t.Run(name, func(t *testing.T) {
			ix, err := Open(path)
			if strings.HasPrefix(name, "noisy segment") && err == nil {
				for _, q := range damagedSearchQueries {
					_, err := ix.Search(context.Background(), Request{Query: q})
					if err != nil {
						noticed++
						if strings.Contains(err.Error(), "\n") {
							t.Errorf("search %q: %q, want one line", q, err)
						}
					}
				}
				ix.Close()
				return
			}
			if err == nil {
				ix.Close()
				t.Fatalf("Open(%s) succeeded, want an error", path)
			}
			if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, path) {
				t.Errorf("Open(%s) = %q, want one line naming the path", path, msg)
			}
		})
	}
	if noticed == 0 {
		t.Errorf("no search of a noisy segment failed: the noise no longer tests anything")
	}
}

// TestSearchDamaged: `lipi search` on a damaged, missing or foreign index
// exits 1 with one line on stderr, never a panic.
func TestSearchDamaged(t *testing.T) {
	bin := lipiBinary(t)
	cases := damagedIndexes(t, t.TempDir())
	for name, path := range cases {
		t.Run(name, func(t *testing.T) {
			queries := damagedSearchQueries
			if !strings.HasPrefix(name, "noisy segment") {
				queries = queries[:1] // these fail to open
			}
			for _, q := range queries {
				r := runLipi(t, bin, nil, "search", "--index", path, "--", q)
				lines := strings.Count(r.stderr, "\n")
				switch {
				case strings.HasPrefix(name, "noisy segment") && r.code == 0 && r.stderr == "":
					t.Logf("%s: the noise missed what this query reads", q)
				case r.code != 1 || lines != 1 || !strings.HasPrefix(r.stderr, "lipi search: ") || strings.Contains(r.stderr, "panic"):
					t.Errorf("lipi search --index %q -- %s: exit %d, stderr:\n%s\nwant exit 1 and one line", path, q, r.code, r.stderr)
				default:
					t.Logf("%s: %s", q, strings.TrimSpace(r.stderr))
				}
			}
		})
	}
}
