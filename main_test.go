package main

// The tests of this file run each command in process, through run, with
// every exit status it can end with. The process tests (process_test.go,
// rebuild_process_test.go, quality_test.go) run this test binary as lipi:
// see TestMain.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lipisearch/lipi/api"
	"github.com/lipisearch/lipi/index"
)

// The environment of this test binary run as lipi.
const (
	// asLipiEnv, set to 1, makes the test binary run its arguments as the
	// lipi command line instead of the tests.
	asLipiEnv = "LIPI_TEST_AS_LIPI"
	// searchDelayEnv, a Go duration, makes every search of `lipi serve`
	// print "search delayed" to stderr and wait that long first (or until
	// its request ends), so that a test can stop the server during one.
	searchDelayEnv = "LIPI_TEST_SEARCH_DELAY"
	// pauseAtEnv names a rebuild step (index.RebuildOptions.AtStep) at
	// which a rebuild prints "paused at STEP" to stderr and sleeps for
	// pauseForEnv (a Go duration, a minute by default), so that a test can
	// kill it there.
	pauseAtEnv  = "LIPI_TEST_PAUSE_AT"
	pauseForEnv = "LIPI_TEST_PAUSE_FOR"
)

// TestMain runs the tests, or, with asLipiEnv set, runs as lipi: the
// process tests run this very binary as lipi, so that no test builds one.
func TestMain(m *testing.M) {
	if os.Getenv(asLipiEnv) == "1" {
		setTestHooks()
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// setTestHooks sets the hooks of package main that the environment of a
// process test asks for.
func setTestHooks() {
	if d, err := time.ParseDuration(os.Getenv(searchDelayEnv)); err == nil {
		wrapSource = func(src api.Source) api.Source { return delayedSource{src, d} }
	}
	if at := os.Getenv(pauseAtEnv); at != "" {
		pause := time.Minute
		if d, err := time.ParseDuration(os.Getenv(pauseForEnv)); err == nil {
			pause = d
		}
		atRebuildStep = func(step string) {
			if step == at {
				fmt.Fprintf(os.Stderr, "paused at %s\n", step)
				time.Sleep(pause)
			}
		}
	}
}

// delayedSource hands out the indexes of src with searches that wait for
// delay before they run.
type delayedSource struct {
	src   api.Source
	delay time.Duration
}

func (d delayedSource) Acquire() (api.Searcher, func()) {
	s, release := d.src.Acquire()
	if s == nil {
		return nil, release
	}
	return &delayedSearcher{s, d.delay}, release
}

type delayedSearcher struct {
	api.Searcher
	delay time.Duration
}

func (d *delayedSearcher) Search(ctx context.Context, r index.Request) (*index.Response, error) {
	fmt.Fprintf(os.Stderr, "search delayed %v\n", d.delay)
	t := time.NewTimer(d.delay)
	defer t.Stop()
	select {
	case <-t.C:
		return d.Searcher.Search(ctx, r)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// lipiCommand is `lipi args…` as a process (this test binary run as lipi),
// with env added to its environment. Process tests skip under -short.
func lipiCommand(t *testing.T, env []string, args ...string) *exec.Cmd {
	t.Helper()
	if testing.Short() {
		t.Skip("runs lipi as a process; skipped under -short")
	}
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append(os.Environ(), asLipiEnv+"=1"), env...)
	return cmd
}

// lipiRun is one finished run of lipi.
type lipiRun struct {
	stdout, stderr string
	code           int
}

// runLipi runs `lipi args…` as a process to its end.
func runLipi(t *testing.T, args ...string) lipiRun {
	t.Helper()
	cmd := lipiCommand(t, nil, args...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
	defer timer.Stop()
	err := cmd.Wait()
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

// lipiProc is a running lipi process.
type lipiProc struct {
	cmd    *exec.Cmd
	log    *lineLog // stderr
	exited chan struct{}
	err    error  // of Wait, once exited is closed
	base   string // of `lipi serve`: its URL
}

// startLipi starts `lipi args…` with the extra environment env. The
// process is killed when the test ends, if the test has not ended it.
func startLipi(t *testing.T, env []string, args ...string) *lipiProc {
	t.Helper()
	cmd := lipiCommand(t, env, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &lipiProc{cmd: cmd, log: collectLines(stderr), exited: make(chan struct{})}
	go func() {
		<-p.log.eof // Wait closes the pipe: read it all first
		p.err = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			cmd.Process.Kill()
			<-p.exited
		}
		if t.Failed() {
			t.Logf("lipi %s: stderr:\n%s", args[0], p.log)
		}
	})
	return p
}

// waitExit waits for the process to end and returns its exit status.
func (p *lipiProc) waitExit(t *testing.T, timeout time.Duration) int {
	t.Helper()
	select {
	case <-p.exited:
	case <-time.After(timeout):
		t.Fatalf("lipi still running %v after it was told to stop", timeout)
	}
	var ee *exec.ExitError
	if errors.As(p.err, &ee) {
		return ee.ExitCode()
	}
	if p.err != nil {
		t.Fatalf("lipi: %v", p.err)
	}
	return 0
}

// runIn runs `lipi args…` in this process, through run.
func runIn(args ...string) lipiRun {
	var stdout, stderr strings.Builder
	code := run(context.Background(), args, &stdout, &stderr)
	return lipiRun{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

// check reports a run whose exit status is not code or whose stderr lacks
// want.
func (r lipiRun) check(t *testing.T, what string, code int, want string) {
	t.Helper()
	if r.code != code || !strings.Contains(r.stderr, want) {
		t.Errorf("%s: exit %d, stderr %q; want %d and %q", what, r.code, r.stderr, code, want)
	}
}

// oneLine reports whether the run wrote exactly one line to stderr.
func (r lipiRun) oneLine() bool {
	return strings.Count(r.stderr, "\n") == 1 && strings.HasSuffix(r.stderr, "\n")
}

// lineLog collects the lines a command writes, for a test to wait for one.
type lineLog struct {
	mu    sync.Mutex
	lines []string
	added chan struct{} // a line came
	eof   chan struct{} // closed when the writer is done
}

// collectLines reads r line by line until its end.
func collectLines(r io.Reader) *lineLog {
	l := &lineLog{added: make(chan struct{}, 1), eof: make(chan struct{})}
	go func() {
		defer close(l.eof)
		sc := bufio.NewScanner(r)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			l.mu.Lock()
			l.lines = append(l.lines, sc.Text())
			l.mu.Unlock()
			select {
			case l.added <- struct{}{}:
			default:
			}
		}
	}()
	return l
}

func (l *lineLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// find returns the first line that contains s.
func (l *lineLog) find(s string) (string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range l.lines {
		if strings.Contains(line, s) {
			return line, true
		}
	}
	return "", false
}

// wait waits for a line that contains s and returns it; it fails the test
// when the writer ends or timeout passes first.
func (l *lineLog) wait(t *testing.T, s string, timeout time.Duration) string {
	t.Helper()
	deadline := time.After(timeout)
	for {
		if line, ok := l.find(s); ok {
			return line
		}
		select {
		case <-l.added:
		case <-l.eof:
			if line, ok := l.find(s); ok { // the last lines came with the end
				return line
			}
			t.Fatalf("lipi ended before it wrote %q; it wrote:\n%s", s, l)
		case <-deadline:
			t.Fatalf("lipi did not write %q within %v; it wrote:\n%s", s, timeout, l)
		}
	}
}

// servingURL is the URL of a server from its "serving" log line.
func servingURL(t *testing.T, log *lineLog) string {
	t.Helper()
	line := log.wait(t, `"msg":"serving"`, time.Minute)
	var rec struct{ URL string }
	if err := json.Unmarshal([]byte(line), &rec); err != nil || rec.URL == "" {
		t.Fatalf("serving line %q: %v", line, err)
	}
	return rec.URL
}

// seedIndex builds an index of the seed articles with `lipi index` run in
// process, and returns its path.
func seedIndex(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "lipi.bleve")
	if r := runIn("index", "--docs", "seeds", "--index", path); r.code != 0 {
		t.Fatalf("lipi index of the seeds: exit %d\n%s", r.code, r.stderr)
	}
	return path
}

// TestUsage: help exits 0, a missing or unknown command and a flag no
// command knows exit 2, each with its message on stderr.
func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "Usage: lipi COMMAND"},
		{[]string{"help"}, 0, "Usage: lipi COMMAND"},
		{[]string{"-h"}, 0, "Usage: lipi COMMAND"},
		{[]string{"--help"}, 0, "Example:"},
		{[]string{"find", "x"}, 2, `lipi: unknown command "find" (run 'lipi help')`},
	} {
		runIn(tc.args...).check(t, fmt.Sprintf("lipi %q", tc.args), tc.code, tc.want)
	}
	for _, c := range commands {
		runIn(c.name, "-h").check(t, "lipi "+c.name+" -h", 0, "Usage: lipi "+c.name+" [flags]")
		r := runIn(c.name, "--no-such-flag", "x")
		r.check(t, "lipi "+c.name+" --no-such-flag", 2, "lipi "+c.name+": flag provided but not defined: -no-such-flag")
	}
	if r := runIn("serve", "-h"); strings.Contains(r.stderr, "cpuprofile") || !strings.Contains(r.stderr, "-max-searches") {
		t.Errorf("lipi serve -h shows the hidden flag, or not the others:\n%s", r.stderr)
	}
}

// TestAnalyzeCommand: the tokens of a text, as a table or JSON; a missing
// or broken text is a usage error.
func TestAnalyzeCommand(t *testing.T) {
	r := runIn("analyze", "দীক্ষিতের", "বাড়ি")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "POS") || !strings.Contains(r.stdout, "দীক্ষিতের") {
		t.Errorf("lipi analyze: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runIn("analyze", "--json", "Dikshit")
	var out struct {
		Tokens []struct {
			Term, Layer          string
			Position, Start, End int
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 0 || len(out.Tokens) < 2 {
		t.Fatalf("lipi analyze --json: exit %d, %v\n%s", r.code, err, r.stdout)
	}
	for _, tok := range out.Tokens {
		if tok.Term == "" || tok.Layer == "" || tok.Position != 1 || tok.Start != 0 || tok.End != len("Dikshit") {
			t.Errorf("token %+v of Dikshit", tok)
		}
	}
	runIn("analyze").check(t, "lipi analyze", 2, "lipi analyze: missing TEXT (run 'lipi analyze -h')")
	runIn("analyze", " ").check(t, "lipi analyze ' '", 2, "missing TEXT")
	runIn("analyze", "\xff").check(t, "lipi analyze of broken UTF-8", 2, "lipi analyze: TEXT is not valid UTF-8")
}

// TestTransliterateCommand: a text in every script, as lines or JSON; a
// missing or broken text is a usage error.
func TestTransliterateCommand(t *testing.T) {
	r := runIn("transliterate", "--json", "दीक्षित")
	var out map[string]string
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 0 || out["Deva"] != "दीक्षित" || !strings.HasPrefix(out["Beng"], "দ") || out["Latn"] == "" {
		t.Errorf("lipi transliterate --json: exit %d, %v\n%s", r.code, err, r.stdout)
	}
	r = runIn("transliterate", "দীক্ষিত")
	if lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n"); r.code != 0 || len(lines) != 11 || lines[0] != "Latn  "+out["Latn"] || !strings.HasPrefix(lines[1], "Deva  द") || lines[2] != "Beng  দীক্ষিত" ||
		!strings.HasPrefix(lines[6], "Taml  ட") || !strings.HasPrefix(lines[10], "Arab  د") {
		t.Errorf("lipi transliterate: exit %d\n%s", r.code, r.stdout)
	}
	runIn("transliterate").check(t, "lipi transliterate", 2, "lipi transliterate: missing TEXT")
	runIn("transliterate", "a\xffb").check(t, "lipi transliterate of broken UTF-8", 2, "TEXT is not valid UTF-8")
}

// TestIndexCommand: `lipi index` builds an index and says so in one line;
// a folder it cannot index is a failure, a stray argument a usage error.
func TestIndexCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "lipi.bleve")
	r := runIn("index", "--docs", "seeds", "--index", path)
	if !regexp.MustCompile(`^index .*lipi\.bleve ready: 3 documents from 3 files in .*\n$`).MatchString(r.stderr) || r.code != 0 || r.stdout != "" {
		t.Errorf("lipi index: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := runIn("index", "--quiet", "--no-synonyms", "--docs", "seeds", "--index", path); r.code != 0 || r.stderr != "" || r.stdout != "" {
		t.Errorf("lipi index --quiet: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = runIn("index", "--docs", "seeds", "--index", path, "--exclude", "000_*")
	if !regexp.MustCompile(`ready: 2 documents from 2 files in .* \(1 excluded\)\n$`).MatchString(r.stderr) || r.code != 0 {
		t.Errorf("lipi index --exclude: exit %d, stderr %q", r.code, r.stderr)
	}
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	// Each failure says one line and nothing else.
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--docs", filepath.Join(dir, "missing")}, 1, "lipi index: "},
		{[]string{"--docs", empty}, 1, "lipi index: no documents to index in " + empty},
		{[]string{"--docs", "seeds", "--synonyms", filepath.Join(dir, "missing.txt")}, 1, "missing.txt"},
		{[]string{"--docs", "seeds", "extra"}, 2, `lipi index: unexpected argument "extra"`},
		{[]string{"--docs", "seeds", "--exclude", "[a-"}, 2, `lipi index: --exclude: exclude pattern "[a-": syntax error in pattern`},
		{[]string{"--docs", "seeds", "--exclude", "*"}, 1, "lipi index: no documents to index in seeds"},
		{[]string{"--docs", "seeds", "--field", "topic"}, 2, `lipi index: --field: field "topic": want NAME=TYPE`},
		{[]string{"--docs", "seeds", "--field", "topic=text"}, 2, `lipi index: --field: field "topic": type "text"`},
		{[]string{"--docs", "seeds", "--field", "title=keyword"}, 2, `lipi index: --field: field "title": the name is lipi's own`},
		{[]string{"--docs", "seeds", "--field", "label=keyword"}, 2, `lipi index: --field: field "label": the name is lipi's own`},
		{[]string{"--docs", "seeds", "--field", "Desk=keyword"}, 2, `lipi index: --field: field "Desk": a name is`},
		{[]string{"--docs", "seeds", "--field", "desk=keyword", "--field", "desk=keyword"}, 2, `lipi index: --field: field "desk" is given twice`},
		{[]string{"--docs", filepath.Join(dir, "missing"), "--field", "topic=text"}, 2, "--field"},
	} {
		r := runIn(append([]string{"index", "--index", filepath.Join(dir, "other.bleve")}, tc.args...)...)
		r.check(t, fmt.Sprintf("lipi index %q", tc.args), tc.code, tc.want)
		if !r.oneLine() {
			t.Errorf("lipi index %q: stderr %q, want one line", tc.args, r.stderr)
		}
	}
}

// fieldDocs writes a folder of news filed under categories (by "category"
// or "label") and desks, and returns it with how many of its documents
// each desk has.
func fieldDocs(t *testing.T) (string, map[string]int) {
	t.Helper()
	dir := t.TempDir()
	desks := []string{"delhi", "kolkata", "delhi", ""}
	cats := []string{`"category":"politics"`, `"label":"sports"`, `"category":"politics","label":"world"`, ""}
	var lines []string
	perDesk := map[string]int{}
	for i := range 8 {
		desk := ""
		if d := desks[i%len(desks)]; d != "" {
			desk = fmt.Sprintf(`,"desk":%q`, d)
			perDesk[d]++
		}
		cat := ""
		if c := cats[i%len(cats)]; c != "" {
			cat = "," + c
		}
		lines = append(lines, fmt.Sprintf(`{"id":"n%d","lang":"en","title":"Dikshit speaks, part %d","body":"Sheila Dikshit spoke again."%s%s}`, i, i, desk, cat))
	}
	if err := os.WriteFile(filepath.Join(dir, "news.jsonl"), []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, perDesk
}

// TestFieldCommand: `lipi index --field` makes a key of the JSON lines a
// field that `lipi search --filter` filters by, stored with the index;
// categories filter with --category; a filter on a field the index lacks
// is a usage error.
func TestFieldCommand(t *testing.T) {
	docs, perDesk := fieldDocs(t)
	path := filepath.Join(t.TempDir(), "lipi.bleve")
	if r := runIn("index", "--quiet", "--docs", docs, "--index", path, "--field", "desk=keyword"); r.code != 0 {
		t.Fatalf("lipi index --field desk=keyword: exit %d\n%s", r.code, r.stderr)
	}
	search := func(args ...string) index.Response {
		t.Helper()
		r := runIn(append([]string{"search", "--index", path, "--json", "--size", "100"}, args...)...)
		var resp index.Response
		if err := json.Unmarshal([]byte(r.stdout), &resp); err != nil || r.code != 0 {
			t.Fatalf("lipi search %q: exit %d, %v\n%s", args, r.code, err, r.stderr)
		}
		return resp
	}
	all := search("--", "Dikshit")
	if all.Total != 8 || !maps.Equal(all.Facets.Fields["desk"], perDesk) {
		t.Fatalf("Dikshit: %d hits, desk facet %v; want 8, %v", all.Total, all.Facets.Fields["desk"], perDesk)
	}
	for desk, n := range perDesk {
		resp := search("--filter", "desk="+desk, "--", "Dikshit")
		if resp.Total != uint64(n) {
			t.Errorf("--filter desk=%s: %d hits, want %d", desk, resp.Total, n)
		}
		for _, h := range resp.Hits {
			if h.Fields["desk"] != desk {
				t.Errorf("--filter desk=%s: hit %s has desk %q", desk, h.ID, h.Fields["desk"])
			}
		}
	}
	for cat, n := range all.Facets.Category {
		resp := search("--category", cat, "--", "Dikshit")
		if resp.Total != uint64(n) || len(resp.Facets.Category) != 1 {
			t.Errorf("--category %s: %d hits, facet %v; want %d", cat, resp.Total, resp.Facets.Category, n)
		}
	}
	if all.Facets.Category["politics"] == 0 || all.Facets.Category["sports"] == 0 || all.Facets.Category["world"] != 0 {
		t.Errorf("category facet %v: want politics and sports (a category before a label), no world", all.Facets.Category)
	}
	// lipi serve builds its missing index with the fields it is given.
	served := serveIn(t, "--index", filepath.Join(t.TempDir(), "lipi.bleve"), "--docs", docs, "--field", "desk=keyword")
	status, body := get(t, served.base+"/api/search?q=Dikshit&filter%5Bdesk%5D=kolkata")
	var resp index.Response
	if err := json.Unmarshal(body, &resp); err != nil || status != http.StatusOK || resp.Total != uint64(perDesk["kolkata"]) {
		t.Errorf("lipi serve --field desk=keyword, filter[desk]=kolkata: %d %s", status, body)
	}

	r := runIn("search", "--index", path, "--filter", "topic=x", "--", "Dikshit")
	r.check(t, "lipi search --filter topic=x", 2, `lipi search: the index has no field "topic" to filter by; it has desk`)
	r = runIn("search", "--index", path, "--filter", "desk", "--", "Dikshit")
	r.check(t, "lipi search --filter desk", 2, `lipi search: --filter "desk": want NAME=VALUE`)
	if !r.oneLine() {
		t.Errorf("lipi search --filter desk: stderr %q, want one line", r.stderr)
	}
}

// TestSearchCommand: `lipi search` prints hits (none is a success too); a
// bad request is a usage error, a missing index a failure.
func TestSearchCommand(t *testing.T) {
	path := seedIndex(t)
	r := runIn("search", "--index", path, "--json", "--", "Dikshit")
	var resp index.Response
	if err := json.Unmarshal([]byte(r.stdout), &resp); err != nil || r.code != 0 || resp.Total != 3 {
		t.Errorf("lipi search --json Dikshit: exit %d, total %d, %v\n%s", r.code, resp.Total, err, r.stderr)
	}
	r = runIn("search", "--index", path, "--lang", "bn", "Dikshit")
	if r.code != 0 || !strings.HasPrefix(r.stdout, `1 hits for "Dikshit"`) || !strings.Contains(r.stdout, "[দীক্ষিত]") || !strings.Contains(r.stdout, "Dikshit ↔ দীক্ষিত") {
		t.Errorf("lipi search --lang bn Dikshit: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runIn("search", "--index", path, "--", "-xylophonezzz"); r.code != 0 || !strings.HasPrefix(r.stdout, `0 hits for "-xylophonezzz"`) {
		t.Errorf("lipi search -- -xylophonezzz: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A misspelled name: the hits that sound alike, and what it may be.
	if r := runIn("search", "--index", path, "--", "Dikshat"); r.code != 0 || !strings.Contains(r.stdout, "\nDid you mean: Dikshit\n") {
		t.Errorf("lipi search -- Dikshat: exit %d, want a suggestion\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runIn("search", "--index", path, "--", "Dikshit"); r.code != 0 || strings.Contains(r.stdout, "Did you mean") {
		t.Errorf("lipi search -- Dikshit: exit %d, want no suggestion\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--index", path}, 2, "lipi search: the query is empty"},
		{[]string{"--index", path, "--size", "101", "x"}, 2, "lipi search: size must be between 1 and 100"},
		{[]string{"--index", path, "--sort", "date", "x"}, 2, "sort must be"},
		{[]string{"--index", path, "--lang", "Bengali!", "x"}, 2, "is not a language code"},
		{[]string{"--index", path, "--", "\xff"}, 2, "not valid UTF-8"},
		{[]string{"--index", filepath.Join(t.TempDir(), "missing"), "x"}, 1, "lipi search: "},
	} {
		r := runIn(append([]string{"search"}, tc.args...)...)
		r.check(t, fmt.Sprintf("lipi search %q", tc.args), tc.code, tc.want)
		if !r.oneLine() {
			t.Errorf("lipi search %q: stderr %q, want one line", tc.args, r.stderr)
		}
	}
}

// servedIn is `lipi serve` run in process.
type servedIn struct {
	base   string   // its URL
	log    *lineLog // stderr
	stop   context.CancelFunc
	exited chan int // its exit status
}

// serveIn runs `lipi serve --addr 127.0.0.1:0 args…` in process and waits
// until it serves; it is stopped when the test ends, if the test has not
// stopped it.
func serveIn(t *testing.T, args ...string) *servedIn {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	s := &servedIn{log: collectLines(pr), stop: cancel, exited: make(chan int, 1)}
	go func() {
		code := run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), io.Discard, pw)
		pw.Close()
		s.exited <- code
	}()
	t.Cleanup(func() {
		cancel()
		<-s.log.eof
	})
	s.base = servingURL(t, s.log)
	return s
}

// fresh is a client that opens a new connection for every request.
var fresh = &http.Client{
	Timeout:   time.Minute,
	Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
}

type result struct {
	status int
	body   []byte
	err    error
	at     time.Time
}

func getAsync(url string) <-chan result {
	ch := make(chan result, 1)
	go func() {
		resp, err := fresh.Get(url)
		if err != nil {
			ch <- result{err: err, at: time.Now()}
			return
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		ch <- result{status: resp.StatusCode, body: body, err: err, at: time.Now()}
	}()
	return ch
}

// get returns the status and body of a GET of target.
func get(t *testing.T, target string) (int, []byte) {
	t.Helper()
	r := <-getAsync(target)
	if r.err != nil {
		t.Fatalf("GET %s: %v", target, r.err)
	}
	return r.status, r.body
}

var tookMS = regexp.MustCompile(`"took_ms":[0-9]+`)

// TestServeCommand runs `lipi serve` in process: it builds the missing
// index, answers on loopback, writes the hidden CPU profile, and exits 0
// once asked to stop.
func TestServeCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "lipi.bleve")
	profile := filepath.Join(dir, "cpu.pprof")
	s := serveIn(t, "--index", path, "--docs", "seeds", "--cpuprofile", profile)
	s.log.wait(t, `"msg":"index built"`, time.Second)
	if status, body := get(t, s.base+"/api/search?q=Dikshit"); status != http.StatusOK || !strings.Contains(string(body), `"total":3`) {
		t.Errorf("GET /api/search?q=Dikshit: %d %s", status, body)
	}
	s.stop()
	select {
	case code := <-s.exited:
		if code != 0 {
			t.Errorf("lipi serve stopped with exit %d:\n%s", code, s.log)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("lipi serve still running 30s after it was asked to stop:\n%s", s.log)
	}
	s.log.wait(t, `"msg":"stopped"`, time.Second)
	if st, err := os.Stat(profile); err != nil || st.Size() == 0 {
		t.Errorf("--cpuprofile wrote no profile: %v", err)
	}
}

// TestSearchSameAsCLI: `lipi search --json` and GET /api/search of `lipi
// serve` print the same bytes for the same search, took_ms aside.
func TestSearchSameAsCLI(t *testing.T) {
	path := seedIndex(t)
	s := serveIn(t, "--index", path)
	type search struct {
		flags  []string
		params url.Values
	}
	var cases []search
	dev, err := os.ReadFile(filepath.Join("api", "testdata", "queries-dev.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(dev)) {
		if q, _, ok := strings.Cut(line, "\t"); ok && q != "query" && !strings.HasPrefix(q, "#") {
			cases = append(cases, search{nil, url.Values{"q": {q}}})
		}
	}
	if len(cases) < 10 {
		t.Fatalf("%d queries in api/testdata/queries-dev.tsv", len(cases))
	}
	cases = append(cases,
		search{[]string{"--size", "2", "--from", "1"}, url.Values{"q": {"Dikshit"}, "size": {"2"}, "from": {"1"}}},
		search{[]string{"--lang", "bn,hi"}, url.Values{"q": {"Russia"}, "lang": {"bn,hi"}}},
		search{[]string{"--lang", "hi"}, url.Values{"q": {"দীক্ষিত"}, "lang": {"hi"}}},
		search{[]string{"--sort", "published"}, url.Values{"q": {"Delhi"}, "sort": {"published"}}},
		search{[]string{"--prefix"}, url.Values{"q": {"Dilya"}, "prefix": {"true"}}},
		search{nil, url.Values{"q": {"-Putin <b>&amp;"}}},
		search{nil, url.Values{"q": {"?!।"}}},
		search{nil, url.Values{"q": {`"Ashutosh Dikshit" Moscow`}}},
	)
	for _, c := range cases {
		q := c.params.Get("q")
		t.Run(q+" "+strings.Join(c.flags, " "), func(t *testing.T) {
			args := append([]string{"search", "--json", "--index", path}, c.flags...)
			r := runIn(append(args, "--", q)...)
			if r.code != 0 {
				t.Fatalf("lipi %s -- %s: exit %d\n%s", strings.Join(args, " "), q, r.code, r.stderr)
			}
			status, api := get(t, s.base+"/api/search?"+c.params.Encode())
			if status != http.StatusOK {
				t.Fatalf("GET /api/search?%s: %d %s", c.params.Encode(), status, api)
			}
			cli := tookMS.ReplaceAllString(r.stdout, `"took_ms":0`)
			if a := tookMS.ReplaceAllString(string(api), `"took_ms":0`); cli != a {
				t.Errorf("lipi search --json and the API differ for %s:\nCLI: %s\nAPI: %s", c.params.Encode(), cli, a)
			}
		})
	}
}

// TestServeExitStatus: a mistake in the command line of `lipi serve` is a
// usage error, found before anything is built; an index it cannot build or
// an address it cannot listen on is a failure.
func TestServeExitStatus(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.bleve")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"extra"}, `lipi serve: unexpected argument "extra"`},
		{[]string{"--max-searches", "0"}, "lipi serve: --max-searches must be at least 1, or -1 for no limit"},
		{[]string{"--max-searches", "-2"}, "--max-searches"},
		{[]string{"--rate-limit", "-1"}, "lipi serve: --rate-limit and --rate-burst must not be negative"},
		{[]string{"--rate-burst", "-1"}, "--rate-burst must not be negative"},
		{[]string{"--log-level", "loud"}, "lipi serve: "},
		{[]string{"--cors-origins", "example.org"}, "lipi serve: --cors-origins: "},
		{[]string{"--trusted-proxies", "proxy"}, "lipi serve: --trusted-proxies: "},
		{[]string{"--field", "desk=text"}, `lipi serve: --field: field "desk": type "text"`},
	} {
		r := runIn(append([]string{"serve", "--index", missing, "--docs", "seeds"}, tc.args...)...)
		r.check(t, fmt.Sprintf("lipi serve %q", tc.args), 2, tc.want)
		if !r.oneLine() {
			t.Errorf("lipi serve %q: stderr %q, want one line", tc.args, r.stderr)
		}
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("a usage error built the index")
	}

	r := runIn("serve", "--index", missing, "--docs", filepath.Join(dir, "no-docs"), "--log-level", "error")
	r.check(t, "lipi serve of a folder that is not there", 1, "lipi serve: ")
	busy := serveIn(t, "--index", seedIndex(t))
	r = runIn("serve", "--index", seedIndex(t), "--addr", strings.TrimPrefix(busy.base, "http://"), "--log-level", "error")
	r.check(t, "lipi serve on an address in use", 1, "address already in use")
	r = runIn("serve", "--index", missing, "--docs", "seeds", "--cpuprofile", filepath.Join(dir, "no", "cpu.pprof"))
	r.check(t, "lipi serve --cpuprofile into a missing folder", 1, "lipi serve: ")

	// What bleve's storage layer says of a damaged index goes into the
	// log, as JSON like every other record.
	damaged := seedIndex(t)
	segments, _ := filepath.Glob(filepath.Join(damaged, "store", "*.zap"))
	for _, s := range segments {
		os.Remove(s)
	}
	r = runIn("serve", "--index", damaged)
	r.check(t, "lipi serve of an index without its segments", 1, "lipi serve: open index ")
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	for _, line := range lines[:len(lines)-1] {
		if !json.Valid([]byte(line)) {
			t.Errorf("lipi serve wrote a line that is not a JSON record: %q", line)
		}
	}
	if !strings.Contains(r.stderr, `"msg":"storage"`) {
		t.Errorf("lipi serve of a damaged index: no storage warning in\n%s", r.stderr)
	}
}

// TestVersionCommand: `lipi version` and `lipi --version` print the same
// build information, as text or JSON, with this binary's Go version.
func TestVersionCommand(t *testing.T) {
	text := runIn("version")
	if text.code != 0 || !strings.Contains(text.stdout, runtime.Version()) || !strings.Contains(text.stdout, "github.com/lipisearch/lipi") {
		t.Fatalf("lipi version: exit %d, stdout %q", text.code, text.stdout)
	}
	if alias := runIn("--version"); alias.code != 0 || alias.stdout != text.stdout {
		t.Errorf("lipi --version: exit %d, stdout %q; want %q", alias.code, alias.stdout, text.stdout)
	}
	r := runIn("version", "--json")
	var info buildInfo
	if err := json.Unmarshal([]byte(r.stdout), &info); err != nil || r.code != 0 {
		t.Fatalf("lipi version --json: exit %d, %v: %q", r.code, err, r.stdout)
	}
	if info.Go != runtime.Version() || info.Module != "github.com/lipisearch/lipi" {
		t.Errorf("lipi version --json: %+v", info)
	}
	runIn("version", "extra").check(t, "lipi version extra", 2, `unexpected argument "extra"`)
}

// TestVersionOfBuild: a binary built in a checkout prints the commit it
// was built from.
func TestVersionOfBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds lipi")
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not a git checkout, or no git: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "lipi")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version", "--json").Output()
	if err != nil {
		t.Fatalf("lipi version: %v", err)
	}
	var info buildInfo
	if err := json.Unmarshal(out, &info); err != nil {
		t.Fatalf("lipi version --json: %v: %q", err, out)
	}
	if want := strings.TrimSpace(string(head)); info.Revision != want {
		t.Errorf("revision %q, want HEAD %q", info.Revision, want)
	}
}
