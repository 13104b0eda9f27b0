package index

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The journal is the record of every document written through the API
// (Live.Put, Live.Delete), beside the index: `path.journal`. A write is
// appended and synced to it before it is applied to the index, so that an
// acknowledged write survives a crash (the next open replays what the
// index had not persisted), and a rebuild, which builds from the documents
// folder, replays it after the folder's documents so that it loses none of
// them. The index remembers the last record it holds (internalJournal:
// the journal's id and the record's sequence number); the journal's id
// changes when the file is removed and made anew, and then every record of
// the new one is replayed.
//
// Each line is one JSON object: the first the header, then one record a
// write, in order. A line without its end (a crash in the middle of an
// append) was never acknowledged: readers ignore it and the writer cuts it
// off when it opens the journal.

// internalJournal is the key of the index's journal mark.
var internalJournal = []byte("lipi.journal")

func journalPath(path string) string { return path + ".journal" }

type journalHeader struct {
	Journal string    `json:"journal"`
	Created time.Time `json:"created"`
}

// journalRecord is one write: documents put (added or replaced) or ids
// deleted.
type journalRecord struct {
	Seq    uint64     `json:"seq"`
	Put    []Document `json:"put,omitempty"`
	Delete []string   `json:"delete,omitempty"`
}

// journalMark is where an index stands in a journal: the last record it
// holds.
type journalMark struct {
	id  string
	seq uint64
}

func (m journalMark) String() string { return m.id + ":" + strconv.FormatUint(m.seq, 10) }

func parseMark(s string) journalMark {
	id, seq, ok := strings.Cut(s, ":")
	n, err := strconv.ParseUint(seq, 10, 64)
	if !ok || err != nil {
		return journalMark{}
	}
	return journalMark{id: id, seq: n}
}

// before tells whether the record seq of journal id comes after the
// mark (the index does not hold it yet).
func (m journalMark) before(id string, seq uint64) bool { return m.id != id || seq > m.seq }

// journal is the journal open for appending, by the one process that
// writes to the index (it holds the writer lock).
type journal struct {
	f    *os.File
	path string
	id   string
	seq  uint64 // of the last record
	size int64  // bytes of complete lines
}

// openJournal opens the journal at name for appending, making it when it
// does not exist, and cuts off an incomplete last line.
func openJournal(name string) (*journal, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	j := &journal{f: f, path: name}
	hdr, last, size, err := scanJournal(f, nil)
	if err != nil {
		f.Close()
		return nil, err
	}
	if hdr.Journal == "" { // a new journal (or one cut off in its header)
		if err := j.start(); err != nil {
			f.Close()
			return nil, err
		}
		return j, nil
	}
	j.id, j.seq, j.size = hdr.Journal, last, size
	if st, err := f.Stat(); err == nil && st.Size() > size {
		if err := f.Truncate(size); err != nil {
			f.Close()
			return nil, fmt.Errorf("journal %s: cut off its incomplete last line: %w", name, err)
		}
	}
	return j, nil
}

// start writes a new journal's header.
func (j *journal) start() error {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	id := hex.EncodeToString(b[:])
	hdr, _ := json.Marshal(journalHeader{Journal: id, Created: time.Now().UTC().Truncate(time.Second)})
	hdr = append(hdr, '\n')
	if err := j.f.Truncate(0); err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	if _, err := j.f.WriteAt(hdr, 0); err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	syncDir(filepath.Dir(j.path))
	j.id, j.seq, j.size = id, 0, int64(len(hdr))
	return nil
}

// append writes rec as the next record and syncs it to disk; rec.Seq is
// set. On error nothing of it stays in the journal.
func (j *journal) append(rec *journalRecord) error {
	rec.Seq = j.seq + 1
	line, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	line = append(line, '\n')
	if _, err := j.f.WriteAt(line, j.size); err != nil {
		j.f.Truncate(j.size)
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		j.f.Truncate(j.size)
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	j.seq++
	j.size += int64(len(line))
	return nil
}

func (j *journal) close() error { return j.f.Close() }

// scanJournal reads a journal from its start: its header, and each
// complete record in order to each with the journal's id (nil: none
// wanted). It returns the last record's sequence number and the size of
// the complete lines. A damaged line that is not the last is an error:
// records after it would be lost.
func scanJournal(r io.Reader, each func(id string, rec *journalRecord) error) (hdr journalHeader, last uint64, size int64, err error) {
	br := bufio.NewReaderSize(r, 256<<10)
	for n := 1; ; n++ {
		line, rerr := br.ReadBytes('\n')
		if rerr == io.EOF {
			// An incomplete last line: never acknowledged.
			return hdr, last, size, nil
		}
		if rerr != nil {
			return hdr, last, size, fmt.Errorf("journal: %w", rerr)
		}
		body := bytes.TrimSpace(line)
		if n == 1 {
			if json.Unmarshal(body, &hdr) != nil || hdr.Journal == "" {
				return journalHeader{}, 0, 0, errors.New("journal: its first line is not a journal header (not a journal lipi wrote?)")
			}
			size += int64(len(line))
			continue
		}
		var rec journalRecord
		if err := json.Unmarshal(body, &rec); err != nil || rec.Seq != last+1 {
			// A complete line that does not parse, or out of order: the
			// file was damaged, and what follows cannot be trusted.
			if _, perr := br.Peek(1); perr == io.EOF && err != nil {
				return hdr, last, size, nil // the last line: as if cut off
			}
			return hdr, last, size, fmt.Errorf("journal: line %d is damaged; records after it would be lost: repair or remove the journal", n)
		}
		if each != nil {
			if err := each(hdr.Journal, &rec); err != nil {
				return hdr, last, size, err
			}
		}
		last = rec.Seq
		size += int64(len(line))
	}
}

// readJournal reads the journal at name, if there is one, calling each
// with every complete record up to the size given (0: to its end). ok is
// false when there is none.
func readJournal(name string, upTo int64, each func(id string, rec *journalRecord) error) (hdr journalHeader, last uint64, size int64, ok bool, err error) {
	f, err := os.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return hdr, 0, 0, false, nil
	}
	if err != nil {
		return hdr, 0, 0, false, fmt.Errorf("journal: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if upTo > 0 {
		r = io.LimitReader(f, upTo)
	}
	hdr, last, size, err = scanJournal(r, each)
	if err != nil {
		return hdr, last, size, false, fmt.Errorf("%s: %w", name, err)
	}
	return hdr, last, size, hdr.Journal != "", nil
}

// journalWrites is what a rebuild takes from the journal: the records up
// to where it ended when the rebuild started, and what they leave of each
// id they touch.
type journalWrites struct {
	name    string
	id      string
	last    uint64
	size    int64
	records int
	final   map[string]bool // id → put last (true) or deleted last
	folder  map[string]bool // the touched ids the folder holds
}

// journalOutcome reads the journal at name, if any, for a rebuild.
func journalOutcome(name string) (*journalWrites, error) {
	w := &journalWrites{name: name, final: map[string]bool{}, folder: map[string]bool{}}
	hdr, last, size, ok, err := readJournal(name, 0, func(_ string, rec *journalRecord) error {
		w.records++
		for _, d := range rec.Put {
			w.final[d.ID] = true
		}
		for _, id := range rec.Delete {
			w.final[id] = false
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("replay the writes made through the API: %w", err)
	}
	if ok {
		w.id, w.last, w.size = hdr.Journal, last, size
	}
	return w, nil
}

// inFolder notes that the folder holds id.
func (w *journalWrites) inFolder(id string) {
	if _, ok := w.final[id]; ok {
		w.folder[id] = true
	}
}

// change is how many documents the writes add to the folder's (negative:
// remove).
func (w *journalWrites) change() int {
	n := 0
	for id, put := range w.final {
		switch {
		case put && !w.folder[id]:
			n++
		case !put && w.folder[id]:
			n--
		}
	}
	return n
}

// mark is where the rebuilt index stands in the journal.
func (w *journalWrites) mark() string {
	if w.id == "" {
		return ""
	}
	return journalMark{id: w.id, seq: w.last}.String()
}
