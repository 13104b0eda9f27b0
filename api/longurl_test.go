package api

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestLongURL: a URL far longer than any query or text lipi accepts, yet
// under the server's header limit, is refused by lipi itself with its
// error JSON, not by Go's server with a plain 431. Only past that limit
// does Go answer.
func TestLongURL(t *testing.T) {
	ts := seedServer(t)
	long := strings.Repeat("a", 100<<10)
	for _, tc := range []struct{ target, code string }{
		{"/api/search?q=" + long, "query_too_long"},
		{"/api/analyze?text=" + long, "text_too_long"},
		{"/api/transliterate?text=" + long, "text_too_long"},
	} {
		resp, body := ts.get(t, tc.target)
		var e errorBody
		if err := json.Unmarshal(body, &e); err != nil || resp.StatusCode != http.StatusBadRequest || e.Error.Code != tc.code {
			t.Errorf("GET %.30s… (%d bytes): %d %.200s, want 400 %s in lipi's error JSON", tc.target, len(tc.target), resp.StatusCode, body, tc.code)
		}
	}

	// Over a bare connection: Go answers before it has read the whole
	// request line, and a client that insists on writing all of it first
	// may meet a reset instead of the answer.
	conn, err := net.Dial("tcp", strings.TrimPrefix(ts.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	go io.WriteString(conn, "GET /api/search?q="+strings.Repeat("a", 2*maxHeaderBytes)+" HTTP/1.1\r\nHost: lipi\r\n\r\n")
	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || !strings.Contains(status, " 431 ") {
		t.Errorf("a URL of twice the header limit: %q %v, want Go's 431", status, err)
	}
}
