// Package frames keeps video frames by number in a local map of 256-byte values.
package frames

type frame struct {
	seq  int64
	data [240]byte
	tag  [8]byte
}

// Summary fills a map of frames, overwrites, deletes and reads them back, and reports
// what a map would: reads of missing keys, comma-ok, len after overwrite, a range that
// deletes as it goes.
func Summary(n int) []int64 {
	frames := make(map[int64]frame, n) // want "map-value-boundary"
	for i := range int64(n) {
		frames[i] = frame{seq: i, data: [240]byte{byte(i)}}
	}
	frames[0] = frame{seq: 100}
	delete(frames, 1)
	out := []int64{int64(len(frames)), frames[0].seq, frames[1].seq, int64(frames[2].data[0])}
	if f, ok := frames[1]; !ok {
		out = append(out, -1, f.seq)
	}
	f, ok := frames[3]
	if ok {
		out = append(out, f.seq)
	}
	seen := int64(0)
	for k, v := range frames {
		if k%2 == 0 {
			delete(frames, k+2)
		}
		seen += v.seq
	}
	out = append(out, seen, int64(len(frames)))
	clear(frames)
	return append(out, int64(len(frames)))
}

// Later declares its map first and creates it on every path before use.
func Later(keys []int) (int, byte) {
	var byKey map[int][130]byte // want "map-value-boundary"
	zero := byKey[7][0]
	byKey = map[int][130]byte{}
	for _, k := range keys {
		var v [130]byte
		v[0] = byte(k)
		byKey[k] = v
	}
	return len(byKey), zero + byKey[keys[0]][0]
}

// Scratch is a map made anew on every turn of a loop: pool-scratch would take it if its
// values were small; these are map-value-boundary's.
func Scratch(rounds int) int {
	total := 0
	for r := range rounds {
		scratch := make(map[int][256]byte) // want "map-value-boundary"
		for i := range 16 {
			scratch[i] = [256]byte{byte(r + i)}
		}
		for _, v := range scratch {
			total += int(v[0])
		}
	}
	return total
}

// Whole copies whole values out: a later store does not change the copy, and a missing
// key reads a zero value.
func Whole() (byte, byte, byte) {
	vals := map[string][200]byte{} // want "map-value-boundary"
	vals["a"] = [200]byte{1}
	c := vals["a"]
	vals["a"] = [200]byte{2}
	missing := vals["zz"]
	return c[0], vals["a"][0], missing[0]
}

// Hinted makes its map with a typed constant hint, which newSlabMap takes as an int.
func Hinted() int {
	const few uint8 = 4
	tiny := make(map[int][300]byte, few) // want "map-value-boundary"
	tiny[1] = [300]byte{9}
	return len(tiny) + int(tiny[1][0])
}
