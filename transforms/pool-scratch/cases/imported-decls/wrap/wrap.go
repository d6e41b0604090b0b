// Package wrap declares interfaces and types whose methods the main package calls.
package wrap

import (
	"io"
	"strings"
)

// Sink embeds io.Writer and declares nothing of its own: its Write is io.Writer's.
type Sink interface {
	io.Writer
}

// Keeper declares its own Write, documented to keep what it is given.
type Keeper interface {
	// Write keeps p: its caller must not reuse it.
	Write(p []byte) (int, error)
}

// Mixed embeds both: its Write is io.Writer's and Keeper's.
type Mixed interface {
	io.Writer
	Keeper
}

// Req holds a body to read.
type Req struct {
	Body io.ReadCloser
}

// Count counts the bytes written to it.
type Count struct{ N int }

func (c *Count) Write(p []byte) (int, error) {
	c.N += len(p)
	return len(p), nil
}

// Kept keeps every slice it is given.
type Kept struct{ Got [][]byte }

func (k *Kept) Write(p []byte) (int, error) {
	k.Got = append(k.Got, p)
	return len(p), nil
}

// NewSink returns a Sink and an error (two results).
func NewSink() (Sink, error) { return &Count{}, nil }

// Default is a package variable of an interface type.
var Default Sink = &Count{}

// NewReq returns a request whose body reads s.
func NewReq(s string) *Req {
	return &Req{Body: io.NopCloser(strings.NewReader(s))}
}
