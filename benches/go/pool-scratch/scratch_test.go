package scratch

import (
	"bytes"
	"hash/fnv"
	"io"
	"testing"
)

var data = bytes.Repeat([]byte("gomapfix"), 1024) // 8 KiB: two reads of 4 KiB

func TestResults(t *testing.T) {
	if n := ReadAll(bytes.NewReader(data)); n != len(data) {
		t.Fatalf("ReadAll = %d", n)
	}
	if a, b := Hash64(fnv.New64a(), 1), Hash64(fnv.New64a(), 1); a != b {
		t.Fatalf("Hash64 differs between calls: %d, %d", a, b)
	}
	if s := Table(1); s != 2*(63*64/2)+64 {
		t.Fatalf("Table = %d", s)
	}
	if s := Local([]byte{1, 2, 3}); s != 6 {
		t.Fatalf("Local = %d", s)
	}
	if s := Heads(readers()); s != 16*(512+int('g')) {
		t.Fatalf("Heads = %d", s)
	}
}

func BenchmarkReadAll4K(b *testing.B) {
	r := bytes.NewReader(data)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r.Reset(data)
		ReadAll(r)
	}
}

func BenchmarkReadAll4KParallel(b *testing.B) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		r := bytes.NewReader(data)
		for pb.Next() {
			r.Reset(data)
			ReadAll(r)
		}
	})
}

func BenchmarkHash64(b *testing.B) {
	h := fnv.New64a()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Hash64(h, byte(i))
	}
}

func BenchmarkHash64Parallel(b *testing.B) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		h := fnv.New64a()
		i := 0
		for pb.Next() {
			Hash64(h, byte(i))
			i++
		}
	})
}

func BenchmarkTable64(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Table(i)
	}
}

func BenchmarkLocalStack(b *testing.B) {
	in := []byte{1, 2, 3, 4}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Local(in)
	}
}

func BenchmarkLocalPooledByHand(b *testing.B) {
	in := []byte{1, 2, 3, 4}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		LocalPooledByHand(in)
	}
}

// readers are 16 readers of 8 KiB each.
func readers() []io.Reader {
	rs := make([]io.Reader, 16)
	for i := range rs {
		rs[i] = bytes.NewReader(data)
	}
	return rs
}

func BenchmarkHeads16(b *testing.B) {
	rs := readers()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, r := range rs {
			r.(*bytes.Reader).Reset(data)
		}
		Heads(rs)
	}
}
