// Command oscluster starts, stops and reports lipi's 3-node OpenSearch
// development cluster (package cluster; go tool task opensearch:up and
// opensearch:down run it).
//
//	oscluster up       start the cluster, print its node URLs one a line
//	oscluster status   print each node and the cluster's health
//	oscluster down     stop the cluster
//
// The nodes keep running after `up` returns; their state file, data and
// logs are in data/opensearch of the repository (-dir).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/lipisearch/lipi/index/opensearch/cluster"
)

const usage = `usage: oscluster [flags] up|down|status

  up       start 3 OpenSearch nodes (building the launcher with Maven the
           first time), wait for green, print the node URLs one a line
  status   print each node and the cluster's health; exit 1 if not running
  down     stop the nodes (SIGTERM, then SIGKILL after 30s)

example:
  go run ./index/opensearch/cluster/oscluster up

flags:
`

func main() {
	flag.Usage = func() {
		fmt.Fprint(os.Stderr, usage)
		flag.PrintDefaults()
	}
	dir := flag.String("dir", "", "the cluster's folder (default: data/opensearch of the repository)")
	fresh := flag.Bool("fresh", false, "up: remove the nodes' data first")
	heap := flag.String("heap", "512m", "up: each node's JVM heap")
	timeout := flag.Duration("timeout", 3*time.Minute, "up: how long to wait for green once the nodes started")
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	var err error
	switch flag.Arg(0) {
	case "up":
		err = up(*dir, *fresh, *heap, *timeout)
	case "down":
		err = down(*dir)
	case "status":
		err = status(*dir)
	default:
		flag.Usage()
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "oscluster:", err)
		os.Exit(1)
	}
}

func up(dir string, fresh bool, heap string, timeout time.Duration) error {
	if c, err := cluster.Running(dir); err == nil {
		fmt.Fprintf(os.Stderr, "already running (%s)\n", c.Dir())
		printURLs(c)
		return nil
	}
	// Ctrl-C ends the build or the wait; Start then stops the nodes.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	begin := time.Now()
	c, err := cluster.Start(ctx, cluster.Options{Dir: dir, Fresh: fresh, Heap: heap, Timeout: timeout, Log: os.Stderr})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "green with %d nodes in %v; stop with: go tool task opensearch:down\n", cluster.Size, time.Since(begin).Round(time.Second))
	printURLs(c)
	return nil
}

func printURLs(c *cluster.Cluster) {
	for _, u := range c.URLs() {
		fmt.Println(u)
	}
}

func down(dir string) error {
	// Not Running: a state file whose nodes no longer answer still names
	// processes to end.
	c, err := cluster.FromStateFile(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return nil
	}
	if err := c.Stop(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "stopped the OpenSearch cluster of %s\n", c.Dir())
	return nil
}

func status(dir string) error {
	c, err := cluster.Running(dir)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	health, nodes, err := c.Health(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("cluster %s: %s, %d nodes (%s)\n", c.Name(), health, nodes, c.Dir())
	for i, n := range c.Nodes() {
		state := "running"
		if !c.NodeRunning(i) {
			state = "not running"
		}
		fmt.Printf("%s %s pid %d, %s, transport port %d, log %s\n", n.Name, state, n.PID, n.URL, n.TransportPort, n.Log)
	}
	return nil
}
