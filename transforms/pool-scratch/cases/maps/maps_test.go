package maps

import "testing"

func TestHistogram(t *testing.T) {
	for i := 0; i < 3; i++ {
		if got := Histogram([]int{0, 64, 128, 5}); got != 64+3 {
			t.Fatalf("Histogram = %d, want 67", got)
		}
	}
}

func TestWords(t *testing.T) {
	got := Words([][]string{{"a", "b", "a"}, {"c"}, {}, {"x", "y", "z", "x"}})
	want := []int{2, 1, 0, 3}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Words = %v, want %v", got, want)
		}
	}
}

func TestOthers(t *testing.T) {
	if Pairs() != 4 || Lookup(1)[0] != 1 || Escaping() != 100 || len(kept) != 100 {
		t.Fatal("wrong results")
	}
}

func TestRounds(t *testing.T) {
	if got := Rounds(); got != 100 {
		t.Fatalf("Rounds = %d, want 100", got)
	}
}
