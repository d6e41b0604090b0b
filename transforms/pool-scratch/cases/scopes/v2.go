package main

import "math/rand/v2"

// countV2's map is written the same, and holds math/rand/v2's Rand: it needs a pool of its
// own (sharing countV1's panicked at the type assertion).
func countV2(n int) int {
	m := make(map[int][1]*rand.Rand) // want "pool-scratch"
	for j := 0; j < 20; j++ {
		m[j] = [1]*rand.Rand{}
	}
	return len(m) * n
}
