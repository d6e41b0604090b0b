package shape

import "testing"

func TestShape(t *testing.T) {
	if Get(Shape{Sides: 3}, "Sides").(int) != 3 || GetBox(&Box{Width: 2}, "Width").(int) != 2 || Sides(Shape{Sides: 4}) != 4 {
		t.Fatal("shape")
	}
}
