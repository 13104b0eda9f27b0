package cluster

import (
	"fmt"
	"net/http"
	"reflect"
	"testing"
	"time"
)

// testAnalysisCommon checks the analysis-common plugin the way lipi will
// lean on it: lipi analyzes text itself and sends each position's forms
// joined by "|", which a whitespace tokenizer and a pattern_capture filter
// turn back into tokens at one position each. Without the plugin neither
// the tokenizer nor the filter exists and creating the index fails.
func testAnalysisCommon(t *testing.T, c *Cluster) {
	url := c.URLs()[0]
	index := fmt.Sprintf("lipi-analysis-test-%d", time.Now().UnixNano())
	call(t, http.MethodPut, url+"/"+index, `{
	  "settings": {
	    "number_of_shards": 1,
	    "number_of_replicas": 0,
	    "analysis": {
	      "filter": {
	        "forms": {"type": "pattern_capture", "preserve_original": false, "patterns": ["([^|]+)"]}
	      },
	      "analyzer": {
	        "preanalyzed": {"type": "custom", "tokenizer": "whitespace", "filter": ["forms"]}
	      }
	    }
	  }
	}`, nil)
	t.Cleanup(func() {
		if req, err := http.NewRequest(http.MethodDelete, url+"/"+index, nil); err == nil {
			if resp, err := client.Do(req); err == nil {
				resp.Body.Close()
			}
		}
	})

	var got struct {
		Tokens []struct {
			Token    string
			Position int
		}
	}
	call(t, http.MethodPost, url+"/"+index+"/_analyze", `{"analyzer": "preanalyzed", "text": "a|b c"}`, &got)
	type token struct {
		Token    string
		Position int
	}
	var tokens []token
	for _, tk := range got.Tokens {
		tokens = append(tokens, token(tk))
	}
	want := []token{{"a", 0}, {"b", 0}, {"c", 1}}
	if !reflect.DeepEqual(tokens, want) {
		t.Errorf("_analyze(%q) = %v, want %v", "a|b c", tokens, want)
	}
}
