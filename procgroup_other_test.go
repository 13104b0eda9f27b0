//go:build !unix

package main

import "os/exec"

// killGroupOnCancel leaves cmd as exec.CommandContext made it: when its
// context ends, cmd alone is killed.
func killGroupOnCancel(*exec.Cmd) {}
