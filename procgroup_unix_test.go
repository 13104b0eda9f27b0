//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// killGroupOnCancel makes cmd the leader of a process group of its own and,
// when its context ends, kills the whole group: evaldev's lipi servers
// too, not evaldev alone.
func killGroupOnCancel(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
