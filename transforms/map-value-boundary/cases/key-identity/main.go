// Command key-identity stores to present keys whose equal values differ: the runtime
// writes the key again (+0 and -0, interfaces of equal values, strings, structs with a
// float), so a range shows the key stored last.
package main

import (
	"fmt"
	"math"
	"sort"
)

type big [20]int64

type point struct {
	name string
	x    float64
}

func show(k any) string {
	switch x := k.(type) {
	case float64:
		return fmt.Sprintf("%v(signbit %v)", x, math.Signbit(x))
	case point:
		return fmt.Sprintf("%s/%v(signbit %v)", x.name, x.x, math.Signbit(x.x))
	}
	return fmt.Sprintf("%T %v", k, k)
}

func floats() {
	negZero := math.Copysign(0, -1)
	m := map[float64]big{} // want "map-value-boundary"
	m[0] = big{1}
	m[negZero] = big{2}
	m[math.NaN()] = big{3}
	m[math.NaN()] = big{4}
	var keys []string
	for k, v := range m {
		keys = append(keys, fmt.Sprint(show(k), v[0]))
	}
	sort.Strings(keys)
	fmt.Println(len(m), keys)
}

func interfaces() {
	m := make(map[any]big) // want "map-value-boundary"
	m[0.0] = big{1}
	m[math.Copysign(0, -1)] = big{2}
	m[point{"a", 0}] = big{3}
	m[point{"a", math.Copysign(0, -1)}] = big{4}
	m[[2]float64{}] = big{5}
	m[[2]float64{math.Copysign(0, -1)}] = big{6}
	var keys []string
	for k, v := range m {
		keys = append(keys, fmt.Sprint(show(k), v[0]))
	}
	sort.Strings(keys)
	fmt.Println(len(m), keys)
}

func structs() {
	m := map[point]big{} // want "map-value-boundary"
	m[point{"p", 0}] = big{7}
	m[point{"p", math.Copysign(0, -1)}] = big{8}
	for k, v := range m {
		fmt.Println(show(k), v[0])
	}
}

func main() {
	floats()
	interfaces()
	structs()
}
