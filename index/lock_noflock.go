//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package index

import "os"

// tryLockFile does not lock on systems without flock: concurrent rebuilds of
// one index are then the operator's to avoid.
func tryLockFile(f *os.File) (held bool, err error) { return false, nil }

func unlockFile(f *os.File) error { return nil }
