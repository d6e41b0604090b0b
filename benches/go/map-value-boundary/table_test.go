package table

import (
	"runtime"
	"testing"
	"time"
)

const million = 1 << 20

func TestTable(t *testing.T) {
	Build(1000)
	defer Drop()
	if v := Lookup(999); v[0] != byte(999%256) {
		t.Fatalf("Lookup(999)[0] = %d", v[0])
	}
	if v := Lookup(5000); v != (value{}) {
		t.Fatalf("a missing key reads %v", v[:4])
	}
	if Small() != 4950 {
		t.Fatalf("Small = %d", Small())
	}
}

// BenchmarkMillionInsert builds the million-entry table; it reports the time and
// allocations per insert, the live heap, and the pause of a forced GC with the table live.
func BenchmarkMillionInsert(b *testing.B) {
	var ms runtime.MemStats
	var allocs, heap, gc, insert float64
	for range b.N {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		before := ms.Mallocs
		start := time.Now()
		Build(million)
		insert += float64(time.Since(start).Nanoseconds())
		runtime.ReadMemStats(&ms)
		allocs += float64(ms.Mallocs - before)
		t := time.Now()
		runtime.GC()
		gc += float64(time.Since(t).Nanoseconds())
		runtime.ReadMemStats(&ms)
		heap += float64(ms.HeapAlloc)
		Drop()
	}
	n := float64(b.N)
	b.ReportMetric(insert/n/million, "ns/insert")
	b.ReportMetric(allocs/n/million, "allocs/insert")
	b.ReportMetric(gc/n/1e6, "gc-ms")
	b.ReportMetric(heap/n/(1<<20), "heap-MiB")
}

var sink value

// BenchmarkMillionLookup reads whole values at random from the million-entry table.
func BenchmarkMillionLookup(b *testing.B) {
	Build(million)
	defer Drop()
	b.ResetTimer()
	for i := range b.N {
		sink = Lookup((i * 7919) % million)
	}
}

var total int

// BenchmarkSmall100 is a map of 100 entries made per call: what the slab costs where the
// map was not a problem.
func BenchmarkSmall100(b *testing.B) {
	for range b.N {
		total += Small()
	}
}
