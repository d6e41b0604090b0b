// Package table is the map-value-boundary benchmark: maps of 256-byte values, one big
// and long-lived, one small and made per call. gomapfix rewrites both.
package table

type value [256]byte

// table is the long-lived map: a million entries.
var table map[int]value

// Build fills the table with n entries.
func Build(n int) {
	table = make(map[int]value)
	for k := range n {
		var v value
		v[0] = byte(k)
		table[k] = v
	}
}

// Drop lets the table go.
func Drop() { table = nil }

// Lookup reads a whole value.
func Lookup(k int) value { return table[k] }

// Small makes a map of 100 entries, reads each back and sums a byte of each.
func Small() int {
	m := make(map[int]value)
	for k := range 100 {
		var v value
		v[1] = byte(k)
		m[k] = v
	}
	total := 0
	for k := range 100 {
		total += int(m[k][1])
	}
	return total
}
