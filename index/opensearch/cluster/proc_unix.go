//go:build unix

package cluster

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"
)

const (
	sigTerm = syscall.SIGTERM
	sigKill = syscall.SIGKILL
)

func supported() error { return nil }

// startProcess starts argv with its output appended to logPath, in a new
// session: it is the leader of its own process group (so that a signal
// reaches the JVM and anything it forks) and has no controlling terminal,
// so it outlives the command that started it. The channel is closed when
// the process exits; waiting on it also reaps the process.
func startProcess(argv []string, logPath string) (int, <-chan struct{}, error) {
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return 0, nil, err
	}
	// The child gets the file itself, not a pipe: no goroutine of this
	// process copies output, and `go test` does not wait for the JVM's
	// end to see its output closed.
	defer f.Close()
	f.WriteString("== " + time.Now().Format(time.RFC3339) + " starting " + argv[0] + "\n")
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return 0, nil, err
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	return cmd.Process.Pid, exited, nil
}

func signalGroup(pid int, sig syscall.Signal) error {
	return syscall.Kill(-pid, sig)
}

// processAlive reports whether a process with this pid exists.
func processAlive(pid int) bool {
	return pid > 0 && !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

// nodeProcess reports whether pid is alive and is the node whose
// path.home is home: a pid in an old state file may belong to another
// program by now. Where /proc is missing, a live pid has to do.
func nodeProcess(pid int, home string) bool {
	if pid <= 0 {
		return false
	}
	if !processAlive(pid) {
		return false
	}
	proc := "/proc/" + strconv.Itoa(pid)
	if stat, err := os.ReadFile(proc + "/stat"); err == nil {
		// A zombie still answers signal 0: its state follows the
		// command name, which ends at the last ')'.
		if i := bytes.LastIndexByte(stat, ')'); i >= 0 && bytes.HasPrefix(stat[i+1:], []byte(" Z")) {
			return false
		}
	}
	cmdline, err := os.ReadFile(proc + "/cmdline")
	if err != nil {
		return !errors.Is(err, os.ErrNotExist) || !dirExists("/proc/self")
	}
	return bytes.Contains(cmdline, []byte("\x00path.home="+home+"\x00")) &&
		bytes.Contains(cmdline, []byte("\x00"+mainClass+"\x00"))
}

func dirExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// waitGone waits up to d for the node's process to end.
func waitGone(pid int, home string, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for nodeProcess(pid, home) {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
	return true
}

// lockFile takes an exclusive lock on path, creating it, and returns its
// release. The lock ends with the process too, so a crash leaves none.
func lockFile(path string) (func(), error) { return lockFileAs(path, true) }

// lockFileAs takes an exclusive or a shared lock on path.
func lockFileAs(path string, exclusive bool) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}
