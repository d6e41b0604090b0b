// Package scratch holds the per-call buffers and maps pool-scratch is measured on.
package scratch

import (
	"hash"
	"io"
	"sync"
)

// ReadAll reads r to its end through a 4 KiB buffer, counting the bytes: the io.Reader
// call makes the buffer escape, one heap allocation a call.
func ReadAll(r io.Reader) int {
	buf := make([]byte, 4096)
	total := 0
	for {
		n, err := r.Read(buf)
		total += n
		if err != nil {
			return total
		}
	}
}

// Hash64 hashes a 64-byte record through hash.Hash, summing into the record itself.
func Hash64(h hash.Hash, seed byte) byte {
	rec := make([]byte, 64)
	for i := range rec {
		rec[i] = seed + byte(i)
	}
	h.Reset()
	h.Write(rec)
	return h.Sum(rec[:0])[0]
}

// Table fills a per-call map of arrays with 64 entries.
func Table(seed int) int {
	m := make(map[int][8]int)
	for i := 0; i < 64; i++ {
		m[i] = [8]int{i + seed}
	}
	s := 0
	for k, v := range m {
		s += k + v[0]
	}
	return s
}

// Local sums bytes through a buffer the compiler keeps on the stack: left alone.
func Local(b []byte) int {
	tmp := make([]byte, 64)
	n := copy(tmp, b)
	s := 0
	for _, c := range tmp[:n] {
		s += int(c)
	}
	return s
}

var localPool = sync.Pool{New: func() any { return new([64]byte) }}

// LocalPooledByHand is Local with its stack buffer pooled by hand: what gomapfix refuses
// to do, kept to measure the refusal.
func LocalPooledByHand(b []byte) int {
	arr := localPool.Get().(*[64]byte)
	defer localPool.Put(arr)
	clear(arr[:])
	tmp := arr[:]
	n := copy(tmp, b)
	s := 0
	for _, c := range tmp[:n] {
		s += int(c)
	}
	return s
}

// Heads reads the first 512 bytes of each reader through a buffer made on every turn:
// reused only across the turns of one call, it is made once before the loop.
func Heads(rs []io.Reader) int {
	total := 0
	for _, r := range rs {
		buf := make([]byte, 512)
		n, _ := io.ReadFull(r, buf)
		total += n + int(buf[0])
	}
	return total
}
