//go:build !linux

package engine

// dropPageCache does nothing where the kernel takes no such advice
// through x/sys (see pagecache_linux.go).
func dropPageCache(path string) {}

// unmapMatching does nothing there either.
func unmapMatching(match func(path string) bool) int { return 0 }
