// Command closure-file-version is a go1.22 module: its loops give each iteration its own
// variable, so a closure that reads a cell after the loop reads a bounded index. The
// file lowered.go says //go:build go1.21: its loops share one variable, and there the
// index may be past the bound when the closure runs.
package main

import "fmt"

func perIteration() int {
	m := make(map[int]map[int]int) // want "nested-map"
	for i := 0; i < 2; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 2; j++ {
			m[i][j] = i + 1
		}
	}
	var reads []func() int
	for i := 0; i < 2; i++ {
		reads = append(reads, func() int { return m[i][0] })
	}
	total := 0
	for _, read := range reads {
		total += read()
	}
	return total
}

func main() {
	fmt.Println(perIteration(), shared())
}
