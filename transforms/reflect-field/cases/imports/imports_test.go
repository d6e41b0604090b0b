package imports

import "testing"

func TestImports(t *testing.T) {
	p := Pair{Left: "l", Right: 3}
	k, l := KindOf(p)
	if LeftOf(p) != "l" || RightOf(p) != "3" || k.String() != "struct" || l != "l" || Dotted(p) != "l" {
		t.Fatal("imports")
	}
}
