package opensearch

import (
	"errors"
	"testing"
)

// A cluster that refuses the scripted similarity is told from other
// refusals, so that the build goes on without it and only then.
func TestRefusesScripts(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{&statusError{Status: 400, Body: `{"type":"illegal_argument_exception","reason":"script_lang not supported [painless]"}`}, true},
		{&statusError{Status: 400, Body: `{"type":"script_exception","reason":"compile error"}`}, true},
		{&statusError{Status: 400, Body: `{"type":"resource_already_exists_exception"}`}, false},
		{&statusError{Status: 503, Body: `script`}, false},
		{errors.New("connection refused"), false},
	} {
		if got := refusesScripts(c.err); got != c.want {
			t.Errorf("refusesScripts(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
