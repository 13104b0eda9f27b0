package api

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// params are the query parameters of a request, parsed strictly: echo's
// QueryParams drops a malformed pair (`q=%zz`) silently, which would turn a
// client's mistake into a different search.
type params url.Values

func queryParams(c echo.Context) (params, error) {
	v, err := url.ParseQuery(c.Request().URL.RawQuery)
	if err != nil {
		return nil, newError(http.StatusBadRequest, codeBadQueryString, "the query string is malformed: %v", err)
	}
	return params(v), nil
}

// get returns the value of a parameter given at most once; ok is false when
// it is absent or empty (an empty form field counts as not given).
func (p params) get(name string) (value string, ok bool, err error) {
	vs := p[name]
	switch {
	case len(vs) == 0:
		return "", false, nil
	case len(vs) > 1:
		return "", false, newError(http.StatusBadRequest, codeRepeatedParam, "parameter %q is given %d times; give it once", name, len(vs))
	}
	return vs[0], vs[0] != "", nil
}

// str is a string parameter, "" when absent.
func (p params) str(name string) (string, error) {
	v, _, err := p.get(name)
	return v, err
}

// int is a whole-number parameter; absent gives def. A value that is not a
// number is a 400 with code badCode (the same code as a number out of
// range, so a client has one code per parameter).
func (p params) int(name string, def int, badCode string) (n int, given bool, err error) {
	v, ok, err := p.get(name)
	if err != nil || !ok {
		return def, false, err
	}
	n, err = strconv.Atoi(v)
	if err != nil {
		return 0, false, newError(http.StatusBadRequest, badCode, "%s must be a whole number, not %q", name, v)
	}
	return n, true, nil
}

// bool is a true/false parameter (also 1/0, t/f); absent gives def.
func (p params) bool(name string, def bool) (bool, error) {
	v, ok, err := p.get(name)
	if err != nil || !ok {
		return def, err
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, newError(http.StatusBadRequest, "bad_"+name, "%s must be true or false, not %q", name, v)
	}
	return b, nil
}

// list is a comma-separated parameter; blanks around items and empty items
// are dropped.
func (p params) list(name string) ([]string, error) {
	v, err := p.str(name)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, item := range strings.Split(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out, nil
}

// filterParam is the name of the extra field filters' parameters: an
// OpenAPI deepObject, filter[NAME]=VALUE,VALUE.
const filterParam = "filter"

// filters reads the filter[NAME] parameters into lists by field name; nil
// when there are none. Any other parameter whose name begins with
// "filter" (filter.NAME, filter[]) is a 400 rather than a filter silently
// ignored.
func (p params) filters() (map[string][]string, error) {
	var out map[string][]string
	for key := range p {
		if !strings.HasPrefix(key, filterParam) {
			continue
		}
		name, ok := strings.CutPrefix(key, filterParam+"[")
		if ok {
			name, ok = strings.CutSuffix(name, "]")
		}
		if !ok || name == "" || strings.ContainsAny(name, "[]") {
			return nil, newError(http.StatusBadRequest, codeBadFilter, "parameter %q: a filter is %s[NAME]=VALUE, NAME a field of the index", key, filterParam)
		}
		values, err := p.list(key)
		if err != nil {
			return nil, err
		}
		if len(values) == 0 {
			continue // empty, as if not given
		}
		if out == nil {
			out = map[string][]string{}
		}
		out[name] = values
	}
	return out, nil
}
