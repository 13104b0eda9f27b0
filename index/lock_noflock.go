//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package index

import "os"

// tryLockFile does not lock on systems without flock: concurrent rebuilds of
// one index are then the operator's to avoid.
func tryLockFile(f *os.File) (held bool, err error) { return false, nil }

func unlockFile(f *os.File) error { return nil }

// tryLockFileMode does not lock either: a second process that opens an
// index a server writes to waits for scorch's own lock instead.
func tryLockFileMode(f *os.File, exclusive bool) (held bool, err error) { return false, nil }
