package api

import _ "embed"

// openAPIDoc is the OpenAPI 3.1 description of the server, written by hand
// and served as is; openapi_test.go checks it against the registered routes
// and the real responses.
//
//go:embed openapi.json
var openAPIDoc []byte
