package node

import "testing"

func TestRead(t *testing.T) {
	n := Node{Base: Base{meta: meta{Version: 2, Owner: "o"}, ID: 5, Name: "inner"}, Name: "outer", Color: "red"}
	id, name, owner, sum, color := Read(n)
	if id != 5 || name != "outer" || owner != "o" || sum != 7 || color != "red" {
		t.Fatalf("Read = %v %v %v %v %v", id, name, owner, sum, color)
	}
	n.Link = &Link{Next: "x"}
	if Next(n) != "x" {
		t.Fatal("Next")
	}
}
