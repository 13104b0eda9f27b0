package engine

import (
	"os"

	"golang.org/x/sys/unix"
)

// dropPageCache asks the kernel to drop path's clean pages from the page
// cache. It is advice: a failure changes nothing but memory, so none is
// reported.
func dropPageCache(path string) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	_ = unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
}
