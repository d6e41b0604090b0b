// Maps whose value types another package declares: their sizes are read from that
// package's source (found where the go command finds it), constants included.
package main

import (
	"crypto/sha256"
	"fmt"
	"time"

	"example.com/imported-sizes/go-geo"
	"example.com/imported-sizes/labels"
)

func meshes() int {
	byID := map[int]geo.Mesh{} // want "map-value-boundary"
	byID[1] = geo.Mesh{{1, 2, 3}}
	return int(byID[1][0][2])
}

func records() string {
	recs := map[string]geo.Rec{} // want "map-value-boundary"
	recs["a"] = geo.Rec{Name: "first"}
	return recs["a"].Name
}

func digests() int {
	// sha256.Size * 8 = 256 bytes.
	seen := map[string][sha256.Size * 8]byte{} // want "map-value-boundary"
	seen["x"] = [sha256.Size * 8]byte{7}
	return int(seen["x"][0])
}

func wide() int {
	// geo.Width * 2 int64 = 224 bytes.
	rows := map[int][geo.Width * 2]int64{} // want "map-value-boundary"
	rows[3] = [geo.Width * 2]int64{3: 9}
	return int(rows[3][3])
}

// Small values of other packages' types: no candidates, nothing to report.
func small() int {
	points := map[int]geo.Point{}
	points[1] = geo.Point{X: 1, Y: 2}
	stamps := map[string]time.Time{}
	stamps["t"] = time.Unix(3, 0)
	return int(points[1].Y) + int(stamps["t"].Unix())
}

// A type declared differently under build tags: small on every platform is no candidate
// (a sample of a string and a slice, or of two slices: 40 or 48 bytes); over the limit on
// one platform only, its size is not known.
type sample struct {
	l labels.Labels
	v []float64
}

func tagged() int {
	series := map[uint64]sample{}
	series[1] = sample{l: labels.Make("up"), v: []float64{1}}
	wides := map[int]labels.Wide{} // want skip:"size-unknown"
	var w labels.Wide
	wides[1] = w
	return series[1].l.Len() + len(wides)
}

func main() {
	fmt.Println(meshes(), records(), digests(), wide(), small(), cubes(), tagged())
}
