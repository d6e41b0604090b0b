package old

import (
	"strings"
	"testing"
)

func TestHead(t *testing.T) {
	if Head(strings.NewReader(strings.Repeat("a", 100))) != 64 || Count([]int{1, 2, 2}) != 2 {
		t.Fatal("wrong results")
	}
}
