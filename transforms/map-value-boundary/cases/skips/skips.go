// Package skips holds maps of big values that gomapfix must leave alone, each with its
// reason.
package skips

import (
	"fmt"
	"sync"
	"syscall"
	"time"
)

type blob [200]byte

// Exported is part of the package's API: its type cannot change.
var Exported = map[int]blob{} // want skip:"exported"

// Holder is exported: code outside the package can print its values.
type Holder struct {
	items map[int]blob // want skip:"evaluation-order"
}

type box struct {
	contents map[int]blob // want skip:"whole-value-use"
}

type board struct {
	cells map[int]blob // want skip:"evaluation-order"
	moves int
}

// anon's struct has no name to retype a field of.
var anon struct {
	pages map[int]blob // want skip:"declaration-form"
}

// shelf is also known as rack, whose literals set the field under that name.
type shelf struct {
	slots map[int]blob // want skip:"use-not-understood"
}

type rack = shelf

func racked() int {
	r := rack{slots: map[int]blob{}}
	r.slots[1] = blob{}
	return len(r.slots)
}

func (b *board) play(k int) blob {
	return b.cells[k^b.next()]
}

func (b *board) next() int {
	b.moves++
	b.cells = map[int]blob{}
	return b.moves
}

func use(m map[int]blob) int { return len(m) }

// made hands its map to its caller.
func made() map[int]blob {
	fresh := map[int]blob{} // want skip:"passed-or-returned"
	fresh[2] = blob{7}
	return fresh
}

// Uses holds one skipped map per reason.
func Uses() []string {
	passed := map[int]blob{} // want skip:"passed-or-returned"
	passed[1] = blob{1}
	addr := map[int]blob{} // want skip:"address-taken"
	p := &addr
	nilCmp := map[int]blob{}            // want skip:"nil-comparison"
	withEntries := map[int]blob{1: {2}} // want skip:"literal-with-entries"
	// Declared differently for different platforms, and over the limit on some (144
	// bytes on linux/amd64): no one size. (syscall.Timespec, 16 bytes everywhere, is no
	// candidate.)
	unknown := map[int]syscall.Stat_t{} // want skip:"size-unknown"
	unknown[1] = syscall.Stat_t{Size: 5}
	times := map[int]syscall.Timespec{}
	times[1] = syscall.NsecToTimespec(5)
	// Read from package time's source: 24 bytes, stored inline; no candidate.
	small := map[int]time.Time{}
	small[1] = time.Unix(5, 0).UTC()
	aliased := map[int]blob{} // want skip:"passed-or-returned"
	other := aliased
	other[3] = blob{3}
	sized := map[int]blob{} // want skip:"not-evaluated"
	const width = len(sized[0])
	commented := map[int]blob{} // want skip:"comment-inside-rewrite"
	commented[1 /* the first */] = blob{5}
	spread := map[int]blob{} // want skip:"layout-not-modelled"
	spread[1] = blob{6}
	six := spread[max(
		0,
		1,
	)]
	var hintN uint = 3
	hinted := make(map[int]blob, hintN) // want skip:"size-hint"
	hinted[0] = blob{}
	b := box{contents: map[int]blob{}}
	b.contents[1] = blob{4}
	var h Holder
	g := &board{cells: map[int]blob{}}
	g.cells[2] = blob{9}
	contents := len(b.contents)
	return []string{
		fmt.Sprint(use(passed), len(*p), nilCmp == nil, withEntries[1][0], unknown[1].Size, times[1].Sec, small[1].Unix()),
		fmt.Sprint(aliased[3][0], contents, len(h.items), len(Exported)),
		fmt.Sprintf("%v", b)[:4],
		fmt.Sprint(g.play(3)[0], g.moves, len(hinted), racked(), width, len(anon.pages)),
		fmt.Sprint(len(commented), six[0], made()[2][0], locks(), localLocks()),
	}
}

// lockHolder holds another package's lock by value: go vet reports a copy out of a map
// read, and would not out of the slab's call.
type lockHolder struct {
	mu  sync.Mutex
	pad [200]byte
}

func locks() int {
	held := map[int]lockHolder{} // want skip:"holds-lock"
	held[1] = lockHolder{}
	return len(held)
}

func localLocks() int {
	type guarded struct {
		mu  sync.RWMutex
		pad [200]byte
	}
	held := map[int]guarded{} // want skip:"holds-lock"
	held[1] = guarded{}
	return len(held)
}
