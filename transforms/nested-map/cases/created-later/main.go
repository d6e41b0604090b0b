// A local declared without a value is flattened when a statement `m = make(...)` runs
// first on every path to every other use (reaching definitions over the function's
// control flow), wherever it stands: after other statements, or inside the branch that
// holds every use. The previous build took only the statement right after the
// declaration. A use on a branch that skips the creation, one inside a function literal
// made before it, one a goto reaches around it, and one after a loop that may not run
// its creation see the nil map: skipped. The program prints what it printed before the
// rewrite.
package main

import "fmt"

func later() {
	var m map[int]map[int]int // want "nested-map"
	n := 4
	m = make(map[int]map[int]int)
	for i := 0; i < 4; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 4; j++ {
			m[i][j] = i * j * n
		}
	}
	v, ok := m[1][2]
	fmt.Println("later", v, ok, m[3][3])
}

func nested(c bool) {
	var m map[int]map[int]int // want "nested-map"
	if c {
		m = make(map[int]map[int]int)
		for i := 0; i < 4; i++ {
			m[i] = make(map[int]int)
			for j := 0; j < 4; j++ {
				m[i][j] = i + j
			}
		}
		fmt.Println("nested", m[1][2])
	}
}

func branchNil(c bool) {
	var m map[int]map[int]int // want skip:"may-be-nil"
	if c {
		m = make(map[int]map[int]int)
		for i := 0; i < 4; i++ {
			m[i] = make(map[int]int)
			for j := 0; j < 4; j++ {
				m[i][j] = i + j
			}
		}
	}
	fmt.Println("branch", m[1][2])
}

func closureBefore() {
	var m map[int]map[int]int // want skip:"may-be-nil"
	show := func() { fmt.Println("closure", m[1][1]) }
	show()
	m = make(map[int]map[int]int)
	for i := 0; i < 4; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 4; j++ {
			m[i][j] = i + j
		}
	}
	show()
}

func gotoOver(c bool) {
	var m map[int]map[int]int // want skip:"may-be-nil"
	if c {
		goto end
	}
	m = make(map[int]map[int]int)
	for i := 0; i < 4; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 4; j++ {
			m[i][j] = i + j
		}
	}
end:
	fmt.Println("goto", m[2][2])
}

func inLoop(n int) {
	var m map[int]map[int]int // want skip:"may-be-nil"
	for k := 0; k < n; k++ {
		m = make(map[int]map[int]int)
		for i := 0; i < 3; i++ {
			m[i] = make(map[int]int)
			for j := 0; j < 3; j++ {
				m[i][j] = i + j
			}
		}
	}
	fmt.Println("in loop", m[1][1])
}

func inCase(k int) {
	var m map[int]map[int]int // want "nested-map"
	switch k {
	case 1:
		m = make(map[int]map[int]int)
		for i := 0; i < 3; i++ {
			m[i] = make(map[int]int)
			for j := 0; j < 3; j++ {
				m[i][j] = i * j
			}
		}
		v, ok := m[2][2]
		fmt.Println("in case", v, ok)
	}
}

func main() {
	later()
	nested(true)
	nested(false)
	branchNil(true)
	branchNil(false)
	closureBefore()
	gotoOver(false)
	gotoOver(true)
	inLoop(1)
	inLoop(0)
	inCase(1)
	inCase(2)
}
