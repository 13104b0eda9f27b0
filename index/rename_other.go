//go:build !linux

package index

import "errors"

// exchange is Linux's atomic renameat2 RENAME_EXCHANGE, missing here.
func exchange(a, b string) error {
	return errors.New("atomic exchange of two names is not supported on this system")
}
