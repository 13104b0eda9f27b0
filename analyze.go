package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/lipisearch/lipi/analyzers"
)

// parseText reads the command line of analyze and transliterate: --json
// and a TEXT, the positional arguments joined, which must be valid UTF-8
// and not blank.
func parseText(name, jsonUsage string, args []string, stderr io.Writer) (text string, asJSON bool, err error) {
	fs := newFlags(name, "TEXT", stderr)
	fs.BoolVar(&asJSON, "json", false, jsonUsage)
	if err := parseFlags(fs, args); err != nil {
		return "", false, err
	}
	text = strings.Join(fs.Args(), " ")
	if strings.TrimSpace(text) == "" {
		return "", false, usagef("missing TEXT (run 'lipi %s -h')", name)
	}
	if !utf8.ValidString(text) {
		return "", false, usagef("TEXT is not valid UTF-8")
	}
	return text, asJSON, nil
}

// runAnalyze is `lipi analyze`: the tokens of a text, layer by layer.
func runAnalyze(_ context.Context, args []string, stdout, stderr io.Writer) error {
	text, asJSON, err := parseText("analyze", "print JSON: {\"tokens\": [{term, layer, position, start, end}]}", args, stderr)
	if err != nil {
		return err
	}
	tokens := analyzers.Tokens(text)
	if asJSON {
		return writeJSON(stdout, struct {
			Tokens []analyzers.TokenInfo `json:"tokens"`
		}{tokens})
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "POS\tLAYER\tTERM\tSTART\tEND\tWORD")
	for _, t := range tokens {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%s\n", t.Position, t.Layer, t.Term, t.Start, t.End, text[t.Start:t.End])
	}
	return tw.Flush()
}

// runTransliterate is `lipi transliterate`: a text in every script.
func runTransliterate(_ context.Context, args []string, stdout, stderr io.Writer) error {
	text, asJSON, err := parseText("transliterate", "print JSON keyed by ISO 15924 script code: {\"Latn\", \"Deva\", \"Beng\", \"Guru\", …, \"Arab\"}", args, stderr)
	if err != nil {
		return err
	}
	out := analyzers.Transliterate(text)
	if asJSON {
		return writeJSON(stdout, out)
	}
	for _, s := range analyzers.Scripts() {
		if v, ok := out[s.String()]; ok {
			fmt.Fprintf(stdout, "%s  %s\n", s, v)
		}
	}
	return nil
}
