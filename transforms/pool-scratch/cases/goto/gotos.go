// Package gotos reads through scratch buffers in functions that use goto. What the
// rewrite needs to know is whether the statement can run again in one call: by the
// function's control flow, a forward goto never brings it back, a backward one can.
package gotos

import "io"

// Forward reads a header and jumps forward to its error handling: the buffer is made
// once per call, so it is pooled.
func Forward(r io.Reader) (int, error) {
	buf := make([]byte, 64) // want "pool-scratch"
	n, err := io.ReadFull(r, buf)
	if err != nil {
		goto fail
	}
	return int(buf[0]) + n, nil
fail:
	return 0, err
}

// Retry makes its buffer again on each retry through a backward goto: each turn would
// take another pooled buffer and defer another Put. Skipped.
func Retry(r io.Reader) int {
	tries := 0
again:
	tries++
	buf := make([]byte, 64) // want skip:"goto"
	n, err := io.ReadFull(r, buf)
	if err != nil && tries < 3 {
		goto again
	}
	return n + tries
}
