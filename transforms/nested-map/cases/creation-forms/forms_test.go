package forms

import "testing"

func TestForms(t *testing.T) {
	if got := Later(); got != 1 {
		t.Fatalf("Later() = %d, want 1", got)
	}
	// The grid created on one path only: the other path must still read a zero.
	if got := maybeLater(false); got != 0 {
		t.Fatalf("maybeLater(false) = %d, want 0", got)
	}
	if got := Count(); got != 10 {
		t.Fatalf("Count() = %d, want 10", got)
	}
}
