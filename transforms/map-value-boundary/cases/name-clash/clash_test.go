package clash

import "testing"

func TestPages(t *testing.T) {
	if b, n := Pages(5); b != 4 || n != 5 {
		t.Fatalf("Pages = %d, %d", b, n)
	}
	if Shadowed() != 2 {
		t.Fatalf("Shadowed")
	}
}
