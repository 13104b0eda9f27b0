package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCheckLoopback(t *testing.T) {
	for u, ok := range map[string]bool{
		"http://127.0.0.1:8080":     true,
		"http://127.1.2.3:80/":      true,
		"http://[::1]:8080":         true,
		"http://localhost:8080":     true,
		"http://10.0.0.1:8080":      false,
		"http://192.168.1.2":        false,
		"http://example.org":        false,
		"https://127.0.0.1:8443":    false,
		"http://0.0.0.0:8080":       false,
		"127.0.0.1:8080":            false,
		"http://127.0.0.1.nip.io:1": false,
	} {
		if err := checkLoopback("-url", u); (err == nil) != ok {
			t.Errorf("checkLoopback(%q) = %v, want ok %v", u, err, ok)
		}
	}
}

// TestLoad: a short run against a test server counts requests, statuses and
// errors, and orders its percentiles.
func TestLoad(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/api/health":
		case r.URL.Path != "/api/search" || r.URL.Query().Get("size") != "5":
			http.Error(w, "bad", http.StatusBadRequest)
		case r.URL.Query().Get("q") == "slow":
			time.Sleep(20 * time.Millisecond)
		case r.URL.Query().Get("q") == "bad":
			http.Error(w, "bad", http.StatusInternalServerError)
		}
	}))
	srv.Listener = ln
	srv.Start()
	defer srv.Close()
	cfg := config{url: srv.URL, conns: 4, duration: 300 * time.Millisecond, warmup: 50 * time.Millisecond,
		params: map[string][]string{"size": {"5"}}, queries: []string{"a", "slow", "bad", "b"}}
	r, err := load(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests < 20 || r.Statuses["200"]+r.Statuses["500"] != r.Requests || r.Errors != r.Statuses["500"] || r.Errors == 0 {
		t.Errorf("result %+v", r)
	}
	if !(r.P50MS <= r.P90MS && r.P90MS <= r.P99MS && r.P99MS <= r.MaxMS && r.MaxMS >= 20) {
		t.Errorf("percentiles %v %v %v %v", r.P50MS, r.P90MS, r.P99MS, r.MaxMS)
	}
	cfg.requests, cfg.duration = 10, time.Minute
	if r, err := load(context.Background(), cfg); err != nil || r.Requests != 10 {
		t.Errorf("-n 10: %d requests, %v", r.Requests, err)
	}
}

func TestRunArgs(t *testing.T) {
	q := filepath.Join(t.TempDir(), "q.txt")
	os.WriteFile(q, []byte("Putin\n\nदीक्षित\n"), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"-url", "http://example.org", "-queries", q}, 2, "not a loopback address"},
		{[]string{"-c", "0", "-queries", q}, 2, "-c must be"},
		{[]string{"-c", "1000", "-queries", q}, 2, "-c must be"},
		{[]string{"-d", "1h", "-queries", q}, 2, "-d must be"},
		{[]string{"-params", "q=x", "-queries", q}, 2, "must not set q"},
		{[]string{"-rounds", "0", "-queries", q}, 2, "-rounds must be"},
		{[]string{"-compare", "-d", "2s", "-rounds", "3", "-queries", q}, 2, "under 1s a round"},
		{[]string{"-scale", "1", "-queries", q}, 2, "-scale must be between 2"},
		{[]string{"-scale", "1000", "-queries", q}, 2, "-scale must be between 2"},
		{[]string{"-scale", "4", "-compare", "-queries", q}, 2, "a run of its own"},
		{[]string{"-scale", "4", "-latency", "2s", "-rounds", "3", "-queries", q}, 2, "-latency 2s in 3 rounds"},
		{[]string{"-scale", "4", "-d", "2s", "-rounds", "3", "-queries", q}, 2, "under 1s a round"},
		{[]string{"-opensearch", "http://127.0.0.1:9250", "-queries", q}, 2, "-opensearch needs -compare"},
		{[]string{"-compare", "-opensearch", "http://127.0.0.1:9250,http://10.0.0.1:9200", "-queries", q}, 2, "10.0.0.1 is not a loopback address"},
		{[]string{"-compare", "-opensearch", "http://127.0.0.1:9250", "-baseline", "b", "-queries", q}, 2, "serves no standard index"},
		{[]string{"-queries", filepath.Join(t.TempDir(), "none")}, 1, "no such file"},
		{[]string{"-url", "http://127.0.0.1:1", "-d", "1s", "-queries", q}, 1, "server http://127.0.0.1:1"},
	} {
		var out bytes.Buffer
		if code := run(tc.args, &out, &out); code != tc.code || !strings.Contains(out.String(), tc.out) {
			t.Errorf("loadtest %q = %d %q, want %d and %q", tc.args, code, out.String(), tc.code, tc.out)
		}
	}
	if qs, err := readQueries(q); err != nil || len(qs) != 2 {
		t.Errorf("readQueries = %q, %v", qs, err)
	}
}

func TestPeakRSS(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc")
	}
	mb, err := peakRSS(os.Getpid())
	if err != nil || mb < 1 || mb > 1e5 {
		t.Errorf("peakRSS = %v MB, %v", mb, err)
	}
}

// TestSampleAdd: rounds added together count every request once, their
// time summed, and take their percentiles over all of them.
func TestSampleAdd(t *testing.T) {
	ms := func(v ...int) (d []time.Duration) {
		for _, x := range v {
			d = append(d, time.Duration(x)*time.Millisecond)
		}
		return d
	}
	a := &sample{lat: ms(1, 2, 3, 4), elapsed: 2 * time.Second, statuses: map[string]int{"200": 4}}
	b := &sample{lat: ms(100, 5, 6, 7, 8, 9), elapsed: 3 * time.Second, statuses: map[string]int{"200": 5, "500": 1},
		errs: []string{"500 for q=x"}, trErrs: 0}
	var all sample
	all.add(a)
	all.add(b)
	r := all.result()
	if r.Requests != 10 || r.Seconds != 5 || r.PerSecond != 2 || r.Errors != 1 || r.Statuses["200"] != 9 {
		t.Errorf("merged result %+v", r)
	}
	if r.P50MS != 5 || r.P90MS != 9 || r.MaxMS != 100 {
		t.Errorf("percentiles p50 %v p90 %v max %v, want 5, 9, 100", r.P50MS, r.P90MS, r.MaxMS)
	}
	if len(r.FirstErrors) != 1 || a.perSecond() != 2 || b.perSecond() != 2 {
		t.Errorf("errors %q, rates %v %v", r.FirstErrors, a.perSecond(), b.perSecond())
	}
	for range 10 {
		all.add(b)
	}
	if len(all.errs) != maxFirstErrors {
		t.Errorf("%d first errors kept, want %d", len(all.errs), maxFirstErrors)
	}
}

// TestCompare runs the comparison on the seed articles: both servers are
// loaded in every round, and each result adds its rounds up.
func TestCompare(t *testing.T) {
	if testing.Short() {
		t.Skip("builds lipi and two indexes")
	}
	work, bin, cfg := compareSetup(t)
	var log bytes.Buffer
	results, err := runCompare(cfg, compareOptions{docs: filepath.Join("..", "..", "seeds"), work: work, lipi: bin, rounds: 2, log: &log})
	if err != nil {
		t.Fatalf("runCompare: %v\n%s", err, log.String())
	}
	if len(results) != 2 || results[0].Name != "lipi" || results[1].Name != "standard" {
		t.Fatalf("results %+v", results)
	}
	for _, r := range results {
		if r.Requests == 0 || r.Errors != 0 || r.PeakRSSMB <= 0 || len(r.RoundsPerSecond) != 2 || r.BuildSeconds <= 0 {
			t.Errorf("%s: %+v", r.Name, r)
		}
		// Two rounds of a second each.
		if r.Seconds < 1.9 || r.Seconds > 3 {
			t.Errorf("%s measured for %.2fs, want about 2s", r.Name, r.Seconds)
		}
		for _, ps := range r.RoundsPerSecond {
			if ps <= 0 {
				t.Errorf("%s: a round without requests: %v", r.Name, r.RoundsPerSecond)
			}
		}
	}
	if got := strings.Count(log.String(), "round "); got != 4 {
		t.Errorf("log names %d rounds, want 4 (2 rounds × 2 servers):\n%s", got, log.String())
	}
	var out bytes.Buffer
	printCompare(&out, results)
	if !strings.Contains(out.String(), "throughput in each round") {
		t.Errorf("printCompare:\n%s", out.String())
	}
}

// compareSetup builds lipi into a work folder and returns it with a short
// load of the seed names, for the -compare tests.
func compareSetup(t *testing.T) (work, bin string, cfg config) {
	t.Helper()
	work = t.TempDir()
	bin = filepath.Join(work, "lipi")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/lipisearch/lipi").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cfg = config{conns: 4, duration: 2 * time.Second, warmup: 200 * time.Millisecond,
		queries: []string{"Dikshit", "दीक्षित", "দীক্ষিত", "Putin Moscow"}}
	return work, bin, cfg
}
