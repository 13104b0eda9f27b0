package index

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// mountTmpfs mounts a tmpfs of size (such as "4m") at a new folder and
// unmounts it when the test ends. Where mounting is impossible (not root,
// no CAP_SYS_ADMIN) the test skips, except in CI, which runs as root: there
// it fails.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "tmpfs")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("lipi-test", dir, "tmpfs", 0, "size="+size); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("mount a %s tmpfs at %s: %v (CI must run this test as root)", size, dir, err)
		}
		t.Skipf("cannot mount a tmpfs here (%v): run as root to test a full disk", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// freeBytes is the free space of the file system of path.
func freeBytes(t *testing.T, path string) uint64 {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		t.Fatal(err)
	}
	return st.Bavail * uint64(st.Bsize)
}

// TestRebuildDiskFull: a rebuild that runs out of disk space says so, removes
// its partial build and leaves the live index as it was.
func TestRebuildDiskFull(t *testing.T) {
	bin := lipiBinary(t)
	disk := mountTmpfs(t, "4m")
	dir := t.TempDir()
	small, big := filepath.Join(dir, "small"), filepath.Join(dir, "big")
	writeDocs(t, small, 300, 1, 20)
	writeDocs(t, big, 6000, 2, 40)
	path := filepath.Join(disk, "lipi.bleve")
	mustIndex(t, bin, small, path)
	live := liveDir(t, path)
	want := hitsOf(t, path, testQuery)
	free := freeBytes(t, disk)

	r := runLipi(t, bin, nil, "index", "--docs", big, "--index", path)
	msg := strings.TrimSpace(r.stderr)
	if r.code != 1 || strings.Contains(msg, "\n") || !strings.Contains(msg, "out of disk space") || !strings.Contains(msg, "live index is untouched") {
		t.Fatalf("rebuild on a full disk: exit %d, stderr:\n%s\nwant exit 1 and one line saying the disk is full", r.code, r.stderr)
	}
	if got := liveDir(t, path); got != live {
		t.Errorf("after the failed rebuild the index points at %s, want %s", got, live)
	}
	if got := hitsOf(t, path, testQuery); !slices.Equal(got, want) {
		t.Errorf("hits changed after the failed rebuild:\n got %q\nwant %q", got, want)
	}
	checkClean(t, path)
	if now := freeBytes(t, disk); now+64<<10 < free {
		t.Errorf("free space %d after the failed rebuild, %d before: the partial build was not removed", now, free)
	}
	// With room again (a smaller document set), the next rebuild succeeds.
	mustIndex(t, bin, small, path)
	checkClean(t, path)
	if got := hitsOf(t, path, testQuery); !slices.Equal(got, want) {
		t.Errorf("hits after rebuilding:\n got %q\nwant %q", got, want)
	}
}
