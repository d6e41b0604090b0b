package sizes

import (
	"slices"
	"testing"
	"unsafe"
)

func TestSizes(t *testing.T) {
	for _, c := range []struct {
		name string
		got  uintptr
		want uintptr
	}{
		{"exact", unsafe.Sizeof(exact{}), 128},
		{"over", unsafe.Sizeof(over{}), 129},
		{"words16", unsafe.Sizeof(words16{}), 128},
		{"words32", unsafe.Sizeof(words32{}), 256},
		{"padded", unsafe.Sizeof(padded{}), 136},
		{"small", unsafe.Sizeof(small{}), 128},
		{"nested", unsafe.Sizeof(nested{}), 144},
	} {
		if c.got != c.want {
			t.Errorf("sizeof %s = %d, want %d", c.name, c.got, c.want)
		}
	}
}

func TestFill(t *testing.T) {
	if got := Fill(); !slices.Equal(got, []int64{1, 2, 3, 4, 5, 6, 7}) {
		t.Fatalf("Fill = %v", got)
	}
}
