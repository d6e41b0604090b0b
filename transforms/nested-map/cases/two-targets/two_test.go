package two

import "testing"

func TestBoth(t *testing.T) {
	if got := Both(); got != 15 {
		t.Fatalf("Both() = %d, want 15", got)
	}
}
