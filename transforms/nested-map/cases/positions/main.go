// The generated constant goes above the declaration and the comments leading into it; a
// raw string's line that starts with // is not one of them.
package main

import "fmt"

func sum() int {
	banner := `totals
// per row`
	//gomapfix:dims 2 3
	m := make(map[int]map[int]int) // want "nested-map"
	for i := 0; i < 2; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 3; j++ {
			m[i][j] = i + j
		}
	}
	fmt.Println(banner)
	return m[1][2]
}

func main() {
	fmt.Println(sum())
}
