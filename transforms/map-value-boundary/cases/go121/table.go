// Package table is a go1.21 module: its maps can be rewritten except where they are
// ranged over (range-over-func came with go1.23), and its slab has no All.
package table

type row [40]int64

// Sum ranges over its map: left alone.
func Sum(n int) int64 {
	rows := make(map[int]row) // want skip:"go-version"
	for i := 0; i < n; i++ {
		rows[i] = row{int64(i)}
	}
	var s int64
	for _, r := range rows {
		s += r[0]
	}
	return s
}

// Last reads, clears and measures without ranging: rewritten.
func Last(n int) (int64, int) {
	rows := make(map[int]row) // want "map-value-boundary"
	for i := 0; i < n; i++ {
		rows[i] = row{int64(i)}
	}
	last := rows[n-1][0]
	clear(rows)
	return last, len(rows)
}
