//go:build go1.22 && (linux || darwin || windows || freebsd)

package main

func lowered() int {
	plain := map[int]cell{} // want skip:"go-version"
	plain[3] = cell{3}
	n := 0
	for k, v := range plain {
		n += k + int(v[0])
	}
	return n
}
