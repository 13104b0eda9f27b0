package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The scale run (-scale N): how lipi's costs grow with the archive, beside
// bleve's standard analyzer, on the corpus and on N copies of it (issue
// 20's bar). For each size it builds both indexes, timing the builds and
// taking the peak RSS of `lipi index`, then loads both servers with one
// connection (latency) and with -c connections (throughput), as -compare
// does.

type scaleOptions struct {
	docs, work     string
	times          int // the larger corpus is this many copies
	lipi, baseline string
	rounds         int
	latency        time.Duration // the one-connection run of each size
	log            io.Writer
}

// scaleSize is what the scale run measured at one size.
type scaleSize struct {
	Copies        int     `json:"copies"`
	Docs          int     `json:"documents"`
	LipiBuild     float64 `json:"lipi_build_seconds"`
	StandardBuild float64 `json:"standard_build_seconds"`
	LipiBuildRSS  float64 `json:"lipi_build_peak_rss_mb"`
	LipiSize      float64 `json:"lipi_index_mb"`
	StandardSize  float64 `json:"standard_index_mb"`
	// Latency is the one-connection run, Throughput the -c run: lipi's
	// result first, the standard index's second.
	Latency    []*Result `json:"latency"`
	Throughput []*Result `json:"throughput"`
	// Found compares what lipi finds at this size with what it finds in
	// one copy (the larger size only).
	Found *scaleFound `json:"found_at_scale,omitempty"`
}

// scaleFound is issue 20's check that the archive's size does not change
// what is found: for each query, the documents of lipi's first page in
// one copy against the distinct documents (copy suffix stripped) of the
// first Copies pages in Copies copies, where each should be Copies times.
type scaleFound struct {
	Queries int `json:"queries"` // queries with a hit in one copy
	// Differ is how many of them differ beyond ties at the page's edge
	// (hits that score what its last hit scores, in either index);
	// NearEdge how many of those only by hits within 5 % of that score,
	// which a rare term's idf, smoothed by the number of documents, may
	// move.
	Differ   int      `json:"differ"`
	NearEdge int      `json:"near_edge"`
	Examples []string `json:"examples,omitempty"` // the first few, described
}

// runScale measures the corpus (as one copy) and times copies of it.
func runScale(cfg config, o scaleOptions) ([]*scaleSize, error) {
	if o.times < 2 {
		return nil, errors.New("-scale needs at least 2 copies")
	}
	if err := os.MkdirAll(o.work, 0o755); err != nil {
		return nil, err
	}
	var err error
	if o.lipi, err = goBuild(o.lipi, filepath.Join(o.work, "lipi"), "github.com/lipisearch/lipi", o.log); err != nil {
		return nil, err
	}
	if o.baseline, err = goBuild(o.baseline, filepath.Join(o.work, "baseline"), "github.com/lipisearch/lipi/api/loadtest/baseline", o.log); err != nil {
		return nil, err
	}
	var sizes []*scaleSize
	for _, copies := range []int{1, o.times} {
		dir := filepath.Join(o.work, fmt.Sprintf("x%d", copies))
		docs := filepath.Join(dir, "docs")
		n, err := writeCopies(o.docs, docs, copies)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(o.log, "x%d: %d documents in %s\n", copies, n, docs)
		sz := &scaleSize{Copies: copies, Docs: n}
		lipiIndex, standardIndex := filepath.Join(dir, "lipi.bleve"), filepath.Join(dir, "standard.bleve")
		os.RemoveAll(lipiIndex)
		os.RemoveAll(standardIndex)
		fmt.Fprintf(o.log, "x%d: lipi index\n", copies)
		if sz.LipiBuild, sz.LipiBuildRSS, err = timedRun([]string{o.lipi, "index", "--quiet", "--docs", docs, "--index", lipiIndex}, o.log); err != nil {
			return nil, fmt.Errorf("lipi index: %w", err)
		}
		// The baseline builds a missing index as it starts: the time until
		// it serves is its build (and a start that takes milliseconds).
		fmt.Fprintf(o.log, "x%d: standard index\n", copies)
		start := time.Now()
		srv, err := startServer([]string{o.baseline}, []string{"--index", standardIndex, "--docs", docs}, o.log, 2*time.Hour)
		if err != nil {
			return nil, err
		}
		sz.StandardBuild = time.Since(start).Seconds()
		if err := srv.stop(); err != nil {
			return nil, err
		}
		sz.LipiSize, sz.StandardSize = dirMB(lipiIndex), dirMB(standardIndex)
		// -compare's work folder holds the indexes under these names.
		compare := compareOptions{docs: docs, work: dir, lipi: o.lipi, baseline: o.baseline, rounds: o.rounds, log: o.log}
		one := cfg
		one.conns, one.duration, one.requests = 1, o.latency, 0
		if sz.Latency, err = runCompare(one, compare); err != nil {
			return nil, err
		}
		if sz.Throughput, err = runCompare(cfg, compare); err != nil {
			return nil, err
		}
		sizes = append(sizes, sz)
	}
	found, err := compareFound(cfg.queries, o, sizes[len(sizes)-1].Copies)
	if err != nil {
		return nil, err
	}
	sizes[len(sizes)-1].Found = found
	return sizes, nil
}

// foundPage is what a page of hits says of each: its id and score.
type foundPage struct {
	Hits []struct {
		ID    string  `json:"id"`
		Score float64 `json:"score"`
	} `json:"hits"`
}

// compareFound serves lipi's index of one copy and of copies copies and
// compares what each finds for every query (scaleFound).
func compareFound(queries []string, o scaleOptions, copies int) (*scaleFound, error) {
	serve := func(copies int) (*server, error) {
		idx := filepath.Join(o.work, fmt.Sprintf("x%d", copies), "lipi.bleve")
		return startServer([]string{o.lipi, "serve"}, []string{"--index", idx, "--log-level", "warn"}, o.log, 5*time.Minute)
	}
	small, err := serve(1)
	if err != nil {
		return nil, err
	}
	defer small.stop()
	large, err := serve(copies)
	if err != nil {
		return nil, err
	}
	defer large.stop()
	hc := newClient(1)
	found := &scaleFound{}
	for _, q := range queries {
		one, err := fetchHits(hc, small.url, q, pageSize)
		if err != nil {
			return nil, err
		}
		if len(one) == 0 {
			continue
		}
		many, err := fetchHits(hc, large.url, q, pageSize*copies)
		if err != nil {
			return nil, err
		}
		found.Queries++
		exact, near := diffFound(one, many)
		switch {
		case len(exact) == 0:
			continue
		case len(near) == 0:
			found.NearEdge++
		}
		found.Differ++
		if len(found.Examples) < 10 {
			found.Examples = append(found.Examples, fmt.Sprintf("%q: %s", q, strings.Join(exact, ", ")))
		}
	}
	fmt.Fprintf(o.log, "found at scale: %d of %d queries differ between x1 and x%d beyond ties at the page's edge, %d of them only within 5 %% of it\n", found.Differ, found.Queries, copies, found.NearEdge)
	for _, e := range found.Examples {
		fmt.Fprintf(o.log, "  %s\n", e)
	}
	return found, nil
}

// pageSize is the page compared in one copy: lipi's default.
const pageSize = 10

// scoredHit is a hit of a page, its score relative to the page's first.
type scoredHit struct {
	id    string
	score float64
}

// fetchHits reads the first n hits of q, asking for pages of at most 100
// (the API's largest), scores relative to the first hit: the query's norm
// moves every score of an index alike.
func fetchHits(hc *http.Client, base, q string, n int) ([]scoredHit, error) {
	var hits []scoredHit
	for from := 0; from < n; from += 100 {
		u := base + "/api/search?" + url.Values{"q": {q}, "from": {fmt.Sprint(from)}, "size": {fmt.Sprint(min(100, n-from))}, "highlight": {"false"}}.Encode()
		resp, err := hc.Get(u)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			return nil, fmt.Errorf("%s: %s", u, resp.Status)
		}
		var page foundPage
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", u, err)
		}
		for _, h := range page.Hits {
			hits = append(hits, scoredHit{h.ID, h.Score})
		}
		if len(page.Hits) < 100 {
			break
		}
	}
	if len(hits) > 0 && hits[0].score > 0 {
		first := hits[0].score
		for i := range hits {
			hits[i].score /= first
		}
	}
	return hits, nil
}

// diffFound compares the page of one copy with the distinct documents of
// the larger index's pages (ids with their copy's suffix taken off): the documents found in one and not the other,
// beyond exact ties with either page's last hit (exact), and beyond
// hits within 5 % of its score (near).
func diffFound(one, many []scoredHit) (exact, near []string) {
	strip := func(id string) string {
		if i := strings.LastIndex(id, "-r"); i > 0 {
			if _, err := strconv.Atoi(id[i+2:]); err == nil {
				return id[:i]
			}
		}
		return id
	}
	// The one copy is written like the others (writeCopies), its ids
	// suffixed -r0.
	distinct := func(hits []scoredHit) map[string]float64 {
		m := map[string]float64{}
		for _, h := range hits {
			id := strip(h.id)
			if _, ok := m[id]; !ok {
				m[id] = h.score
			}
		}
		return m
	}
	a, b := distinct(one), distinct(many)
	edgeA, edgeB := one[len(one)-1].score, many[len(many)-1].score
	atEdge := func(id string, tolerance float64) bool {
		if s, ok := a[id]; ok && s <= edgeA*(1+tolerance) {
			return true
		}
		s, ok := b[id]
		return ok && s <= edgeB*(1+tolerance)
	}
	check := func(from, in map[string]float64, where string) {
		for id := range from {
			if _, ok := in[id]; ok {
				continue
			}
			if !atEdge(id, 0) {
				exact = append(exact, id+" "+where)
			}
			if !atEdge(id, 0.05) {
				near = append(near, id+" "+where)
			}
		}
	}
	check(a, b, "only in x1")
	check(b, a, "only in the copies")
	sort.Strings(exact)
	sort.Strings(near)
	return exact, near
}

// writeCopies writes copies copies of every .jsonl file below docs into
// out, each document's id suffixed -r0, -r1, …, unless out already holds
// them (a file `copies` in out says how many), and returns the number of
// documents written. Lines that are not JSON objects with a string id are
// copied once, as they are: lipi skips them the same way at every size.
func writeCopies(docs, out string, copies int) (int, error) {
	marker := filepath.Join(out, ".copies")
	var files []string
	err := filepath.WalkDir(docs, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".jsonl") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if len(files) == 0 {
		return 0, fmt.Errorf("no .jsonl files below %s", docs)
	}
	sort.Strings(files)
	want := fmt.Sprintf("%d copies of %s", copies, strings.Join(files, ", "))
	if b, err := os.ReadFile(marker); err == nil && strings.HasPrefix(string(b), want+"\n") {
		var n int
		fmt.Sscanf(strings.TrimPrefix(string(b), want+"\n"), "%d", &n)
		return n, nil
	}
	os.RemoveAll(out)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return 0, err
	}
	n := 0
	for i, f := range files {
		k, err := copyJSONL(f, filepath.Join(out, fmt.Sprintf("%02d-%s", i, filepath.Base(f))), copies)
		if err != nil {
			return 0, err
		}
		n += k
	}
	return n, os.WriteFile(marker, []byte(fmt.Sprintf("%s\n%d\n", want, n)), 0o644)
}

// copyJSONL writes copies of the documents of one .jsonl file.
func copyJSONL(from, to string, copies int) (int, error) {
	in, err := os.Open(from)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	f, err := os.Create(to)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriter(f)
	n := 0
	for r := range copies {
		if _, err := in.Seek(0, io.SeekStart); err != nil {
			f.Close()
			return 0, err
		}
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			line := sc.Bytes()
			var doc map[string]any
			id, ok := "", false
			if json.Unmarshal(line, &doc) == nil {
				id, ok = doc["id"].(string)
			}
			if !ok {
				if r == 0 {
					w.Write(line)
					w.WriteByte('\n')
				}
				continue
			}
			doc["id"] = fmt.Sprintf("%s-r%d", id, r)
			b, err := json.Marshal(doc)
			if err != nil {
				f.Close()
				return 0, err
			}
			w.Write(b)
			w.WriteByte('\n')
			n++
		}
		if err := sc.Err(); err != nil {
			f.Close()
			return 0, fmt.Errorf("%s: %w", from, err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return 0, err
	}
	return n, f.Close()
}

// timedRun runs argv to its end and returns its wall time and its peak
// RSS in MB (0 where the system does not say).
func timedRun(argv []string, log io.Writer) (seconds, peakMB float64, err error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stderr = log
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, err
	}
	return time.Since(start).Seconds(), maxRSSMB(cmd.ProcessState), nil
}

// dirMB is the size of the files below dir in MB; dir may be a link to
// the folder, as a lipi index is.
func dirMB(dir string) float64 {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return float64(n) / (1 << 20)
}

// printScale prints each size's figures, then the ratios of issue 20: the
// larger corpus against the smaller for lipi, and lipi against standard
// at each size.
func printScale(w io.Writer, sizes []*scaleSize) {
	fmt.Fprintln(w, "size  documents  build lipi / standard (s)  lipi build RSS  index lipi / standard (MB)  1-client mean ms lipi / standard  req/s lipi / standard")
	for _, s := range sizes {
		fmt.Fprintf(w, "x%-4d %9d  %10.1f / %-10.1f  %9.0f MB  %12.1f / %-10.1f  %14.2f / %-10.2f  %8.0f / %.0f\n",
			s.Copies, s.Docs, s.LipiBuild, s.StandardBuild, s.LipiBuildRSS, s.LipiSize, s.StandardSize,
			meanMS(s.Latency[0]), meanMS(s.Latency[1]), s.Throughput[0].PerSecond, s.Throughput[1].PerSecond)
	}
	if len(sizes) < 2 {
		return
	}
	small, large := sizes[0], sizes[len(sizes)-1]
	fmt.Fprintf(w, "\nlipi at x%d against x%d (issue 20: ≤ 1.3, ≤ 1.5, ≤ 4.4 at 4×):\n", large.Copies, small.Copies)
	fmt.Fprintf(w, "  mean 1-client latency %.2f×, build peak RSS %.2f×, build time %.2f×\n",
		ratio(meanMS(large.Latency[0]), meanMS(small.Latency[0])), ratio(large.LipiBuildRSS, small.LipiBuildRSS), ratio(large.LipiBuild, small.LipiBuild))
	if f := large.Found; f != nil {
		fmt.Fprintf(w, "  found at scale: %d of %d queries find other documents in x%d's first %d hits than in x1's first %d (ties at the page's edge aside; issue 20: none), %d of them only within 5 %% of the edge\n",
			f.Differ, f.Queries, large.Copies, pageSize*large.Copies, pageSize, f.NearEdge)
	}
	fmt.Fprintln(w, "lipi against standard (issue 20: throughput ≥ 0.40 at 1×, ≥ 0.30 at 16×; build ≤ 2.0×; size ≤ 2.0×):")
	for _, s := range sizes {
		fmt.Fprintf(w, "  x%d: throughput %.2f, build time %.2f×, size %.2f×\n", s.Copies,
			ratio(s.Throughput[0].PerSecond, s.Throughput[1].PerSecond), ratio(s.LipiBuild, s.StandardBuild), ratio(s.LipiSize, s.StandardSize))
	}
}

// meanMS is the mean time of a request of a one-connection run, where
// requests follow one another: the run's time over its requests.
func meanMS(r *Result) float64 {
	if r.Requests == 0 {
		return 0
	}
	return r.Seconds * 1000 / float64(r.Requests)
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}
