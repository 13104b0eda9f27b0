package index

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Reasons a document is skipped: the keys of [LoadResult].SkippedByReason and
// the start of every [LoadProblem].Reason. Some reasons carry a detail after
// the key ("bad JSON: unexpected end of JSON input", `duplicate id "x" (first
// in docs/a.jsonl:3)`).
const (
	ReasonMalformedUTF8 = "malformed UTF-8"
	ReasonBadJSON       = "bad JSON"
	ReasonMissingID     = "missing id"
	ReasonBadID         = "bad id"
	ReasonEmptyText     = "empty text"
	ReasonDuplicateID   = "duplicate id"
	ReasonBadPublished  = "bad published date"
	ReasonBadLang       = "bad lang"
	ReasonLineTooLong   = "line too long"
	ReasonFileTooLarge  = "file too large"
	ReasonUnreadable    = "unreadable"
)

// Limits on what the loader reads into memory.
const (
	// MaxLineBytes is the longest .jsonl line read; a longer one is skipped
	// as ReasonLineTooLong.
	MaxLineBytes = 16 << 20
	// MaxTextBytes is the largest .txt or .md file read; a larger one is
	// skipped as ReasonFileTooLarge.
	MaxTextBytes = 16 << 20
)

// indexMarker is the file bleve writes at the top of every index directory.
const indexMarker = "index_meta.json"

// LoadProblem is one input the loader skipped: a file, or a line of a .jsonl
// file. It is also the error [LoadDir] returns in strict mode.
type LoadProblem struct {
	// Path is the file (or folder) as the user would open it: the loaded
	// folder joined with the path below it ("docs/sub/a.jsonl").
	Path string
	// Line is the 1-based line number, or 0 for a whole file.
	Line int
	// Reason says what was wrong; it starts with one of the Reason constants.
	Reason string
}

// String returns "path:line: reason", or "path: reason" for a whole file.
func (p LoadProblem) String() string {
	return location(p.Path, p.Line) + ": " + p.Reason
}

// Error makes a problem an error, with the same text as String.
func (p LoadProblem) Error() string { return p.String() }

// origin is where a document was loaded from: its file (an index into
// the loader's paths) and line (0 for a whole file).
type origin struct{ path, line int32 }

// idHash is a document id hashed with two seeds (loader.seen).
type idHash [2]uint64

func location(path string, line int) string {
	if line == 0 {
		return path
	}
	return path + ":" + strconv.Itoa(line)
}

// reasonKey is the short reason a full reason starts with: "bad JSON" for
// "bad JSON: …", "duplicate id" for `duplicate id "x" (…)`.
func reasonKey(reason string) string {
	if strings.HasPrefix(reason, ReasonDuplicateID) {
		return ReasonDuplicateID
	}
	key, _, _ := strings.Cut(reason, ": ")
	return key
}

// LoadResult is what [LoadDir] read.
type LoadResult struct {
	// Docs are the documents loaded, in the order of their files (lexical,
	// depth first) and lines; empty when LoadOptions.OnDoc took them.
	Docs []Document
	// Loaded is how many documents were loaded (into Docs or OnDoc).
	Loaded int
	// Files is how many .txt, .md and .jsonl files were read (including
	// files from which nothing was loaded).
	Files int
	// Skipped lists every skipped input in the order met.
	Skipped []LoadProblem
	// SkippedByReason counts Skipped by short reason (the Reason constants).
	SkippedByReason map[string]int
	// Excluded is how many files and folders [LoadOptions].Exclude left
	// out (a folder counts once, whatever it holds).
	Excluded int
}

// Summary describes the result in one line, for example
// "loaded 3 documents from 3 files; skipped 2 (1 malformed UTF-8, 1 duplicate id)".
// Reasons are listed most frequent first, ties in the order first met.
func (r *LoadResult) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "loaded %s from %s", plural(r.Loaded, "document"), plural(r.Files, "file"))
	if r.Excluded > 0 {
		fmt.Fprintf(&b, " (%d excluded)", r.Excluded)
	}
	total := 0
	for _, n := range r.SkippedByReason {
		total += n
	}
	if total == 0 {
		return b.String()
	}
	first := map[string]int{}
	for i, p := range r.Skipped {
		if _, ok := first[reasonKey(p.Reason)]; !ok {
			first[reasonKey(p.Reason)] = i
		}
	}
	keys := make([]string, 0, len(r.SkippedByReason))
	for k, n := range r.SkippedByReason {
		if n > 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b string) int {
		if n, m := r.SkippedByReason[a], r.SkippedByReason[b]; n != m {
			return m - n
		}
		i, iok := first[a]
		j, jok := first[b]
		switch {
		case iok && jok:
			return i - j
		case iok != jok: // reasons met in Skipped first
			if iok {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	fmt.Fprintf(&b, "; skipped %d (", total)
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d %s", r.SkippedByReason[k], k)
	}
	b.WriteString(")")
	return b.String()
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// LoadOptions tune [LoadDir].
type LoadOptions struct {
	// Strict makes the first problem an error instead of a skipped input.
	Strict bool
	// OnFile, when set, is called after each file is read with the number
	// of files read and documents loaded so far (for progress).
	OnFile func(files, docs int)
	// OnDoc, when set, takes each document as it is loaded, in the order
	// Docs would have them, instead of Docs: a caller that indexes them
	// as they come holds a batch in memory, not the corpus. An error it
	// returns stops the loading and is LoadDir's error.
	OnDoc func(Document) error
	// Exclude leaves out the files and folders that match any of these
	// glob patterns (path.Match syntax, "/" separators): a pattern with a
	// "/" is matched against the path below the loaded folder
	// ("drafts/*.md"), one without against the name alone, at any depth
	// ("README.md", "*.draft.txt", "archive"). A folder left out is not
	// read. [CheckExcludes] tells a malformed pattern before loading.
	Exclude []string
	// Fields are the extra keyword fields a .jsonl line may carry
	// ([ParseFields] names them).
	Fields []string
}

// CheckExcludes reports the first malformed pattern of
// [LoadOptions].Exclude.
func CheckExcludes(patterns []string) error {
	for _, p := range patterns {
		if p == "" {
			return fmt.Errorf("empty exclude pattern")
		}
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("exclude pattern %q: %w", p, err)
		}
	}
	return nil
}

// LoadDir reads every document in dir and the folders below it:
//
//   - a .txt or .md file is one document whose id is its path below dir
//     without the extension, with "/" separators ("sub/name"); its title and
//     body are split as DESIGN.md says (see splitText);
//   - a .jsonl file holds one JSON object a line with a non-empty string
//     "id" (no control characters), a non-empty "title" or "body", and
//     optionally "lang" (BCP 47), "url", "published" (RFC 3339 date-time
//     or YYYY-MM-DD), "category" (or, when it has none, "label": a string)
//     and a string for each of opts.Fields; other keys are ignored and
//     blank lines skipped.
//
// Folders are read in lexical order, so the result is deterministic. Other
// files, hidden files and folders (".name"), and index folders (a name
// ending in ".bleve", or holding bleve's index_meta.json) are ignored.
//
// An input that cannot be loaded is skipped and recorded in the result's
// Skipped and SkippedByReason; ids are unique across all files, the first
// one wins. With opts.Strict the first such problem is returned as the error
// (a [LoadProblem]) and no result. LoadDir fails when dir does not exist, is
// not a folder or cannot be listed.
func LoadDir(dir string, opts LoadOptions) (*LoadResult, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("documents folder %s: %w", dir, unwrapPath(err))
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("documents folder %s: not a directory", dir)
	}
	if err := CheckExcludes(opts.Exclude); err != nil {
		return nil, err
	}
	l := &loader{
		exclude: opts.Exclude,
		fields:  opts.Fields,
		strict:  opts.Strict,
		onFile:  opts.OnFile,
		onDoc:   opts.OnDoc,
		res:     &LoadResult{SkippedByReason: map[string]int{}},
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("documents folder %s: %w", dir, unwrapPath(err))
	}
	if err := l.walk(dir, "", entries); err != nil {
		return nil, err
	}
	return l.res, nil
}

// unwrapPath drops the operation and path of an *fs.PathError, for messages
// that name the path themselves.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

type loader struct {
	exclude []string
	fields  []string
	strict  bool
	onFile  func(files, docs int)
	onDoc   func(Document) error
	res     *LoadResult
	// seen maps each loaded id, by a 128-bit hash of it, to where it was
	// loaded from. It is the one part of loading that grows with the
	// corpus, so it keeps neither the id (a hash is half the memory of a
	// string and its key) nor a path of its own (a number into paths and a
	// line). Two different ids share both hashes once in 2^128 pairs: for
	// ten million documents, about one chance in 10^25 that a document is
	// taken for a duplicate.
	seen  map[idHash]origin
	seeds [2]maphash.Seed
	paths []string
	// buf is the line buffer for .jsonl files, reused across files.
	buf []byte
}

// skip records a problem; in strict mode it returns it as the error that
// stops loading.
func (l *loader) skip(path string, line int, key, detail string) error {
	reason := key
	if detail != "" {
		reason += ": " + detail
	}
	return l.skipReason(path, line, key, reason)
}

func (l *loader) skipReason(path string, line int, key, reason string) error {
	p := LoadProblem{Path: path, Line: line, Reason: reason}
	if l.strict {
		return p
	}
	l.res.Skipped = append(l.res.Skipped, p)
	l.res.SkippedByReason[key]++
	return nil
}

// add keeps doc unless its id was loaded before.
func (l *loader) add(doc Document, path string, line int) error {
	if l.seen == nil {
		l.seen = map[idHash]origin{}
		l.seeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}
	}
	key := idHash{maphash.String(l.seeds[0], doc.ID), maphash.String(l.seeds[1], doc.ID)}
	if first, ok := l.seen[key]; ok {
		return l.skipReason(path, line, ReasonDuplicateID,
			fmt.Sprintf("%s %q (first in %s)", ReasonDuplicateID, doc.ID, location(l.paths[first.path], int(first.line))))
	}
	if len(l.paths) == 0 || l.paths[len(l.paths)-1] != path {
		l.paths = append(l.paths, path)
	}
	l.seen[key] = origin{path: int32(len(l.paths) - 1), line: int32(line)}
	doc.Detect()
	l.res.Loaded++
	if l.onDoc != nil {
		return l.onDoc(doc)
	}
	l.res.Docs = append(l.res.Docs, doc)
	return nil
}

// walk loads the entries of folder path, whose path below the loaded folder
// is rel ("" for the loaded folder itself). os.ReadDir sorts entries by name.
func (l *loader) walk(path, rel string, entries []os.DirEntry) error {
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		p, r := filepath.Join(path, name), name
		if rel != "" {
			r = rel + "/" + name
		}
		if l.excluded(r, name) {
			l.res.Excluded++
			continue
		}
		if e.IsDir() {
			if isIndexDir(p, name) {
				continue
			}
			sub, err := os.ReadDir(p)
			if err != nil {
				if err := l.skip(p, 0, ReasonUnreadable, unwrapPath(err).Error()); err != nil {
					return err
				}
				continue
			}
			if err := l.walk(p, r, sub); err != nil {
				return err
			}
			continue
		}
		ext := strings.ToLower(filepath.Ext(name))
		if ext != ".txt" && ext != ".md" && ext != ".jsonl" {
			continue
		}
		if !e.Type().IsRegular() {
			// Symbolic links to files are read; links to folders are not
			// followed (no cycles), and pipes or devices are never opened.
			fi, err := os.Stat(p)
			if err == nil && !fi.Mode().IsRegular() {
				continue
			}
		}
		var err error
		if ext == ".jsonl" {
			err = l.loadJSONL(p)
		} else {
			err = l.loadText(p, r, ext == ".md")
		}
		if err != nil {
			return err
		}
		if l.onFile != nil {
			l.onFile(l.res.Files, l.res.Loaded)
		}
	}
	return nil
}

// excluded tells whether the entry at rel (below the loaded folder),
// named name, matches an exclude pattern. The patterns were checked.
func (l *loader) excluded(rel, name string) bool {
	for _, p := range l.exclude {
		subject := name
		if strings.Contains(p, "/") {
			subject = rel
		}
		if ok, _ := path.Match(p, subject); ok {
			return true
		}
	}
	return false
}

// isIndexDir reports whether folder path (named name) is a bleve index.
func isIndexDir(path, name string) bool {
	if strings.HasSuffix(name, ".bleve") {
		return true
	}
	_, err := os.Lstat(filepath.Join(path, indexMarker))
	return err == nil
}

// loadText loads one .txt or .md file as one document.
func (l *loader) loadText(path, rel string, markdown bool) error {
	l.res.Files++
	data, err := readFileMax(path, MaxTextBytes)
	switch {
	case errors.Is(err, errTooLarge):
		return l.skip(path, 0, ReasonFileTooLarge, "")
	case err != nil:
		return l.skip(path, 0, ReasonUnreadable, unwrapPath(err).Error())
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if i := invalidUTF8(data); i >= 0 {
		return l.skip(path, 1+bytes.Count(data[:i], []byte("\n")), ReasonMalformedUTF8, "")
	}
	id := strings.TrimSuffix(rel, filepath.Ext(rel))
	if !validID(id) {
		return l.skip(path, 0, ReasonBadID, "")
	}
	title, body := splitText(string(data), markdown)
	if title == "" && body == "" {
		return l.skip(path, 0, ReasonEmptyText, "")
	}
	return l.add(Document{ID: id, Title: title, Body: body}, path, 0)
}

var (
	utf8BOM     = []byte("\uFEFF")
	errTooLarge = errors.New("too large")
)

// readFileMax reads a file of at most max bytes.
func readFileMax(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, errTooLarge
	}
	return data, nil
}

// invalidUTF8 returns the offset of the first byte of b that is not valid
// UTF-8, or -1.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// validID reports whether id is a usable document id: non-empty, valid
// UTF-8, no control characters.
func validID(id string) bool {
	if id == "" || !utf8.ValidString(id) {
		return false
	}
	return !strings.ContainsFunc(id, unicode.IsControl)
}

// loadJSONL loads a .jsonl file, one document a line.
func (l *loader) loadJSONL(path string) error {
	l.res.Files++
	f, err := os.Open(path)
	if err != nil {
		return l.skip(path, 0, ReasonUnreadable, unwrapPath(err).Error())
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	for n := 1; ; n++ {
		line, tooLong, err := l.readLine(br)
		if err != nil && err != io.EOF {
			return l.skip(path, n, ReasonUnreadable, unwrapPath(err).Error())
		}
		if err == io.EOF && len(line) == 0 && !tooLong {
			return nil
		}
		if n == 1 {
			line = bytes.TrimPrefix(line, utf8BOM)
		}
		if perr := l.loadLine(path, n, line, tooLong); perr != nil {
			return perr
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readLine reads the next line of r, of at most MaxLineBytes, into l.buf and
// returns it without its line end ("\n" or "\r\n"). A longer line is read to
// its end and dropped: line is nil and tooLong true. err is io.EOF after the
// last line, which may come with that line's text.
func (l *loader) readLine(r *bufio.Reader) (line []byte, tooLong bool, err error) {
	buf := l.buf[:0]
	defer func() { l.buf = buf }()
	for {
		var chunk []byte
		chunk, err = r.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > MaxLineBytes+len("\r\n") {
				tooLong, buf = true, buf[:0] // stop buffering, read on to the line end
			} else {
				buf = append(buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		line = bytes.TrimSuffix(buf, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if tooLong || len(line) > MaxLineBytes {
			return nil, true, err
		}
		return line, false, err
	}
}

// jsonDoc is a .jsonl line as read: each field raw, so that a field of the
// wrong type is reported as that field's problem.
type jsonDoc struct {
	ID        json.RawMessage `json:"id"`
	Title     json.RawMessage `json:"title"`
	Body      json.RawMessage `json:"body"`
	Lang      json.RawMessage `json:"lang"`
	URL       json.RawMessage `json:"url"`
	Published json.RawMessage `json:"published"`
	Category  json.RawMessage `json:"category"`
	Label     json.RawMessage `json:"label"`
}

// jsonLabel is what the benchmark corpus calls a category.
const jsonLabel = "label"

// loadLine loads line n of a .jsonl file. The checks run in a fixed order,
// so each bad line has one reason: too long, malformed UTF-8, bad JSON,
// missing or bad id, empty text, bad lang, bad published date, a category
// or extra field that is not a string (bad JSON), and last duplicate id
// (a bad line never claims an id).
func (l *loader) loadLine(path string, n int, line []byte, tooLong bool) error {
	if tooLong {
		return l.skip(path, n, ReasonLineTooLong, "")
	}
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return nil
	}
	if !utf8.Valid(line) {
		return l.skip(path, n, ReasonMalformedUTF8, "")
	}
	if line[0] != '{' {
		return l.skip(path, n, ReasonBadJSON, "not a JSON object")
	}
	var raw jsonDoc
	err := json.Unmarshal(line, &raw)
	if err != nil {
		return l.skip(path, n, ReasonBadJSON, jsonError(err))
	}

	id, ok := jsonString(raw.ID)
	switch {
	case !ok:
		return l.skip(path, n, ReasonBadID, "")
	case id == "":
		return l.skip(path, n, ReasonMissingID, "")
	case !validID(id):
		return l.skip(path, n, ReasonBadID, "")
	}
	var doc Document
	doc.ID = id
	for _, f := range []struct {
		name string
		raw  json.RawMessage
		dst  *string
	}{{"title", raw.Title, &doc.Title}, {"body", raw.Body, &doc.Body}, {"url", raw.URL, &doc.URL}} {
		s, ok := jsonString(f.raw)
		if !ok {
			return l.skip(path, n, ReasonBadJSON, strconv.Quote(f.name)+" is not a string")
		}
		*f.dst = strings.TrimSpace(s)
	}
	if doc.Title == "" && doc.Body == "" {
		return l.skip(path, n, ReasonEmptyText, "")
	}
	if s, ok := jsonString(raw.Lang); !ok {
		return l.skip(path, n, ReasonBadLang, "")
	} else if strings.TrimSpace(s) != "" {
		if doc.Lang, ok = parseLang(s); !ok {
			return l.skip(path, n, ReasonBadLang, "")
		}
	}
	if s, ok := jsonString(raw.Published); !ok {
		return l.skip(path, n, ReasonBadPublished, "")
	} else if strings.TrimSpace(s) != "" {
		if doc.Published, ok = parsePublished(s); !ok {
			return l.skip(path, n, ReasonBadPublished, "")
		}
	}
	cat, ok := jsonString(raw.Category)
	if !ok {
		return l.skip(path, n, ReasonBadJSON, strconv.Quote(fieldCategory)+" is not a string")
	}
	if doc.Category = strings.TrimSpace(cat); doc.Category == "" {
		// A label that is not a string (a class number) is not a
		// category: such corpora loaded before labels were read, and
		// still do.
		label, _ := jsonString(raw.Label)
		doc.Category = strings.TrimSpace(label)
	}
	if len(l.fields) > 0 {
		if doc.Fields, err = l.extraFields(line); err != nil {
			return l.skip(path, n, ReasonBadJSON, err.Error())
		}
	}
	return l.add(doc, path, n)
}

// extraFields reads the loader's extra fields from a JSON line that
// decoded as a document: nil when it has none of them.
func (l *loader) extraFields(line []byte) (map[string]string, error) {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(line, &all); err != nil {
		return nil, errors.New(jsonError(err))
	}
	var out map[string]string
	for _, name := range l.fields {
		s, ok := jsonString(all[name])
		if !ok {
			return nil, fmt.Errorf("%q is not a string", name)
		}
		if s = strings.TrimSpace(s); s != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[name] = s
		}
	}
	return out, nil
}

// jsonString decodes a raw JSON string; an absent field or null is "". ok is
// false when the value is not a string.
func jsonString(raw json.RawMessage) (s string, ok bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", true
	}
	if raw[0] != '"' {
		return "", false
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

// jsonError shortens a JSON decoding error for a problem's reason.
func jsonError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "json: ")
	var se *json.SyntaxError
	if errors.As(err, &se) && !strings.HasPrefix(msg, "unexpected end") {
		msg += " at byte " + strconv.FormatInt(se.Offset, 10)
	}
	return msg
}
