package cluster

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The launcher's Maven project travels inside the Go package, so that a
// cluster starts from any working directory and a build never writes into
// the source tree: it is copied under the launcher folder and built there.
//
//go:embed pom.xml src
var launcherFS embed.FS

// mainClass is the launcher's entry point (src/main/java/lipi/opensearch).
const mainClass = "lipi.opensearch.LipiNode"

// launcher is a built launcher: the java class path that runs one node.
type launcher struct {
	dir       string // the Maven project's copy
	classPath string // the launcher jar, then every dependency jar
}

// classPathFile is where Maven writes the dependency class path, relative
// to the launcher folder; the state file names it so that another process
// can restart a node.
const classPathFile = "classpath.txt"

// launcherJar is the jar `mvn package` makes, relative to the launcher
// folder (artifactId-version from pom.xml).
const launcherJar = "target/lipi-opensearch-node-1.jar"

// buildLauncher builds the launcher in dir unless the build there was made
// from the same sources and every jar it names is still in Maven's local
// repository. The first build downloads OpenSearch and its dependencies
// (about 80 MB) into ~/.m2; log receives Maven's output, which also goes
// to dir/build.log.
func buildLauncher(ctx context.Context, dir string, log io.Writer) (*launcher, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	// Two test processes may build at once; the second waits and finds
	// the first one's build.
	unlock, err := lockFile(filepath.Join(dir, ".lock"))
	if err != nil {
		return nil, err
	}
	defer unlock()

	sum, err := sourcesSum()
	if err != nil {
		return nil, err
	}
	stampPath := filepath.Join(dir, "stamp")
	if stamp, err := os.ReadFile(stampPath); err == nil && string(stamp) == sum {
		if l, err := readLauncher(dir); err == nil {
			return l, nil
		}
	}

	fmt.Fprintf(log, "building the OpenSearch launcher with Maven in %s (the first build downloads about 80 MB of jars into ~/.m2; log: %s)\n",
		dir, filepath.Join(dir, "build.log"))
	if err := os.RemoveAll(filepath.Join(dir, "src")); err != nil {
		return nil, err
	}
	if err := fs.WalkDir(launcherFS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := launcherFS.ReadFile(path)
		if err != nil {
			return err
		}
		out := filepath.Join(dir, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	}); err != nil {
		return nil, fmt.Errorf("copying the launcher's sources: %w", err)
	}

	buildLog, err := os.Create(filepath.Join(dir, "build.log"))
	if err != nil {
		return nil, err
	}
	defer buildLog.Close()
	cmd := exec.CommandContext(ctx, "mvn", "-B", "--no-transfer-progress", "-Dstyle.color=never",
		"-f", filepath.Join(dir, "pom.xml"),
		"package", "dependency:build-classpath", "-Dmdep.outputFile="+filepath.Join(dir, classPathFile))
	cmd.Dir = dir
	cmd.Stdout = io.MultiWriter(buildLog, log)
	cmd.Stderr = cmd.Stdout
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("building the OpenSearch launcher (mvn, log: %s): %w", buildLog.Name(), err)
	}
	l, err := readLauncher(dir)
	if err != nil {
		return nil, fmt.Errorf("after building the OpenSearch launcher: %w", err)
	}
	if err := os.WriteFile(stampPath, []byte(sum), 0o644); err != nil {
		return nil, err
	}
	return l, nil
}

// readLauncher reads a built launcher's class path, and checks that its
// jars are all there: a cleaned ~/.m2 means building again.
func readLauncher(dir string) (*launcher, error) {
	b, err := os.ReadFile(filepath.Join(dir, classPathFile))
	if err != nil {
		return nil, err
	}
	jars := append([]string{filepath.Join(dir, launcherJar)},
		strings.Split(strings.TrimSpace(string(b)), string(os.PathListSeparator))...)
	for _, j := range jars {
		if _, err := os.Stat(j); err != nil {
			return nil, err
		}
	}
	return &launcher{dir: dir, classPath: strings.Join(jars, string(os.PathListSeparator))}, nil
}

// sourcesSum identifies the embedded Maven project, so that a changed pom
// or launcher source is built again.
func sourcesSum() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(launcherFS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := launcherFS.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", path, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Available reports whether this machine can start a cluster: nil if java
// and mvn are on PATH, else an error naming what is missing.
func Available() error {
	if err := supported(); err != nil {
		return err
	}
	var missing []string
	for _, tool := range []string{"java", "mvn"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("an OpenSearch test cluster needs Java 17 and Maven: %s not on PATH", strings.Join(missing, " and "))
	}
	return nil
}

// errNoRepo says DefaultDir found no go.mod above the working directory.
var errNoRepo = errors.New("no go.mod in the working directory or above it")
