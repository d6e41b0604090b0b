package main

import "math/rand"

// countV1's map holds math/rand's Rand.
func countV1(n int) int {
	m := make(map[int][1]*rand.Rand) // want "pool-scratch"
	for j := 0; j < 20; j++ {
		m[j] = [1]*rand.Rand{}
	}
	return len(m) * n
}
