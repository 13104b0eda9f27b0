// Package ui owns lipi's web page: static HTML, CSS and plain JavaScript
// (no build step, no CDN), embedded in the binary and served at / by the
// api package. The page talks to the JSON API only.
package ui

import (
	"embed"
	"io/fs"
)

//go:embed static
var static embed.FS

// FS is the page's files, rooted at the folder that holds index.html.
var FS, _ = fs.Sub(static, "static")
