package buf

import (
	"bytes"
	"crypto/sha256"
	"strings"
	"testing"
)

func TestChecksum(t *testing.T) {
	in := strings.Repeat("gomapfix", 2000)
	for i := 0; i < 3; i++ {
		got, err := Checksum(strings.NewReader(in), sha256.New())
		if err != nil {
			t.Fatal(err)
		}
		want := sha256.Sum256([]byte(in))
		if !bytes.Equal(got, want[:]) {
			t.Fatalf("checksum %x, want %x", got, want)
		}
	}
}

func TestDigest(t *testing.T) {
	a := Digest(sha256.New(), 1)
	for i := 0; i < 3; i++ {
		if b := Digest(sha256.New(), 1); a != b {
			t.Fatalf("digest changed between calls: %d then %d", a, b)
		}
	}
	var rec [64]byte
	rec[7] = 1
	want := sha256.Sum256(rec[:])
	if a != want[0] {
		t.Fatalf("digest %d, want %d", a, want[0])
	}
}

func TestFrame(t *testing.T) {
	for _, p := range []string{"hello", "", "a longer payload"} {
		var w bytes.Buffer
		if err := Frame(&w, []byte(p)); err != nil {
			t.Fatal(err)
		}
		if got := w.String()[4:]; got != p || int(w.Bytes()[0]) != len(p) {
			t.Fatalf("frame %q for %q", w.Bytes(), p)
		}
	}
}

func TestBigAndSum8(t *testing.T) {
	for i := 0; i < 2; i++ {
		if got := Big([]byte{0, 0, 1}); got != 2 {
			t.Fatalf("Big = %d, want 2 (a stale pooled array?)", got)
		}
	}
	if got := Sum8([]byte{1, 2, 3}); got != 6 {
		t.Fatalf("Sum8 = %d", got)
	}
}
