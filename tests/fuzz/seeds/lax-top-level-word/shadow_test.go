package shadow

import "testing"

func TestCount(t *testing.T) {
	n, s := Count()
	if n != 6 || s != "a,p,q" {
		t.Fatalf("Count() = %d, %q", n, s)
	}
}
