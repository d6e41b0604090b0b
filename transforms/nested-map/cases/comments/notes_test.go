package notes

import "testing"

func TestNotes(t *testing.T) {
	if got := Notes(); got != 13 {
		t.Fatalf("Notes() = %d", got)
	}
}
