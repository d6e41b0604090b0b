package main

import "io"

func other(r io.Reader) byte {
	buf := make([]byte, 16) // want "pool-scratch"
	r.Read(buf)
	return buf[1]
}
