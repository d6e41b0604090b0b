package shop

import "testing"

func TestRoutes(t *testing.T) {
	o := Order{
		Line:  Item{SKU: "O"},
		Items: []Item{{SKU: "s1"}},
		ByKey: map[string]Item{"k": {SKU: "m1"}},
		Grid:  [2]Item{{SKU: "g1"}, {SKU: "g2"}},
		Ref:   &Item{SKU: "R"},
	}
	got := Routes(o, Item{SKU: "Q"})
	want := "[Q D C A N L P O R F  P s1 k m1 g1 g2]"
	if got != want {
		t.Fatalf("Routes = %q, want %q", got, want)
	}
	it := Item{SKU: "x"}
	it.SetPrice(12)
	if it.Price != 12 || it.Label() != "x" {
		t.Fatalf("methods: %+v", it)
	}
}
