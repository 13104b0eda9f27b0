package index

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// FieldKeyword is the one type an extra field may have for now: the
// field's value as a whole is a term, filtered and counted as a facet,
// like a category.
const FieldKeyword = "keyword"

// MaxFields is how many extra fields an index may have: each is a table
// of every document read when the index opens, and a facet in every
// response.
const MaxFields = 16

// fieldNamePattern is what an extra field may be called: a name that is
// also a plain query parameter name (`filter.NAME`) and a bleve field
// name with no path in it (a dot would make bleve look for a
// sub-document).
var fieldNamePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// reservedFields are the names of a JSON line's own keys and of the
// index's built-in fields, which an extra field would shadow.
var reservedFields = []string{
	"id", "title", "body", "lang", "url", "published", "scripts",
	fieldCategory, jsonLabel, "fields", fieldDigest,
}

// ParseFields reads the extra fields of `--field NAME=TYPE` specs, in the
// order given, and returns their names. A spec that is malformed, names a
// type other than keyword, reuses a built-in name or repeats a name is an
// error.
func ParseFields(specs []string) ([]string, error) {
	var names []string
	for _, spec := range specs {
		name, typ, ok := strings.Cut(spec, "=")
		if !ok {
			return nil, fmt.Errorf("field %q: want NAME=TYPE, such as topic=%s", spec, FieldKeyword)
		}
		if !fieldNamePattern.MatchString(name) {
			return nil, fmt.Errorf("field %q: a name is a lower-case letter, then up to 63 lower-case letters, digits or _", name)
		}
		if slices.Contains(reservedFields, name) {
			return nil, fmt.Errorf("field %q: the name is lipi's own (%s)", name, strings.Join(reservedFields, ", "))
		}
		if typ != FieldKeyword {
			return nil, fmt.Errorf("field %q: type %q; the only type is %s", name, typ, FieldKeyword)
		}
		if slices.Contains(names, name) {
			return nil, fmt.Errorf("field %q is given twice", name)
		}
		names = append(names, name)
	}
	if len(names) > MaxFields {
		return nil, fmt.Errorf("%d fields; at most %d are allowed", len(names), MaxFields)
	}
	return names, nil
}

// fieldSpecs is how the extra fields are stored with an index: one
// `NAME=TYPE` a line, which ParseFields reads back.
func fieldSpecs(names []string) string {
	var b strings.Builder
	for _, n := range names {
		b.WriteString(n + "=" + FieldKeyword + "\n")
	}
	return b.String()
}

// parseFieldSpecs reads the extra fields stored with an index.
func parseFieldSpecs(text string) ([]string, error) {
	return ParseFields(strings.Fields(text))
}
