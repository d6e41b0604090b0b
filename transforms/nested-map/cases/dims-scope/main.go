// A trailing //gomapfix:dims speaks of its own line only, and an assertion too large to
// allocate is not turned into a slice.
package main

import "fmt"

func main() {
	//gomapfix:dims 1000000 1000000
	memo := map[int]map[int]int{} // want skip:"too-large"
	m := make(map[int]map[int]int) //gomapfix:dims 4 4 // want "nested-map"
	n := make(map[int]map[int]int) // want skip:"dimensions-unknown"
	for i := 0; i < 3; i++ {
		if memo[i] == nil {
			memo[i] = make(map[int]int)
		}
		memo[i][i*1000] = i
		if m[i] == nil {
			m[i] = make(map[int]int)
		}
		m[i][i] = i
		if n[i] == nil {
			n[i] = make(map[int]int)
		}
		n[i][i+7] = i
	}
	fmt.Println(memo[2][2000], m[1][1], n[1][8], len(n))
}
