package cluster

import (
	"io"
	"net"
	"sync"
	"testing"
)

// Relay forwards TCP connections from a loopback port to a node until it
// is closed: a test points lipi at it and then cuts the cluster off, a
// real network fault that leaves the cluster running for other tests.
type Relay struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

// StartRelay relays to target (host:port) until Close or the end of t.
func StartRelay(t testing.TB, target string) *Relay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &Relay{ln: ln}
	t.Cleanup(r.Close)
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", target)
			if err != nil {
				in.Close()
				continue
			}
			r.mu.Lock()
			r.conns = append(r.conns, in, out)
			r.mu.Unlock()
			go func() { io.Copy(out, in); out.Close() }()
			go func() { io.Copy(in, out); in.Close() }()
		}
	}()
	return r
}

// URL is the relay's address as a node URL.
func (r *Relay) URL() string { return "http://" + r.ln.Addr().String() }

// Close stops accepting and cuts every relayed connection.
func (r *Relay) Close() {
	r.ln.Close()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.conns {
		c.Close()
	}
	r.conns = nil
}
