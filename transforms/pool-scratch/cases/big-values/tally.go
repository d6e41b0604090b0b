// Package tally makes scratch maps per call: one of small values, which pool-scratch
// pools, and one of values over 128 bytes, each of which is a heap object of its own
// whether the map is pooled or not: map-value-boundary's.
package tally

// Small counts bytes by value in a scratch map of 64-byte arrays. The compiler keeps the
// map on the stack, and nothing shows it outgrows one 8-entry group (data may hold one
// byte value): pooling it could make it slower.
func Small(data []byte) int {
	n := 0
	for range 4 {
		seen := make(map[byte][8]int64) // want skip:"does-not-escape"
		for _, b := range data {
			v := seen[b]
			v[0]++
			seen[b] = v
		}
		n += len(seen)
	}
	return n
}

// Squares fills 64 distinct keys (the counter of a 64-turn loop): past one 8-entry group
// the map allocates even on the stack.
func Squares(k int64) int64 {
	var t int64
	for range 4 {
		sq := make(map[int][8]int64) // want "pool-scratch"
		for i := 0; i < 64; i++ {
			sq[i] = [8]int64{int64(i) * int64(i) * k}
		}
		t += sq[63][0] + int64(len(sq))
	}
	return t
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
