// Package loops copies streams through buffers made inside loops.
package loops

import "io"

// CopyAll copies each reader to w through a buffer made on every turn: the buffer is
// hoisted out of the loop, and cleared where it was made.
func CopyAll(w io.Writer, rs []io.Reader) (int, error) {
	total := 0
	for _, r := range rs {
		buf := make([]byte, 256) // want "pool-scratch"
		for {
			n, err := r.Read(buf)
			if n > 0 {
				if _, werr := w.Write(buf[:n]); werr != nil {
					return total, werr
				}
				total += n
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				return total, err
			}
		}
	}
	return total, nil
}

// Nested makes its buffer two loops deep, under a label: hoisted before the labelled loop.
func Nested(rs [][]io.Reader) int {
	n := 0
outer:
	for _, group := range rs {
		for _, r := range group {
			chunk := make([]byte, 16) // want "pool-scratch"
			k, err := io.ReadFull(r, chunk)
			n += k
			if err == io.ErrUnexpectedEOF {
				continue outer
			}
		}
	}
	return n
}

// Last keeps the previous turn's bytes in a variable declared outside the loop: one array
// for every turn would overwrite them.
func Last(rs []io.Reader) []byte {
	var prev []byte
	for _, r := range rs {
		buf := make([]byte, 32) // want skip:"stored-outside"
		n, _ := r.Read(buf)
		prev = buf[:n]
	}
	return append([]byte(nil), prev...)
}

// Deferred closes over the buffer in a deferred call inside the loop.
func Deferred(w io.Writer, rs []io.Reader) {
	for _, r := range rs {
		buf := make([]byte, 32) // want skip:"deferred-in-loop"
		n, _ := r.Read(buf)
		defer w.Write(buf[:n])
	}
}

// Commented loops under a comment: the pool is taken above the comment, which stays with
// its loop.
func Commented(rs []io.Reader) int {
	n := 0
	// One read per reader.
	for _, r := range rs {
		b := make([]byte, 8) // want "pool-scratch"
		k, _ := r.Read(b)
		n += k
	}
	return n
}

// Shrinks reassigns its buffer on every turn: the storage is made before the loop under a
// name of its own, and the buffer takes it whole at the site.
func Shrinks(rs []io.Reader) int {
	n := 0
	for _, r := range rs {
		buf := make([]byte, 32) // want "pool-scratch"
		k, _ := r.Read(buf)
		buf = buf[:k]
		n += len(buf)
	}
	return n
}

// Partial's buffer is shorter than its array: kept by name and cleared to its capacity,
// so what append wrote past its length on one turn is zero on the next.
func Partial(rs []io.Reader) int {
	n := 0
	for _, r := range rs {
		buf := make([]byte, 4, 16) // want "pool-scratch"
		k, _ := io.ReadFull(r, buf)
		n += k + int(buf[:5][4])
		ext := append(buf, 'x')
		n += int(ext[4])
	}
	return n
}

// Shadowed's buffer is named like a parameter it shadows: the storage gets a name of its
// own.
func Shadowed(rs []io.Reader, buf []byte) int {
	n := 0
	for _, r := range rs {
		n += len(buf)
		buf := make([]byte, 8) // want "pool-scratch"
		k, _ := r.Read(buf)
		n += k
	}
	return n
}

// ReadTail reads the tail of the last part only: every path from the buffer's statement
// returns, so it runs at most once per call. Hoisted, it would allocate on every call,
// the ones that never reach it included; it is pooled where it is made.
func ReadTail(r io.Reader, parts int) int {
	total := 0
	for i := 0; i < parts; i++ {
		if i == parts-1 {
			tail := make([]byte, 16) // want "pool-scratch"
			n, _ := r.Read(tail)
			return total + n + int(tail[0])
		}
		total++
	}
	return total
}

// FirstRead leaves its loop by break after the buffer's one use: the same.
func FirstRead(rs []io.Reader) int {
	n := 0
	for _, r := range rs {
		if r == nil {
			continue
		}
		head := make([]byte, 32) // want "pool-scratch"
		n, _ = r.Read(head)
		n += int(head[0])
		break
	}
	return n
}

// Tiny reads a 4-byte word once per call: the tiny allocator packs it for about what a pool
// costs.
func Tiny(r io.Reader) int {
	word := make([]byte, 4) // want skip:"too-small-to-pool"
	n, _ := r.Read(word)
	return n + int(word[3])
}

type pair struct{ a, b int32 }

// Pairs reads into arrays of pointer-free structs and arrays, 8 and 12 bytes: too small.
func Pairs(r io.Reader) int {
	ps := make([]pair, 1)     // want skip:"too-small-to-pool"
	qs := make([][3]int32, 1) // want skip:"too-small-to-pool"
	b := make([]byte, 12)     // want skip:"too-small-to-pool"
	n, _ := r.Read(b)
	ps[0].a, qs[0][2] = int32(b[0]), int32(b[1])
	return n + int(ps[0].a+qs[0][2]) + sum(ps) + sum3(qs)
}

func sum(ps []pair) int { return int(ps[0].a + ps[0].b) }

func sum3(qs [][3]int32) int { return int(qs[0][0] + qs[0][2]) }
