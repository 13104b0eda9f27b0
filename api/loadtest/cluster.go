package main

import (
	"fmt"
	"io"
	"net/url"
	"strings"
)

// The cluster run (-compare -opensearch URLS): issue 22's measure of lipi
// on an OpenSearch cluster next to its embedded index, on one machine in
// one run. runCompare builds, serves and loads both; this file holds what
// is the cluster's own: its URLs, its contender and its ratios.

// clusterAlias is the alias the cluster run bulk-loads the documents
// under. A run leaves it, and the index it names, on the cluster: the
// next run's `lipi index` builds a new index, moves the alias to it and
// deletes the old one, so at most one such index stays.
const clusterAlias = "lipi-loadtest"

// parseClusterURLs splits -opensearch into node URLs and accepts only
// loopback ones: the loadtest puts no load on another machine, through
// lipi no more than directly. https is accepted (lipi, not the loadtest,
// talks to the nodes, with a CA from its environment).
func parseClusterURLs(s string) ([]string, error) {
	var urls []string
	for raw := range strings.SplitSeq(s, ",") {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			return nil, fmt.Errorf("-opensearch %q: an empty URL", s)
		}
		u, err := url.Parse(raw)
		if err != nil {
			return nil, fmt.Errorf("-opensearch %q: %v", raw, err)
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || strings.Trim(u.Path, "/") != "" {
			return nil, fmt.Errorf("-opensearch %q: want http://HOST:PORT or https://HOST:PORT (credentials go in lipi's environment)", raw)
		}
		if err := checkLoopbackHost("-opensearch", raw, u.Hostname()); err != nil {
			return nil, err
		}
		urls = append(urls, strings.TrimRight(raw, "/"))
	}
	return urls, nil
}

// clusterContender is -docs on the cluster: `lipi index --backend
// opensearch` bulk-loads it under o.clusterAlias, and `lipi serve
// --backend opensearch` serves it. The cluster always builds: an alias
// left by an earlier run may hold other documents.
func clusterContender(bin string, o compareOptions) contender {
	backend := []string{"--backend", "opensearch", "--opensearch", strings.Join(o.cluster, ","), "--opensearch-index", o.clusterAlias}
	args := append(backend[:len(backend):len(backend)], "--docs", o.docs, "--log-level", "warn")
	return contender{name: nameCluster, argv: []string{bin, "serve"}, args: args,
		build: func() (float64, error) {
			argv := append([]string{bin, "index", "--quiet", "--docs", o.docs}, backend...)
			secs, _, err := timedRun(argv, o.log)
			if err != nil {
				return 0, fmt.Errorf("lipi index --backend opensearch: %w", err)
			}
			return secs, nil
		}}
}

// printClusterRatios prints the cluster's figures as multiples of the
// embedded index's. There are no targets: issue 22 asks for the figures.
func printClusterRatios(w io.Writer, embedded, cluster *Result) {
	fmt.Fprintf(w, "\nthroughput cluster/embedded  %s\n", fmtRatio(ratio(cluster.PerSecond, embedded.PerSecond)))
	fmt.Fprintf(w, "p50 cluster/embedded         %s\n", fmtRatio(ratio(cluster.P50MS, embedded.P50MS)))
	fmt.Fprintf(w, "p99 cluster/embedded         %s\n", fmtRatio(ratio(cluster.P99MS, embedded.P99MS)))
	if embedded.BuildSeconds > 0 && cluster.BuildSeconds > 0 {
		fmt.Fprintf(w, "bulk load / embedded build   %s\n", fmtRatio(cluster.BuildSeconds/embedded.BuildSeconds))
	}
	printRounds(w, "throughput cluster/embedded in each round", cluster, embedded)
	// The nodes are other processes, which the loadtest does not watch.
	fmt.Fprintln(w, "(the cluster's peak RSS is its lipi serve's alone, without the nodes')")
}
