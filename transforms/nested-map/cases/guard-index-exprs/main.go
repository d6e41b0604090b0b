// The guard idioms with an index that is not a plain name: a guard is deleted by the
// rewrite, so its index must read the same value twice and never panic.
package main

import "fmt"

type move struct{ R, C int8 }

// An element of an array value at a constant index: read twice alike, never panics.
func arrays(moves [][2]int8) int {
	//gomapfix:dims 10 10
	board := make(map[int8]map[int8]bool) // want "nested-map"
	count := 0
	for _, p := range moves {
		if _, ok := board[p[0]]; !ok {
			board[p[0]] = map[int8]bool{}
		}
		if !board[p[0]][p[1]] {
			count++
		}
		board[p[0]][p[1]] = true
	}
	return count
}

// A field of a struct value.
func fields(moves []move) int {
	//gomapfix:dims 10 10
	board := make(map[int8]map[int8]int) // want "nested-map"
	for _, q := range moves {
		if board[q.R] == nil {
			board[q.R] = make(map[int8]int)
		}
		r, c := q.R, q.C
		board[r][c]++
	}
	return board[2][2]
}

// An element of a slice may be out of range: deleting the guard would move the panic.
func slices(moves [][]int8) int {
	//gomapfix:dims 10 10
	board := make(map[int8]map[int8]int) // want skip:"use-not-understood"
	for _, s := range moves {
		if board[s[0]] == nil {
			board[s[0]] = make(map[int8]int)
		}
		board[s[0]][s[1]]++
	}
	return len(moves)
}

// A field through a pointer, which may be nil: the same.
func pointers(moves []*move) int {
	//gomapfix:dims 10 10
	board := make(map[int8]map[int8]int) // want skip:"use-not-understood"
	for _, q := range moves {
		if board[q.R] == nil {
			board[q.R] = make(map[int8]int)
		}
		r, c := q.R, q.C
		board[r][c]++
	}
	return len(moves)
}

// board[q.R][q.C]: tree-sitter-go read it as a generic instantiation (skipped then); the
// patched grammar reads the index of an index, whose selector indices go through the
// checked index, and the guard on board[q.R] goes.
func misparsed(moves []move) int {
	//gomapfix:dims 10 10
	board := make(map[int8]map[int8]int) // want "nested-map"
	for _, q := range moves {
		if board[q.R] == nil {
			board[q.R] = make(map[int8]int)
		}
		board[q.R][q.C]++
	}
	return len(moves)
}

func main() {
	fmt.Println(arrays([][2]int8{{1, 1}, {1, 1}, {9, 9}, {0, 3}}))
	fmt.Println(fields([]move{{2, 2}, {2, 2}, {3, 1}}))
	fmt.Println(slices([][]int8{{1, 2}}), pointers([]*move{{1, 1}}), misparsed([]move{{1, 1}}))
}
