//go:build ignore

// A tool of the team's, run with go run gomapfix_slab.go.
package other

func main() {}
