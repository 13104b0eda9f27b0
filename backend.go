package main

import (
	"flag"

	"github.com/lipisearch/lipi/index/opensearch"
)

// Backends an index may live in.
const (
	backendEmbedded   = "embedded"
	backendOpenSearch = "opensearch"
)

// backendFlags are the flags that choose where the index lives, shared by
// index, search and serve. With the OpenSearch backend, --index is
// accepted and ignored: the cluster holds the index, under the alias
// --opensearch-index.
type backendFlags struct {
	backend, urls, name *string
}

func (b *backendFlags) register(fs *flag.FlagSet) {
	b.backend = fs.String("backend", backendEmbedded, "where the index lives: embedded (a folder at --index) or opensearch (a cluster; --index is then ignored)")
	b.urls = fs.String("opensearch", "", "with --backend opensearch: the cluster's node `URLs`, comma-separated (credentials in "+opensearch.EnvUsername+" and "+opensearch.EnvPassword+"; a CA file in "+opensearch.EnvCACert+")")
	b.name = fs.String("opensearch-index", "lipi", "with --backend opensearch: the alias searches read and rebuilds move")
}

// config is the cluster to use, or nil for the embedded index.
func (b *backendFlags) config() (*opensearch.Config, error) {
	switch *b.backend {
	case backendEmbedded:
		if *b.urls != "" {
			return nil, usagef("--opensearch needs --backend opensearch")
		}
		return nil, nil
	case backendOpenSearch:
	default:
		return nil, usagef("--backend %q: want embedded or opensearch", *b.backend)
	}
	if *b.urls == "" {
		return nil, usagef("--backend opensearch needs --opensearch URL[,URL...]")
	}
	urls, err := opensearch.ParseURLs(*b.urls)
	if err != nil {
		return nil, usagef("--opensearch: %v", err)
	}
	if err := opensearch.CheckIndexName(*b.name); err != nil {
		return nil, usagef("--opensearch-index: %v", err)
	}
	return &opensearch.Config{URLs: urls, Index: *b.name}, nil
}
