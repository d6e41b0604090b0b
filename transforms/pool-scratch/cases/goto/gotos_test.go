package gotos

import (
	"bytes"
	"strings"
	"testing"
)

func TestForward(t *testing.T) {
	in := bytes.Repeat([]byte{7}, 64)
	if n, err := Forward(bytes.NewReader(in)); n != 71 || err != nil {
		t.Fatalf("Forward = %d, %v; want 71, nil", n, err)
	}
	if n, err := Forward(strings.NewReader("short")); n != 0 || err == nil {
		t.Fatalf("Forward(short) = %d, %v; want 0 and an error", n, err)
	}
}

func TestRetry(t *testing.T) {
	if got := Retry(strings.NewReader("short")); got != 3 {
		t.Fatalf("Retry = %d, want 3", got)
	}
}
