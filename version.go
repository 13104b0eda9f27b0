package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"text/tabwriter"
)

// buildInfo is what a lipi binary knows of where it came from, as the Go
// toolchain recorded it.
type buildInfo struct {
	Module  string `json:"module"`
	Version string `json:"version"`
	// Revision is the commit the binary was built from, empty when the
	// build recorded none (`go run`, a build outside a checkout);
	// Modified tells that the work tree had changes not committed.
	Revision string `json:"revision"`
	Time     string `json:"revision_time,omitempty"`
	Modified bool   `json:"modified"`
	Go       string `json:"go"`
	Platform string `json:"platform"`
}

func readBuildInfo() buildInfo {
	info := buildInfo{Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	info.Module, info.Version = bi.Main.Path, bi.Main.Version
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Revision = s.Value
		case "vcs.time":
			info.Time = s.Value
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
	return info
}

// runVersion is `lipi version` (also `lipi --version`).
func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", "", stderr)
	asJSON := fs.Bool("json", false, "print the build information as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	info := readBuildInfo()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(info)
	}
	revision := info.Revision
	switch {
	case revision == "":
		revision = "unknown: this build recorded none (`go run` and builds with -buildvcs=false do not)"
	case info.Modified:
		revision += " with changes not committed"
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "lipi\t%s\n", orUnknown(info.Version))
	fmt.Fprintf(tw, "module\t%s\n", orUnknown(info.Module))
	fmt.Fprintf(tw, "revision\t%s\n", revision)
	if info.Time != "" {
		fmt.Fprintf(tw, "committed\t%s\n", info.Time)
	}
	fmt.Fprintf(tw, "go\t%s %s\n", info.Go, info.Platform)
	return tw.Flush()
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
