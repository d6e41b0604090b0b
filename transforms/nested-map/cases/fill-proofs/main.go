// Fill loops that do not store every cell, and a map made again after its fill: a
// comma-ok read must keep answering false where the original had no entry.
package main

import "fmt"

func startsAtOne() {
	m := make(map[int]map[int]int) // want skip:"dimensions-unknown"
	for i := 1; i < 4; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 4; j++ {
			m[i][j] = i + j
		}
	}
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			v, ok := m[i][j]
			fmt.Println("startsAtOne", i, j, v, ok)
		}
	}
}

func innerStartsAtTwo() {
	m := make(map[int]map[int]int) // want skip:"dimensions-unknown"
	for i := 0; i < 4; i++ {
		m[i] = make(map[int]int)
		for j := 2; j < 4; j++ {
			m[i][j] = i + j
		}
	}
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			v, ok := m[i][j]
			fmt.Println("innerStartsAtTwo", i, j, v, ok)
		}
	}
}

// The fill loop skips every other column by moving its own variable; the reads are
// proven in another loop, under a directive that would otherwise allow the rewrite.
func skipsColumns() {
	//gomapfix:dims 4 4
	m := make(map[int]map[int]int) // want skip:"row-reset"
	for i := 0; i < 4; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 4; j++ {
			m[i][j] = i + j
			j++
		}
	}
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			v, ok := m[i][j]
			fmt.Println("skipsColumns", i, j, v, ok)
		}
	}
}

func madeAgain() {
	m := make(map[int]map[int]int) // want skip:"comma-ok-not-proven"
	for i := 0; i < 4; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 4; j++ {
			m[i][j] = i + j
		}
	}
	m = make(map[int]map[int]int)
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			v, ok := m[i][j]
			fmt.Println("madeAgain", i, j, v, ok)
		}
	}
}

// Still rewritten: a fill that covers every cell, read after it.
func filled() {
	m := make(map[int]map[int]int) // want "nested-map"
	for i := range 3 {
		m[i] = make(map[int]int)
		for j := 0; j < 3; j++ {
			m[i][j] = i * j
		}
	}
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			v, ok := m[i][j]
			fmt.Println("filled", i, j, v, ok)
		}
	}
}

func main() {
	startsAtOne()
	innerStartsAtTwo()
	skipsColumns()
	madeAgain()
	filled()
}
