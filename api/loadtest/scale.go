package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
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
	return sizes, nil
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
