// Package tally makes scratch maps per call: one of small values, which pool-scratch
// pools, and one of values over 128 bytes, each of which is a heap object of its own
// whether the map is pooled or not: map-value-boundary's.
package tally

// Small counts bytes by value in a scratch map of 64-byte arrays.
func Small(data []byte) int {
	n := 0
	for range 4 {
		seen := make(map[byte][8]int64) // want "pool-scratch"
		for _, b := range data {
			v := seen[b]
			v[0]++
			seen[b] = v
		}
		n += len(seen)
	}
	return n
}

// Big does the same with 256-byte values.
func Big(data []byte) int {
	n := 0
	for range 4 {
		seen := make(map[byte][32]int64) // want skip:"values-outside-map"
		for _, b := range data {
			v := seen[b]
			v[0]++
			seen[b] = v
		}
		n += len(seen)
	}
	return n
}
