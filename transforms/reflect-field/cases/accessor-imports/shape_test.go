package shape

import "testing"

func TestReads(t *testing.T) {
	s := &Shape{Sides: 3, Name: "tri"}
	if Get(s, "Name").(string) != "tri" || Sides(*s) != 3 || Mine() != "mine" {
		t.Fatal("wrong reads")
	}
}
