package main

import "example.com/scopes/io"

// Sink's w is the program's own io.Writer.
type Sink struct{ w io.Writer }

type keeper struct{ kept [][]byte }

func (k *keeper) Write(p []byte) (int, error) {
	k.kept = append(k.kept, p)
	return len(p), nil
}
