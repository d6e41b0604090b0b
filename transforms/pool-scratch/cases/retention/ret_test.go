package ret

import (
	"strings"
	"testing"
)

func TestHelper(t *testing.T) {
	in := strings.Repeat("\x01", 200)
	for i := 0; i < 3; i++ {
		if got := Helper(strings.NewReader(in)); got != 128+3 {
			t.Fatalf("Helper = %d, want 131", got)
		}
	}
}
