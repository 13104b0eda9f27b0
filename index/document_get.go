package index

import (
	"errors"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// ErrNoDocument is returned by [Index.Document] for an id the index does not
// hold.
var ErrNoDocument = errors.New("no such document")

// Document returns the stored document with the given id, as it was indexed:
// title, body, language, scripts, and URL, publication time (in UTC),
// category and extra fields when it has them. An unknown id is an error
// that wraps ErrNoDocument.
func (ix *Index) Document(id string) (*Document, error) {
	req := bleve.NewSearchRequestOptions(query.NewDocIDQuery([]string{id}), 1, 0, false)
	req.Fields = append([]string{fieldTitle, fieldBody, fieldLang, fieldScripts, fieldURL, fieldPublished, fieldCategory}, ix.fields...)
	res, err := ix.bleve.Search(req)
	if err != nil {
		return nil, fmt.Errorf("document %q: %w", id, err)
	}
	if len(res.Hits) == 0 || res.Hits[0].ID != id {
		return nil, fmt.Errorf("document %q: %w", id, ErrNoDocument)
	}
	return documentFrom(id, res.Hits[0].Fields, ix.fields)
}

// documentFrom is a document as stored: the embedded index's stored
// fields, or a cluster's source (index/opensearch), with the index's
// extra fields.
func documentFrom(id string, stored map[string]any, extra []string) (*Document, error) {
	str := func(k string) string { s, _ := stored[k].(string); return s }
	d := &Document{
		ID:       id,
		Title:    str(fieldTitle),
		Body:     str(fieldBody),
		Lang:     str(fieldLang),
		URL:      str(fieldURL),
		Category: str(fieldCategory),
		Scripts:  []string{},
	}
	for _, name := range extra {
		if v := str(name); v != "" {
			if d.Fields == nil {
				d.Fields = map[string]string{}
			}
			d.Fields[name] = v
		}
	}
	// A stored field with several values comes back as a slice, one value
	// as itself.
	switch v := stored[fieldScripts].(type) {
	case string:
		d.Scripts = append(d.Scripts, v)
	case []any:
		for _, s := range v {
			if s, ok := s.(string); ok {
				d.Scripts = append(d.Scripts, s)
			}
		}
	}
	if p := str(fieldPublished); p != "" {
		t, err := time.Parse(time.RFC3339Nano, p)
		if err != nil {
			return nil, fmt.Errorf("document %q: stored publication time %q: %w", id, p, err)
		}
		d.Published = t.UTC()
	}
	return d, nil
}
