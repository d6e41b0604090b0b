package conf

import (
	"bytes"
	"testing"
)

func TestFieldsPanicsWhereTheOriginalDoes(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Fields: the Elem() on a struct must panic")
		}
	}()
	Fields(Conf{Name: "n", Port: 1, token: "t"}, Conf{Name: "x"}, bytes.Buffer{})
}

func TestSecret(t *testing.T) {
	if _, panicked := Secret(Conf{token: "t"}); !panicked {
		t.Fatal("Secret: want the reflect panic")
	}
}

func TestWalk(t *testing.T) {
	if n := Walk(Conf{Name: "ab", token: "c"}); n < 6 {
		t.Fatalf("Walk = %d", n)
	}
}
