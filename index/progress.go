package index

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// progress reports a rebuild to the operator. On a terminal it keeps one
// status line up to date (the phase, documents, docs/s, elapsed time and,
// while indexing, a bar and the time left); elsewhere (a log file, a pipe)
// it prints nothing until the one-line summary.
type progress struct {
	w   io.Writer
	tty bool
	fd  int // the terminal's file descriptor, for its width

	mu         sync.Mutex
	start      time.Time // of the rebuild
	phase      string    // "loading", "indexing", "merging", "verifying", "swapping"
	phaseStart time.Time
	files      int // read so far, while loading
	done       int // documents loaded or indexed so far
	total      int // documents to index
	drawn      bool

	stop chan struct{}
	wg   sync.WaitGroup
}

// redrawEvery is how often the terminal line is refreshed, so that the
// elapsed time moves between batches.
const redrawEvery = 250 * time.Millisecond

// newProgress reports to w; nil means nowhere. It is a live status line
// when w is a terminal.
func newProgress(w io.Writer, start time.Time) *progress {
	if w == nil {
		w = io.Discard
	}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) && os.Getenv("TERM") != "dumb" {
		return startProgress(w, true, int(f.Fd()), start)
	}
	return startProgress(w, false, -1, start)
}

// startProgress reports to w, a terminal with file descriptor fd when tty.
func startProgress(w io.Writer, tty bool, fd int, start time.Time) *progress {
	p := &progress{w: w, tty: tty, fd: fd, start: start, phaseStart: start}
	if tty {
		p.stop = make(chan struct{})
		p.wg.Add(1)
		go p.tick()
	}
	return p
}

func (p *progress) tick() {
	defer p.wg.Done()
	t := time.NewTicker(redrawEvery)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			p.draw()
			p.mu.Unlock()
		}
	}
}

// setPhase starts a phase with a known total of documents (0 if unknown).
func (p *progress) setPhase(phase string, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.phase, p.phaseStart, p.done, p.total = phase, time.Now(), 0, total
	p.draw()
}

// update records files read and documents loaded or indexed so far.
func (p *progress) update(files, done int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.files, p.done = files, done
	p.draw()
}

// setFiles and indexed update the counts of a streaming build, where
// files are read and documents indexed at once.
func (p *progress) setFiles(files int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.files = files
	p.draw()
}

func (p *progress) indexed(done int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done = done
	p.draw()
}

// clear removes the status line so that other lines (skipped inputs) can
// be printed; the next update draws it again.
func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
}

func (p *progress) clearLocked() {
	if p.tty && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// finish stops the status line and prints the summary line, if any.
func (p *progress) finish(summary string) {
	if p.stop != nil {
		close(p.stop)
		p.wg.Wait()
		p.stop = nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	if summary != "" {
		fmt.Fprintln(p.w, summary)
	}
}

// draw rewrites the status line; p.mu is held.
func (p *progress) draw() {
	if !p.tty || p.phase == "" {
		return
	}
	width := 0
	if w, _, err := term.GetSize(p.fd); err == nil {
		width = w
	}
	fmt.Fprint(p.w, "\r"+statusLine(p.phase, p.files, p.done, p.total, time.Since(p.phaseStart), time.Since(p.start), width)+"\x1b[K")
	p.drawn = true
}

// statusLine is the terminal status line of a phase: phaseTime into the
// phase, elapsed since the rebuild started, at most width columns (0:
// unlimited); the bar is left out when it does not fit.
func statusLine(phase string, files, done, total int, phaseTime, elapsed time.Duration, width int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-9s", phase)
	counting := phase == "loading" || phase == "indexing"
	switch {
	case phase == "loading", phase == "indexing" && total == 0:
		// Indexed as they are read: how many, from how many files.
		fmt.Fprintf(&b, " %s, %s", plural(done, "document"), plural(files, "file"))
	case !counting && total > 0:
		fmt.Fprintf(&b, " %s", plural(total, "document"))
	case total > 0:
		fmt.Fprintf(&b, " %d/%d docs", done, total)
	}
	rate := 0.0
	if s := phaseTime.Seconds(); s > 0 {
		rate = float64(done) / s
	}
	if phase == "indexing" && done > 0 {
		fmt.Fprintf(&b, "  %.0f docs/s", rate)
	}
	if b.Len() > 9 {
		b.WriteString(" ")
	}
	fmt.Fprintf(&b, " elapsed %s", clock(elapsed))
	if phase == "indexing" && total > 0 && done > 0 && done < total && rate > 0 {
		eta := time.Duration(float64(total-done) / rate * float64(time.Second))
		fmt.Fprintf(&b, "  ETA %s", clock(eta))
	}
	line := b.String()
	if total > 0 && phase == "indexing" {
		const barWidth = 24
		if width == 0 || len([]rune(line))+barWidth+3 < width {
			filled := min(barWidth, done*barWidth/total)
			bar := "[" + strings.Repeat("=", filled) + strings.Repeat(" ", barWidth-filled) + "]"
			line = line[:9] + " " + bar + line[9:]
		}
	}
	if r := []rune(line); width > 0 && len(r) >= width {
		line = string(r[:width-1])
	}
	return line
}

// clock formats d as m:ss, or h:mm:ss from an hour on.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// formatSize formats a byte count for people: 5.2 MB.
func formatSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
