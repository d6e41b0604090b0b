package shared

// add only reads b on linux.
func (t *tally) add(b []byte) { t.n += len(b) }
