package reader

import (
	"bytes"
	"testing"
)

func TestFirst(t *testing.T) {
	b, err := First(bytes.NewReader(bytes.Repeat([]byte{9}, 64)))
	if b != 9 || err != nil || sync != 1 {
		t.Fatalf("First = %d, %v (sync %d); want 9, nil, 1", b, err, sync)
	}
}
