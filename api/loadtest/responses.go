package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// responseSets are the parameters of the byte-for-byte check of
// docs/BENCHMARKS.md: each load query is searched with each of them, so
// that pages, sizes, highlighting off, the language filter, date order,
// prefixes and fuzzy matching off are all compared.
var responseSets = []string{
	"",
	"from=10",
	"size=50",
	"size=3&from=1",
	"highlight=false",
	"lang=en",
	"sort=published",
	"prefix=true",
	"fuzzy=false",
	"lang=en&from=10",
}

// maxResponseRequests bounds a -responses run: the 400 load queries with
// every set.
const maxResponseRequests = 4000

// maxResponseBytes bounds one response body: a page of 50 hits with
// fragments is some hundreds of kilobytes.
const maxResponseBytes = 64 << 20

// maxDifferences is how many differing responses a comparison shows.
const maxDifferences = 5

// writeResponses searches every query with every set, one request at a
// time, and writes one line a request to w: its query string, the status
// and the body without took_ms (the one member that differs between two
// runs of the same server). It returns the number of lines written.
func writeResponses(ctx context.Context, base string, queries []string, w io.Writer) (int, error) {
	if err := checkResponseCount(queries); err != nil {
		return 0, err
	}
	hc := newClient(1)
	defer hc.CloseIdleConnections()
	if err := warmUp(ctx, hc, config{url: base}); err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(w)
	n := 0
	for _, q := range queries {
		for _, set := range responseSets {
			p, err := url.ParseQuery(set)
			if err != nil {
				return n, err
			}
			p.Set("q", q)
			qs := p.Encode()
			status, body, err := getBody(ctx, hc, base+"/api/search?"+qs)
			if err != nil {
				return n, fmt.Errorf("%s: %w", qs, err)
			}
			if status == http.StatusOK {
				if body, err = withoutTook(body); err != nil {
					return n, fmt.Errorf("%s: %w", qs, err)
				}
			}
			fmt.Fprintf(bw, "%s\t%d\t%s\n", qs, status, oneLineBody(body))
			n++
		}
	}
	return n, bw.Flush()
}

func checkResponseCount(queries []string) error {
	if n := len(queries) * len(responseSets); n > maxResponseRequests {
		return fmt.Errorf("%d queries × %d parameter sets is %d requests; at most %d", len(queries), len(responseSets), n, maxResponseRequests)
	}
	return nil
}

// getBody is a GET that keeps the body.
func getBody(ctx context.Context, hc *http.Client, u string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return 0, nil, err
	}
	if len(body) > maxResponseBytes {
		return 0, nil, fmt.Errorf("response longer than %d bytes", maxResponseBytes)
	}
	return resp.StatusCode, body, nil
}

// oneLineBody is a body as one line of the file: lipi's JSON as it came
// (its encoder ends it with the only newline), anything else quoted.
func oneLineBody(body []byte) string {
	body = bytes.TrimSuffix(body, []byte("\n"))
	if bytes.ContainsAny(body, "\r\n") {
		return strconv.Quote(string(body))
	}
	return string(body)
}

// withoutTook removes the top-level "took_ms" member of a JSON object,
// leaving every other byte as it was: re-encoding would hide a change in
// the order of members or in escaping, which are part of the response.
func withoutTook(body []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("the response is not a JSON object")
	}
	for first := true; ; first = false {
		// The member starts right after the previous value (More skips
		// the blanks before the comma): its comma goes with it.
		start := int(dec.InputOffset())
		if !dec.More() {
			break
		}
		key, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, err
		}
		if key != "took_ms" {
			continue
		}
		end := int(dec.InputOffset())
		if first {
			// No comma before the first member: take the one after it.
			rest := bytes.TrimLeft(body[end:], " \t\r\n")
			if len(rest) > 0 && rest[0] == ',' {
				end = len(body) - len(rest) + 1
			}
		}
		return append(body[:start:start], body[end:]...), nil
	}
	return nil, fmt.Errorf("the response has no took_ms member")
}

// compareResponses compares the lines of two files written by
// writeResponses, prints the first few differing responses to w, and
// returns how many differ.
func compareResponses(oldLines, newLines []string, w io.Writer) (int, error) {
	if len(oldLines) != len(newLines) {
		return 0, fmt.Errorf("the old file has %d responses and the new one %d: not the same queries", len(oldLines), len(newLines))
	}
	differ := 0
	for i, o := range oldLines {
		n := newLines[i]
		oq, _, _ := strings.Cut(o, "\t")
		nq, _, _ := strings.Cut(n, "\t")
		if oq != nq {
			return differ, fmt.Errorf("line %d asks %q in the old file and %q in the new one: not the same queries", i+1, oq, nq)
		}
		if o == n {
			continue
		}
		differ++
		if differ <= maxDifferences {
			at := commonPrefix(o, n)
			if u, err := url.QueryUnescape(oq); err == nil {
				oq = u
			}
			fmt.Fprintf(w, "line %d (%s): from byte %d\n  old …%s\n  new …%s\n", i+1, oq, at, excerpt(o, at), excerpt(n, at))
		}
	}
	fmt.Fprintf(w, "%d of %d responses differ\n", differ, len(oldLines))
	return differ, nil
}

func commonPrefix(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

// excerpt is up to 80 bytes of s from a little before at.
func excerpt(s string, at int) string {
	from := max(0, at-20)
	to := min(len(s), at+60)
	return strings.ToValidUTF8(s[from:to], "")
}
