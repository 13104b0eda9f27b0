package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// ErrLocked is returned (wrapped in a [*LockedError]) by [Rebuild] when
// another rebuild of the same index is running.
var ErrLocked = errors.New("another rebuild of this index is running")

// LockHolder is who holds a rebuild lock, as written into the lock file.
type LockHolder struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Started time.Time `json:"started"`
}

func (h LockHolder) String() string {
	return fmt.Sprintf("pid %d on %s, started %s", h.PID, h.Host, h.Started.Local().Format(time.RFC3339))
}

// LockedError says which rebuild holds the lock of an index.
type LockedError struct {
	Path string
	// Holder is what the lock file says; zero when it could not be read
	// (the holder may just have taken the lock).
	Holder LockHolder
	// Raw is the lock file's content when it is not a [LockHolder].
	Raw string
}

func (e *LockedError) Error() string {
	who := "holder unknown"
	switch {
	case e.Holder.PID != 0:
		who = e.Holder.String()
	case e.Raw != "":
		who = e.Raw
	}
	return fmt.Sprintf("another rebuild of %s is running (%s): wait for it to finish or stop it", e.Path, who)
}

func (e *LockedError) Unwrap() error { return ErrLocked }

// lockPath is the lock file of the index at path. It lives beside the index
// and is never removed: removing a lock file that another process may have
// opened would let two processes hold "the" lock at once.
func lockPath(path string) string { return path + ".lock" }

// rebuildLock is an exclusive lock on one index path, held for the whole of
// a rebuild. It is an advisory file lock (flock): the kernel releases it
// when the process ends, however it ends, so a killed rebuild never leaves
// a lock behind that blocks the next one.
type rebuildLock struct {
	f *os.File
}

// acquireLock takes the rebuild lock of the index at path without waiting:
// when another process holds it, it returns a [*LockedError] naming the
// holder. The holder's pid, host and start time are written into the lock
// file for that message.
func acquireLock(path string) (*rebuildLock, error) {
	name := lockPath(path)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	held, err := tryLockFile(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	if held {
		e := &LockedError{Path: path}
		// The holder writes its name just after taking the lock: give it a
		// moment when the file is still empty.
		for i := 0; i < 10; i++ {
			if e.Holder, e.Raw = readHolder(name); e.Holder.PID != 0 || e.Raw != "" {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		f.Close()
		return nil, e
	}
	host, _ := os.Hostname()
	info, _ := json.Marshal(LockHolder{PID: os.Getpid(), Host: host, Started: time.Now().UTC().Truncate(time.Second)})
	// The holder's name is only for messages: a lock file that cannot be
	// written (a full disk) still locks.
	if f.Truncate(0) == nil {
		f.WriteAt(append(info, '\n'), 0)
	}
	return &rebuildLock{f: f}, nil
}

// readHolder reads the lock file at name.
func readHolder(name string) (LockHolder, string) {
	data, err := os.ReadFile(name)
	if err != nil {
		return LockHolder{}, ""
	}
	var h LockHolder
	if json.Unmarshal(data, &h) == nil && h.PID != 0 {
		return h, ""
	}
	raw := strings.TrimSpace(string(data))
	if len(raw) > 200 {
		raw = raw[:200] + "…"
	}
	return LockHolder{}, raw
}

// release empties the lock file (so it names no holder) and releases the
// lock.
func (l *rebuildLock) release() {
	if l == nil || l.f == nil {
		return
	}
	l.f.Truncate(0)
	unlockFile(l.f)
	l.f.Close()
	l.f = nil
}
