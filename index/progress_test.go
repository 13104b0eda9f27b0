package index

import (
	"strings"
	"testing"
	"time"
)

func TestStatusLine(t *testing.T) {
	for _, tc := range []struct {
		name                      string
		phase                     string
		files, done, total, width int
		phaseTime, elapsed        time.Duration
		want                      string
	}{
		{"loading", "loading", 2, 1200, 0, 0, time.Second, time.Second, "loading   1200 documents, 2 files  elapsed 0:01"},
		{"indexing", "indexing", 0, 1500, 3000, 0, time.Second, 2 * time.Second,
			"indexing  [============            ] 1500/3000 docs  1500 docs/s  elapsed 0:02  ETA 0:01"},
		{"narrow terminal drops the bar", "indexing", 0, 1500, 3000, 70, time.Second, 2 * time.Second,
			"indexing  1500/3000 docs  1500 docs/s  elapsed 0:02  ETA 0:01"},
		{"very narrow terminal cuts", "indexing", 0, 1500, 3000, 21, time.Second, 2 * time.Second,
			"indexing  1500/3000 "},
		{"indexing done", "indexing", 0, 3000, 3000, 0, 2 * time.Second, 3 * time.Second,
			"indexing  [========================] 3000/3000 docs  1500 docs/s  elapsed 0:03"},
		{"indexing as read", "indexing", 3, 4000, 0, 0, 2 * time.Second, 2 * time.Second,
			"indexing  4000 documents, 3 files  2000 docs/s  elapsed 0:02"},
		{"merging", "merging", 3, 0, 4000, 0, time.Second, 3 * time.Second, "merging   4000 documents  elapsed 0:03"},
		{"verifying", "verifying", 0, 0, 3000, 0, time.Second, 75 * time.Minute, "verifying 3000 documents  elapsed 1:15:00"},
		{"swapping", "swapping", 0, 0, 0, 0, 0, 90 * time.Second, "swapping  elapsed 1:30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := statusLine(tc.phase, tc.files, tc.done, tc.total, tc.phaseTime, tc.elapsed, tc.width)
			if got != tc.want {
				t.Errorf("statusLine = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestProgressTerminal: on a terminal the status line is redrawn in place
// (also by the ticker, between updates), cleared for other output, and
// replaced by the summary at the end.
func TestProgressTerminal(t *testing.T) {
	// Not locked: progress writes under its own lock, and finish stops the
	// ticker before it returns.
	var out strings.Builder
	p := startProgress(&out, true, -1, time.Now())
	p.setPhase("loading", 0)
	p.update(1, 500)
	p.clear()
	p.setPhase("indexing", 1000)
	p.update(0, 500)
	time.Sleep(2 * redrawEvery)
	p.finish("index x ready")
	got := out.String()
	for _, want := range []string{
		"\rloading   500 documents, 1 file  elapsed ",
		"\x1b[K\r\x1b[K\rindexing ",
		"\rindexing  [============            ] 500/1000 docs",
		"\r\x1b[Kindex x ready\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("terminal output %q lacks %q", got, want)
		}
	}
	if !strings.HasSuffix(got, "\r\x1b[Kindex x ready\n") {
		t.Errorf("terminal output %q: want it to end with the summary on a cleared line", got)
	}
	if n := strings.Count(got, "500/1000 docs"); n < 2 {
		t.Errorf("status line drawn %d times while indexing, want the ticker to redraw it", n)
	}
}
