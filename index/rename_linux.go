package index

import "golang.org/x/sys/unix"

// exchange atomically swaps the names a and b (renameat2 RENAME_EXCHANGE),
// which may be a directory and a symbolic link. It fails on file systems
// that cannot do it.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
