package slab

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

type big [136]byte

func val(n int) big {
	var v big
	v[0], v[1], v[135] = byte(n), byte(n>>8), byte(n>>16)
	return v
}

// check compares every observable of s with the map it stands for.
func check(t *testing.T, m map[int]big, s *slabMap[int, big]) {
	t.Helper()
	if s.Len() != len(m) {
		t.Fatalf("Len = %d, len(map) = %d", s.Len(), len(m))
	}
	for k, v := range m {
		got, ok := s.Lookup(k)
		if !ok || got != v || s.Get(k) != v || *s.At(k) != v {
			t.Fatalf("Lookup(%d) = %v, %v; want the map's value", k, got[:2], ok)
		}
	}
	seen := 0
	for k, v := range s.All() {
		if mv, ok := m[k]; !ok || mv != v {
			t.Fatalf("All gave %d, which the map does not hold with that value", k)
		}
		seen++
	}
	if seen != len(m) {
		t.Fatalf("All gave %d entries, the map holds %d", seen, len(m))
	}
}

func TestMapSemanticsUnderRandomOperations(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	m := map[int]big{}
	s := newSlabMap[int, big](0)
	for step := 0; step < 20000; step++ {
		k := r.IntN(300)
		switch op := r.IntN(10); {
		case op < 5:
			m[k] = val(step)
			s.Set(k, val(step))
		case op < 8:
			delete(m, k)
			s.Delete(k)
		case op < 9:
			// Missing keys read the zero value, comma-ok false.
			if _, ok := m[k]; !ok {
				if v, ok := s.Lookup(k); ok || v != (big{}) || s.Get(k) != (big{}) || *s.At(k) != (big{}) {
					t.Fatalf("missing key %d read %v, %v", k, v[:2], ok)
				}
			}
		default:
			if r.IntN(50) == 0 {
				clear(m)
				s.Clear()
			}
		}
		if step%997 == 0 {
			check(t, m, s)
		}
	}
	check(t, m, s)
}

func TestOverwriteKeepsLen(t *testing.T) {
	s := newSlabMap[string, big](4)
	s.Set("a", val(1))
	s.Set("a", val(2))
	s.Set("b", val(3))
	if a := s.Get("a"); s.Len() != 2 || a != val(2) {
		t.Fatalf("after overwrite: Len %d, a = %v", s.Len(), a[:1])
	}
	if len(s.free) != 0 || s.next != 2 {
		t.Fatalf("an overwrite took a new slot: next %d, free %v", s.next, s.free)
	}
}

func TestDeletedSlotIsZeroedAndReused(t *testing.T) {
	type ptrs struct {
		p    *int
		fill [20]int64
	}
	n := 7
	s := newSlabMap[int, ptrs](0)
	s.Set(1, ptrs{p: &n})
	s.Set(2, ptrs{p: &n})
	i := s.index[1]
	s.Delete(1)
	if *s.slot(i) != (ptrs{}) {
		t.Fatal("a deleted slot still holds its value (and keeps what it points to alive)")
	}
	s.Set(3, ptrs{p: &n})
	if s.index[3] != i {
		t.Fatalf("the freed slot %d was not reused (got %d)", i, s.index[3])
	}
}

func TestNilReceiver(t *testing.T) {
	var s *slabMap[int, big]
	var m map[int]big
	if s.Len() != len(m) || s.Get(1) != m[1] || *s.At(1) != m[1] {
		t.Fatal("a nil slabMap does not read as a nil map")
	}
	// Each missing read has a zero value of its own: one written through (which no
	// rewritten code does) leaves the next read zero.
	s.At(2)[0] = 1
	if *s.At(2) != (big{}) {
		t.Fatal("At shares its zero value between reads")
	}
	if _, ok := s.Lookup(1); ok {
		t.Fatal("Lookup on nil found a key")
	}
	for range s.All() {
		t.Fatal("All on nil produced an entry")
	}
	s.Delete(1)
	s.Clear()
	panicked := func(f func()) (v any) {
		defer func() { v = recover() }()
		f()
		return nil
	}
	want := panicked(func() { m[1] = big{} })
	got := panicked(func() { s.Set(1, big{}) })
	if want == nil || fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprintf("%T", got) != fmt.Sprintf("%T", want) {
		t.Fatalf("Set on nil panicked with %T %v; a nil map write panics with %T %v", got, got, want, want)
	}
	if _, ok := got.(interface{ RuntimeError() }); !ok {
		t.Fatalf("Set on nil panicked with %T, not a runtime.Error", got)
	}
}

func TestDeleteAndAddDuringRange(t *testing.T) {
	s := newSlabMap[int, big](0)
	for k := 0; k < 100; k++ {
		s.Set(k, val(k))
	}
	seen := map[int]bool{}
	for k, v := range s.All() {
		if v != val(k) && k < 100 {
			t.Fatalf("key %d produced with another key's value", k)
		}
		seen[k] = true
		// Delete every key not yet reached whose number is odd: none may be produced
		// after this, and adding keys may or may not produce them (as for a map).
		for j := 1; j < 100; j += 2 {
			if !seen[j] {
				s.Delete(j)
			}
		}
		s.Set(1000+k, val(1000+k))
	}
	for k := 1; k < 100; k += 2 {
		if _, ok := s.Lookup(k); ok && !seen[k] {
			t.Fatalf("key %d deleted during the range is still there", k)
		}
	}
	for k := 0; k < 100; k += 2 {
		if !seen[k] {
			t.Fatalf("key %d, never deleted, was not produced", k)
		}
	}
}

func TestFloatKeysAndNaN(t *testing.T) {
	s := newSlabMap[float64, big](0)
	m := map[float64]big{}
	nan := math.NaN()
	for i := 0; i < 3; i++ {
		s.Set(nan, val(i))
		m[nan] = val(i)
	}
	s.Set(0.0, val(9))
	m[math.Copysign(0, -1)] = val(9)
	if s.Len() != len(m) {
		t.Fatalf("Len %d with NaN keys, map %d", s.Len(), len(m))
	}
	if _, ok := s.Lookup(nan); ok {
		t.Fatal("a NaN key was found")
	}
	s.Delete(nan)
	if s.Len() != len(m) {
		t.Fatal("deleting NaN removed an entry")
	}
}

// slots checks that the first n slots of a slabMap of V are distinct, in chunks that
// double from the first chunk's size up to the fixed size, which then repeats.
func slots[V any](t *testing.T, n int) {
	t.Helper()
	s := newSlabMap[int, V](0)
	for s.capacity() < n {
		s.grow()
	}
	seen := map[*V]bool{}
	for i := 0; i < n; i++ {
		p := s.slot(int32(i))
		if seen[p] {
			t.Fatalf("slot %d shares its address", i)
		}
		seen[p] = true
	}
	for c, ch := range s.chunks {
		want := 1 << s.shift
		if c < s.ramps {
			want = 1 << (s.first + uint(c))
		}
		if len(ch) != want {
			t.Fatalf("chunk %d holds %d slots, want %d", c, len(ch), want)
		}
	}
}

func TestSlotsByValueSize(t *testing.T) {
	slots[byte](t, 200_000)
	slots[big](t, 5_000)
	slots[[256]byte](t, 5_000)
	slots[[8192]byte](t, 100)
	slots[[100_000]byte](t, 40)
	if s := newSlabMap[int, [256]byte](0); s.shift != 8 || s.ramps != 5 {
		t.Fatalf("[256]byte: chunks of %d after %d doubling ones; want 256 after 5", 1<<s.shift, s.ramps)
	}
}

func TestAMillionEntries(t *testing.T) {
	if testing.Short() {
		t.Skip("a million entries")
	}
	const n = 1_000_000
	s := newSlabMap[int, [256]byte](0)
	for k := 0; k < n; k++ {
		var v [256]byte
		v[0], v[255] = byte(k), byte(k>>8)
		s.Set(k, v)
	}
	if s.Len() != n || s.capacity() < n || s.capacity() > n+1<<s.shift {
		t.Fatalf("Len %d, %d chunks", s.Len(), len(s.chunks))
	}
	for k := 0; k < n; k += 7 {
		v := s.Get(k)
		if v[0] != byte(k) || v[255] != byte(k>>8) {
			t.Fatalf("value of %d lost", k)
		}
	}
	for k := 0; k < n; k += 2 {
		s.Delete(k)
	}
	if s.Len() != n/2 {
		t.Fatalf("Len after deleting half: %d", s.Len())
	}
}

// TestChunkMemoryIsBounded: the chunks never hold more than twice the most entries the
// map had, plus one fixed chunk; a single value far over the chunk size costs one value.
func TestChunkMemoryIsBounded(t *testing.T) {
	one := newSlabMap[int, [16 << 20]byte](0)
	one.Set(1, [16 << 20]byte{1})
	if one.capacity() != 1 || len(one.chunks[0]) != 1 {
		t.Fatalf("one 16 MiB value took %d slots", one.capacity())
	}
	bound := func(size, n, capacity, shift int) bool {
		return capacity*size <= 2*n*size+(1<<shift)*size
	}
	for _, n := range []int{1, 2, 3, 7, 8, 9, 100, 1000, 5000} {
		a := newSlabMap[int, [300]byte](0)
		b := newSlabMap[int, [9000]byte](0)
		c := newSlabMap[int, [200_000]byte](0)
		for k := 0; k < n; k++ {
			a.Set(k, [300]byte{})
			b.Set(k, [9000]byte{})
			if n <= 100 {
				c.Set(k, [200_000]byte{})
			}
		}
		if !bound(300, n, a.capacity(), int(a.shift)) || !bound(9000, n, b.capacity(), int(b.shift)) {
			t.Fatalf("%d entries: %d and %d slots", n, a.capacity(), b.capacity())
		}
		if n <= 100 && c.capacity() != n {
			t.Fatalf("%d values of 200 KB took %d slots", n, c.capacity())
		}
	}
	if s := newSlabMap[int, [9000]byte](0); 1<<s.first*9000 > slabFirstBytes*8 || len(s.chunks) != 0 {
		t.Fatalf("[9000]byte: a first chunk of %d", 1<<s.first)
	}
}

// shape is the chunk layout by its definition: the fixed chunk the most values, a power
// of two, within slabChunkBytes (at least one); the first at most slabFirst values
// within slabFirstBytes (at least one), no more than the fixed one.
func shape(size uintptr) (first, shift uint) {
	for size <= slabChunkBytes>>(shift+1) {
		shift++
	}
	for first < shift && 2<<first <= slabFirst && size <= slabFirstBytes>>(first+1) {
		first++
	}
	return first, shift
}

func layout[V any](t *testing.T) {
	t.Helper()
	var v V
	s := newSlabMap[int, V](0)
	if f, sh := shape(unsafe.Sizeof(v)); s.first != f || s.shift != sh {
		t.Fatalf("%T: first %d shift %d, want %d %d", v, s.first, s.shift, f, sh)
	}
}

// TestLayoutFollowsItsDefinition: newSlabMap computes the layout without loops (so that
// it can be inlined), and gets what the definition gives, at every size around the
// boundaries.
func TestLayoutFollowsItsDefinition(t *testing.T) {
	layout[[1]byte](t)
	layout[[129]byte](t)
	layout[[255]byte](t)
	layout[[256]byte](t)
	layout[[257]byte](t)
	layout[[300]byte](t)
	layout[[511]byte](t)
	layout[[512]byte](t)
	layout[[513]byte](t)
	layout[[1024]byte](t)
	layout[[1025]byte](t)
	layout[[2048]byte](t)
	layout[[2049]byte](t)
	layout[[4096]byte](t)
	layout[[8192]byte](t)
	layout[[8193]byte](t)
	layout[[32768]byte](t)
	layout[[32769]byte](t)
	layout[[65536]byte](t)
	layout[[65537]byte](t)
	layout[[1 << 20]byte](t)
	if slabFirstBytes != slabChunkBytes>>5 || slabFirst != 8 {
		t.Fatal("newSlabMap's layout assumes slabFirstBytes = slabChunkBytes>>5 and slabFirst = 8")
	}
}

// TestAnEmptySlabThatStaysLocalIsNotAllocated: newSlabMap is inlined, so a slab that does
// not escape its function lives on the stack, as the map it replaces did.
func TestAnEmptySlabThatStaysLocalIsNotAllocated(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() {
		s := newSlabMap[int, big](0)
		sinkLen = s.Len()
	}); n != 0 {
		t.Fatalf("newSlabMap allocated %v times", n)
	}
}

var sinkLen int
