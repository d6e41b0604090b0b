package account

import "testing"

func TestUpdate(t *testing.T) {
	var a Account
	Update(&a, "ann", 1<<40+5, 1<<33+9, 1.5)
	want := Account{Owner: "ann", Balance: 1<<40 + 5, Level: 5, Count: 9, Rate: 1.5, Active: true}
	if a != want {
		t.Fatalf("Update: got %+v, want %+v", a, want)
	}
	if r := Reset(); r.Level != -7 || r.Owner != "nobody" {
		t.Fatalf("Reset: got %+v", r)
	}
}

func TestUnsafePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Unsafe: want a panic")
		}
	}()
	Unsafe(&Account{}, Account{})
}

func TestShadowed(t *testing.T) {
	var a Account
	Shadowed(&a, 4)
	if a.Level != 5 {
		t.Fatalf("Shadowed: Level %d, want 5", a.Level)
	}
}
