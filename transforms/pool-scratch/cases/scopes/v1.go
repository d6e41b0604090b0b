package main

import "math/rand"

// countV1's map holds math/rand's Rand.
func countV1(n int) int {
	total := 0
	for i := 0; i < n; i++ {
		m := make(map[int]*rand.Rand) // want "pool-scratch"
		for j := 0; j < 20; j++ {
			m[j] = nil
		}
		total += len(m)
	}
	return total
}
