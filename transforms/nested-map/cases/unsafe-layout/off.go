// A file of the package asks unsafe.Offsetof of a field after the nested map, without
// naming the struct: the map (8 bytes) flattened into a slice (24) would move it, and the
// program would print 24 where it printed 8 (found by the adversarial review).
package main

import "unsafe"

var offN int = int(unsafe.Offsetof(newBoard().n))
