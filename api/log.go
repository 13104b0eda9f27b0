package api

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
)

// NewLogger is the server's logger: JSON records, one a line, to w, at
// level and above (debug, info, warn or error).
func NewLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", level)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// LogLines is a writer that logs each line written to it as one record
// with the message msg and the line as "text": for the plain-text reports
// of other packages (an index build's summary and skipped inputs).
func LogLines(l *slog.Logger, level slog.Level, msg string) io.Writer {
	return &lineLogger{log: l, level: level, msg: msg}
}

type lineLogger struct {
	log   *slog.Logger
	level slog.Level
	msg   string
	mu    sync.Mutex
	buf   []byte
}

func (w *lineLogger) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexAny(w.buf, "\r\n")
		if i < 0 {
			break
		}
		if line := strings.TrimSpace(string(w.buf[:i])); line != "" {
			w.log.Log(context.Background(), w.level, w.msg, "text", line)
		}
		w.buf = w.buf[i+1:]
	}
	return len(p), nil
}
