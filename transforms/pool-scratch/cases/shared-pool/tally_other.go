//go:build !linux

package shared

// add keeps b elsewhere: which of the two is compiled depends on the platform, so a
// buffer passed to it is not known not to be retained.
func (t *tally) add(b []byte) {
	t.n += len(b)
	t.last = b
}
