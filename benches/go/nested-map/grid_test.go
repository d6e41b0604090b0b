package grid

import (
	"math/rand/v2"
	"runtime"
	"testing"
)

var sink int

// BenchmarkBuild builds the whole grid; live-MB is the heap it keeps.
func BenchmarkBuild(b *testing.B) {
	b.ReportAllocs()
	var live float64
	for n := 0; n < b.N; n++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		g := newGrid()
		runtime.GC()
		runtime.ReadMemStats(&after)
		live = float64(after.HeapAlloc-before.HeapAlloc) / 1e6
		sink += int(g.at(1, 1)[0])
	}
	b.ReportMetric(live, "live-MB")
}

// BenchmarkRandomRead reads one cell at a random position per op.
func BenchmarkRandomRead(b *testing.B) {
	g := newGrid()
	r := rand.New(rand.NewPCG(1, 2))
	idx := make([][2]int, 1<<16)
	for k := range idx {
		idx[k] = [2]int{r.IntN(rows), r.IntN(cols)}
	}
	b.ResetTimer()
	s := 0
	for n := 0; n < b.N; n++ {
		p := idx[n&(len(idx)-1)]
		s += int(g.at(p[0], p[1])[1])
	}
	sink += s
}

// BenchmarkScan fills a local grid and sums it in order.
func BenchmarkScan(b *testing.B) {
	b.ReportAllocs()
	for n := 0; n < b.N; n++ {
		sink += scan()
	}
}

func TestSameAnswers(t *testing.T) {
	g := newGrid()
	if c := g.at(1023, 511); c[0] != 255 || c[1] != 255 {
		t.Fatalf("at(1023, 511) = %v", c)
	}
	if got := scan(); got != 512*(255*256/2)*4 {
		t.Fatalf("scan() = %d", got)
	}
}
