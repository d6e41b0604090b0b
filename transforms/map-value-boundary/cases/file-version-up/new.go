//go:build go1.23

package main

func newer() int {
	plain := map[int]cell{} // want "map-value-boundary"
	plain[3] = cell{3}
	n := 0
	for k, v := range plain {
		n += k + int(v[0])
	}
	return n
}
