package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Size is the number of nodes: enough for a replica to survive one node's
// death with a cluster manager still elected (two of three vote).
const Size = 3

// Default ports: the node i (from 0) takes DefaultHTTPPort+i and
// DefaultTransportPort+i, next to but not on OpenSearch's own 9200 and
// 9300, so that a cluster the developer runs for something else is left
// alone.
const (
	DefaultHTTPPort      = 9250
	DefaultTransportPort = 9350
)

// Options say where and how a cluster starts. The zero value is the
// shared development cluster: DefaultDir, the default ports, 512 MB heaps.
type Options struct {
	// Dir holds the state file, the nodes' homes and their logs. Empty
	// means DefaultDir().
	Dir string
	// LauncherDir is where the Java launcher is built. Empty means the
	// "launcher" folder of DefaultDir(): a test cluster elsewhere still
	// shares the one build.
	LauncherDir string
	// Name is cluster.name; empty means "lipi".
	Name string
	// HTTPPort and TransportPort are node 0's ports, the other nodes
	// taking the next ones. Zero means the defaults; when any of the six
	// ports is taken, all six are picked free instead (and printed).
	HTTPPort, TransportPort int
	// AnyPorts picks free ports from the start, for a cluster that must
	// not take the defaults from a later `opensearch:up`.
	AnyPorts bool
	// Heap is each JVM's -Xms and -Xmx; empty means "512m".
	Heap string
	// Fresh removes the nodes' data first; otherwise a cluster restarts
	// on the data of its last run, indexes included.
	Fresh bool
	// Timeout bounds the wait for green after the processes started (the
	// Maven build is bounded by ctx only); zero means 3 minutes.
	Timeout time.Duration
	// Log receives progress lines and Maven's output; nil discards them.
	Log io.Writer

	// owner is the pid of the test process a ForTest cluster belongs to.
	owner int
}

// Node is one node of a cluster as its state file records it.
type Node struct {
	Name          string `json:"name"`
	PID           int    `json:"pid"` // 0 once killed
	URL           string `json:"url"` // http://127.0.0.1:PORT
	HTTPPort      int    `json:"http_port"`
	TransportPort int    `json:"transport_port"`
	Home          string `json:"home"` // path.home; path.data is Home/data
	Log           string `json:"log"`  // the JVM's stdout and stderr
}

// state is the state file, Dir/cluster.json: what another process needs to
// find the cluster, signal its nodes and start one of them again.
type state struct {
	Cluster   string    `json:"cluster"`
	Dir       string    `json:"dir"`
	Heap      string    `json:"heap"`
	ClassPath string    `json:"class_path"` // the built launcher's folder
	Started   time.Time `json:"started"`
	// Owner is the test process that started the cluster for itself
	// (ForTest), 0 for one started by oscluster: a test binary killed at
	// its timeout runs no cleanup, and the next ForTest ends what it left.
	Owner int    `json:"owner,omitempty"`
	Nodes []Node `json:"nodes"`
}

// StateFile is the state file's name inside a cluster's Dir.
const StateFile = "cluster.json"

// Cluster is a running cluster, started by this process (Start) or found
// through its state file (Running). Its methods may be called from several
// goroutines.
type Cluster struct {
	mu      sync.Mutex
	st      state
	timeout time.Duration
	// exited holds, for nodes this process started, a channel closed when
	// the JVM exits, so that a node dying at startup fails the wait at
	// once instead of at its timeout.
	exited []<-chan struct{}
}

// DefaultDir is data/opensearch in the repository around the working
// directory: the first folder up from it with a go.mod. Its data/ is
// git-ignored.
func DefaultDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "data", "opensearch"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errNoRepo
		}
		dir = parent
	}
}

func (o *Options) defaults() error {
	if o.Dir == "" {
		d, err := DefaultDir()
		if err != nil {
			return err
		}
		o.Dir = d
	}
	if o.LauncherDir == "" {
		d, err := DefaultDir()
		if err != nil {
			return err
		}
		o.LauncherDir = filepath.Join(d, "launcher")
	}
	var err error
	if o.Dir, err = filepath.Abs(o.Dir); err != nil {
		return err
	}
	if o.LauncherDir, err = filepath.Abs(o.LauncherDir); err != nil {
		return err
	}
	if o.Name == "" {
		o.Name = "lipi"
	}
	if o.HTTPPort == 0 {
		o.HTTPPort = DefaultHTTPPort
	}
	if o.TransportPort == 0 {
		o.TransportPort = DefaultTransportPort
	}
	if o.Heap == "" {
		o.Heap = "512m"
	}
	if o.Timeout == 0 {
		o.Timeout = 3 * time.Minute
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	return nil
}

// Start builds the launcher if needed, starts Size nodes, each a JVM in a
// process group of its own that outlives the calling process, and returns
// once the cluster is green with every node in it. It fails if a cluster is
// already running in opts.Dir. On failure the nodes it started are
// stopped; their logs stay.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, err
	}
	// One starter at a time per Dir: a second test process waits here and
	// then finds the first one's cluster running.
	unlock, err := lockFile(filepath.Join(opts.Dir, ".lock"))
	if err != nil {
		return nil, err
	}
	defer unlock()

	if old, err := readState(opts.Dir); err == nil {
		if c, err := old.check(ctx); err == nil {
			return nil, fmt.Errorf("an OpenSearch cluster is already running from %s (%s); stop it first (oscluster down)",
				filepath.Join(opts.Dir, StateFile), strings.Join(c.URLs(), " "))
		}
		// A cluster that no longer answers (a reboot, a crash): end what
		// is left of it, so that its ports and data are free.
		(&Cluster{st: old}).Stop()
	}

	l, err := buildLauncher(ctx, opts.LauncherDir, opts.Log)
	if err != nil {
		return nil, err
	}

	http, transport, err := pickPorts(opts)
	if err != nil {
		return nil, err
	}
	c := &Cluster{
		st: state{
			Cluster:   opts.Name,
			Dir:       opts.Dir,
			Heap:      opts.Heap,
			ClassPath: l.dir,
			Started:   time.Now().UTC().Truncate(time.Second),
			Owner:     opts.owner,
		},
		timeout: opts.Timeout,
		exited:  make([]<-chan struct{}, Size),
	}
	fresh := true
	for i := range Size {
		name := "node" + strconv.Itoa(i+1)
		home := filepath.Join(opts.Dir, name)
		if opts.Fresh {
			if err := os.RemoveAll(home); err != nil {
				return nil, err
			}
		}
		if _, err := os.Stat(filepath.Join(home, "data", "nodes")); err == nil {
			fresh = false
		}
		c.st.Nodes = append(c.st.Nodes, Node{
			Name:          name,
			URL:           "http://127.0.0.1:" + strconv.Itoa(http[i]),
			HTTPPort:      http[i],
			TransportPort: transport[i],
			Home:          home,
			Log:           filepath.Join(opts.Dir, "logs", name+".log"),
		})
	}
	if err := os.MkdirAll(filepath.Join(opts.Dir, "logs"), 0o755); err != nil {
		return nil, err
	}

	fmt.Fprintf(opts.Log, "starting %d OpenSearch nodes (cluster %q, logs in %s)\n", Size, opts.Name, filepath.Join(opts.Dir, "logs"))
	for i := range Size {
		if err := c.startNode(i, fresh); err != nil {
			c.Stop()
			return nil, err
		}
	}
	// Written before the wait, so that `oscluster down` can end a cluster
	// whose start is hanging.
	if err := c.writeState(); err != nil {
		c.Stop()
		return nil, err
	}
	if err := c.waitGreen(ctx, Size); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

// Running finds the cluster whose state file is in dir (empty: DefaultDir)
// and checks that it answers; it need not be green. The error says why
// there is no usable cluster.
func Running(dir string) (*Cluster, error) {
	c, err := FromStateFile(dir)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return c.st.check(ctx)
}

// FromStateFile returns the cluster whose state file is in dir (empty:
// DefaultDir) whether it answers or not, so that Stop can end what is left
// of one that stopped answering.
func FromStateFile(dir string) (*Cluster, error) {
	if dir == "" {
		d, err := DefaultDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	st, err := readState(dir)
	if err != nil {
		return nil, err
	}
	return &Cluster{st: st, timeout: 3 * time.Minute, exited: make([]<-chan struct{}, len(st.Nodes))}, nil
}

// check returns the cluster st describes if one of its nodes answers.
func (st state) check(ctx context.Context) (*Cluster, error) {
	c := &Cluster{st: st, timeout: 3 * time.Minute, exited: make([]<-chan struct{}, len(st.Nodes))}
	var errs []error
	for _, n := range st.Nodes {
		if !nodeProcess(n.PID, n.Home) {
			continue
		}
		h, err := getHealth(ctx, n.URL, "")
		if err == nil && h.ClusterName == st.Cluster {
			return c, nil
		}
		if err == nil {
			err = fmt.Errorf("%s answers for cluster %q, not %q", n.URL, h.ClusterName, st.Cluster)
		}
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		return nil, fmt.Errorf("the OpenSearch cluster of %s is not running (no node process left)", filepath.Join(st.Dir, StateFile))
	}
	return nil, fmt.Errorf("the OpenSearch cluster of %s does not answer: %w", filepath.Join(st.Dir, StateFile), errors.Join(errs...))
}

// URLs are the nodes' HTTP addresses, http://127.0.0.1:PORT, in node
// order; a killed node's address stays in the list, as a client configured
// with all three would keep it.
func (c *Cluster) URLs() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	urls := make([]string, len(c.st.Nodes))
	for i, n := range c.st.Nodes {
		urls[i] = n.URL
	}
	return urls
}

// Nodes returns the nodes as the state file records them.
func (c *Cluster) Nodes() []Node {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Node(nil), c.st.Nodes...)
}

// NodeRunning reports whether node i's process is alive; it may still be
// starting, or not yet (or no longer) in the cluster.
func (c *Cluster) NodeRunning(i int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return i >= 0 && i < len(c.st.Nodes) && nodeProcess(c.st.Nodes[i].PID, c.st.Nodes[i].Home)
}

// Name is the cluster.name.
func (c *Cluster) Name() string { return c.st.Cluster }

// Dir is the folder of the cluster's state file, nodes and logs.
func (c *Cluster) Dir() string { return c.st.Dir }

// Kill ends node i (from 0) with SIGKILL, as a crash or an out-of-memory
// kill would, and returns once its process is gone. The others go on
// without it.
func (c *Cluster) Kill(i int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if i < 0 || i >= len(c.st.Nodes) {
		return fmt.Errorf("no node %d in a cluster of %d", i, len(c.st.Nodes))
	}
	n := &c.st.Nodes[i]
	if !nodeProcess(n.PID, n.Home) {
		return fmt.Errorf("%s is not running", n.Name)
	}
	if err := signalGroup(n.PID, sigKill); err != nil {
		return fmt.Errorf("killing %s (pid %d): %w", n.Name, n.PID, err)
	}
	if !waitGone(n.PID, n.Home, 10*time.Second) {
		return fmt.Errorf("%s (pid %d) still runs 10s after SIGKILL", n.Name, n.PID)
	}
	n.PID = 0
	return c.writeState()
}

// Restart starts node i again, on its data, and waits until the cluster is
// green with every node in it.
func (c *Cluster) Restart(ctx context.Context, i int) error {
	c.mu.Lock()
	if i < 0 || i >= len(c.st.Nodes) {
		c.mu.Unlock()
		return fmt.Errorf("no node %d in a cluster of %d", i, len(c.st.Nodes))
	}
	if n := c.st.Nodes[i]; nodeProcess(n.PID, n.Home) {
		c.mu.Unlock()
		return fmt.Errorf("%s is running (pid %d)", n.Name, n.PID)
	}
	// The cluster was formed: bootstrapping again is for a fresh one.
	err := c.startNode(i, false)
	if err == nil {
		err = c.writeState()
	}
	c.mu.Unlock()
	if err != nil {
		return err
	}
	return c.waitGreen(ctx, len(c.st.Nodes))
}

// Stop ends every node: SIGTERM, which closes a node cleanly, then SIGKILL
// for any still running after 30 seconds. It removes the state file; the
// nodes' data and logs stay (Options.Fresh removes the data).
func (c *Cluster) Stop() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var running []int
	for i, n := range c.st.Nodes {
		if nodeProcess(n.PID, n.Home) {
			if err := signalGroup(n.PID, sigTerm); err == nil {
				running = append(running, i)
			}
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	var errs []error
	for _, i := range running {
		n := &c.st.Nodes[i]
		if !waitGone(n.PID, n.Home, time.Until(deadline)) {
			signalGroup(n.PID, sigKill)
			if !waitGone(n.PID, n.Home, 10*time.Second) {
				errs = append(errs, fmt.Errorf("%s (pid %d) survived SIGKILL", n.Name, n.PID))
				continue
			}
		}
		n.PID = 0
	}
	if err := os.Remove(filepath.Join(c.st.Dir, StateFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// startNode starts node i's JVM; bootstrap names the initial cluster
// managers, which only a cluster that never formed may do.
func (c *Cluster) startNode(i int, bootstrap bool) error {
	n := &c.st.Nodes[i]
	l, err := readLauncher(c.st.ClassPath)
	if err != nil {
		return fmt.Errorf("the OpenSearch launcher in %s: %w", c.st.ClassPath, err)
	}
	for _, d := range []string{"data", "logs", "tmp"} {
		if err := os.MkdirAll(filepath.Join(n.Home, d), 0o755); err != nil {
			return err
		}
	}
	seeds := make([]string, len(c.st.Nodes))
	names := make([]string, len(c.st.Nodes))
	for j, m := range c.st.Nodes {
		seeds[j] = "127.0.0.1:" + strconv.Itoa(m.TransportPort)
		names[j] = m.Name
	}
	argv := []string{
		"java",
		"-Xms" + c.st.Heap, "-Xmx" + c.st.Heap,
		"-XX:+ExitOnOutOfMemoryError",
		"-Djava.awt.headless=true",
		"-Dfile.encoding=UTF-8",
		"-Djava.io.tmpdir=" + filepath.Join(n.Home, "tmp"),
		// As the distribution's jvm.options: Netty without Unsafe and
		// recycler caches, which keeps a small heap's direct memory small.
		"-Dio.netty.noUnsafe=true",
		"-Dio.netty.noKeySetOptimization=true",
		"-Dio.netty.recycler.maxCapacityPerThread=0",
		"-Dlog4j.shutdownHookEnabled=false",
		"-Dlog4j2.disable.jmx=true",
		"-cp", l.classPath,
		mainClass,
		"cluster.name=" + c.st.Cluster,
		"node.name=" + n.Name,
		"path.home=" + n.Home,
		"path.data=" + filepath.Join(n.Home, "data"),
		"path.logs=" + filepath.Join(n.Home, "logs"),
		"network.host=127.0.0.1",
		"http.port=" + strconv.Itoa(n.HTTPPort),
		"transport.port=" + strconv.Itoa(n.TransportPort),
		"discovery.seed_hosts=" + strings.Join(seeds, ","),
		// A developer's disk is often fuller than the 85% at which
		// OpenSearch stops placing shards and the 95% at which it makes
		// indexes read-only; that is not what lipi's tests are about.
		"cluster.routing.allocation.disk.threshold_enabled=false",
	}
	if bootstrap {
		argv = append(argv, "cluster.initial_cluster_manager_nodes="+strings.Join(names, ","))
	}
	pid, exited, err := startProcess(argv, n.Log)
	if err != nil {
		return fmt.Errorf("starting %s: %w", n.Name, err)
	}
	n.PID = pid
	c.exited[i] = exited
	return nil
}

// waitGreen waits until some node reports the cluster green with want
// nodes, within the cluster's timeout.
func (c *Cluster) waitGreen(ctx context.Context, want int) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	c.mu.Lock()
	nodes := append([]Node(nil), c.st.Nodes...)
	exited := append([]<-chan struct{}(nil), c.exited...)
	c.mu.Unlock()
	query := "wait_for_status=green&wait_for_nodes=" + strconv.Itoa(want) + "&timeout=5s"
	var last error
	for {
		for i, n := range nodes {
			if ch := exited[i]; ch != nil {
				select {
				case <-ch:
					return fmt.Errorf("OpenSearch %s exited while the cluster started; its log: %s%s", n.Name, n.Log, tail(n.Log))
				default:
				}
			}
		}
		for _, n := range nodes {
			h, err := getHealth(ctx, n.URL, query)
			if err == nil && h.Status == "green" && h.Nodes == want {
				return nil
			}
			if err == nil {
				err = fmt.Errorf("%s: %s with %d of %d nodes", n.URL, h.Status, h.Nodes, want)
			}
			last = err
		}
		select {
		case <-ctx.Done():
			logs := make([]string, len(nodes))
			for i, n := range nodes {
				logs[i] = n.Log
			}
			return fmt.Errorf("OpenSearch cluster %q not green with %d nodes after %v (last: %v); see the nodes' logs: %s",
				c.st.Cluster, want, c.timeout, last, strings.Join(logs, " "))
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// tail is the end of a log, for an error message.
func tail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > 15 {
		lines = lines[len(lines)-15:]
	}
	return "\n  " + strings.Join(lines, "\n  ")
}

func readState(dir string) (state, error) {
	var st state
	b, err := os.ReadFile(filepath.Join(dir, StateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return st, fmt.Errorf("no OpenSearch cluster started in %s (no %s; start one with go tool task opensearch:up)", dir, StateFile)
	}
	if err != nil {
		return st, err
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return st, fmt.Errorf("%s: %w", filepath.Join(dir, StateFile), err)
	}
	return st, nil
}

// writeState replaces the state file whole, so that a reader never sees
// half of it.
func (c *Cluster) writeState() error {
	b, err := json.MarshalIndent(c.st, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(c.st.Dir, StateFile)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// pickPorts returns the nodes' HTTP and transport ports: the configured
// range if all of it is free, else free ports the system picks.
func pickPorts(opts Options) (http, transport []int, err error) {
	if !opts.AnyPorts {
		ok := true
		for i := range Size {
			http = append(http, opts.HTTPPort+i)
			transport = append(transport, opts.TransportPort+i)
			ok = ok && portFree(opts.HTTPPort+i) && portFree(opts.TransportPort+i)
		}
		if ok {
			return http, transport, nil
		}
		fmt.Fprintf(opts.Log, "ports %d-%d or %d-%d are taken; using free ones\n",
			opts.HTTPPort, opts.HTTPPort+Size-1, opts.TransportPort, opts.TransportPort+Size-1)
	}
	// Hold every listener until all are picked, so that no two are the
	// same; another process may still take one before the JVM binds it,
	// which the wait for green then reports.
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	ports := make([]int, 2*Size)
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, nil, err
		}
		ls = append(ls, l)
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return ports[:Size], ports[Size:], nil
}

func portFree(port int) bool {
	l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		return false
	}
	l.Close()
	return true
}
