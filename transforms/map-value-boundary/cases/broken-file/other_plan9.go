//go:build plan9

package brokenfile

func broken() {
	x := 
}
