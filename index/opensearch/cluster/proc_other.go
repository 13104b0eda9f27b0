//go:build !unix

package cluster

import (
	"errors"
	"syscall"
	"time"
)

// The cluster's nodes are process groups signalled by pid: a unix notion.

const (
	sigTerm = syscall.Signal(15)
	sigKill = syscall.Signal(9)
)

var errUnsupported = errors.New("an OpenSearch test cluster needs a unix system (process groups, signals)")

func supported() error { return errUnsupported }

func startProcess(argv []string, logPath string) (int, <-chan struct{}, error) {
	return 0, nil, errUnsupported
}

func signalGroup(pid int, sig syscall.Signal) error { return errUnsupported }

func processAlive(pid int) bool { return false }

func nodeProcess(pid int, home string) bool { return false }

func waitGone(pid int, home string, d time.Duration) bool { return true }

func lockFile(path string) (func(), error) { return nil, errUnsupported }

func lockFileAs(path string, exclusive bool) (func(), error) { return nil, errUnsupported }
