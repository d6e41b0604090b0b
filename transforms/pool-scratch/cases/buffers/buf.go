// Package buf reads, hashes and encodes through scratch buffers.
package buf

import (
	"encoding/binary"
	"hash"
	"io"
)

// Checksum reads r through a 4 KiB buffer: the io.Reader call makes it escape.
func Checksum(r io.Reader, h hash.Hash) ([]byte, error) {
	buf := make([]byte, 4096) // want "pool-scratch"
	for {
		n, err := r.Read(buf)
		h.Write(buf[:n])
		if err == io.EOF {
			return h.Sum(nil), nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// Digest hashes a 64-byte record and returns its first byte.
func Digest(h hash.Hash, id uint64) byte {
	rec := new([64]byte) // want "pool-scratch"
	binary.BigEndian.PutUint64(rec[:8], id)
	h.Write(rec[:])
	sum := h.Sum(rec[:0])
	return sum[0]
}

// Frame writes a length-prefixed payload through a buffer of the payload's length: the
// length is not a constant, and out of range make and a pooled slice panic differently.
func Frame(w io.Writer, payload []byte) error {
	out := make([]byte, 4+len(payload), 4096) // want skip:"length-not-constant"
	binary.LittleEndian.PutUint32(out, uint32(len(payload)))
	copy(out[4:], payload)
	_, err := w.Write(out)
	return err
}

// Sum8 adds bytes in a buffer that stays on the stack: nothing to gain from a pool.
func Sum8(b []byte) int {
	tmp := make([]byte, 64) // want skip:"does-not-escape"
	n := copy(tmp, b)
	s := 0
	for _, c := range tmp[:n] {
		s += int(c)
	}
	return s
}

// Big needs more than the stack may hold: the compiler moves it to the heap. At 256 KiB
// it is more than a pool should keep alive across garbage collections.
func Big(b []byte) int {
	tmp := make([]int64, 1<<15) // want skip:"too-big-to-pool"
	for i := range b {
		tmp[int(b[i])%len(tmp)]++
	}
	return int(tmp[0])
}

// Ignored is left alone on request.
func Ignored(r io.Reader) int {
	//gomapfix:ignore pool-scratch
	buf := make([]byte, 512) // want skip:"ignored"
	n, _ := r.Read(buf)
	return n
}
