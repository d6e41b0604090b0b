// Package lib is the directory's package.
package lib

// Two doubles n.
func Two(n int) int { return 2 * n }
