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
	dm := res.Hits[0]
	d := &Document{
		ID:      dm.ID,
		Title:   fieldString(dm, fieldTitle),
		Body:    fieldString(dm, fieldBody),
		Lang:    fieldString(dm, fieldLang),
		URL:     fieldString(dm, fieldURL),
		Scripts: []string{},
	}
	d.Category, d.Fields = fieldString(dm, fieldCategory), ix.extraFields(dm)
	// A stored field with several values comes back as a slice, one value
	// as itself.
	switch v := dm.Fields[fieldScripts].(type) {
	case string:
		d.Scripts = append(d.Scripts, v)
	case []any:
		for _, s := range v {
			if s, ok := s.(string); ok {
				d.Scripts = append(d.Scripts, s)
			}
		}
	}
	if p := fieldString(dm, fieldPublished); p != "" {
		t, err := time.Parse(time.RFC3339Nano, p)
		if err != nil {
			return nil, fmt.Errorf("document %q: stored publication time %q: %w", id, p, err)
		}
		d.Published = t.UTC()
	}
	return d, nil
}
