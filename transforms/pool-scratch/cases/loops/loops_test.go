package loops

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

func TestCopyAll(t *testing.T) {
	var w bytes.Buffer
	long := strings.Repeat("x", 1000)
	n, err := CopyAll(&w, []io.Reader{strings.NewReader(long), strings.NewReader("end")})
	if err != nil || n != 1003 || w.String() != long+"end" {
		t.Fatalf("CopyAll = %d, %v, %q", n, err, w.String())
	}
}

func TestNested(t *testing.T) {
	rs := [][]io.Reader{
		{strings.NewReader(strings.Repeat("a", 20)), strings.NewReader("short"), strings.NewReader(strings.Repeat("b", 16))},
		{strings.NewReader(strings.Repeat("c", 16))},
	}
	if got := Nested(rs); got != 16+5+16 {
		t.Fatalf("Nested = %d", got)
	}
}

func TestLastAndDeferred(t *testing.T) {
	got := Last([]io.Reader{strings.NewReader("first"), strings.NewReader("second")})
	if string(got) != "second" {
		t.Fatalf("Last = %q", got)
	}
	var w bytes.Buffer
	Deferred(&w, []io.Reader{strings.NewReader("one"), strings.NewReader("two")})
	if w.String() != "twoone" {
		t.Fatalf("Deferred wrote %q", w.String())
	}
}

func TestCommented(t *testing.T) {
	if got := Commented([]io.Reader{strings.NewReader("0123456789"), strings.NewReader("ab")}); got != 10 {
		t.Fatalf("Commented = %d, want 10", got)
	}
}

func TestShrinksPartialShadowed(t *testing.T) {
	rs := func() []io.Reader {
		return []io.Reader{strings.NewReader("abcdefgh"), strings.NewReader("ab"), strings.NewReader("abcdef")}
	}
	if got := Shrinks(rs()); got != 16 {
		t.Fatalf("Shrinks = %d", got)
	}
	if got := Partial(rs()); got != 4+120+2+120+4+120 {
		t.Fatalf("Partial = %d", got)
	}
	if got := Shadowed(rs(), make([]byte, 3)); got != 9+8+2+6 {
		t.Fatalf("Shadowed = %d", got)
	}
}

func TestReadOnce(t *testing.T) {
	if got := ReadTail(strings.NewReader("abc"), 3); got != 2+3+'a' {
		t.Fatalf("ReadTail = %d", got)
	}
	if got := ReadTail(strings.NewReader("abc"), 0); got != 0 {
		t.Fatalf("ReadTail = %d", got)
	}
	if got := FirstRead([]io.Reader{nil, strings.NewReader("xy")}); got != 2+'x' {
		t.Fatalf("FirstRead = %d", got)
	}
}

func TestTiny(t *testing.T) {
	if got := Tiny(strings.NewReader("abcd")); got != 4+'d' {
		t.Fatalf("Tiny = %d", got)
	}
}
