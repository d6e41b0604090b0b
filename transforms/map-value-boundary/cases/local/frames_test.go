package frames

import (
	"slices"
	"testing"
)

func TestSummary(t *testing.T) {
	got := Summary(10)
	// len 9 after overwrite and delete; frames[0] overwritten; frames[1] missing reads
	// zero; comma-ok false with a zero value; frames[3] present.
	head := []int64{9, 100, 0, 2, -1, 0, 3}
	if !slices.Equal(got[:len(head)], head) {
		t.Fatalf("Summary head = %v, want %v", got[:len(head)], head)
	}
	// The range deleted some entries ahead of it: whichever it reached, the sum counts
	// only entries it produced, and the map shrank accordingly.
	seen, left, cleared := got[len(head)], got[len(head)+1], got[len(head)+2]
	if left < 4 || left > 9 || seen <= 0 || cleared != 0 {
		t.Fatalf("Summary tail = %d, %d, %d", seen, left, cleared)
	}
}

func TestLater(t *testing.T) {
	n, b := Later([]int{5, 6, 5})
	if n != 2 || b != 5 {
		t.Fatalf("Later = %d, %d; want 2, 5", n, b)
	}
}

func TestScratch(t *testing.T) {
	want := 0
	for r := range 3 {
		for i := range 16 {
			want += (r + i) & 0xff
		}
	}
	if got := Scratch(3); got != want {
		t.Fatalf("Scratch = %d, want %d", got, want)
	}
}

func TestWhole(t *testing.T) {
	if c, now, missing := Whole(); c != 1 || now != 2 || missing != 0 {
		t.Fatalf("Whole = %d, %d, %d; want 1, 2, 0", c, now, missing)
	}
}

func TestHinted(t *testing.T) {
	if got := Hinted(); got != 10 {
		t.Fatalf("Hinted = %d", got)
	}
}
