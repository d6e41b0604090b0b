package slab

import (
	"runtime"
	"testing"
	"time"
)

// The measurements of the map-value-boundary issue, the slab against the map it
// replaces: a million [256]byte values (insert, lookup, live heap, a forced GC's pause
// with the map live) and a small map of 100 (what the slab costs where nothing was
// wrong). Run with: go test -run '^$' -bench . -benchmem -benchtime 3x

const million = 1_000_000

type value = [256]byte

// store is what a benchmark keeps live while it measures the GC.
var store any

func gcPause(b *testing.B) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	start := time.Now()
	runtime.GC()
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000, "gc-ms")
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "live-MiB")
}

func BenchmarkMillionInsert(b *testing.B) {
	b.Run("map", func(b *testing.B) {
		for range b.N {
			m := make(map[int]value)
			for k := range million {
				var v value
				v[0] = byte(k)
				m[k] = v
			}
			store = m
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*million), "ns/insert")
		gcPause(b)
		store = nil
	})
	b.Run("slab", func(b *testing.B) {
		for range b.N {
			m := newSlabMap[int, value](0)
			for k := range million {
				var v value
				v[0] = byte(k)
				m.Set(k, v)
			}
			store = m
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*million), "ns/insert")
		gcPause(b)
		store = nil
	})
}

var (
	sink      byte
	sinkValue value
)

func BenchmarkMillionLookup(b *testing.B) {
	m := make(map[int]value)
	s := newSlabMap[int, value](0)
	for k := range million {
		var v value
		v[0] = byte(k)
		m[k] = v
		s.Set(k, v)
	}
	// The whole value is read: `v := m[k]; v[0]` lets the compiler load one byte through
	// the map's pointer, which no Get returning a value can match, and real code that
	// reads one field of a big value should keep the map.
	b.Run("map", func(b *testing.B) {
		for i := range b.N {
			sinkValue = m[(i*7919)%million]
		}
	})
	b.Run("slab", func(b *testing.B) {
		for i := range b.N {
			sinkValue = *s.At((i * 7919) % million)
		}
	})
	b.Run("slab-Get", func(b *testing.B) {
		for i := range b.N {
			sinkValue = s.Get((i * 7919) % million)
		}
	})
}

func BenchmarkSmall100(b *testing.B) {
	b.Run("map", func(b *testing.B) {
		for range b.N {
			m := make(map[int]value)
			for k := range 100 {
				m[k] = value{byte(k)}
			}
			for k := range 100 {
				v := m[k]
				sink += v[0]
			}
		}
	})
	b.Run("slab", func(b *testing.B) {
		for range b.N {
			m := newSlabMap[int, value](0)
			for k := range 100 {
				m.Set(k, value{byte(k)})
			}
			for k := range 100 {
				v := m.Get(k)
				sink += v[0]
			}
		}
	})
}
