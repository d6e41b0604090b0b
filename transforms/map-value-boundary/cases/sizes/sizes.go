// Package sizes holds maps with values at the 128-byte boundary: exactly 128 bytes is
// stored in the map and is not a target; one byte more is.
package sizes

const width = 2*64 + 1

type (
	exact   [128]byte
	over    [width]byte
	words16 [16]int64
	words32 [32]int64
	// padded is 120+8+1 bytes, which alignment to 8 takes to 136.
	padded struct {
		a [120]byte
		b int64
		c bool
	}
	// small is 120+1+4 bytes with padding to 128: not a target.
	small struct {
		a [120]byte
		c bool
		d int32
	}
	nested struct {
		inner padded
		flag  bool
	}
)

// Fill puts one value in each map and reads each back.
func Fill() []int64 {
	m128 := map[int]exact{}
	m129 := map[int]over{} // want "map-value-boundary"
	w16 := map[int]words16{}
	w32 := map[int]words32{} // want "map-value-boundary"
	p := map[int]padded{}    // want "map-value-boundary"
	s := map[int]small{}
	n := map[int]nested{} // want "map-value-boundary"
	m128[1] = exact{1}
	m129[1] = over{2}
	w16[1] = words16{3}
	w32[1] = words32{4}
	p[1] = padded{b: 5}
	s[1] = small{d: 6}
	n[1] = nested{flag: true}
	flag := int64(0)
	if n[1].flag {
		flag = 7
	}
	return []int64{int64(m128[1][0]), int64(m129[1][0]), w16[1][0], w32[1][0], p[1].b, int64(s[1].d), flag}
}
