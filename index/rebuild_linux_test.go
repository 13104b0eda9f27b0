package index

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/lipisearch/lipi/index/indextest"
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

// TestRebuildDiskFull: a rebuild that runs out of disk space says so in one
// line, removes its partial build and leaves the live index as it was.
func TestRebuildDiskFull(t *testing.T) {
	disk := mountTmpfs(t, "4m")
	dir := t.TempDir()
	small, big := filepath.Join(dir, "small"), filepath.Join(dir, "big")
	indextest.WriteDocs(t, small, 300, 1, 20)
	indextest.WriteDocs(t, big, 6000, 2, 40)
	path := filepath.Join(disk, "lipi.bleve")
	rebuild(t, small, path)
	live := indextest.LiveDir(t, path)
	want := hitsOf(t, path, indextest.Query)
	free := freeBytes(t, disk)

	err := Rebuild(big, path, RebuildOptions{})
	if err == nil {
		t.Fatal("a rebuild on a full disk succeeded")
	}
	if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, "out of disk space") || !strings.Contains(msg, "live index is untouched") {
		t.Fatalf("rebuild on a full disk: %q, want one line saying the disk is full", msg)
	}
	if got := indextest.LiveDir(t, path); got != live {
		t.Errorf("after the failed rebuild the index points at %s, want %s", got, live)
	}
	if got := hitsOf(t, path, indextest.Query); !slices.Equal(got, want) {
		t.Errorf("hits changed after the failed rebuild:\n got %q\nwant %q", got, want)
	}
	indextest.CheckClean(t, path)
	if now := freeBytes(t, disk); now+64<<10 < free {
		t.Errorf("free space %d after the failed rebuild, %d before: the partial build was not removed", now, free)
	}
	// With room again (a smaller document set), the next rebuild succeeds.
	rebuild(t, small, path)
	indextest.CheckClean(t, path)
	if got := hitsOf(t, path, indextest.Query); !slices.Equal(got, want) {
		t.Errorf("hits after rebuilding:\n got %q\nwant %q", got, want)
	}
}
