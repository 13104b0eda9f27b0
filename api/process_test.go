package api

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lipisearch/lipi/analyzers"
	"github.com/lipisearch/lipi/index"
)

// The tests here run the lipi binary (`lipi serve`) as a real process and
// signal it; they skip under -short.

var lipiBin struct {
	once sync.Once
	path string
	err  error
}

// lipiBinary builds the lipi command once per test run.
func lipiBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the lipi binary; skipped under -short")
	}
	lipiBin.once.Do(func() {
		dir, err := os.MkdirTemp("", "lipi-api-test-")
		if err != nil {
			lipiBin.err = err
			return
		}
		lipiBin.path = filepath.Join(dir, "lipi")
		if out, err := exec.Command("go", "build", "-o", lipiBin.path, "github.com/lipisearch/lipi").CombinedOutput(); err != nil {
			lipiBin.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if lipiBin.err != nil {
		t.Fatal(lipiBin.err)
	}
	return lipiBin.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if lipiBin.path != "" {
		os.RemoveAll(filepath.Dir(lipiBin.path))
	}
	os.Exit(code)
}

// serveProc is a running `lipi serve`.
type serveProc struct {
	cmd    *exec.Cmd
	base   string
	exited chan struct{}
	err    error // of Wait, once exited is closed

	mu    sync.Mutex
	lines []string // stderr
	added chan struct{}
}

// startServe starts `lipi serve --addr 127.0.0.1:0 args…` with the extra
// environment env and waits until it logs that it is serving.
func startServe(t *testing.T, env []string, args ...string) *serveProc {
	t.Helper()
	bin := lipiBinary(t)
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serveProc{cmd: cmd, exited: make(chan struct{}), added: make(chan struct{}, 1)}
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			p.mu.Lock()
			p.lines = append(p.lines, sc.Text())
			p.mu.Unlock()
			select {
			case p.added <- struct{}{}:
			default:
			}
		}
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
			t.Logf("lipi serve's stderr:\n%s", p.output())
		}
	})
	line := p.waitLine(t, `"msg":"serving"`, 60*time.Second)
	var rec struct{ URL string }
	if err := json.Unmarshal([]byte(line), &rec); err != nil || rec.URL == "" {
		t.Fatalf("serving line %q: %v", line, err)
	}
	p.base = rec.URL
	return p
}

func (p *serveProc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.lines, "\n")
}

// waitLine waits for a line of stderr that contains s and returns it.
func (p *serveProc) waitLine(t *testing.T, s string, timeout time.Duration) string {
	t.Helper()
	deadline := time.After(timeout)
	for {
		p.mu.Lock()
		for _, l := range p.lines {
			if strings.Contains(l, s) {
				p.mu.Unlock()
				return l
			}
		}
		p.mu.Unlock()
		select {
		case <-p.added:
		case <-p.exited:
			// The last lines may have come with the exit.
			p.mu.Lock()
			i := slices.IndexFunc(p.lines, func(l string) bool { return strings.Contains(l, s) })
			p.mu.Unlock()
			if i >= 0 {
				return p.lines[i]
			}
			t.Fatalf("lipi serve exited (%v) before logging %q", p.err, s)
		case <-deadline:
			t.Fatalf("lipi serve did not log %q within %v", s, timeout)
		}
	}
}

// waitExit waits for the process to end and returns its exit status.
func (p *serveProc) waitExit(t *testing.T, timeout time.Duration) int {
	t.Helper()
	select {
	case <-p.exited:
	case <-time.After(timeout):
		t.Fatalf("lipi serve still running %v after SIGTERM", timeout)
	}
	var ee *exec.ExitError
	if errors.As(p.err, &ee) {
		return ee.ExitCode()
	}
	if p.err != nil {
		t.Fatalf("lipi serve: %v", p.err)
	}
	return 0
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

// refused reports whether a new connection to the server is refused.
func refused(base string) bool {
	c, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), time.Second)
	if err == nil {
		c.Close()
		return false
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}

// TestShutdownGraceful: SIGTERM during a slow search stops new connections
// at once, lets the search finish with its full answer, and then exits 0;
// a request after the shutdown is refused.
func TestShutdownGraceful(t *testing.T) {
	const delay = 3 * time.Second
	p := startServe(t, []string{searchDelayEnv + "=" + delay.String()},
		"--index", filepath.Join(t.TempDir(), "idx"), "--docs", seedsDir)
	slow := getAsync(p.base + "/api/search?q=Dikshit")
	p.waitLine(t, "search delayed", 10*time.Second)
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	signalled := time.Now()
	p.waitLine(t, "shutting down", 5*time.Second)
	for !refused(p.base) {
		if time.Since(signalled) > time.Second {
			t.Fatalf("new connections still accepted %v after SIGTERM", time.Since(signalled))
		}
		time.Sleep(10 * time.Millisecond)
	}
	stoppedAccepting := time.Now()
	if _, err := fresh.Get(p.base + "/api/health"); err == nil {
		t.Errorf("a request during the shutdown was answered")
	}

	r := <-slow
	if r.err != nil || r.status != http.StatusOK {
		t.Fatalf("the slow search in flight at SIGTERM: %d %v %s", r.status, r.err, r.body)
	}
	var resp index.Response
	if err := json.Unmarshal(r.body, &resp); err != nil || resp.Total != 3 {
		t.Errorf("the slow search's answer: total %d, %v", resp.Total, err)
	}
	if !stoppedAccepting.Before(r.at) {
		t.Errorf("new connections were refused only after the slow request finished")
	}
	if code := p.waitExit(t, 10*time.Second); code != 0 {
		t.Errorf("exit status %d after a graceful shutdown", code)
	}
	if _, err := fresh.Get(p.base + "/api/health"); err == nil {
		t.Errorf("a request after the shutdown was answered")
	}
	out := p.output()
	if !strings.Contains(out, `"msg":"stopped"`) || !strings.Contains(out, `"uri":"/api/search?q=Dikshit","status":200`) {
		t.Errorf("the log lacks the stop or the slow request's record:\n%s", out)
	}
}

// TestShutdownBounded: a request still running at the end of
// --shutdown-timeout is cut off, and the server exits (status 1, saying
// so) instead of waiting for it.
func TestShutdownBounded(t *testing.T) {
	p := startServe(t, []string{searchDelayEnv + "=1m"},
		"--index", filepath.Join(t.TempDir(), "idx"), "--docs", seedsDir,
		"--shutdown-timeout", "300ms", "--search-timeout", "2m")
	slow := getAsync(p.base + "/api/search?q=Dikshit")
	p.waitLine(t, "search delayed", 10*time.Second)
	start := time.Now()
	p.cmd.Process.Signal(syscall.SIGTERM)
	code := p.waitExit(t, 10*time.Second)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("exit %v after SIGTERM with a 300ms shutdown timeout", took)
	}
	if code != 1 || !strings.Contains(p.output(), "cut off") {
		t.Errorf("exit status %d; want 1 and a message about cut-off requests", code)
	}
	if r := <-slow; r.err == nil && r.status == http.StatusOK {
		t.Errorf("the cut-off request was answered 200")
	}
}

// TestSIGHUP: with polling off (--watch 0), a rebuilt index is served after
// SIGHUP, not before; the previous one was deleted by the rebuild meanwhile
// and still answered.
func TestSIGHUP(t *testing.T) {
	docs := copySeeds(t)
	path := filepath.Join(t.TempDir(), "idx")
	p := startServe(t, nil, "--index", path, "--docs", docs, "--watch", "0")
	if ids := searchIDs(t, p.base, "Kestrelford"); len(ids) != 0 {
		t.Fatalf("found %v before the document was added", ids)
	}
	os.WriteFile(filepath.Join(docs, "added.txt"), []byte("Kestrelford bridge opens\n\nThe town of Kestrelford opened a bridge.\n"), 0o644)
	if err := index.Rebuild(docs, path, index.RebuildOptions{Synonyms: analyzers.DefaultSynonyms()}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if ids := searchIDs(t, p.base, "Kestrelford"); len(ids) != 0 {
		t.Errorf("without SIGHUP or polling, the new index is already served (%v)", ids)
	}
	if ids := searchIDs(t, p.base, "Dikshit"); len(ids) != 3 {
		t.Errorf("the previous index (deleted by the rebuild) answers %v", ids)
	}
	p.cmd.Process.Signal(syscall.SIGHUP)
	p.waitLine(t, `"msg":"index swapped"`, 10*time.Second)
	if ids := searchIDs(t, p.base, "Kestrelford"); !slices.Equal(ids, []string{"added"}) {
		t.Errorf("after SIGHUP: %v, want [added]", ids)
	}
	p.cmd.Process.Signal(syscall.SIGHUP)
	p.waitLine(t, `"msg":"index unchanged"`, 10*time.Second)
	p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.waitExit(t, 10*time.Second); code != 0 {
		t.Errorf("exit status %d", code)
	}
}

// TestServeMaxSearches: with --max-searches 1 a second search waits for
// the first to end before it starts, and both answer; 0 is refused.
func TestServeMaxSearches(t *testing.T) {
	p := startServe(t, []string{searchDelayEnv + "=700ms"},
		"--index", filepath.Join(t.TempDir(), "idx"), "--docs", seedsDir, "--max-searches", "1")
	first := getAsync(p.base + "/api/search?q=Dikshit")
	p.waitLine(t, "search delayed", 10*time.Second)
	second := getAsync(p.base + "/api/search?q=Dixit")
	time.Sleep(200 * time.Millisecond)
	started := func() int { return strings.Count(p.output(), "search delayed") }
	if n := started(); n != 1 {
		t.Errorf("%d searches started while the one turn was taken", n)
	}
	for _, ch := range []<-chan result{first, second} {
		if r := <-ch; r.err != nil || r.status != http.StatusOK {
			t.Errorf("search: %d %v %s", r.status, r.err, r.body)
		}
	}
	if n := started(); n != 2 {
		t.Errorf("%d searches started, want 2", n)
	}

	out, err := exec.Command(lipiBinary(t), "serve", "--max-searches", "0").CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(string(out), "--max-searches") {
		t.Errorf("serve --max-searches 0: %v\n%s", err, out)
	}
}
