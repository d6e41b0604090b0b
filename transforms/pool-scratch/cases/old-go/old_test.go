package old

import (
	"io"
	"strings"
	"testing"
)

func TestHead(t *testing.T) {
	if Head(strings.NewReader(strings.Repeat("a", 100))) != 64 || Count([]int{1, 2, 2}) != 2 {
		t.Fatal("wrong results")
	}
	if Chunks([]io.Reader{strings.NewReader("abc"), strings.NewReader("d")}) != 3 {
		t.Fatal("Chunks")
	}
}
