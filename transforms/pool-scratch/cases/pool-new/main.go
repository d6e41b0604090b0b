// Command poolnew makes buffers inside a sync.Pool's New, which are what the pool hands
// out: no site, nothing reported. The same make in another function literal, or in a
// New of a type that only looks like a pool, is a site.
package main

import (
	"fmt"
	"sync"
)

var pool = sync.Pool{New: func() any {
	b := make([]byte, 0, 64)
	return &b
}}

var pointer = &sync.Pool{
	New: func() interface{} {
		b := make([]byte, 0, 32)
		return &b
	},
}

// notPool has a New field too.
type notPool struct {
	New func() any
}

var fake = notPool{New: func() any {
	b := make([]byte, 0, 16) // want skip:"use-not-understood"
	return &b
}}

func main() {
	p := pool.Get().(*[]byte)
	q := pointer.Get().(*[]byte)
	r := fake.New().(*[]byte)
	fmt.Println(cap(*p), cap(*q), cap(*r))
}
