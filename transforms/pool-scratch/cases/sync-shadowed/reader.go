// Package reader reads through a scratch buffer in a package that declares its own
// `sync`: a new pool would be declared as `sync.Pool` and name that instead of the
// standard package, so the site is skipped.
package reader

import "io"

// sync counts the reads; it hides the standard package's name in every file.
var sync int

// First returns the first byte r gives.
func First(r io.Reader) (byte, error) {
	buf := make([]byte, 64) // want skip:"name-shadowed"
	sync++
	if _, err := io.ReadFull(r, buf); err != nil {
		return 0, err
	}
	return buf[0], nil
}
