package lookup

import "testing"

func TestLookup(t *testing.T) {
	if got := Lookup(); got != 12+23 {
		t.Fatalf("Lookup() = %d, want 35", got)
	}
}
