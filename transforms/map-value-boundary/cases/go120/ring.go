// Package ring is a go1.20 module: generics but no clear builtin, so its slab has
// neither Clear nor All.
package ring

type slot [24]int64

// Rotate stores n slots, drops the first and reads the last.
func Rotate(n int) (int64, int) {
	slots := make(map[int]slot, n) // want "map-value-boundary"
	for i := 0; i < n; i++ {
		slots[i] = slot{int64(i)}
	}
	delete(slots, 0)
	last, ok := slots[n-1]
	if !ok {
		return -1, len(slots)
	}
	return last[0], len(slots)
}
