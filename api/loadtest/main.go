// Command loadtest replays search queries against a lipi server on this
// machine and reports latency percentiles, throughput and errors.
//
// Usage:
//
//	go run ./api/loadtest [-url http://127.0.0.1:8080] [-c 32] [-d 30s] [-queries FILE] [-pid PID]
//	go run ./api/loadtest -compare [-docs ../shared/corpus] [-c 32] [-d 30s] [-rounds 3]
//	go run ./api/loadtest -compare -opensearch URL[,URL...] [-docs ../shared/corpus] [-c 32] [-d 30s] [-rounds 3]
//	go run ./api/loadtest -responses FILE [-against OLD] [-url http://127.0.0.1:8080] [-queries FILE]
//	go run ./api/loadtest -scale 4 [-docs ../shared/corpus] [-work data/scale] [-c 32] [-d 30s] [-latency 20s]
//
// The first form loads a running server: each of -c connections sends
// GET /api/search?q=QUERY (the queries of -queries in turn, one a line)
// until -d has passed or -n requests were sent, after a -warmup that is
// not measured. With -pid it also reports the server's peak resident
// memory (VmHWM in /proc/PID/status).
//
// The second form is docs/BENCHMARKS.md's measurement: it builds lipi and
// the baseline command (./baseline: bleve's standard analyzer, a plain
// match query, highlighting on, served by the same api.Server), an index
// of -docs with each, serves them with `lipi serve` and `baseline` on free
// loopback ports, loads them the same way in turn, -rounds times for a
// share of -d each (lipi, standard, lipi, ...: a busier minute of a shared
// machine then falls on both), and prints both next to each other, over
// all rounds, with their ratios and the targets (lipi's throughput at
// least a quarter of the standard index's, its p99 at most four times the
// standard p99), and the throughput ratio of each round, and each
// index's build time when it built one (-rebuild builds both again).
// -cpuprofile writes a CPU profile of the lipi server to the work folder.
//
// With -opensearch (cluster.go) the second form is issue 22's measure
// instead: lipi's embedded index of -docs against the same documents on
// an OpenSearch cluster, whose node URLs must be on loopback too. It
// builds the embedded index again with `lipi index` and bulk-loads -docs
// into the cluster with `lipi index --backend opensearch --opensearch-index
// lipi-loadtest`, timing both, serves them with `lipi serve` and `lipi
// serve --backend opensearch`, loads them in turn as above (embedded,
// cluster, embedded, ...) and prints the cluster's figures as multiples
// of the embedded index's. The standard index is left out: it would take
// a third of each round and says nothing about the cluster. The alias
// and its index stay on the cluster after the run, to be looked at; the
// next run's bulk load replaces them.
//
// The third form is the byte-for-byte check of docs/BENCHMARKS.md
// (responses.go): it searches each query with each of ten parameter sets
// (pages, sizes, highlighting off, a language filter, date order,
// prefixes, fuzzy off), one request at a time, and writes every response
// without its took_ms to FILE, one line a request; with -against it then
// compares FILE with OLD, written the same way from another build, and
// prints how many responses differ and where the first few do.
//
// The fourth form (scale.go) is issue 20's measure of how costs grow with
// the archive: -docs as it is and -scale copies of its .jsonl files (ids
// suffixed -r0, -r1, …, written once into -work), for each the build time
// of both indexes, the peak RSS of `lipi index`, their sizes, and a
// -compare load with one connection for -latency and with -c connections
// for -d; it prints each size and the ratios the issue sets bars for.
//
// It only ever sends requests to loopback addresses, and has lipi send
// them to a cluster on loopback only; its count and duration are bounded.
//
// Files: main.go (flags, load, -compare), cluster.go (-compare
// -opensearch), responses.go (the byte-for-byte check), scale.go
// (-scale), rusage_unix.go and rusage_other.go (a finished process's peak
// RSS); baseline/ is the command the comparison serves the standard index
// with.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"
)

// Bounds of a run.
const (
	maxConns    = 256
	maxDuration = 10 * time.Minute
	maxRequests = 10_000_000
	maxRounds   = 30
	// minRound is the shortest stretch of load a -compare round may have:
	// shorter ones measure mostly their start and end.
	minRound = time.Second
	// maxScale is the most copies -scale makes of the corpus.
	maxScale = 64
)

type config struct {
	url      string
	conns    int
	duration time.Duration
	warmup   time.Duration
	requests int
	params   url.Values
	queries  []string
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	target := fs.String("url", "http://127.0.0.1:8080", "the server (a loopback address only)")
	conns := fs.Int("c", 32, fmt.Sprintf("connections sending requests at once (at most %d)", maxConns))
	duration := fs.Duration("d", 30*time.Second, fmt.Sprintf("how long to send requests, after the warm-up (at most %v)", maxDuration))
	warmup := fs.Duration("warmup", 3*time.Second, "how long to send requests before measuring")
	requests := fs.Int("n", 0, fmt.Sprintf("stop after this many measured requests (0: only -d; at most %d)", maxRequests))
	queriesFile := fs.String("queries", filepath.Join("..", "shared", "corpus", "load-queries.txt"), "queries, one a line")
	extra := fs.String("params", "", "more search parameters for every request, e.g. size=20&lang=bn")
	pid := fs.Int("pid", 0, "the server's process id, to report its peak RSS (Linux)")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	compare := fs.Bool("compare", false, "serve and load lipi and a standard-analyzer index of -docs in turn (docs/BENCHMARKS.md)")
	docs := fs.String("docs", filepath.Join("..", "shared", "corpus"), "with -compare: the documents to index")
	work := fs.String("work", filepath.Join("data", "loadtest"), "with -compare: folder for the binary, indexes and profile")
	lipiBin := fs.String("lipi", "", "with -compare: the lipi binary (default: go build into -work)")
	baselineBin := fs.String("baseline", "", "with -compare: the baseline binary (default: go build into -work)")
	rebuild := fs.Bool("rebuild", false, "with -compare: rebuild the indexes even if they exist")
	opensearch := fs.String("opensearch", "", "with -compare: compare lipi's embedded index with the same documents bulk-loaded into this OpenSearch cluster (comma-separated loopback node `URLs`) instead of with the standard index")
	cpuProfile := fs.Bool("cpuprofile", false, "with -compare: write a CPU profile of the lipi server to -work/lipi.cpu.pprof")
	scale := fs.Int("scale", 0, "serve, load and build lipi and standard indexes of -docs and of N copies of it, and report how each cost grows (issue 20; -c is the throughput run's connections, -latency the one-connection run's duration)")
	latency := fs.Duration("latency", 20*time.Second, "with -scale: how long the one-connection run of each size lasts")
	rounds := fs.Int("rounds", 3, fmt.Sprintf("with -compare: load the two servers in turn this many times, each for its share of -d (at most %d)", maxRounds))
	responses := fs.String("responses", "", "write the response to every query with each parameter set of the byte-for-byte check to `FILE`, one request at a time")
	against := fs.String("against", "", "with -responses: then compare FILE with an `OLD` file written the same way")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: loadtest [flags]\n\nLoads a lipi server on this machine with search queries; see the package doc.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	usage := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "loadtest: "+format+"\n", args...)
		return 2
	}
	if fs.NArg() > 0 {
		return usage("unexpected argument %q", fs.Arg(0))
	}
	switch {
	case *conns < 1 || *conns > maxConns:
		return usage("-c must be between 1 and %d", maxConns)
	case *duration <= 0 || *duration > maxDuration:
		return usage("-d must be between 0 and %v", maxDuration)
	case *warmup < 0 || *warmup > maxDuration:
		return usage("-warmup must be between 0 and %v", maxDuration)
	case *requests < 0 || *requests > maxRequests:
		return usage("-n must be between 0 and %d", maxRequests)
	case *rounds < 1 || *rounds > maxRounds:
		return usage("-rounds must be between 1 and %d", maxRounds)
	case *compare && *duration/time.Duration(*rounds) < minRound:
		return usage("-d %v in %d rounds leaves under %v a round", *duration, *rounds, minRound)
	case *responses != "" && *compare:
		return usage("-responses and -compare are two different runs")
	case *scale == 1 || *scale < 0 || *scale > maxScale:
		return usage("-scale must be between 2 and %d", maxScale)
	case *scale > 0 && (*compare || *responses != ""):
		return usage("-scale is a run of its own: no -compare, no -responses")
	case *scale > 0 && (*latency/time.Duration(*rounds) < minRound || *latency > maxDuration):
		return usage("-latency %v in %d rounds must leave at least %v a round, and be at most %v", *latency, *rounds, minRound, maxDuration)
	case *scale > 0 && *duration/time.Duration(*rounds) < minRound:
		return usage("-d %v in %d rounds leaves under %v a round", *duration, *rounds, minRound)
	case *against != "" && *responses == "":
		return usage("-against needs -responses")
	case *against != "" && filepath.Clean(*against) == filepath.Clean(*responses):
		return usage("-against names the file -responses writes")
	}
	var cluster []string
	if *opensearch != "" {
		if !*compare {
			return usage("-opensearch needs -compare")
		}
		if *baselineBin != "" {
			return usage("-baseline: -compare -opensearch serves no standard index")
		}
		var err error
		if cluster, err = parseClusterURLs(*opensearch); err != nil {
			return usage("%v", err)
		}
	}
	params, err := url.ParseQuery(*extra)
	if err != nil {
		return usage("-params: %v", err)
	}
	if params.Has("q") {
		return usage("-params must not set q: the queries come from -queries")
	}
	queries, err := readQueries(*queriesFile)
	if err != nil {
		fmt.Fprintf(stderr, "loadtest: %v\n", err)
		return 1
	}
	cfg := config{conns: *conns, duration: *duration, warmup: *warmup, requests: *requests, params: params, queries: queries}

	if *scale > 0 {
		sizes, err := runScale(cfg, scaleOptions{docs: *docs, work: *work, times: *scale, lipi: *lipiBin, baseline: *baselineBin, rounds: *rounds, latency: *latency, log: stderr})
		if err != nil {
			fmt.Fprintf(stderr, "loadtest: %v\n", err)
			return 1
		}
		if *asJSON {
			writeJSON(stdout, sizes)
		} else {
			fmt.Fprintf(stdout, "%d queries from %s; throughput with %d connections for %v, latency with one for %v, each in %d rounds taken in turn\n\n", len(queries), *queriesFile, cfg.conns, cfg.duration, *latency, *rounds)
			printScale(stdout, sizes)
		}
		return 0
	}
	if *compare {
		results, err := runCompare(cfg, compareOptions{docs: *docs, work: *work, lipi: *lipiBin, baseline: *baselineBin, rebuild: *rebuild, cpuProfile: *cpuProfile, rounds: *rounds,
			cluster: cluster, clusterAlias: clusterAlias, log: stderr})
		if err != nil {
			fmt.Fprintf(stderr, "loadtest: %v\n", err)
			return 1
		}
		if *asJSON {
			writeJSON(stdout, results)
		} else {
			fmt.Fprintf(stdout, "%d connections, %v measured on each server in %d rounds taken in turn, after a %v warm-up, %d queries from %s\n", cfg.conns, cfg.duration, *rounds, cfg.warmup, len(queries), *queriesFile)
			if cluster != nil {
				fmt.Fprintf(stdout, "%s indexed into lipi's embedded index and, as %s, into the cluster at %s\n", *docs, clusterAlias, strings.Join(cluster, ","))
			}
			fmt.Fprintln(stdout)
			printCompare(stdout, results)
		}
		for _, r := range results {
			if r.Errors > 0 {
				return 1
			}
		}
		return 0
	}

	if err := checkLoopback("-url", *target); err != nil {
		return usage("%v", err)
	}
	cfg.url = strings.TrimSuffix(*target, "/")
	if *responses != "" {
		differ, err := runResponses(cfg.url, queries, *responses, *against, stdout)
		if err != nil {
			fmt.Fprintf(stderr, "loadtest: %v\n", err)
			return 1
		}
		if differ > 0 {
			return 1
		}
		return 0
	}
	res, err := load(context.Background(), cfg)
	if err != nil {
		fmt.Fprintf(stderr, "loadtest: %v\n", err)
		return 1
	}
	res.Name = cfg.url
	if *pid > 0 {
		if res.PeakRSSMB, err = peakRSS(*pid); err != nil {
			fmt.Fprintf(stderr, "loadtest: peak RSS of %d: %v\n", *pid, err)
		}
	}
	if *asJSON {
		writeJSON(stdout, res)
	} else {
		fmt.Fprintf(stdout, "%s: %d connections, %v measured after a %v warm-up, %d queries from %s\n", cfg.url, cfg.conns, cfg.duration, cfg.warmup, len(queries), *queriesFile)
		printResult(stdout, res)
	}
	if res.Errors > 0 {
		return 1
	}
	return 0
}

// runResponses is loadtest -responses FILE [-against OLD]: it writes FILE,
// then returns how many of its responses differ from OLD's.
func runResponses(base string, queries []string, path, against string, stdout io.Writer) (int, error) {
	if err := checkResponseCount(queries); err != nil {
		return 0, err
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	n, err := writeResponses(context.Background(), base, queries, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	fmt.Fprintf(stdout, "%d responses of %s written to %s\n", n, base, path)
	if against == "" {
		return 0, nil
	}
	oldLines, err := readLines(against)
	if err != nil {
		return 0, err
	}
	newLines, err := readLines(path)
	if err != nil {
		return 0, err
	}
	return compareResponses(oldLines, newLines, stdout)
}

// readLines reads a file written by writeResponses, one response a line.
func readLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, nil
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n"), nil
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// readQueries reads one query a line, skipping blank lines.
func readQueries(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("queries: %w", err)
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if q := strings.TrimSpace(sc.Text()); q != "" {
			qs = append(qs, q)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("queries %s: %w", path, err)
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("queries %s: no query in it", path)
	}
	return qs, nil
}

// checkLoopback accepts only http URLs whose host is a loopback address or
// a name that resolves to loopback addresses only; flagName is the flag
// that gave raw, for the error.
func checkLoopback(flagName, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%s %q: %v", flagName, raw, err)
	}
	if u.Scheme != "http" || u.Host == "" {
		return fmt.Errorf("%s %q: want http://HOST:PORT", flagName, raw)
	}
	return checkLoopbackHost(flagName, raw, u.Hostname())
}

// checkLoopbackHost accepts host, of the URL raw, if it is a loopback
// address or a name that resolves to loopback addresses only.
func checkLoopbackHost(flagName, raw, host string) error {
	if ip := net.ParseIP(host); ip != nil {
		if !ip.IsLoopback() {
			return fmt.Errorf("%s %q: %s is not a loopback address: loadtest only loads servers on this machine", flagName, raw, host)
		}
		return nil
	}
	if host != "localhost" && !strings.HasSuffix(host, ".localhost") {
		return fmt.Errorf("%s %q: %s is not a loopback address: loadtest only loads servers on this machine", flagName, raw, host)
	}
	ips, err := net.LookupIP(host)
	if err != nil {
		return fmt.Errorf("%s %q: %v", flagName, raw, err)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("%s %q: %s resolves to %s, not a loopback address", flagName, raw, host, ip)
		}
	}
	return nil
}

// Result is one measured run.
type Result struct {
	Name        string         `json:"name"`
	Requests    int            `json:"requests"`
	Seconds     float64        `json:"seconds"`
	PerSecond   float64        `json:"requests_per_second"`
	Errors      int            `json:"errors"`
	Statuses    map[string]int `json:"statuses"`
	Transport   int            `json:"transport_errors"`
	P50MS       float64        `json:"p50_ms"`
	P90MS       float64        `json:"p90_ms"`
	P99MS       float64        `json:"p99_ms"`
	MaxMS       float64        `json:"max_ms"`
	PeakRSSMB   float64        `json:"peak_rss_mb,omitempty"`
	FirstErrors []string       `json:"first_errors,omitempty"`
	// RoundsPerSecond is the throughput of each round of a -compare run.
	RoundsPerSecond []float64 `json:"rounds_requests_per_second,omitempty"`
	// BuildSeconds is how long a -compare run took to build the index
	// served (0: it used one already built): `lipi index`, the baseline's
	// start, or the bulk load of `lipi index --backend opensearch`.
	BuildSeconds float64 `json:"build_seconds,omitempty"`
}

// load runs the warm-up, then the measured run.
func load(ctx context.Context, cfg config) (*Result, error) {
	hc := newClient(cfg.conns)
	defer hc.CloseIdleConnections()
	if err := warmUp(ctx, hc, cfg); err != nil {
		return nil, err
	}
	return measure(ctx, hc, cfg).result(), nil
}

// newClient is an HTTP client with a connection for each of conns.
func newClient(conns int) *http.Client {
	tr := &http.Transport{
		Proxy:               nil, // loopback, whatever proxy the environment names
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		MaxConnsPerHost:     conns,
		DisableCompression:  true,
	}
	return &http.Client{Transport: tr, Timeout: time.Minute}
}

// warmUp checks that the server answers, then loads it for cfg.warmup
// without measuring.
func warmUp(ctx context.Context, hc *http.Client, cfg config) error {
	// A first request tells a server that is not there from one that fails
	// under load.
	resp, err := hc.Get(cfg.url + "/api/health")
	if err != nil {
		return fmt.Errorf("server %s: %w", cfg.url, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if cfg.warmup > 0 {
		w := cfg
		w.duration, w.requests = cfg.warmup, 0
		measure(ctx, hc, w)
	}
	return nil
}

// sample is what one or more measured stretches of load saw.
type sample struct {
	lat      []time.Duration
	elapsed  time.Duration
	statuses map[string]int
	errs     []string // the first few
	trErrs   int
}

// add appends o's requests to s's, as if they had been one run.
func (s *sample) add(o *sample) {
	s.lat = append(s.lat, o.lat...)
	s.elapsed += o.elapsed
	if s.statuses == nil {
		s.statuses = map[string]int{}
	}
	for k, v := range o.statuses {
		s.statuses[k] += v
	}
	for _, e := range o.errs {
		if len(s.errs) < maxFirstErrors {
			s.errs = append(s.errs, e)
		}
	}
	s.trErrs += o.trErrs
}

// maxFirstErrors is how many error messages a result keeps.
const maxFirstErrors = 5

func (s *sample) perSecond() float64 {
	if s.elapsed <= 0 {
		return 0
	}
	return float64(len(s.lat)) / s.elapsed.Seconds()
}

// result summarizes s.
func (s *sample) result() *Result {
	lat := slices.Sorted(slices.Values(s.lat))
	statuses := s.statuses
	if statuses == nil {
		statuses = map[string]int{}
	}
	r := &Result{
		Requests:    len(lat),
		Seconds:     s.elapsed.Seconds(),
		PerSecond:   s.perSecond(),
		Statuses:    statuses,
		Transport:   s.trErrs,
		FirstErrors: s.errs,
		P50MS:       ms(percentile(lat, 0.50)),
		P90MS:       ms(percentile(lat, 0.90)),
		P99MS:       ms(percentile(lat, 0.99)),
	}
	if len(lat) > 0 {
		r.MaxMS = ms(lat[len(lat)-1])
	}
	r.Errors = r.Requests - statuses["200"]
	return r
}

// measure sends requests from cfg.conns goroutines until the time or the count
// is up.
func measure(ctx context.Context, hc *http.Client, cfg config) *sample {
	ctx, cancel := context.WithTimeout(ctx, cfg.duration)
	defer cancel()
	var (
		next atomic.Int64 // the next query; also counts requests started
		mu   sync.Mutex
		s    = &sample{statuses: map[string]int{}}
	)
	limit := int64(cfg.requests)
	start := time.Now()
	var wg sync.WaitGroup
	for range cfg.conns {
		wg.Go(func() {
			var mine []time.Duration
			defer func() {
				mu.Lock()
				s.lat = append(s.lat, mine...)
				mu.Unlock()
			}()
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if limit > 0 && i >= limit {
					return
				}
				p := url.Values{"q": {cfg.queries[int(i)%len(cfg.queries)]}}
				for k, v := range cfg.params {
					p[k] = v
				}
				t0 := time.Now()
				status, err := get(ctx, hc, cfg.url+"/api/search?"+p.Encode())
				d := time.Since(t0)
				if ctx.Err() != nil {
					return // cut off by the end of the run: not counted
				}
				mine = append(mine, d)
				if err != nil || status != http.StatusOK {
					mu.Lock()
					if err != nil {
						s.trErrs++
					}
					if len(s.errs) < maxFirstErrors {
						if err != nil {
							s.errs = append(s.errs, err.Error())
						} else {
							s.errs = append(s.errs, fmt.Sprintf("%d for q=%s", status, p.Get("q")))
						}
					}
					mu.Unlock()
				}
				if err == nil {
					mu.Lock()
					s.statuses[strconv.Itoa(status)]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	s.elapsed = time.Since(start)
	return s
}

func get(ctx context.Context, hc *http.Client, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// percentile of sorted durations (nearest rank).
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func printResult(w io.Writer, r *Result) {
	fmt.Fprintf(w, "requests  %d in %.1fs: %.1f/s\n", r.Requests, r.Seconds, r.PerSecond)
	fmt.Fprintf(w, "latency   p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n", r.P50MS, r.P90MS, r.P99MS, r.MaxMS)
	fmt.Fprintf(w, "errors    %d (transport %d; statuses %v)\n", r.Errors, r.Transport, r.Statuses)
	for _, e := range r.FirstErrors {
		fmt.Fprintf(w, "          %s\n", e)
	}
	if r.PeakRSSMB > 0 {
		fmt.Fprintf(w, "peak RSS  %.1f MB\n", r.PeakRSSMB)
	}
}

// peakRSS reads the peak resident set size of a process (VmHWM), in MB.
func peakRSS(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest) // "123456 kB"
			if len(f) == 2 && f[1] == "kB" {
				kb, err := strconv.ParseFloat(f[0], 64)
				return kb / 1024, err
			}
		}
	}
	return 0, errors.New("no VmHWM in /proc/PID/status")
}

type compareOptions struct {
	docs, work     string
	lipi, baseline string // the binaries; "" builds them
	rebuild        bool
	cpuProfile     bool
	rounds         int
	// cluster, with -opensearch, are the cluster's node URLs: the embedded
	// index is then compared with the cluster's (cluster.go), under the
	// alias clusterAlias, instead of with the standard index.
	cluster      []string
	clusterAlias string
	log          io.Writer
}

// The names of a -compare run's servers, as printed and in the JSON.
const (
	nameLipi     = "lipi"     // lipi's embedded index, beside the standard one
	nameStandard = "standard" // the baseline
	nameEmbedded = "embedded" // lipi's embedded index, beside the cluster
	nameCluster  = "cluster"  // lipi serve --backend opensearch
)

// contender is one index a -compare run builds, serves and loads.
type contender struct {
	name string
	// index is the folder served, or "" for a cluster's alias. An index
	// already there is used as it is unless the run rebuilds.
	index string
	// build builds the index, and returns how long that took in seconds.
	build func() (float64, error)
	// argv and args start the server; startServer adds --addr.
	argv, args []string
}

// lipiContender is lipi's embedded index of o.docs in o.work, named name.
func lipiContender(name, bin string, o compareOptions) contender {
	idx := filepath.Join(o.work, "lipi.bleve")
	args := []string{"--index", idx, "--docs", o.docs, "--log-level", "warn"}
	if o.cpuProfile {
		args = append(args, "--cpuprofile", filepath.Join(o.work, "lipi.cpu.pprof"))
	}
	return contender{name: name, index: idx, argv: []string{bin, "serve"}, args: args,
		build: func() (float64, error) {
			// lipi index rebuilds an index already at idx beside it and
			// swaps it in, so nothing is removed first.
			secs, _, err := timedRun([]string{bin, "index", "--quiet", "--docs", o.docs, "--index", idx}, o.log)
			if err != nil {
				return 0, fmt.Errorf("lipi index: %w", err)
			}
			return secs, nil
		}}
}

// standardContender is the baseline's standard-analyzer index of o.docs.
func standardContender(baseline string, o compareOptions) contender {
	idx := filepath.Join(o.work, "standard.bleve")
	return contender{name: nameStandard, index: idx, argv: []string{baseline}, args: []string{"--index", idx, "--log-level", "warn"},
		build: func() (float64, error) {
			// The baseline builds a missing index as it starts, into a
			// plain folder; the time until it serves is its build (and a
			// start that takes milliseconds). Stop it once it serves.
			os.RemoveAll(idx)
			start := time.Now()
			srv, err := startServer([]string{baseline}, []string{"--index", idx, "--docs", o.docs}, o.log, 30*time.Minute)
			if err != nil {
				return 0, err
			}
			secs := time.Since(start).Seconds()
			return secs, srv.stop()
		}}
}

// runCompare serves and loads two indexes in turn: lipi's and the standard
// one, or with o.cluster lipi's embedded index and the cluster's.
func runCompare(cfg config, o compareOptions) ([]*Result, error) {
	if err := os.MkdirAll(o.work, 0o755); err != nil {
		return nil, err
	}
	bin, err := goBuild(o.lipi, filepath.Join(o.work, "lipi"), "github.com/lipisearch/lipi", o.log)
	if err != nil {
		return nil, err
	}
	var contenders []contender
	rebuild := o.rebuild
	if len(o.cluster) > 0 {
		contenders = []contender{lipiContender(nameEmbedded, bin, o), clusterContender(bin, o)}
		// The cluster is loaded in every run; the embedded index is built
		// again too, so that both times come from the same run.
		rebuild = true
	} else {
		baseline, err := goBuild(o.baseline, filepath.Join(o.work, "baseline"), "github.com/lipisearch/lipi/api/loadtest/baseline", o.log)
		if err != nil {
			return nil, err
		}
		contenders = []contender{lipiContender(nameLipi, bin, o), standardContender(baseline, o)}
	}
	// Build both indexes first, each in a process of its own, so that the
	// measured servers start from a finished index.
	builds := make([]float64, len(contenders))
	for i, c := range contenders {
		if _, err := os.Stat(c.index); c.index != "" && err == nil && !rebuild {
			fmt.Fprintf(o.log, "%s: using the index at %s (-rebuild to rebuild it)\n", c.name, c.index)
			continue
		}
		if c.index != "" {
			fmt.Fprintf(o.log, "%s: indexing %s into %s\n", c.name, o.docs, c.index)
		} else {
			fmt.Fprintf(o.log, "%s: indexing %s into %s on %s\n", c.name, o.docs, o.clusterAlias, strings.Join(o.cluster, ","))
		}
		if builds[i], err = c.build(); err != nil {
			return nil, fmt.Errorf("%s: %w", c.name, err)
		}
		fmt.Fprintf(o.log, "%s: built in %.1fs\n", c.name, builds[i])
	}
	// Both servers run from here on, and are loaded in turn: each round
	// loads the first for its share of the duration, then the second for
	// as long, so that a slower or busier stretch of a shared machine
	// falls on both rather than on whichever ran then.
	type running struct {
		name   string
		srv    *server
		client *http.Client
		cfg    config
		all    sample
		rounds []float64
	}
	var live []*running
	defer func() {
		for _, r := range live {
			r.client.CloseIdleConnections()
			r.srv.stop()
		}
	}()
	for _, c := range contenders {
		srv, err := startServer(c.argv, c.args, o.log, time.Minute)
		if err != nil {
			return nil, err
		}
		r := &running{name: c.name, srv: srv, client: newClient(cfg.conns), cfg: cfg}
		r.cfg.url = srv.url
		live = append(live, r)
	}
	for _, r := range live {
		fmt.Fprintf(o.log, "%s: warming up %s (pid %d) for %v\n", r.name, r.srv.url, r.srv.cmd.Process.Pid, cfg.warmup)
		if err := warmUp(context.Background(), r.client, r.cfg); err != nil {
			return nil, fmt.Errorf("%s: %w", r.name, err)
		}
	}
	rounds := max(o.rounds, 1)
	for round := range rounds {
		for _, r := range live {
			c := r.cfg
			c.duration = cfg.duration / time.Duration(rounds)
			if cfg.requests > 0 {
				c.requests = max(cfg.requests/rounds, 1)
			}
			got := measure(context.Background(), r.client, c)
			r.all.add(got)
			r.rounds = append(r.rounds, got.perSecond())
			fmt.Fprintf(o.log, "round %d of %d: %s %.1f requests/s\n", round+1, rounds, r.name, got.perSecond())
		}
	}
	var results []*Result
	for i, r := range live {
		res := r.all.result()
		res.Name = r.name
		res.RoundsPerSecond = r.rounds
		res.BuildSeconds = builds[i]
		var err error
		if res.PeakRSSMB, err = peakRSS(r.srv.cmd.Process.Pid); err != nil {
			return nil, fmt.Errorf("%s: %w", r.name, err)
		}
		results = append(results, res)
	}
	var stopErr error
	for _, r := range live {
		r.client.CloseIdleConnections()
		if err := r.srv.stop(); err != nil && stopErr == nil {
			stopErr = fmt.Errorf("%s: %w", r.name, err)
		}
	}
	live = nil
	if stopErr != nil {
		return nil, stopErr
	}
	if o.cpuProfile {
		fmt.Fprintf(o.log, "CPU profile of the lipi server: go tool pprof -top %s %s\n", bin, filepath.Join(o.work, "lipi.cpu.pprof"))
	}
	return results, nil
}

// goBuild builds the package pkg into out, unless bin names a binary.
func goBuild(bin, out, pkg string, log io.Writer) (string, error) {
	if bin != "" {
		return bin, nil
	}
	fmt.Fprintf(log, "building %s\n", out)
	if msg, err := exec.Command("go", "build", "-o", out, pkg).CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %v\n%s", pkg, err, msg)
	}
	return out, nil
}

// server is a `lipi serve` or a baseline started by runCompare.
type server struct {
	cmd    *exec.Cmd
	name   string
	url    string
	exited chan error
}

// startServer starts the command argv with args on a free loopback port
// and waits until it answers /api/health.
func startServer(argv, args []string, log io.Writer, timeout time.Duration) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	name := strings.Join(append([]string{filepath.Base(argv[0])}, argv[1:]...), " ")
	args = append([]string{"--addr", addr}, args...)
	cmd := exec.Command(argv[0], append(argv[1:len(argv):len(argv)], args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, name: name, url: "http://" + addr, exited: make(chan error, 1)}
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			fmt.Fprintf(log, "  %s: %s\n", name, sc.Text())
		}
		s.exited <- cmd.Wait()
	}()
	hc := &http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: 5 * time.Second}
	deadline := time.Now().Add(timeout)
	for {
		select {
		case err := <-s.exited:
			return nil, fmt.Errorf("%s %s exited: %v", name, strings.Join(args, " "), err)
		default:
		}
		if resp, err := hc.Get(s.url + "/api/health"); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			return nil, fmt.Errorf("%s %s did not answer within %v", name, strings.Join(args, " "), timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop ends the server with SIGTERM (it writes its CPU profile then).
func (s *server) stop() error {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.exited:
		return err
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		return fmt.Errorf("%s did not stop within 30s of SIGTERM", s.name)
	}
}

// printCompare prints the runs side by side, then the second's figures
// against the first's: lipi's against the standard index's, with the
// targets, or the cluster's against the embedded index's.
func printCompare(w io.Writer, rs []*Result) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "\t")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t", r.Name)
	}
	fmt.Fprintln(tw)
	row := func(name string, f func(*Result) string) {
		fmt.Fprintf(tw, "%s\t", name)
		for _, r := range rs {
			fmt.Fprintf(tw, "%s\t", f(r))
		}
		fmt.Fprintln(tw)
	}
	row("build s", func(r *Result) string {
		if r.BuildSeconds == 0 {
			return "-" // an index already built
		}
		return fmt.Sprintf("%.1f", r.BuildSeconds)
	})
	row("requests", func(r *Result) string { return strconv.Itoa(r.Requests) })
	row("requests/s", func(r *Result) string { return fmt.Sprintf("%.1f", r.PerSecond) })
	row("p50 ms", func(r *Result) string { return fmt.Sprintf("%.1f", r.P50MS) })
	row("p90 ms", func(r *Result) string { return fmt.Sprintf("%.1f", r.P90MS) })
	row("p99 ms", func(r *Result) string { return fmt.Sprintf("%.1f", r.P99MS) })
	row("max ms", func(r *Result) string { return fmt.Sprintf("%.1f", r.MaxMS) })
	row("errors", func(r *Result) string { return strconv.Itoa(r.Errors) })
	row("peak RSS MB", func(r *Result) string { return fmt.Sprintf("%.1f", r.PeakRSSMB) })
	tw.Flush()
	if len(rs) != 2 {
		return
	}
	switch rs[1].Name {
	case nameStandard:
		printTargets(w, rs[0], rs[1])
	case nameCluster:
		printClusterRatios(w, rs[0], rs[1])
	}
}

// printTargets prints lipi's figures as multiples of the standard index's
// and the targets of docs/BENCHMARKS.md.
func printTargets(w io.Writer, lipi, std *Result) {
	if std.PerSecond == 0 || std.P99MS == 0 {
		return
	}
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "MISSED"
	}
	tput := lipi.PerSecond / std.PerSecond
	p99 := lipi.P99MS / std.P99MS
	fmt.Fprintf(w, "\nthroughput lipi/standard %.2f (target ≥ 0.25): %s\n", tput, verdict(tput >= 0.25))
	fmt.Fprintf(w, "p99 lipi/standard        %.2f (target ≤ 4): %s\n", p99, verdict(p99 <= 4))
	fmt.Fprintf(w, "p50 lipi/standard        %.2f\n", lipi.P50MS/std.P50MS)
	fmt.Fprintf(w, "peak RSS lipi/standard   %.2f\n", lipi.PeakRSSMB/std.PeakRSSMB)
	printRounds(w, "throughput in each round", lipi, std)
}

// printRounds prints label, then a's throughput over b's in each round of
// the run.
func printRounds(w io.Writer, label string, a, b *Result) {
	if len(a.RoundsPerSecond) < 2 || len(a.RoundsPerSecond) != len(b.RoundsPerSecond) {
		return
	}
	fmt.Fprint(w, label)
	for i, x := range a.RoundsPerSecond {
		if b.RoundsPerSecond[i] > 0 {
			fmt.Fprintf(w, " %s", fmtRatio(x/b.RoundsPerSecond[i]))
		}
	}
	fmt.Fprintln(w)
}

// fmtRatio writes a ratio with two decimals, or, below 0.1, with two
// significant digits: a server a hundred times slower is 0.0098, not 0.00.
func fmtRatio(x float64) string {
	if x != 0 && x < 0.1 {
		return strconv.FormatFloat(x, 'g', 2, 64)
	}
	return fmt.Sprintf("%.2f", x)
}
