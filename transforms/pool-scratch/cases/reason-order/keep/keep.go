// Package keep has generic functions: the compiler prints no facts for their
// instantiations, so gomapfix knows nothing of what they keep.
package keep

var last any

// Keep keeps its slice.
func Keep[T any](xs []T) { last = xs }

// Sum keeps nothing.
func Sum[T ~int](xs []T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

// Last returns what Keep kept.
func Last() any { return last }
