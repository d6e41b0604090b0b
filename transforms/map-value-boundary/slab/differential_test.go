package slab

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// The slab against a real map, over random operation sequences whose keys stress
// identity: every answer, every panic (its type and message) and every key a range
// shows (+0 against -0, NaN, interfaces of different dynamic types, unhashable dynamic
// types, structs with float fields) must be the same.

type dval [20]int64 // 160 bytes: over the inline limit

type fkey struct {
	s string
	f float64
}

// outcome runs f and says what it returned or how it panicked.
func outcome(f func() string) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("panic %T: %v", r, r)
		}
	}()
	return f()
}

// show prints a key so that +0 and -0, and dynamic types, tell apart.
func show(k any) string {
	switch x := k.(type) {
	case float64:
		return fmt.Sprintf("float64(%v,%v)", x, math.Signbit(x))
	case fkey:
		return fmt.Sprintf("fkey(%q,%v,%v)", x.s, x.f, math.Signbit(x.f))
	}
	return fmt.Sprintf("%T(%#v)", k, k)
}

// ops drives one map and one slab with the same random sequence; keys come from pick.
func ops[K comparable](t *testing.T, seed uint64, steps int, pick func(r *rand.Rand) K) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	m := map[K]dval{}
	s := newSlabMap[K, dval](0)
	for step := 0; step < steps; step++ {
		k := pick(r)
		v := dval{int64(step), int64(step) * 3}
		var want, got string
		op := r.IntN(14)
		switch op {
		case 0, 1, 2, 3:
			want = outcome(func() string { m[k] = v; return "" })
			got = outcome(func() string { s.Set(k, v); return "" })
		case 4:
			want = outcome(func() string { x := m[k]; return fmt.Sprint(x[0]) })
			got = outcome(func() string { x := *s.At(k); return fmt.Sprint(x[0]) })
		case 5:
			want = outcome(func() string { x := m[k]; return fmt.Sprint(x[1]) })
			got = outcome(func() string { x := s.Get(k); return fmt.Sprint(x[1]) })
		case 6:
			want = outcome(func() string { x, ok := m[k]; return fmt.Sprint(x[0], ok) })
			got = outcome(func() string { x, ok := s.Lookup(k); return fmt.Sprint(x[0], ok) })
		case 7, 8:
			want = outcome(func() string { delete(m, k); return "" })
			got = outcome(func() string { s.Delete(k); return "" })
		case 9:
			want, got = fmt.Sprint(len(m)), fmt.Sprint(s.Len())
		case 10:
			// Every key a range shows, as stored, with its value.
			var a, b []string
			for k, v := range m {
				a = append(a, show(k)+fmt.Sprint(v[0]))
			}
			for k, v := range s.All() {
				b = append(b, show(k)+fmt.Sprint(v[0]))
			}
			slices.Sort(a)
			slices.Sort(b)
			want, got = fmt.Sprint(a), fmt.Sprint(b)
		case 11:
			// Deleting every key at the first entry: no deleted entry is produced after
			// that (NaN keys cannot be deleted, and may be produced or not).
			produced := func(n, left int) string {
				return fmt.Sprint(n >= 1 && n <= 1+left, left)
			}
			n := 0
			for range m {
				n++
				for k := range m {
					delete(m, k)
				}
			}
			want = produced(n, len(m))
			n = 0
			for range s.All() {
				n++
				var ks []K
				for k := range s.All() {
					ks = append(ks, k)
				}
				for _, k := range ks {
					s.Delete(k)
				}
			}
			got = produced(n, s.Len())
		case 12:
			if r.IntN(8) == 0 {
				clear(m)
				s.Clear()
			}
		case 13:
			if r.IntN(10) == 0 {
				// A nil map and a nil slab, until the next creation.
				m, s = nil, nil
			} else if m == nil {
				m, s = map[K]dval{}, newSlabMap[K, dval](0)
			}
		}
		if want != got {
			t.Fatalf("seed %d step %d op %d key %s: map %q, slab %q", seed, step, op, show(k), want, got)
		}
	}
}

func TestDifferentialFloatKeys(t *testing.T) {
	keys := []float64{0, math.Copysign(0, -1), 1, -1, math.NaN(), math.Inf(1), 0.5}
	for seed := range uint64(20) {
		ops(t, seed, 3000, func(r *rand.Rand) float64 { return keys[r.IntN(len(keys))] })
	}
}

func TestDifferentialInterfaceKeys(t *testing.T) {
	keys := []any{
		0, int64(0), uint8(0), "0", 0.0, math.Copysign(0, -1), math.NaN(), nil,
		[2]float64{0, 1}, [2]float64{math.Copysign(0, -1), 1}, fkey{"a", 0},
		fkey{"a", math.Copysign(0, -1)}, []int{1}, map[int]int{}, func() {},
		struct{ s []int }{}, [1]any{[]int{}}, true,
	}
	for seed := range uint64(20) {
		ops(t, seed, 3000, func(r *rand.Rand) any { return keys[r.IntN(len(keys))] })
	}
}

func TestDifferentialStructAndStringKeys(t *testing.T) {
	structs := []fkey{{"a", 0}, {"a", math.Copysign(0, -1)}, {"b", math.NaN()}, {"", 1}}
	for seed := range uint64(10) {
		ops(t, seed, 3000, func(r *rand.Rand) fkey { return structs[r.IntN(len(structs))] })
		ops(t, seed, 3000, func(r *rand.Rand) string { return fmt.Sprint(r.IntN(50)) })
		ops(t, seed, 3000, func(r *rand.Rand) [2]float64 {
			return [2]float64{[]float64{0, math.Copysign(0, -1)}[r.IntN(2)], float64(r.IntN(3))}
		})
	}
}

func TestDifferentialGrowth(t *testing.T) {
	for seed := range uint64(4) {
		ops(t, seed, 20000, func(r *rand.Rand) int { return r.IntN(2000) })
	}
}
