package cluster

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The cluster ForTest started in this process, shared by the tests that
// run while it is up, and stopped when the last of them ends.
var (
	testMu      sync.Mutex
	testCluster *Cluster
	testUsers   int
	testFailed  bool
)

// ForTest returns a green cluster for t:
//
//   - the cluster in DefaultDir if its state file says one runs and it
//     answers (go tool task opensearch:up, as .ci/run does); a node found
//     dead there is started again first. Such a cluster outlives the test;
//   - else, when Java or Maven is missing, it skips t, or fails it when
//     the CI environment variable is set, so that CI cannot pass by
//     skipping; under -short (outside CI) it skips too;
//   - else it starts a cluster of its own in a new folder under
//     DefaultDir (test-*, on free ports, so that it collides neither with
//     opensearch:up nor with another package's test process) and stops it
//     when t ends, removing the folder unless a test failed. Tests running
//     at the same time in this process share it.
//
// Starting costs 3 JVMs of 512 MB heap (about 270 MB resident each when
// idle) and 8-10 seconds on two idle cores, more on a busy machine, plus
// the first Maven build (seconds to minutes, by the network); a package
// whose tests each call ForTest in turn pays that every time. Run
// opensearch:up once while working, or share one cluster through
// subtests.
func ForTest(t testing.TB) *Cluster {
	t.Helper()
	return forTest(t, false)
}

// ForFaults is ForTest for a test that kills or stops nodes: it waits
// until no other test of any package uses the cluster, and keeps them
// waiting until it ends (a lock file beside the cluster's, shared by
// ForTest and held alone by ForFaults). Such a test leaves every node
// running when it ends.
func ForFaults(t testing.TB) *Cluster {
	t.Helper()
	return forTest(t, true)
}

func forTest(t testing.TB, faults bool) *Cluster {
	t.Helper()
	ctx := context.Background()
	if root, err := DefaultDir(); err == nil && supported() == nil {
		if err := os.MkdirAll(root, 0o755); err == nil {
			unlock, err := lockFileAs(filepath.Join(root, "tests.lock"), faults)
			if err != nil {
				t.Fatalf("opensearch tests' lock: %v", err)
			}
			t.Cleanup(unlock)
		}
	}
	if c, err := Running(""); err == nil {
		for i, n := range c.Nodes() {
			if !nodeProcess(n.PID, n.Home) {
				t.Logf("opensearch %s is not running; starting it again", n.Name)
				if err := c.Restart(ctx, i); err != nil {
					t.Fatalf("opensearch cluster: %v", err)
				}
			}
		}
		if err := c.waitGreen(ctx, Size); err != nil {
			t.Fatalf("opensearch cluster in %s: %v", c.Dir(), err)
		}
		return c
	}
	if err := Available(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%v (CI is set: these tests may not be skipped)", err)
		}
		t.Skipf("%v; skipping the OpenSearch tests", err)
	}
	if testing.Short() && os.Getenv("CI") == "" {
		t.Skip("-short: not starting an OpenSearch cluster (3 JVMs); go tool task opensearch:up starts one the tests reuse")
	}

	testMu.Lock()
	defer testMu.Unlock()
	if testCluster == nil {
		root, err := DefaultDir()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(root, 0o755); err != nil {
			t.Fatal(err)
		}
		sweep(root)
		dir, err := os.MkdirTemp(root, "test-")
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("starting an OpenSearch cluster in %s (go tool task opensearch:up would let tests reuse one)", dir)
		c, err := Start(ctx, Options{
			Dir:      dir,
			Name:     "lipi-test-" + strconv.Itoa(os.Getpid()),
			AnyPorts: true,
			Fresh:    true,
			Log:      testLog{t},
			owner:    os.Getpid(),
		})
		if err != nil {
			t.Fatal(err)
		}
		testCluster, testFailed = c, false
	}
	c := testCluster
	testUsers++
	t.Cleanup(func() {
		testMu.Lock()
		defer testMu.Unlock()
		testFailed = testFailed || t.Failed()
		if testUsers--; testUsers > 0 {
			return
		}
		testCluster = nil
		if err := c.Stop(); err != nil {
			t.Errorf("stopping the test's OpenSearch cluster: %v", err)
		}
		if testFailed {
			t.Logf("the OpenSearch cluster's data and logs stay in %s", c.Dir())
			return
		}
		os.RemoveAll(c.Dir())
	})
	return c
}

// sweep ends the clusters that test processes no longer running left in
// root's test-* folders (a test binary killed at its timeout runs no
// cleanup) and removes their folders. A folder without a state file is
// kept: a failed test's logs, or a start under way.
func sweep(root string) {
	dirs, _ := filepath.Glob(filepath.Join(root, "test-*"))
	for _, dir := range dirs {
		c, err := FromStateFile(dir)
		if err != nil || c.st.Owner == 0 || processAlive(c.st.Owner) {
			continue
		}
		if c.Stop() == nil {
			os.RemoveAll(dir)
		}
	}
}

// testLog sends progress lines, and Maven's output when the launcher is
// built, to the test's log.
type testLog struct{ t testing.TB }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
